/*
 * sim/cli/cmd_mrc.c: `mmusim mrc TRACE [--policies lru,opt] [--sizes
 * A..B[:STEP|:xF]]`: the exact LRU and OPT miss counts of every memory
 * size from one read of the trace (sim/replay/mrc.h), one row per size
 * and policy, and a plot of them as sweep draws its (PREFIX.svg, .png).
 * docs/mrc.md is the user's side of this file.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "cli_options.h"
#include "config.h"
#include "metric.h"
#include "mrc.h"
#include "mrc_trace.h"
#include "plot_output.h"
#include "result_table.h"
#include "svg_plot.h"
#include "sweep_grid.h"
#include "trace_open.h"

static const char usage_text[] =
	"usage: mmusim mrc TRACE [--policies lru,opt] [--sizes A..B[:STEP|:xF]]\n"
	"                  [--config FILE] [--set KEY=VALUE]... [--from FORMAT]\n"
	"                  [--metric misses|miss_ratio] [--log-y]\n"
	"                  [--out PREFIX | --no-plot] [--json | --csv]\n"
	"\n"
	"The exact miss counts of LRU and OPT for every memory size, from one\n"
	"read of TRACE (stack distances: docs/mrc.md). Each count is what\n"
	"`mmusim sweep --vary memory_pages=SIZE+1` counts as misses on a page\n"
	"list imported with --from pages (memory_pages counts the zero page).\n"
	"\n"
	"  --policies P,...   lru, opt or both (default: lru,opt)\n"
	"  --sizes A..B[:STEP|:xF]\n"
	"                     the sizes to print, in frames for pages (A >= 1);\n"
	"                     default: 1..PAGES, or 1, 2, 4, ... and PAGES when\n"
	"                     the trace has more than 64 pages\n"
	"  --config FILE      take page_size and arena_base from a configuration\n"
	"  --set KEY=VALUE    override a configuration key (e.g. page_size)\n"
	"  --from FORMAT      auto (default), text, binary, lackey, din, pages,\n"
	"                     addrs\n"
	"  --metric M         what the plot shows: miss_ratio (default) or misses\n"
	"  --log-y            a logarithmic y axis (x is logarithmic when the\n"
	"                     sizes multiply (:xF) or span 100 times or more)\n"
	"  --out PREFIX       write PREFIX.svg and PREFIX.png (default: mrc)\n"
	"  --no-plot          print the rows only\n"
	"  --json, --csv      the rows as JSON or CSV\n"
	"\n"
	"Exit status: 0 ok, 2 bad input (option, configuration, trace) or the\n"
	"SVG not written.\n";

#define DEFAULT_ALL_SIZES 64   /* up to this many pages: every size */

enum mrc_policy { MRC_LRU, MRC_OPT, MRC_POLICIES };
static const char *const policy_name[MRC_POLICIES] = {"lru", "opt"};

struct mrc_cmd {
	const char *trace, *sizes_text, *policies_text, *out;
	struct cli_config config;     /* --config, --set */
	enum trace_format from;
	enum result_format format;
	enum metric metric;
	bool no_plot, log_y, help;
	struct mmusim_config cfg;
	/* the policies asked for, in order */
	enum mrc_policy policies[MRC_POLICIES];
	size_t policy_count;
	uint64_t *sizes;
	size_t size_count;
	bool sizes_multiply;
	struct mrc_refs refs;
	uint64_t *misses;      /* [size * policy_count + policy] */
};

/* ---- the rows ---------------------------------------------------------- */

#define CELL(name)                                                           \
	static enum result_cell name(const void *ctx, size_t row, bool human,  \
				     char *buf, size_t len)

static const struct mrc_cmd *cmd_of(const void *ctx) { return ctx; }

/* The references counted: those after the trace's last `reset`. */
static size_t counted(const struct mrc_cmd *m)
{
	return m->refs.count - m->refs.counted_from;
}

CELL(cell_frames)
{
	(void)human;
	const struct mrc_cmd *m = cmd_of(ctx);
	return result_cell_u64(m->sizes[row / m->policy_count], buf, len);
}

CELL(cell_memory_pages)
{
	(void)human;
	const struct mrc_cmd *m = cmd_of(ctx);
	return result_cell_u64(m->sizes[row / m->policy_count] + 1, buf, len);
}

CELL(cell_policy)
{
	(void)human;
	const struct mrc_cmd *m = cmd_of(ctx);
	return result_cell_text(policy_name[m->policies[row % m->policy_count]],
				buf, len);
}

CELL(cell_misses)
{
	(void)human;
	return result_cell_u64(cmd_of(ctx)->misses[row], buf, len);
}

CELL(cell_accesses)
{
	(void)human;
	(void)row;
	return result_cell_u64(counted(cmd_of(ctx)), buf, len);
}

