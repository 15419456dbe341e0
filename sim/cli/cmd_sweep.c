/*
 * sim/cli/cmd_sweep.c: `mmusim sweep TRACE --config C --vary KEY=A..B[:STEP]
 * [--policies P,...]`: replay the trace for every value of one key times
 * every policy (run_pool.h: all cores), print one row per run and plot
 * the --metric (misses by default) against the key, one line per policy
 * (PREFIX.svg, and PREFIX.png when rsvg-convert is there).
 * docs/compare.md is the user's side of this file.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch_cli.h"
#include "cli_options.h"
#include "metric.h"
#include "plot_output.h"
#include "result_table.h"
#include "run_pool.h"
#include "slurm_cli.h"
#include "svg_plot.h"
#include "sweep_grid.h"

static const char usage_text[] =
	"usage: mmusim sweep TRACE [--config FILE] --vary KEY=A..B[:STEP]\n"
	"                    [--policies P,...] [--metric M]\n"
	"                    [--out PREFIX | --no-plot] [--log-y] [--jobs N]\n"
	"                    [--set KEY=VALUE]... [--json | --csv] [--warmup N]\n"
	"\n"
	"Replay TRACE for every value of KEY from A to B (by STEP, default 1;\n"
	"\":xF\" multiplies by F instead) under each policy, print one row per\n"
	"run and plot the metric against KEY, one line per policy.\n"
	"\n"
	"  --config FILE      the configuration the runs start from (default:\n"
	"                     the built-in defaults)\n"
	"  --vary KEY=A..B[:STEP]\n"
	"                     the key to vary (any whole-number key, e.g.\n"
	"                     memory_pages, tlb.entries, latency.disk_read)\n"
	"  --policies P,...   the policies to compare (default: the config's)\n"
	"  --out PREFIX       write PREFIX.svg and PREFIX.png (default: sweep,\n"
	"                     in the current folder); the PNG needs rsvg-convert\n"
	"  --no-plot          print the rows only\n"
	"  --log-y            a logarithmic y axis (x is logarithmic when the\n"
	"                     values multiply (:xF) or span 100 times or more)\n";

static const char exit_text[] =
	"\n"
	"Exit status: 0 ok, 1 an expectation or data check failed in a run,\n"
	"2 bad input (option, configuration, trace) or the SVG not written.\n";

struct sweep {
	const char *trace, *config, *vary, *policies, *out;
	enum metric metric;      /* what the plot shows (--metric) */
	bool no_plot, log_y, help;
	struct sweep_grid grid;
	struct run_job *jobs;
	char (*labels)[160];     /* "memory_pages=4, policy fifo", per job */
};

/* ---- the columns ------------------------------------------------------- */

static const struct run_result *res(const void *ctx, size_t row)
{
	return &((const struct sweep *)ctx)->jobs[row].result;
}

#define CELL(name)                                                           \
	static enum result_cell name(const void *ctx, size_t row, bool human,  \
				     char *buf, size_t len)

CELL(cell_key)
{
	(void)row;
	(void)human;
	return result_cell_text(((const struct sweep *)ctx)->grid.key, buf, len);
}

CELL(cell_value)
{
	(void)human;
	const struct sweep *s = ctx;
	return result_cell_u64(s->grid.values[row / s->grid.policy_count], buf,
			       len);
}

CELL(cell_policy)
{
	(void)human;
	return result_cell_text(res(ctx, row)->config.policy, buf, len);
}

#define U64_CELL(name, expr)                                                 \
	CELL(name)                                                             \
	{                                                                      \
		(void)human;                                                   \
		const struct run_result *r = res(ctx, row);                    \
		return result_cell_u64(expr, buf, len);                        \
	}

U64_CELL(cell_faults, r->faults)
U64_CELL(cell_misses, r->faults_major)
U64_CELL(cell_minor_faults, r->faults_minor)
U64_CELL(cell_accesses, r->reads + r->writes)
U64_CELL(cell_evictions, r->evictions)
U64_CELL(cell_disk_reads, r->swap_reads + r->file_reads)
U64_CELL(cell_disk_writes, r->swap_writes + r->file_writes)
U64_CELL(cell_cycles, r->cycles)

