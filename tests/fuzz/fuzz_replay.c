/*
 * tests/fuzz/fuzz_replay.c: a fuzzed trace replayed end to end with
 * --check in a tiny memory (sim/replay/run.c, the machine, the pager).
 *
 * The input is a trace, text or binary, written to t.trace in the scratch
 * folder beside a data file `d` (map file's name: `w ADDR "d"`). It is
 * replayed under every policy, in 3 frames of 4 KiB, 8 swap blocks, 16
 * arena pages and a 4-entry TLB, with the shadow and --check on (hardware
 * reference bits and the --log lines for every other policy), for at most
 * MAX_EVENTS events each. A trace may be bad input or fail its own
 * expectations; what must never happen is a broken invariant (--check,
 * pager_check aborts), a byte read that the shadow did not expect, or the
 * replay's "internal:" errors. Nothing is written to the data file (no
 * --write-files).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "fuzz.h"
#include "policy.h"
#include "run.h"

enum { MAX_EVENTS = 20000 };

static const char data_file[] =
	"Lecture notes: pages, frames and the clock hand. "
	"Every byte of this file is known to the shadow.\n";

static FILE *null_log(void)
{
	static FILE *log;
	if (!log && !(log = fopen("/dev/null", "w")))
		fuzz_fail("cannot open /dev/null");
	return log;
}

static void replay(const char *trace, const char *policy, bool odd)
{
	char err[1024];
	char set_policy[64];
	snprintf(set_policy, sizeof set_policy, "policy=%s", policy);
	const char *sets[] = {
		"memory_pages=3", "swap_blocks=8", "page_size=4096",
		"arena_pages=16", "tlb.entries=4", set_policy,
		odd ? "ref_bits=hardware" : "ref_bits=software",
	};
	struct mmusim_config config;
	if (config_load(&config, NULL, sets, sizeof sets / sizeof *sets, err,
			sizeof err) != 0)
		fuzz_fail("the harness's configuration: %s", err);

	struct run_options opt;
	run_options_default(&opt);
	opt.check = true;
	opt.log = odd ? null_log() : NULL;
	struct run *r = run_open(&config, trace, &opt, err, sizeof err);
	if (!r)
		return;   /* bad input: fine */
	enum run_status s = RUN_STEPPED;
	for (int i = 0; i < MAX_EVENTS && s == RUN_STEPPED; i++)
		s = run_step(r, err, sizeof err);
	/* "TRACE:LINE: what": what, not the trace's own text it quotes. */
	const char *what = err;
	size_t n = strlen(trace);
	if (strncmp(err, trace, n) == 0 && err[n] == ':') {
		what = err + n + 1;
		while (*what >= '0' && *what <= '9')
			what++;
		if (strncmp(what, ": ", 2) == 0)
			what += 2;
	}
	if (s == RUN_CHECK_FAILED &&
	    (strncmp(what, "--check:", 8) == 0 ||
	     strncmp(what, "data check failed", 17) == 0 ||
	     strncmp(what, "internal:", 9) == 0))
		fuzz_fail("policy %s%s: %s", policy,
			  odd ? " (hardware reference bits)" : "", err);
	if (s == RUN_DONE) {
		struct run_result res;
		run_result(r, &res);
	}
	run_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char trace[PATH_MAX], ignored[PATH_MAX];
	fuzz_put("d", data_file, sizeof data_file - 1, ignored);
	fuzz_put("t.trace", data, size, trace);
	for (int i = 0; policy_table[i]; i++)
		replay(trace, policy_table[i]->name, i % 2 == 1);
	return 0;
}