CELL(cell_miss_ratio)
{
	const struct mrc_cmd *m = cmd_of(ctx);
	return result_cell_ratio((double)m->misses[row], (double)counted(m),
				 human ? 4 : 6, false, buf, len);
}

static const struct result_column columns[] = {
	{"frames", NULL, true, true, cell_frames},
	{"memory_pages", NULL, true, true, cell_memory_pages},
	{"policy", NULL, false, true, cell_policy},
	{"misses", NULL, true, true, cell_misses},
	{"accesses", NULL, true, true, cell_accesses},
	{"miss_ratio", NULL, true, true, cell_miss_ratio},
};

/* ---- options ----------------------------------------------------------- */

static int need_value(const char *v, const char *name)
{
	if (v && *v)
		return 0;
	fprintf(stderr, "mmusim mrc: %s needs a value\n", name);
	return -1;
}

/* 1: taken, 0: not an option of mrc, -1: bad (message printed). */
static int take_option(struct mrc_cmd *m, int argc, char **argv, int *i)
{
	static const char *const names[] = {"--sizes", "--policies", "--out"};
	const char **slots[] = {&m->sizes_text, &m->policies_text, &m->out};
	const char *arg = argv[*i];
	int taken = cli_config_option(&m->config, "mrc", true, argc, argv, i);
	if (taken)
		return taken;
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
		if (cli_is_option(arg, names[k])) {
			*slots[k] = cli_option_value(argc, argv, i, names[k]);
			return need_value(*slots[k], names[k]) ? -1 : 1;
		}
	if (cli_is_option(arg, "--from")) {
		const char *v = cli_option_value(argc, argv, i, "--from");
		if (need_value(v, "--from"))
			return -1;
		if (!trace_format_parse(v, &m->from)) {
			fprintf(stderr, "mmusim mrc: --from: unknown format '%s' "
					"(auto|%s)\n", v, trace_format_list());
			return -1;
		}
		return 1;
	}
	if (cli_is_option(arg, "--metric")) {
		const char *v = cli_option_value(argc, argv, i, "--metric");
		if (need_value(v, "--metric"))
			return -1;
		if (!metric_parse(v, &m->metric) ||
		    (m->metric != METRIC_MISSES && m->metric != METRIC_MISS_RATIO)) {
			fprintf(stderr, "mmusim mrc: --metric: '%s': mrc plots "
					"misses or miss_ratio\n", v);
			return -1;
		}
		return 1;
	}
	static const char *const flags[] = {"--json", "--csv", "--no-plot",
					     "--log-y", "--help", "-h"};
	for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++)
		if (strcmp(arg, flags[k]) == 0) {
			switch (k) {
			case 0: m->format = RESULT_JSON; break;
			case 1: m->format = RESULT_CSV; break;
			case 2: m->no_plot = true; break;
			case 3: m->log_y = true; break;
			default: m->help = true; break;
			}
			return 1;
		}
	return 0;
}

static int parse(int argc, char **argv, struct mrc_cmd *m)
{
	bool options_done = false;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (m->trace) {
				fprintf(stderr, "mmusim mrc: one trace only ('%s' "
						"and '%s')\n", m->trace, arg);
				return -1;
			}
			m->trace = arg;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			options_done = true;
			continue;
		}
		int taken = take_option(m, argc, argv, &i);
		if (taken < 0)
			return -1;
		if (taken == 0) {
			fprintf(stderr, "mmusim mrc: unknown option '%s' (see "
					"mmusim mrc --help)\n", arg);
			return -1;
		}
	}
	if (m->help)
		return 0;
	if (!m->trace) {
		fprintf(stderr, "mmusim mrc: which trace? (see mmusim mrc --help)\n");
		return -1;
	}
	if (m->no_plot && m->out) {
		fprintf(stderr, "mmusim mrc: --out or --no-plot, not both\n");
		return -1;
	}
	return 0;
}

/* "lru,opt": each of them at most once. */
static int parse_policies(struct mrc_cmd *m)
{
	const char *s = m->policies_text ? m->policies_text : "lru,opt";
	m->policy_count = 0;
	for (;;) {
		size_t n = strcspn(s, ",");
		size_t p = 0;
		while (p < MRC_POLICIES && !(strlen(policy_name[p]) == n &&
					     strncmp(s, policy_name[p], n) == 0))
			p++;
		if (p == MRC_POLICIES) {
			fprintf(stderr, "mmusim mrc: --policies: '%.*s': mrc "
					"computes lru and opt, the stack "
					"algorithms (for others: mmusim sweep)\n",
				(int)n, s);
			return -1;
		}
		for (size_t k = 0; k < m->policy_count; k++)
			if (m->policies[k] == (enum mrc_policy)p) {
				fprintf(stderr, "mmusim mrc: --policies: '%s' "
						"twice\n", policy_name[p]);
				return -1;
			}
		m->policies[m->policy_count++] = (enum mrc_policy)p;
		if (!s[n])
			return 0;
		s += n + 1;
	}
}