CELL(cell_miss_ratio)
{
	(void)human;
	const struct run_result *r = res(ctx, row);
	return result_cell_ratio((double)r->faults_major,
				 (double)(r->reads + r->writes), human ? 4 : 6,
				 false, buf, len);
}

CELL(cell_tlb_hit_rate)
{
	const struct run_result *r = res(ctx, row);
	return result_cell_ratio((double)r->tlb_hits,
				 (double)(r->tlb_hits + r->tlb_misses),
				 human ? 1 : 4, human, buf, len);
}

/* key, table heading (the value's: the key's name, set at run time),
 * right-aligned, in the table */
static const struct result_column column_list[] = {
	{"key", NULL, false, false, cell_key},
	{"value", NULL, true, true, cell_value},
	{"policy", NULL, false, true, cell_policy},
	{"misses", NULL, true, true, cell_misses},
	{"accesses", NULL, true, true, cell_accesses},
	{"miss_ratio", NULL, true, true, cell_miss_ratio},
	{"minor_faults", NULL, true, true, cell_minor_faults},
	{"faults", NULL, true, false, cell_faults},
	{"evictions", NULL, true, true, cell_evictions},
	{"disk_reads", NULL, true, true, cell_disk_reads},
	{"disk_writes", NULL, true, true, cell_disk_writes},
	{"tlb_hit_rate", NULL, true, true, cell_tlb_hit_rate},
	{"cycles", NULL, true, true, cell_cycles},
};
#define COLUMNS (sizeof column_list / sizeof column_list[0])

static int print_rows(const struct batch_cli *b, const struct sweep *s)
{
	struct result_column columns[COLUMNS];
	memcpy(columns, column_list, sizeof columns);
	columns[1].heading = s->grid.key;
	return batch_cli_print(b, columns, COLUMNS, s, sweep_grid_runs(&s->grid));
}

/* ---- options ----------------------------------------------------------- */

static int sweep_option(struct sweep *s, int argc, char **argv, int *i)
{
	static const char *const names[] = {"--config", "--vary", "--policies",
					     "--out"};
	const char **slots[] = {&s->config, &s->vary, &s->policies, &s->out};
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		if (!cli_is_option(argv[*i], names[k]))
			continue;
		const char *v = cli_option_value(argc, argv, i, names[k]);
		if (!v || !*v) {
			fprintf(stderr, "mmusim sweep: %s needs a value\n", names[k]);
			return -1;
		}
		*slots[k] = v;
		return 1;
	}
	if (strcmp(argv[*i], "--no-plot") == 0) {
		s->no_plot = true;
		return 1;
	}
	if (strcmp(argv[*i], "--log-y") == 0) {
		s->log_y = true;
		return 1;
	}
	if (strcmp(argv[*i], "--help") == 0 || strcmp(argv[*i], "-h") == 0) {
		s->help = true;
		return 1;
	}
	return 0;
}

static int parse(int argc, char **argv, struct batch_cli *b, struct sweep *s)
{
	bool options_done = false;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (s->trace) {
				fprintf(stderr, "mmusim sweep: one trace only ('%s' "
						"and '%s')\n", s->trace, arg);
				return -1;
			}
			s->trace = arg;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			options_done = true;
			continue;
		}
		int taken = batch_cli_option(b, argc, argv, &i);
		if (taken == 0)
			taken = sweep_option(s, argc, argv, &i);
		if (taken < 0)
			return -1;
		if (taken == 0) {
			fprintf(stderr, "mmusim sweep: unknown option '%s' (see "
					"mmusim sweep --help)\n", arg);
			return -1;
		}
	}
	if (s->help)
		return 0;
	if (!s->trace || !s->vary) {
		fprintf(stderr, "mmusim sweep: %s (see mmusim sweep --help)\n",
			!s->trace ? "which trace?" : "--vary KEY=A..B is needed");
		return -1;
	}
	if (s->no_plot && s->out) {
		fprintf(stderr, "mmusim sweep: --out or --no-plot, not both\n");
		return -1;
	}
	return 0;
}

/* ---- the grid's configurations ----------------------------------------- */

/* config_load names a --set key as "--set KEY: what"; the varied key is
 * the user's --vary, so say that, with the value. */
