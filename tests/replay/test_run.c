/* tests/replay/test_run.c: replay of small traces with exact report
 * counts (worked out by hand in the comments), TLB geometry, hardware
 * bits, expectations, the shadow checker, --check, the file overlay,
 * every trace error, byte-identical repeated runs, and run_all's loop of
 * plain hits and walks against step-by-step replay. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "tmpdir.h"
#include "future.h"
#include "report.h"
#include "replay_fixture.h"
#include "run.h"
#include "trace_text.h"

/* The error message after "DIR/t.trace:". */
static const char *msg(struct replay_fixture *fx)
{
	size_t n = strlen(fx->trace);
	assert_memory_equal(fx->err, fx->trace, n);
	return fx->err + n;
}

/* ---- exact counts ------------------------------------------------------- */

static const char mixed_trace[] =
	"start 1\n"                          /* 1 */
	"switch 1\n"
	"map swap => 0x600000000\n"
	"map swap => 0x600010000\n"
	"w 0x600000000 \"data.txt\"\n"       /* 5: miss, zero-fill, miss */
	"r 0x600000000 \"data.txt\"\n"       /* hit */
	"map file 0x600000000 0 => 0x600020000\n"
	"r 0x600020000 \"hello\"\n"          /* miss, read-in, miss */
	"w 0x600010000 4\n"                  /* miss, zero-fill, miss */
	"r 0x600010000 4\n"                  /* 10: hit */
	"fork 1 2 => 0\n"                    /* both lose write access */
	"w 0x600010000 2\n"                  /* miss, cow (evicts frame 1
						dirty: swap write), miss */
	"switch 2\n"                         /* flush */
	"r 0x600010000 2\n"                  /* miss (sole sharer now) */
	"w 0x60000fffe 4\n"                  /* 15: p0: miss, cow from swap
						(evicts the clean file page),
						miss; p1: hit */
	"r 0x700000000 => segv\n"            /* miss, invalid: killed */
	"switch 1\n"
	"compute 100\n"
	"exit\n";

static void test_mixed_counts(void **state)
{
	struct replay_fixture *fx = *state;
	tmpdir_put(fx->dir, "data.txt", "hello world\n");
	assert_int_equal(replay_fixture_run(fx, mixed_trace), 0);
	const struct run_result *r = &fx->res;
	assert_int_equal(r->events, 19);
	assert_int_equal(r->reads, 5);
	assert_int_equal(r->writes, 5);
	assert_int_equal(r->tlb_hits, 3);
	assert_int_equal(r->tlb_misses, 12);
	assert_int_equal(r->faults, 6);
	assert_int_equal(r->faults_invalid, 1);
	assert_int_equal(r->zero_fills, 2);
	assert_int_equal(r->cow_copies, 2);
	assert_int_equal(r->evictions, 2);
	assert_int_equal(r->evictions_dirty, 1);
	assert_int_equal(r->swap_reads, 1);
	assert_int_equal(r->swap_writes, 1);
	assert_int_equal(r->file_reads, 1);
	assert_int_equal(r->file_writes, 0);
	assert_int_equal(r->maps_ok, 3);
	assert_int_equal(r->maps_failed, 0);
	assert_int_equal(r->creates_ok, 2);
	assert_int_equal(r->creates_failed, 0);
	assert_int_equal(r->killed, 1);
	/* 15 lookups, 12 walks, 9 pieces completed, 6 faults, 2 disk reads,
	 * 1 write, 2 zero-fills, 2 copies, compute 100 */
	const struct machine_cycles *b = &r->breakdown;
	assert_int_equal(b->tlb, 15);
	assert_int_equal(b->walk, 12 * 30);
	assert_int_equal(b->memory, 9 * 100);
	assert_int_equal(b->fault, 6 * 1000);
	assert_int_equal(b->disk_read, 2 * 5000000);
	assert_int_equal(b->disk_write, 5000000);
	assert_int_equal(b->zero_fill, 2 * 2000);
	assert_int_equal(b->copy, 2 * 4000);
	assert_int_equal(b->compute, 100);
	assert_int_equal(r->cycles, 15 + 360 + 900 + 6000 + 15000000 + 4000 +
					    8000 + 100);
}

static const char tlb_trace[] =
	"start 1\nswitch 1\nmap swap\nmap swap\nmap swap\n"
	"r 0x600000000\n"   /* miss: p0 (zero page, readable) */
	"r 0x600010000\n"   /* miss: p1 */
	"r 0x600000000\n"   /* hit: p1 is now least recent */
	"r 0x600020000\n"   /* miss: replaces p1 */
	"r 0x600010000\n"   /* miss: replaces p0 */
	"r 0x600020000\n"   /* hit */
	"r 0x60001ffff 2\n"; /* p1 hit, p2 hit */

