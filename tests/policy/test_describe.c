/*
 * tests/policy/test_describe.c: policy_ops.describe, the queues the
 * visualiser draws (pager/queue_view.h).
 *
 * Every policy of the table describes itself, and what it says agrees with
 * the resident frames after every step of random workloads (each resident
 * frame in some queue, at most once in each: LIRS's resident HIR pages are
 * in both S and Q; ghosts only keys of pages not in memory, hands and
 * marks in range, a short entry array counted past).
 * Then each policy with queues of its own, on a short reference string
 * worked by hand from its paper's rules as docs/policies.md states them:
 * the members of each queue, in order, after the string (and at a few
 * points on the way). Pages are keys in the harness, so a ghost shows the
 * page it stands for.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"
#include "queue_view.h"

#define EACH_POLICY(p) for (const struct policy_ops *const *p = policy_table; *p; p++)
#define MAX_ENTRIES 4096

static struct qv_entry entries[MAX_ENTRIES];

static void describe(const struct harness *h, struct queue_view *v)
{
	queue_view_reset(v, entries, MAX_ENTRIES);
	h->ops->describe(h->policy, v);
	assert_true(queue_view_complete(v));
}

/* ---- every policy: the view agrees with the resident frames ---- */

static void check_view(const struct harness *h)
{
	struct queue_view v;
	describe(h, &v);
	uint32_t total = 0, resident_seen = 0;
	uint32_t seen_in[H_MAX_FRAMES]; /* the last queue seen holding the frame, + 1 */
	memset(seen_in, 0, sizeof seen_in);
	assert_true(v.queue_count >= 1);
	for (uint32_t q = 0; q < v.queue_count; q++) {
		const struct qv_queue *qu = &v.queues[q];
		assert_true(qu->name[0] != '\0');
		assert_int_equal(qu->start, total);
		total += qu->count;
		for (uint32_t i = qu->start; i < qu->start + qu->count; i++) {
			const struct qv_entry *e = &v.entries[i];
			assert_true(e->mark <= v.mark_count);
			if (e->frame == 0) {
				/* a ghost: a page not in memory */
				if (e->key < H_MAX_PAGES)
					assert_int_equal(h->frame_of[e->key], H_NONE);
				continue;
			}
			assert_false(qu->flags & QV_GHOST);
			assert_true(e->frame < h->frames);
			assert_int_not_equal(h->page_of[e->frame], H_NONE);
			if (seen_in[e->frame] == q + 1)
				fail_msg("%s: frame %u twice in %s", h->ops->name, e->frame, qu->name);
			resident_seen += seen_in[e->frame] == 0;
			seen_in[e->frame] = q + 1;
			if (e->key != POLICY_KEY_NONE)
				assert_int_equal(e->key, h->page_of[e->frame]);
		}
	}
	assert_int_equal(total, v.entry_count);
	assert_int_equal(resident_seen, harness_resident(h));
	for (uint32_t k = 0; k < v.hand_count; k++) {
		assert_true(v.hands[k].queue < v.queue_count);
		const struct qv_queue *qu = &v.queues[v.hands[k].queue];
		assert_true(v.hands[k].index < qu->count || v.hands[k].index == 0);
	}
	for (uint32_t k = 0; k < v.mark_count; k++)
		assert_non_null(v.marks[k]);
	for (uint32_t k = 0; k < v.param_count; k++)
		assert_non_null(v.params[k].name);
	/* One queue, no marks: it is order(), exactly (today's ring). */
	if (v.queue_count == 1 && v.mark_count == 0) {
		uint32_t order[H_MAX_FRAMES];
		uint32_t n = h->ops->order(h->policy, order, H_MAX_FRAMES);
		assert_int_equal(n, v.entry_count);
		for (uint32_t i = 0; i < n; i++)
			assert_int_equal(order[i], v.entries[i].frame);
	}
	/* Too small an array: nothing stored past it, everything counted. */
	struct qv_entry few[2];
	struct queue_view small;
	queue_view_reset(&small, few, 2);
	h->ops->describe(h->policy, &small);
	assert_int_equal(small.entry_count, v.entry_count);
	assert_int_equal(small.queue_count, v.queue_count);
	assert_int_equal(queue_view_complete(&small), v.entry_count <= 2);
	for (uint32_t i = 0; i < 2 && i < v.entry_count; i++)
		assert_int_equal(few[i].frame, v.entries[i].frame);
}

