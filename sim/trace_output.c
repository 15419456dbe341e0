/*
 * sim/trace_output.c: a temporary file from mkstemp in the destination's
 * folder (so rename() is atomic), given the mode a new file would get.
 */
#include "trace_output.h"
#include "outstream.h"
#include "trace_write.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct trace_output {
	char *path;
	char *temp;              /* NULL when writing to standard output */
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

static void free_output(struct trace_output *out)
{
	free(out->path);
	free(out->temp);
	free(out);
}

/* The raw stream: a new temporary file, or a copy of standard output. */
static FILE *open_raw(struct trace_output *out, char *err, size_t err_len)
{
	const char *slash = strrchr(out->path, '/');
	int dir_len = slash ? (int)(slash - out->path) + 1 : 0;
	FILE *f;
	mode_t mask;
	int fd;

	if (strcmp(out->path, "-") == 0) {
		fd = dup(STDOUT_FILENO);
		f = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (!f) {
			snprintf(err, err_len, "<stdout>: %s", strerror(errno));
			if (fd >= 0)
				close(fd);
		}
		return f;
	}
	if (asprintf(&out->temp, "%.*s.%s.XXXXXX", dir_len, out->path,
		     out->path + dir_len) < 0) {
		out->temp = NULL;
		snprintf(err, err_len, "%s: out of memory", out->path);
		return NULL;
	}
	fd = mkstemp(out->temp);
	if (fd < 0) {
		snprintf(err, err_len, "%s: cannot create a file there: %s", out->path,
			 strerror(errno));
		return NULL;
	}
	/* mkstemp makes 0600; give the file the mode a new file gets. */
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	f = fdopen(fd, "w");
	if (!f) {
		snprintf(err, err_len, "%s: %s", out->path, strerror(errno));
		close(fd);
		unlink(out->temp);
	}
	return f;
}

struct trace_output *trace_output_create(const char *path, enum trace_format to,
					 const struct trace_binary_info *info,
					 bool keep_lines, char *err, size_t err_len)
{
	struct trace_output *out = calloc(1, sizeof *out);
	FILE *raw, *f;

	if (!out || !(out->path = strdup(path))) {
		snprintf(err, err_len, "%s: out of memory", path);
		free(out);
		return NULL;
	}
	if (to == TRACE_AUTO)
		to = trace_output_format_for(path);
	raw = open_raw(out, err, err_len);
	if (!raw) {
		free_output(out);
		return NULL;
	}
	f = outstream_wrap(raw, outstream_codec_for(path), path, err, err_len);
	if (f)
		out->sink = to == TRACE_BINARY
			    ? trace_binary_writer(f, path, info, err, err_len)
			    : trace_text_writer(f, path, keep_lines, err, err_len);
	if (!out->sink) {
		if (out->temp)
			unlink(out->temp);
		free_output(out);
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

	if (rc == 0 && out->temp && rename(out->temp, out->path) != 0) {
		snprintf(err, err_len, "%s: %s", out->path, strerror(errno));
		rc = -1;
	}
	if (rc != 0 && out->temp)
		unlink(out->temp);
	free_output(out);
	return rc;
}

void trace_output_abort(struct trace_output *out)
{
	out->sink->discard(out->sink);
	if (out->temp)
		unlink(out->temp);
	free_output(out);
}
