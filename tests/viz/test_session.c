/*
 * tests/viz/test_session.c: going to any event, forward or back, through
 * checkpoints or a replay from the start, always gives the state of a
 * plain run after that many events; the notes of the event shown.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zlib.h>

#include "narrate.h"
#include "session.h"
#include "viz_helpers.h"

static const char config_json[] =
	"{\"memory_pages\": 4, \"swap_blocks\": 16, \"page_size\": 4096,"
	" \"arena_pages\": 8, \"tlb\": {\"entries\": 2}}";

/* 3 usable frames; evictions, fork, copy-on-write (with a pinned source),
 * exit, a kill. */
static const char trace[] =
	"start 1\n"                 /* 1 */
	"switch 1\n"                /* 2 */
	"map swap\n"                /* 3 */
	"map swap\n"                /* 4 */
	"map swap\n"                /* 5 */
	"map swap\n"                /* 6 */
	"w 0x600000000 8\n"         /* 7: zero-fill frame 1 */
	"w 0x600001000 8\n"         /* 8: frame 2 */
	"w 0x600002000 8\n"         /* 9: frame 3 */
	"fork 1 2\n"                /* 10 */
	"switch 2\n"                /* 11 */
	"w 0x600000000 4\n"         /* 12: COW, source frame 1 pinned */
	"r 0x600001000\n"           /* 13 */
	"r 0x600003000\n"           /* 14: zero page, no fault */
	"w 0x600003000\n"           /* 15 */
	"exit\n"                    /* 16 */
	"switch 1\n"                /* 17 */
	"r 0x600000000 8\n"         /* 18 */
	"compute 7\n"               /* 19 */
	"r 0x600100000\n";          /* 20: outside the arena: killed */
#define EVENTS 20

struct fixture {
	struct vt_dir dir;
	struct mmusim_config config;
	uint64_t want[EVENTS + 1];  /* fingerprints after k events */
};
_Static_assert(offsetof(struct fixture, dir) == 0, "vt_dir_teardown frees the fixture");

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	vt_dir_make(&f->dir);
	vt_config(&f->config, &f->dir, config_json);
	struct viz_session *s = vt_session(&f->dir, trace, &f->config);
	assert_int_equal(viz_session_total(s), EVENTS);
	for (uint64_t k = 0; k <= EVENTS; k++) {
		if (k)
			assert_true(viz_session_forward(s));
		f->want[k] = run_fingerprint(viz_session_run(s));
	}
	assert_false(viz_session_forward(s));
	assert_int_equal(viz_session_status(s), RUN_DONE);
	viz_session_close(s);
	*state = f;
	return 0;
}

static void check_at(struct fixture *f, struct viz_session *s, uint64_t k)
{
	vt_seek(s, k);
	assert_int_equal(viz_session_position(s), k);
	if (run_fingerprint(viz_session_run(s)) != f->want[k])
		fail_msg("state after seeking to %llu differs", (unsigned long long)k);
	const struct viz_step *st = viz_session_step(s);
	assert_int_equal(st->valid, k > 0);
	if (k) {
		assert_int_equal(st->number, k);
		assert_int_equal(st->event.line, k);
	}
}

static void test_seek_anywhere(void **state)
{
	struct fixture *f = *state;
	struct viz_session *s = vt_session(&f->dir, trace, &f->config);
	viz_session_tune(s, 3, 0);
	for (uint64_t i = 0; i < 3 * (EVENTS + 1); i++)
		check_at(f, s, (i * 7) % (EVENTS + 1));
	for (uint64_t k = EVENTS + 1; k-- > 0;) /* left, left, left ... */
		check_at(f, s, k);
	struct viz_session_stats st;
	viz_session_stats(s, &st);
	assert_true(st.checkpointing);
	assert_int_equal(st.interval, 3);
	assert_int_equal(st.checkpoints, 1 + EVENTS / 3);
	assert_true(st.bytes >= st.checkpoints * 4 * 4096);
	/* going back one event replays from the nearest checkpoint only */
	vt_seek(s, 17);
	vt_seek(s, 16);
	viz_session_stats(s, &st);
	assert_int_equal(st.replayed, 16 - 15);
	assert_true(st.last_seek_ms >= 0);
	viz_session_close(s);
}

static void test_budget_thins_checkpoints(void **state)
{
	struct fixture *f = *state;
	struct viz_session *s = vt_session(&f->dir, trace, &f->config);
	viz_session_tune(s, 1, 1); /* every event, but no room for them */
	vt_seek(s, EVENTS);
	struct viz_session_stats st;
	viz_session_stats(s, &st);
	assert_int_equal(st.checkpoints, 2);
	assert_true(st.interval >= 16);
	for (uint64_t k = EVENTS + 1; k-- > 0;)
		check_at(f, s, k);
	viz_session_close(s);
}