static void test_every_policy_describes_its_queues(void **state)
{
	(void)state;
	EACH_POLICY(p) {
		assert_non_null((*p)->describe);
		for (uint32_t frames = 1; frames <= 9; frames += 4) {
			struct harness h;
			harness_init(&h, *p, frames, 7);
			uint64_t rng = 0x5eed + frames;
			check_view(&h);
			for (uint32_t step = 0; step < 400; step++) {
				uint32_t page = harness_rand_below(&rng, 3 * frames + 2);
				if (harness_rand_below(&rng, 25) == 0) {
					if (h.frame_of[page] != H_NONE)
						harness_free_page(&h, page);
				} else {
					harness_access(&h, page, harness_rand_below(&rng, 3) == 0,
						       step + 1 + harness_rand_below(&rng, 20));
				}
				check_view(&h);
			}
			harness_fini(&h);
		}
	}
}

/* ---- each policy on a string worked by hand ---- */

/* "NAME: a b (g)[mark] | NAME: ..." then " ; hand@QUEUE:i" per hand and
 * " ; NAME=VALUE" per parameter: resident pages by number, ghosts in
 * brackets, marks by name. */
static void render(const struct harness *h, char *out, size_t n)
{
	struct queue_view v;
	describe(h, &v);
	size_t at = 0;
#define PUT(...) (at += (size_t)snprintf(out + at, at < n ? n - at : 0, __VA_ARGS__))
	for (uint32_t q = 0; q < v.queue_count; q++) {
		const struct qv_queue *qu = &v.queues[q];
		PUT("%s%s:", q ? " | " : "", qu->name);
		for (uint32_t i = qu->start; i < qu->start + qu->count; i++) {
			const struct qv_entry *e = &v.entries[i];
			if (e->frame)
				PUT(" %u", h->page_of[e->frame]);
			else
				PUT(" (%llu)", (unsigned long long)e->key);
			if (e->mark)
				PUT("[%s]", v.marks[e->mark - 1]);
		}
	}
	for (uint32_t k = 0; k < v.hand_count; k++)
		PUT(" ; %s@%s:%u", v.hands[k].name, v.queues[v.hands[k].queue].name,
		    v.hands[k].index);
	for (uint32_t k = 0; k < v.param_count; k++)
		PUT(" ; %s=%g", v.params[k].name, v.params[k].value);
#undef PUT
	assert_true(at < n);
}

static void expect(const struct harness *h, const char *want)
{
	char got[1024];
	render(h, got, sizeof got);
	if (strcmp(got, want) != 0)
		fail_msg("%s: queues\n  are  %s\n  want %s", h->ops->name, got, want);
}

/* Reads of `refs` (a space-separated string of pages). */
static void run(struct harness *h, const char *refs)
{
	for (const char *s = refs; *s;) {
		char *end;
		unsigned long page = strtoul(s, &end, 10);
		assert_true(end != s);
		harness_access(h, (uint32_t)page, false, UINT64_MAX);
		s = end;
		while (*s == ' ')
			s++;
	}
}

static void start(struct harness *h, const char *policy, uint32_t frames)
{
	const struct policy_ops *ops = policy_find(policy);
	assert_non_null(ops);
	harness_init(h, ops, frames, 1);
}

/* ARC, c = 3 (Fig. 4). 4 is new (case IV, |T1| + |B1| = 2 < c): REPLACE
 * takes T1's LRU 2 (|T1| = 2 > p = 0) to B1. 2 is in B1 (case II): p = 0 +
 * max(|B2|/|B1|, 1) = 1; REPLACE: |T1| = 2 > 1, 3 to B1; 2 to T2. 5 is new:
 * |T1| = 1 = p, so T2's LRU 1 goes to B2. 1 is in B2 (case III): p = 1 -
 * max(|B1|/|B2|, 1) = 0; REPLACE: T1's LRU 4 to B1; 1 to T2's MRU. */
