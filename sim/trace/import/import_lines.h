/*
 * sim/trace/import/import_lines.h: the parser every line-based importer shares
 * (lackey, din, plain lists). It reads the input line by line, hands each
 * line to the format's parse function, and does prepare, rewind and close
 * for all of them; a format supplies its parse function alone.
 */
#ifndef MMUSIM_SIM_IMPORT_LINES_H
#define MMUSIM_SIM_IMPORT_LINES_H

#include <stddef.h>

#include "import.h"
#include "import_source.h"
#include "line_reader.h"

enum { IMPORT_LINES_SHOWN = 40 };   /* longest part of a bad line quoted */

struct import_lines;

/* The format's part: the next access in `line`, which is the current line
 * from where the last call on it stopped (`len` bytes, NUL-terminated;
 * it may hold other NULs). 1 with *acc filled (all but acc->line, which
 * the caller sets), 0 when the line holds no (more) accesses, or -1 with
 * "NAME:LINE: what is wrong" in err. The next call reads a new line,
 * unless the format sets p->rest to where this one should go on. */
typedef int import_line_fn(struct import_lines *p, const char *line, size_t len,
			   struct import_access *acc, char *err, size_t err_len);

struct import_lines {
	struct import_parser base;   /* first */
	struct line_reader lines;
	char *name;                  /* for messages */
	struct import_options opt;   /* what the format reads (data_only, ...) */
	import_line_fn *parse_line;
	char *text;                  /* the current line */
	size_t len;
	const char *rest;            /* where parse_line goes on; NULL: read a line */
};

/* An importer of the lines of `in` through parse_line; like
 * import_lackey_open (import.h) it owns `in`. */
struct event_source *import_lines_open(const char *name, struct instream *in,
				       const struct import_options *opt,
				       import_line_fn *parse_line, char *err, size_t err_len);

/* "NAME:LINE: what: 'QUOTE'" in err, QUOTE the first `shown` bytes of
 * `quote` at most (it ends at a NUL); returns -1, for the caller to pass on. */
int import_lines_error(const struct import_lines *p, const char *what, const char *quote,
		       int shown, char *err, size_t err_len);

/* import_lines_error quoting the current line. */
int import_lines_bad_line(const struct import_lines *p, const char *what,
			  char *err, size_t err_len);

#endif
