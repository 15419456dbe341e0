/* tests/machine/test_pwc.c: the page-walk cache: LRU order, invalid ways
 * first, pid tags, flushes, no cache, and random operations against a
 * struct tlb of the same shape (the model: the same hits, misses and
 * tables), with pwc_check after every operation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pwc.h"
#include "tlb.h"

static char err[256];

static void init(struct pwc *c, uint32_t entries, uint32_t ways)
{
	assert_int_equal(pwc_init(c, entries, ways, err, sizeof err), 0);
	assert_true(pwc_check(c));
}

/* A lookup, then the invariants. */
static uint32_t look(struct pwc *c, int32_t pid, uint64_t key)
{
	uint32_t table = pwc_lookup(c, pid, key);
	assert_true(pwc_check(c));
	return table;
}

static void fill(struct pwc *c, int32_t pid, uint64_t key, uint32_t table)
{
	pwc_fill(c, pid, key, table);
	assert_true(pwc_check(c));
}

static void test_lru_victim(void **state)
{
	(void)state;
	struct pwc c;
	init(&c, 4, 4);  /* one set */
	for (uint32_t k = 1; k <= 4; k++)
		fill(&c, 1, k, 10 + k);
	assert_int_equal(look(&c, 1, 1), 11);  /* 1 most recent: 2 is least */
	fill(&c, 1, 5, 15);
	assert_int_equal(look(&c, 1, 2), 0);
	assert_int_equal(look(&c, 1, 3), 13);
	assert_int_equal(look(&c, 1, 4), 14);
	assert_int_equal(look(&c, 1, 5), 15);
	assert_int_equal(look(&c, 1, 1), 11);
	fill(&c, 1, 6, 16);  /* least recent now: 3 */
	assert_int_equal(look(&c, 1, 3), 0);
	assert_int_equal(pwc_valid_count(&c), 4);
	pwc_fini(&c);
}

static void test_sets_and_pids(void **state)
{
	(void)state;
	struct pwc c;
	init(&c, 4, 2);  /* two sets of two: even and odd keys */
	fill(&c, 1, 2, 20);
	fill(&c, 1, 4, 40);
	fill(&c, 1, 3, 30);  /* the odd set: nothing evicted */
	assert_int_equal(look(&c, 1, 2), 20);
	assert_int_equal(look(&c, 2, 2), 0);  /* another address space */
	fill(&c, 2, 2, 21);  /* evicts (1, 4), the even set's least recent */
	assert_int_equal(look(&c, 1, 4), 0);
	assert_int_equal(look(&c, 1, 2), 20);
	assert_int_equal(look(&c, 2, 2), 21);
	assert_int_equal(look(&c, 1, 3), 30);
	pwc_fini(&c);
}

static void test_dropped_ways_go_first(void **state)
{
	(void)state;
	struct pwc c;
	init(&c, 4, 4);
	fill(&c, 1, 1, 11);
	fill(&c, 2, 2, 12);
	fill(&c, 1, 3, 13);
	fill(&c, 2, 4, 14);
	pwc_flush_pid(&c, 2);
	assert_true(pwc_check(&c));
	assert_int_equal(pwc_valid_count(&c), 2);
	assert_int_equal(look(&c, 2, 2), 0);
	fill(&c, 1, 5, 15);  /* into a dropped way: 1 and 3 stay */
	fill(&c, 1, 6, 16);
	assert_int_equal(look(&c, 1, 1), 11);
	assert_int_equal(look(&c, 1, 3), 13);
	fill(&c, 1, 7, 17);  /* full: the least recent valid, 5 */
	assert_int_equal(look(&c, 1, 5), 0);
	assert_int_equal(look(&c, 1, 6), 16);
	pwc_flush(&c);
	assert_true(pwc_check(&c));
	assert_int_equal(pwc_valid_count(&c), 0);
	assert_int_equal(look(&c, 1, 1), 0);
	pwc_fini(&c);
}

static void test_no_cache_and_bad_shapes(void **state)
{
	(void)state;
	struct pwc c;
	init(&c, 0, 0);
	fill(&c, 1, 1, 11);
	assert_int_equal(look(&c, 1, 1), 0);
	assert_int_equal(pwc_valid_count(&c), 0);
	pwc_fini(&c);
	assert_int_equal(pwc_init(&c, 6, 4, err, sizeof err), -1);
	assert_non_null(strstr(err, "divide"));
	assert_int_equal(pwc_init(&c, 40, 24, err, sizeof err), -1);  /* wide */
	assert_non_null(strstr(err, "divide"));
}

/* Random lookups, fills of what missed, flushes of a pid and of all,
 * against a struct tlb of the same shape. With 8 ways of 1-byte tags, a
 * few in a hundred lookups find a way whose tag matches another key: the
 * key comparison behind the tags is exercised too. */
static void against_tlb(uint32_t entries, uint32_t ways, uint32_t keys)
{
	struct pwc c;
	struct tlb model;
	init(&c, entries, ways);
	assert_int_equal(tlb_init(&model, entries, ways, err, sizeof err), 0);
	uint32_t seed = entries * 31 + ways;
	for (int op = 0; op < 20000; op++) {
		seed = seed * 1103515245u + 12345u;
		uint32_t r = seed >> 8;
		int32_t pid = 1 + (int32_t)(r % 3);
		uint64_t key = (r >> 2) % keys;
		if (r % 997 == 0) {
			pwc_flush(&c);
			tlb_flush(&model);
		} else if (r % 101 == 0) {
			pwc_flush_pid(&c, pid);
			tlb_flush_pid(&model, pid);
		}
		struct tlb_entry *e = tlb_find(&model, pid, key);
		if (e)
			tlb_use(&model, e);
		uint32_t got = look(&c, pid, key);
		assert_int_equal(got, e ? e->ppage : 0);
		if (!got) {
			uint32_t table = 1 + (r >> 20) % 1000;
			fill(&c, pid, key, table);
			tlb_fill(&model, pid, key, table, false, false);
		}
		assert_int_equal(pwc_valid_count(&c), tlb_valid_count(&model));
	}
	tlb_fini(&model);
	pwc_fini(&c);
}

static void test_random_against_the_tlb(void **state)
{
	(void)state;
	static const uint32_t shapes[][3] = {
		{ 1, 1, 3 }, { 2, 0, 5 }, { 4, 4, 9 }, { 8, 4, 24 }, { 32, 8, 100 },
		{ 12, 4, 40 },                /* 3 sets: not a power of two */
		{ 24, 8, 60 }, { 4, 1, 10 },  /* direct mapped */
		{ 64, 16, 200 }, { 48, 0, 90 }, /* wide: a struct tlb inside */
	};
	for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
		against_tlb(shapes[i][0], shapes[i][1], shapes[i][2]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lru_victim),
		cmocka_unit_test(test_sets_and_pids),
		cmocka_unit_test(test_dropped_ways_go_first),
		cmocka_unit_test(test_no_cache_and_bad_shapes),
		cmocka_unit_test(test_random_against_the_tlb),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
