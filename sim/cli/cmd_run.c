/*
 * sim/cli/cmd_run.c: `mmusim run TRACE [options]`: replay one trace under one
 * configuration and print the report (a table, or --json), optionally the
 * --log lines first. On an error only the error is printed (to stderr),
 * after the log lines written so far; never a report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_options.h"
#include "config.h"
#include "report.h"
#include "run.h"
#include "steps.h"
#include "trace_header.h"
#include "trace_open.h"

static const char usage_text[] =
	"usage: mmusim run TRACE [--config FILE] [--set KEY=VALUE]... [--json]\n"
	"                  [--log] [--check] [--no-shadow] [--no-data] [--write-files]\n"
	"                  [--from FORMAT] [--steps] [--warmup N]\n"

	"\n"
	"Replay TRACE (text or binary, maybe gzip or zstd compressed; \"-\" reads\n"
	"standard input) on the machine and pager of the configuration and\n"
	"report what they did and what it cost in cycles. With \"ref_bits\":\n"
	"\"hardware\" it is replayed once more with software reference bits,\n"
	"to report what the hardware bits save (docs/report.md).\n"
	"\n"
	"  --config FILE      the configuration (JSON; default: the built-in\n"
	"                     defaults, as configs/default.json)\n"
	"  --from FORMAT      the trace's format: auto (text or binary, the\n"
	"                     default), text, binary, lackey, din, pages, addrs;\n"
	"                     importers compact to the configuration's pages\n"
	"                     (docs/trace-formats.md)\n"
	"  --set KEY=VALUE    override one key, e.g. --set tlb.entries=64\n"
	"                     (repeatable; applied after --config)\n"
	"  --json             print the report as JSON (docs/report.md)\n"
	"  --log              print one line per pager-visible event first\n"
	"                     (docs/log.md)\n"
	"  --steps            instead of the report, one line per access: hit or\n"
	"                     miss, the victim, the resident pages in the\n"
	"                     policy's order, then a total (docs/steps.md)\n"
	"  --check            after every event, check the pager's invariants\n"
	"                     and that no TLB entry disagrees with its page table\n"
	"  --no-shadow        do not check every byte read against the shadow\n"
	"                     memory (faster; data loss is then not detected;\n"
	"                     the machine then moves no page bytes when it can)\n"
	"  --no-data          no shadow, and the machine keeps no page bytes:\n"
	"                     same counters and cycles, far less memory; a trace\n"
	"                     that needs the bytes (r ADDR \"TEXT\") is exit 2\n"
	"                     (docs/machine.md, \"Data-less replay\")\n"
	"  --write-files      write file pages back to the trace's data files\n"
	"                     instead of an in-memory overlay\n"
	"  --warmup N         count nothing of the first N events: the report\n"
	"                     covers the events after them, as after a reset\n"
	"                     line (docs/report.md)\n"
	"  --help             this text\n"
	"\n"
	"Exit status: 0 ok, 1 an expectation or data check failed, 2 bad input\n"
	"(bad option, configuration or trace, missing file).\n";

struct run_args {
	const char *trace;
	struct cli_config config;     /* --config, --set */
	bool json, log, steps, help;
	struct run_options options;
};

static int parse(int argc, char **argv, struct run_args *a)
{
	bool options_done = false;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		int taken;
		if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (a->trace) {
				fprintf(stderr, "mmusim run: one trace only ('%s' "
						"and '%s')\n", a->trace, arg);
				return -1;
			}
			a->trace = arg;
		} else if (strcmp(arg, "--") == 0) {
			options_done = true;
		} else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			a->help = true;
		} else if (strcmp(arg, "--json") == 0) {
			a->json = true;
		} else if (strcmp(arg, "--log") == 0) {
			a->log = true;
		} else if (strcmp(arg, "--steps") == 0) {
			a->steps = true;
		} else if (strcmp(arg, "--check") == 0) {
			a->options.check = true;
		} else if (strcmp(arg, "--no-shadow") == 0) {
			a->options.shadow = false;
		} else if (strcmp(arg, "--no-data") == 0) {
			a->options.shadow = false;
			a->options.data = RUN_DATA_NONE;
		} else if (strcmp(arg, "--write-files") == 0) {
			a->options.write_files = true;
		} else if (cli_is_option(arg, "--warmup")) {
			if (!cli_take_warmup("run", cli_option_value(argc, argv, &i, "--warmup"),
					     &a->options.warmup))
				return -1;
		} else if (cli_is_option(arg, "--from")) {
			const char *name = cli_option_value(argc, argv, &i, "--from");
			if (!name || !trace_format_parse(name, &a->options.from)) {
				fprintf(stderr, "mmusim run: --from: unknown format '%s' (auto|%s)\n",
					name ? name : "", trace_format_list());
				return -1;
			}
		} else if ((taken = cli_config_option(&a->config, "run", true, argc, argv, &i))) {
			if (taken < 0)
				return -1;
		} else {
			fprintf(stderr, "mmusim run: unknown option '%s' (see "
					"mmusim run --help)\n", arg);
			return -1;
		}
	}
	if (a->steps && (a->json || a->log)) {
		fprintf(stderr, "mmusim run: --steps prints its own table; not with %s\n",
			a->json ? "--json" : "--log");
		return -1;
	}
	if (a->options.data == RUN_DATA_NONE && a->options.write_files) {
		fprintf(stderr, "mmusim run: --write-files writes the pages' bytes; not with --no-data\n");
		return -1;
	}
	if (!a->help && !a->trace) {
		fprintf(stderr, "mmusim run: which trace? (see mmusim run --help)\n");
		return -1;
	}
	return 0;
}

