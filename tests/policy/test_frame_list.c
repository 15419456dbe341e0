/*
 * tests/policy/test_frame_list.c: the frame lists under the policies:
 * pushes at both ends, removal anywhere, two lists sharing one set of
 * links, and frame_list_check catching each kind of corruption.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <cmocka.h>

#include "frame_list.h"
#include "harness.h"

static void assert_list(const struct frame_list *l, const struct frame_links *links,
			const uint32_t *want, uint32_t n)
{
	uint32_t got[16];
	assert_int_equal(frame_list_write(l, links, got, 16, 0), n);
	assert_int_equal(l->count, n);
	for (uint32_t i = 0; i < n; i++)
		assert_int_equal(got[i], want[i]);
	frame_list_check(l, links, "test");
}

#define LIST(l, links, ...)                                                      \
	do {                                                                     \
		static const uint32_t want_[] = { __VA_ARGS__ };                 \
		assert_list(l, links, want_, sizeof want_ / sizeof want_[0]);    \
	} while (0)

/* Links for frames 0..7 and two empty lists on them, ids 1 and 2. */
static void two_lists(struct frame_links *links, struct frame_list *a, struct frame_list *b)
{
	frame_links_init(links, 8, "test");
	frame_list_init(a, 1);
	frame_list_init(b, 2);
}

static void test_push_remove_and_move(void **state)
{
	(void)state;
	struct frame_links links;
	struct frame_list l;
	frame_links_init(&links, 8, "test");
	frame_list_init(&l, 1);
	assert_int_equal(l.head, FRAME_NONE);
	frame_list_check(&l, &links, "test");
	frame_list_push_tail(&l, &links, 3);
	frame_list_push_tail(&l, &links, 5);
	frame_list_push_head(&l, &links, 7);
	LIST(&l, &links, 7, 3, 5);
	assert_int_equal(frame_list_next_wrap(&l, &links, 5), 7);
	assert_int_equal(frame_list_next_wrap(&l, &links, 7), 3);
	frame_list_move_to_tail(&l, &links, 7);
	LIST(&l, &links, 3, 5, 7);
	frame_list_move_to_tail(&l, &links, 7); /* already there */
	LIST(&l, &links, 3, 5, 7);
	frame_list_remove(&l, &links, 5); /* middle */
	LIST(&l, &links, 3, 7);
	frame_list_remove(&l, &links, 3); /* head */
	frame_list_remove(&l, &links, 7); /* tail, now empty */
	assert_int_equal(l.count, 0);
	assert_int_equal(l.head, FRAME_NONE);
	assert_int_equal(l.tail, FRAME_NONE);
	frame_list_check(&l, &links, "test");
	frame_list_push_head(&l, &links, 1); /* into an empty list from the head */
	LIST(&l, &links, 1);
	assert_int_equal(frame_links_linked(&links), 1);
	frame_links_free(&links);
}

static void test_two_lists_share_links(void **state)
{
	(void)state;
	struct frame_links links;
	struct frame_list a, b;
	two_lists(&links, &a, &b);
	for (uint32_t f = 1; f <= 6; f++)
		frame_list_push_tail(f % 2 ? &a : &b, &links, f);
	LIST(&a, &links, 1, 3, 5);
	LIST(&b, &links, 2, 4, 6);
	assert_true(frame_list_holds(&a, &links, 3) && !frame_list_holds(&b, &links, 3));
	assert_false(frame_list_holds(&a, &links, 7));
	assert_false(frame_list_holds(&a, &links, 8)); /* out of range */
	frame_list_remove(&a, &links, 3);
	frame_list_push_tail(&b, &links, 3);
	LIST(&b, &links, 2, 4, 6, 3);
	uint32_t all[8], partial[2];
	uint32_t at = frame_list_write(&a, &links, all, 8, 0);
	assert_int_equal(frame_list_write(&b, &links, all, 8, at), 6);
	assert_int_equal(all[2], 2);
	assert_int_equal(frame_list_write(&b, &links, partial, 2, 0), 4); /* cap respected */
	assert_int_equal(partial[1], 4);
	assert_int_equal(frame_links_linked(&links), 6);
	frame_links_free(&links);
}

