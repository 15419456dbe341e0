/*
 * sim/cli/slurm_grid.h: a sweep (or compare) as files in a folder, so that
 * Slurm tasks on other nodes can run its parts and anyone can gather them
 * (docs/slurm.md has the layout):
 *
 *     DIR/grid.json        the command, its trace (absolute path and
 *                          SHA-256), the replay options, the chunking and
 *                          one entry per run: label, configuration file
 *                          and the run's hash
 *     DIR/configs/RUN.json every run's full configuration
 *     DIR/results/TASK.json the figures of one task's runs, written all or
 *                          nothing (atomic_file.h) by `mmusim sweep-task`
 *
 * A run's hash is the SHA-256 of its configuration's JSON and the replay
 * options; each result carries it, and the trace's hash, so a result file
 * made for another grid (stale, or copied from elsewhere) is refused.
 * Task T runs the runs T*chunk .. T*chunk+chunk-1 (fewer in the last).
 */
#ifndef MMUSIM_SIM_SLURM_GRID_H
#define MMUSIM_SIM_SLURM_GRID_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "content_hash.h"
#include "run.h"
#include "run_pool.h"

#define SLURM_LABEL_MAX 256

struct slurm_run {
	char label[SLURM_LABEL_MAX];     /* "memory_pages=4, policy fifo" */
	char hash[CONTENT_HASH_HEX];     /* slurm_run_hash of its config */
};

/* How the jobs were submitted, kept for --resume. */
struct slurm_submit_options {
	const char *partition, *time;    /* NULL: Slurm's default */
	unsigned max_running;            /* 0: no limit */
	const char **sbatch_args;        /* passed to sbatch as they are */
	size_t sbatch_arg_count;
};

struct slurm_grid {
	char *command;                   /* "sweep" or "compare" */
	char **argv;                     /* the local command line, argv[0] the
					    command, no Slurm options */
	int argc;
	char *cwd;                       /* the folder it was given in */
	char *trace;                     /* absolute path */
	char trace_hash[CONTENT_HASH_HEX];
	struct run_options options;      /* from, check, shadow */
	size_t chunk, tasks, run_count;
	struct slurm_run *runs;
	struct slurm_submit_options submit;
	void *owned;                     /* what a read grid holds (strings) */
};

/* The hash of one run: its configuration's JSON and the options' from,
 * check and shadow. */
void slurm_run_hash(const struct mmusim_config *config,
		    const struct run_options *options,
		    char hex[CONTENT_HASH_HEX]);

/* Tasks for `runs` runs of `chunk` each. */
size_t slurm_grid_task_count(size_t runs, size_t chunk);
/* The runs of task `task`: the first and how many. */
void slurm_grid_task_runs(const struct slurm_grid *g, size_t task,
			  size_t *first, size_t *count);

/*
 * Make DIR (and configs/, results/, logs/ in it) and write every run's
 * configuration and grid.json; g->runs' hashes are filled from the jobs'
 * configs. Refuses a DIR that holds a grid already. 0, or -1 with
 * "DIR...: what" in err.
 */
int slurm_grid_write(const char *dir, struct slurm_grid *g,
		     const struct run_job *jobs, char *err, size_t err_len);

/* Read DIR/grid.json into g (free with slurm_grid_free). 0, or -1 with
 * "DIR/grid.json: what" in err. */
int slurm_grid_read(const char *dir, struct slurm_grid *g, char *err,
		    size_t err_len);
void slurm_grid_free(struct slurm_grid *g);

/* Load run `run`'s configuration from DIR/configs/RUN.json and check its
 * hash against the grid's. 0, or -1 with err. */
int slurm_grid_load_config(const char *dir, const struct slurm_grid *g,
			   size_t run, struct mmusim_config *config,
			   char *err, size_t err_len);

/* Write DIR/results/TASK.json from jobs[0 .. count-1], the task's runs
 * (code, figures, message), all or nothing. 0, or -1 with err. */
int slurm_result_write(const char *dir, const struct slurm_grid *g,
		       size_t task, const struct run_job *jobs, char *err,
		       size_t err_len);

enum slurm_result {
	SLURM_RESULT_OK,       /* jobs[first .. first+count-1] filled */
	SLURM_RESULT_MISSING,  /* no file */
	SLURM_RESULT_REFUSED,  /* a file, not this grid's: why says so */
};

/* Read DIR/results/TASK.json into the task's slots of jobs (indexed by
 * run; code, result figures and err; result.config is left as it was). */
enum slurm_result slurm_result_read(const char *dir,
				    const struct slurm_grid *g, size_t task,
				    struct run_job *jobs, char *why,
				    size_t why_len);

#endif
