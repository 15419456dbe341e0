/* tests/machine/test_tlb.c: hit, miss, LRU, sets, ASID tags, flush,
 * invalidate, no TLB. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tlb.h"

static char err[256];

static void init(struct tlb *t, uint32_t entries, uint32_t ways)
{
	assert_int_equal(tlb_init(t, entries, ways, err, sizeof err), 0);
}

/* A lookup as the machine does it: find, and a hit counts as a use. */
static struct tlb_entry *hit(struct tlb *t, int32_t pid, uint64_t vpn)
{
	struct tlb_entry *e = tlb_find(t, pid, vpn);
	if (e)
		tlb_use(t, e);
	return e;
}

static void test_hit_and_miss(void **state)
{
	(void)state;
	struct tlb t;
	init(&t, 4, 0);
	assert_null(hit(&t, 1, 7));
	tlb_fill(&t, 1, 7, 3, true, false);
	struct tlb_entry *e = hit(&t, 1, 7);
	assert_non_null(e);
	assert_int_equal(e->ppage, 3);
	assert_int_equal(e->write, 1);
	assert_int_equal(e->dirty, 0);
	assert_null(hit(&t, 1, 8));
	assert_null(hit(&t, 2, 7)); /* another address space */
	assert_int_equal(tlb_valid_count(&t), 1);
	tlb_fini(&t);
}

static void test_fill_replaces_same_page(void **state)
{
	(void)state;
	struct tlb t;
	init(&t, 4, 0);
	tlb_fill(&t, 1, 7, 3, false, false);
	tlb_fill(&t, 1, 7, 5, true, true);
	assert_int_equal(tlb_valid_count(&t), 1);
	struct tlb_entry *e = hit(&t, 1, 7);
	assert_int_equal(e->ppage, 5);
	assert_int_equal(e->write, 1);
	assert_int_equal(e->dirty, 1);
	tlb_fini(&t);
}

static void test_lru_fully_associative(void **state)
{
	(void)state;
	struct tlb t;
	init(&t, 3, 0);
	tlb_fill(&t, 1, 10, 1, false, false);
	tlb_fill(&t, 1, 11, 2, false, false);
	tlb_fill(&t, 1, 12, 3, false, false);
	assert_non_null(hit(&t, 1, 10)); /* 11 is now least recent */
	tlb_fill(&t, 1, 13, 4, false, false);
	assert_null(hit(&t, 1, 11));
	assert_non_null(hit(&t, 1, 10));
	assert_non_null(hit(&t, 1, 12));
	assert_non_null(hit(&t, 1, 13));
	/* order of use now 10, 12, 13: 10 goes next */
	tlb_fill(&t, 1, 14, 5, false, false);
	assert_null(hit(&t, 1, 10));
	assert_int_equal(tlb_valid_count(&t), 3);
	tlb_fini(&t);
}

static void test_sets(void **state)
{
	(void)state;
	struct tlb t;
	init(&t, 4, 2); /* 2 sets of 2 ways: even pages in set 0 */
	assert_int_equal(t.sets, 2);
	tlb_fill(&t, 1, 0, 1, false, false);
	tlb_fill(&t, 1, 2, 2, false, false);
	tlb_fill(&t, 1, 1, 3, false, false);
	tlb_fill(&t, 1, 4, 4, false, false); /* evicts page 0, not page 1 */
	assert_null(hit(&t, 1, 0));
	assert_non_null(hit(&t, 1, 1));
	assert_non_null(hit(&t, 1, 2));
	assert_non_null(hit(&t, 1, 4));
	tlb_fini(&t);

	init(&t, 6, 2); /* 3 sets: not a power of two */
	assert_int_equal(t.sets, 3);
	tlb_fill(&t, 1, 0, 1, false, false);
	tlb_fill(&t, 1, 3, 2, false, false);
	tlb_fill(&t, 1, 6, 3, false, false); /* set 0 again: evicts page 0 */
	assert_null(hit(&t, 1, 0));
	assert_non_null(hit(&t, 1, 3));
	assert_non_null(hit(&t, 1, 6));
	tlb_fini(&t);

	init(&t, 4, 1); /* direct mapped */
	tlb_fill(&t, 1, 1, 1, false, false);
	tlb_fill(&t, 1, 5, 2, false, false);
	assert_null(hit(&t, 1, 1));
	assert_non_null(hit(&t, 1, 5));
	tlb_fini(&t);
}

static void test_bad_geometry(void **state)
{
	(void)state;
	struct tlb t;
	assert_int_equal(tlb_init(&t, 6, 4, err, sizeof err), -1);
	assert_non_null(strstr(err, "tlb.ways"));
	assert_int_equal(tlb_init(&t, 4, 8, err, sizeof err), -1);
}

static void test_asid_tags_and_flush_pid(void **state)
{
	(void)state;
	struct tlb t;
	init(&t, 8, 0);
	tlb_fill(&t, 1, 7, 3, false, false);
	tlb_fill(&t, 2, 7, 4, false, false);
	tlb_fill(&t, 2, 8, 5, false, false);
	assert_int_equal(hit(&t, 1, 7)->ppage, 3);
	assert_int_equal(hit(&t, 2, 7)->ppage, 4);
	tlb_flush_pid(&t, 2);
	assert_null(hit(&t, 2, 7));
	assert_null(hit(&t, 2, 8));
	assert_non_null(hit(&t, 1, 7));
	tlb_flush(&t);
	assert_null(hit(&t, 1, 7));
	assert_int_equal(tlb_valid_count(&t), 0);
	tlb_fini(&t);
}

