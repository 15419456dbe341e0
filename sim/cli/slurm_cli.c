/* sim/cli/slurm_cli.c: the Slurm options and steps (slurm_cli.h). */
#include "slurm_cli.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli_options.h"
#include "import_cli.h"
#include "slurm_jobs.h"

#define MAX_CHUNK 4096
#define POLL_NS 250000000L     /* --wait looks at the results 4 times a second */

/* ---- options ----------------------------------------------------------- */

int slurm_cli_init(struct slurm_cli *s, int argc)
{
	*s = (struct slurm_cli){.chunk = 1};
	s->submit.sbatch_args = calloc((size_t)(argc > 0 ? argc : 1),
				       sizeof *s->submit.sbatch_args);
	return s->submit.sbatch_args ? 0 : -1;
}

void slurm_cli_free(struct slurm_cli *s)
{
	free(s->submit.sbatch_args);
	s->submit.sbatch_args = NULL;
}

bool slurm_cli_active(const struct slurm_cli *s)
{
	return s->dir || s->collect;
}

static int take_number(const char *command, const char *name,
		       const char *value, uint64_t max, uint64_t *out)
{
	if (!value || !import_cli_number(value, out) || *out < 1 || *out > max) {
		fprintf(stderr, "mmusim %s: %s needs a number from 1 to %llu\n",
			command, name, (unsigned long long)max);
		return -1;
	}
	return 1;
}

/* The options taking a value, and where it goes. */
static const char *const valued[] = {"--slurm", "--collect", "--partition",
				     "--time", "--chunk", "--max-running",
				     "--sbatch-arg"};
#define VALUED (sizeof valued / sizeof valued[0])

int slurm_cli_option(struct slurm_cli *s, const char *command, int argc,
		     char **argv, int *i)
{
	s->argc = argc;
	s->argv = argv;
	if (strcmp(argv[*i], "--wait") == 0) {
		s->wait = true;
		return 1;
	}
	size_t k = 0;
	while (k < VALUED && !cli_is_option(argv[*i], valued[k]))
		k++;
	if (k == VALUED)
		return 0;
	const char *v = cli_option_value(argc, argv, i, valued[k]);
	if (!v || !*v) {
		fprintf(stderr, "mmusim %s: %s needs a value\n", command,
			valued[k]);
		return -1;
	}
	uint64_t n;
	switch (k) {
	case 0: s->dir = v; return 1;
	case 1: s->collect = v; return 1;
	case 2: s->submit.partition = v; return 1;
	case 3: s->submit.time = v; return 1;
	case 4:
		if (take_number(command, "--chunk", v, MAX_CHUNK, &n) < 0)
			return -1;
		s->chunk = (size_t)n;
		return 1;
	case 5:
		if (take_number(command, "--max-running", v, 1000000, &n) < 0)
			return -1;
		s->submit.max_running = (unsigned)n;
		return 1;
	default:
		s->submit.sbatch_args[s->submit.sbatch_arg_count++] = v;
		return 1;
	}
}

/* argv less the Slurm options (the local command line); free() the
 * array, not its strings. */
static char **local_argv(const struct slurm_cli *s, int *argc)
{
	char **out = calloc((size_t)s->argc + 1, sizeof *out);
	if (!out)
		return NULL;
	int n = 0;
	bool options_done = false;
	for (int i = 0; i < s->argc; i++) {
		const char *a = s->argv[i];
		if (!options_done && i > 0 && strcmp(a, "--") == 0)
			options_done = true;
		if (!options_done && i > 0 && strcmp(a, "--wait") == 0)
			continue;
		size_t k = 0;
		while (!options_done && i > 0 && k < VALUED &&
		       !cli_is_option(a, valued[k]))
			k++;
		if (!options_done && i > 0 && k < VALUED) {
			if (strchr(a, '=') == NULL)
				i++;   /* and its value */
			continue;
		}
		out[n++] = s->argv[i];
	}
	*argc = n;
	return out;
}

/* ---- results from DIR -------------------------------------------------- */

/* The tasks of g without a good result into missing (ascending); refused
 * ones are said why. */
