/*
 * tests/replay/test_checkpoint.c: sim/replay/run_checkpoint.c. A run restored from a
 * checkpoint taken after k events, then replayed, must be in exactly the
 * state of a fresh run after the same number of events: memory, TLB,
 * disks (swap and the file overlay, checked through text reads), pager,
 * counters and cycles.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"
#include "run_checkpoint.h"
#include "run_fingerprint.h"
#include "tmpdir.h"

/* Files, evictions of file pages (the overlay), forks, copy-on-write,
 * exits, a ghost page found again, each checked by a text read; a reset
 * (counters back to zero mid-trace) and a discard of a shared page. */
static const char trace[] =
	"start 1\n"
	"switch 1\n"
	"map swap\n"
	"w 0x600000000 \"data.bin\"\n"
	"map file 0x600000000 0\n"
	"map file 0x600000000 1\n"
	"r 0x600001000 \"hello\"\n"
	"w 0x600001000 \"HELLO\"\n"
	"map swap\n"
	"map swap\n"
	"map swap\n"
	"w 0x600003000 16\n"
	"w 0x600004000 16\n"
	"w 0x600005000 16\n"
	"r 0x600002000 \"world\"\n"
	"reset\n"
	"fork 1 2\n"
	"switch 2\n"
	"discard 0x600004000\n"
	"w 0x600003008 4\n"
	"r 0x600001000 \"HELLO\"\n"
	"w 0x600002000 \"two\"\n"
	"switch 1\n"
	"w 0x600004000 8\n"
	"r 0x600005000\n"
	"exit\n"
	"switch 2\n"
	"r 0x600001000 \"HELLO\"\n"
	"r 0x600002000 \"two\"\n"
	"w 0x600004000 8\n"
	"r 0x600003000 8\n"
	"exit\n"
	"start 3\n"
	"switch 3\n"
	"map swap\n"
	"w 0x600000000 \"data.bin\"\n"
	"map file 0x600000000 0\n"
	"map file 0x600000000 1\n"
	"r 0x600001000 \"HELLO\"\n"
	"r 0x600002000 \"two\"\n"
	"compute 5\n";
#define EVENTS 41

static const char config_json[] =
	"{\"memory_pages\": 5, \"swap_blocks\": 12, \"page_size\": 4096,"
	" \"arena_pages\": 8, \"tlb\": {\"entries\": 2}}";

struct fixture {
	char dir[256];
	struct mmusim_config config;
	const char *trace;
	char trace_path[512];
};

/* dir/name, in one of four buffers used in turn. */
static const char *path_in(const struct fixture *f, const char *name)
{
	static char slots[4][512];
	static int next;
	char *p = slots[next++ % 4];
	snprintf(p, sizeof slots[0], "%s/%s", f->dir, name);
	return p;
}

/* Write text into dir/name; its path (as path_in). */
static const char *put(const struct fixture *f, const char *name, const char *text)
{
	tmpdir_put(f->dir, name, text);
	return path_in(f, name);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	tmpdir_make(f->dir, sizeof f->dir, "checkpoint");
	char err[512];
	config_defaults(&f->config);
	if (config_load(&f->config, put(f, "config.json", config_json), NULL, 0,
			err, sizeof err) != 0)
		fail_msg("config: %s", err);
	char data[2 * 4096] = {0};
	memcpy(data, "hello", 5);
	memcpy(data + 4096, "world", 5);
	FILE *out = fopen(path_in(f, "data.bin"), "wb");
	assert_non_null(out);
	assert_int_equal(fwrite(data, 1, sizeof data, out), sizeof data);
	fclose(out);
	snprintf(f->trace_path, sizeof f->trace_path, "%s", put(f, "t.trace", trace));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	tmpdir_remove(f->dir);
	free(f);
	return 0;
}

static struct run *open_run(struct fixture *f, bool shadow)
{
	struct run_options opt;
	run_options_default(&opt);
	opt.shadow = shadow;
	char err[1024];
	struct run *r = run_open(&f->config, f->trace_path, &opt, err, sizeof err);
	if (!r)
		fail_msg("run_open: %s", err);
	return r;
}

static void step_to(struct run *r, uint64_t n)
{
	char err[1024];
	while (run_events(r) < n) {
		enum run_status s = run_step(r, err, sizeof err);
		if (s != RUN_STEPPED)
			fail_msg("run_step to %llu: %d %s", (unsigned long long)n, s, err);
	}
}

