/*
 * sim/replay/steps.h: `mmusim run --steps`, the per-reference answers
 * (format: docs/steps.md). One line per access: hit or miss (and which
 * fault, if any), the page evicted, and the resident pages in the
 * policy's own order, as a classroom page-replacement table prints them.
 *
 *     struct steps s;
 *     steps_init(&s, stdout, &config);
 *     opt.on_note = steps_note; opt.note_ctx = &s;
 *     r = run_open(...);
 *     while ((st = run_step(r, ...)) == RUN_STEPPED)
 *         steps_event(&s, r);
 *     steps_summary(&s);
 *     steps_fini(&s);
 */
#ifndef MMUSIM_SIM_STEPS_H
#define MMUSIM_SIM_STEPS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "pager.h"
#include "run.h"

struct steps {
	FILE *out;
	const struct mmusim_config *config;
	bool header_done;
	/* What the current event did, from the pager's notes. */
	bool faulted, filled, read_disk, invalid;
	enum fault_cause cause;
	uint32_t victims[4];
	unsigned victim_count;
	/* The page each frame held after the last event (for the victim's
	 * name: by the time the eviction is noted, the frame is changing). */
	char (*labels)[24];
	uint32_t *order;
	uint64_t accesses, hits, misses, minor;
};

int steps_init(struct steps *s, FILE *out, const struct mmusim_config *config);
void steps_fini(struct steps *s);
/* A run_options.on_note callback (ctx: the struct steps). */
void steps_note(void *ctx, const struct pager_note *note);
/* After each RUN_STEPPED: a line when the event was an access. */
void steps_event(struct steps *s, const struct run *run);
/* The closing line: hits, misses, minor faults. */
void steps_summary(const struct steps *s);

/* The whole table of one run of `trace` (a run_trace with the table
 * instead of the report): the exit status of run_exit_code, err set when
 * it is not 0. */
int steps_run(const struct mmusim_config *config, const char *trace,
	      const struct run_options *options, FILE *out, char *err, size_t err_len);

/* A page's name as the table prints it: "7" for process 1's arena page 7,
 * "2:7" for another process's, "zero" for the zero page. */
void steps_page_name(const struct mmusim_config *config, int32_t pid, uint64_t vaddr,
		     char *buf, size_t cap);

#endif