/* --sizes through sweep's --vary parser, under its own name. */
static int parse_sizes(struct mrc_cmd *m)
{
	struct sweep_grid grid = {0};
	char text[256], err[512];
	if (snprintf(text, sizeof text, "frames=%s", m->sizes_text) >=
	    (int)sizeof text) {
		fprintf(stderr, "mmusim mrc: --sizes '%s': too long\n",
			m->sizes_text);
		return -1;
	}
	if (sweep_grid_vary(&grid, text, err, sizeof err) != 0) {
		const char *what = strstr(err, "': ");
		fprintf(stderr, "mmusim mrc: --sizes '%s': %s\n", m->sizes_text,
			what ? what + 3 : err);
		sweep_grid_free(&grid);
		return -1;
	}
	if (grid.values[0] == 0) {
		fprintf(stderr, "mmusim mrc: --sizes '%s': sizes start at 1 "
				"(frames for pages)\n", m->sizes_text);
		sweep_grid_free(&grid);
		return -1;
	}
	if (grid.values[grid.value_count - 1] >= UINT32_MAX) {
		fprintf(stderr, "mmusim mrc: --sizes '%s': sizes go up to %" PRIu32
				" (memory_pages, one more, is a 32-bit key)\n",
			m->sizes_text, UINT32_MAX - 1);
		sweep_grid_free(&grid);
		return -1;
	}
	m->sizes = grid.values;        /* ours now */
	m->size_count = grid.value_count;
	m->sizes_multiply = grid.multiply;
	return 0;
}

/* 1..pages, or 1, 2, 4, ... and pages. */
static int default_sizes(struct mrc_cmd *m)
{
	uint64_t pages = m->refs.pages ? m->refs.pages : 1;
	m->sizes = malloc(80 * sizeof *m->sizes);
	if (!m->sizes)
		return -1;
	m->size_count = 0;
	if (pages <= DEFAULT_ALL_SIZES) {
		for (uint64_t s = 1; s <= pages; s++)
			m->sizes[m->size_count++] = s;
		return 0;
	}
	for (uint64_t s = 1; s < pages; s *= 2)
		m->sizes[m->size_count++] = s;
	m->sizes[m->size_count++] = pages;
	m->sizes_multiply = true;
	return 0;
}

/* ---- the computation --------------------------------------------------- */

static int read_trace(struct mrc_cmd *m)
{
	char err[1024];
	config_defaults(&m->cfg);
	if (config_load(&m->cfg, m->config.file, m->config.sets, m->config.set_count, err,
			sizeof err) != 0) {
		fprintf(stderr, "mmusim mrc: %s\n", err);
		return -1;
	}
	struct trace_open_options opt = trace_open_defaults(
		m->from, m->cfg.page_size, m->cfg.arena_base);
	opt.ensure_data_file = false;    /* nothing is replayed */
	struct event_source *src = trace_open_with(m->trace, &opt, err,
						   sizeof err);
	if (!src) {
		fprintf(stderr, "mmusim mrc: %s\n", err);
		return -1;
	}
	int rc = mrc_refs_read(src, m->cfg.page_size, m->cfg.arena_base,
			       &m->refs, err, sizeof err);
	src->close(src);
	if (rc != 0)
		fprintf(stderr, "mmusim mrc: %s\n", err);
	return rc;
}

static int compute(struct mrc_cmd *m)
{
	uint64_t largest = 0;
	for (size_t i = 0; i < m->size_count; i++)
		largest = m->sizes[i] > largest ? m->sizes[i] : largest;
	uint64_t *one = malloc(m->size_count * sizeof *one);
	m->misses = malloc(m->size_count * m->policy_count * sizeof *m->misses);
	if (!one || !m->misses) {
		free(one);
		return -1;
	}
	for (size_t p = 0; p < m->policy_count; p++) {
		struct mrc_histogram h;
		int rc = m->policies[p] == MRC_LRU
			? mrc_lru_window(m->refs.refs, m->refs.count, m->refs.counted_from,
					 m->refs.pages, &h)
			: mrc_opt_window(m->refs.refs, m->refs.count, m->refs.counted_from,
					 m->refs.pages, largest, &h);
		if (rc != 0) {
			free(one);
			return -1;
		}
		/* sizes past the histogram's depth hold every page: beyond
		 * is then the first references alone */
		mrc_misses_at(&h, m->sizes, m->size_count, one);
		for (size_t s = 0; s < m->size_count; s++)
			m->misses[s * m->policy_count + p] = one[s];
		mrc_histogram_free(&h);
	}
	free(one);
	return 0;
}