/* The state after each number of events, from fresh runs. */
static void expected_states(struct fixture *f, uint64_t *want)
{
	struct run *r = open_run(f, false);
	for (uint64_t k = 0; k <= EVENTS; k++) {
		step_to(r, k);
		want[k] = run_fingerprint(r);
	}
	char err[256];
	assert_int_equal(run_step(r, err, sizeof err), RUN_DONE);
	run_close(r);
	/* and a run with the shadow checking every byte agrees it is right */
	r = open_run(f, true);
	assert_int_equal(run_all(r, err, sizeof err), RUN_DONE);
	run_close(r);
}

static void restore_every_event(struct fixture *f)
{
	uint64_t want[EVENTS + 1];
	expected_states(f, want);
	struct run *r = open_run(f, false);
	struct run_checkpoint *cps[EVENTS + 1];
	char err[1024];
	for (uint64_t k = 0; k <= EVENTS; k++) {
		step_to(r, k);
		cps[k] = run_checkpoint_take(r, err, sizeof err);
		if (!cps[k])
			fail_msg("take at %llu: %s", (unsigned long long)k, err);
		assert_int_equal(run_checkpoint_events(cps[k]), k);
		assert_true(run_checkpoint_bytes(cps[k]) >= 5 * 4096);
	}
	/* every checkpoint, in an order that goes back and forth */
	for (uint64_t i = 0; i <= EVENTS; i++) {
		uint64_t k = (i * 17) % (EVENTS + 1);
		if (run_checkpoint_restore(r, cps[k], err, sizeof err) != 0)
			fail_msg("restore %llu: %s", (unsigned long long)k, err);
		assert_null(run_last_event(r));
		assert_int_equal(run_events(r), k);
		assert_int_equal(run_fingerprint(r), want[k]);
		uint64_t to = k + (EVENTS - k) / 2;
		step_to(r, to);
		assert_int_equal(run_fingerprint(r), want[to]);
	}
	/* after the end: restoring revives the run */
	step_to(r, EVENTS);
	assert_int_equal(run_step(r, err, sizeof err), RUN_DONE);
	assert_int_equal(run_checkpoint_restore(r, cps[3], err, sizeof err), 0);
	step_to(r, EVENTS);
	assert_int_equal(run_fingerprint(r), want[EVENTS]);
	assert_int_equal(run_step(r, err, sizeof err), RUN_DONE);
	for (uint64_t k = 0; k <= EVENTS; k++)
		run_checkpoint_free(cps[k]);
	run_close(r);
	run_checkpoint_free(NULL);
}

static void test_restore_every_event(void **state)
{
	restore_every_event(*state);
}

/* OPT asks the trace's future, which is read-only: going back needs
 * nothing of it restored. */
static void test_restore_every_event_under_opt(void **state)
{
	struct fixture *f = *state;
	snprintf(f->config.policy, sizeof f->config.policy, "opt");
	restore_every_event(f);
}

/* A batch boundary: the trace position is restored inside a later batch
 * of the reader (1024 events a batch). */
static void test_long_trace_position(void **state)
{
	struct fixture *f = *state;
	size_t cap = 3000 * 24 + 64, len = 0;
	char *text = malloc(cap);
	len += (size_t)snprintf(text + len, cap - len, "start 1\nswitch 1\nmap swap\n");
	for (int i = 0; i < 3000; i++)
		len += (size_t)snprintf(text + len, cap - len, "w 0x%llx 1\n",
					0x600000000ull + (unsigned)i % 4096);
	snprintf(f->trace_path, sizeof f->trace_path, "%s",
		 put(f, "long.trace", text));
	free(text);
	uint64_t points[] = {0, 1023, 1024, 1025, 2048, 2500, 3003};
	char err[512];
	struct run *fresh = open_run(f, false), *r = open_run(f, false);
	for (size_t i = 0; i < sizeof points / sizeof points[0]; i++) {
		step_to(r, points[i]);
		struct run_checkpoint *cp = run_checkpoint_take(r, err, sizeof err);
		assert_non_null(cp);
		step_to(r, 3003);
		assert_int_equal(run_checkpoint_restore(r, cp, err, sizeof err), 0);
		assert_int_equal(run_events(r), points[i]);
		step_to(fresh, points[i]);
		assert_int_equal(run_fingerprint(r), run_fingerprint(fresh));
		if (points[i] < 3003) {
			step_to(r, points[i] + 1);
			assert_int_equal(run_last_event(r)->line, points[i] + 1);
		}
		run_checkpoint_free(cp);
	}
	assert_int_equal(run_step(r, err, sizeof err), RUN_DONE);
	run_close(r);
	run_close(fresh);
}

