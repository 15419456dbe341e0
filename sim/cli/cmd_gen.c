/*
 * sim/cli/cmd_gen.c: `mmusim gen`: reference strings for homework, random
 * (uniform, Zipf, a loop, working-set phases) or given, as a question or
 * with its answers (the per-reference table of run --steps), and as a
 * trace that carries its own configuration (docs/steps.md).
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic_file.h"
#include "cli_options.h"
#include "config.h"
#include "run.h"
#include "steps.h"
#include "trace_header.h"

int cmd_gen(int argc, char **argv);

static const char usage_text[] =
	"usage: mmusim gen [--shape uniform|zipf|loop|phases | --string LIST]\n"
	"                  [--pages N] [--length N] [--seed N] [--skew S]\n"
	"                  [--working-set N] [--phase-length N]\n"
	"                  [--policy NAME] [--frames N] [--trace FILE]\n"
	"                  [--answers | --no-answers]\n"
	"\n"
	"Make a page reference string for homework and print it as a question\n"
	"(the default) or with its answers: for each reference hit or miss, the\n"
	"victim, the resident pages in the policy's order (as run --steps).\n"
	"With --trace, also write it as a trace that carries its configuration\n"
	"(memory_pages, policy: docs/trace.md), so `mmusim run FILE --steps`\n"
	"prints the answers and `mmusim viz FILE` shows them.\n"
	"\n"
	"  --shape SHAPE      uniform: every page alike (default); zipf: page\n"
	"                     popularity falls as 1/rank^S; loop: 0 1 .. N-1 over\n"
	"                     and over; phases: phases of --phase-length references\n"
	"                     to a random working set of --working-set pages\n"
	"  --string LIST      the references themselves: page numbers separated\n"
	"                     by commas or spaces (e.g. 7,0,1,2,0,3)\n"
	"  --pages N          pages 0..N-1 (default 8, at most 4096)\n"
	"  --length N         references (default 20, at most 1000000)\n"
	"  --seed N           the random choice (default 1): same seed, same string\n"
	"  --skew S           Zipf's exponent (default 1.0)\n"
	"  --working-set N    pages per phase (default pages/4, at least 2)\n"
	"  --phase-length N   references per phase (default length/4, at least 1)\n"
	"  --policy NAME      the replacement policy asked about (default fifo)\n"
	"  --frames N         usable frames, besides the zero page (default 3)\n"
	"  --trace FILE       write the trace there (\"-\": standard output, and\n"
	"                     then nothing else is printed)\n"
	"  --answers          print the per-reference table too\n"
	"  --no-answers       print the question only (the default)\n"
	"  --help             this text\n"
	"\n"
	"Exit status: 0 ok; 2 bad input (an option, a policy, a file that cannot\n"
	"be written).\n";

enum shape { SHAPE_UNIFORM, SHAPE_ZIPF, SHAPE_LOOP, SHAPE_PHASES, SHAPE_STRING };

struct gen_args {
	enum shape shape;
	const char *string, *trace, *policy;
	uint64_t pages, length, seed, working_set, phase_length, frames;
	double skew;
	bool answers, help;
	char shape_name[16];
};

#define MAX_PAGES 4096
#define MAX_LENGTH 1000000

/* splitmix64: small, good enough for homework, the same everywhere. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static uint64_t below(uint64_t *state, uint64_t n)
{
	return (uint64_t)((double)(next_random(state) >> 11) * 0x1p-53 * (double)n);
}

static int parse_string(const char *list, uint64_t **refs, uint64_t *count, uint64_t *pages)
{
	size_t cap = strlen(list) / 2 + 1, n = 0;
	uint64_t *r = malloc(cap * sizeof *r), top = 0;
	const char *p = list;
	while (r && *p) {
		while (*p == ',' || *p == ' ')
			p++;
		if (!*p)
			break;
		char *end;
		errno = 0;
		unsigned long long v = strtoull(p, &end, 10);
		if (end == p || errno || v >= MAX_PAGES || *p == '-' || *p == '+' ||
		    (*end && *end != ',' && *end != ' ')) {
			fprintf(stderr, "mmusim gen: --string: '%.20s' is not a page number "
				"from 0 to %d\n", p, MAX_PAGES - 1);
			free(r);
			return -1;
		}
		r[n++] = v;
		top = v + 1 > top ? v + 1 : top;
		p = end;
	}
	if (!r || n == 0) {
		fprintf(stderr, "mmusim gen: --string needs page numbers\n");
		free(r);
		return -1;
	}
	*refs = r;
	*count = n;
	*pages = top;
	return 0;
}

static uint64_t *generate(const struct gen_args *a)
{
	uint64_t *r = malloc(a->length * sizeof *r), state = a->seed;
	double *cdf = NULL;
	uint64_t *set = NULL, *rank = NULL;
	if (!r)
		return NULL;
	if (a->shape == SHAPE_ZIPF) {
		cdf = malloc(a->pages * sizeof *cdf);
		rank = malloc(a->pages * sizeof *rank);
		if (!cdf || !rank)
			goto fail;
		double sum = 0;
		for (uint64_t i = 0; i < a->pages; i++) {
			sum += 1.0 / pow((double)(i + 1), a->skew);
			cdf[i] = sum;
			rank[i] = i;
		}
		for (uint64_t i = a->pages - 1; i > 0; i--) { /* who is popular: by seed */
			uint64_t j = below(&state, i + 1), t = rank[i];
			rank[i] = rank[j];
			rank[j] = t;
		}
		for (uint64_t i = 0; i < a->pages; i++)
			cdf[i] /= sum;
	}
	if (a->shape == SHAPE_PHASES && !(set = malloc(a->pages * sizeof *set)))
		goto fail;
	for (uint64_t k = 0; k < a->length; k++) {
		switch (a->shape) {
		case SHAPE_UNIFORM:
			r[k] = below(&state, a->pages);
			break;
		case SHAPE_LOOP:
			r[k] = k % a->pages;
			break;
		case SHAPE_ZIPF: {
			double u = (double)(next_random(&state) >> 11) * 0x1p-53;
			uint64_t i = 0;
			while (i + 1 < a->pages && cdf[i] < u)
				i++;
			r[k] = rank[i];
			break;
		}
		case SHAPE_PHASES:
			if (k % a->phase_length == 0) { /* a new working set */
				for (uint64_t i = 0; i < a->pages; i++)
					set[i] = i;
				for (uint64_t i = 0; i < a->working_set; i++) {
					uint64_t j = i + below(&state, a->pages - i), t = set[i];
					set[i] = set[j];
					set[j] = t;
				}
			}
			r[k] = set[below(&state, a->working_set)];
			break;
		case SHAPE_STRING:
			break;
		}
	}
	free(cdf);
	free(rank);
	free(set);
	return r;
