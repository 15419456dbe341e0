/*
 * tests/replay/test_dataless.c: a data-less replay (no page bytes) counts
 * and charges exactly what a replay with the bytes does (docs/machine.md,
 * "Data-less replay"), for every policy of pager/policies.c, on every
 * shipped trace (traces/, traces/real/) with its golden configuration and
 * on random traces with `map file` names in every state a name page can be.
 *
 * A `r ADDR "TEXT"` needs the bytes, so each trace is first written again
 * with its text reads made plain reads of the same length (the same pieces,
 * faults and expectations); the run with the bytes keeps the shadow on, so
 * it also checks every byte read. The two reports (--json) must be equal
 * byte for byte.
 *
 * Arguments: SOURCE_ROOT [REAL_EVENTS]: the real traces are cut after
 * REAL_EVENTS events (default 20,000: the quick variant of the ASan
 * build; a build without sanitizers passes 500,000; under valgrind,
 * MMUSIM_UNDER_VALGRIND set by the test setup, at most 5,000).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "policy.h"
#include "report.h"
#include "run.h"
#include "tmpdir.h"
#include "trace_open.h"
#include "trace_text_writer.h"

static const char *source_root = ".";
static uint64_t real_events = 20000;

struct fixture {
	char dir[64];
	char err[1024];
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	tmpdir_make(fx->dir, sizeof fx->dir, "dataless");
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	tmpdir_remove(fx->dir);
	free(fx);
	return 0;
}

/* dir/name: the trace at `from` (any format mmusim reads), its text reads
 * made plain reads, at most `limit` events (0: all). */
static void rewrite(const char *from, const char *dir, const char *name, uint64_t limit)
{
	char err[1024], out_path[256];
	struct event_source *src = trace_open(from, TRACE_AUTO, 65536, 0x600000000, err, sizeof err);
	if (!src)
		fail_msg("%s", err);
	snprintf(out_path, sizeof out_path, "%s/%s", dir, name);
	FILE *out = fopen(out_path, "w");
	assert_non_null(out);
	struct trace_event batch[256];
	char *line = NULL;
	size_t line_cap = 0;
	uint64_t written = 0;
	int n;
	while ((n = src->fill(src, batch, 256, err, sizeof err)) > 0) {
		for (int i = 0; i < n && (!limit || written < limit); i++, written++) {
			struct trace_event ev = batch[i];
			if (ev.op == EV_READ_TEXT) {
				ev.op = EV_READ;
				ev.text = NULL;
			}
			size_t need = trace_write_line_max(&ev) + 1;
			if (need > line_cap) {
				line = realloc(line, need);
				line_cap = need;
			}
			size_t len = trace_write_line(line, &ev);
			line[len] = '\n';
			assert_int_equal(fwrite(line, 1, len + 1, out), len + 1);
		}
		if (limit && written >= limit)
			break;
	}
	if (n < 0)
		fail_msg("%s", err);
	src->close(src);
	free(line);
	assert_int_equal(fclose(out), 0);
}

/* Copy a data file of the source tree beside the rewritten traces. */
static void copy_data(const char *dir, const char *from, const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", source_root, from);
	char *text = tmpdir_slurp(path, NULL);
	tmpdir_put(dir, name, text);
	free(text);
}

static void load_config(struct mmusim_config *c, const char *file, const char *const *sets,
			int set_count)
{
	char path[512], err[1024];
	snprintf(path, sizeof path, "%s/configs/%s", source_root, file);
	config_defaults(c);
	if (config_load(c, path, sets, set_count, err, sizeof err) != 0)
		fail_msg("%s", err);
}

/* The report of one run, as --json prints it; NULL when it failed (the
 * message in err). */
static char *report_of(const struct mmusim_config *c, const char *trace, enum run_data data,
		       bool shadow, char *err, size_t err_len)
{
	struct run_options opt;
	run_options_default(&opt);
	opt.shadow = shadow;
	opt.data = data;
	struct run_result res;
	if (run_trace(c, trace, &opt, &res, err, err_len) != 0)
		return NULL;
	return report_json(&res);
}

/* The outcome of one run: its report, or its exit status and message
 * (a random trace may end in a trace error, the same either way). */
