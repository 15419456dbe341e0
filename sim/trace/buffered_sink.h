/*
 * sim/trace/buffered_sink.h: the part the trace writers share (trace_text_writer.h,
 * trace_binary.h): an event_sink that gathers bytes in a buffer in front
 * of a FILE it owns. finish() flushes and closes the FILE, discard()
 * closes it; a writer supplies write() and what it keeps besides.
 */
#ifndef MMUSIM_SIM_BUFFERED_SINK_H
#define MMUSIM_SIM_BUFFERED_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "event_sink.h"

struct buffered_sink {
	struct event_sink base;   /* first */
	FILE *out;                /* owned */
	char *name;               /* for messages */
	char *buf;                /* `buffer` bytes (buffered_sink_new) */
	size_t used;
};

typedef int buffered_sink_write_fn(struct event_sink *sink, const struct trace_event *events,
				   int n, char *err, size_t err_len);

/* A zeroed writer of `size` bytes, which starts with a buffered_sink,
 * with a buffer of `buffer` bytes; NULL with "NAME: out of memory" in err
 * (`out` is closed then). The writer must own nothing else: finish and
 * discard free it whole. */
void *buffered_sink_new(size_t size, size_t buffer, FILE *out, const char *name,
			buffered_sink_write_fn *write, char *err, size_t err_len);

/* Whether the writer's format can hold ev (event_check); false with
 * "NAME: cannot write the event of line N: what" in err. */
bool buffered_sink_check(const struct buffered_sink *w, const struct trace_event *ev,
			 char *err, size_t err_len);

/* Write out the buffer; false with "NAME: write error: ..." in err. */
bool buffered_sink_flush(struct buffered_sink *w, char *err, size_t err_len);

#endif