static void test_invalidate(void **state)
{
	(void)state;
	struct tlb t;
	init(&t, 2, 0);
	tlb_fill(&t, 1, 7, 3, false, false);
	tlb_fill(&t, 1, 8, 4, false, false);
	assert_non_null(hit(&t, 1, 8)); /* the one-entry shortcut holds 8 */
	tlb_invalidate(&t, 1, 8);
	assert_null(hit(&t, 1, 8));
	tlb_invalidate(&t, 2, 7); /* other pid: nothing */
	tlb_invalidate(&t, 1, 99); /* absent: nothing */
	assert_non_null(hit(&t, 1, 7));
	/* the invalid slot is reused before the LRU entry */
	tlb_fill(&t, 1, 9, 5, false, false);
	assert_non_null(hit(&t, 1, 7));
	assert_non_null(hit(&t, 1, 9));
	tlb_fini(&t);
}

static void test_no_tlb(void **state)
{
	(void)state;
	struct tlb t;
	init(&t, 0, 0);
	assert_null(tlb_fill(&t, 1, 7, 3, false, false));
	assert_null(hit(&t, 1, 7));
	tlb_invalidate(&t, 1, 7);
	tlb_flush_pid(&t, 1);
	tlb_flush(&t);
	assert_int_equal(tlb_valid_count(&t), 0);
	tlb_fini(&t);
}

/* The hash of a wide TLB (issue 12) changes nothing but speed: a hashed
 * TLB and the same TLB with its hash taken away (the scan) hold the same
 * slots, stamps and victims after every step of a random mix of finds,
 * uses, fills, invalidations, per-pid flushes and flushes, and both keep
 * their invariants (tlb_check). */
static void check_hash_against_scan(uint32_t entries, uint32_t ways)
{
	struct tlb hashed, scan;
	char err[128];
	assert_int_equal(tlb_init(&hashed, entries, ways, err, sizeof err), 0);
	assert_int_equal(tlb_init(&scan, entries, ways, err, sizeof err), 0);
	assert_non_null(hashed.hash);
	free(scan.hash);
	scan.hash = NULL;
	uint64_t x = 12345;
	for (int step = 0; step < 200000; step++) {
		x = x * 6364136223846793005u + 1442695040888963407u;
		uint32_t r = (uint32_t)(x >> 33);
		int32_t pid = 1 + (int32_t)(r % 3);
		uint64_t vpn = (r >> 4) % (3 * entries);
		uint32_t op = (r >> 24) % 100;
		if (op < 60) {
			struct tlb_entry *a = tlb_find(&hashed, pid, vpn);
			struct tlb_entry *b = tlb_find(&scan, pid, vpn);
			assert_int_equal(a ? a - hashed.slots : -1, b ? b - scan.slots : -1);
			if (a) {
				tlb_use(&hashed, a);
				tlb_use(&scan, b);
			} else {
				tlb_fill(&hashed, pid, vpn, r, true, false);
				tlb_fill(&scan, pid, vpn, r, true, false);
			}
		} else if (op < 90) {
			tlb_invalidate(&hashed, pid, vpn);
			tlb_invalidate(&scan, pid, vpn);
		} else if (op < 99) {
			tlb_flush_pid(&hashed, pid);
			tlb_flush_pid(&scan, pid);
		} else {
			tlb_flush(&hashed);
			tlb_flush(&scan);
		}
		if (memcmp(hashed.slots, scan.slots, entries * sizeof *scan.slots) != 0)
			fail_msg("step %d: the slots differ", step);
		if (!tlb_check(&hashed) || !tlb_check(&scan))
			fail_msg("step %d: tlb_check", step);
	}
	/* a rebuilt hash finds every valid entry */
	tlb_rehash(&hashed);
	for (uint32_t i = 0; i < entries; i++)
		if (hashed.slots[i].stamp)
			assert_ptr_equal(tlb_find(&hashed, hashed.slots[i].pid,
						  hashed.slots[i].vpn),
					 &hashed.slots[i]);
	tlb_fini(&hashed);
	tlb_fini(&scan);
}

static void test_hash_changes_nothing_but_speed(void **state)
{
	(void)state;
	check_hash_against_scan(64, 0);     /* fully associative */
	check_hash_against_scan(128, 32);   /* 4 sets of 32 ways */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hit_and_miss),
		cmocka_unit_test(test_fill_replaces_same_page),
		cmocka_unit_test(test_lru_fully_associative),
		cmocka_unit_test(test_sets),
		cmocka_unit_test(test_bad_geometry),
		cmocka_unit_test(test_asid_tags_and_flush_pid),
		cmocka_unit_test(test_invalidate),
		cmocka_unit_test(test_no_tlb),
		cmocka_unit_test(test_hash_changes_nothing_but_speed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
