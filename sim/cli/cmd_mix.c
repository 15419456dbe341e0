/*
 * sim/cli/cmd_mix.c: `mmusim mix T1 T2 ... --quantum N [-o OUT]`: interleave
 * single-process traces into one multiprogrammed trace (sim/trace/import/mix.h).
 */
#include "event_sink.h"
#include "import.h"
#include "import_cli.h"
#include "mix.h"
#include "trace_open.h"
#include "trace_output.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_mix(int argc, char **argv);

enum { EXIT_OK = 0, EXIT_BAD_INPUT = 2, MESSAGE_MAX = 1024 };

static void usage(FILE *out)
{
	fprintf(out,
		"usage: mmusim mix TRACE... --quantum N [-o OUT] [--to text|binary] [options]\n"
		"\n"
		"Interleave single-process traces into one multiprogrammed trace: trace i\n"
		"becomes process i (from 1); they take turns of N accesses, round-robin,\n"
		"with a switch event at each change of process; a process exits when its\n"
		"trace ends, and the others go on. OUT (default: standard output) is text,\n"
		"or binary by --to or a .btrace name; .gz and .zst compress. Map file\n"
		"names stay relative, so write OUT beside the inputs' data files.\n"
		"\n"
		"  --quantum N       accesses per turn (at least 1)\n"
		"  -o, --output OUT  where to write the mix\n"
		"  --to FORMAT       text or binary\n"
		"%s"
		"\n"
		"Exit status: 0 mixed (OUT written whole), 2 bad input (an option, a\n"
		"trace unreadable or not in the format, OUT not writable); OUT is then\n"
		"left as it was.\n",
		import_cli_usage());
}

struct mix_args {
	struct import_cli cli;
	const char **inputs;
	int count;
	uint64_t quantum;
	const char *out;
	enum trace_format to;
};

static int parse_args(struct mix_args *a, int argc, char **argv, char *err, size_t n)
{
	int i = 1;

	import_cli_init(&a->cli);
	a->out = "-";
	a->to = TRACE_AUTO;
	a->inputs = calloc((size_t)argc, sizeof *a->inputs);
	if (!a->inputs) {
		snprintf(err, n, "out of memory");
		return -1;
	}
	while (i < argc) {
		int rc = import_cli_option(&a->cli, argc, argv, &i, err, n);
		const char *opt;

		if (rc < 0)
			return -1;
		if (rc > 0)
			continue;
		opt = argv[i];
		if (strcmp(opt, "--quantum") == 0 || strcmp(opt, "-o") == 0 ||
		    strcmp(opt, "--output") == 0 || strcmp(opt, "--to") == 0) {
			if (i + 1 >= argc) {
				snprintf(err, n, "%s needs a value", opt);
				return -1;
			}
			if (opt[2] == 'q') {
				if (!import_cli_number(argv[i + 1], &a->quantum) || a->quantum == 0) {
					snprintf(err, n, "--quantum: '%s' is not a number >= 1",
						 argv[i + 1]);
					return -1;
				}
			} else if (opt[2] == 't') {
				if (strcmp(argv[i + 1], "text") != 0 &&
				    strcmp(argv[i + 1], "binary") != 0) {
					snprintf(err, n, "--to needs text or binary");
					return -1;
				}
				a->to = argv[i + 1][0] == 't' ? TRACE_TEXT : TRACE_BINARY;
			} else {
				a->out = argv[i + 1];
			}
			i += 2;
		} else if (opt[0] == '-' && opt[1] != '\0') {
			snprintf(err, n, "unknown option '%s'", opt);
			return -1;
		} else {
			a->inputs[a->count++] = argv[i++];
		}
	}
	if (a->count == 0) {
		snprintf(err, n, "needs at least one trace");
		return -1;
	}
	if (a->quantum == 0) {
		snprintf(err, n, "needs --quantum N");
		return -1;
	}
	return import_cli_finish(&a->cli, err, n);
}

/* Open every input; on failure close those opened. */
static struct event_source **open_inputs(const struct mix_args *a, char *err, size_t n)
{
	struct event_source **srcs = calloc((size_t)a->count, sizeof *srcs);

	if (!srcs) {
		snprintf(err, n, "out of memory");
		return NULL;
	}
	for (int i = 0; i < a->count; i++) {
		srcs[i] = trace_open_with(a->inputs[i], &a->cli.open, err, n);
		if (!srcs[i]) {
			while (i-- > 0)
				srcs[i]->close(srcs[i]);
			free(srcs);
			return NULL;
		}
	}
	return srcs;
}

static int mix(const struct mix_args *a, char *err, size_t n)
{
	struct trace_binary_info info = { 0 };
	struct event_source **srcs = open_inputs(a, err, n), *mixed;
	struct trace_output *out;
	long long events;

	if (!srcs)
		return -1;
	if (trace_format_is_import(a->cli.open.format) && strcmp(a->out, "-") != 0 &&
	    import_ensure_data_file(a->out, err, n) < 0) {
		for (int i = 0; i < a->count; i++)
			srcs[i]->close(srcs[i]);
		free(srcs);
		return -1;
	}
	if (trace_format_is_import(a->cli.open.format))
		info = (struct trace_binary_info){ .flags = TRACE_BINARY_IMPORTED,
						   .page_size = a->cli.open.page_size,
						   .arena_base = a->cli.open.arena_base };
	mixed = mix_open(srcs, a->count, a->quantum, err, n);
	free(srcs);
	if (!mixed)
		return -1;
	out = trace_output_create(a->out, a->to, &info, false, err, n);
	if (!out) {
		mixed->close(mixed);
		return -1;
	}
	events = event_pour(mixed, trace_output_sink(out), err, n);
	mixed->close(mixed);
	if (events < 0) {
		trace_output_abort(out);
		return -1;
	}
	return trace_output_commit(out, err, n);
}

int cmd_mix(int argc, char **argv)
{
	struct mix_args args = { 0 };
	char err[MESSAGE_MAX];
	int rc = EXIT_OK;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		}
	}
	if (parse_args(&args, argc, argv, err, sizeof err) < 0) {
		fprintf(stderr, "mmusim mix: %s (see mmusim mix --help)\n", err);
		rc = EXIT_BAD_INPUT;
	} else if (mix(&args, err, sizeof err) < 0) {
		fprintf(stderr, "%s\n", err);
		rc = EXIT_BAD_INPUT;
	}
	free(args.inputs);
	return rc;
}