static void test_arc_queues(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "arc", 3);
	run(&h, "1 2 3 1");
	expect(&h, "T1: 2 3 | T2: 1 | B1: | B2: ; p=0");
	run(&h, "4");
	expect(&h, "T1: 3 4 | T2: 1 | B1: (2) | B2: ; p=0");
	run(&h, "2");
	expect(&h, "T1: 4 | T2: 1 2 | B1: (3) | B2: ; p=1");
	run(&h, "5");
	expect(&h, "T1: 4 5 | T2: 2 | B1: (3) | B2: (1) ; p=1");
	run(&h, "1");
	expect(&h, "T1: 5 | T2: 2 1 | B1: (3) (4) | B2: ; p=0");
	harness_fini(&h);
}

/* CAR, c = 3 (Fig. 2), reference bits only: a victim search first clears
 * the bits of the pages filled since the last one (they enter with the
 * bit clear). 4: T1's head 1 is clear: to B1, then |T1| + |B1| = c drops
 * it. 2's use sets its bit. 5: head 2 set: cleared, to T2's tail; head 3
 * clear: to B1. 3 (in B1): T1's head 4 to B1; p = 0 + max(1, 0/2) = 1; 3
 * to T2. 1 (new): |T1| = 1 >= max(1, p): 5 to B1. 6: 1 to B1; |T1| + |B1|
 * = 3 = c drops B1's LRU 4. The hands are the heads of T1 and T2. */
static void test_car_queues(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "car", 3);
	run(&h, "1 2 3 4");
	expect(&h, "T1: 2 3 4 | T2: | B1: | B2: ; hand@T1:0 ; hand@T2:0 ; p=0");
	run(&h, "2 5");
	expect(&h, "T1: 4 5 | T2: 2 | B1: (3) | B2: ; hand@T1:0 ; hand@T2:0 ; p=0");
	run(&h, "3");
	expect(&h, "T1: 5 | T2: 2 3 | B1: (4) | B2: ; hand@T1:0 ; hand@T2:0 ; p=1");
	run(&h, "1");
	expect(&h, "T1: 1 | T2: 2 3 | B1: (4) (5) | B2: ; hand@T1:0 ; hand@T2:0 ; p=1");
	run(&h, "6");
	expect(&h, "T1: 6 | T2: 2 3 | B1: (5) (1) | B2: ; hand@T1:0 ; hand@T2:0 ; p=1");
	harness_fini(&h);
}

/* CLOCK-Pro, m = 3, m_c from 1 (in 1..2); the clock listed from its oldest
 * entry to the head. 4: fresh bits cleared; HAND_cold at 1 (cold, in
 * test, clear): evicted, a ghost in test; 4 at the head; HAND_cold rests
 * at 2. 2's use sets its bit. 5: HAND_cold at 2 (referenced, in test):
 * hot at the head, m_c = 2; at 3 (clear): a ghost; HAND_cold at 4. 1 (a
 * ghost): HAND_cold at 4 (clear): a ghost; HAND_cold at 2; 1 becomes hot at
 * the head. 6: hot pages 2 > m - m_c = 1, so HAND_hot runs from the
 * oldest: ghosts 3 and 4 leave (m_c back to 1), hot 2 (bit clear) becomes
 * cold and HAND_hot stops past it at 5; HAND_cold at 2 (cold, no test,
 * clear): evicted, no ghost; 6 cold in test at the head. */