static int print_report(const struct run_args *a, const struct run_result *res)
{
	/* An import's own set-up (the write of the data file's name,
	 * docs/trace-formats.md) ends with its reset: no access after it
	 * means the input had none. (After --warmup's window the count says
	 * nothing of the input.) */
	if (trace_format_is_import(a->options.from) && !res->window.by_warmup &&
	    res->reads + res->writes == 0)
		fprintf(stderr, "mmusim run: warning: %s: no memory accesses in this "
			"%s input (an empty file?)\n", a->trace,
			trace_format_name(a->options.from));
	if (a->json) {
		char *text = report_json(res);
		if (!text) {
			fprintf(stderr, "mmusim run: out of memory\n");
			return 2;
		}
		fputs(text, stdout);
		free(text);
	} else {
		report_table(stdout, res);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "mmusim run: cannot write the report\n");
		return 2;
	}
	return 0;
}

/*
 * With hardware reference bits, replay the trace once more under software
 * emulation so the report can say what the bits save (report.h). Not for
 * standard input, which cannot be read twice: the report then goes
 * without it, with a note on stderr.
 */
static int software_baseline(const struct run_args *a,
			     const struct mmusim_config *config,
			     struct run_result *res, char *err, size_t err_len)
{
	if (!config->hardware_ref_bits)
		return 0;
	char why[1024];
	if (trace_rereadable(a->trace, "no replay with software reference bits to compare",
			     why, sizeof why) != 0) {
		fprintf(stderr, "mmusim run: %s\n", why);
		return 0;
	}
	struct mmusim_config software = *config;
	software.hardware_ref_bits = false;
	struct run_options options = a->options;
	options.log = NULL;
	struct run_result base;
	int code = run_trace(&software, a->trace, &options, &base, why,
			     sizeof why);
	if (code != 0) {
		snprintf(err, err_len, "%.900s (replaying with ref_bits "
			 "\"software\" to compare)", why);
		return code;
	}
	res->software = (struct ref_bits_baseline){
		.present = true,
		.software_faults = base.faults,
		.software_cycles = base.cycles,
	};
	return 0;
}

/* --steps: the run event by event, one line per access (steps.h). */
static int run_steps(const struct run_args *a, const struct mmusim_config *config)
{
	char err[1024];
	int code = steps_run(config, a->trace, &a->options, stdout, err, sizeof err);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "mmusim run: cannot write the table\n");
		return 2;
	}
	if (code != 0)
		fprintf(stderr, "%s\n", err);
	return code;
}

static int run_command(int argc, char **argv, struct run_args *a)
{
	if (parse(argc, argv, a) != 0)
		return 2;
	if (a->help) {
		fputs(usage_text, stdout);
		cli_print_policies(stdout);
		return 0;
	}
	char err[1024];
	struct mmusim_config config;
	if (trace_config_load("mmusim run", a->trace, a->config.file, a->config.sets,
			      a->config.set_count, &config, err, sizeof err) != 0) {
		fprintf(stderr, "mmusim run: %s\n", err);
		return 2;
	}
	if (a->steps)
		return run_steps(a, &config);
	if (a->log)
		a->options.log = stdout;
	struct run_result res;
	int code = run_trace(&config, a->trace, &a->options, &res, err,
			     sizeof err);
	if (code == 0)
		code = software_baseline(a, &config, &res, err, sizeof err);
	if (code != 0) {
		fflush(stdout);
		fprintf(stderr, "%s\n", err);
		return code;
	}
	return print_report(a, &res);
}

int cmd_run(int argc, char **argv)
{
	struct run_args a = {0};
	run_options_default(&a.options);
	if (!cli_config_init(&a.config, argc))
		return 2;
	int code = run_command(argc, argv, &a);
	cli_config_fini(&a.config);
	return code;
}
