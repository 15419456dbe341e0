/*
 * sim/trace/event_sink.h: the other end of an event_source: something that
 * writes trace events out (the text writer in trace_text_writer.h, the binary
 * writer in trace_binary.h). convert and mix pour a source into a sink.
 *
 *   write:  write n events in order; 0, or -1 with "NAME: what" in err
 *           (a write error, or an event the format cannot hold).
 *   finish: write what is buffered and close the stream the sink was
 *           given; 0 only if every byte reached it. Frees the sink.
 *   discard: free the sink after an error; closes the stream too.
 */
#ifndef MMUSIM_SIM_EVENT_SINK_H
#define MMUSIM_SIM_EVENT_SINK_H

#include <stddef.h>

#include "event.h"

struct event_sink {
	int (*write)(struct event_sink *sink, const struct trace_event *events,
		     int n, char *err, size_t err_len);
	int (*finish)(struct event_sink *sink, char *err, size_t err_len);
	void (*discard)(struct event_sink *sink);
};

/* Pour every event of `src` into `sink` (not finishing it): the number of
 * events copied, or -1 with the source's or the sink's message in err. */
long long event_pour(struct event_source *src, struct event_sink *sink,
		     char *err, size_t err_len);

#endif
