/*
 * sim/cli/cmd_live.c: `mmusim live [options] PROGRAM [ARGS...]`: run a
 * real program on the pager (live/live.h, docs/live.md). The program's
 * output is its own (stdout and stderr untouched); the pager trace goes to
 * --log's file or stderr, the report to stderr or --report's file; the
 * exit status is the program's.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_options.h"
#include "config.h"
#include "live.h"
#include "report.h"

static const char usage_text[] =
	"usage: mmusim live [-m PAGES] [-s BLOCKS] [--config FILE] [--set KEY=VALUE]...\n"
	"                   [--log[=FILE]] [--log-format mmusim|classic-a|classic-b]\n"
	"                   [--stable-pids] [--record TRACE] [--json] [--report FILE]\n"
	"                   [--quiet] [--write-files] PROGRAM [ARGS...]\n"
	"\n"
	"Run PROGRAM (linked with the application library: pkg-config --libs\n"
	"mmusim-app) as a process of the pager, on real memory: its arena pages\n"
	"are mapped with the permissions of their page-table entries, and an\n"
	"access without permission is a vm_fault. fork() makes pager processes,\n"
	"vm_yield() passes the processor round robin; the run ends when every\n"
	"process has ended (docs/live.md).\n"
	"\n"
	"  -m PAGES           physical memory pages (memory_pages; default 4)\n"
	"  -s BLOCKS          swap blocks (swap_blocks; default 256)\n"
	"  --config FILE      the configuration (JSON; default: built-in defaults)\n"
	"  --set KEY=VALUE    override one key (repeatable; -m and -s are two)\n"
	"  --log[=FILE]       the pager trace, to FILE or standard error\n"
	"  --log-format F     mmusim (docs/log.md, the default), classic-a or\n"
	"                     classic-b (the classic pager trace)\n"
	"  --stable-pids      number processes 1, 2, ... so that runs repeat byte\n"
	"                     for byte\n"
	"  --record TRACE     write what the pager saw as a trace; `mmusim run\n"
	"                     TRACE` gives the same counters and --log\n"
	"  --json             the report as JSON (docs/report.md)\n"
	"  --report FILE      the report to FILE instead of standard error\n"
	"  --quiet            no report\n"
	"  --write-files      file pages are written back to the files themselves\n"
	"                     (default: an in-memory overlay)\n"
	"  --help             this text\n"
	"\n"
	"Exit status: the program's (128 + N when signal N ended it), or 2 when\n"
	"mmusim cannot run it (bad option or configuration, a program that cannot\n"
	"be started or is not linked with the application library).\n";

struct live_args {
	const char *log_path, *record, *report;
	struct cli_config config;     /* --config, --set, -m, -s */
	bool log, json, quiet, help;
	struct live_options options;
	char **argv;
};

