/*
 * sim/trace/import/trace_output.h: write a trace file all or nothing, for convert and
 * mix. Events go to a temporary file beside the destination, which is
 * renamed over it only when every byte is written; after an error the
 * destination is untouched (no half-written trace).
 *
 * The format is text, or binary when asked or when the name (less a .gz
 * or .zst suffix) ends in ".btrace"; a name ending in .gz or .zst is
 * compressed (outstream.h). "-" writes to standard output, directly.
 */
#ifndef MMUSIM_SIM_TRACE_OUTPUT_H
#define MMUSIM_SIM_TRACE_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "event_sink.h"
#include "trace_binary.h"
#include "trace_open.h"

/* TRACE_BINARY or TRACE_TEXT, by the name. */
enum trace_format trace_output_format_for(const char *path);

struct trace_output;

/* `to`: TRACE_TEXT, TRACE_BINARY, or TRACE_AUTO (by the name). `info`:
 * the binary header (may be NULL); keep_lines: see trace_text_writer.h. NULL
 * with "PATH: reason" in err. */
struct trace_output *trace_output_create(const char *path, enum trace_format to,
					 const struct trace_binary_info *info,
					 bool keep_lines, char *err, size_t err_len);

struct event_sink *trace_output_sink(struct trace_output *out);

/* Finish the file and put it in place; 0, or -1 with err (the temporary
 * file is removed then). Frees `out` either way. */
int trace_output_commit(struct trace_output *out, char *err, size_t err_len);

/* Drop everything written; the destination is untouched. Frees `out`. */
void trace_output_abort(struct trace_output *out);

#endif
