/*
 * sim/trace/import/import_list.c: plain lists of addresses or page numbers, the
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
#include "import_lines.h"
#include "import_number.h"

#include <stdbool.h>
#include <stdint.h>

static bool is_separator(char c)
{
	return c == ' ' || c == '\t' || c == ',';
}

static int bad_token(struct import_lines *p, const char *token, const char *what,
		     char *err, size_t err_len)
{
	int n = 0;

	while (token[n] && !is_separator(token[n]) && token[n] != '#' && n < IMPORT_LINES_SHOWN)
		n++;
	return import_lines_error(p, what, token, n, err, err_len);
}

/* The token at s into acc; the line goes on after it. */
static int parse_token(struct import_lines *p, const char *s, struct import_access *acc,
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
		return bad_token(p, token, p->opt.page_numbers
				 ? "expected a page number, optionally after r or w"
				 : "expected an address, optionally after r or w", err, err_len);
	if (p->opt.page_numbers) {
		/* import_source_create has checked page_size (page_geometry_init) */
		if (value > UINT64_MAX / p->opt.page_size)
			return bad_token(p, token, "page number beyond the 64-bit address space",
					 err, err_len);
		value *= p->opt.page_size;
	}
	acc->addr = value;
	acc->size = 1;
	p->rest = s;
	return 1;
}

/* The next token of the line: 1 with an access, 0 at the line's end or
 * comment, -1 on error. */
static int parse_line(struct import_lines *p, const char *line, size_t len,
		      struct import_access *acc, char *err, size_t err_len)
{
	(void)len;   /* a list line ends at its first NUL */
	while (is_separator(*line))
		line++;
	if (*line == '\0' || *line == '#')
		return 0;
	return parse_token(p, line, acc, err, err_len);
}

struct event_source *import_list_open(const char *name, struct instream *in,
				      const struct import_options *opt,
				      char *err, size_t err_len)
{
	return import_lines_open(name, in, opt, parse_line, err, err_len);
}