fail:
	free(cdf);
	free(rank);
	free(set);
	free(r);
	return NULL;
}

struct trace_text {
	const struct gen_args *a;
	const uint64_t *refs;
	uint64_t count, pages;
	const struct mmusim_config *config;
	const char *const *sets;
	int set_count;
};

static int write_trace(FILE *out, void *ctx)
{
	const struct trace_text *t = ctx;
	fprintf(out, "# A page reference string made by mmusim gen (docs/steps.md):\n"
		"# page N is arena page N of process 1; every reference is a write, so\n"
		"# each miss takes a frame. The configuration it was made for:\n");
	for (int i = 0; i < t->set_count; i++)
		fprintf(out, "%s%s\n", TRACE_HEADER_SET, t->sets[i]);
	fprintf(out, "# references:");
	for (uint64_t k = 0; k < t->count; k++)
		fprintf(out, " %" PRIu64, t->refs[k]);
	fprintf(out, "\nstart 1\nswitch 1\n");
	for (uint64_t p = 0; p < t->pages; p++)
		fprintf(out, "map swap\n");
	for (uint64_t k = 0; k < t->count; k++)
		fprintf(out, "w 0x%" PRIx64 " 1\n",
			t->config->arena_base + t->refs[k] * t->config->page_size);
	fprintf(out, "exit\n");
	return ferror(out) ? -1 : 0;
}