/* OPT asks the trace's future: its runs are checkpointed like the others. */
static void test_opt_is_checkpointed(void **state)
{
	struct fixture *f = *state;
	struct mmusim_config c = f->config;
	snprintf(c.policy, sizeof c.policy, "opt");
	struct viz_session *s = vt_session(&f->dir, trace, &c);
	viz_session_tune(s, 4, 0);
	struct viz_session_stats st;
	viz_session_stats(s, &st);
	assert_true(st.checkpointing);
	/* seeking back and forth gives what going forward gave */
	uint64_t want[EVENTS + 1];
	for (uint64_t k = 0; k <= EVENTS; k++) {
		vt_seek(s, k);
		want[k] = run_fingerprint(viz_session_run(s));
	}
	for (uint64_t k = EVENTS + 1; k-- > 0;) {
		vt_seek(s, k);
		assert_int_equal(run_fingerprint(viz_session_run(s)), want[k]);
	}
	vt_seek(s, 10);
	vt_seek(s, 9);
	viz_session_stats(s, &st);
	assert_int_equal(st.replayed, 1); /* from the checkpoint at event 8 */
	viz_session_close(s);
}

static void test_notes_of_a_copy_on_write(void **state)
{
	struct fixture *f = *state;
	struct viz_session *s = vt_session(&f->dir, trace, &f->config);
	vt_seek(s, 12);
	const struct viz_step *st = viz_session_step(s);
	/* fault, then the scan passes the pinned source (twice), clears 2 and
	 * 3, evicts 2, then the copy from 1 into 2 */
	enum pager_note_kind kinds[] = {NOTE_FAULT, NOTE_PIN_SKIP, NOTE_REF_CLEAR,
					NOTE_REF_CLEAR, NOTE_PIN_SKIP, NOTE_EVICT,
					NOTE_WRITE, NOTE_COPY};
	uint32_t frames[] = {0, 1, 2, 3, 1, 2, 2, 2};
	assert_int_equal(st->note_count, sizeof kinds / sizeof kinds[0]);
	for (size_t i = 0; i < st->note_count; i++) {
		assert_int_equal(st->notes[i].kind, kinds[i]);
		if (i)
			assert_int_equal(st->notes[i].frame, frames[i]);
	}
	assert_int_equal(st->notes[0].cause, CAUSE_COW);
	assert_int_equal(st->notes[0].pid, 2);
	assert_int_equal(st->notes[7].from, 1);
	assert_null(st->notes[6].file);
	assert_int_equal(st->faults, 1);
	assert_int_equal(st->counted.cow_copies, 1);
	assert_int_equal(st->counted.evictions, 1);
	assert_int_equal(st->counted.swap_writes, 1);
	assert_int_equal(st->pid, 2);
	assert_true(st->cycles > 0);
	viz_session_close(s);
}

static void test_next_fault(void **state)
{
	struct fixture *f = *state;
	struct viz_session *s = vt_session(&f->dir, trace, &f->config);
	assert_int_equal(viz_session_next_fault(s, 100), 1);
	assert_int_equal(viz_session_position(s), 7);
	assert_int_equal(viz_session_next_fault(s, 100), 1);
	assert_int_equal(viz_session_position(s), 8);
	vt_seek(s, 13);
	assert_int_equal(viz_session_next_fault(s, 1), 0); /* 14 reads the zero page */
	assert_int_equal(viz_session_position(s), 14);
	assert_int_equal(viz_session_step(s)->faults, 0);
	assert_int_equal(viz_session_next_fault(s, 100), 1);
	assert_int_equal(viz_session_position(s), 15);
	vt_seek(s, 18);
	assert_int_equal(viz_session_next_fault(s, 100), 1); /* 20: killed */
	assert_int_equal(viz_session_position(s), 20);
	assert_int_equal(viz_session_step(s)->notes[0].cause, CAUSE_INVALID);
	assert_int_equal(viz_session_next_fault(s, 100), -1);
	assert_int_equal(viz_session_position(s), 20);
	viz_session_close(s);
	(void)f;
}

static void test_run_end_and_failures(void **state)
{
	struct fixture *f = *state;
	/* a failed expectation stops the run at its event */
	struct viz_session *s = vt_session(&f->dir,
		"start 1\nswitch 1\nmap swap => 0x600000000\nmap swap => 0x600000000\n"
		"map swap\n", &f->config);
	vt_seek(s, 5);
	assert_int_equal(viz_session_position(s), 4);
	assert_int_equal(viz_session_status(s), RUN_CHECK_FAILED);
	assert_non_null(strstr(viz_session_error(s),
			       "t.trace:4: expected 0x600000000, got 0x600001000"));
	const struct viz_step *st = viz_session_step(s);
	assert_int_equal(st->status, RUN_CHECK_FAILED);
	assert_non_null(strstr(st->error, "t.trace:4: expected"));
	assert_false(viz_session_forward(s));
	vt_seek(s, 3); /* back: the run goes on again */
	assert_int_equal(viz_session_status(s), RUN_STEPPED);
	assert_string_equal(viz_session_error(s), "");
	viz_session_close(s);

	/* a line that cannot be read: shown up to there */
	s = vt_session(&f->dir, "start 1\nswitch 1\nfrobnicate\nmap swap\n", &f->config);
	assert_int_equal(viz_session_total(s), 2);
	vt_seek(s, 2);
	assert_int_equal(viz_session_status(s), RUN_STEPPED);
	assert_string_equal(viz_session_error(s), "");
	assert_false(viz_session_forward(s));
	assert_int_equal(viz_session_position(s), 2);
	assert_int_equal(viz_session_status(s), RUN_BAD_INPUT);
	assert_non_null(strstr(viz_session_error(s), "t.trace:3:"));
	viz_session_close(s);
}

