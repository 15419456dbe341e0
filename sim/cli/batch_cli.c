/*
 * sim/cli/batch_cli.c: the options and steps compare and sweep share
 * (batch_cli.h).
 */
#include "batch_cli.h"
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_options.h"
#include "import_cli.h"

#define MAX_JOBS 1024

const char batch_cli_usage[] =
	"  --set KEY=VALUE    override one key in every configuration, e.g.\n"
	"                     --set tlb.entries=64 (repeatable)\n"
	"  --metric M         what to rank and plot by: misses (the default:\n"
	"                     faults that filled a frame), miss_ratio,\n"
	"                     faults (all MMU faults), minor_faults, cycles,\n"
	"                     disk_writes\n"
	"  --json | --csv     print the rows as a JSON array or as CSV\n"
	"                     (docs/compare.md) instead of a table\n"
	"  --from FORMAT      the trace's format: auto (text or binary, the\n"
	"                     default), text, binary, lackey, din, pages, addrs\n"
	"  --jobs N           run N replays at a time (default: every core)\n"
	"  --check            check the pager's invariants after every event\n"
	"  --check-data       check every byte read against the shadow memory\n"
	"                     (slower; by default no byte is checked and the\n"
	"                     machine moves no page bytes: docs/compare.md)\n"
	"  --no-shadow        the default: no byte checked\n"
	"  --warmup N         count nothing of the first N events: every\n"
	"                     figure covers the events after them\n"
	SLURM_CLI_USAGE
	"  --help             this text\n";

int batch_cli_init(struct batch_cli *b, const char *command, int argc)
{
	*b = (struct batch_cli){.command = command, .format = RESULT_TABLE,
				.from = TRACE_AUTO, .metric = METRIC_MISSES};
	run_options_default(&b->options);
	b->options.shadow = false; /* data-less unless --check-data */
	if (!cli_config_init(&b->sets, argc) || slurm_cli_init(&b->slurm, argc) != 0) {
		batch_cli_free(b);
		return -1;
	}
	return 0;
}

void batch_cli_free(struct batch_cli *b)
{
	cli_config_fini(&b->sets);
	slurm_cli_free(&b->slurm);
}

static int take_jobs(struct batch_cli *b, const char *value)
{
	uint64_t n;
	if (!value || !import_cli_number(value, &n) || n < 1 || n > MAX_JOBS) {
		fprintf(stderr, "mmusim %s: --jobs needs a number from 1 to %d\n",
			b->command, MAX_JOBS);
		return -1;
	}
	b->jobs = (unsigned)n;
	return 1;
}

static int take_from(struct batch_cli *b, const char *value)
{
	if (!value || !trace_format_parse(value, &b->from)) {
		fprintf(stderr, "mmusim %s: --from: unknown format '%s' (auto|%s)\n",
			b->command, value ? value : "", trace_format_list());
		return -1;
	}
	return 1;
}

static int take_metric(struct batch_cli *b, const char *value)
{
	if (!value || !metric_parse(value, &b->metric)) {
		fprintf(stderr, "mmusim %s: --metric: '%s' is not one of %s\n",
			b->command, value ? value : "", metric_names);
		return -1;
	}
	return 1;
}