/* ---- the plot ---------------------------------------------------------- */

struct plot_data {
	const struct mrc_cmd *m;
	struct plot plot;
	struct plot_series series[MRC_POLICIES];
	double *x, *y;
	char title[512], subtitle[512];
};

static bool log_x(const struct mrc_cmd *m)
{
	uint64_t lo = UINT64_MAX, hi = 0;
	for (size_t i = 0; i < m->size_count; i++) {
		lo = m->sizes[i] < lo ? m->sizes[i] : lo;
		hi = m->sizes[i] > hi ? m->sizes[i] : hi;
	}
	return m->size_count > 1 && (m->sizes_multiply || hi >= 100 * lo);
}

static int plot_prepare(const struct mrc_cmd *m, struct plot_data *d)
{
	size_t n = m->size_count;
	d->m = m;
	d->x = calloc(n * m->policy_count, sizeof *d->x);
	d->y = calloc(n * m->policy_count, sizeof *d->y);
	if (!d->x || !d->y)
		return -1;
	for (size_t p = 0; p < m->policy_count; p++) {
		for (size_t s = 0; s < n; s++) {
			uint64_t misses = m->misses[s * m->policy_count + p];
			d->x[p * n + s] = (double)m->sizes[s];
			d->y[p * n + s] = m->metric == METRIC_MISSES ? (double)misses
				: counted(m) ? (double)misses / (double)counted(m)
				: 0;
		}
		d->series[p] = (struct plot_series){
			.name = policy_name[m->policies[p]], .x = d->x + p * n,
			.y = d->y + p * n, .count = n};
	}
	char page[32];
	plot_output_page_size(page, sizeof page, m->cfg.page_size);
	snprintf(d->title, sizeof d->title, "%s vs frames \xe2\x80\x94 %s",
		 metric_title(m->metric), plot_output_base_name(m->trace));
	snprintf(d->subtitle, sizeof d->subtitle,
		 "%s pages, %zu references to %" PRIu32 " pages; exact, from "
		 "stack distances", page, counted(m), m->refs.pages);
	d->plot = (struct plot){
		.title = d->title, .subtitle = d->subtitle,
		.x_label = "frames (for pages; memory_pages = frames + 1)",
		.y_label = metric_axis(m->metric),
		.series = d->series, .series_count = m->policy_count,
		.x_integer = true, .y_integer = metric_integer(m->metric),
		.x_log = log_x(m), .y_log = m->log_y};
	return 0;
}

static int write_svg(FILE *out, void *ctx)
{
	return svg_plot_write(out, &((struct plot_data *)ctx)->plot);
}

static int write_plot(const struct mrc_cmd *m)
{
	struct plot_data d = {0};
	int code = 2;
	if (plot_prepare(m, &d) != 0)
		fprintf(stderr, "mmusim mrc: out of memory\n");
	else
		code = plot_output_write("mrc", m->out ? m->out : "mrc", write_svg,
				       &d);
	free(d.x);
	free(d.y);
	return code;
}

/* ---- the command ------------------------------------------------------- */

static int mrc(struct mrc_cmd *m)
{
	if (parse_policies(m) != 0 || (m->sizes_text && parse_sizes(m) != 0) ||
	    read_trace(m) != 0)
		return 2;
	if (!m->sizes && default_sizes(m) != 0) {
		fprintf(stderr, "mmusim mrc: out of memory\n");
		return 2;
	}
	if (compute(m) != 0) {
		fprintf(stderr, "mmusim mrc: out of memory\n");
		return 2;
	}
	int code;
	if (!m->no_plot && (code = write_plot(m)) != 0)
		return code;
	if (result_table_print(stdout, m->format, columns,
			       sizeof columns / sizeof columns[0], m,
			       m->size_count * m->policy_count) != 0 ||
	    fflush(stdout) != 0) {
		fprintf(stderr, "mmusim mrc: cannot write the results\n");
		return 2;
	}
	return 0;
}

int cmd_mrc(int argc, char **argv)
{
	struct mrc_cmd m = {.metric = METRIC_MISS_RATIO};
	int code = 2;
	if (!cli_config_init(&m.config, argc))
		fprintf(stderr, "mmusim mrc: out of memory\n");
	else if (parse(argc, argv, &m) == 0) {
		if (m.help) {
			fputs(usage_text, stdout);
			code = 0;
		} else {
			code = mrc(&m);
		}
	}
	cli_config_fini(&m.config);
	free(m.sizes);
	free(m.misses);
	mrc_refs_free(&m.refs);
	return code;
}