static size_t find_missing(const char *command, const char *dir,
			   const struct slurm_grid *g, struct run_job *jobs,
			   size_t *missing, bool quiet)
{
	size_t n = 0;
	for (size_t t = 0; t < g->tasks; t++) {
		char why[1200];
		switch (slurm_result_read(dir, g, t, jobs, why, sizeof why)) {
		case SLURM_RESULT_OK:
			break;
		case SLURM_RESULT_REFUSED:
			if (!quiet)
				fprintf(stderr, "mmusim %s: %s: refused\n", command,
					why);
			/* fall through */
		case SLURM_RESULT_MISSING:
			missing[n++] = t;
			break;
		}
	}
	return n;
}

static void name_missing(const char *command, const char *dir,
			 const struct slurm_grid *g, const size_t *missing,
			 size_t n)
{
	fprintf(stderr, "mmusim %s: %s: %zu of %zu tasks have no result:", command,
		dir, n, g->tasks);
	for (size_t i = 0; i < n && i < 50; i++) {
		size_t first, count;
		slurm_grid_task_runs(g, missing[i], &first, &count);
		fprintf(stderr, "%s task %zu (%s%s)", i ? "," : "", missing[i],
			g->runs[first].label, count > 1 ? ", ..." : "");
	}
	fprintf(stderr, "%s\nmmusim %s: 'mmusim %s --resume %s' runs them "
		"again\n", n > 50 ? ", ..." : "", command, command, dir);
}

static int collect(const char *command, const char *dir, const char *trace,
		   const struct run_options *options, struct run_job *jobs,
		   size_t count, int *code)
{
	struct slurm_grid g;
	char err[1200];
	*code = 2;
	if (slurm_grid_read(dir, &g, err, sizeof err) != 0) {
		fprintf(stderr, "mmusim %s: %s\n", command, err);
		return -1;
	}
	size_t *missing = NULL;
	if (strcmp(g.command, command) != 0 || g.run_count != count) {
		fprintf(stderr, "mmusim %s: %s: %s, not this command's %zu runs\n",
			command, dir,
			strcmp(g.command, command) ? "a grid of another command" :
			"another number of runs", count);
		goto out;
	}
	for (size_t i = 0; i < count; i++) {
		char hash[CONTENT_HASH_HEX];
		slurm_run_hash(&jobs[i].config, options, hash);
		if (strcmp(hash, g.runs[i].hash) != 0) {
			fprintf(stderr, "mmusim %s: %s: run %zu (%s) is not the "
				"grid's: the command line or a configuration "
				"changed since it was submitted\n", command, dir,
				i, g.runs[i].label);
			goto out;
		}
	}
	if (!(missing = calloc(g.tasks, sizeof *missing))) {
		fprintf(stderr, "mmusim %s: out of memory\n", command);
		goto out;
	}
	size_t n = find_missing(command, dir, &g, jobs, missing, false);
	if (n > 0) {
		name_missing(command, dir, &g, missing, n);
		*code = 1;
		goto out;
	}
	for (size_t i = 0; i < count; i++) {
		jobs[i].result.config = jobs[i].config;
		snprintf(jobs[i].result.trace_path,
			 sizeof jobs[i].result.trace_path, "%s", trace);
	}
	*code = 0;
out:
	free(missing);
	slurm_grid_free(&g);
	return *code == 0 ? 0 : -1;
}

/* ---- submitting and waiting -------------------------------------------- */

static size_t results_done(const char *dir, const struct slurm_grid *g)
{
	size_t done = 0;
	for (size_t t = 0; t < g->tasks; t++) {
		char path[PATH_MAX + 64];
		struct stat st;
		snprintf(path, sizeof path, "%s/results/%zu.json", dir, t);
		if (stat(path, &st) == 0) {
			size_t first, count;
			slurm_grid_task_runs(g, t, &first, &count);
			done += count;
		}
	}
	return done;
}

/* Until every task has a result file or none of the arrays is queued. */
static void wait_for(const char *command, const char *dir,
		     const struct slurm_grid *g, const char *arrays)
{
	size_t shown = (size_t)-1;
	for (unsigned tick = 0;; tick++) {
		size_t done = results_done(dir, g);
		if (done != shown)
			fprintf(stderr, "mmusim %s: %zu of %zu runs done\n", command,
				done, g->run_count);
		shown = done;
		if (done == g->run_count)
			return;
		/* squeue every second; a task's file comes before its end */
		if (tick % 4 == 3 && !slurm_jobs_active(arrays)) {
			if (results_done(dir, g) == done)
				return;
			continue;
		}
		nanosleep(&(struct timespec){0, POLL_NS}, NULL);
	}
}

