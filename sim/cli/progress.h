/*
 * sim/cli/progress.h: a one-line progress note on standard error for long
 * work (convert of a large input, compare, sweep).
 *
 * Shown only when standard error is a terminal, and only once the work has
 * taken a second (MMUSIM_PROGRESS_DELAY_MS sets another delay, for
 * tests); then redrawn at most five times a second in place ("\r", erase
 * line) and erased by progress_end, so what stays on the terminal is the
 * command's own output. Not a terminal (a pipe, a file, CI): nothing.
 */
#ifndef MMUSIM_CLI_PROGRESS_H
#define MMUSIM_CLI_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct progress {
	FILE *out;              /* NULL: quiet */
	const char *command;    /* "convert" */
	uint64_t start_ms, last_ms, delay_ms;
	bool shown;
};

/* Progress for `command` on stderr (quiet when it is not a terminal). */
void progress_begin(struct progress *p, const char *command);
/* The note, printf-style ("1,234,567 events"), when it is due. */
void progress_note(struct progress *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Erase the note, if one was shown. */
void progress_end(struct progress *p);

/* v with a comma every three digits, into buf. */
const char *progress_grouped(uint64_t v, char *buf, size_t n);

#endif