static void test_tlb_lru(void **state)
{
	struct replay_fixture *fx = *state;
	fx->config.tlb.entries = 2;
	assert_int_equal(replay_fixture_run(fx, tlb_trace), 0);
	assert_int_equal(fx->res.reads, 8);
	assert_int_equal(fx->res.tlb_hits, 4);
	assert_int_equal(fx->res.tlb_misses, 4);
	assert_int_equal(fx->res.faults, 0);
	assert_int_equal(fx->res.cycles, 8 * 1 + 4 * 30 + 8 * 100);

	fx->config.tlb.entries = 0; /* no TLB: every access walks */
	assert_int_equal(replay_fixture_run(fx, tlb_trace), 0);
	assert_int_equal(fx->res.tlb_hits, 0);
	assert_int_equal(fx->res.tlb_misses, 8);
	assert_int_equal(fx->res.cycles, 8 * 30 + 8 * 100);

	fx->config.tlb.entries = 2; /* direct mapped: p0, p2 share set 0 */
	fx->config.tlb.ways = 1;
	assert_int_equal(replay_fixture_run(fx, tlb_trace), 0);
	/* p0 m, p1 m, p0 h, p2 m (evicts p0), p1 h, p2 h, p1 h, p2 h */
	assert_int_equal(fx->res.tlb_hits, 5);
	assert_int_equal(fx->res.tlb_misses, 3);
}

static const char asid_trace[] =
	"start 1\nstart 2\n"
	"switch 1\nmap swap\nr 0x600000000\n"
	"switch 2\nmap swap\nr 0x600000000\n"
	"switch 1\nr 0x600000000\n"
	"switch 2\nr 0x600000000\n";

static void test_asid(void **state)
{
	struct replay_fixture *fx = *state;
	fx->config.tlb.asid = false;
	assert_int_equal(replay_fixture_run(fx, asid_trace), 0);
	assert_int_equal(fx->res.tlb_hits, 0);
	assert_int_equal(fx->res.tlb_misses, 4);
	fx->config.tlb.asid = true;
	assert_int_equal(replay_fixture_run(fx, asid_trace), 0);
	assert_int_equal(fx->res.tlb_hits, 2);
	assert_int_equal(fx->res.tlb_misses, 2);
}

/* A pid that exits and starts again must not hit its old entries. */
static void test_asid_reused_pid(void **state)
{
	struct replay_fixture *fx = *state;
	fx->config.tlb.asid = true;
	assert_int_equal(replay_fixture_run(fx, "start 1\nswitch 1\nmap swap\nw 0x600000000\n"
				 "exit\nstart 1\nswitch 1\n"
				 "r 0x600000000 => segv\n"),
			 0);
	assert_int_equal(fx->res.killed, 1);
}

static const char bits_trace[] =
	"start 1\nswitch 1\nmap swap\n"
	"w 0x600000000 \"f.bin\"\n" /* miss, zero-fill, miss */
	"map file 0x600000000 0\n"
	"r 0x600010000\n"           /* miss, read-in, miss */
	"w 0x600010000\n"           /* hw: miss, no fault; sw: miss, dirty, miss */
	"w 0x600010001\n"           /* hit */
	"r 0x600010000 \"0123\"\n"; /* hit: the file's bytes, one overwritten */

static void test_hardware_bits(void **state)
{
	struct replay_fixture *fx = *state;
	tmpdir_put(fx->dir, "f.bin", "x123456789");
	fx->opt.check = true;
	fx->config.hardware_ref_bits = false;
	int code = replay_fixture_run(fx, bits_trace);
	/* "w 0x600010000" wrote store byte 0 of line 7 over the 'x' */
	assert_int_equal(code, 1);
	char want[64];
	snprintf(want, sizeof want, ":9: expected \"0123\", got \"\\x%02x\\x%02x23\"",
		 event_store_byte(7, 0), event_store_byte(8, 0));
	assert_string_equal(msg(fx), want);

	tmpdir_put(fx->dir, "f.bin", "0123456789");
	const char *trace = "start 1\nswitch 1\nmap swap\n"
			    "w 0x600000000 \"f.bin\"\n"
			    "map file 0x600000000 0\n"
			    "r 0x600010000 \"0123\"\n"
			    "w 0x600010005\n"
			    "w 0x600010006\n";
	assert_int_equal(replay_fixture_run(fx, trace), 0);
	assert_int_equal(fx->res.tlb_misses, 6);
	assert_int_equal(fx->res.tlb_hits, 1);
	assert_int_equal(fx->res.faults, 3);
	fx->config.hardware_ref_bits = true;
	assert_int_equal(replay_fixture_run(fx, trace), 0);
	assert_int_equal(fx->res.tlb_misses, 5);
	assert_int_equal(fx->res.tlb_hits, 1);
	assert_int_equal(fx->res.faults, 2);
}