/* Submit tasks[0 .. n-1] of g; then wait if asked. 0, or -1 (printed). */
static int submit(const char *command, const char *dir,
		  const struct slurm_grid *g, const size_t *tasks, size_t n,
		  bool wait)
{
	size_t max_array;
	char err[1200];
	struct slurm_submission made;
	if (slurm_max_array_size(&max_array, err, sizeof err) != 0 ||
	    slurm_submit_tasks(dir, g, tasks, n, max_array, &made, err,
			       sizeof err) != 0) {
		fprintf(stderr, "mmusim %s: %s\n", command, err);
		return -1;
	}
	size_t runs = 0;
	for (size_t i = 0; i < n; i++) {
		size_t first, count;
		slurm_grid_task_runs(g, tasks[i], &first, &count);
		runs += count;
	}
	fprintf(stderr, "mmusim %s: %zu runs in %zu tasks: job array%s %s, "
		"then merge job %s (its output: %s/merge.out)\n", command, runs,
		n, made.array_count > 1 ? "s" : "", made.arrays, made.merge,
		dir);
	if (wait)
		wait_for(command, dir, g, made.arrays);
	return 0;
}

static char *absolute(const char *command, const char *path)
{
	char *abs = realpath(path, NULL);
	if (!abs)
		fprintf(stderr, "mmusim %s: %s: %s\n", command, path,
			strerror(errno));
	return abs;
}

static int submit_grid(const struct slurm_cli *s, const char *command,
		       const char *trace, const struct run_options *options,
		       struct run_job *jobs, size_t count,
		       const char *(*label)(const void *ctx, size_t job),
		       const void *ctx, int *code)
{
	struct slurm_grid g = {.command = (char *)command, .options = *options,
			       .chunk = s->chunk, .run_count = count,
			       .submit = s->submit};
	char err[1200], binary[PATH_MAX];
	char *dir = NULL;
	size_t *tasks = NULL;
	int rc = -1;
	*code = 2;
	g.tasks = slurm_grid_task_count(count, s->chunk);
	g.argv = local_argv(s, &g.argc);
	g.runs = calloc(count, sizeof *g.runs);
	tasks = calloc(g.tasks, sizeof *tasks);
	ssize_t blen = readlink("/proc/self/exe", binary, sizeof binary - 1);
	if (!g.argv || !g.runs || !tasks || blen < 0) {
		fprintf(stderr, "mmusim %s: %s\n", command, blen < 0 ?
			"cannot find my own binary (/proc/self/exe)" :
			"out of memory");
		goto out;
	}
	binary[blen] = '\0';
	if (!(g.cwd = getcwd(NULL, 0)) || !(g.trace = absolute(command, trace)))
		goto out;
	if (content_hash_file(g.trace, g.trace_hash, err, sizeof err) != 0)
		goto fail;
	for (size_t i = 0; i < count; i++)
		snprintf(g.runs[i].label, sizeof g.runs[i].label, "%s",
			 label(ctx, i));
	if (slurm_grid_write(s->dir, &g, jobs, err, sizeof err) != 0)
		goto fail;
	if (!(dir = absolute(command, s->dir)))
		goto out;
	if (slurm_write_scripts(dir, binary, command, err, sizeof err) != 0)
		goto fail;
	for (size_t t = 0; t < g.tasks; t++)
		tasks[t] = t;
	if (submit(command, dir, &g, tasks, g.tasks, s->wait) != 0)
		goto out;
	if (!s->wait) {
		*code = 0;
		goto out;
	}
	rc = collect(command, dir, trace, options, jobs, count, code);
	goto out;
fail:
	fprintf(stderr, "mmusim %s: %s\n", command, err);
out:
	free(g.argv);
	free(g.runs);
	free(g.cwd);
	free(g.trace);
	free(tasks);
	free(dir);
	return rc;
}