static void test_clock_pro_queues(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "clock-pro", 3);
	run(&h, "1 2 3 4");
	expect(&h, "clock: (1)[in test] 2[in test] 3[in test] 4[in test]"
		   " ; hot@clock:0 ; cold@clock:1 ; test@clock:0 ; m_c=1");
	run(&h, "2 5");
	expect(&h, "clock: (1)[in test] (3)[in test] 4[in test] 2[hot] 5[in test]"
		   " ; hot@clock:0 ; cold@clock:2 ; test@clock:0 ; m_c=2");
	run(&h, "1");
	expect(&h, "clock: (3)[in test] (4)[in test] 2[hot] 5[in test] 1[hot]"
		   " ; hot@clock:0 ; cold@clock:2 ; test@clock:0 ; m_c=2");
	run(&h, "6");
	expect(&h, "clock: 5[in test] 1[hot] 6[in test]"
		   " ; hot@clock:0 ; cold@clock:0 ; test@clock:0 ; m_c=1");
	harness_fini(&h);
}

/* S3-FIFO, 4 frames: S's target max(1, 10 % of 4) = 1, G holds 4 - 1 = 3.
 * Reference bits: 1's use right after the fills is lost with the fills'
 * bits. 5: S's head 1 (counter 0) to G. 1 (in G): head 2 to G; 1 to M.
 * 3's use sets its bit. 6: head 3's bit: counter 1 >= 1, to M; head 4 to
 * G. 2 (in G): head 5 to G; 2 to M. */
static void test_s3_fifo_queues(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "s3-fifo", 4);
	run(&h, "1 2 3 4 1 5");
	expect(&h, "small S: 2 3 4 5 | main M: | ghost G: (1) ; S target=1");
	run(&h, "1 3 6");
	expect(&h, "small S: 5 6 | main M: 1 3[count 1] | ghost G: (2) (4) ; S target=1");
	run(&h, "2");
	expect(&h, "small S: 6 | main M: 1 3[count 1] 2 | ghost G: (4) (5) ; S target=1");
	harness_fini(&h);
}

/* The same string with every use counted: 1's first use keeps it (to M
 * with counter 1, 2 to G), then two more uses count; 3's use moves it to
 * M at 6 (4 to G); 2 comes back from G to M (5 to G). */
static void test_s3_fifo_ideal_queues(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "s3-fifo-ideal", 4);
	run(&h, "1 2 3 4 1 5");
	expect(&h, "small S: 3 4 5 | main M: 1[count 1] | ghost G: (2) ; S target=1");
	run(&h, "1 3 6 2");
	expect(&h, "small S: 6 | main M: 1[count 2] 3[count 1] 2 | ghost G: (4) (5)"
		   " ; S target=1");
	harness_fini(&h);
}

/* 2Q, 4 frames: Kin = 25 % of 4 = 1, Kout = 50 % = 2. A hit in A1in does
 * nothing. 5: |A1in| = 4 > Kin: 1 to A1out. 1 (in A1out): 2 to A1out, 1
 * to Am. 6: 3 to A1out. 2 (in A1out when the miss began): 4 to A1out,
 * which then drops its oldest, 2 itself; 2 goes to Am all the same. 1's
 * hit in Am makes it most recent. 7: 5 to A1out, 3 dropped. */
static void test_2q_queues(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "2q", 4);
	run(&h, "1 2 3 4 1 5");
	expect(&h, "A1in: 2 3 4 5 | Am: | A1out: (1) ; Kin=1 ; Kout=2");
	run(&h, "1 6");
	expect(&h, "A1in: 4 5 6 | Am: 1 | A1out: (2) (3) ; Kin=1 ; Kout=2");
	run(&h, "2 1 7");
	expect(&h, "A1in: 6 7 | Am: 2 1 | A1out: (4) (5) ; Kin=1 ; Kout=2");
	harness_fini(&h);
}

/* LIRS, c = 3: Lhirs = max(1, 1 % of 3) = 1, Llirs = 2. 1 and 2 are LIR
 * (warm-up), 3 HIR in S and Q. 1's use: to S's top. 4: Q's head 3 is
 * evicted and stays in S as a non-resident HIR page; 4 is HIR. 3 (in S):
 * Q's head 4 evicted (stays in S); 3 becomes LIR at the top and the bottom
 * LIR page 2 becomes HIR at Q's tail. 2's use (resident HIR, not in S):
 * to S's top and Q's tail. 1's use: to the top; pruning drops the ghost 4
 * from the bottom. 2's use (HIR in S): LIR at the top, out of Q; the
 * bottom LIR page 3 becomes HIR in Q. */