static int parse_option(int argc, char **argv, int *i, struct gen_args *a)
{
	const char *arg = argv[*i], *v;
	struct { const char *name; uint64_t *to; uint64_t min, max; } numbers[] = {
		{"--pages", &a->pages, 1, MAX_PAGES},
		{"--length", &a->length, 1, MAX_LENGTH},
		{"--seed", &a->seed, 0, UINT64_MAX},
		{"--working-set", &a->working_set, 1, MAX_PAGES},
		{"--phase-length", &a->phase_length, 1, MAX_LENGTH},
		{"--frames", &a->frames, 1, MAX_PAGES},
	};
	if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
		a->help = true;
		return 0;
	}
	if (strcmp(arg, "--answers") == 0 || strcmp(arg, "--no-answers") == 0) {
		a->answers = arg[2] == 'a';
		return 0;
	}
	for (size_t k = 0; k < sizeof numbers / sizeof numbers[0]; k++) {
		if (!cli_is_option(arg, numbers[k].name))
			continue;
		v = cli_option_value(argc, argv, i, numbers[k].name);
		if (!cli_parse_u64(v, numbers[k].to) || *numbers[k].to < numbers[k].min ||
		    *numbers[k].to > numbers[k].max) {
			fprintf(stderr, "mmusim gen: %s needs a number from %" PRIu64
				" to %" PRIu64 ", not '%s'\n", numbers[k].name,
				numbers[k].min, numbers[k].max, v ? v : "");
			return -1;
		}
		return 0;
	}
	if (cli_is_option(arg, "--shape")) {
		static const char *const names[] = {"uniform", "zipf", "loop", "phases"};
		v = cli_option_value(argc, argv, i, "--shape");
		for (int k = 0; v && k < 4; k++)
			if (strcmp(v, names[k]) == 0) {
				a->shape = (enum shape)k;
				snprintf(a->shape_name, sizeof a->shape_name, "%s", v);
				return 0;
			}
		fprintf(stderr, "mmusim gen: --shape: '%s' is not uniform, zipf, loop or "
			"phases\n", v ? v : "");
		return -1;
	}
	if (cli_is_option(arg, "--skew")) {
		v = cli_option_value(argc, argv, i, "--skew");
		char *end = NULL;
		a->skew = v ? strtod(v, &end) : -1;
		if (!v || !*v || *end || !(a->skew >= 0 && a->skew <= 10)) {
			fprintf(stderr, "mmusim gen: --skew needs a number from 0 to 10, "
				"not '%s'\n", v ? v : "");
			return -1;
		}
		return 0;
	}
	const char **text[] = {&a->string, &a->trace, &a->policy};
	const char *names[] = {"--string", "--trace", "--policy"};
	for (int k = 0; k < 3; k++) {
		if (!cli_is_option(arg, names[k]))
			continue;
		if (!(*text[k] = cli_option_value(argc, argv, i, names[k]))) {
			fprintf(stderr, "mmusim gen: %s needs a value\n", names[k]);
			return -1;
		}
		return 0;
	}
	fprintf(stderr, "mmusim gen: unknown option '%s' (see mmusim gen --help)\n", arg);
	return -1;
}