int slurm_cli_run(const struct slurm_cli *s, const char *command,
		  const char *trace, const struct run_options *options,
		  struct run_job *jobs, size_t count,
		  const char *(*label)(const void *ctx, size_t job),
		  const void *ctx, int *code)
{
	if (s->collect)
		return collect(command, s->collect, trace, options, jobs, count,
			       code);
	return submit_grid(s, command, trace, options, jobs, count, label, ctx,
			   code);
}

/* ---- mmusim CMD --collect DIR, --resume DIR [--wait] -------------------- */

/* argv[1] is OPT (either form); its value into *value, how many words
 * it took into *words. */
static bool dir_option(int argc, char **argv, const char *opt,
		       const char **value, int *words)
{
	if (argc < 2 || !cli_is_option(argv[1], opt))
		return false;
	int i = 1;
	*value = cli_option_value(argc, argv, &i, opt);
	*words = i;
	return *value && **value;
}

bool slurm_cli_is_dir_command(int argc, char **argv)
{
	const char *dir = NULL;
	int used = 0;
	if (dir_option(argc, argv, "--collect", &dir, &used))
		return used + 1 == argc;
	if (dir_option(argc, argv, "--resume", &dir, &used))
		return used + 1 == argc ||
		       (used + 2 == argc && strcmp(argv[argc - 1], "--wait") == 0);
	return false;
}

static int resume(const char *command, const char *dir,
		  const struct slurm_grid *g, bool wait, bool *collect_now)
{
	struct run_job *scratch = calloc(g->run_count, sizeof *scratch);
	size_t *missing = calloc(g->tasks, sizeof *missing);
	int code = 2;
	*collect_now = false;
	if (!scratch || !missing) {
		fprintf(stderr, "mmusim %s: out of memory\n", command);
		goto out;
	}
	size_t n = find_missing(command, dir, g, scratch, missing, false);
	if (n == 0) {
		fprintf(stderr, "mmusim %s: %s: every task has its result; "
			"nothing to resume\n", command, dir);
		*collect_now = wait;
		code = 0;
		goto out;
	}
	/* The merge job of the last submission waits for tasks that failed
	 * or were cancelled: for ever. The new one replaces it. */
	char merge[32];
	slurm_last_merge(dir, merge, sizeof merge);
	if (merge[0])
		slurm_cancel(merge);
	if (submit(command, dir, g, missing, n, wait) == 0) {
		code = 0;
		*collect_now = wait;
	}
out:
	free(scratch);
	free(missing);
	return code;
}

int slurm_cli_dir_main(const char *command, int argc, char **argv,
		       int (*command_main)(int argc, char **argv))
{
	const char *given = NULL;
	int used = 0;
	bool is_resume = !dir_option(argc, argv, "--collect", &given, &used);
	if (is_resume)
		dir_option(argc, argv, "--resume", &given, &used);
	bool wait = used + 2 == argc;
	char err[1200];
	struct slurm_grid g;
	char *dir = absolute(command, given);
	char **again = NULL;
	int code = 2;
	if (!dir)
		return 2;
	if (slurm_grid_read(dir, &g, err, sizeof err) != 0) {
		fprintf(stderr, "mmusim %s: %s\n", command, err);
		free(dir);
		return 2;
	}
	if (strcmp(g.command, command) != 0) {
		fprintf(stderr, "mmusim %s: %s holds a %s: mmusim %s %s %s\n",
			command, dir, g.command, g.command, argv[1], given);
		goto out;
	}
	bool collect_now = true;
	if (is_resume && ((code = resume(command, dir, &g, wait,
					 &collect_now)) != 0 || !collect_now))
		goto out;
	/* The stored command line, where it was given, with --collect. */
	if (chdir(g.cwd) != 0) {
		fprintf(stderr, "mmusim %s: %s: %s (the folder the command was "
			"given in)\n", command, g.cwd, strerror(errno));
		code = 2;
		goto out;
	}
	if (!(again = calloc((size_t)g.argc + 3, sizeof *again))) {
		fprintf(stderr, "mmusim %s: out of memory\n", command);
		code = 2;
		goto out;
	}
	again[0] = g.argv[0];
	again[1] = "--collect";
	again[2] = dir;
	for (int i = 1; i < g.argc; i++)
		again[i + 2] = g.argv[i];
	code = command_main(g.argc + 2, again);
out:
	free(again);
	slurm_grid_free(&g);
	free(dir);
	return code;
}
