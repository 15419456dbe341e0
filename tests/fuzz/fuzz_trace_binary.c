/*
 * tests/fuzz/fuzz_trace_binary.c: the binary trace reader
 * (sim/trace/trace_binary.c).
 *
 * The input is a binary trace (maybe compressed: the instream decides).
 * Every event must be one the text form can say and survive the text
 * writer (fuzz_drain); the events are also written with the binary writer,
 * and reading that back must give the same events. Errors name the input.
 */
#include <stdlib.h>
#include <string.h>

#include "event_sink.h"
#include "fuzz.h"
#include "instream.h"
#include "trace_binary.h"

enum { MAX_EVENTS = 50000 };

#define NAME "fuzz.btrace"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	struct instream *in = instream_open_memory(NAME, data, size, err, sizeof err);
	if (!in)
		fuzz_fail("instream_open_memory: %s", err);
	struct event_source *src = trace_binary_open_instream(NAME, in, err, sizeof err);
	if (!src) {
		fuzz_names_input(err, NAME);
		return 0;
	}
	struct trace_binary_info info;
	if (!trace_binary_source_info(src, &info))
		fuzz_fail("a binary source without its header");

	char *copy = NULL;
	size_t copy_len = 0;
	FILE *out = open_memstream(&copy, &copy_len);
	if (!out)
		fuzz_fail("open_memstream failed");
	struct event_sink *sink = trace_binary_writer(out, "copy", &info, err, sizeof err);
	if (!sink)
		fuzz_fail("trace_binary_writer: %s", err);

	struct fuzz_drain first, again;
	fuzz_drain(src, MAX_EVENTS, sink, &first);
	if (first.failed)
		fuzz_names_input(first.err, NAME);
	if (sink->finish(sink, err, sizeof err) != 0)
		fuzz_fail("the binary writer's finish: %s", err);

	in = instream_open_memory("copy", copy, copy_len, err, sizeof err);
	if (!in)
		fuzz_fail("instream_open_memory: %s", err);
	src = trace_binary_open_instream("copy", in, err, sizeof err);
	if (!src)
		fuzz_fail("what the binary writer wrote does not open: %s", err);
	fuzz_drain(src, first.events + 1, NULL, &again);
	free(copy);
	if (again.failed)
		fuzz_fail("what the binary writer wrote does not read: %s", again.err);
	if (again.events != first.events || again.hash != first.hash)
		fuzz_fail("%llu events written in binary read back as %llu others",
			  (unsigned long long)first.events,
			  (unsigned long long)again.events);
	return 0;
}
