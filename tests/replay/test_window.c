/* tests/replay/test_window.c: the measurement window (trace.md's `reset`,
 * --warmup) and `discard ADDR` (docs/trace.md), on hand-made traces.
 * Every expected count is worked out in the comments; the configuration
 * is the default one (clock, 3 usable frames, a 16-entry TLB), with
 * --check (the pager's invariants and faults = major + minor + invalid
 * after every event) and the shadow on, so a wrong byte fails the run. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "tmpdir.h"
#include "report.h"
#include "replay_fixture.h"
#include "run.h"

static int setup(void **state)
{
	replay_fixture_setup(state);
	struct replay_fixture *fx = *state;
	fx->opt.check = true;
	return 0;
}

static const struct run_result *run(struct replay_fixture *fx, const char *trace)
{
	int rc = replay_fixture_run(fx, trace);
	if (rc != 0)
		fail_msg("run failed (%d): %s", rc, fx->err);
	return &fx->res;
}

/* Three pages written (three zero-fills), then a reset, then each read
 * again: they are still resident and still in the TLB, so the window holds
 * three TLB hits and nothing else: no fault, no miss, no map, no create,
 * and cycles = 3 * (tlb_hit + memory). */
static void test_reset_keeps_the_state(void **state)
{
	struct replay_fixture *fx = *state;
	const struct run_result *r = run(fx,
		"start 1\n"
		"map swap\nmap swap\nmap swap\n"
		"w 0x600000000\nw 0x600010000\nw 0x600020000\n"
		"compute 1000\n"
		"reset\n"                          /* line 9, event 9 */
		"r 0x600000000\nr 0x600010000\nr 0x600020000\n");
	assert_int_equal(r->events, 12);
	assert_true(r->window.set);
	assert_false(r->window.by_warmup);
	assert_int_equal(r->window.after_event, 9);
	assert_int_equal(r->window.line, 9);
	assert_int_equal(r->reads, 3);
	assert_int_equal(r->writes, 0);
	assert_int_equal(r->tlb_hits, 3);
	assert_int_equal(r->tlb_misses, 0);
	assert_int_equal(r->faults, 0);
	assert_int_equal(r->faults_major, 0);
	assert_int_equal(r->zero_fills + r->maps_ok + r->creates_ok + r->evictions, 0);
	const struct latency_config *l = &fx->config.latency;
	assert_int_equal(r->cycles, 3 * (l->tlb_hit + l->memory));
	assert_int_equal(r->breakdown.compute, 0);
	assert_int_equal(r->breakdown.fault + r->breakdown.zero_fill + r->breakdown.walk, 0);
}

/* The last reset wins; a start after a reset still makes no process
 * current by itself, as after the first start (trace.md). */
static void test_last_reset_wins(void **state)
{
	struct replay_fixture *fx = *state;
	const struct run_result *r = run(fx,
		"start 1\nmap swap\nw 0x600000000\n"
		"reset\n"
		"w 0x600000000\n"                  /* a hit, then reset again */
		"reset\n"                          /* event 6 */
		"start 2\n"                        /* not current: no switch */
		"r 0x600000000\n"                  /* process 1's page: a hit */
		"switch 2\nmap swap\nw 0x600000000\n"); /* process 2: zero-fill */
	assert_int_equal(r->window.after_event, 6);
	assert_int_equal(r->creates_ok, 1);
	assert_int_equal(r->maps_ok, 1);
	assert_int_equal(r->reads + r->writes, 2);
	assert_int_equal(r->faults_major, 1);
	assert_int_equal(r->zero_fills, 1);
}

/* --warmup N is a reset after the N-th event: the same figures as the
 * trace with a reset line there (all but the event count, which counts
 * the reset line too). */
static void test_warmup_is_a_reset(void **state)
{
	struct replay_fixture *fx = *state;
	static const char head[] = "start 1\nmap swap\nmap swap\nmap swap\nmap swap\n"
				   "w 0x600000000\nw 0x600010000\nw 0x600020000\n";
	static const char tail[] = "w 0x600030000\nr 0x600000000\nw 0x600010000\n"
				   "r 0x600020000 70000\n";
	char with_reset[512], plain[512];
	snprintf(with_reset, sizeof with_reset, "%sreset\n%s", head, tail);
	snprintf(plain, sizeof plain, "%s%s", head, tail);
	struct run_result a = *run(fx, with_reset);
	fx->opt.warmup = 8;
	struct run_result b = *run(fx, plain);
	assert_true(b.window.set && b.window.by_warmup);
	assert_int_equal(b.window.after_event, 8);
	assert_int_equal(b.window.line, 8);
	assert_int_equal(a.events, b.events + 1);
	assert_true(a.reads + a.writes > 0 && a.faults > 0 && a.evictions > 0);
	a.events = b.events;
	a.window = b.window;
	assert_memory_equal(&a, &b, sizeof a);
}

