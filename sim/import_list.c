/*
 * sim/import_list.c: plain lists of addresses or page numbers, the
 * reference strings of textbooks and of other simulators' inputs:
 *
 *   7, 0, 1, 2, 0, 3          (commas and/or blanks, any number a line)
 *   w0x1000 r0x2008 0x3000    (optional r or w before a number; r is the default)
 *   # a comment to the end of the line
 *
 * Numbers are decimal, or hexadecimal after 0x. With page_numbers each
 * number N is page N of the configured page size (the access is one byte
 * at its start); otherwise it is a byte address (a one-byte access).
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

struct list_parser {
	struct import_parser base;   /* first */
	struct line_reader lines;
	char *name;
	bool page_numbers;
	unsigned shift;              /* log2(page_size) */
	const char *cursor;          /* the rest of the current line; NULL: read a line */
};

static bool is_separator(char c)
{
	return c == ' ' || c == '\t' || c == ',';
}

static int bad_token(struct list_parser *p, const char *token, const char *what,
		     char *err, size_t err_len)
{
	size_t n = 0;

	while (token[n] && !is_separator(token[n]) && token[n] != '#' && n < SHOWN)
		n++;
	snprintf(err, err_len, "%s:%" PRIu64 ": %s: '%.*s'", p->name, p->lines.line, what,
		 (int)n, token);
	return -1;
}

/* The token at s into acc; advances p->cursor past it. */
static int parse_token(struct list_parser *p, const char *s, struct import_access *acc,
		       char *err, size_t err_len)
{
	const char *token = s;
	uint64_t value;
	int n;

	acc->kind = IMPORT_READ;
	if (*s == 'r' || *s == 'R' || *s == 'w' || *s == 'W') {
		acc->kind = (*s == 'w' || *s == 'W') ? IMPORT_WRITE : IMPORT_READ;
		s++;
	}
	n = import_scan_number(&s, &value);
	if (n < 0)
		return bad_token(p, token, "number does not fit in 64 bits", err, err_len);
	if (n == 0 || !(*s == '\0' || *s == '#' || is_separator(*s)))
		return bad_token(p, token, p->page_numbers
				 ? "expected a page number, optionally after r or w"
				 : "expected an address, optionally after r or w", err, err_len);
	if (p->page_numbers) {
		if (value > (UINT64_MAX >> p->shift))
			return bad_token(p, token, "page number beyond the 64-bit address space",
					 err, err_len);
		value <<= p->shift;
	}
	acc->addr = value;
	acc->size = 1;
	acc->line = p->lines.line;
	p->cursor = s;
	return 1;
}

static int list_next(struct import_parser *base, struct import_access *acc,
		     char *err, size_t err_len)
{
	struct list_parser *p = (struct list_parser *)base;

	for (;;) {
		const char *s = p->cursor;
		char *line;
		size_t len;
		int got;

		if (s) {
			while (is_separator(*s))
				s++;
			if (*s != '\0' && *s != '#')
				return parse_token(p, s, acc, err, err_len);
		}
		got = line_reader_next(&p->lines, &line, &len, err, err_len);
		if (got <= 0)
			return got;
		p->cursor = line;
	}
}

static int list_prepare(struct import_parser *base, char *err, size_t err_len)
{
	return line_reader_prepare_rewind(&((struct list_parser *)base)->lines, err, err_len);
}

static int list_rewind(struct import_parser *base, char *err, size_t err_len)
{
	struct list_parser *p = (struct list_parser *)base;

	p->cursor = NULL;
	return line_reader_rewind(&p->lines, err, err_len);
}

static void list_close(struct import_parser *base)
{
	struct list_parser *p = (struct list_parser *)base;

	line_reader_free(&p->lines);
	free(p->name);
	free(p);
}

struct event_source *import_list_open(const char *name, struct instream *in,
				      const struct import_options *opt,
				      char *err, size_t err_len)
{
	struct list_parser *p = calloc(1, sizeof *p);

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
	p->page_numbers = opt->page_numbers;
	p->shift = opt->page_size ? (unsigned)__builtin_ctz(opt->page_size) : 0;
	p->base.next = list_next;
	p->base.prepare = list_prepare;
	p->base.rewind = list_rewind;
	p->base.close = list_close;
	return import_source_create(name, &p->base, opt, err, err_len);
}