/* A compressed trace: counted, replayed and reread (going back) as the
 * run reads it. */
static void test_compressed_trace(void **state)
{
	struct fixture *f = *state;
	const char *path = vt_path(&f->dir, "t.trace.gz");
	gzFile gz = gzopen(path, "wb");
	assert_non_null(gz);
	assert_int_equal(gzputs(gz, trace), (int)strlen(trace));
	assert_int_equal(gzclose(gz), Z_OK);
	char err[512];
	struct viz_session *s = viz_session_open(&f->config, path, err, sizeof err);
	if (!s)
		fail_msg("%s", err);
	viz_session_tune(s, 4, 0);
	assert_int_equal(viz_session_total(s), EVENTS);
	for (uint64_t k = EVENTS + 1; k-- > 0;) {
		vt_seek(s, k);
		assert_int_equal(run_fingerprint(viz_session_run(s)), f->want[k]);
	}
	viz_session_close(s);
}

static void test_open_errors(void **state)
{
	struct fixture *f = *state;
	char err[512];
	assert_null(viz_session_open(&f->config, "-", err, sizeof err));
	assert_string_equal(err, "viz needs a trace file to go back in, not standard input");
	/* a FIFO would be emptied by the count of events (issue 11) */
	const char *fifo = vt_path(&f->dir, "fifo");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_null(viz_session_open(&f->config, fifo, err, sizeof err));
	char want[600];
	snprintf(want, sizeof want, "%s: a pipe, which cannot be read twice; viz reads it again "
		 "to go back: give a regular file", fifo);
	assert_string_equal(err, want);
	const char *missing = vt_path(&f->dir, "missing.trace");
	assert_null(viz_session_open(&f->config, missing, err, sizeof err));
	assert_non_null(strstr(err, "missing.trace"));
	struct mmusim_config bad = f->config;
	snprintf(bad.policy, sizeof bad.policy, "no-such-policy");
	const char *t = vt_write(&f->dir, "ok.trace", "start 1\n");
	assert_null(viz_session_open(&bad, t, err, sizeof err));
	assert_string_equal(err, "policy: unknown policy 'no-such-policy'");
}

/* Stepping across a reset: the step that resets shows no counts of its
 * own (no wrap-around of after - before), the counters the views read
 * start again from zero, and seeking back across it and forward again
 * gives the same state. */
static void test_across_a_reset(void **state)
{
	struct fixture *f = *state;
	static const char t[] = "start 1\nmap swap\nmap swap\nw 0x600000000\n"
				"w 0x600001000\nreset\nr 0x600000000\n"
				"discard 0x600001000\nw 0x600001000\n";
	struct viz_session *s = vt_session(&f->dir, t, &f->config);
	vt_seek(s, 5);
	const struct pager_stats *ps = pager_stats(run_pager(viz_session_run(s)));
	assert_int_equal(ps->faults, 2);
	uint64_t before = run_fingerprint(viz_session_run(s));
	assert_true(viz_session_forward(s));   /* the reset */
	const struct viz_step *st = viz_session_step(s);
	assert_int_equal(st->event.op, EV_RESET);
	assert_int_equal(st->faults, 0);
	assert_int_equal(st->cycles, 0);
	assert_int_equal(st->tlb_hits + st->tlb_misses, 0);
	ps = pager_stats(run_pager(viz_session_run(s)));
	assert_int_equal(ps->faults + ps->zero_fills + ps->maps_ok, 0);
	assert_int_equal(machine_total_cycles(run_machine(viz_session_run(s))), 0);
	char text[512];
	viz_narrate(s, text, sizeof text);
	assert_non_null(strstr(text, "reset"));
	while (viz_session_forward(s))
		;
	st = viz_session_step(s);
	assert_int_equal(st->event.op, EV_WRITE);
	assert_int_equal(st->faults, 1);       /* the discarded page: zero-fill */
	uint64_t end = run_fingerprint(viz_session_run(s));
	vt_seek(s, 5);
	assert_int_equal(run_fingerprint(viz_session_run(s)), before);
	vt_seek(s, 9);
	assert_int_equal(run_fingerprint(viz_session_run(s)), end);
	viz_session_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_across_a_reset),
		cmocka_unit_test(test_seek_anywhere),
		cmocka_unit_test(test_budget_thins_checkpoints),
		cmocka_unit_test(test_opt_is_checkpointed),
		cmocka_unit_test(test_notes_of_a_copy_on_write),
		cmocka_unit_test(test_next_fault),
		cmocka_unit_test(test_run_end_and_failures),
		cmocka_unit_test(test_compressed_trace),
		cmocka_unit_test(test_open_errors),
	};
	return cmocka_run_group_tests(tests, setup, vt_dir_teardown);
}