static void test_warmup_longer_than_the_trace(void **state)
{
	struct replay_fixture *fx = *state;
	fx->opt.warmup = 4;
	assert_int_equal(replay_fixture_run(fx, "start 1\nmap swap\nw 0x600000000\n"), 2);
	char want[256];
	snprintf(want, sizeof want, "%s: --warmup 4: the trace has only 3 events, "
		 "so measurement never started", fx->trace);
	assert_string_equal(fx->err, want);
	fx->opt.warmup = 3; /* the last event: an empty window, no error */
	const struct run_result *r = run(fx, "start 1\nmap swap\nw 0x600000000\n");
	assert_int_equal(r->window.after_event, 3);
	assert_int_equal(r->reads + r->writes + r->faults + r->cycles, 0);
}

/* discard of a private swap page frees its frame (no eviction, no write)
 * and drops its data: a read maps the zero page (the shadow checks the
 * zeroes), a write zero-fills again. With the frame back, a fourth page
 * fits in the 3 usable frames without an eviction. */
static void test_discard_swap_page(void **state)
{
	struct replay_fixture *fx = *state;
	const struct run_result *r = run(fx,
		"start 1\nmap swap\nmap swap\nmap swap\nmap swap\n"
		"w 0x600000000 \"gone\"\nw 0x600010000\nw 0x600020000\n"
		"reset\n"
		"discard 0x600000000\n"
		"r 0x600000000 \"\\0\\0\\0\\0\"\n"   /* zero page: no fault */
		"w 0x600030000\n"                  /* the freed frame: zero-fill */
		"w 0x600000000\n");                /* evicts one: zero-fill */
	assert_int_equal(r->evictions, 1);
	assert_int_equal(r->evictions_dirty, 1);  /* the victim was written */
	assert_int_equal(r->swap_writes, 1);
	assert_int_equal(r->zero_fills, 2);
	assert_int_equal(r->faults, 2);
	assert_int_equal(r->faults_major, 2);
}

/* A page shared copy-on-write: the discarding process gets a fresh zero
 * page of its own, the other keeps the data; a discard of a page that is
 * not in memory only drops its data. */
static void test_discard_shared_page(void **state)
{
	struct replay_fixture *fx = *state;
	run(fx,
	    "start 1\nmap swap\nw 0x600000000 \"both\"\n"
	    "fork 1 2\nswitch 2\n"
	    "discard 0x600000000\n"
	    "r 0x600000000 \"\\0\\0\\0\\0\"\n"
	    "w 0x600000000 \"mine\"\n"
	    "switch 1\nr 0x600000000 \"both\"\n"
	    "discard 0x600000000\nr 0x600000000 \"\\0\"\n"
	    "switch 2\nr 0x600000000 \"mine\"\n");
}

/* A file page keeps its data: a dirty one is written back (to the
 * overlay) when discarded and read in again at its next use. */
static void test_discard_file_page(void **state)
{
	struct replay_fixture *fx = *state;
	tmpdir_put(fx->dir, "f.dat", "hello");
	const struct run_result *r = run(fx,
		"start 1\nmap swap\nw 0x600000000 \"f.dat\"\n"
		"map file 0x600000000 0 => 0x600010000\n"
		"w 0x600010000 \"HELLO\"\n"
		"reset\n"
		"discard 0x600010000\n"            /* written back: a file write */
		"r 0x600010000 \"HELLO\"\n");      /* read in again: major */
	assert_int_equal(r->file_writes, 1);
	assert_int_equal(r->file_reads, 1);
	assert_int_equal(r->evictions, 0);
	assert_int_equal(r->faults_major, 1);
}

static void test_discard_errors(void **state)
{
	struct replay_fixture *fx = *state;
	char want[256];
	assert_int_equal(replay_fixture_run(fx, "start 1\nmap swap\ndiscard 0x600010000\n"), 2);
	snprintf(want, sizeof want, "%s:3: discard: 0x600010000 is not a valid page "
		 "of process 1", fx->trace);
	assert_string_equal(fx->err, want);
	assert_int_equal(replay_fixture_run(fx, "start 1\nexit\ndiscard 0x600000000\n"), 2);
	snprintf(want, sizeof want, "%s:3: discard: no process is running: process 1 "
		 "exited at line 2; switch to one first", fx->trace);
	assert_string_equal(fx->err, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reset_keeps_the_state, setup, replay_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_last_reset_wins, setup, replay_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_warmup_is_a_reset, setup, replay_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_warmup_longer_than_the_trace, setup, replay_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_discard_swap_page, setup, replay_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_discard_shared_page, setup, replay_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_discard_file_page, setup, replay_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_discard_errors, setup, replay_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