static bool is_count(const char *s)
{
	if (!s || !*s || strlen(s) > 9)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* -m N and -s N: one --set each, in command-line order. */
static int short_set(struct live_args *a, int argc, char **argv, int *i, const char *key)
{
	const char *opt = argv[*i];
	const char *value = opt[2] ? opt + 2 : (*i + 1 < argc ? argv[++*i] : NULL);
	if (!is_count(value)) {
		fprintf(stderr, "mmusim live: %.2s needs a number, not '%s'\n", opt,
			value ? value : "");
		return -1;
	}
	return cli_config_add(&a->config, key, value) ? 0 : -1;
}

static int parse(int argc, char **argv, struct live_args *a)
{
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && !a->help; i++) {
		const char *arg = argv[i];
		int taken;
		if (strcmp(arg, "--") == 0) {
			i++;
			break;
		} else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			a->help = true;
		} else if (strncmp(arg, "-m", 2) == 0) {
			if (short_set(a, argc, argv, &i, "memory_pages") != 0)
				return -1;
		} else if (strncmp(arg, "-s", 2) == 0) {
			if (short_set(a, argc, argv, &i, "swap_blocks") != 0)
				return -1;
		} else if (strcmp(arg, "--log") == 0) {
			a->log = true;
		} else if (strncmp(arg, "--log=", 6) == 0) {
			a->log = true;
			a->log_path = arg + 6;
		} else if (cli_is_option(arg, "--log-format")) {
			const char *f = cli_option_value(argc, argv, &i, "--log-format");
			if (f && strcmp(f, "mmusim") == 0)
				a->options.log_format = LIVE_LOG_MMUSIM;
			else if (f && strcmp(f, "classic-a") == 0)
				a->options.log_format = LIVE_LOG_CLASSIC_A;
			else if (f && strcmp(f, "classic-b") == 0)
				a->options.log_format = LIVE_LOG_CLASSIC_B;
			else {
				fprintf(stderr, "mmusim live: --log-format: mmusim, classic-a or "
						"classic-b, not '%s'\n", f ? f : "");
				return -1;
			}
		} else if (strcmp(arg, "--stable-pids") == 0) {
			a->options.stable_pids = true;
		} else if (strcmp(arg, "--json") == 0) {
			a->json = true;
		} else if (strcmp(arg, "--quiet") == 0) {
			a->quiet = true;
		} else if (strcmp(arg, "--write-files") == 0) {
			a->options.write_files = true;
		} else if (cli_is_option(arg, "--record")) {
			if (!(a->record = cli_option_value(argc, argv, &i, "--record"))) {
				fprintf(stderr, "mmusim live: --record needs a file\n");
				return -1;
			}
		} else if (cli_is_option(arg, "--report")) {
			if (!(a->report = cli_option_value(argc, argv, &i, "--report"))) {
				fprintf(stderr, "mmusim live: --report needs a file\n");
				return -1;
			}
		} else if ((taken = cli_config_option(&a->config, "live", true, argc, argv, &i))) {
			if (taken < 0)
				return -1;
		} else {
			fprintf(stderr, "mmusim live: unknown option '%s' (see mmusim live "
					"--help)\n", arg);
			return -1;
		}
	}
	if (!a->help && i >= argc) {
		fprintf(stderr, "mmusim live: which program? (see mmusim live --help)\n");
		return -1;
	}
	a->argv = argv + i;
	return 0;
}

static int print_report(const struct live_args *a, const struct run_result *res)
{
	FILE *out = stderr;
	if (a->report && !(out = fopen(a->report, "we"))) {
		perror(a->report);
		return 2;
	}
	if (a->json) {
		char *text = report_json(res);
		if (text)
			fputs(text, out);
		free(text);
	} else {
		report_table(out, res);
	}
	int bad = fflush(out) != 0 || ferror(out);
	if (out != stderr)
		bad |= fclose(out) != 0;
	if (bad) {
		fprintf(stderr, "mmusim live: cannot write the report\n");
		return 2;
	}
	return 0;
}

static int live_command(int argc, char **argv, struct live_args *a)
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
	if (config_load(&config, a->config.file, a->config.sets, a->config.set_count, err,
			sizeof err) != 0 ||
	    live_config_check(&config, err, sizeof err) != 0) {
		fprintf(stderr, "mmusim live: %s\n", err);
		return 2;
	}
	FILE *log = NULL;
	if (a->log) {
		log = a->log_path ? fopen(a->log_path, "we") : stderr;
		if (!log) {
			perror(a->log_path);
			return 2;
		}
	}
	a->options.config = &config;
	a->options.argv = a->argv;
	a->options.log = log;
	a->options.record = a->record;
	struct live_outcome outcome;
	int code = live_run(&a->options, &outcome, err, sizeof err);
	if (log && log != stderr && fclose(log) != 0 && code == 0) {
		snprintf(err, sizeof err, "%s: cannot write the log", a->log_path);
		code = 2;
	}
	if (code != 0) {
		fprintf(stderr, "mmusim live: %s\n", err);
		return code;
	}
	if (!a->quiet && print_report(a, &outcome.result) != 0)
		return 2;
	return outcome.status;
}

int cmd_live(int argc, char **argv)
{
	struct live_args a = {0};
	if (!cli_config_init(&a.config, argc))
		return 2;
	int code = live_command(argc, argv, &a);
	cli_config_fini(&a.config);
	return code;
}
