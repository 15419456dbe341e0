/*
 * sim/trace/trace_binary.h: mmusim's binary trace format, version 1 (the layout
 * is specified in docs/trace-formats.md; this header is its contract in C).
 *
 * A file is a 32-byte header followed by 24-byte little-endian records,
 * one per event; the bytes of `r/w ADDR "TEXT"` follow their record,
 * padded with zeroes to whole records, and an expected value (`=> N`)
 * follows its event in a record of its own. Every record carries the
 * event's source line, so a trace converted from text replays exactly as
 * the text does (sized stores write bytes derived from their line).
 *
 * The reader checks every record as strictly as the text reader checks a
 * line (what the text form cannot say, the binary form cannot either), and
 * names the record in errors: "NAME: record N: what is wrong" (records
 * counted from 1 after the header).
 */
#ifndef MMUSIM_SIM_TRACE_BINARY_H
#define MMUSIM_SIM_TRACE_BINARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"
#include "event_sink.h"
#include "instream.h"

#define TRACE_BINARY_MAGIC "MMUSIMTR"
enum {
	TRACE_BINARY_MAGIC_LEN = 8,
	TRACE_BINARY_VERSION = 1,
	TRACE_BINARY_HEADER_SIZE = 32,
	TRACE_BINARY_RECORD_SIZE = 24,
};

/* Header flags; a reader rejects a file with a flag it does not know. */
enum trace_binary_flag {
	TRACE_BINARY_IMPORTED = 1u << 0,    /* made by an importer (lackey, din, pages) */
	TRACE_BINARY_KNOWN_FLAGS = TRACE_BINARY_IMPORTED,
};

/* What the header says besides magic, version and sizes. */
struct trace_binary_info {
	uint32_t flags;        /* enum trace_binary_flag */
	uint32_t page_size;    /* the page size the trace was made for; 0 = any */
	uint64_t arena_base;   /* the arena base it was made for; 0 = any */
};

/* Does this 8-byte prefix start a binary trace? */
bool trace_binary_is_magic(const void *head, size_t len);

/* Open a binary trace file ("-" = stdin; gzip and zstd are decompressed).
 * NULL with "PATH: reason" in err. */
struct event_source *trace_binary_open(const char *path, char *err, size_t err_len);

/* Read from an instream, which the source then owns (closed by close(),
 * or at once if opening fails). `name` is the path for messages and
 * event_source.path. */
struct event_source *trace_binary_open_instream(const char *name, struct instream *in,
						char *err, size_t err_len);

/* The header of a source made by this reader; false for any other source. */
bool trace_binary_source_info(const struct event_source *src,
			      struct trace_binary_info *info);

/* A writer to `out` (which the sink owns and fcloses in finish/discard);
 * the header is written first. `name` is used in messages. */
struct event_sink *trace_binary_writer(FILE *out, const char *name,
				       const struct trace_binary_info *info,
				       char *err, size_t err_len);

#endif
