/*
 * tests/fuzz/fuzz_trace_text.c: the text trace reader (sim/trace/trace_text.c).
 *
 * The input is a text trace. It is read twice: from a memory buffer and
 * as a stdio stream over an instream (the way trace_open reads a file;
 * unless it starts like gzip or zstd), and both must give the same events
 * and the same error. Every event
 * must survive the text writer (fuzz_drain), and an error must name the
 * input and its line.
 */
#include <ctype.h>
#include <string.h>

#include "fuzz.h"
#include "instream.h"
#include "trace_text.h"

enum { MAX_EVENTS = 50000 };

#define NAME "fuzz.trace"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	struct fuzz_drain buffer, stream;

	struct event_source *src = trace_text_open_buffer(NAME, (const char *)data,
							  size, err, sizeof err);
	if (!src)
		fuzz_fail("trace_text_open_buffer: %s", err);
	fuzz_drain(src, MAX_EVENTS, NULL, &buffer);
	if (buffer.failed) {
		fuzz_names_input(buffer.err, NAME);
		if (!isdigit((unsigned char)buffer.err[strlen(NAME) + 1]))
			fuzz_fail("the message names no line: '%s'", buffer.err);
	}

	struct instream *in = instream_open_memory(NAME, data, size, err, sizeof err);
	if (!in)
		fuzz_fail("instream_open_memory: %s", err);
	if (instream_codec(in) != INSTREAM_PLAIN) {
		/* gzip or zstd magic: their harnesses read these. */
		instream_close(in);
		return 0;
	}
	FILE *f = instream_to_file(in);
	if (!f)
		fuzz_fail("instream_to_file failed");
	src = trace_text_open_stream(NAME, f, true, err, sizeof err);
	if (!src)
		fuzz_fail("trace_text_open_stream: %s", err);
	fuzz_drain(src, MAX_EVENTS, NULL, &stream);

	if (buffer.capped || stream.capped)
		return 0;
	if (buffer.events != stream.events || buffer.hash != stream.hash ||
	    buffer.failed != stream.failed ||
	    (buffer.failed && strcmp(buffer.err, stream.err) != 0))
		fuzz_fail("a buffer and a stream read differently: %llu events%s%s "
			  "and %llu events%s%s",
			  (unsigned long long)buffer.events,
			  buffer.failed ? ", then " : "", buffer.failed ? buffer.err : "",
			  (unsigned long long)stream.events,
			  stream.failed ? ", then " : "", stream.failed ? stream.err : "");
	return 0;
}