static void expect_refused(struct run *r, const char *why)
{
	char err[512] = "";
	assert_null(run_checkpoint_take(r, err, sizeof err));
	if (!strstr(err, why))
		fail_msg("expected '%s' in '%s'", why, err);
}

static void test_refusals(void **state)
{
	struct fixture *f = *state;
	char err[512];
	struct run *r = open_run(f, true);
	expect_refused(r, "checkpoint: the run keeps a shadow memory");
	run_close(r);

	struct run_options opt;
	run_options_default(&opt);
	opt.shadow = false;
	FILE *sink = tmpfile();
	opt.log = sink;
	r = run_open(&f->config, f->trace_path, &opt, err, sizeof err);
	assert_non_null(r);
	expect_refused(r, "checkpoint: the run writes a log");
	run_close(r);
	fclose(sink);

	/* a multi-level page table and a TLB hierarchy are not saved */
	opt.log = NULL;
	struct mmusim_config multi = f->config;
	multi.mmu = (struct mmu_config){ .format = "custom", .levels = 3,
					 .level_bits = { 7, 6, 6 } };
	r = run_open(&multi, f->trace_path, &opt, err, sizeof err);
	assert_non_null(r);
	expect_refused(r, "checkpoint: the machine has a multi-level page table or TLB");
	run_close(r);
	multi = f->config;
	multi.tlb.level_count = 2;
	multi.tlb.levels[0] = (struct tlb_level_config){ multi.tlb.entries, multi.tlb.ways, 1 };
	multi.tlb.levels[1] = (struct tlb_level_config){ 64, 4, 7 };
	r = run_open(&multi, f->trace_path, &opt, err, sizeof err);
	assert_non_null(r);
	expect_refused(r, "checkpoint: the machine has a multi-level page table or TLB");
	run_close(r);

	opt.log = NULL;
	/* standard input cannot be read twice */
	assert_non_null(freopen("/dev/null", "r", stdin));
	r = run_open(&f->config, "-", &opt, err, sizeof err);
	assert_non_null(r);
	expect_refused(r, "checkpoint: the trace is standard input");
	run_close(r);

	r = open_run(f, false);
	assert_int_equal(run_all(r, err, sizeof err), RUN_DONE);
	expect_refused(r, "checkpoint: the run has ended");
	run_close(r);
}

static void test_restore_failures_leave_the_run(void **state)
{
	struct fixture *f = *state;
	uint64_t want[EVENTS + 1];
	expected_states(f, want);
	char err[512];
	struct run *r = open_run(f, false);
	step_to(r, 20);
	struct run_checkpoint *cp = run_checkpoint_take(r, err, sizeof err);
	assert_non_null(cp);
	step_to(r, 25);

	/* the trace lost its end: the checkpoint's position is gone */
	put(f, "t.trace", "start 1\nswitch 1\n");
	assert_int_equal(run_checkpoint_restore(r, cp, err, sizeof err), -1);
	assert_non_null(strstr(err, "t.trace: the trace has become shorter than 20 events"));
	assert_int_equal(run_events(r), 25);
	assert_int_equal(run_fingerprint(r), want[25]);

	/* the trace is gone */
	assert_int_equal(remove(f->trace_path), 0);
	assert_int_equal(run_checkpoint_restore(r, cp, err, sizeof err), -1);
	assert_non_null(strstr(err, "t.trace"));
	assert_int_equal(run_fingerprint(r), want[25]);

	/* the run itself goes on from where it was (its reader is still open) */
	step_to(r, EVENTS);
	assert_int_equal(run_fingerprint(r), want[EVENTS]);
	run_checkpoint_free(cp);
	run_close(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_restore_every_event, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_every_event_under_opt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_trace_position, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_failures_leave_the_run, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
