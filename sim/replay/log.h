/*
 * sim/replay/log.h: the --log writer (format: docs/log.md).
 *
 * One line per pager-visible event, each starting with the trace line it
 * happened on. Lines are buffered and written out between events, so an
 * event's header ("map swap pid=1 => 0x600000000") can be placed before
 * the pager work it caused even though its result is known only after.
 */
#ifndef MMUSIM_SIM_LOG_H
#define MMUSIM_SIM_LOG_H

#include <stdint.h>
#include <stdio.h>

#include "pager.h"

struct run_log {
	FILE *out;
	char *buf;
	size_t len, cap;
	size_t mark;      /* where the current event's lines start */
	uint32_t line;    /* the current event's trace line */
};

void log_init(struct run_log *log, FILE *out);
/* Writes what is buffered, then frees the buffer. */
void log_fini(struct run_log *log);
/* A new event on trace line `line`: later headers go here. */
void log_begin(struct run_log *log, uint32_t line);
/* The current event's header, placed before every line it caused so far. */
void log_header(struct run_log *log, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A line now (after what is already logged). */
void log_line(struct run_log *log, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The line for one pager note. */
void log_note(struct run_log *log, const struct pager_note *note);
/* Write out what is buffered. */
void log_flush(struct run_log *log);

/* Bytes as a C string literal ("..." with \" \\ \n \t \0 \xHH escapes),
 * cut with "..." after the quote when it does not fit in cap. */
const char *log_quote(const uint8_t *bytes, size_t len, char *buf, size_t cap);

/* Names used in the log and the report. */
const char *log_cause_name(enum fault_cause cause);

#endif