static char *outcome_of(const struct mmusim_config *c, const char *trace, enum run_data data,
			bool shadow, char *err, size_t err_len)
{
	struct run_options opt;
	run_options_default(&opt);
	opt.shadow = shadow;
	opt.data = data;
	struct run_result res;
	int code = run_trace(c, trace, &opt, &res, err, err_len);
	if (code == 0)
		return report_json(&res);
	char *text = NULL;
	assert_true(asprintf(&text, "exit %d: %s", code, err) > 0);
	return text;
}

/*
 * Under every policy: the report with the bytes (shadow on) equals the
 * data-less one, strict (RUN_DATA_NONE) and automatic (no shadow). When
 * `strict_may_stop`, a strict run may instead stop because the trace
 * needed bytes it did not keep (random names over unkept bytes).
 */
static unsigned stops;    /* strict runs that stopped for want of bytes */
static unsigned complete; /* strict runs that gave a report */
static unsigned errors;   /* strict runs that ended in another error */

static void assert_same_everywhere(struct fixture *fx, struct mmusim_config base,
				   const char *trace, bool strict_may_stop)
{
	for (size_t i = 0; policy_table[i]; i++) {
		struct mmusim_config c = base;
		snprintf(c.policy, sizeof c.policy, "%s", policy_table[i]->name);
		char *with = (strict_may_stop ? outcome_of : report_of)(
			&c, trace, RUN_DATA_KEEP, true, fx->err, sizeof fx->err);
		if (!with)
			fail_msg("%s under %s, with data: %s", trace, c.policy, fx->err);
		char *none = (strict_may_stop ? outcome_of : report_of)(
			&c, trace, RUN_DATA_NONE, false, fx->err, sizeof fx->err);
		if (!none)
			fail_msg("%s under %s, data-less: %s", trace, c.policy, fx->err);
		bool stopped = strict_may_stop && strncmp(none, "exit 2: ", 8) == 0 &&
			       strstr(none, "this replay is data-less");
		if (!stopped && strcmp(with, none) != 0)
			fail_msg("%s under %s: data-less outcome differs:\n%s\n--- with data:\n%s",
				 trace, c.policy, none, with);
		if (stopped)
			stops++;
		else if (strncmp(none, "exit ", 5) != 0)
			complete++;
		else
			errors++;
		char *autom = (strict_may_stop ? outcome_of : report_of)(
			&c, trace, RUN_DATA_AUTO, false, fx->err, sizeof fx->err);
		if (!autom)
			fail_msg("%s under %s, automatic: %s", trace, c.policy, fx->err);
		if (strcmp(with, autom) != 0)
			fail_msg("%s under %s: automatic outcome differs:\n%s\n--- with data:\n%s",
				 trace, c.policy, autom, with);
		free(with);
		free(none);
		free(autom);
	}
}

/* The shipped demo traces with their golden configurations
 * (tests/golden/meson.build). */
static void test_shipped_traces(void **state)
{
	struct fixture *fx = *state;
	static const struct {
		const char *trace, *config, *set;
	} cases[] = {
		{"demand-paging", "default.json", NULL}, {"fork-cow", "default.json", NULL},
		{"shared-files", "default.json", NULL}, {"exhaustion", "tiny.json", NULL},
		{"invalid", "default.json", NULL},       {"thrashing", "default.json", NULL},
		{"belady", "fifo-4.json", "memory_pages=4"},
		{"belady", "fifo-4.json", "memory_pages=5"},
	};
	copy_data(fx->dir, "traces/shared-files.data", "shared-files.data");
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		char from[512], path[512];
		snprintf(from, sizeof from, "%s/traces/%s.trace", source_root, cases[k].trace);
		char name[64]; /* its own name: exhaustion.trace maps itself */
		snprintf(name, sizeof name, "%s.trace", cases[k].trace);
		rewrite(from, fx->dir, name, 0);
		snprintf(path, sizeof path, "%s/%s", fx->dir, name);
		struct mmusim_config c;
		load_config(&c, cases[k].config, &cases[k].set, cases[k].set ? 1 : 0);
		assert_same_everywhere(fx, c, path, false);
	}
}

