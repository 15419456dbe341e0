/* sim/cli/slurm_grid.c: the grid and result files of slurm_grid.h. */
#include "slurm_grid.h"
#include "cli_options.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "atomic_file.h"
#include "import_cli.h"

#define GRID_VERSION 1

/* --warmup as a string of digits (a JSON number cannot hold every
 * uint64_t); absent when 0, as in the grids written before it. */
static bool add_warmup(cJSON *root, uint64_t warmup)
{
	char digits[24];
	snprintf(digits, sizeof digits, "%" PRIu64, warmup);
	return !warmup || cJSON_AddStringToObject(root, "warmup", digits);
}

/* ---- hashes and chunks ------------------------------------------------- */

void slurm_run_hash(const struct mmusim_config *config,
		    const struct run_options *options,
		    char hex[CONTENT_HASH_HEX])
{
	char *json = config_to_json(config);
	char *text = NULL;
	char warmup[40] = ""; /* only when set: older grids keep their hashes */
	if (options->warmup)
		snprintf(warmup, sizeof warmup, "warmup=%" PRIu64 "\n", options->warmup);
	int n = asprintf(&text, "%s\nfrom=%s check=%d shadow=%d\n%s",
			 json ? json : "", trace_format_name(options->from),
			 options->check, options->shadow, warmup);
	if (n < 0)
		text = NULL;
	/* Out of memory: a hash no file can match, so nothing is accepted. */
	content_hash_bytes(text ? text : "", text ? (size_t)n : 0, hex);
	if (!text)
		hex[0] = '!';
	free(json);
	free(text);
}

size_t slurm_grid_task_count(size_t runs, size_t chunk)
{
	return chunk ? (runs + chunk - 1) / chunk : 0;
}

void slurm_grid_task_runs(const struct slurm_grid *g, size_t task,
			  size_t *first, size_t *count)
{
	*first = task * g->chunk;
	*count = *first >= g->run_count ? 0 :
		 g->run_count - *first < g->chunk ? g->run_count - *first :
		 g->chunk;
}

/* ---- writing the grid -------------------------------------------------- */

static int make_dir(const char *path, char *err, size_t err_len)
{
	if (mkdir(path, 0777) == 0 || errno == EEXIST)
		return 0;
	snprintf(err, err_len, "%s: cannot make the folder: %s", path,
		 strerror(errno));
	return -1;
}

static char *path_in(const char *dir, const char *name)
{
	char *p = NULL;
	return asprintf(&p, "%s/%s", dir, name) < 0 ? NULL : p;
}

struct text {
	const char *text;
};

static int write_text(FILE *out, void *ctx)
{
	const char *t = ((struct text *)ctx)->text;
	return fputs(t, out) < 0 || fputc('\n', out) == EOF ? -1 : 0;
}

static int write_configs(const char *dir, const struct run_job *jobs,
			 size_t count, char *err, size_t err_len)
{
	for (size_t i = 0; i < count; i++) {
		char name[64];
		snprintf(name, sizeof name, "configs/%zu.json", i);
		char *path = path_in(dir, name);
		char *json = config_to_json(&jobs[i].config);
		struct text t = {json};
		int rc = path && json ?
			 atomic_file_write(path, write_text, &t, err, err_len) :
			 (snprintf(err, err_len, "%s: out of memory", dir), -1);
		free(path);
		free(json);
		if (rc != 0)
			return -1;
	}
	return 0;
}

static cJSON *string_array(char *const *items, size_t count)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; a && i < count; i++)
		if (!cJSON_AddItemToArray(a, cJSON_CreateString(items[i]))) {
			cJSON_Delete(a);
			return NULL;
		}
	return a;
}

static cJSON *submit_json(const struct slurm_submit_options *s)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *args = string_array((char *const *)s->sbatch_args,
				   s->sbatch_arg_count);
	bool ok = o && args &&
		  (!s->partition ||
		   cJSON_AddStringToObject(o, "partition", s->partition)) &&
		  (!s->time || cJSON_AddStringToObject(o, "time", s->time)) &&
		  cJSON_AddNumberToObject(o, "max_running", s->max_running);
	if (ok && cJSON_AddItemToObject(o, "sbatch_args", args))
		return o;
	if (!ok)
		cJSON_Delete(args);
	cJSON_Delete(o);
	return NULL;
}