static void test_write_files_and_overlay(void **state)
{
	struct replay_fixture *fx = *state;
	fx->config.page_size = 256;
	fx->config.memory_pages = 3; /* two frames */
	fx->opt.check = true;
	const char *trace =
		"start 1\nswitch 1\n"
		"map swap\n"                      /* p0 0x600000000 */
		"w 0x600000000 \"f.bin\"\n"       /* frame 1 */
		"map file 0x600000000 0\n"        /* p1 0x600000100 */
		"w 0x600000100 \"XY\"\n"          /* read-in, frame 2, dirty */
		"map swap\nmap swap\n"            /* p2, p3 */
		"w 0x600000200\n"                 /* clears both, evicts p0 */
		"w 0x600000300\n"                 /* evicts p1: file write */
		"r 0x600000100 \"XY\"\n"          /* read back */
		"r 0x600000103 \"3456\"\n";
	tmpdir_put(fx->dir, "f.bin", "0123456789");
	assert_int_equal(replay_fixture_run(fx, trace), 0);
	assert_int_equal(fx->res.file_writes, 1);
	assert_int_equal(fx->res.file_reads, 2);
	char path[256];
	snprintf(path, sizeof path, "%s/f.bin", fx->dir);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 10); /* the overlay kept it */

	fx->opt.write_files = true;
	assert_int_equal(replay_fixture_run(fx, trace), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 256);
	FILE *f = fopen(path, "rb");
	char head[8] = {0};
	assert_int_equal(fread(head, 1, 7, f), 7);
	fclose(f);
	assert_memory_equal(head, "XY\0003456", 7);
}

/* A name that may not be read: the map succeeds, the first access fails
 * its read (counted) and kills the process. */
static void test_forbidden_file(void **state)
{
	struct replay_fixture *fx = *state;
	tmpdir_put(fx->dir, "ok.bin", "abc");
	assert_int_equal(replay_fixture_run(fx, "start 1\nswitch 1\nmap swap\n"
				 "w 0x600000000 \"../ok.bin\"\n"
				 "map file 0x600000000 0 => 0x600010000\n"
				 "r 0x600010000 => segv\n"
				 "start 2\nswitch 2\nmap swap\n"
				 "w 0x600000000 \"ok.bin\"\n"
				 "map file 0x600000000 7\n"
				 "r 0x600010000 \"\\0\\0\"\n"), /* past the end */
			 0);
	assert_int_equal(fx->res.file_reads, 2);
	assert_int_equal(fx->res.killed, 1);
	assert_int_equal(fx->res.faults_invalid, 1);
}

static void test_map_failures(void **state)
{
	struct replay_fixture *fx = *state;
	fx->config.arena_pages = 2;
	fx->config.swap_blocks = 1;
	assert_int_equal(replay_fixture_run(fx, "start 1\nswitch 1\n"
				 "map swap => 0x600000000\n"
				 "map swap => null\n"         /* no swap left */
				 "map file 0x600000000 0 => 0x600010000\n"
				 "map swap => null\n"         /* arena full */
				 "fork 1 2 => -1\n"           /* no swap to reserve */
				 "map file 0x700000000 0 => null\n"),
			 0);
	assert_int_equal(fx->res.maps_ok, 2);
	assert_int_equal(fx->res.maps_failed, 3);
	assert_int_equal(fx->res.creates_ok, 1);
	assert_int_equal(fx->res.creates_failed, 1);
}

/* ---- expectations and data checks -------------------------------------- */

