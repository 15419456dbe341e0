/*
 * sim/io/line_reader.c: buffer [pos, end) holds bytes not handed out yet;
 * a line is found with memchr and cut in place (its LF becomes a NUL).
 * The buffer has one spare byte so the last line, without LF, can be
 * NUL-terminated too.
 */
#include "line_reader.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int line_reader_init(struct line_reader *lr, const char *name, struct instream *in,
		     char *err, size_t err_len)
{
	*lr = (struct line_reader){ .in = in, .name = name };
	lr->buf = malloc(LINE_READER_MAX + 1);
	if (!lr->buf) {
		snprintf(err, err_len, "%s: out of memory", name);
		instream_close(in);
		lr->in = NULL;
		return -1;
	}
	return 0;
}

void line_reader_free(struct line_reader *lr)
{
	instream_close(lr->in);
	free(lr->buf);
	*lr = (struct line_reader){ 0 };
}

/* Move the unread tail to the front and read more; -1 on a read error. */
static int refill(struct line_reader *lr, char *err, size_t err_len)
{
	ssize_t got;

	memmove(lr->buf, lr->buf + lr->pos, lr->end - lr->pos);
	lr->end -= lr->pos;
	lr->pos = 0;
	got = instream_read(lr->in, lr->buf + lr->end, LINE_READER_MAX - lr->end,
			    err, err_len);
	if (got < 0)
		return -1;
	lr->at_eof = got == 0;
	lr->end += (size_t)got;
	return 0;
}

static void cut(struct line_reader *lr, char *start, char *stop, char **line, size_t *len)
{
	if (stop > start && stop[-1] == '\r')
		stop--;
	*stop = '\0';
	*line = start;
	*len = (size_t)(stop - start);
	lr->line++;
}

int line_reader_next(struct line_reader *lr, char **line, size_t *len,
		     char *err, size_t err_len)
{
	size_t scanned = 0;   /* bytes after pos known to hold no LF */

	for (;;) {
		char *start = lr->buf + lr->pos;
		char *lf = memchr(start + scanned, '\n', lr->end - lr->pos - scanned);

		if (lf) {
			lr->pos = (size_t)(lf - lr->buf) + 1;
			cut(lr, start, lf, line, len);
			return 1;
		}
		scanned = lr->end - lr->pos;
		if (lr->at_eof) {
			if (scanned == 0)
				return 0;
			lr->pos = lr->end;
			cut(lr, start, start + scanned, line, len);
			return 1;
		}
		if (scanned == LINE_READER_MAX) {
			snprintf(err, err_len, "%s:%" PRIu64 ": line longer than %d bytes",
				 lr->name, lr->line + 1, LINE_READER_MAX);
			return -1;
		}
		if (refill(lr, err, err_len) < 0)
			return -1;
	}
}

int line_reader_prepare_rewind(struct line_reader *lr, char *err, size_t err_len)
{
	return instream_keep_for_rewind(lr->in, err, err_len);
}

int line_reader_rewind(struct line_reader *lr, char *err, size_t err_len)
{
	if (instream_rewind(lr->in, err, err_len) < 0)
		return -1;
	lr->pos = lr->end = 0;
	lr->at_eof = 0;
	lr->line = 0;
	return 0;
}
