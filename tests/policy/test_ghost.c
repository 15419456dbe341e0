/*
 * tests/policy/test_ghost.c: the ghost tables (pager/ghost.h) against a
 * plain array model: random pushes, pops, moves, removes and forgets over two
 * lists, every step checked, the order of each list compared.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "ghost.h"
#include "harness.h"

#define CAP 37

struct model_list {
	uint64_t keys[CAP];
	uint32_t n;
};

static void model_remove(struct model_list *m, uint32_t i)
{
	memmove(m->keys + i, m->keys + i + 1, sizeof *m->keys * (m->n - i - 1));
	m->n--;
}

static int32_t model_index(const struct model_list *m, uint64_t key)
{
	for (uint32_t i = 0; i < m->n; i++)
		if (m->keys[i] == key)
			return (int32_t)i;
	return -1;
}

static void compare(const struct ghost_table *t, struct ghost_list *const *lists,
		    const struct model_list *models)
{
	ghost_check(t, lists, 2, "test_ghost");
	for (int l = 0; l < 2; l++) {
		assert_int_equal(lists[l]->count, models[l].n);
		uint32_t s = lists[l]->head;
		for (uint32_t i = 0; i < models[l].n; i++, s = t->next[s]) {
			assert_int_not_equal(s, GHOST_NONE);
			assert_true(t->key[s] == models[l].keys[i]);
			assert_int_equal(ghost_find(t, t->key[s]), s);
		}
		assert_int_equal(s, GHOST_NONE);
	}
}

static void test_ghost_matches_a_model(void **state)
{
	(void)state;
	struct ghost_table t, copy;
	struct ghost_list a, b;
	struct ghost_list *lists[2] = { &a, &b };
	struct model_list models[2] = { { .n = 0 }, { .n = 0 } };
	uint64_t rng = 9;
	ghost_init(&t, CAP, "test_ghost");
	ghost_list_init(&a, 1);
	ghost_list_init(&b, 2);
	for (int step = 0; step < 20000; step++) {
		/* keys collide in buckets: 0..99, some far apart */
		uint64_t key = harness_rand_below(&rng, 100) * (harness_rand_below(&rng, 2) ? 1 : 1ull << 40);
		int l = (int)harness_rand_below(&rng, 2);
		uint32_t op = harness_rand_below(&rng, 4);
		int32_t ia = model_index(&models[0], key), ib = model_index(&models[1], key);
		if (op <= 1 && ia < 0 && ib < 0 && t.used < CAP) {
			ghost_push_tail(&t, lists[l], key);
			models[l].keys[models[l].n++] = key;
		} else if (op == 3 && models[l].n && harness_rand_below(&rng, 2)) {
			/* move a random entry of list l to the tail of a random list */
			uint32_t i = harness_rand_below(&rng, models[l].n);
			int to = (int)harness_rand_below(&rng, 2);
			uint64_t k = models[l].keys[i];
			ghost_move_tail(&t, lists[l], lists[to], ghost_find(&t, k));
			model_remove(&models[l], i);
			models[to].keys[models[to].n++] = k;
		} else if (op == 2 && models[l].n) {
			assert_true(ghost_pop_head(&t, lists[l]) == models[l].keys[0]);
			model_remove(&models[l], 0);
		} else {
			bool held = ia >= 0 || ib >= 0;
			assert_int_equal(ghost_find(&t, key) != GHOST_NONE, held);
			assert_int_equal(ghost_forget(&t, lists, 2, key), held);
			if (ia >= 0)
				model_remove(&models[0], (uint32_t)ia);
			if (ib >= 0)
				model_remove(&models[1], (uint32_t)ib);
		}
		compare(&t, lists, models);
	}
	/* A copy is independent: emptying it leaves the original. */
	ghost_copy(&copy, &t, "test_ghost");
	struct ghost_list ca = a, cb = b;
	struct ghost_list *clists[2] = { &ca, &cb };
	while (ca.count)
		ghost_pop_head(&copy, &ca);
	ghost_check(&copy, clists + 1, 1, "test_ghost copy");
	compare(&t, lists, models);
	ghost_free(&copy);
	ghost_free(&t);
}

static void full_push(const void *ctx)
{
	(void)ctx;
	struct ghost_table t;
	struct ghost_list l;
	ghost_init(&t, 2, "test_ghost");
	ghost_list_init(&l, 1);
	ghost_push_tail(&t, &l, 1);
	ghost_push_tail(&t, &l, 2);
	ghost_push_tail(&t, &l, 3);
}

static void twice_push(const void *ctx)
{
	(void)ctx;
	struct ghost_table t;
	struct ghost_list l;
	ghost_init(&t, 4, "test_ghost");
	ghost_list_init(&l, 1);
	ghost_push_tail(&t, &l, 1);
	ghost_push_tail(&t, &l, 1);
}

static void test_ghost_misuse_aborts(void **state)
{
	(void)state;
	harness_expect_abort(full_push, NULL, "all 2 entries used", "push into a full table");
	harness_expect_abort(twice_push, NULL, "already a ghost", "push a key twice");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ghost_matches_a_model),
		cmocka_unit_test(test_ghost_misuse_aborts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
