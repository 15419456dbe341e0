/*
 * sim/replay/run.h: replay a trace against a pager on the machine (trace.md's
 * semantics; docs/machine.md for the choices). Used by `mmusim run` and,
 * through the same calls, by compare, sweep and the visualiser.
 *
 * Whole runs:
 *     struct run_options opt;
 *     run_options_default(&opt);
 *     struct run_result res;
 *     int code = run_trace(&config, "traces/x.trace", &opt, &res, err, n);
 *     // code: 0 done (res complete), 1 a check failed, 2 bad input
 *
 * Step by step (the visualiser):
 *     struct run *r = run_open(&config, path, &opt, err, n);
 *     while ((s = run_step(r, err, n)) == RUN_STEPPED)
 *         look at run_pager(r), run_machine(r), run_last_event(r) ...
 *     run_result(r, &res); run_close(r);
 *
 * Nothing here prints except the log (options.log); errors come back in
 * err as "TRACE:LINE: what is wrong".
 */
#ifndef MMUSIM_SIM_RUN_H
#define MMUSIM_SIM_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "config.h"
#include "event.h"
#include "pager.h"
#include "report.h"
#include "sim_machine.h"
#include "trace_open.h"

/* Whether the machine keeps the pages' bytes (docs/machine.md,
 * "Data-less replay"). Counters and cycles are the same either way. */
enum run_data {
	/* Data-less when nothing needs the bytes (no shadow, no write_files,
	 * no log, no on_note) and run_trace can read the trace again: a run
	 * that turns out to need them (`r ADDR "TEXT"`, a `map file` name
	 * in bytes not kept) is replayed from the start with them. run_open
	 * alone cannot start again: there AUTO keeps the bytes. */
	RUN_DATA_AUTO,
	RUN_DATA_KEEP,     /* physical memory holds every byte */
	/* Data-less, always (--no-data; shadow and write_files must be
	 * off): a trace that needs the bytes is bad input (exit 2). */
	RUN_DATA_NONE,
};

struct run_options {
	bool shadow;       /* verify every byte read (default true) */
	enum run_data data; /* default RUN_DATA_AUTO */
	bool check;        /* pager_check + TLB coherence after every event */
	bool write_files;  /* file write-backs go to the real files */
	FILE *log;         /* the --log lines (docs/log.md); NULL: none */
	/* The trace's format (--from): TRACE_AUTO reads text or binary,
	 * compressed or not; importers compact to the run's page size. */
	enum trace_format from;
	/* Told every pager note, in order, after the machine charged it
	 * (the visualiser's animation); NULL: nobody. */
	void (*on_note)(void *ctx, const struct pager_note *note);
	void *note_ctx;
	/* --warmup N: after the N-th event every counter and the cycle count
	 * go back to zero, as after a `reset` line (0: no warm-up). A trace
	 * of fewer events is bad input: its warm-up never ended. */
	uint64_t warmup;
};

void run_options_default(struct run_options *options);

enum run_status {
	RUN_STEPPED,       /* one event replayed; call run_step again */
	RUN_DONE,          /* the trace ended: run_result is complete */
	RUN_CHECK_FAILED,  /* an expectation, the shadow or --check failed */
	RUN_BAD_INPUT,     /* the trace (or its opening) is wrong */
};

/* The exit status of a final state: 0, 1 (check failed), 2 (bad input). */
int run_exit_code(enum run_status status);

struct run;

/* NULL with err set (exit status 2): a trace that cannot be opened, a
 * configuration the machine or the pager rejects. */
struct run *run_open(const struct mmusim_config *config,
		     const char *trace_path, const struct run_options *options,
		     char *err, size_t err_len);
/* Replay one event. After anything but RUN_STEPPED, every later call
 * returns the same status (and message). */
enum run_status run_step(struct run *run, char *err, size_t err_len);
/* Replay to the end (or the first failure). */
enum run_status run_all(struct run *run, char *err, size_t err_len);
/* The figures so far (complete once run_step returned RUN_DONE). */
void run_result(const struct run *run, struct run_result *out);
void run_close(struct run *run);

/* Read-only state, for the visualiser and tests. */
const struct pager *run_pager(const struct run *run);
const struct machine *run_machine(const struct run *run);
/* The event run_step replayed last (NULL before the first). */
const struct trace_event *run_last_event(const struct run *run);
/* Where the measurement window starts (report.h); .set false while
 * every event so far is measured. */
const struct run_window *run_window(const struct run *run);
/* Events replayed so far; the running pid (-1: none). */
uint64_t run_events(const struct run *run);
int32_t run_current_pid(const struct run *run);
/* The number of the first event not yet replayed (run_events() or later)
 * that accesses the page of vaddr in pid; UINT64_MAX when none does, or
 * when the run has no future (only a policy that needs_future has one). */
uint64_t run_next_use(const struct run *run, int32_t pid, uint64_t vaddr);

/* The whole run: returns run_exit_code of its end; *out is filled only
 * when the result is 0. With RUN_DATA_AUTO it may replay the trace twice
 * (above). */
int run_trace(const struct mmusim_config *config, const char *trace_path,
	      const struct run_options *options, struct run_result *out,
	      char *err, size_t err_len);

#endif
