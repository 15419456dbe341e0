/*
 * tests/pager/test_pager_memory.c: memory that cannot be had mid-run
 * (issue 11). The pager's own allocations are wrapped at link time
 * (-Wl,--wrap, tests/pager/meson.build) so a test can make every one of
 * them fail from a chosen moment: the call that needed the memory fails
 * before it changes anything, the failure names what could not grow and
 * for which process, and pager_check() still holds. Nothing aborts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "fake_machine.h"

#define PAGE(i) (FAKE_BASE + (uint64_t)(i) * FAKE_PAGE)

static bool allocations_fail;

void *__real_malloc(size_t size);
void *__real_realloc(void *ptr, size_t size);
void *__real_calloc(size_t count, size_t size);

void *__wrap_malloc(size_t size)
{
	return allocations_fail ? NULL : __real_malloc(size);
}

void *__wrap_realloc(void *ptr, size_t size)
{
	return allocations_fail ? NULL : __real_realloc(ptr, size);
}

void *__wrap_calloc(size_t count, size_t size)
{
	return allocations_fail ? NULL : __real_calloc(count, size);
}

/* A child's first writes copy the parent's pages: each copy is a new
 * object, until the object table would have to grow. */
static void test_copy_on_write_without_room_for_an_object(void **state)
{
	(void)state;
	enum { PAGES = 100 };
	struct fake f;
	fake_init(&f, 4, 2 * PAGES, PAGES);
	assert_int_equal(pager_fork(f.pager, -1, 1), 0);
	pager_switch(f.pager, 1);
	for (uint32_t i = 0; i < PAGES; i++) {
		assert_int_equal(fake_map_swap(&f), PAGE(i));
		assert_true(fake_store(&f, PAGE(i), (uint8_t)(i + 1)));
	}
	assert_int_equal(pager_fork(f.pager, 1, 2), 0);
	pager_switch(f.pager, 2);
	allocations_fail = true;
	uint32_t copied = 0;
	while (copied < PAGES && fake_store(&f, PAGE(copied), 0xee))
		copied++;
	allocations_fail = false;
	pager_check(f.pager);
	assert_true(copied > 0 && copied < PAGES); /* the table had room, then none */
	const struct pager_failure *why = pager_failure(f.pager);
	assert_int_equal(why->kind, PAGER_OUT_OF_MEMORY);
	assert_int_equal(why->needed, PAGER_NEEDED_OBJECTS);
	assert_int_equal(why->pid, 2);
	assert_true(why->count > PAGES);
	const struct pager_stats *stats = pager_stats(f.pager);
	assert_int_equal(stats->cow_copies, copied);
	assert_int_equal(stats->faults_invalid, 0); /* not the trace's fault */
	pager_switch(f.pager, 1); /* the fake ended the child; the parent's data is whole */
	for (uint32_t i = 0; i < PAGES; i++) {
		uint8_t byte = 0;
		assert_true(fake_load(&f, PAGE(i), &byte));
		assert_int_equal(byte, i + 1);
	}
	pager_check(f.pager);
	fake_fini(&f);
}

/* The first file name needs the file cache's tables: without memory the
 * map fails before reading the name or creating anything. */
static void test_map_file_without_room_for_the_name(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 4, 8, 16);
	fake_file(&f, "data", FAKE_PAGE, 7);
	assert_int_equal(pager_fork(f.pager, -1, 5), 0);
	pager_switch(f.pager, 5);
	uint64_t name = fake_map_swap(&f);
	assert_true(fake_store_string(&f, name, "data"));
	allocations_fail = true;
	assert_int_equal(fake_map_file(&f, name, 0), 0);
	allocations_fail = false;
	pager_check(f.pager);
	const struct pager_failure *why = pager_failure(f.pager);
	assert_int_equal(why->kind, PAGER_OUT_OF_MEMORY);
	assert_int_equal(why->needed, PAGER_NEEDED_FILE_NAMES);
	assert_int_equal(why->pid, 5);
	assert_int_equal(pager_stats(f.pager)->maps_failed, 0);
	uint32_t valid = 0;
	pager_page_table(f.pager, 5, &valid);
	assert_int_equal(valid, 1); /* only the name's page */
	fake_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy_on_write_without_room_for_an_object),
		cmocka_unit_test(test_map_file_without_room_for_the_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
