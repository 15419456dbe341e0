/*
 * sim/import_lackey.c: valgrind --tool=lackey --trace-mem=yes output.
 *
 *   I  04000e80,3       instruction fetch (a read; left out with data_only)
 *    L 1fff000708,8     load
 *    S 1fff000708,8     store
 *    M 0421d970,4       modify: a load, then a store of the same bytes
 *   ==1234== ...        valgrind's messages: skipped, as are --1234-- lines
 *
 * Addresses are hexadecimal without 0x, sizes decimal. Blank lines are
 * skipped; any other line is an error naming it.
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

enum { SHOWN = 40 };   /* longest part of a bad line quoted */

struct lackey_parser {
	struct import_parser base;   /* first */
	struct line_reader lines;
	char *name;
	bool data_only;
};

static int bad_line(struct lackey_parser *p, const char *line, const char *what,
		    char *err, size_t err_len)
{
	snprintf(err, err_len, "%s:%" PRIu64 ": %s: '%.*s'", p->name, p->lines.line,
		 what, SHOWN, line);
	return -1;
}

static bool is_noise(const char *line, size_t len)
{
	return len == 0 || (len >= 2 && ((line[0] == '=' && line[1] == '=') ||
					 (line[0] == '-' && line[1] == '-')));
}

/* "ADDR,SIZE" at s into acc. */
static int parse_operands(struct lackey_parser *p, const char *line, const char *s,
			  struct import_access *acc, char *err, size_t err_len)
{
	int n = import_scan_hex(&s, &acc->addr);

	if (n < 0)
		return bad_line(p, line, "address does not fit in 64 bits", err, err_len);
	if (n == 0)
		return bad_line(p, line, "expected a hexadecimal address", err, err_len);
	if (*s != ',')
		return bad_line(p, line, "expected ',SIZE' after the address", err, err_len);
	s++;
	n = import_scan_dec(&s, &acc->size);
	if (n < 0)
		return bad_line(p, line, "size does not fit in 64 bits", err, err_len);
	if (n == 0)
		return bad_line(p, line, "expected a decimal size after ','", err, err_len);
	if (acc->size == 0)
		return bad_line(p, line, "size must be at least 1", err, err_len);
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s != '\0')
		return bad_line(p, line, "unexpected text after the size", err, err_len);
	acc->line = p->lines.line;
	return 1;
}

static int lackey_next(struct import_parser *base, struct import_access *acc,
		       char *err, size_t err_len)
{
	struct lackey_parser *p = (struct lackey_parser *)base;
	char *line;
	size_t len;
	int got;

	while ((got = line_reader_next(&p->lines, &line, &len, err, err_len)) > 0) {
		const char *s = line + 2;

		if (is_noise(line, len))
			continue;
		if (len >= 3 && line[0] == 'I' && line[1] == ' ') {
			if (p->data_only)
				continue;
			acc->kind = IMPORT_READ;
		} else if (len >= 3 && line[0] == ' ' && line[2] == ' ' &&
			   (line[1] == 'L' || line[1] == 'S' || line[1] == 'M')) {
			acc->kind = line[1] == 'L' ? IMPORT_READ
				    : line[1] == 'S' ? IMPORT_WRITE : IMPORT_MODIFY;
		} else {
			return bad_line(p, line, "not a lackey --trace-mem line", err, err_len);
		}
		while (*s == ' ')
			s++;
		return parse_operands(p, line, s, acc, err, err_len);
	}
	return got;
}

static int lackey_prepare(struct import_parser *base, char *err, size_t err_len)
{
	return line_reader_prepare_rewind(&((struct lackey_parser *)base)->lines, err, err_len);
}

static int lackey_rewind(struct import_parser *base, char *err, size_t err_len)
{
	struct lackey_parser *p = (struct lackey_parser *)base;

	return line_reader_rewind(&p->lines, err, err_len);
}

static void lackey_close(struct import_parser *base)
{
	struct lackey_parser *p = (struct lackey_parser *)base;

	line_reader_free(&p->lines);
	free(p->name);
	free(p);
}

struct event_source *import_lackey_open(const char *name, struct instream *in,
					const struct import_options *opt,
					char *err, size_t err_len)
{
	struct lackey_parser *p = calloc(1, sizeof *p);

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
	p->base.next = lackey_next;
	p->base.prepare = lackey_prepare;
	p->base.rewind = lackey_rewind;
	p->base.close = lackey_close;
	return import_source_create(name, &p->base, opt, err, err_len);
}