static cJSON *grid_json(const struct slurm_grid *g)
{
	cJSON *root = cJSON_CreateObject(), *runs = NULL;
	bool ok = root &&
		cJSON_AddNumberToObject(root, "mmusim_slurm_grid", GRID_VERSION) &&
		cJSON_AddStringToObject(root, "command", g->command) &&
		cJSON_AddItemToObject(root, "argv", string_array(g->argv,
							       (size_t)g->argc)) &&
		cJSON_AddStringToObject(root, "cwd", g->cwd) &&
		cJSON_AddStringToObject(root, "trace", g->trace) &&
		cJSON_AddStringToObject(root, "trace_sha256", g->trace_hash) &&
		cJSON_AddStringToObject(root, "from",
					trace_format_name(g->options.from)) &&
		cJSON_AddBoolToObject(root, "check", g->options.check) &&
		cJSON_AddBoolToObject(root, "shadow", g->options.shadow) &&
		cJSON_AddNumberToObject(root, "chunk", (double)g->chunk) &&
		cJSON_AddNumberToObject(root, "tasks", (double)g->tasks) &&
		cJSON_AddItemToObject(root, "slurm", submit_json(&g->submit)) &&
		(runs = cJSON_AddArrayToObject(root, "runs")) &&
		add_warmup(root, g->options.warmup);
	for (size_t i = 0; ok && i < g->run_count; i++) {
		cJSON *r = cJSON_CreateObject();
		char file[64];
		snprintf(file, sizeof file, "configs/%zu.json", i);
		ok = r && cJSON_AddItemToArray(runs, r) &&
		     cJSON_AddStringToObject(r, "label", g->runs[i].label) &&
		     cJSON_AddStringToObject(r, "config", file) &&
		     cJSON_AddStringToObject(r, "sha256", g->runs[i].hash);
	}
	if (!ok) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

int slurm_grid_write(const char *dir, struct slurm_grid *g,
		     const struct run_job *jobs, char *err, size_t err_len)
{
	char *grid = path_in(dir, "grid.json");
	struct stat st;
	int rc = -1;
	if (!grid) {
		snprintf(err, err_len, "%s: out of memory", dir);
		return -1;
	}
	if (stat(grid, &st) == 0) {
		snprintf(err, err_len, "%s: holds a sweep already (grid.json): "
			 "--resume or --collect it, or give a new folder", dir);
		goto out;
	}
	for (size_t i = 0; i < g->run_count; i++)
		slurm_run_hash(&jobs[i].config, &g->options, g->runs[i].hash);
	static const char *const subdirs[] = {"configs", "results", "logs"};
	if (make_dir(dir, err, err_len) != 0)
		goto out;
	for (size_t i = 0; i < 3; i++) {
		char *sub = path_in(dir, subdirs[i]);
		int made = sub ? make_dir(sub, err, err_len) : -1;
		free(sub);
		if (made != 0)
			goto out;
	}
	if (write_configs(dir, jobs, g->run_count, err, err_len) != 0)
		goto out;
	cJSON *root = grid_json(g);
	char *text = root ? cJSON_Print(root) : NULL;
	cJSON_Delete(root);
	if (!text) {
		snprintf(err, err_len, "%s: out of memory", grid);
		goto out;
	}
	struct text t = {text};
	rc = atomic_file_write(grid, write_text, &t, err, err_len);
	free(text);
out:
	free(grid);
	return rc;
}

/* ---- reading it -------------------------------------------------------- */

static char *slurp(const char *path, char *err, size_t err_len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return NULL;
	}
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			char *more = realloc(buf, cap);
			if (!more)
				break;
			buf = more;
		}
		size_t n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	bool bad = ferror(f) || !buf || len + 1 > cap;
	fclose(f);
	if (bad) {
		free(buf);
		snprintf(err, err_len, "%s: cannot read it", path);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

/* What the grid points at (strings, arrays) lives in one list, freed
 * together. */
struct owned {
	void **items;
	size_t count;
};

/* p, now owned by the grid; NULL (p freed) when out of memory. */
static void *own(struct slurm_grid *g, void *p)
{
	struct owned *o = g->owned;
	void **more = p ? realloc(o->items, (o->count + 1) * sizeof *more) : NULL;
	if (!more) {
		free(p);
		return NULL;
	}
	o->items = more;
	return o->items[o->count++] = p;
}

static char *keep(struct slurm_grid *g, const char *s)
{
	return own(g, strdup(s));
}

static const char *get_string(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool get_size(const cJSON *o, const char *key, size_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1e9 ||
	    v->valuedouble != (double)(size_t)v->valuedouble)
		return false;
	*out = (size_t)v->valuedouble;
	return true;
}

static bool get_bool(const cJSON *o, const char *key, bool *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!cJSON_IsBool(v))
		return false;
	*out = cJSON_IsTrue(v);
	return true;
}