int batch_cli_option(struct batch_cli *b, int argc, char **argv, int *i)
{
	const char *arg = argv[*i];
	if (strcmp(arg, "--json") == 0 || strcmp(arg, "--csv") == 0) {
		enum result_format f = arg[2] == 'j' ? RESULT_JSON : RESULT_CSV;
		if (b->format != RESULT_TABLE && b->format != f) {
			fprintf(stderr, "mmusim %s: --json or --csv, not both\n",
				b->command);
			return -1;
		}
		b->format = f;
		return 1;
	}
	if (strcmp(arg, "--check") == 0) {
		b->options.check = true;
		return 1;
	}
	if (strcmp(arg, "--no-shadow") == 0 || strcmp(arg, "--check-data") == 0) {
		b->options.shadow = arg[2] == 'c';
		return 1;
	}
	int taken = cli_config_option(&b->sets, b->command, false, argc, argv, i);
	if (taken)
		return taken;
	if (cli_is_option(arg, "--from"))
		return take_from(b, cli_option_value(argc, argv, i, "--from"));
	if (cli_is_option(arg, "--metric"))
		return take_metric(b, cli_option_value(argc, argv, i, "--metric"));
	if (cli_is_option(arg, "--jobs"))
		return take_jobs(b, cli_option_value(argc, argv, i, "--jobs"));
	if (cli_is_option(arg, "--warmup"))
		return cli_take_warmup(b->command, cli_option_value(argc, argv, i, "--warmup"),
				       &b->options.warmup) ? 1 : -1;
	return slurm_cli_option(&b->slurm, b->command, argc, argv, i);
}

int batch_cli_load(const struct batch_cli *b, const char *path,
		   const char *const *extra, int extra_count,
		   struct mmusim_config *config, char *err, size_t err_len)
{
	int n = b->sets.set_count + extra_count;
	const char **sets = calloc((size_t)(n > 0 ? n : 1), sizeof *sets);
	if (!sets) {
		snprintf(err, err_len, "out of memory");
		return -1;
	}
	memcpy(sets, b->sets.sets, (size_t)b->sets.set_count * sizeof *sets);
	for (int k = 0; k < extra_count; k++)
		sets[b->sets.set_count + k] = extra[k];
	config_defaults(config);
	int rc = config_load(config, path, sets, n, err, err_len);
	free(sets);
	if (rc != 0)
		return -1;
	return 0;
}

int batch_cli_check_trace(const struct batch_cli *b, const char *trace)
{
	char err[1024];
	if (trace_rereadable(trace, "the trace is replayed once per run", err, sizeof err) != 0) {
		fprintf(stderr, "mmusim %s: %s\n", b->command, err);
		return -1;
	}
	return 0;
}

static void job_done(void *arg, size_t finished, size_t count)
{
	struct progress *p = arg;
	char a[32], b[32];
	progress_note(p, "%s of %s runs done", progress_grouped(finished, a, sizeof a),
		      progress_grouped(count, b, sizeof b));
}

int batch_cli_run(const struct batch_cli *b, const char *trace,
		  struct run_job *jobs, size_t count,
		  const char *(*label)(const void *ctx, size_t job),
		  const void *ctx)
{
	struct run_options options = b->options;
	options.from = b->from;
	int worst = 0, stop;
	if (!slurm_cli_active(&b->slurm)) {
		struct progress progress;
		progress_begin(&progress, b->command);
		worst = run_pool_watch(trace, &options, jobs, count, b->jobs,
				       job_done, &progress);
		progress_end(&progress);
	} else if (slurm_cli_run(&b->slurm, b->command, trace, &options, jobs,
				 count, label, ctx, &stop) != 0) {
		return stop == 0 ? BATCH_SUBMITTED : stop;
	} else {
		for (size_t i = 0; i < count; i++)
			worst = jobs[i].code > worst ? jobs[i].code : worst;
	}
	for (size_t i = 0; worst > 0 && i < count; i++)
		if (jobs[i].code != 0)
			fprintf(stderr, "mmusim %s: %s: %s\n", b->command,
				label(ctx, i), jobs[i].err);
	return worst < 0 ? 2 : worst;
}

int batch_cli_print(const struct batch_cli *b,
		    const struct result_column *columns, size_t column_count,
		    const void *ctx, size_t rows)
{
	if (result_table_print(stdout, b->format, columns, column_count, ctx,
			       rows) != 0 ||
	    fflush(stdout) != 0) {
		fprintf(stderr, "mmusim %s: cannot write the results\n",
			b->command);
		return 2;
	}
	return 0;
}
