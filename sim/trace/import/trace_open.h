/*
 * sim/trace/import/trace_open.h: open a trace in any format mmusim reads, as an
 * event_source (docs/trace-formats.md). run, compare, sweep, convert and
 * mix all open traces here.
 *
 * Any input may be gzip- or zstd-compressed: it is recognised by its
 * first bytes and decompressed on the fly. TRACE_AUTO reads text and
 * binary traces (a binary one starts with "MMUSIMTR"); importable formats
 * are never guessed and must be named.
 */
#ifndef MMUSIM_SIM_TRACE_OPEN_H
#define MMUSIM_SIM_TRACE_OPEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

enum trace_format {
	TRACE_AUTO,     /* text or binary, by the header */
	TRACE_TEXT,
	TRACE_BINARY,
	TRACE_LACKEY,   /* valgrind --tool=lackey --trace-mem=yes */
	TRACE_DIN,      /* Dinero din: LABEL ADDRESS [SIZE] */
	TRACE_PAGES,    /* list of page numbers */
	TRACE_ADDRS,    /* list of byte addresses */
	TRACE_FORMAT_COUNT
};

/* "auto", "text", "binary", "lackey", "din", "pages", "addrs". */
bool trace_format_parse(const char *name, enum trace_format *format);
const char *trace_format_name(enum trace_format format);
bool trace_format_is_import(enum trace_format format);
/* "text|binary|lackey|din|pages|addrs", for usage messages. */
const char *trace_format_list(void);

struct trace_open_options {
	enum trace_format format;
	uint32_t page_size;     /* the config's page size (importers compact to it;
				   a binary trace made for another one is refused);
				   0: importers use 65536, nothing is checked */
	uint64_t arena_base;    /* the config's arena base (as page_size) */
	uint64_t arena_pages;   /* importers: refuse programs with more pages; 0 = no check */
	uint64_t limit;         /* importers: stop after this many accesses; 0 = all */
	bool data_only;         /* importers: leave out instruction fetches */
	bool ensure_data_file;  /* importers: create pages.bin beside the trace if missing */
};

/* The options for a run under a config: the importers' data file is made
 * if missing, nothing else beyond page size and arena base is set. */
struct trace_open_options trace_open_defaults(enum trace_format format,
					      uint32_t page_size, uint64_t arena_base);

/* Whether `path` can be read more than once, from its start each time:
 * only a regular file can (not "-", a FIFO, a pipe like /dev/stdin, or a
 * device). 0, or -1 with "PATH: why" in err; `why` says what needs to
 * read it again (e.g. "policy opt reads the trace ahead"). A path that
 * cannot be looked at is "PATH: No such file or directory" (or so). */
int trace_rereadable(const char *path, const char *why, char *err, size_t err_len);

/* Open `path` ("-" = standard input). NULL with "PATH: reason" in err. */
struct event_source *trace_open(const char *path, enum trace_format format,
				uint32_t page_size, uint64_t arena_base,
				char *err, size_t err_len);

struct event_source *trace_open_with(const char *path, const struct trace_open_options *opt,
				     char *err, size_t err_len);

#endif