static bool is_hash(const char *s)
{
	if (!s || strlen(s) != CONTENT_HASH_HEX - 1)
		return false;
	return strspn(s, "0123456789abcdef") == CONTENT_HASH_HEX - 1;
}

static char **strings_of(struct slurm_grid *g, const cJSON *a, size_t *count)
{
	if (!cJSON_IsArray(a))
		return NULL;
	size_t n = (size_t)cJSON_GetArraySize(a), i = 0;
	char **items = own(g, calloc(n + 1, sizeof(char *)));
	if (!items)
		return NULL;
	const cJSON *s;
	cJSON_ArrayForEach(s, a) {
		if (!cJSON_IsString(s) || !(items[i++] = keep(g, s->valuestring)))
			return NULL;
	}
	*count = n;
	return items;
}

static const char *read_submit(struct slurm_grid *g, const cJSON *o)
{
	struct slurm_submit_options *s = &g->submit;
	const char *p = get_string(o, "partition"), *t = get_string(o, "time");
	size_t max;
	if ((p && !(s->partition = keep(g, p))) || (t && !(s->time = keep(g, t))))
		return "out of memory";
	if (!get_size(o, "max_running", &max))
		return "\"slurm\": \"max_running\" must be a whole number";
	s->max_running = (unsigned)max;
	s->sbatch_args = (const char **)strings_of(
		g, cJSON_GetObjectItemCaseSensitive(o, "sbatch_args"),
		&s->sbatch_arg_count);
	return s->sbatch_args ? NULL : "\"slurm\": \"sbatch_args\" must be "
					"an array of strings";
}

static const char *read_runs(struct slurm_grid *g, const cJSON *runs)
{
	if (!cJSON_IsArray(runs) || cJSON_GetArraySize(runs) < 1)
		return "\"runs\" must be a non-empty array";
	g->run_count = (size_t)cJSON_GetArraySize(runs);
	if (!(g->runs = calloc(g->run_count, sizeof *g->runs)))
		return "out of memory";
	size_t i = 0;
	const cJSON *r;
	cJSON_ArrayForEach(r, runs) {
		const char *label = get_string(r, "label");
		const char *hash = get_string(r, "sha256");
		if (!label || strlen(label) >= SLURM_LABEL_MAX || !is_hash(hash))
			return "each run needs a \"label\" and a \"sha256\"";
		strcpy(g->runs[i].label, label);
		strcpy(g->runs[i].hash, hash);
		i++;
	}
	return NULL;
}

