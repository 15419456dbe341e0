/*
 * sim/trace/trace_text.h: the text trace reader (../shared/spec/trace.md,
 * docs/trace.md for every decision the spec leaves open).
 *
 * Each constructor returns an event_source whose fill() writes up to `cap`
 * events and returns how many, 0 at the end of the trace, or -1 with
 * "NAME:LINE: what is wrong" in err (1-based physical lines; NAME is the
 * path or name given, "<stdin>" for "-"). Events of lines before a bad line
 * are handed out first; once fill() has returned -1 it keeps returning -1
 * with the same message. The `text` of EV_READ_TEXT and EV_WRITE_TEXT events
 * stays valid until the next fill() or close() of the same source.
 * close() frees everything (and closes the file the source opened).
 *
 * Memory does not grow with the trace's length: the reader keeps one chunk
 * (1 MiB) plus the longest line seen, up to a limit of 64 MiB per line.
 */
#ifndef MMUSIM_SIM_TRACE_TEXT_H
#define MMUSIM_SIM_TRACE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "event.h"

/* Open a text trace; NULL with "PATH: reason" in err on failure. "-" = stdin. */
struct event_source *trace_text_open(const char *path, char *err, size_t err_len);

/* Parse from a memory buffer (tests, importers); `name` is used in messages.
 * The buffer is copied. */
struct event_source *trace_text_open_buffer(const char *name, const char *data,
					    size_t len, char *err, size_t err_len);

/* Read from an open stream (a decompressing fopencookie stream, a pipe);
 * `name` is used in messages. With close_file the source fcloses `f` on
 * close(); it never does otherwise. On failure returns NULL and leaves `f`
 * open whatever close_file says. */
struct event_source *trace_text_open_stream(const char *name, FILE *f,
					    bool close_file, char *err,
					    size_t err_len);

#endif
