/*
 * sim/cli/slurm_jobs.h: talking to Slurm for a sweep in DIR: the job
 * scripts, `sbatch` of the task arrays and the merge job, `scontrol show
 * config` for MaxArraySize, `squeue` and `scancel`. Every Slurm program is
 * run by name from PATH (sbatch, scontrol, squeue, scancel), with the
 * environment as it is (SLURM_CONF and the like); their standard error
 * goes to ours, so Slurm's own messages reach the user.
 *
 * DIR/jobs lists what was submitted, one line each, oldest first:
 *     array JOBID FIRST_TASK INDICES      (task = FIRST_TASK + index)
 *     merge JOBID
 */
#ifndef MMUSIM_SIM_SLURM_JOBS_H
#define MMUSIM_SIM_SLURM_JOBS_H

#include <stdbool.h>
#include <stddef.h>

#include "slurm_grid.h"

/* Run argv[0] (from PATH) with argv; its standard output, cut to
 * out_len - 1 bytes, in out. Its exit status, or -1 with err when it could
 * not be run at all. */
int slurm_exec(char *const argv[], char *out, size_t out_len, char *err,
	       size_t err_len);

/* MaxArraySize from `scontrol show config`. 0, or -1 with err. */
int slurm_max_array_size(size_t *size, char *err, size_t err_len);

/* Write DIR/task.sh and DIR/merge.sh (#!/bin/bash) running `mmusim`
 * (the absolute path `binary`). 0, or -1 with err. */
int slurm_write_scripts(const char *dir, const char *binary,
			const char *command, char *err, size_t err_len);

/* What one submission made. */
struct slurm_submission {
	char arrays[1024];    /* "12,15": the array jobs' ids */
	char merge[32];       /* the merge job's id */
	size_t array_count;
};

/*
 * Submit tasks[0 .. count-1] (ascending) as job arrays of at most
 * `max_array` indices each (index = task - the array's first task), at
 * most g->submit.max_running at a time, then the merge job after all of
 * them (--dependency=afterok); append each to DIR/jobs. 0, or -1 with err
 * (arrays submitted before the failure stay; DIR/jobs lists them).
 */
int slurm_submit_tasks(const char *dir, const struct slurm_grid *g,
		       const size_t *tasks, size_t count, size_t max_array,
		       struct slurm_submission *made, char *err,
		       size_t err_len);

/* Is any of the jobs ("12,15") still pending or running? false also
 * when squeue cannot tell (the jobs are long gone). */
bool slurm_jobs_active(const char *ids);

/* The id of the last merge job DIR/jobs lists ("" when none) into id. */
void slurm_last_merge(const char *dir, char *id, size_t id_len);

/* scancel the job (its messages, if any, on standard error). */
void slurm_cancel(const char *id);

#endif
