/*
 * sim/cli/cmd_compare.c: `mmusim compare TRACE CONFIG...`: replay one trace
 * under several configurations (in parallel) and print one row each, with
 * the ratio of its cycles and faults to the first row's. docs/compare.md
 * lists the columns; they are printed in configuration order whatever
 * finished first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch_cli.h"
#include "metric.h"
#include "result_table.h"
#include "run_pool.h"
#include "slurm_cli.h"

static const char usage_text[] =
	"usage: mmusim compare TRACE CONFIG... [--set KEY=VALUE]...\n"
	"                      [--metric M] [--json | --csv] [--from FORMAT]\n"
	"                      [--jobs N] [--warmup N]\n"
	"\n"
	"Replay TRACE under each configuration file and print one row per\n"
	"configuration: misses (faults that filled a frame), miss ratio, minor\n"
	"faults, disk reads and writes, evictions, TLB hit rate, cycles, and\n"
	"the ratio of cycles and of the --metric to the first row's\n"
	"(docs/compare.md). The runs go in parallel; rows stay in order.\n"
	"\n";

static const char exit_text[] =
	"\n"
	"Exit status: 0 ok, 1 an expectation or data check failed in a run,\n"
	"2 bad input (option, configuration, trace).\n";

struct compare {
	enum metric metric;    /* the second ratio column's */
	char **files;          /* the configuration files, in order */
	size_t count;
	struct run_job *jobs;  /* one per file */
};

/* ---- the columns ------------------------------------------------------- */

static const struct run_result *res(const void *ctx, size_t row)
{
	return &((const struct compare *)ctx)->jobs[row].result;
}

static uint64_t disk_reads(const struct run_result *r)
{
	return r->swap_reads + r->file_reads;
}

static uint64_t disk_writes(const struct run_result *r)
{
	return r->swap_writes + r->file_writes;
}

#define CELL(name)                                                           \
	static enum result_cell name(const void *ctx, size_t row, bool human,  \
				     char *buf, size_t len)
#define UNUSED_HUMAN (void)human

CELL(cell_name)
{
	UNUSED_HUMAN;
	return result_cell_text(res(ctx, row)->config.name, buf, len);
}

CELL(cell_file)
{
	UNUSED_HUMAN;
	return result_cell_text(((const struct compare *)ctx)->files[row], buf,
				len);
}

CELL(cell_policy)
{
	UNUSED_HUMAN;
	return result_cell_text(res(ctx, row)->config.policy, buf, len);
}

CELL(cell_ref_bits)
{
	UNUSED_HUMAN;
	return result_cell_text(res(ctx, row)->config.hardware_ref_bits ?
				"hardware" : "software", buf, len);
}

#define U64_CELL(name, expr)                                                 \
	CELL(name)                                                             \
	{                                                                      \
		UNUSED_HUMAN;                                                  \
		const struct run_result *r = res(ctx, row);                    \
		return result_cell_u64(expr, buf, len);                        \
	}

U64_CELL(cell_memory_pages, r->config.memory_pages)
U64_CELL(cell_accesses, r->reads + r->writes)
U64_CELL(cell_faults, r->faults)
U64_CELL(cell_misses, r->faults_major)
U64_CELL(cell_minor_faults, r->faults_minor)
U64_CELL(cell_disk_reads, disk_reads(r))
U64_CELL(cell_disk_writes, disk_writes(r))
U64_CELL(cell_evictions, r->evictions)
U64_CELL(cell_cycles, r->cycles)

CELL(cell_tlb_hit_rate)
{
	const struct run_result *r = res(ctx, row);
	return result_cell_ratio((double)r->tlb_hits,
				 (double)(r->tlb_hits + r->tlb_misses),
				 human ? 1 : 4, human, buf, len);
}

CELL(cell_cycles_ratio)
{
	UNUSED_HUMAN;
	return result_cell_ratio((double)res(ctx, row)->cycles,
				 (double)res(ctx, 0)->cycles, 3, false, buf, len);
}

CELL(cell_miss_ratio)
{
	const struct run_result *r = res(ctx, row);
	return result_cell_ratio((double)r->faults_major,
				 (double)(r->reads + r->writes), human ? 4 : 6,
				 false, buf, len);
}

CELL(cell_metric_ratio)
{
	UNUSED_HUMAN;
	enum metric m = ((const struct compare *)ctx)->metric;
	return result_cell_ratio(metric_value(m, res(ctx, row)),
				 metric_value(m, res(ctx, 0)), 3, false, buf, len);
}