static void test_lirs_queues(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "lirs", 3);
	run(&h, "1 2 3 1");
	expect(&h, "stack S: 2[LIR] 3[HIR] 1[LIR] | Q: 3[HIR] ; Llirs=2 ; Lhirs=1");
	run(&h, "4");
	expect(&h, "stack S: 2[LIR] (3)[HIR] 1[LIR] 4[HIR] | Q: 4[HIR] ; Llirs=2 ; Lhirs=1");
	run(&h, "3");
	expect(&h, "stack S: 1[LIR] (4)[HIR] 3[LIR] | Q: 2[HIR] ; Llirs=2 ; Lhirs=1");
	run(&h, "2");
	expect(&h, "stack S: 1[LIR] (4)[HIR] 3[LIR] 2[HIR] | Q: 2[HIR] ; Llirs=2 ; Lhirs=1");
	run(&h, "1");
	expect(&h, "stack S: 3[LIR] 2[HIR] 1[LIR] | Q: 2[HIR] ; Llirs=2 ; Lhirs=1");
	run(&h, "2");
	expect(&h, "stack S: 1[LIR] 2[LIR] | Q: 3[HIR] ; Llirs=2 ; Lhirs=1");
	harness_fini(&h);
}

/* mglru, 3 frames. 4: fresh bits cleared; two agings make generations 0..2
 * (nothing referenced moves); generation 0's head 1 is evicted; 4 joins
 * generation 2. 3's use sets its bit. 5: 2 (clear) is evicted. 6: 3 is
 * referenced: to the youngest generation 2; generations 0 and 1 are empty
 * and retired; two agings (nothing referenced) make 2..4; 4 is evicted,
 * 6 joins generation 4. */
static void test_mglru_queues(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "mglru", 3);
	run(&h, "1 2 3");
	expect(&h, "gen 0: 1 2 3");
	run(&h, "4");
	expect(&h, "gen 0: 2 3 | gen 1: | gen 2: 4");
	run(&h, "3 5");
	expect(&h, "gen 0: 3 | gen 1: | gen 2: 4 5");
	run(&h, "6");
	expect(&h, "gen 2: 5 3 | gen 3: | gen 4: 6");
	harness_fini(&h);
}

/* active-inactive, 3 frames. 4: each inactive page's fill bit is its
 * first look (flag set, to the tail); 1, looked at again with its bit
 * clear, is evicted. 2's use sets its bit. 5: 2 (bit set, flagged) is
 * activated; 3 (clear) is evicted. */
static void test_active_inactive_queues(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "active-inactive", 3);
	run(&h, "1 2 3 4");
	expect(&h, "inactive: 2[PG_referenced] 3[PG_referenced] 4 | active:");
	run(&h, "2 5");
	expect(&h, "inactive: 4 5 | active: 2[PG_referenced]");
	harness_fini(&h);
}

/* clock-cold marks its own bit: a fill leaves it clear, a use sets it. */
static void test_clock_cold_marks_its_own_bit(void **state)
{
	(void)state;
	struct harness h;
	start(&h, "clock-cold", 3);
	run(&h, "1 2 3 2");
	expect(&h, "ring: 1 2[used] 3 ; hand@ring:0");
	harness_fini(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_policy_describes_its_queues),
		cmocka_unit_test(test_arc_queues),
		cmocka_unit_test(test_car_queues),
		cmocka_unit_test(test_clock_pro_queues),
		cmocka_unit_test(test_s3_fifo_queues),
		cmocka_unit_test(test_s3_fifo_ideal_queues),
		cmocka_unit_test(test_2q_queues),
		cmocka_unit_test(test_lirs_queues),
		cmocka_unit_test(test_mglru_queues),
		cmocka_unit_test(test_active_inactive_queues),
		cmocka_unit_test(test_clock_cold_marks_its_own_bit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
