/*
 * bench/bench_trace_text.c: how many text trace lines per second one core
 * parses, from memory and from a file (page cache) through stdio.
 *
 *   bench_trace_text [LINES]     default 10000000 lines (about 2 s in all)
 *
 * "memory" times fill() alone on a buffer already copied into the source
 * (the copy is printed apart); "file" times everything from open to close:
 * 1 MiB freads, refills and parsing.
 *
 * The trace is access lines as a TLB-hit-heavy run would have them:
 * three loads for each store, a quarter of them with a SIZE.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "trace_text.h"

enum { BATCH = 1024 };

/* `lines` access lines over a 1 MiB window of the arena. */
static char *make_trace(uint64_t lines, size_t *len)
{
	size_t cap = (size_t)lines * 24 + 64, n = 0;
	char *text = malloc(cap);

	if (!text)
		return NULL;
	n += (size_t)snprintf(text, cap, "start 1\nmap swap\n");
	for (uint64_t i = 0; i < lines - 2; i++) {
		uint64_t addr = 0x600000000ull + (i * 4104) % (1u << 20);
		const char *op = i % 4 == 3 ? "w" : "r";

		if (i % 4 == 1)
			n += (size_t)snprintf(text + n, cap - n, "%s 0x%" PRIx64 " 8\n", op, addr);
		else
			n += (size_t)snprintf(text + n, cap - n, "%s 0x%" PRIx64 "\n", op, addr);
	}
	*len = n;
	return text;
}

/* Drain `src`; returns events read, or -1 after printing the error. */
static int64_t drain(struct event_source *src)
{
	static struct trace_event events[BATCH];
	char err[512];
	int64_t total = 0;
	uint64_t checksum = 0;
	int got;

	while ((got = src->fill(src, events, BATCH, err, sizeof err)) > 0) {
		for (int i = 0; i < got; i++)
			checksum += events[i].addr;
		total += got;
	}
	src->close(src);
	if (got < 0) {
		fprintf(stderr, "bench_trace_text: %s\n", err);
		return -1;
	}
	return checksum ? total : -1;
}

static int report(const char *what, int64_t events, uint64_t lines, size_t bytes,
		  double seconds)
{
	if (events != (int64_t)lines) {
		fprintf(stderr, "bench_trace_text: %s: %" PRId64 " events, wanted %" PRIu64 "\n",
			what, events, lines);
		return 1;
	}
	printf("%-7s %10" PRIu64 " lines %7.1f MB %6.3f s %7.2f M lines/s %6.0f MB/s\n",
	       what, lines, (double)bytes / 1e6, seconds, (double)lines / seconds / 1e6,
	       (double)bytes / seconds / 1e6);
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t lines = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000;
	char err[512];
	size_t len;
	char *text;
	double t;
	int64_t events;
	int status = 0;

	if (lines < 3) {
		fprintf(stderr, "usage: bench_trace_text [LINES >= 3]\n");
		return 2;
	}
	text = make_trace(lines, &len);
	if (!text) {
		fprintf(stderr, "bench_trace_text: out of memory\n");
		return 1;
	}

	t = bench_now();
	struct event_source *src = trace_text_open_buffer("bench", text, len, err, sizeof err);
	if (!src) {
		fprintf(stderr, "bench_trace_text: %s\n", err);
		return 1;
	}
	printf("(copying the buffer into the source: %.3f s)\n", bench_now() - t);
	t = bench_now();
	events = drain(src);
	status |= report("memory", events, lines, len, bench_now() - t);

	FILE *f = tmpfile();
	if (!f || fwrite(text, 1, len, f) != len || fflush(f) != 0) {
		fprintf(stderr, "bench_trace_text: cannot write a temporary file\n");
		return 1;
	}
	rewind(f);
	t = bench_now();
	src = trace_text_open_stream("bench.trace", f, true, err, sizeof err);
	if (!src) {
		fprintf(stderr, "bench_trace_text: %s\n", err);
		return 1;
	}
	events = drain(src);
	status |= report("file", events, lines, len, bench_now() - t);
	free(text);
	return status;
}
