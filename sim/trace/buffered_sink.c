/* sim/trace/buffered_sink.c: buffer, FILE and name, freed together. */
#include "buffered_sink.h"
#include "event_check.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static void free_sink(struct buffered_sink *w)
{
	free(w->buf);
	free(w->name);
	free(w);
}

bool buffered_sink_check(const struct buffered_sink *w, const struct trace_event *ev,
			 char *err, size_t err_len)
{
	const char *problem = event_check(ev);

	if (problem)
		snprintf(err, err_len, "%s: cannot write the event of line %" PRIu32 ": %s",
			 w->name, ev->line, problem);
	return !problem;
}

bool buffered_sink_flush(struct buffered_sink *w, char *err, size_t err_len)
{
	if (w->used > 0 && fwrite(w->buf, 1, w->used, w->out) != w->used) {
		snprintf(err, err_len, "%s: write error: %s", w->name, strerror(errno));
		return false;
	}
	w->used = 0;
	return true;
}

static int finish(struct event_sink *sink, char *err, size_t err_len)
{
	struct buffered_sink *w = (struct buffered_sink *)sink;
	bool ok = buffered_sink_flush(w, err, err_len);

	/* fclose reports what failed late: a full disk, a compressor's end */
	if (fclose(w->out) != 0 && ok) {
		snprintf(err, err_len, "%s: write error: %s", w->name, strerror(errno));
		ok = false;
	}
	free_sink(w);
	return ok ? 0 : -1;
}

static void discard(struct event_sink *sink)
{
	struct buffered_sink *w = (struct buffered_sink *)sink;

	fclose(w->out);
	free_sink(w);
}

void *buffered_sink_new(size_t size, size_t buffer, FILE *out, const char *name,
			buffered_sink_write_fn *write, char *err, size_t err_len)
{
	struct buffered_sink *w = calloc(1, size);

	if (w) {
		w->name = strdup(name);
		w->buf = malloc(buffer);
	}
	if (!w || !w->name || !w->buf) {
		snprintf(err, err_len, "%s: out of memory", name);
		if (w)
			free_sink(w);
		fclose(out);
		return NULL;
	}
	w->out = out;
	w->base.write = write;
	w->base.finish = finish;
	w->base.discard = discard;
	return w;
}