static void report_load_error(const struct sweep *s, uint64_t value,
			      const char *err)
{
	char prefix[SWEEP_KEY_MAX + 16];
	snprintf(prefix, sizeof prefix, "--set %s: ", s->grid.key);
	if (strncmp(err, prefix, strlen(prefix)) == 0)
		fprintf(stderr, "mmusim sweep: --vary %s=%" PRIu64 ": %s\n",
			s->grid.key, value, err + strlen(prefix));
	else
		fprintf(stderr, "mmusim sweep: %s\n", err);
}

static int load_job(const struct batch_cli *b, struct sweep *s, size_t job)
{
	uint64_t value = s->grid.values[job / s->grid.policy_count];
	const char *policy = s->grid.policies[job % s->grid.policy_count];
	char vary[SWEEP_KEY_MAX + 32], pol[48], err[1024];
	snprintf(vary, sizeof vary, "%s=%" PRIu64, s->grid.key, value);
	snprintf(pol, sizeof pol, "policy=%s", policy);
	const char *extra[] = {vary, pol};
	if (batch_cli_load(b, s->config, extra, 2, &s->jobs[job].config, err,
			   sizeof err) != 0) {
		report_load_error(s, value, err);
		return -1;
	}
	snprintf(s->labels[job], sizeof s->labels[job], "%s, policy %s", vary,
		 policy);
	return 0;
}

/* The grid: --vary, --policies (or the config's policy), every config. */
static int build_grid(const struct batch_cli *b, struct sweep *s)
{
	char err[1024];
	if (sweep_grid_vary(&s->grid, s->vary, err, sizeof err) != 0 ||
	    (s->policies &&
	     sweep_grid_policies(&s->grid, s->policies, err, sizeof err) != 0)) {
		fprintf(stderr, "mmusim sweep: %s\n", err);
		return -1;
	}
	if (!s->policies) {
		struct mmusim_config base;
		if (batch_cli_load(b, s->config, NULL, 0, &base, err, sizeof err)) {
			fprintf(stderr, "mmusim sweep: %s\n", err);
			return -1;
		}
		sweep_grid_policies(&s->grid, base.policy, err, sizeof err);
	}
	size_t runs = sweep_grid_runs(&s->grid);
	if (runs > SWEEP_MAX_RUNS) {
		fprintf(stderr, "mmusim sweep: %zu runs: at most %d (fewer values "
				"or policies)\n", runs, SWEEP_MAX_RUNS);
		return -1;
	}
	s->jobs = calloc(runs, sizeof *s->jobs);
	s->labels = calloc(runs, sizeof *s->labels);
	if (!s->jobs || !s->labels) {
		fprintf(stderr, "mmusim sweep: out of memory\n");
		return -1;
	}
	for (size_t j = 0; j < runs; j++)
		if (load_job(b, s, j) != 0)
			return -1;
	return 0;
}

static const char *job_label(const void *ctx, size_t job)
{
	return ((const struct sweep *)ctx)->labels[job];
}

/* ---- the plot ---------------------------------------------------------- */

struct plot_data {
	const struct sweep *sweep;
	struct plot plot;
	struct plot_series *series;
	double *x, *y;             /* policy p's points at [p * values] */
	char title[512], x_label[128], subtitle[512];
};

/* A log x axis when the values multiply (:xF) or span 100 times or more. */
static bool log_x(const struct sweep_grid *g)
{
	uint64_t lo = g->values[0], hi = g->values[g->value_count - 1];
	return g->value_count > 1 && lo > 0 && (g->multiply || hi >= 100 * lo);
}

/* What the figures depend on besides the varied key: the page size, the
 * memory (unless varied), how reference bits work, the seed of random. */
static void subtitle(const struct sweep *s, char *buf, size_t len)
{
	const struct mmusim_config *c = &s->jobs[0].config;
	const struct sweep_grid *g = &s->grid;
	char page[32];
	plot_output_page_size(page, sizeof page, c->page_size);
	int n = snprintf(buf, len, "%s pages", page);
	if (strcmp(g->key, "memory_pages") != 0 && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, ", %" PRIu32
			      " frames (memory_pages %" PRIu32 ")",
			      c->memory_pages - 1, c->memory_pages);
	if (n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, ", %s reference bits",
			      c->hardware_ref_bits ? "hardware" : "software");
	bool random = false;
	for (size_t p = 0; p < g->policy_count; p++)
		random |= strcmp(g->policies[p], "random") == 0;
	if (random && strcmp(g->key, "seed") != 0 && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, ", seed %" PRIu64, c->seed);
}