static const char *read_grid(struct slurm_grid *g, const cJSON *root)
{
	size_t version;
	const char *s;
	if (!cJSON_IsObject(root) ||
	    !get_size(root, "mmusim_slurm_grid", &version))
		return "not a grid of mmusim's (no \"mmusim_slurm_grid\")";
	if (version != GRID_VERSION)
		return "a grid of another version of mmusim";
	const char *command = get_string(root, "command");
	const char *cwd = get_string(root, "cwd");
	const char *trace = get_string(root, "trace");
	const char *hash = get_string(root, "trace_sha256");
	if (!command || !cwd || !trace || !is_hash(hash))
		return "\"command\", \"cwd\", \"trace\" and \"trace_sha256\" "
		       "are needed";
	if (!(g->command = keep(g, command)) || !(g->cwd = keep(g, cwd)) ||
	    !(g->trace = keep(g, trace)))
		return "out of memory";
	strcpy(g->trace_hash, hash);
	size_t argc = 0;
	if (!(g->argv = strings_of(g, cJSON_GetObjectItemCaseSensitive(root,
									"argv"),
				   &argc)) || argc < 1)
		return "\"argv\" must be a non-empty array of strings";
	g->argc = (int)argc;
	run_options_default(&g->options);
	if (!(s = get_string(root, "from")) ||
	    !trace_format_parse(s, &g->options.from) ||
	    !get_bool(root, "check", &g->options.check) ||
	    !get_bool(root, "shadow", &g->options.shadow))
		return "\"from\", \"check\" and \"shadow\" are needed";
	if ((s = get_string(root, "warmup")) &&
	    !import_cli_number(s, &g->options.warmup))
		return "\"warmup\" must be a number in a string";
	if (!get_size(root, "chunk", &g->chunk) || g->chunk < 1 ||
	    !get_size(root, "tasks", &g->tasks))
		return "\"chunk\" and \"tasks\" must be whole numbers";
	const cJSON *slurm = cJSON_GetObjectItemCaseSensitive(root, "slurm");
	if (!cJSON_IsObject(slurm))
		return "\"slurm\" must be an object";
	if ((s = read_submit(g, slurm)) || (s = read_runs(g, cJSON_GetObjectItemCaseSensitive(root, "runs"))))
		return s;
	if (g->tasks != slurm_grid_task_count(g->run_count, g->chunk))
		return "\"tasks\" does not match the runs and the chunk";
	return NULL;
}

int slurm_grid_read(const char *dir, struct slurm_grid *g, char *err,
		    size_t err_len)
{
	*g = (struct slurm_grid){0};
	char *path = path_in(dir, "grid.json");
	char *text = path ? slurp(path, err, err_len) : NULL;
	int rc = -1;
	if (!path)
		snprintf(err, err_len, "%s: out of memory", dir);
	if (!text)
		goto out;
	cJSON *root = cJSON_Parse(text);
	free(text);
	if (!root) {
		snprintf(err, err_len, "%s: not valid JSON", path);
		goto out;
	}
	const char *what = (g->owned = calloc(1, sizeof(struct owned))) ?
			   read_grid(g, root) : "out of memory";
	cJSON_Delete(root);
	if (what) {
		snprintf(err, err_len, "%s: %s", path, what);
		slurm_grid_free(g);
		goto out;
	}
	rc = 0;
out:
	free(path);
	return rc;
}

void slurm_grid_free(struct slurm_grid *g)
{
	struct owned *o = g->owned;
	if (o) {
		for (size_t i = 0; i < o->count; i++)
			free(o->items[i]);
		free(o->items);
		free(o);
	}
	free(g->runs);
	*g = (struct slurm_grid){0};
}

int slurm_grid_load_config(const char *dir, const struct slurm_grid *g,
			   size_t run, struct mmusim_config *config,
			   char *err, size_t err_len)
{
	char name[64], hash[CONTENT_HASH_HEX];
	snprintf(name, sizeof name, "configs/%zu.json", run);
	char *path = path_in(dir, name);
	if (!path) {
		snprintf(err, err_len, "%s: out of memory", dir);
		return -1;
	}
	config_defaults(config);
	int rc = config_load(config, path, NULL, 0, err, err_len);
	if (rc == 0) {
		slurm_run_hash(config, &g->options, hash);
		if (strcmp(hash, g->runs[run].hash) != 0) {
			snprintf(err, err_len, "%s: not the configuration of run "
				 "%zu (%s): its hash differs from the grid's",
				 path, run, g->runs[run].label);
			rc = -1;
		}
	}
	free(path);
	return rc;
}

