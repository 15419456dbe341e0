/*
 * sim/trace/import/import_source.h: the part every importer shares (first-touch
 * compaction, the map events it implies, splitting at page boundaries),
 * behind a parser that only turns input lines into accesses.
 */
#ifndef MMUSIM_SIM_IMPORT_SOURCE_H
#define MMUSIM_SIM_IMPORT_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "import.h"

enum import_kind { IMPORT_READ, IMPORT_WRITE, IMPORT_MODIFY /* read, then write */ };

struct import_access {
	uint64_t addr;    /* in the traced program's address space */
	uint64_t size;    /* >= 1 */
	uint64_t line;    /* input line, for events and messages */
	uint8_t kind;     /* enum import_kind */
};

/* A parser hands out the input's accesses one by one.
 *   next:    1 with *acc filled, 0 at the end of the input, or -1 with
 *            "NAME:LINE: what is wrong" in err.
 *   prepare: before the first next(): make rewind() possible; 0 or -1.
 *   rewind:  start again from the first line; 0 or -1.
 *   close:   free the parser and its input. */
struct import_parser {
	int (*next)(struct import_parser *p, struct import_access *acc,
		    char *err, size_t err_len);
	int (*prepare)(struct import_parser *p, char *err, size_t err_len);
	int (*rewind)(struct import_parser *p, char *err, size_t err_len);
	void (*close)(struct import_parser *p);
};

/* A source of the parser's accesses as mmusim events (see import.h); it
 * owns the parser (closed at once if this fails). */
struct event_source *import_source_create(const char *name, struct import_parser *parser,
					  const struct import_options *opt,
					  char *err, size_t err_len);

#endif
