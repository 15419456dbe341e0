/*
 * sim/trace/import/import_lines.c: a line_reader behind the import_parser interface.
 * A line stays current while the format finds accesses in it (p->rest
 * set); a rewind drops it.
 */
#include "import_lines.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int lines_next(struct import_parser *base, struct import_access *acc,
		      char *err, size_t err_len)
{
	struct import_lines *p = (struct import_lines *)base;
	int got;

	for (;;) {
		if (p->rest) {
			const char *line = p->rest;

			p->rest = NULL;   /* formats with one access a line never set it */
			got = p->parse_line(p, line, p->len - (size_t)(line - p->text), acc,
					    err, err_len);
			if (got > 0)
				acc->line = p->lines.line;
			if (got != 0)
				return got;
		}
		got = line_reader_next(&p->lines, &p->text, &p->len, err, err_len);
		if (got <= 0)
			return got;
		p->rest = p->text;
	}
}

static int lines_prepare(struct import_parser *base, char *err, size_t err_len)
{
	return line_reader_prepare_rewind(&((struct import_lines *)base)->lines, err, err_len);
}

static int lines_rewind(struct import_parser *base, char *err, size_t err_len)
{
	struct import_lines *p = (struct import_lines *)base;

	p->rest = NULL;
	return line_reader_rewind(&p->lines, err, err_len);
}

static void lines_close(struct import_parser *base)
{
	struct import_lines *p = (struct import_lines *)base;

	line_reader_free(&p->lines);
	free(p->name);
	free(p);
}

struct event_source *import_lines_open(const char *name, struct instream *in,
				       const struct import_options *opt,
				       import_line_fn *parse_line, char *err, size_t err_len)
{
	struct import_lines *p = calloc(1, sizeof *p);

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
	p->opt = *opt;
	p->parse_line = parse_line;
	p->base.next = lines_next;
	p->base.prepare = lines_prepare;
	p->base.rewind = lines_rewind;
	p->base.close = lines_close;
	return import_source_create(name, &p->base, opt, err, err_len);
}

int import_lines_error(const struct import_lines *p, const char *what, const char *quote,
		       int shown, char *err, size_t err_len)
{
	snprintf(err, err_len, "%s:%" PRIu64 ": %s: '%.*s'", p->name, p->lines.line, what,
		 shown, quote);
	return -1;
}

int import_lines_bad_line(const struct import_lines *p, const char *what,
			  char *err, size_t err_len)
{
	return import_lines_error(p, what, p->text, IMPORT_LINES_SHOWN, err, err_len);
}