/* ---- results ----------------------------------------------------------- */

/* Every figure of a run_result but its config and trace path. */
#define FIGURES(X)                                                           \
	X(events) X(reads) X(writes) X(tlb_hits) X(tlb_misses) X(faults)       \
	X(faults_invalid) X(faults_major) X(faults_minor) X(zero_fills)        \
	X(cow_copies) X(evictions) X(evictions_dirty) X(ref_clears)            \
	X(swap_reads) X(swap_writes) X(file_reads) X(file_writes) X(maps_ok)   \
	X(maps_failed) X(creates_ok) X(creates_failed) X(killed) X(cycles)     \
	X(breakdown.tlb) X(breakdown.walk) X(breakdown.memory)                 \
	X(breakdown.fault) X(breakdown.disk_read) X(breakdown.disk_write)      \
	X(breakdown.zero_fill) X(breakdown.copy) X(breakdown.compute)      \
	X(breakdown.pwc) X(mmu.reads_by_level[1]) X(mmu.reads_by_level[2])   \
	X(mmu.reads_by_level[3]) X(mmu.reads_by_level[4])                    \
	X(mmu.reads_by_level[5]) X(mmu.reads_by_level[6])
_Static_assert(MMU_MAX_LEVELS == 6, "one figure per page-table level");

static const struct figure {
	const char *name;
	size_t offset;
} figures[] = {
#define ROW(f) {#f, offsetof(struct run_result, f)},
	FIGURES(ROW)
#undef ROW
};
#define FIGURE_COUNT (sizeof figures / sizeof figures[0])

static uint64_t *figure_at(struct run_result *r, size_t i)
{
	return (uint64_t *)((char *)r + figures[i].offset);
}

struct result_file {
	const struct slurm_grid *grid;
	size_t task, first, count;
	const struct run_job *jobs;
};

static int print_string(FILE *out, const char *s)
{
	cJSON *str = cJSON_CreateString(s);
	char *text = str ? cJSON_PrintUnformatted(str) : NULL;
	int rc = text && fputs(text, out) >= 0 ? 0 : -1;
	free(text);
	cJSON_Delete(str);
	return rc;
}

/* Counts as strings of digits: JSON readers round integers past 2^53. */
static int write_result(FILE *out, void *ctx)
{
	const struct result_file *f = ctx;
	int bad = fprintf(out, "{\n  \"task\": %zu,\n  \"trace_sha256\": \"%s\","
			  "\n  \"runs\": [", f->task, f->grid->trace_hash) < 0;
	for (size_t i = 0; i < f->count && !bad; i++) {
		const struct run_job *j = &f->jobs[i];
		struct run_result r = j->result;
		bad |= fprintf(out, "%s\n    {\"run\": %zu, \"sha256\": \"%s\", "
			       "\"code\": %d, \"error\": ", i ? "," : "",
			       f->first + i, f->grid->runs[f->first + i].hash,
			       j->code) < 0;
		bad |= print_string(out, j->code ? j->err : "") != 0;
		bad |= fputs(", \"figures\": {", out) < 0;
		for (size_t k = 0; k < FIGURE_COUNT && !bad; k++)
			bad |= fprintf(out, "%s\"%s\": \"%" PRIu64 "\"",
				       k ? ", " : "", figures[k].name,
				       j->code ? 0 : *figure_at(&r, k)) < 0;
		bad |= fputs("}}", out) < 0;
	}
	bad |= fputs("\n  ]\n}\n", out) < 0;
	return bad ? -1 : 0;
}

int slurm_result_write(const char *dir, const struct slurm_grid *g,
		       size_t task, const struct run_job *jobs, char *err,
		       size_t err_len)
{
	struct result_file f = {.grid = g, .task = task, .jobs = jobs};
	slurm_grid_task_runs(g, task, &f.first, &f.count);
	char name[64];
	snprintf(name, sizeof name, "results/%zu.json", task);
	char *path = path_in(dir, name);
	if (!path) {
		snprintf(err, err_len, "%s: out of memory", dir);
		return -1;
	}
	int rc = atomic_file_write(path, write_result, &f, err, err_len);
	free(path);
	return rc;
}