static void test_copied_links_are_independent(void **state)
{
	(void)state;
	struct frame_links links, copy;
	struct frame_list l;
	frame_links_init(&links, 6, "test");
	frame_list_init(&l, 1);
	for (uint32_t f = 1; f <= 4; f++)
		frame_list_push_tail(&l, &links, f);
	frame_links_copy(&copy, &links, "test");
	struct frame_list c = l;
	frame_list_remove(&c, &copy, 2);
	frame_list_push_tail(&c, &copy, 5);
	LIST(&l, &links, 1, 2, 3, 4);
	LIST(&c, &copy, 1, 3, 4, 5);
	frame_links_free(&copy);
	frame_links_free(&links);
	assert_null(links.next);
}

/* ---- Broken contracts and corruption: expect an abort with a message. ---- */

enum damage { PUSH_TWICE, PUSH_ZERO, PUSH_OUT_OF_RANGE, REMOVE_FROM_OTHER, LIST_ID_ZERO,
	      BROKEN_PREV, WRONG_MARK, CYCLE, COUNT_TOO_LOW, COUNT_TOO_HIGH, STALE_TAIL };

static void do_damage(enum damage what)
{
	struct frame_links links;
	struct frame_list a, b;
	two_lists(&links, &a, &b);
	for (uint32_t f = 1; f <= 4; f++)
		frame_list_push_tail(&a, &links, f);
	switch (what) {
	case PUSH_TWICE: frame_list_push_tail(&b, &links, 2); break;
	case PUSH_ZERO: frame_list_push_head(&b, &links, 0); break;
	case PUSH_OUT_OF_RANGE: frame_list_push_tail(&b, &links, 8); break;
	case REMOVE_FROM_OTHER: frame_list_remove(&b, &links, 2); break;
	case LIST_ID_ZERO: frame_list_init(&b, 0); break;
	case BROKEN_PREV: links.prev[3] = 1; break;
	case WRONG_MARK: links.list[2] = 2; break;
	case CYCLE: links.next[4] = 1; break;
	case COUNT_TOO_LOW: a.count = 3; break;
	case COUNT_TOO_HIGH: a.count = 5; break;
	case STALE_TAIL: a.tail = 3; break;
	}
	frame_list_check(&a, &links, "damaged");
}

static void damage_body(const void *ctx)
{
	do_damage(*(const enum damage *)ctx);
}

static void expect_abort(enum damage what, const char *needle)
{
	char name[32];
	snprintf(name, sizeof name, "damage %d", (int)what);
	harness_expect_abort(damage_body, &what, needle, name);
}

static void test_misuse_and_corruption_abort(void **state)
{
	(void)state;
	expect_abort(PUSH_TWICE, "frame 2 already in list 1");
	expect_abort(PUSH_ZERO, "frame 0 is not a replaceable frame");
	expect_abort(PUSH_OUT_OF_RANGE, "frame 8 is not a replaceable frame (1..7)");
	expect_abort(REMOVE_FROM_OTHER, "frame 2 not in list 2");
	expect_abort(LIST_ID_ZERO, "list id 0");
	expect_abort(BROKEN_PREV, "damaged: list 1 broken at frame 3");
	expect_abort(WRONG_MARK, "damaged: frame 2 is linked in list 1 but marked 2");
	expect_abort(CYCLE, "damaged: list 1 broken at frame 1 (prev 4294967295, expected 4)");
	expect_abort(COUNT_TOO_LOW, "damaged: list 1 longer than its count 3");
	expect_abort(COUNT_TOO_HIGH, "damaged: list 1 holds 4 frames, count says 5");
	expect_abort(STALE_TAIL, "damaged: list 1 tail is 3, last frame is 4");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_push_remove_and_move),
		cmocka_unit_test(test_two_lists_share_links),
		cmocka_unit_test(test_copied_links_are_independent),
		cmocka_unit_test(test_misuse_and_corruption_abort),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
