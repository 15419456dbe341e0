/*
 * sim/trace/trace_text_writer.h: events back to trace text (../shared/spec/trace.md),
 * for `mmusim convert --to text` and `mmusim mix`.
 *
 * One event a line, in the spelling the text reader reads back to the
 * same event: addresses in hexadecimal, other numbers in decimal, the
 * default size 1 left out, strings with the spec's escapes (\n \t \\ \"
 * \0, \xHH for other control bytes; bytes 0x80-0xff as they are, so UTF-8
 * stays readable), expectations as `=> ...`.
 *
 * With keep_lines, the writer adds blank lines so that each event lands
 * on the line its `line` field names whenever that line is still ahead:
 * a text trace converted to binary and back then has every event on its
 * original line, and sized stores write the same bytes (they depend on
 * the line). Events whose line is already behind (several events from one
 * imported line) go on the next line.
 */
#ifndef MMUSIM_TRACE_TEXT_WRITER_H
#define MMUSIM_TRACE_TEXT_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "event.h"
#include "event_sink.h"

/* A text writer to `out` (owned: fclosed by finish/discard). */
struct event_sink *trace_text_writer(FILE *out, const char *name, bool keep_lines,
				     char *err, size_t err_len);

/* Format ev as one line (no newline) into buf, which must hold at least
 * trace_write_line_max(ev) bytes; returns the length. */
size_t trace_write_line(char *buf, const struct trace_event *ev);
size_t trace_write_line_max(const struct trace_event *ev);

#endif
