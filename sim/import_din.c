/*
 * sim/import_din.c: Dinero III/IV "din" traces, one access a line:
 *
 *   LABEL ADDRESS [SIZE] [anything]
 *
 * LABEL 0 is a data read, 1 a data write, 2 an instruction fetch (a read;
 * left out with data_only); 3 (unknown access type) and 4 (cache flush)
 * mean nothing to a pager and are skipped. ADDRESS is hexadecimal, with or
 * without 0x. An optional third field of decimal digits is the size in
 * bytes (default 1); Dinero ignores the rest of a line, and so does this
 * reader. Blank lines and lines starting with '#' are skipped.
 */
#include "import.h"
#include "import_number.h"
#include "import_source.h"
#include "line_reader.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SHOWN = 40 };

struct din_parser {
	struct import_parser base;   /* first */
	struct line_reader lines;
	char *name;
	bool data_only;
};

static int bad_line(struct din_parser *p, const char *line, const char *what,
		    char *err, size_t err_len)
{
	snprintf(err, err_len, "%s:%" PRIu64 ": %s: '%.*s'", p->name, p->lines.line,
		 what, SHOWN, line);
	return -1;
}

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static bool ends_field(char c)
{
	return c == '\0' || c == ' ' || c == '\t';
}

/* One line: 1 with an access, 0 for a line to skip, -1 on error. */
static int parse_line(struct din_parser *p, const char *line, struct import_access *acc,
		      char *err, size_t err_len)
{
	const char *s = skip_blanks(line);
	uint64_t label, size = 1;
	int n;

	if (*s == '\0' || *s == '#')
		return 0;
	n = import_scan_dec(&s, &label);
	if (n <= 0 || !ends_field(*s))
		return bad_line(p, line, "expected a label (0 read, 1 write, 2 fetch, 3, 4)",
				err, err_len);
	if (label > 4)
		return bad_line(p, line, "unknown label (0 read, 1 write, 2 fetch, 3, 4)",
				err, err_len);
	if (label >= 3 || (label == 2 && p->data_only))
		return 0;
	s = skip_blanks(s);
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	n = import_scan_hex(&s, &acc->addr);
	if (n < 0)
		return bad_line(p, line, "address does not fit in 64 bits", err, err_len);
	if (n == 0 || !ends_field(*s))
		return bad_line(p, line, "expected a hexadecimal address", err, err_len);
	s = skip_blanks(s);
	if (*s >= '0' && *s <= '9') {
		const char *t = s;

		n = import_scan_dec(&t, &size);
		if (n < 0)
			return bad_line(p, line, "size does not fit in 64 bits", err, err_len);
		if (ends_field(*t)) {   /* a word that is not all digits is a comment */
			if (size == 0)
				return bad_line(p, line, "size must be at least 1", err, err_len);
		} else {
			size = 1;
		}
	}
	acc->kind = label == 1 ? IMPORT_WRITE : IMPORT_READ;
	acc->size = size;
	acc->line = p->lines.line;
	return 1;
}

static int din_next(struct import_parser *base, struct import_access *acc,
		    char *err, size_t err_len)
{
	struct din_parser *p = (struct din_parser *)base;
	char *line;
	size_t len;
	int got;

	while ((got = line_reader_next(&p->lines, &line, &len, err, err_len)) > 0) {
		got = parse_line(p, line, acc, err, err_len);
		if (got != 0)
			return got;
	}
	return got;
}

static int din_prepare(struct import_parser *base, char *err, size_t err_len)
{
	return line_reader_prepare_rewind(&((struct din_parser *)base)->lines, err, err_len);
}

static int din_rewind(struct import_parser *base, char *err, size_t err_len)
{
	struct din_parser *p = (struct din_parser *)base;

	return line_reader_rewind(&p->lines, err, err_len);
}

static void din_close(struct import_parser *base)
{
	struct din_parser *p = (struct din_parser *)base;

	line_reader_free(&p->lines);
	free(p->name);
	free(p);
}

struct event_source *import_din_open(const char *name, struct instream *in,
				     const struct import_options *opt,
				     char *err, size_t err_len)
{
	struct din_parser *p = calloc(1, sizeof *p);

	if (!p || !(p->name = strdup(name))) {
		snprintf(err, err_len, "%s: out of memory", name);
		free(p);
		instream_close(in);
		return NULL;
	}
	if (line_reader_init(&p->lines, p->name, in, err, err_len) < 0) {
		free(p->name);
		free(p);
		return NULL;
	}
	p->data_only = opt->data_only;
	p->base.next = din_next;
	p->base.prepare = din_prepare;
	p->base.rewind = din_rewind;
	p->base.close = din_close;
	return import_source_create(name, &p->base, opt, err, err_len);
}
