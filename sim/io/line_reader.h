/*
 * sim/io/line_reader.h: an instream cut into lines, for the importers.
 *
 * Lines are handed out in place in a 1 MiB buffer, NUL-terminated, without
 * their LF (or CR LF); a line is valid until the next call. A line longer
 * than LINE_READER_MAX is an error, so memory stays fixed.
 */
#ifndef MMUSIM_SIM_LINE_READER_H
#define MMUSIM_SIM_LINE_READER_H

#include <stddef.h>
#include <stdint.h>

#include "instream.h"

enum { LINE_READER_MAX = 1 << 20 };

struct line_reader {
	struct instream *in;      /* owned */
	const char *name;         /* for messages (not owned) */
	char *buf;
	size_t pos, end;
	int at_eof;
	uint64_t line;            /* number of the line last handed out */
};

/* 0, or -1 with "NAME: out of memory" (the instream is closed then). */
int line_reader_init(struct line_reader *lr, const char *name, struct instream *in,
		     char *err, size_t err_len);
void line_reader_free(struct line_reader *lr);

/* 1 with the next line in *line (length *len), 0 at the end of the input,
 * -1 with "NAME:LINE: what is wrong" or "NAME: read error" in err. */
int line_reader_next(struct line_reader *lr, char **line, size_t *len,
		     char *err, size_t err_len);

/* Read the input twice (instream_keep_for_rewind / instream_rewind):
 * prepare before the first line, rewind to start again at line 1. */
int line_reader_prepare_rewind(struct line_reader *lr, char *err, size_t err_len);
int line_reader_rewind(struct line_reader *lr, char *err, size_t err_len);

#endif
