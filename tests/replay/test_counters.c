/* tests/replay/test_counters.c: faults.major, faults.minor and misses
 * (report spec) on hand-made traces, one kind of fault at a time. Every
 * expected count is worked out in the comments, from the fault table at
 * the top of pager/fault.c; faults = major + minor + invalid in each. */
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
	fx->opt.check = true;             /* also: faults == major+minor+invalid */
	return 0;
}

static const struct run_result *run(struct replay_fixture *fx, const char *trace)
{
	int rc = replay_fixture_run(fx, trace);
	if (rc != 0)
		fail_msg("run failed (%d): %s", rc, fx->err);
	assert_int_equal(fx->res.faults, fx->res.faults_major +
				 fx->res.faults_minor + fx->res.faults_invalid);
	return &fx->res;
}

/* A read of a fresh page maps the zero page: no fault, no miss. Its first
 * write is a zero-fill (major). A file page read in is a major fault; the
 * first write to it, clean and resident, is a minor one. */
static void test_zero_page_file_read_first_write(void **state)
{
	struct replay_fixture *fx = *state;
	tmpdir_put(fx->dir, "f.dat", "hello\n");
	const struct run_result *r = run(fx,
		"start 1\n"
		"map swap => 0x600000000\n"
		"r 0x600000000\n"                  /* zero page: no fault */
		"w 0x600000000 \"f.dat\"\n"        /* zero-fill: major */
		"map file 0x600000000 0 => 0x600010000\n" /* name is resident */
		"r 0x600010000\n"                  /* read from the file: major */
		"w 0x600010000\n"                  /* clean, resident: minor */
		"w 0x600010000\n");                /* writable now: no fault */
	assert_int_equal(r->faults, 3);
	assert_int_equal(r->faults_major, 2);
	assert_int_equal(r->faults_minor, 1);
	assert_int_equal(r->faults_invalid, 0);
	assert_int_equal(r->zero_fills, 1);
	assert_int_equal(r->file_reads, 1);
	assert_int_equal(r->reads + r->writes, 5);
	char *json = report_json(r);
	assert_non_null(strstr(json, "\"misses\":\t{\n\t\t\"total\":\t2,\n"
				     "\t\t\"ratio\":\t\"2/5\",\n"
				     "\t\t\"ratio_decimal\":\t0.400000\n"));
	assert_non_null(strstr(json, "\"major\":\t2,\n\t\t\"minor\":\t1\n"));
	free(json);
}

/* Clock, 3 usable frames: the fourth fresh page's zero-fill sweeps the
 * hand over A, B, C (clearing their bits, which software emulation turns
 * into invalid entries) and evicts A. Reading B is then a reference fault
 * (minor); reading A back from swap is a major one. */
static const char reference_trace[] =
	"start 1\n"
	"map swap => 0x600000000\n"
	"map swap => 0x600010000\n"
	"map swap => 0x600020000\n"
	"map swap => 0x600030000\n"
	"w 0x600000000\n"   /* A: zero-fill, major */
	"w 0x600010000\n"   /* B: zero-fill, major */
	"w 0x600020000\n"   /* C: zero-fill, major */
	"w 0x600030000\n"   /* D: zero-fill, major; evicts A to swap */
	"r 0x600010000\n"   /* B: reference fault, minor */
	"r 0x600000000\n";  /* A: read from swap, major; evicts C */

static void test_reference_fault_and_swap_read(void **state)
{
	struct replay_fixture *fx = *state;
	const struct run_result *r = run(fx, reference_trace);
	assert_int_equal(r->faults, 6);
	assert_int_equal(r->faults_major, 5);
	assert_int_equal(r->faults_minor, 1);
	assert_int_equal(r->zero_fills, 4);
	assert_int_equal(r->swap_reads, 1);
	assert_int_equal(r->evictions, 2);
}

/* With hardware reference bits nothing clears a PTE, so there is no
 * reference fault: the same misses, no minor fault. */
static void test_hardware_bits_no_minor(void **state)
{
	struct replay_fixture *fx = *state;
	fx->config.hardware_ref_bits = true;
	const struct run_result *r = run(fx, reference_trace);
	assert_int_equal(r->faults, 5);
	assert_int_equal(r->faults_major, 5);
	assert_int_equal(r->faults_minor, 0);
}

/* Copy-on-write from each source state, FIFO (3 usable frames):
 * a never-written page shared by fork (a zero-fill), a resident page (a
 * frame copy), and a page the copy's own frame-taking pushed out to swap
 * (its block read into the new frame). Each is a major fault. */
static void test_cow_from_each_state(void **state)
{
	struct replay_fixture *fx = *state;
	snprintf(fx->config.policy, sizeof fx->config.policy, "fifo");
	const struct run_result *r = run(fx,
		"start 1\n"
		"map swap => 0x600000000\n"
		"map swap => 0x600010000\n"
		"map swap => 0x600020000\n"
		"w 0x600000000\n"      /* A: zero-fill, major (frame 1) */
		"w 0x600010000\n"      /* B: zero-fill, major (frame 2) */
		"fork 1 2 => 0\n"
		"switch 2\n"
		"w 0x600020000\n"      /* C fresh and shared: cow zero-fill (3) */
		"w 0x600010000\n"      /* B resident: cow copy; FIFO evicts A */
		"w 0x600000000\n");    /* A in swap: cow from swap; evicts B */
	assert_int_equal(r->faults, 5);
	assert_int_equal(r->faults_major, 5);
	assert_int_equal(r->faults_minor, 0);
	assert_int_equal(r->zero_fills, 3);
	assert_int_equal(r->cow_copies, 2);
	assert_int_equal(r->swap_reads, 1);
	assert_int_equal(r->evictions, 2);
}

/* A read-in that fails (no such file) is an invalid fault, not a miss,
 * though it counts as a file read. */
static void test_failed_read_is_invalid(void **state)
{
	struct replay_fixture *fx = *state;
	const struct run_result *r = run(fx,
		"start 1\n"
		"map swap => 0x600000000\n"
		"w 0x600000000 \"nofile\"\n"       /* zero-fill: major */
		"map file 0x600000000 0 => 0x600010000\n"
		"r 0x600010000 => segv\n");       /* read fails: invalid */
	assert_int_equal(r->faults, 2);
	assert_int_equal(r->faults_major, 1);
	assert_int_equal(r->faults_minor, 0);
	assert_int_equal(r->faults_invalid, 1);
	assert_int_equal(r->file_reads, 1);
	assert_int_equal(r->killed, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_zero_page_file_read_first_write, setup, replay_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_reference_fault_and_swap_read, setup, replay_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_hardware_bits_no_minor, setup, replay_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_cow_from_each_state, setup, replay_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_failed_read_is_invalid, setup, replay_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