/* One run's entry into *j; NULL or what is wrong. */
static const char *read_run(const struct slurm_grid *g, const cJSON *e,
			    size_t run, struct run_job *j)
{
	size_t n, code;
	if (!get_size(e, "run", &n) || n != run)
		return "its runs are not the task's";
	if (!is_hash(get_string(e, "sha256")))
		return "a run without its \"sha256\"";
	if (strcmp(get_string(e, "sha256"), g->runs[run].hash) != 0)
		return "made for another configuration (a stale or foreign "
		       "result)";
	const char *error = get_string(e, "error");
	const cJSON *fig = cJSON_GetObjectItemCaseSensitive(e, "figures");
	if (!get_size(e, "code", &code) || code > 2 || !error ||
	    !cJSON_IsObject(fig))
		return "a run needs \"code\", \"error\" and \"figures\"";
	struct run_result r = j->result;
	for (size_t k = 0; k < FIGURE_COUNT; k++)
		if (!cli_parse_u64(get_string(fig, figures[k].name), figure_at(&r, k)))
			return "a figure is missing or not a string of digits";
	j->result = r;
	j->code = (int)code;
	snprintf(j->err, sizeof j->err, "%s", error);
	return NULL;
}

/* The task's runs into slots[0 .. count-1]. */
static const char *read_result(const struct slurm_grid *g, const cJSON *root,
			       size_t task, struct run_job *slots)
{
	size_t first, count, t;
	slurm_grid_task_runs(g, task, &first, &count);
	if (!get_size(root, "task", &t) || t != task)
		return "the result of another task";
	const char *hash = get_string(root, "trace_sha256");
	if (!hash || strcmp(hash, g->trace_hash) != 0)
		return "made from another trace (a stale or foreign result)";
	const cJSON *runs = cJSON_GetObjectItemCaseSensitive(root, "runs");
	if (!cJSON_IsArray(runs) || (size_t)cJSON_GetArraySize(runs) != count)
		return "not the task's number of runs";
	size_t i = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, runs) {
		const char *what = read_run(g, e, first + i, &slots[i]);
		i++;
		if (what)
			return what;
	}
	return NULL;
}

enum slurm_result slurm_result_read(const char *dir,
				    const struct slurm_grid *g, size_t task,
				    struct run_job *jobs, char *why,
				    size_t why_len)
{
	char name[64];
	snprintf(name, sizeof name, "results/%zu.json", task);
	char *path = path_in(dir, name);
	struct stat st;
	if (!path) {
		snprintf(why, why_len, "%s: out of memory", dir);
		return SLURM_RESULT_REFUSED;
	}
	if (stat(path, &st) != 0 && errno == ENOENT) {
		free(path);
		return SLURM_RESULT_MISSING;
	}
	enum slurm_result rc = SLURM_RESULT_REFUSED;
	char *text = slurp(path, why, why_len);
	cJSON *root = text ? cJSON_Parse(text) : NULL;
	free(text);
	if (text && !root) {
		snprintf(why, why_len, "%s: not valid JSON", path);
	} else if (root) {
		/* into a copy: a refused file changes no slot */
		size_t first, count;
		slurm_grid_task_runs(g, task, &first, &count);
		struct run_job *copy = malloc((count ? count : 1) * sizeof *copy);
		const char *what = copy ? NULL : "out of memory";
		if (copy) {
			memcpy(copy, jobs + first, count * sizeof *copy);
			what = read_result(g, root, task, copy);
			if (!what)
				memcpy(jobs + first, copy, count * sizeof *copy);
		}
		free(copy);
		if (what)
			snprintf(why, why_len, "%s: %s", path, what);
		else
			rc = SLURM_RESULT_OK;
	}
	cJSON_Delete(root);
	free(path);
	return rc;
}