/* The real programs' traces (imported lackey logs: a name page, the data
 * file pages.bin), in 8 and 40 frames. */
static void test_real_traces(void **state)
{
	struct fixture *fx = *state;
	static const char *const names[] = {"sort", "gzip", "python3", "sqlite3"};
	copy_data(fx->dir, "traces/real/pages.bin", "pages.bin");
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		char from[512], path[512];
		snprintf(from, sizeof from, "%s/traces/real/%s.trace.zst", source_root, names[k]);
		rewrite(from, fx->dir, "t.trace", real_events);
		snprintf(path, sizeof path, "%s/t.trace", fx->dir);
		const char *sets[] = {k % 2 ? "memory_pages=40" : "memory_pages=8",
				      k >= 2 ? "ref_bits=\"hardware\"" : "ref_bits=\"software\""};
		struct mmusim_config c;
		load_config(&c, "default.json", sets, 2);
		assert_same_everywhere(fx, c, path, false);
	}
}

/* ---- random traces ------------------------------------------------------- */

static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

#define ARENA 0x600000000ull
#define PAGE 4096u
#define PIDS 3

/* A process's pages: 6 swap pages (page 0 holds the names "a.bin" at
 * offset 0 and "b.bin" at 16), then 3 file pages (a.bin 0, b.bin 1 and 2). */
static void setup_process(FILE *f, int pid, bool first)
{
	if (!first)
		fprintf(f, "start %d\nswitch %d\n", pid, pid);
	for (int i = 0; i < 6; i++)
		fprintf(f, "map swap\n");
	fprintf(f, "w 0x%llx \"a.bin\"\nw 0x%llx \"b.bin\"\n", ARENA, ARENA + 16);
	fprintf(f, "map file 0x%llx 0\nmap file 0x%llx 1\nmap file 0x%llx 2\n",
		ARENA, ARENA + 16, ARENA + 16);
}

/*
 * A random trace in tiny.json's machine (4 KiB pages, 3 frames, 16 arena
 * pages; 64 swap blocks): processes start, fork, switch and exit; loads
 * and stores of 1 to 6,000 bytes across their 9 pages, some over the
 * names (a later map of that name then reads a plain store's bytes);
 * names written anywhere, some mapped at once (from a page of unkept
 * bytes, a strict data-less run stops there).
 */
static void random_trace(const char *path, uint64_t seed, unsigned events)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	uint64_t s = seed * 2654435761u + 1;
	bool alive[PIDS + 1] = {false};
	int current = 1;
	fprintf(f, "start 1\n");
	alive[1] = true;
	setup_process(f, 1, true);
	for (unsigned i = 0; i < events; i++) {
		uint64_t page = next(&s) % 9;
		uint64_t va = ARENA + page * PAGE + (next(&s) % 8 ? next(&s) % PAGE : next(&s) % 24);
		uint64_t room = ARENA + 9 * PAGE - va; /* never past the 9 pages */
		switch (next(&s) % 32) {
		case 0: /* a map of a name on page 0: kept, or overwritten since */
			fprintf(f, "map file 0x%llx %" PRIu64 "\n",
				ARENA + (next(&s) % 2) * 16, next(&s) % 4);
			break;
		case 1: {
			int child = 1 + (int)(next(&s) % PIDS);
			if (!alive[child]) {
				fprintf(f, "fork %d %d\n", current, child);
				alive[child] = true;
			}
			break;
		}
		case 2:
		case 3: {
			int to = 1 + (int)(next(&s) % PIDS);
			if (alive[to]) {
				fprintf(f, "switch %d\n", to);
				current = to;
			}
			break;
		}
		case 4:
			fprintf(f, "exit\n");
			setup_process(f, current, false);
			break;
		case 5: /* a name anywhere, maybe on a page of unkept bytes */
			if (room <= 6)
				va -= 6;
			fprintf(f, "w 0x%" PRIx64 " \"%s\"\n", va, next(&s) % 2 ? "a.bin" : "b.bin");
			if (next(&s) % 16 == 0)
				fprintf(f, "map file 0x%" PRIx64 " %" PRIu64 "\n", va, next(&s) % 4);
			break;
		default:
		{
			uint64_t size = 1 + next(&s) % (next(&s) % 4 ? 64 : 6000);
			fprintf(f, "%c 0x%" PRIx64 " %" PRIu64 "\n", next(&s) % 2 ? 'r' : 'w', va,
				size < room ? size : room);
		}
			break;
		}
	}
	assert_int_equal(fclose(f), 0);
}

