/*
 * live/live.h: `mmusim live`: run a real program as processes of the
 * pager, on real memory (docs/live.md; the contract is
 * ../shared/spec/live.md).
 *
 * The program is linked with the application library (live/app/); its
 * arena pages are mapped from a shared physical-memory file (a memfd) with
 * exactly the permissions of their page-table entries, and a missing one
 * becomes vm_fault. One process runs at a time; vm_yield and exits pass
 * the processor round robin. What the pager saw is numbered as the lines
 * of the trace --record writes, so the --log of the live run and of
 * `mmusim run` on the recording are the same bytes.
 */
#ifndef MMUSIM_LIVE_H
#define MMUSIM_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "config.h"
#include "report.h"

enum live_log_format {
	LIVE_LOG_MMUSIM,    /* docs/log.md, as `mmusim run --log` */
	LIVE_LOG_CLASSIC_A, /* the classic pager trace, older variant */
	LIVE_LOG_CLASSIC_B, /* and newer */
};

struct live_options {
	const struct mmusim_config *config;
	char *const *argv;          /* PROGRAM ARGS..., NULL-terminated */
	FILE *log;                  /* NULL: no log */
	enum live_log_format log_format;
	bool stable_pids;           /* number processes 1, 2, ... */
	const char *record;         /* the trace to write, NULL: none */
	bool write_files;           /* file write-backs go to the files */
};

struct live_outcome {
	struct run_result result;   /* the pager's counters; no TLB, no cycles */
	int status;                 /* the first program's: code, or 128 + signal */
};

/* Whether the configuration can run live; -1 with "KEY: why" in err. */
int live_config_check(const struct mmusim_config *config, char *err, size_t err_len);

/* Run the program to the end of its last process. 0 (out filled), or 2
 * with the reason in err (bad configuration, a program that cannot be
 * started or never connects, a recording that cannot be written). */
int live_run(const struct live_options *options, struct live_outcome *out,
	     char *err, size_t err_len);

#endif
