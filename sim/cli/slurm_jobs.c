/* sim/cli/slurm_jobs.c: sbatch, scontrol, squeue, scancel (slurm_jobs.h). */
#include "slurm_jobs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomic_file.h"

int slurm_exec(char *const argv[], char *out, size_t out_len, char *err,
	       size_t err_len)
{
	int fd[2];
	if (pipe2(fd, O_CLOEXEC) != 0) {
		snprintf(err, err_len, "%s: cannot run it: %s", argv[0],
			 strerror(errno));
		return -1;
	}
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, err_len, "%s: cannot run it: %s", argv[0],
			 strerror(errno));
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		if (dup2(fd[1], STDOUT_FILENO) < 0 || null < 0 ||
		    dup2(null, STDIN_FILENO) < 0)
			_exit(127);
		execvp(argv[0], argv);
		fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fd[1]);
	size_t len = 0;
	for (;;) {
		char spill[512];
		char *to = len + 1 < out_len ? out + len : spill;
		size_t room = len + 1 < out_len ? out_len - 1 - len : sizeof spill;
		ssize_t n = read(fd[0], to, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (to != spill)
			len += (size_t)n;
	}
	close(fd[0]);
	if (out_len)
		out[len] = '\0';
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			snprintf(err, err_len, "%s: %s", argv[0], strerror(errno));
			return -1;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		snprintf(err, err_len, "%s: cannot run it (is Slurm's client "
			 "installed and on PATH? Debian: slurm-client)", argv[0]);
		return -1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int slurm_max_array_size(size_t *size, char *err, size_t err_len)
{
	char *argv[] = {"scontrol", "show", "config", NULL};
	size_t out_len = 1 << 16;
	char *out = malloc(out_len);
	if (!out) {
		snprintf(err, err_len, "scontrol: out of memory");
		return -1;
	}
	int rc = slurm_exec(argv, out, out_len, err, err_len);
	if (rc > 0)
		snprintf(err, err_len, "scontrol show config: exit status %d "
			 "(is the cluster up? SLURM_CONF?)", rc);
	if (rc != 0) {
		free(out);
		return -1;
	}
	char *save = NULL;
	for (char *line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned long v;
		if (sscanf(line, "MaxArraySize = %lu", &v) == 1 && v >= 1) {
			*size = v;
			free(out);
			return 0;
		}
	}
	free(out);
	snprintf(err, err_len, "scontrol show config: no MaxArraySize in it");
	return -1;
}

/* ---- the scripts ------------------------------------------------------- */

/* 'text' for bash: single quotes, each ' as '\''. */
static int put_quoted(FILE *out, const char *text)
{
	if (fputc('\'', out) == EOF)
		return -1;
	for (const char *p = text; *p; p++)
		if ((*p == '\'' ? fputs("'\\''", out) : fputc(*p, out)) == EOF)
			return -1;
	return fputc('\'', out) == EOF ? -1 : 0;
}

struct script {
	const char *binary, *dir, *command;
	bool task;
};

static int write_script(FILE *out, void *ctx)
{
	const struct script *s = ctx;
	int bad = fputs("#!/bin/bash\n", out) < 0;
	if (s->task)
		bad |= fputs("# mmusim: one task of the sweep in this folder "
			     "(docs/slurm.md).\n# $1: the first task of this job "
			     "array; the task is $1 + the array index.\n"
			     "exec ", out) < 0;
	else
		bad |= fputs("# mmusim: gather the results of the sweep in "
			     "this folder (docs/slurm.md).\nexec ", out) < 0;
	bad |= put_quoted(out, s->binary) != 0;
	if (s->task) {
		bad |= fputs(" sweep-task ", out) < 0;
		bad |= put_quoted(out, s->dir) != 0;
		bad |= fputs(" \"$(( $1 + SLURM_ARRAY_TASK_ID ))\" --jobs "
			     "\"${SLURM_CPUS_PER_TASK:-1}\"\n", out) < 0;
	} else {
		bad |= fprintf(out, " %s --collect ", s->command) < 0;
		bad |= put_quoted(out, s->dir) != 0;
		bad |= fputc('\n', out) == EOF;
	}
	return bad ? -1 : 0;
}

int slurm_write_scripts(const char *dir, const char *binary,
			const char *command, char *err, size_t err_len)
{
	for (int task = 1; task >= 0; task--) {
		struct script s = {binary, dir, command, task};
		char *path = NULL;
		if (asprintf(&path, "%s/%s", dir, task ? "task.sh" : "merge.sh") < 0) {
			snprintf(err, err_len, "%s: out of memory", dir);
			return -1;
		}
		int rc = atomic_file_write(path, write_script, &s, err, err_len);
		if (rc == 0 && chmod(path, 0755) != 0) {
			snprintf(err, err_len, "%s: %s", path, strerror(errno));
			rc = -1;
		}
		free(path);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* ---- submitting -------------------------------------------------------- */

static void log_job(const char *dir, const char *line)
{
	char *path = NULL;
	if (asprintf(&path, "%s/jobs", dir) < 0)
		return;
	FILE *f = fopen(path, "a");
	if (f) {
		fputs(line, f);
		fclose(f);
	}
	free(path);
}

/* "0-3,7,9-10" of indices idx[0 .. n-1] (ascending); free(). */
static char *index_spec(const size_t *idx, size_t n)
{
	size_t cap = n * 24 + 1, len = 0;
	char *s = malloc(cap);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j + 1 < n && idx[j + 1] == idx[j] + 1)
			j++;
		len += (size_t)(j > i ?
			snprintf(s + len, cap - len, "%s%zu-%zu", i ? "," : "",
				 idx[i], idx[j]) :
			snprintf(s + len, cap - len, "%s%zu", i ? "," : "",
				 idx[i]));
		i = j + 1;
	}
	return s;
}

/* sbatch with the grid's options, then `extra` (NULL-ended), the job id
 * into id. 0, or -1 with err. */
static int sbatch(const struct slurm_grid *g, const char *dir,
		  const char *const *extra, char *id, size_t id_len, char *err,
		  size_t err_len)
{
	const struct slurm_submit_options *o = &g->submit;
	size_t n = 0, cap = 16 + o->sbatch_arg_count;
	char **argv = calloc(cap, sizeof *argv);
	char *partition = NULL, *time = NULL, *chdir_to = NULL;
	int rc = -1;
	if (!argv || (o->partition && asprintf(&partition, "--partition=%s",
					      o->partition) < 0) ||
	    (o->time && asprintf(&time, "--time=%s", o->time) < 0) ||
	    asprintf(&chdir_to, "--chdir=%s", dir) < 0) {
		snprintf(err, err_len, "sbatch: out of memory");
		goto out;
	}
	argv[n++] = "sbatch";
	argv[n++] = "--parsable";
	argv[n++] = chdir_to;
	if (partition)
		argv[n++] = partition;
	if (time)
		argv[n++] = time;
	for (size_t i = 0; i < o->sbatch_arg_count; i++)
		argv[n++] = (char *)o->sbatch_args[i];
	for (size_t i = 0; extra[i] && n + 1 < cap; i++)
		argv[n++] = (char *)extra[i];
	char out[256];
	int status = slurm_exec(argv, out, sizeof out, err, err_len);
	if (status < 0)
		goto out;
	/* --parsable: "ID" or "ID;CLUSTER" */
	out[strcspn(out, ";\n")] = '\0';
	if (status != 0 || !out[0] || strspn(out, "0123456789") != strlen(out)) {
		snprintf(err, err_len, "sbatch: exit status %d%s%s (its message "
			 "is above)", status, out[0] ? ", output " : "", out);
		goto out;
	}
	if (strlen(out) >= id_len) {
		snprintf(err, err_len, "sbatch: a job id too long: %.40s", out);
		goto out;
	}
	memcpy(id, out, strlen(out) + 1);
	rc = 0;
out:
	free(argv);
	free(partition);
	free(time);
	free(chdir_to);
	return rc;
}

/* One array: tasks[0 .. n-1], all within [first, first + max_array). */
static int submit_array(const char *dir, const struct slurm_grid *g,
			const size_t *tasks, size_t n, size_t first,
			struct slurm_submission *made, char *err,
			size_t err_len)
{
	size_t *idx = malloc(n * sizeof *idx);
	char *spec = NULL, *array = NULL, *script = NULL, *output = NULL;
	char first_text[32], id[32], line[128];
	int rc = -1;
	if (!idx)
		goto oom;
	for (size_t i = 0; i < n; i++)
		idx[i] = tasks[i] - first;
	if (!(spec = index_spec(idx, n)))
		goto oom;
	int a = g->submit.max_running ?
		asprintf(&array, "--array=%s%%%u", spec, g->submit.max_running) :
		asprintf(&array, "--array=%s", spec);
	if (a < 0 || asprintf(&script, "%s/task.sh", dir) < 0 ||
	    asprintf(&output, "--output=%s/logs/task-%%A_%%a.out", dir) < 0) {
		array = script = output = NULL;
		goto oom;
	}
	snprintf(first_text, sizeof first_text, "%zu", first);
	const char *extra[] = {array, output, "--job-name=mmusim-task", script,
			       first_text, NULL};
	if (sbatch(g, dir, extra, id, sizeof id, err, err_len) == 0) {
		snprintf(line, sizeof line, "array %s %zu ", id, first);
		log_job(dir, line);
		log_job(dir, spec);
		log_job(dir, "\n");
		size_t used = strlen(made->arrays);
		snprintf(made->arrays + used, sizeof made->arrays - used, "%s%s",
			 used ? "," : "", id);
		made->array_count++;
		rc = 0;
	}
	goto out;
oom:
	snprintf(err, err_len, "sbatch: out of memory");
out:
	free(idx);
	free(spec);
	free(array);
	free(script);
	free(output);
	return rc;
}

static int submit_merge(const char *dir, const struct slurm_grid *g,
			struct slurm_submission *made, char *err,
			size_t err_len)
{
	char *dependency = NULL, *script = NULL, *output = NULL, line[64];
	int rc = -1;
	char after[sizeof made->arrays];
	snprintf(after, sizeof after, "%s", made->arrays);
	for (char *c = after; *c; c++)
		if (*c == ',')
			*c = ':';
	if (asprintf(&dependency, "--dependency=afterok:%s", after) < 0 ||
	    asprintf(&script, "%s/merge.sh", dir) < 0 ||
	    asprintf(&output, "--output=%s/merge.out", dir) < 0) {
		dependency = script = output = NULL;
		snprintf(err, err_len, "sbatch: out of memory");
	} else {
		const char *extra[] = {dependency, output,
				       "--job-name=mmusim-merge", script, NULL};
		if (sbatch(g, dir, extra, made->merge, sizeof made->merge, err,
			   err_len) == 0) {
			snprintf(line, sizeof line, "merge %s\n", made->merge);
			log_job(dir, line);
			rc = 0;
		}
	}
	free(dependency);
	free(script);
	free(output);
	return rc;
}

int slurm_submit_tasks(const char *dir, const struct slurm_grid *g,
		       const size_t *tasks, size_t count, size_t max_array,
		       struct slurm_submission *made, char *err,
		       size_t err_len)
{
	*made = (struct slurm_submission){0};
	for (size_t i = 0; i < count;) {
		size_t first = tasks[i] / max_array * max_array, j = i;
		while (j < count && tasks[j] < first + max_array)
			j++;
		if (submit_array(dir, g, tasks + i, j - i, first, made, err,
				 err_len) != 0)
			return -1;
		i = j;
	}
	return submit_merge(dir, g, made, err, err_len);
}

bool slurm_jobs_active(const char *ids)
{
	char *argv[] = {"squeue", "--noheader", "--format=%i", "--jobs",
			(char *)ids, NULL};
	char out[64], err[256];
	return slurm_exec(argv, out, sizeof out, err, sizeof err) == 0 &&
	       out[strspn(out, " \n")] != '\0';
}

void slurm_last_merge(const char *dir, char *id, size_t id_len)
{
	char *path = NULL, line[1024], one[32];
	id[0] = '\0';
	if (asprintf(&path, "%s/jobs", dir) < 0)
		return;
	FILE *f = fopen(path, "r");
	free(path);
	if (!f)
		return;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "merge %31s", one) == 1)
			snprintf(id, id_len, "%s", one);
	fclose(f);
}

void slurm_cancel(const char *id)
{
	char *argv[] = {"scancel", (char *)id, NULL};
	char out[64], err[256];
	if (slurm_exec(argv, out, sizeof out, err, sizeof err) < 0)
		fprintf(stderr, "%s\n", err);
}
