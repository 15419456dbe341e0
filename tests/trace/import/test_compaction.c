/*
 * tests/trace/import/test_compaction.c: first-touch compaction of a 64-bit
 * address space into arena pages, on many pages (the table grows).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "import.h"
#include "page_compact.h"

/* A page number spread over the whole 64-bit space (4 KiB pages). */
static uint64_t scattered_page(uint64_t i)
{
	return (i * UINT64_C(0x9e3779b97f4a7c15)) >> 12;
}

static void table_numbers_pages_in_first_touch_order(void **state)
{
	struct page_compact pc;
	enum { PAGES = 100000 };

	(void)state;
	assert_true(page_compact_init(&pc));
	for (uint32_t round = 0; round < 2; round++) {
		for (uint64_t i = 0; i < PAGES; i++) {
			uint32_t index;
			bool is_new;

			assert_true(page_compact_lookup(&pc, scattered_page(i), &index, &is_new));
			assert_int_equal(index, i);
			assert_int_equal(is_new, round == 0);
		}
	}
	assert_int_equal(pc.count, PAGES);
	page_compact_free(&pc);
}

static void the_largest_page_numbers(void **state)
{
	struct page_compact pc;
	uint32_t index;
	bool is_new;

	(void)state;
	assert_true(page_compact_init(&pc));
	assert_true(page_compact_lookup(&pc, (UINT64_C(1) << 56) - 1, &index, &is_new));
	assert_int_equal(index, 0);
	assert_true(page_compact_lookup(&pc, 0, &index, &is_new));
	assert_int_equal(index, 1);
	assert_true(page_compact_lookup(&pc, (UINT64_C(1) << 56) - 1, &index, &is_new));
	assert_int_equal(index, 0);
	assert_false(is_new);
	page_compact_free(&pc);
}

/* An address list over many scattered pages, touched in a known order
 * with repeats: every access must land in the arena page of its
 * program page's first touch, with exactly one map per page. */
static void importer_maps_each_page_once(void **state)
{
	enum { PAGES = 5000, ACCESSES = 20000 };
	const struct import_options opt = { .page_size = 4096, .arena_base = 0x600000000 };
	size_t cap = (size_t)ACCESSES * 24 + 1, used = 0;
	char *input = malloc(cap);
	uint64_t *first_touch = calloc(PAGES, sizeof *first_touch);   /* index + 1 */
	uint64_t next = 0, maps = 0;
	struct event_list list;
	int e;

	(void)state;
	assert_non_null(input);
	assert_non_null(first_touch);
	for (int a = 0; a < ACCESSES; a++) {
		uint64_t p = (uint64_t)(a * 7919) % PAGES;

		used += (size_t)snprintf(input + used, cap - used, "0x%llx\n",
					 (unsigned long long)(scattered_page(p) << 12 | (uint64_t)a % 4096));
	}
	import_data(IMPORT_WITH_LIST, input, &opt, 999, &list);
	assert_false(list.failed);
	for (e = 4; e < 4 + PAGES; e++) {   /* every map first, in order */
		assert_int_equal(list.events[e].op, EV_MAP_FILE);
		assert_int_equal(list.events[e].arg, e - 4);
		maps++;
	}
	/* then the end of the set-up: the name page leaves memory, the
	 * window starts */
	assert_int_equal(list.events[e].op, EV_DISCARD);
	assert_int_equal(list.events[e++].addr, 0x600000000);
	assert_int_equal(list.events[e++].op, EV_RESET);
	for (int a = 0; a < ACCESSES; a++) {
		uint64_t p = (uint64_t)(a * 7919) % PAGES;

		if (!first_touch[p])
			first_touch[p] = ++next;
		assert_int_equal(list.events[e].op, EV_READ);
		assert_int_equal(list.events[e].addr,
				 0x600000000 + first_touch[p] * 4096 + (uint64_t)a % 4096);
		e++;
	}
	assert_int_equal(list.events[e].op, EV_EXIT);
	assert_int_equal(e + 1, list.count);
	assert_int_equal(maps, PAGES);
	event_list_free(&list);
	free(first_touch);
	free(input);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_numbers_pages_in_first_touch_order),
		cmocka_unit_test(the_largest_page_numbers),
		cmocka_unit_test(importer_maps_each_page_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
