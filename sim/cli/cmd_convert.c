/*
 * sim/cli/cmd_convert.c: `mmusim convert IN OUT`: any trace mmusim reads to a
 * text or binary trace (docs/trace-formats.md). The output appears whole
 * or not at all (trace_output.h).
 */
#include "event_sink.h"
#include "import.h"
#include "import_cli.h"
#include "trace_binary.h"
#include "trace_open.h"
#include "trace_output.h"
#include "progress.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_convert(int argc, char **argv);

enum { EXIT_OK = 0, EXIT_BAD_INPUT = 2, MESSAGE_MAX = 1024 };

static void usage(FILE *out)
{
	fprintf(out,
		"usage: mmusim convert IN OUT [--to text|binary] [options]\n"
		"\n"
		"Convert a trace: text, binary, or another tool's format (--from) to\n"
		"text or binary. IN and OUT may be compressed (.gz, .zst; inputs are\n"
		"recognised by content, outputs by name); \"-\" is standard input or output.\n"
		"OUT is binary when --to binary or its name ends in .btrace[.gz|.zst].\n"
		"Imports map their pages from pages.bin beside OUT, created if missing.\n"
		"\n"
		"  --to FORMAT       text or binary (default: by OUT's name)\n"
		"%s"
		"  -q, --quiet       no summary line on standard error\n"
		"\n"
		"On a terminal, a long conversion shows its progress on standard error.\n"
		"Exit status: 0 converted (OUT written whole), 2 bad input (an option,\n"
		"IN unreadable or not in the format, OUT not writable); OUT is then left\n"
		"as it was.\n",
		import_cli_usage());
}

struct convert_args {
	struct import_cli cli;
	const char *in, *out;
	enum trace_format to;
	bool quiet;
};

static int parse_args(struct convert_args *a, int argc, char **argv, char *err, size_t n)
{
	int i = 1, positional = 0;

	import_cli_init(&a->cli);
	a->cli.open.ensure_data_file = false;   /* the data file goes beside OUT */
	a->to = TRACE_AUTO;
	while (i < argc) {
		int rc = import_cli_option(&a->cli, argc, argv, &i, err, n);

		if (rc < 0)
			return -1;
		if (rc > 0)
			continue;
		if (strcmp(argv[i], "--to") == 0) {
			if (i + 1 >= argc || (strcmp(argv[i + 1], "text") != 0 &&
					      strcmp(argv[i + 1], "binary") != 0)) {
				snprintf(err, n, "--to needs text or binary");
				return -1;
			}
			a->to = argv[i + 1][0] == 't' ? TRACE_TEXT : TRACE_BINARY;
			i += 2;
		} else if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
			a->quiet = true;
			i++;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			snprintf(err, n, "unknown option '%s'", argv[i]);
			return -1;
		} else {
			if (positional == 0)
				a->in = argv[i];
			else if (positional == 1)
				a->out = argv[i];
			positional++;
			i++;
		}
	}
	if (positional != 2) {
		snprintf(err, n, "needs IN and OUT");
		return -1;
	}
	if (a->to == TRACE_AUTO)
		a->to = trace_output_format_for(a->out);
	return import_cli_finish(&a->cli, err, n);
}

/* The binary header: what the input's says, or the import's settings. */
static struct trace_binary_info header_for(const struct convert_args *a,
					   const struct event_source *src)
{
	struct trace_binary_info info = { 0 };

	if (trace_format_is_import(a->cli.open.format))
		info = (struct trace_binary_info){ .flags = TRACE_BINARY_IMPORTED,
						   .page_size = a->cli.open.page_size,
						   .arena_base = a->cli.open.arena_base };
	else
		trace_binary_source_info(src, &info);
	return info;
}

enum { POUR_BATCH = 4096 };

/* event_pour, counting the loads and stores (an import that found none
 * gets a warning) and noting progress on a terminal. */
static long long pour(struct event_source *src, struct event_sink *sink,
		      uint64_t *accesses, char *err, size_t n)
{
	struct trace_event *batch = malloc(POUR_BATCH * sizeof *batch);
	long long total = 0;
	struct progress progress;
	char g[32];

	if (!batch) {
		snprintf(err, n, "%s: out of memory", src->path);
		return -1;
	}
	progress_begin(&progress, "convert");
	for (;;) {
		int got = src->fill(src, batch, POUR_BATCH, err, n);

		if (got < 0 || (got > 0 && sink->write(sink, batch, got, err, n) < 0)) {
			total = -1;
			break;
		}
		if (got == 0)
			break;
		total += got;
		for (int i = 0; i < got; i++)
			*accesses += batch[i].op == EV_READ || batch[i].op == EV_WRITE;
		progress_note(&progress, "%s events from %s",
			      progress_grouped((uint64_t)total, g, sizeof g), src->path);
	}
	progress_end(&progress);
	free(batch);
	return total;
}

static int convert(const struct convert_args *a, char *err, size_t n)
{
	struct event_source *src;
	struct trace_output *out;
	struct trace_binary_info info;
	long long events;
	uint64_t accesses = 0;

	if (trace_format_is_import(a->cli.open.format) && strcmp(a->out, "-") != 0 &&
	    import_ensure_data_file(a->out, err, n) < 0)
		return -1;
	src = trace_open_with(a->in, &a->cli.open, err, n);
	if (!src)
		return -1;
	info = header_for(a, src);
	out = trace_output_create(a->out, a->to, &info, true, err, n);
	if (!out) {
		src->close(src);
		return -1;
	}
	events = pour(src, trace_output_sink(out), &accesses, err, n);
	src->close(src);
	if (events < 0) {
		trace_output_abort(out);
		return -1;
	}
	if (trace_output_commit(out, err, n) < 0)
		return -1;
	if (accesses == 0 && trace_format_is_import(a->cli.open.format))
		fprintf(stderr, "mmusim convert: warning: %s: no memory accesses in "
			"this %s input (an empty file?)\n", a->in,
			trace_format_name(a->cli.open.format));
	if (!a->quiet)
		fprintf(stderr, "mmusim convert: %lld events from %s (%s) to %s (%s)\n", events,
			a->in, trace_format_name(a->cli.open.format), a->out,
			trace_format_name(a->to));
	return 0;
}

int cmd_convert(int argc, char **argv)
{
	struct convert_args args = { 0 };
	char err[MESSAGE_MAX];

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		}
	}
	if (parse_args(&args, argc, argv, err, sizeof err) < 0) {
		fprintf(stderr, "mmusim convert: %s (see mmusim convert --help)\n", err);
		return EXIT_BAD_INPUT;
	}
	if (convert(&args, err, sizeof err) < 0) {
		fprintf(stderr, "%s\n", err);
		return EXIT_BAD_INPUT;
	}
	return EXIT_OK;
}