/* Random traces: a killed process stops only itself; the next `switch`
 * or `start` goes on (a trace error is avoided by restarting). */
static void test_random_traces(void **state)
{
	struct fixture *fx = *state;
	tmpdir_put(fx->dir, "a.bin", "b.bin\nsome bytes of a file");
	char big[PAGE * 2 + 1];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = 0;
	tmpdir_put(fx->dir, "b.bin", big);
	char path[256];
	snprintf(path, sizeof path, "%s/r.trace", fx->dir);
	stops = complete = errors = 0;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		random_trace(path, seed, 400);
		struct mmusim_config c;
		const char *sets[] = {seed % 2 ? "ref_bits=\"hardware\"" : "ref_bits=\"software\"",
				      "swap_blocks=64"}; /* every fork succeeds */
		load_config(&c, "tiny.json", sets, 2);
		assert_same_everywhere(fx, c, path, true);
	}
	/* both ways were taken: names kept and names in unkept bytes */
	fprintf(stderr, "random: %u strict runs complete, %u stopped for bytes, %u trace errors\n",
		complete, stops, errors);
	assert_true(complete > 0);
	assert_true(stops > 0);
	assert_int_equal(errors, 0); /* every random trace replays to its end */
}

/* A text read needs the bytes: --no-data stops (exit 2) and says why. */
static void test_text_read_needs_data(void **state)
{
	struct fixture *fx = *state;
	tmpdir_put(fx->dir, "t.trace", "start 1\nmap swap\nw 0x600000000 \"hi\"\n"
				       "r 0x600000000 \"hi\"\n");
	char path[256];
	snprintf(path, sizeof path, "%s/t.trace", fx->dir);
	struct mmusim_config c;
	load_config(&c, "tiny.json", NULL, 0);
	struct run_options opt;
	run_options_default(&opt);
	opt.shadow = false;
	opt.data = RUN_DATA_NONE;
	struct run_result res;
	assert_int_equal(run_trace(&c, path, &opt, &res, fx->err, sizeof fx->err), 2);
	assert_non_null(strstr(fx->err, "t.trace:4: `r ADDR \"TEXT\"` compares the bytes read"));
	opt.data = RUN_DATA_AUTO; /* replayed again with the bytes */
	assert_int_equal(run_trace(&c, path, &opt, &res, fx->err, sizeof fx->err), 0);
	assert_int_equal(res.writes + res.reads, 2);
}

/* A name written by a plain store is not kept: the strict run stops at
 * the map, the automatic one gives the report with the bytes. */
static void test_name_in_unkept_bytes(void **state)
{
	struct fixture *fx = *state;
	tmpdir_put(fx->dir, "t.trace", "start 1\nmap swap\nw 0x600000000 8\n"
				       "map file 0x600000000 0\n");
	char path[256];
	snprintf(path, sizeof path, "%s/t.trace", fx->dir);
	struct mmusim_config c;
	load_config(&c, "tiny.json", NULL, 0);
	char *none = report_of(&c, path, RUN_DATA_NONE, false, fx->err, sizeof fx->err);
	assert_null(none);
	assert_non_null(strstr(fx->err, "t.trace:4: the pager read a `map file` name from bytes"));
	char *with = report_of(&c, path, RUN_DATA_KEEP, true, fx->err, sizeof fx->err);
	char *autom = report_of(&c, path, RUN_DATA_AUTO, false, fx->err, sizeof fx->err);
	assert_non_null(with);
	assert_non_null(autom);
	assert_string_equal(with, autom);
	free(with);
	free(autom);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		source_root = argv[1];
	if (argc > 2)
		real_events = strtoull(argv[2], NULL, 10);
	if (getenv("MMUSIM_UNDER_VALGRIND") && real_events > 5000)
		real_events = 5000; /* the valgrind setup (meson.build) */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_text_read_needs_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_name_in_unkept_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shipped_traces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_traces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_real_traces, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