static void test_expectations_fail(void **state)
{
	struct replay_fixture *fx = *state;
	const char *head = "start 1\nswitch 1\n";
	const struct { const char *line, *error; } cases[] = {
		{"map swap => 0x600010000", ":3: expected 0x600010000, got 0x600000000"},
		{"map swap => null", ":3: expected null, got 0x600000000"},
		{"r 0x600000000 => ok", ":3: expected ok, got segv"},
		{"r 0x600000000 => segv\nmap swap", ":4: map swap: no process is running: process 1 was killed at line 3 by an invalid fault at 0x600000000 (not mapped, or a file read failed; was the trace made for another page_size?); switch to one first"},
		{"map swap\nr 0x600000000 => segv", ":4: expected segv, got ok"},
		{"start 2 => -1", ":3: expected -1, got 0"},
		{"fork 1 2 => -1", ":3: expected -1, got 0"},
		{"map swap\nr 0x600000000 \"ab\"", ":4: expected \"ab\", got \"\\0\\0\""},
		{"r 0x700000000 \"ab\"", ":3: expected \"ab\", got segv"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char trace[256];
		snprintf(trace, sizeof trace, "%s%s\n", head, cases[i].line);
		int code = replay_fixture_run(fx, trace);
		assert_int_equal(code, strstr(cases[i].error, "no process") ? 2 : 1);
		assert_string_equal(msg(fx), cases[i].error);
	}
	/* the ones that hold */
	assert_int_equal(replay_fixture_run(fx, "start 1 => 0\nswitch 1\nmap swap => 0x600000000\n"
				 "r 0x600000000 => ok\nw 0x600000000 \"hi\" => ok\n"
				 "r 0x600000000 \"hi\\0\" => ok\n"
				 "r 0x600000000 \"hi\" => ok\nfork 1 2 => 0\n"),
			 0);
}

static const char shadow_trace[] =
	"start 1\nswitch 1\nmap swap\n"
	"w 0x600000000 4\n"
	"r 0x600000000 4\n";

static enum run_status step_n(struct run *r, int n)
{
	enum run_status s = RUN_STEPPED;
	for (int i = 0; i < n && s == RUN_STEPPED; i++)
		s = run_step(r, NULL, 0);
	return s;
}

/* Corrupt the frame behind the process's page 0 between events. */
static void corrupt_page0(struct run *r)
{
	uint32_t valid = 0;
	const struct pte *pt = pager_page_table(run_pager(r), 1, &valid);
	assert_non_null(pt);
	struct machine *m = (struct machine *)run_machine(r);
	m->physmem[(size_t)pt[0].ppage * m->geo.size + 2] ^= 0xff;
}

static void test_shadow_catches_lost_data(void **state)
{
	struct replay_fixture *fx = *state;
	tmpdir_put(fx->dir, "t.trace", shadow_trace);
	struct run *r = run_open(&fx->config, fx->trace, &fx->opt, fx->err,
				 sizeof fx->err);
	assert_non_null(r);
	assert_int_equal(step_n(r, 4), RUN_STEPPED);
	corrupt_page0(r);
	assert_int_equal(run_step(r, fx->err, sizeof fx->err), RUN_CHECK_FAILED);
	uint8_t want = event_store_byte(4, 2);
	char text[128];
	snprintf(text, sizeof text,
		 ":5: data check failed: pid 1 read 0x%02x at 0x600000002, "
		 "expected 0x%02x", want ^ 0xff, want);
	assert_string_equal(msg(fx), text);
	/* sticky */
	assert_int_equal(run_step(r, fx->err, sizeof fx->err), RUN_CHECK_FAILED);
	assert_string_equal(msg(fx), text);
	run_close(r);

	fx->opt.shadow = false; /* not checked without the shadow */
	r = run_open(&fx->config, fx->trace, &fx->opt, fx->err, sizeof fx->err);
	assert_int_equal(step_n(r, 4), RUN_STEPPED);
	corrupt_page0(r);
	assert_int_equal(step_n(r, 2), RUN_DONE);
	run_close(r);
}

static void test_check_catches_stale_tlb(void **state)
{
	struct replay_fixture *fx = *state;
	fx->opt.check = true;
	fx->opt.shadow = false; /* else the shadow sees the wrong frame first */
	tmpdir_put(fx->dir, "t.trace", shadow_trace);
	struct run *r = run_open(&fx->config, fx->trace, &fx->opt, fx->err,
				 sizeof fx->err);
	assert_int_equal(step_n(r, 4), RUN_STEPPED);
	struct machine *m = (struct machine *)run_machine(r);
	assert_int_equal(tlb_valid_count(&m->tlb), 1);
	m->tlb.slots[0].ppage = 2; /* stale frame */
	assert_int_equal(run_step(r, fx->err, sizeof fx->err), RUN_CHECK_FAILED);
	assert_non_null(strstr(msg(fx), ":5: --check: TLB entry pid 1 va 0x600000000"));
	assert_non_null(strstr(fx->err, "the frame differs"));
	run_close(r);
}

/* ---- trace errors (exit status 2) ---------------------------------------- */

static void test_trace_errors(void **state)
{
	struct replay_fixture *fx = *state;
	const struct { const char *trace, *error; } cases[] = {
		{"r 0x600000000\n", ":1: r: no process is running (after exit or a kill, switch to one first)"},
		{"start 1\nexit\nw 0x600000000\n", ":3: w: no process is running: process 1 exited at line 2; switch to one first"},
		{"start 1\nstart 2\nexit\nw 0x600000000\n", ":4: w: no process is running: process 1 exited at line 3; switch to one first"},
		{"start 1\nexit\nstart 2\nw 0x600000000\n", ":4: w: no process is running: process 1 exited at line 2; switch to one first"},
		{"start 1\nswitch 1\nexit\nr 0x600000000 \"a\"\n", ":4: r: no process is running: process 1 exited at line 3; switch to one first"},
		{"start 1\nswitch 1\nr 0x1 => segv\nw 0x600000000 \"a\"\n", ":4: w: no process is running: process 1 was killed at line 3 by an invalid fault at 0x1, outside its arena (was the trace made for another page_size or arena_pages?); switch to one first"},
		{"map swap\n", ":1: map swap: no process is running (after exit or a kill, switch to one first)"},
		{"map file 0x600000000 0\n", ":1: map file: no process is running (after exit or a kill, switch to one first)"},
		{"exit\n", ":1: exit: no process is running (after exit or a kill, switch to one first)"},
		{"fork 1 2\n", ":1: fork: parent process 1 is not running"},
		{"start 1\nswitch 1\nexit\nfork 1 2\n", ":4: fork: parent process 1 is not running"},
		{"start 1\nswitch 1\nr 0x1\nfork 1 2\n", ":4: fork: parent process 1 is not running"},
		{"start 1\nstart 2\nfork 1 2\n", ":3: fork: process 2 is already running"},
		{"start 1\nfork 1 1\n", ":2: fork: process 1 is already running"},
		{"start 1\nstart 1\n", ":2: start: process 1 is already running"},
		{"switch 3\n", ":1: switch: process 3 is not running"},
		{"compute 9223372036854775807\ncompute 1\n",
		 ":2: compute: 1 cycles would overflow the cycle count"},
		{"start 3\nswitch 3\nexit\nswitch 3\n", ":4: switch: process 3 is not running"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(replay_fixture_run(fx, cases[i].trace), 2);
		assert_string_equal(msg(fx), cases[i].error);
	}
	/* a line that does not parse: the reader's message, after the events
	 * before it were replayed */
	assert_int_equal(replay_fixture_run(fx, "start 1\nbogus\n"), 2);
	assert_non_null(strstr(msg(fx), ":2: "));
	/* a missing trace */
	assert_int_equal(run_trace(&fx->config, "/nonexistent/t.trace", &fx->opt,
				   &fx->res, fx->err, sizeof fx->err),
			 2);
	assert_non_null(strstr(fx->err, "/nonexistent/t.trace"));
	/* a configuration the pager rejects */
	fx->config.memory_pages = 2;
	assert_int_equal(replay_fixture_run(fx, "start 1\n"), 2);
	assert_non_null(strstr(fx->err, "memory_pages"));
	config_defaults(&fx->config);
	snprintf(fx->config.policy, sizeof fx->config.policy, "nope");
	assert_int_equal(replay_fixture_run(fx, "start 1\n"), 2);
	assert_string_equal(fx->err, "policy: unknown policy 'nope'");
}

/* ---- repeatability -------------------------------------------------------- */

static char *run_to_text(struct replay_fixture *fx, bool log)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	fx->opt.log = log ? out : NULL;
	assert_int_equal(run_trace(&fx->config, fx->trace, &fx->opt, &fx->res,
				   fx->err, sizeof fx->err),
			 0);
	char *json = report_json(&fx->res);
	fputs(json, out);
	free(json);
	fclose(out);
	return buf;
}

static void test_repeatable(void **state)
{
	struct replay_fixture *fx = *state;
	tmpdir_put(fx->dir, "data.txt", "hello world\n");
	tmpdir_put(fx->dir, "t.trace", mixed_trace);
	/* Every policy in the table, so a new one is covered by its line. */
	for (const struct policy_ops *const *p = policy_table; *p; p++) {
		snprintf(fx->config.policy, sizeof fx->config.policy, "%s",
			 (*p)->name);
		fx->opt.check = true;
		char *a = run_to_text(fx, true);
		char *b = run_to_text(fx, true);
		assert_string_equal(a, b);
		assert_non_null(strstr(a, "\n5 fault pid=1 va=0x600000000 write cause=zero-fill\n"));
		assert_non_null(strstr(a, "\"cycles\":"));
		free(a);
		free(b);
	}
}

static void test_log_format(void **state)
{
	struct replay_fixture *fx = *state;
	tmpdir_put(fx->dir, "data.txt", "hello world\n");
	tmpdir_put(fx->dir, "t.trace", mixed_trace);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	fx->opt.log = out;
	assert_int_equal(run_trace(&fx->config, fx->trace, &fx->opt, &fx->res,
				   fx->err, sizeof fx->err),
			 0);
	fclose(out);
	const char *want =
		"1 start pid=1 => 0\n"
		"2 switch pid=1\n"
		"3 map swap pid=1 => 0x600000000\n"
		"4 map swap pid=1 => 0x600010000\n"
		"5 fault pid=1 va=0x600000000 write cause=zero-fill\n"
		"5 zero-fill frame=1\n"
		"7 map file pid=1 name=0x600000000 block=0 => 0x600020000\n"
		"8 fault pid=1 va=0x600020000 read cause=read-in\n"
		"8 read file \"data.txt\" block=0 frame=2\n"
		"9 fault pid=1 va=0x600010000 write cause=zero-fill\n"
		"9 zero-fill frame=3\n"
		"11 fork parent=1 child=2 => 0\n"
		"12 fault pid=1 va=0x600010000 write cause=cow\n"
		"12 ref-clear frame=1\n"
		"12 ref-clear frame=2\n";
	assert_memory_equal(buf, want, strlen(want));
	assert_non_null(strstr(buf, "\n16 fault pid=2 va=0x700000000 read cause=invalid\n"
				    "16 kill pid=2 va=0x700000000\n"));
	assert_non_null(strstr(buf, "\n19 exit pid=1\n19 free frame=1\n"));
	free(buf);
}

/* ---- the future index (OPT) ------------------------------------------------ */

/* ---- put: bytes placed without an access --------------------------------- */

/* Run `trace` with the put line as `put`, then as "compute 0": every
 * counter and cycle must be the same, and the put's run must pass its
 * data checks (the shadow's and the trace's). */
static void assert_put_costs_nothing(struct replay_fixture *fx, const char *trace_fmt, const char *put)
{
	char with_put[2048], without[2048];
	snprintf(with_put, sizeof with_put, trace_fmt, put, "r 0x600000010 \"f.bin\"");
	snprintf(without, sizeof without, trace_fmt, "compute 0", "r 0x600000010 6");
	fx->opt.check = true;
	assert_int_equal(replay_fixture_run(fx, without), 0);
	struct run_result plain = fx->res;
	if (replay_fixture_run(fx, with_put) != 0)
		fail_msg("%s", fx->err);
	const size_t from = offsetof(struct run_result, events);
	const size_t to = offsetof(struct run_result, mmu);
	assert_memory_equal((const char *)&fx->res + from, (const char *)&plain + from, to - from);
}

static void test_put_places_bytes_wherever_the_page_is(void **state)
{
	struct replay_fixture *fx = *state;
	fx->config.page_size = 256;
	fx->config.memory_pages = 3; /* two frames */
	const char *on_swap =
		"start 1\nmap swap\nmap swap\nmap swap\n"
		"w 0x600000000\nw 0x600000100\n"
		"w 0x600000200\n"         /* evicts page 0 to swap */
		"%s\n%s\n";
	assert_put_costs_nothing(fx, on_swap, "put 0x600000010 \"f.bin\"");
	assert_int_equal(fx->res.swap_reads, 1); /* the check read it back from swap */
	const char *in_dirty_frame =
		"start 1\nmap swap\nw 0x600000000\n%s\n%s\n";
	assert_put_costs_nothing(fx, in_dirty_frame, "put 0x600000010 \"f.bin\"");
	/* read back from swap: the clean frame and its block both hold it */
	const char *in_clean_frame =
		"start 1\nmap swap\nmap swap\nmap swap\n"
		"w 0x600000000\nw 0x600000100\nw 0x600000200\n"
		"r 0x600000000\n"         /* page 0 back, clean */
		"%s\nmap swap\nw 0x600000300\nw 0x600000100\n" /* evicts it, no write */
		"%s\n";
	assert_put_costs_nothing(fx, in_clean_frame, "put 0x600000010 \"f.bin\"");
	assert_int_equal(fx->res.swap_reads, 3);
	/* the name it places is the one a map reads */
	tmpdir_put(fx->dir, "f.bin", "0123456789");
	assert_int_equal(replay_fixture_run(fx, "start 1\nmap swap\nmap swap\nmap swap\n"
				 "w 0x600000000\nw 0x600000100\nw 0x600000200\n"
				 "put 0x600000010 \"f.bin\"\n"
				 "map file 0x600000010 0 => 0x600000300\n"
				 "r 0x600000300 \"0123\"\n"), 0);
	assert_int_equal(fx->res.file_reads, 1);
}

/* A page shared copy-on-write gets the bytes for every sharer, as a store
 * before the fork would have left them. */
static void test_put_into_a_shared_page(void **state)
{
	struct replay_fixture *fx = *state;
	fx->opt.check = true;
	assert_int_equal(replay_fixture_run(fx, "start 1\nmap swap\nw 0x600000000\nfork 1 2\nswitch 2\n"
				 "put 0x600000004 \"ab\"\nr 0x600000004 \"ab\"\n"
				 "switch 1\nr 0x600000004 \"ab\"\n"), 0);
	assert_int_equal(fx->res.cow_copies, 0);
}

static void test_put_errors(void **state)
{
	struct replay_fixture *fx = *state;
	fx->config.page_size = 256;
	const struct { const char *trace, *error; } cases[] = {
		{"put 0x600000000 \"a\"\n", ":1: put: no process is running (after exit or a kill, switch to one first)"},
		{"start 1\nmap swap\nw 0x600000000\nput 0x6000000fe \"ab\"\n",
		 ":4: put: its 3 bytes do not lie in valid pages of process 1"},
		{"start 1\nmap swap\nput 0x600000000 \"a\"\n",
		 ":3: put: a page it writes was never written (it reads as zeroes), so no earlier store can have left these bytes there"},
		{"start 1\nput 0x600000000 \"\"\n",
		 ":2: put: its 1 bytes do not lie in valid pages of process 1"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(replay_fixture_run(fx, cases[i].trace), 2);
		assert_string_equal(msg(fx), cases[i].error);
	}
	/* a NUL into a page never written leaves it as it was: zeroes */
	assert_int_equal(replay_fixture_run(fx, "start 1\nmap swap\nput 0x600000000 \"\"\n"
				 "r 0x600000000 => ok\n"), 0);
	assert_int_equal(fx->res.zero_fills, 0);
}

static void test_future(void **state)
{
	(void)state;
	struct mmusim_config c;
	config_defaults(&c);
	struct page_geometry geo;
	char err[256];
	assert_int_equal(config_geometry(&c, &geo, err, sizeof err), 0);
	const char *text =
		"start 1\nswitch 1\nmap swap\nmap swap\n" /* events 0-3 */
		"r 0x600000000\n"                         /* 4: p0 */
		"w 0x60000ffff 2\n"                       /* 5: p0, p1 */
		"switch 1\n"                              /* 6 */
		"r 0x600010000 \"a\"\n"                   /* 7: p1 */
		"exit\n"                                  /* 8 */
		"r 0x600000000\n";                        /* 9: no process */
	struct event_source *src =
		trace_text_open_buffer("f", text, strlen(text), err, sizeof err);
	assert_non_null(src);
	struct future *f = future_build(src, &geo, err, sizeof err);
	src->close(src);
	assert_non_null(f);
	assert_int_equal(future_next_use(f, 1, 0x600000000, 0), 4);
	assert_int_equal(future_next_use(f, 1, 0x600010000, 0), 5);
	assert_int_equal(future_next_use(f, 1, 0x600000123, 4), 5);
	assert_int_equal(future_next_use(f, 1, 0x600010000, 5), 7);
	assert_int_equal(future_next_use(f, 1, 0x600000000, 5), UINT64_MAX);
	assert_int_equal(future_next_use(f, 2, 0x600000000, 5), UINT64_MAX);
	assert_int_equal(future_next_use(f, 1, 0x500000000, 5), UINT64_MAX);
	/* going back in time (a checkpoint restored) gives the earlier answers */
	assert_int_equal(future_next_use(f, 1, 0x600000000, 3), 4);
	assert_int_equal(future_next_use(f, 1, 0x600010000, 4), 5);
	/* by event number, for the event's first page: the same answers */
	assert_int_equal(future_next_use_of_event(f, 4, 1, 0x600000000), 5);
	assert_int_equal(future_next_use_of_event(f, 5, 1, 0x600000000), UINT64_MAX);
	assert_int_equal(future_next_use_of_event(f, 7, 1, 0x600010000), UINT64_MAX);
	/* an event that accesses nothing: asked of the pages' uses */
	assert_int_equal(future_next_use_of_event(f, 6, 1, 0x600010000), 7);
	assert_int_equal(future_next_use_of_event(f, 3, 1, 0x600000000), 4);
	future_destroy(f);

	/* the trace's first start runs its process, as in the replay */
	text = "start 1\nmap swap\nr 0x600000000\nexit\n"   /* events 0-3 */
	       "start 2\nswitch 2\nmap swap\nr 0x600000000\n"; /* 4-7 */
	src = trace_text_open_buffer("g", text, strlen(text), err, sizeof err);
	assert_non_null(src);
	f = future_build(src, &geo, err, sizeof err);
	src->close(src);
	assert_non_null(f);
	assert_int_equal(future_next_use(f, 1, 0x600000000, 0), 2);
	assert_int_equal(future_next_use(f, 2, 0x600000000, 3), 7);
	assert_int_equal(future_next_use(f, 3, 0x600000000, 3), UINT64_MAX);
	future_destroy(f);
}

/*
 * OPT on an access over two pages whose first piece faults: the victim is
 * chosen before the second piece runs, yet that page's use in this event is
 * already past ("next use" is after the current event). Frames 1-3 hold p4,
 * p1, p2 (events 6-8). Event 9 writes p3|p4: next uses after 9 are p4 12,
 * p1 10, p2 11, so p3 evicts p4 (frame 1); p4's piece then evicts p3 (next
 * use 13) from frame 1; events 10-12 hit; event 13 (p3) finds every page
 * never used again and takes the lowest frame, 1. A policy that kept p4's
 * next use as 9 (its value before event 9) would evict p2 instead.
 */
static void test_opt_sees_later_pieces(void **state)
{
	struct replay_fixture *fx = *state;
	snprintf(fx->config.policy, sizeof fx->config.policy, "opt");
	fx->config.memory_pages = 4;
	char log[4096] = "";
	FILE *out = fmemopen(log, sizeof log - 1, "w");
	assert_non_null(out);
	fx->opt.log = out;
	assert_int_equal(replay_fixture_run(fx, "start 1\nmap swap\nmap swap\nmap swap\nmap swap\nmap swap\n"
				 "w 0x600040000 1\nw 0x600010000 1\nw 0x600020000 1\n"
				 "w 0x60003ffff 2\n"
				 "w 0x600010000 1\nw 0x600020000 1\nw 0x600040000 1\n"
				 "w 0x600030000 1\n"), 0);
	fclose(out);
	assert_int_equal(fx->res.faults_major, 6);
	assert_int_equal(fx->res.evictions, 3);
	const char *at = log;
	for (int i = 0; i < 3; i++) {
		at = strstr(at, "evict frame=");
		assert_non_null(at);
		assert_memory_equal(at, "evict frame=1 ", 14);
		at++;
	}
}

/* ---- run_all's fast loop against step by step --------------------------- */

/* A walk-heavy trace: 48 pages of 4 KiB in 8 frames, 3,000 loads and
 * stores (one in five) at pseudo-random pages, a fork half-way and a
 * switch to the child: walks find entries that permit the access, that
 * do not (zero-fill, swap-in, copy-on-write) and none (a page never
 * mapped: a segv that kills the child near the end). */
static void put_walk_heavy_trace(struct replay_fixture *fx)
{
	size_t cap = 1 << 17, len = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	len += (size_t)snprintf(text + len, cap - len, "start 1\nswitch 1\n");
	for (int p = 0; p < 48; p++)
		len += (size_t)snprintf(text + len, cap - len, "map swap\n");
	uint32_t seed = 14;
	for (int i = 0; i < 3000; i++) {
		seed = seed * 1103515245u + 12345u;
		unsigned page = (seed >> 16) % 48, offset = (seed >> 4) % 4088;
		if (i == 1500)
			len += (size_t)snprintf(text + len, cap - len,
						"fork 1 2\nswitch 2\n");
		len += (size_t)snprintf(text + len, cap - len, "%c 0x%llx 8\n",
					i % 5 == 0 ? 'w' : 'r',
					0x600000000ull + page * 4096ull + offset);
	}
	len += (size_t)snprintf(text + len, cap - len, "r 0x600100000 8\nswitch 1\nexit\n");
	assert_true(len < cap);
	tmpdir_put(fx->dir, "t.trace", text);
	free(text);
}

/* The report of the trace replayed event by event with run_step, which
 * never takes run_all's loop of plain hits and walks. */
static char *report_step_by_step(struct replay_fixture *fx)
{
	struct run *r = run_open(&fx->config, fx->trace, &fx->opt, fx->err, sizeof fx->err);
	assert_non_null(r);
	enum run_status s;
	while ((s = run_step(r, fx->err, sizeof fx->err)) == RUN_STEPPED)
		;
	assert_int_equal(s, RUN_DONE);
	run_result(r, &fx->res);
	run_close(r);
	return report_json(&fx->res);
}

/* Every format kind, a TLB of one level and of two, policies that do and
 * do not want every access, both reference-bit modes, with the shadow and
 * data-less: the same report either way. */
static void test_fast_loop_counts_as_steps(void **state)
{
	struct replay_fixture *fx = *state;
	put_walk_heavy_trace(fx);
	static const char *const formats[] = { "mmu.format=flat", "mmu.format=x86-64",
					       "mmu.format=sv39" };
	static const char *const policies[] = { "policy=clock", "policy=fifo", "policy=lru" };
	for (int f = 0; f < 3; f++)
		for (int v = 0; v < 8; v++) {
			const char *sets[] = { "page_size=4096", "memory_pages=9",
					       v & 2 ? "tlb={\"levels\":[{\"entries\":4,\"ways\":2,\"latency\":1},"
							"{\"entries\":16,\"ways\":4,\"latency\":5}]}"
						     : "tlb={\"entries\":4,\"ways\":2}",
					       formats[f],
					       policies[v % 3],
					       v & 4 ? "ref_bits=hardware"
						     : "ref_bits=software" };
			config_defaults(&fx->config);
			if (config_load(&fx->config, NULL, sets, 6, fx->err, sizeof fx->err) != 0)
				fail_msg("%s", fx->err);
			run_options_default(&fx->opt);
			fx->opt.shadow = v & 1;
			fx->opt.data = v & 1 ? RUN_DATA_KEEP : RUN_DATA_NONE;
			assert_int_equal(run_trace(&fx->config, fx->trace, &fx->opt,
						   &fx->res, fx->err, sizeof fx->err), 0);
			assert_true(fx->res.tlb_misses > 1000);
			assert_true(fx->res.faults > 100);
			assert_int_equal(fx->res.faults_invalid, 1);
			char *fast = report_json(&fx->res);
			char *steps = report_step_by_step(fx);
			assert_string_equal(fast, steps);
			free(fast);
			free(steps);
		}
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, replay_fixture_setup, replay_fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_mixed_counts),
		T(test_tlb_lru),
		T(test_asid),
		T(test_asid_reused_pid),
		T(test_hardware_bits),
		T(test_write_files_and_overlay),
		T(test_forbidden_file),
		T(test_map_failures),
		T(test_expectations_fail),
		T(test_shadow_catches_lost_data),
		T(test_check_catches_stale_tlb),
		T(test_trace_errors),
		T(test_repeatable),
		T(test_log_format),
		T(test_put_places_bytes_wherever_the_page_is),
		T(test_put_into_a_shared_page),
		T(test_put_errors),
		cmocka_unit_test(test_future),
		T(test_opt_sees_later_pieces),
		T(test_fast_loop_counts_as_steps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
