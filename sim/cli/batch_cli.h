/*
 * sim/cli/batch_cli.h: what compare and sweep share: the options that say how
 * to replay (--set, --from, --jobs, --check, --no-shadow) and print
 * (--json, --csv, --metric), running the jobs (here, or through Slurm:
 * slurm_cli.h), and reporting the runs that failed.
 */
#ifndef MMUSIM_SIM_BATCH_CLI_H
#define MMUSIM_SIM_BATCH_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "cli_options.h"
#include "config.h"
#include "metric.h"
#include "result_table.h"
#include "run.h"
#include "run_pool.h"
#include "slurm_cli.h"
#include "trace_open.h"

struct batch_cli {
	const char *command;          /* "compare": messages say "mmusim compare: " */
	struct cli_config sets;       /* --set KEY=VALUE, for every config (no --config) */
	enum result_format format;    /* --json, --csv */
	enum trace_format from;       /* --from */
	unsigned jobs;                /* --jobs; 0: every core */
	struct run_options options;   /* --check, --check-data (shadow) */
	enum metric metric;           /* --metric (default misses) */
	struct slurm_cli slurm;       /* --slurm DIR and the like */
};

/* The usage lines of these options. */
extern const char batch_cli_usage[];

/* 0, or -1 when out of memory (room for argc --set values). */
int batch_cli_init(struct batch_cli *b, const char *command, int argc);
void batch_cli_free(struct batch_cli *b);

/* If argv[*i] is one of these options, take it (and its value, moving *i
 * on): 1; not one of them: 0; a bad one: -1, the message printed. */
int batch_cli_option(struct batch_cli *b, int argc, char **argv, int *i);

/* Load `path` (NULL: the defaults) with the --set values, then `extra`
 * ("KEY=VALUE", may be NULL) over them, and check it suits the trace
 * format. 0, or -1 with "FILE: KEY: what" (or "--set KEY: what") in err. */
int batch_cli_load(const struct batch_cli *b, const char *path,
		   const char *const *extra, int extra_count,
		   struct mmusim_config *config, char *err, size_t err_len);

/* The trace can be replayed once per job: not standard input. 0, or -1
 * with the message printed. */
int batch_cli_check_trace(const struct batch_cli *b, const char *trace);

/* batch_cli_run's answer when the jobs went to Slurm and there is
 * nothing to print: the command exits 0. */
#define BATCH_SUBMITTED 3

/* Run the jobs on the pool (or through Slurm, or take their results from
 * --collect's folder: slurm_cli.h). Prints "mmusim CMD: LABEL: error" for
 * each failed job, in job order (label(ctx, i) names job i), and returns
 * the worst exit code (0, 1, 2), or BATCH_SUBMITTED. */
int batch_cli_run(const struct batch_cli *b, const char *trace,
		  struct run_job *jobs, size_t count,
		  const char *(*label)(const void *ctx, size_t job),
		  const void *ctx);

/* Print rows to stdout in the chosen format; 0, or 2 with a message. */
int batch_cli_print(const struct batch_cli *b,
		    const struct result_column *columns, size_t column_count,
		    const void *ctx, size_t rows);

#endif
