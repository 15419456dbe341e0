/* sim/trace/event_sink.c: pouring a source into a sink, batch by batch. */
#include "event_sink.h"

#include <stdio.h>
#include <stdlib.h>

enum { POUR_BATCH = 4096 };

long long event_pour(struct event_source *src, struct event_sink *sink,
		     char *err, size_t err_len)
{
	struct trace_event *batch = malloc(POUR_BATCH * sizeof *batch);
	long long total = 0;

	if (!batch) {
		snprintf(err, err_len, "%s: out of memory", src->path);
		return -1;
	}
	for (;;) {
		int n = src->fill(src, batch, POUR_BATCH, err, err_len);

		if (n < 0 || (n > 0 && sink->write(sink, batch, n, err, err_len) < 0)) {
			total = -1;
			break;
		}
		if (n == 0)
			break;
		total += n;
	}
	free(batch);
	return total;
}
