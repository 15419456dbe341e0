/*
 * sim/cli/slurm_cli.h: compare and sweep through Slurm job arrays
 * (docs/slurm.md). The commands build their runs as they always do; then,
 * instead of replaying them here (batch_cli_run):
 *
 *   --slurm DIR      the grid goes into DIR (slurm_grid.h), one job array
 *                    runs it in tasks of --chunk runs (`mmusim sweep-task
 *                    DIR TASK`), a merge job after it prints what the local
 *                    command prints (`mmusim CMD --collect DIR`, into
 *                    DIR/merge.out); with --wait this command waits,
 *                    showing progress, and prints it itself;
 *   --collect DIR    the results come from DIR's result files, checked
 *                    against the grid; missing or refused tasks are named
 *                    and the command exits 1.
 *
 * `mmusim CMD --collect DIR` and `mmusim CMD --resume DIR [--wait]` (the
 * whole command line) are slurm_cli_dir_main: the command line stored in
 * the grid is run again, in the folder it was given in, with --collect.
 */
#ifndef MMUSIM_SIM_SLURM_CLI_H
#define MMUSIM_SIM_SLURM_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "run.h"
#include "run_pool.h"
#include "slurm_grid.h"

struct slurm_cli {
	const char *dir;             /* --slurm DIR; NULL: run here */
	const char *collect;         /* --collect DIR: results from DIR */
	struct slurm_submit_options submit;
	size_t chunk;                /* --chunk: runs per task (default 1) */
	bool wait;                   /* --wait */
	int argc;                    /* the command line, for the grid */
	char **argv;
};

#define SLURM_CLI_USAGE                                                       \
	"  --slurm DIR        run through Slurm: the grid into DIR (shared by\n" \
	"                     the nodes), one job array, a merge job printing\n" \
	"                     the result into DIR/merge.out (docs/slurm.md)\n"   \
	"  --partition P, --time T\n"                                            \
	"                     sbatch's --partition and --time for every job\n"   \
	"  --chunk N          runs per array task (default 1)\n"                 \
	"  --max-running N    at most N tasks at a time (--array=...%N)\n"       \
	"  --sbatch-arg ARG   one more sbatch argument (repeatable), e.g.\n"     \
	"                     --sbatch-arg=--account=proj\n"                     \
	"  --wait             wait for the jobs, show progress, print the\n"     \
	"                     result here\n"                                     \
	"  --collect DIR      print the result of the Slurm run in DIR; exit 1\n"\
	"                     naming the tasks that have none\n"                 \
	"  --resume DIR       submit again the tasks of DIR that have no\n"     \
	"                     result (with --wait: wait, then print)\n"

/* 0, or -1 when out of memory (room for argc --sbatch-arg values). */
int slurm_cli_init(struct slurm_cli *s, int argc);
void slurm_cli_free(struct slurm_cli *s);

/* Like batch_cli_option: 1 taken, 0 not one of these, -1 bad (printed). */
int slurm_cli_option(struct slurm_cli *s, const char *command, int argc,
		     char **argv, int *i);

/* --slurm or --collect given. */
bool slurm_cli_active(const struct slurm_cli *s);

/*
 * Through Slurm or from DIR (slurm_cli_active). Returns 0 when the jobs
 * hold their codes, results and messages as run_pool would have left them
 * (result.config and trace_path filled); otherwise the command stops with
 * *code: 0 submitted (nothing to print), 1 tasks without results, 2 bad
 * input or Slurm refused. Messages are printed as "mmusim CMD: ...".
 */
int slurm_cli_run(const struct slurm_cli *s, const char *command,
		  const char *trace, const struct run_options *options,
		  struct run_job *jobs, size_t count,
		  const char *(*label)(const void *ctx, size_t job),
		  const void *ctx, int *code);

/* argv is `CMD --collect DIR` or `CMD --resume DIR [--wait]`. */
bool slurm_cli_is_dir_command(int argc, char **argv);

/* Run it; `command` is the command's own entry (cmd_sweep), given the
 * stored command line with --collect DIR. Returns the exit status. */
int slurm_cli_dir_main(const char *command, int argc, char **argv,
		       int (*command_main)(int argc, char **argv));

#endif
