/*
 * sim/trace/import/import.h: other tools' traces as mmusim events (docs/trace-formats.md,
 * "Importers"): valgrind lackey, Dinero's din, and plain lists of pages or
 * addresses.
 *
 * An importer turns each access of the traced program into `r`/`w` events
 * of one process (PID 1) whose arena holds the program's pages compacted
 * in first-touch order:
 *
 *   start 1
 *   switch 1
 *   map swap                          arena page 0: the name page
 *   w ARENA_BASE "pages.bin"          the data file's name, for map file
 *   ...for each program page K, in first-touch order:
 *   map file ARENA_BASE K             if its first touch is a read
 *   map swap                          if its first touch is a write
 *   ...for each access, split at the program's page boundaries:
 *   r|w ADDR' SIZE'                   ADDR' = ARENA_BASE + (K + 1) * PAGE + offset
 *   exit                              at the end of the input
 *
 * so every imported page takes a frame on its first touch, like a page of
 * the traced program would (a page first read is backed by file content,
 * so even its first read faults and reads; a page first written is a
 * fresh swap page, zero-filled). All maps come first, so the name page is
 * only read while mapping, before the program runs, and is the first page
 * any policy evicts: replacement then sees the program's pages alone.
 * That takes two passes over the input (a pipe is kept in a temporary
 * file for the second); with single_pass each map comes just before its
 * page's first touch instead, and the name page is read at each.
 *
 * The data file `pages.bin` must exist in the trace's folder (an empty
 * file will do: every block of it reads as zeroes):
 * import_ensure_data_file() makes one.
 *
 * Errors name the input line: "NAME:LINE: what is wrong". Events carry the
 * input line they come from (saturating at 2^32 - 1).
 */
#ifndef MMUSIM_SIM_IMPORT_H
#define MMUSIM_SIM_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "instream.h"

#define IMPORT_DATA_FILE "pages.bin"   /* relative to the trace's folder */
enum { IMPORT_PID = 1 };

struct import_options {
	uint32_t page_size;    /* the config's page size and arena base: */
	uint64_t arena_base;   /* checked with page_geometry_init (page_geometry.h) */
	uint64_t arena_pages;  /* if not 0: fail once the program touches more
				  pages than the arena holds (less the name page) */
	uint64_t limit;        /* if not 0: stop after this many input accesses */
	bool data_only;        /* leave out instruction fetches (lackey I, din 2) */
	bool page_numbers;     /* plain lists: numbers are page numbers, not addresses */
	bool single_pass;      /* read the input once: map each page at its first
				  touch, not all up front (see above) */
};

/* Each takes the instream (closed by the source's close(), or at once on
 * failure); `name` names the input in messages and is event_source.path. */
struct event_source *import_lackey_open(const char *name, struct instream *in,
					const struct import_options *opt,
					char *err, size_t err_len);
struct event_source *import_din_open(const char *name, struct instream *in,
				     const struct import_options *opt,
				     char *err, size_t err_len);
struct event_source *import_list_open(const char *name, struct instream *in,
				      const struct import_options *opt,
				      char *err, size_t err_len);

/* Make sure IMPORT_DATA_FILE exists in the folder of `trace_path` (an
 * empty regular file is created if nothing is there). 0, or -1 with
 * "PATH: reason" in err (something else of that name, no write access). */
int import_ensure_data_file(const char *trace_path, char *err, size_t err_len);

#endif
