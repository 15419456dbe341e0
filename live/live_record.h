/*
 * live/live_record.h: the trace of what the pager saw (docs/live.md,
 * "Recording"). Every event the live run hands the pager is one line of
 * this trace, in order; its line numbers are the --log's, whether or not
 * the text is kept and written out (--record).
 */
#ifndef MMUSIM_LIVE_RECORD_H
#define MMUSIM_LIVE_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

struct live_record {
	bool keep;          /* hold the text (for --record) */
	char *text;
	size_t len, cap;
	uint32_t line;      /* the last line's number */
	size_t *starts;     /* kept: where line n starts (index n - 1) */
	uint32_t starts_cap;
	uint64_t events;    /* lines that are events */
};

/* The header: a comment naming the program and one "# mmusim-set:" line
 * per configuration key, so that `mmusim run` replays under the same
 * configuration without being told (docs/trace.md). */
void record_init(struct live_record *r, bool keep, const struct mmusim_config *config,
		 char *const *argv);
void record_fini(struct live_record *r);
/* One event line (without the newline); returns its line number. */
uint32_t record_event(struct live_record *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append " => WHAT" to the last line (its outcome, known afterwards). */
void record_outcome(struct live_record *r, const char *what);
/* Replace kept line `line` by `text` (without the newline). */
void record_replace(struct live_record *r, uint32_t line, const char *text);
/* The kept text of line `line` (up to its newline), NULL when not kept. */
const char *record_text(const struct live_record *r, uint32_t line, size_t *len);
/* A string operand: "..." with the trace's escapes. */
void record_quote(const uint8_t *bytes, size_t len, char *out, size_t cap);
/* Write the trace to path, all or nothing; 0, or -1 with err. */
int record_write(const struct live_record *r, const char *path, char *err, size_t err_len);

#endif