/* key, table heading, right-aligned, in the table */
static const struct result_column columns[] = {
	{"name", NULL, false, true, cell_name},
	{"config", NULL, false, false, cell_file},
	{"policy", NULL, false, true, cell_policy},
	{"ref_bits", NULL, false, false, cell_ref_bits},
	{"memory_pages", NULL, true, true, cell_memory_pages},
	{"accesses", NULL, true, false, cell_accesses},
	{"misses", NULL, true, true, cell_misses},
	{"miss_ratio", NULL, true, true, cell_miss_ratio},
	{"minor_faults", NULL, true, true, cell_minor_faults},
	{"faults", NULL, true, false, cell_faults},
	{"disk_reads", NULL, true, true, cell_disk_reads},
	{"disk_writes", NULL, true, true, cell_disk_writes},
	{"evictions", NULL, true, true, cell_evictions},
	{"tlb_hit_rate", NULL, true, true, cell_tlb_hit_rate},
	{"cycles", NULL, true, true, cell_cycles},
	{"cycles_ratio", NULL, true, true, cell_cycles_ratio},
	{"misses_ratio", NULL, true, true, cell_metric_ratio}, /* METRIC_ratio */
};
#define COLUMNS (sizeof columns / sizeof columns[0])

/* ---- the command ------------------------------------------------------- */

static const char *job_label(const void *ctx, size_t job)
{
	return ((const struct compare *)ctx)->files[job];
}

static int parse(int argc, char **argv, struct batch_cli *b,
		 struct compare *c, const char **trace, bool *help)
{
	bool options_done = false;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (!*trace)
				*trace = arg;
			else
				c->files[c->count++] = argv[i];
			continue;
		}
		int taken = batch_cli_option(b, argc, argv, &i);
		if (taken < 0)
			return -1;
		if (taken)
			continue;
		if (strcmp(arg, "--") == 0) {
			options_done = true;
		} else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			*help = true;
		} else {
			fprintf(stderr, "mmusim compare: unknown option '%s' (see "
					"mmusim compare --help)\n", arg);
			return -1;
		}
	}
	if (!*help && (!*trace || c->count == 0)) {
		fprintf(stderr, "mmusim compare: give a trace and at least one "
				"configuration (see mmusim compare --help)\n");
		return -1;
	}
	return 0;
}

static int compare(struct batch_cli *b, struct compare *c, const char *trace)
{
	if (batch_cli_check_trace(b, trace) != 0)
		return 2;
	char err[1024];
	for (size_t i = 0; i < c->count; i++)
		if (batch_cli_load(b, c->files[i], NULL, 0, &c->jobs[i].config,
				   err, sizeof err) != 0) {
			fprintf(stderr, "mmusim compare: %s\n", err);
			return 2;
		}
	int code = batch_cli_run(b, trace, c->jobs, c->count, job_label, c);
	if (code != 0)
		return code == BATCH_SUBMITTED ? 0 : code;
	/* the last column is the --metric's ratio to the first row */
	struct result_column cols[COLUMNS];
	char key[64];
	memcpy(cols, columns, sizeof cols);
	c->metric = b->metric;
	snprintf(key, sizeof key, "%s_ratio", metric_name(b->metric));
	cols[COLUMNS - 1].key = key;
	/* cycles_ratio is there already */
	size_t shown = b->metric == METRIC_CYCLES ? COLUMNS - 1 : COLUMNS;
	return batch_cli_print(b, cols, shown, c, c->count);
}

int cmd_compare(int argc, char **argv)
{
	struct batch_cli b;
	struct compare c = {0};
	const char *trace = NULL;
	bool help = false;
	int code = 2;
	if (slurm_cli_is_dir_command(argc, argv))
		return slurm_cli_dir_main("compare", argc, argv, cmd_compare);
	if (batch_cli_init(&b, "compare", argc) != 0)
		goto out;
	c.files = calloc((size_t)argc, sizeof *c.files);
	c.jobs = calloc((size_t)argc, sizeof *c.jobs);
	if (!c.files || !c.jobs) {
		fprintf(stderr, "mmusim compare: out of memory\n");
		goto out;
	}
	if (parse(argc, argv, &b, &c, &trace, &help) != 0)
		goto out;
	if (help) {
		fputs(usage_text, stdout);
		fputs(batch_cli_usage, stdout);
		fputs(exit_text, stdout);
		code = 0;
		goto out;
	}
	code = compare(&b, &c, trace);
out:
	free(c.files);
	free(c.jobs);
	batch_cli_free(&b);
	return code;
}
