/*
 * sim/cli/cmd_sweep_task.c: `mmusim sweep-task DIR TASK [--jobs N]`: one
 * task of a sweep or compare submitted with --slurm DIR (what DIR/task.sh
 * runs on a node): check the trace against the grid's hash, replay the
 * task's runs and write DIR/results/TASK.json, all or nothing.
 * docs/slurm.md is the user's side.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_options.h"
#include "import_cli.h"
#include "run_pool.h"
#include "slurm_grid.h"

static const char usage_text[] =
	"usage: mmusim sweep-task DIR TASK [--jobs N]\n"
	"\n"
	"Run task TASK (from 0) of the Slurm sweep or compare in DIR and\n"
	"write DIR/results/TASK.json, all or nothing. Slurm's job array runs\n"
	"this (DIR/task.sh); run it by hand to redo one task.\n"
	"\n"
	"  --jobs N    replay N runs at a time (default 1: one per CPU Slurm\n"
	"              gave the task)\n"
	"  --help      this text\n"
	"\n"
	"Exit status: 0 the result written (a run that failed is in it, and\n"
	"--collect reports it), 2 bad input: no such task, a grid that cannot\n"
	"be read, a trace that changed since submission, the result not\n"
	"written.\n";

struct task_args {
	const char *dir, *task;
	uint64_t jobs;
	bool help;
};

static int parse(int argc, char **argv, struct task_args *a)
{
	a->jobs = 1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			a->help = true;
		} else if (cli_is_option(argv[i], "--jobs")) {
			const char *v = cli_option_value(argc, argv, &i, "--jobs");
			if (!v || !import_cli_number(v, &a->jobs) || a->jobs < 1 ||
			    a->jobs > 1024) {
				fprintf(stderr, "mmusim sweep-task: --jobs needs a "
						"number from 1 to 1024\n");
				return -1;
			}
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "mmusim sweep-task: unknown option '%s' "
					"(see mmusim sweep-task --help)\n", argv[i]);
			return -1;
		} else if (!a->dir) {
			a->dir = argv[i];
		} else if (!a->task) {
			a->task = argv[i];
		} else {
			fprintf(stderr, "mmusim sweep-task: one DIR and one TASK\n");
			return -1;
		}
	}
	if (!a->help && !a->task) {
		fprintf(stderr, "mmusim sweep-task: give DIR and TASK (see mmusim "
				"sweep-task --help)\n");
		return -1;
	}
	return 0;
}

static int run_task(const struct task_args *a, struct slurm_grid *g)
{
	char err[1200], hash[CONTENT_HASH_HEX];
	uint64_t task;
	if (!import_cli_number(a->task, &task) || task >= g->tasks) {
		fprintf(stderr, "mmusim sweep-task: %s: TASK '%s': the grid has "
				"tasks 0 to %zu\n", a->dir, a->task, g->tasks - 1);
		return 2;
	}
	if (content_hash_file(g->trace, hash, err, sizeof err) != 0) {
		fprintf(stderr, "mmusim sweep-task: %s\n", err);
		return 2;
	}
	if (strcmp(hash, g->trace_hash) != 0) {
		fprintf(stderr, "mmusim sweep-task: %s: changed since the sweep "
				"was submitted (SHA-256 %s, the grid's %s): "
				"refused\n", g->trace, hash, g->trace_hash);
		return 2;
	}
	size_t first, count;
	slurm_grid_task_runs(g, (size_t)task, &first, &count);
	struct run_job *jobs = calloc(count, sizeof *jobs);
	if (!jobs) {
		fprintf(stderr, "mmusim sweep-task: out of memory\n");
		return 2;
	}
	int code = 2;
	for (size_t i = 0; i < count; i++)
		if (slurm_grid_load_config(a->dir, g, first + i, &jobs[i].config,
					   err, sizeof err) != 0) {
			fprintf(stderr, "mmusim sweep-task: %s\n", err);
			goto out;
		}
	if (run_pool(g->trace, &g->options, jobs, count, (unsigned)a->jobs) < 0) {
		fprintf(stderr, "mmusim sweep-task: cannot run the task\n");
		goto out;
	}
	if (slurm_result_write(a->dir, g, (size_t)task, jobs, err,
			       sizeof err) != 0) {
		fprintf(stderr, "mmusim sweep-task: %s\n", err);
		goto out;
	}
	code = 0;
out:
	free(jobs);
	return code;
}

int cmd_sweep_task(int argc, char **argv)
{
	struct task_args a = {0};
	if (parse(argc, argv, &a) != 0)
		return 2;
	if (a.help) {
		fputs(usage_text, stdout);
		return 0;
	}
	struct slurm_grid g;
	char err[1200];
	if (slurm_grid_read(a.dir, &g, err, sizeof err) != 0) {
		fprintf(stderr, "mmusim sweep-task: %s\n", err);
		return 2;
	}
	int code = run_task(&a, &g);
	slurm_grid_free(&g);
	return code;
}
