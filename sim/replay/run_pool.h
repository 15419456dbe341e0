/*
 * sim/replay/run_pool.h: replay one trace under many configurations at once, on
 * a pool of worker threads (compare, sweep, bench/bench_sweep.c).
 *
 *     struct run_job jobs[n];       // each: .config set, the rest zero
 *     run_pool(trace, &options, jobs, n, 0);
 *     // jobs[i].code, .result, .err: as run_trace() left them
 *
 * Workers pull the next job index from a shared counter and write only
 * their job's slot, so the results do not depend on which thread ran
 * what: the caller reads them in job order and its output is the same
 * whatever the number of workers. Each run is its own pager, machine,
 * shadow and trace reader (run.h); nothing else is shared but `options`,
 * which is only read (its log must be NULL).
 */
#ifndef MMUSIM_SIM_RUN_POOL_H
#define MMUSIM_SIM_RUN_POOL_H

#include <stddef.h>

#include "config.h"
#include "report.h"
#include "run.h"

struct run_job {
	struct mmusim_config config;  /* in */
	int code;                     /* out: run_trace's 0, 1 or 2 */
	struct run_result result;     /* out: complete when code is 0 */
	char err[1024];               /* out: the message when code is not 0 */
};

/* The number of online processors (at least 1). */
unsigned run_pool_cores(void);

/*
 * Run every job; `workers` 0 means run_pool_cores(). Never more threads
 * than jobs; with one worker (or when no thread can be started) the jobs
 * run on the calling thread. Returns the worst code of all jobs (2 > 1 >
 * 0), or -1 (nothing run) when options asks for a log.
 */
int run_pool(const char *trace_path, const struct run_options *options,
	     struct run_job *jobs, size_t count, unsigned workers);

/* run_pool, calling done(arg, finished, count) after each job ends (one
 * call at a time, from whichever thread ran it; for progress notes). */
int run_pool_watch(const char *trace_path, const struct run_options *options,
		   struct run_job *jobs, size_t count, unsigned workers,
		   void (*done)(void *arg, size_t finished, size_t count),
		   void *arg);

#endif
