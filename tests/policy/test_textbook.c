/*
 * tests/policy/test_textbook.c: miss counts on the textbook reference
 * strings, the numbers every replacement simulator and OS textbook gives
 * (Silberschatz's 20-reference string, Belady's anomaly string), plus the
 * counts of SIEVE and the reference-bit policies on the same strings.
 *
 * The harness is a fault-driven pager: a miss is a fault that fills a
 * frame; a policy that never clears referenced bits (fifo, lru, opt,
 * random, sieve) takes no other fault, so its misses are the textbook
 * count for a cache of `frames` pages starting empty, with no prefetch.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static const uint32_t belady[] = { 1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5 };
static const uint32_t silberschatz[] = { 7, 0, 1, 2, 0, 3, 0, 4, 2, 3,
					 0, 3, 2, 1, 2, 0, 1, 7, 0, 1 };

static uint64_t misses(const char *policy, uint32_t frames, const uint32_t *refs, size_t n)
{
	const struct policy_ops *ops = policy_find(policy);
	assert_non_null(ops);
	return harness_run(ops, frames, 1, refs, NULL, n, NULL, NULL);
}

static void test_fifo_shows_beladys_anomaly(void **state)
{
	(void)state;
	assert_int_equal(misses("fifo", 3, belady, LEN(belady)), 9);
	assert_int_equal(misses("fifo", 4, belady, LEN(belady)), 10);
}

static void test_lru_and_opt_on_beladys_string(void **state)
{
	(void)state;
	assert_int_equal(misses("lru", 3, belady, LEN(belady)), 10);
	assert_int_equal(misses("lru", 4, belady, LEN(belady)), 8);
	assert_int_equal(misses("opt", 3, belady, LEN(belady)), 7);
	assert_int_equal(misses("opt", 4, belady, LEN(belady)), 6);
}

static void test_silberschatz_string_three_frames(void **state)
{
	(void)state;
	assert_int_equal(misses("fifo", 3, silberschatz, LEN(silberschatz)), 15);
	assert_int_equal(misses("lru", 3, silberschatz, LEN(silberschatz)), 12);
	assert_int_equal(misses("opt", 3, silberschatz, LEN(silberschatz)), 9);
}

static void test_silberschatz_string_four_frames(void **state)
{
	(void)state;
	assert_int_equal(misses("fifo", 4, silberschatz, LEN(silberschatz)), 10);
	assert_int_equal(misses("lru", 4, silberschatz, LEN(silberschatz)), 8);
	assert_int_equal(misses("opt", 4, silberschatz, LEN(silberschatz)), 8);
}

/* SIEVE by hand, 3 frames, Belady's string (oldest first, * = visited):
 *  1 2 3 miss; 4: hand at 1, evict 1 -> [2 3 4], hand on 2
 *  1: evict 2 -> [3 4 1], hand 3;  2: evict 3 -> [4 1 2], hand 4
 *  5: evict 4 -> [1 2 5], hand 1;  1, 2 hit -> [1* 2* 5]
 *  3: clear 1, clear 2, evict 5 -> [1 2 3], hand wraps to 1
 *  4: evict 1 -> [2 3 4], hand 2;  5: evict 2 -> [3 4 5]
 * 10 misses; with 4 frames 8 (the same as LRU on this string). */
static void test_sieve_on_textbook_strings(void **state)
{
	(void)state;
	assert_int_equal(misses("sieve", 3, belady, LEN(belady)), 10);
	assert_int_equal(misses("sieve", 4, belady, LEN(belady)), 8);
	assert_int_equal(misses("sieve", 3, silberschatz, LEN(silberschatz)), 11);
	assert_int_equal(misses("sieve", 4, silberschatz, LEN(silberschatz)), 8);
}

static void test_sieve_evicts_in_the_papers_order(void **state)
{
	(void)state;
	uint32_t evicted[LEN(belady)];
	size_t n;
	harness_run(policy_find("sieve"), 3, 1, belady, NULL, LEN(belady), evicted, &n);
	static const uint32_t expect[] = { 1, 2, 3, 4, 5, 1, 2 };
	assert_int_equal(n, LEN(expect));
	for (size_t i = 0; i < n; i++)
		assert_int_equal(evicted[i], expect[i]);
}

/* The spec's clock (a fill sets the referenced bit) and enhanced clock on
 * reads only; counts from an independent list-based model (the same
 * models test_models.c runs against every policy on random strings). */
static void test_clock_family_on_textbook_strings(void **state)
{
	(void)state;
	static const char *const names[] = { "clock", "clock-dirty" };
	for (size_t i = 0; i < LEN(names); i++) {
		assert_int_equal(misses(names[i], 3, belady, LEN(belady)), 9);
		assert_int_equal(misses(names[i], 4, belady, LEN(belady)), 10);
		assert_int_equal(misses(names[i], 3, silberschatz, LEN(silberschatz)), 14);
		assert_int_equal(misses(names[i], 4, silberschatz, LEN(silberschatz)), 9);
	}
}

/* No policy faults less than OPT, on these strings, for 1..6 frames. */
static void test_opt_is_a_lower_bound_on_textbook_strings(void **state)
{
	(void)state;
	const uint32_t *strings[] = { belady, silberschatz };
	const size_t lens[] = { LEN(belady), LEN(silberschatz) };
	for (size_t s = 0; s < 2; s++)
		for (uint32_t frames = 1; frames <= 6; frames++) {
			uint64_t best = misses("opt", frames, strings[s], lens[s]);
			for (const struct policy_ops *const *p = policy_table; *p; p++)
				assert_true(harness_run(*p, frames, 7, strings[s], NULL, lens[s],
							NULL, NULL) >= best);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fifo_shows_beladys_anomaly),
		cmocka_unit_test(test_lru_and_opt_on_beladys_string),
		cmocka_unit_test(test_silberschatz_string_three_frames),
		cmocka_unit_test(test_silberschatz_string_four_frames),
		cmocka_unit_test(test_sieve_on_textbook_strings),
		cmocka_unit_test(test_sieve_evicts_in_the_papers_order),
		cmocka_unit_test(test_clock_family_on_textbook_strings),
		cmocka_unit_test(test_opt_is_a_lower_bound_on_textbook_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