/* Print the question, and the answers: a run of the trace with --steps. */
static int print_homework(const struct gen_args *a, const struct trace_text *t,
			  const char *trace_path)
{
	printf("References (pages 0..%" PRIu64 ", %s): ", t->pages - 1,
	       a->shape == SHAPE_STRING ? "given" : a->shape_name);
	for (uint64_t k = 0; k < t->count; k++)
		printf("%s%" PRIu64, k ? " " : "", t->refs[k]);
	printf("\nPolicy %s with %" PRIu64 " usable frames (+ the zero page), all "
	       "empty at the start.\n", t->config->policy, a->frames);
	if (!a->answers) {
		printf("For each reference: hit or miss? Which page is evicted? Which "
		       "pages are resident after it?\n(mmusim gen ... --answers prints "
		       "the table.)\n");
		return 0;
	}
	putchar('\n');
	fflush(stdout);
	struct run_options options;
	run_options_default(&options);
	char err[1024];
	int code = steps_run(t->config, trace_path, &options, stdout, err, sizeof err);
	if (code != 0)
		fprintf(stderr, "mmusim gen: %s\n", err);
	return code ? 2 : 0;
}

static int gen(struct gen_args *a)
{
	uint64_t *refs = NULL, count = a->length, pages = a->pages;
	if (a->string) {
		if (parse_string(a->string, &refs, &count, &pages) != 0)
			return 2;
		a->shape = SHAPE_STRING;
	} else {
		if (!a->working_set)
			a->working_set = pages / 4 < 2 ? 2 : pages / 4;
		if (a->working_set > pages)
			a->working_set = pages;
		if (!a->phase_length)
			a->phase_length = count / 4 ? count / 4 : 1;
		if (!(refs = generate(a))) {
			fprintf(stderr, "mmusim gen: out of memory\n");
			return 2;
		}
	}
	/* The configuration the question is about, and the trace's header. */
	char sets_text[5][64];
	uint64_t blocks = pages > 8 ? pages : 8;
	snprintf(sets_text[0], sizeof sets_text[0], "memory_pages=%" PRIu64, a->frames + 1);
	snprintf(sets_text[1], sizeof sets_text[1], "policy=%s", a->policy);
	snprintf(sets_text[2], sizeof sets_text[2], "swap_blocks=%" PRIu64, blocks);
	snprintf(sets_text[3], sizeof sets_text[3], "arena_pages=%" PRIu64,
		 pages > 256 ? pages : 256);
	const char *sets[4] = {sets_text[0], sets_text[1], sets_text[2], sets_text[3]};
	int set_count = pages > 256 ? 4 : 3;
	struct mmusim_config config;
	config_defaults(&config);
	char err[1200];
	int code = 0;
	if (config_load(&config, NULL, sets, set_count, err, sizeof err) != 0) {
		fprintf(stderr, "mmusim gen: %s\n", err);
		free(refs);
		return 2;
	}
	struct trace_text t = {a, refs, count, pages, &config, sets, set_count};
	char tmp[] = "/tmp/mmusim-gen-XXXXXX";
	const char *path = a->trace;
	if (a->trace) {
		if (atomic_file_write(a->trace, write_trace, &t, err, sizeof err) != 0) {
			fprintf(stderr, "mmusim gen: %s\n", err);
			code = 2;
		}
	} else if (a->answers) { /* the answers come from a run of the trace */
		int fd = mkstemp(tmp);
		FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (!f || write_trace(f, &t) != 0 || fclose(f) != 0) {
			fprintf(stderr, "mmusim gen: cannot write a temporary trace in /tmp\n");
			code = 2;
		}
		path = tmp;
	}
	if (code == 0 && !(a->trace && strcmp(a->trace, "-") == 0))
		code = print_homework(a, &t, path);
	if (!a->trace && a->answers)
		unlink(tmp);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "mmusim gen: cannot write standard output\n");
		code = 2;
	}
	free(refs);
	return code;
}

int cmd_gen(int argc, char **argv)
{
	struct gen_args a = {.pages = 8, .length = 20, .seed = 1, .frames = 3,
			     .skew = 1.0, .policy = "fifo", .shape_name = "uniform"};
	for (int i = 1; i < argc; i++)
		if (parse_option(argc, argv, &i, &a) != 0)
			return 2;
	if (a.help) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (a.trace && strcmp(a.trace, "-") == 0 && a.answers) {
		fprintf(stderr, "mmusim gen: --trace - writes only the trace; --answers "
			"needs the terminal\n");
		return 2;
	}
	return gen(&a);
}