static int plot_prepare(const struct sweep *s, struct plot_data *d)
{
	const struct sweep_grid *g = &s->grid;
	size_t values = g->value_count, policies = g->policy_count;
	d->sweep = s;
	d->series = calloc(policies, sizeof *d->series);
	d->x = calloc(values * policies, sizeof *d->x);
	d->y = calloc(values * policies, sizeof *d->y);
	if (!d->series || !d->x || !d->y)
		return -1;
	for (size_t p = 0; p < policies; p++) {
		for (size_t v = 0; v < values; v++) {
			d->x[p * values + v] = (double)g->values[v];
			d->y[p * values + v] =
				metric_value(s->metric, &s->jobs[v * policies + p].result);
		}
		d->series[p] = (struct plot_series){
			.name = g->policies[p], .x = d->x + p * values,
			.y = d->y + p * values, .count = values};
	}
	snprintf(d->title, sizeof d->title, "%s vs %s \xe2\x80\x94 %s",
		 metric_title(s->metric), g->key,
		 plot_output_base_name(s->trace));
	subtitle(s, d->subtitle, sizeof d->subtitle);
	snprintf(d->x_label, sizeof d->x_label, "%s%s", g->key,
		 strcmp(g->key, "memory_pages") == 0 ?
		 " (frames, one of them the zero page)" : "");
	d->plot = (struct plot){
		.title = d->title, .x_label = d->x_label,
		.y_label = metric_axis(s->metric),
		.series = d->series, .series_count = policies,
		.subtitle = d->subtitle,
		.x_integer = true, .y_integer = metric_integer(s->metric),
		.x_log = log_x(g), .y_log = s->log_y};
	return 0;
}

static void plot_free(struct plot_data *d)
{
	free(d->series);
	free(d->x);
	free(d->y);
}

static int write_svg(FILE *out, void *ctx)
{
	return svg_plot_write(out, &((struct plot_data *)ctx)->plot);
}

static int write_plot(const struct sweep *s)
{
	struct plot_data d = {0};
	int code = 2;
	if (plot_prepare(s, &d) != 0)
		fprintf(stderr, "mmusim sweep: out of memory\n");
	else
		code = plot_output_write("sweep", s->out ? s->out : "sweep",
					 write_svg, &d);
	plot_free(&d);
	return code;
}

/* ---- the command ------------------------------------------------------- */

static int sweep(struct batch_cli *b, struct sweep *s)
{
	if (batch_cli_check_trace(b, s->trace) != 0 || build_grid(b, s) != 0)
		return 2;
	s->metric = b->metric;
	size_t runs = sweep_grid_runs(&s->grid);
	int code = batch_cli_run(b, s->trace, s->jobs, runs, job_label, s);
	if (code != 0)
		return code == BATCH_SUBMITTED ? 0 : code;
	/* The plot first: if it cannot be written, no table claims success. */
	if (!s->no_plot && (code = write_plot(s)) != 0)
		return code;
	return print_rows(b, s);
}

int cmd_sweep(int argc, char **argv)
{
	struct batch_cli b;
	struct sweep s = {0};
	int code = 2;
	if (slurm_cli_is_dir_command(argc, argv))
		return slurm_cli_dir_main("sweep", argc, argv, cmd_sweep);
	if (batch_cli_init(&b, "sweep", argc) != 0) {
		fprintf(stderr, "mmusim sweep: out of memory\n");
	} else if (parse(argc, argv, &b, &s) == 0) {
		if (s.help) {
			fputs(usage_text, stdout);
			fputs(batch_cli_usage, stdout);
			cli_print_policies(stdout);
			fputs(exit_text, stdout);
			code = 0;
		} else {
			code = sweep(&b, &s);
		}
	}
	sweep_grid_free(&s.grid);
	free(s.jobs);
	free(s.labels);
	batch_cli_free(&b);
	return code;
}
