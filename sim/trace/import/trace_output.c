/*
 * sim/trace/import/trace_output.c: a trace written through an event sink into an
 * atomic_file target (a temporary file renamed into place at the end).
 */
#include "trace_output.h"
#include "atomic_file.h"
#include "outstream.h"
#include "trace_text_writer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct trace_output {
	struct atomic_target target;
	struct event_sink *sink;
};

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

enum trace_format trace_output_format_for(const char *path)
{
	size_t n = strlen(path);

	if (ends_with(path, n, ".gz"))
		n -= 3;
	else if (ends_with(path, n, ".zst"))
		n -= 4;
	return ends_with(path, n, ".btrace") ? TRACE_BINARY : TRACE_TEXT;
}


struct trace_output *trace_output_create(const char *path, enum trace_format to,
					 const struct trace_binary_info *info,
					 bool keep_lines, char *err, size_t err_len)
{
	struct trace_output *out = calloc(1, sizeof *out);
	FILE *raw, *f;

	if (!out) {
		snprintf(err, err_len, "%s: out of memory", path);
		return NULL;
	}
	if (to == TRACE_AUTO)
		to = trace_output_format_for(path);
	raw = atomic_file_open(&out->target, path, err, err_len);
	if (!raw) {
		free(out);
		return NULL;
	}
	f = outstream_wrap(raw, outstream_codec_for(path), path, err, err_len);
	if (f)
		out->sink = to == TRACE_BINARY
			    ? trace_binary_writer(f, path, info, err, err_len)
			    : trace_text_writer(f, path, keep_lines, err, err_len);
	if (!out->sink) {
		atomic_file_discard(&out->target);
		free(out);
		return NULL;
	}
	return out;
}

struct event_sink *trace_output_sink(struct trace_output *out)
{
	return out->sink;
}

int trace_output_commit(struct trace_output *out, char *err, size_t err_len)
{
	int rc = out->sink->finish(out->sink, err, err_len);

	if (rc == 0)
		rc = atomic_file_place(&out->target, err, err_len);
	else
		atomic_file_discard(&out->target);
	free(out);
	return rc;
}

void trace_output_abort(struct trace_output *out)
{
	out->sink->discard(out->sink);
	atomic_file_discard(&out->target);
	free(out);
}
