/* tests/pager/geometry/test_geometry.c: page_geometry_init, the one rule
 * for page sizes and arenas that the configuration, the pager, the machine,
 * the shadow, OPT's future and the importers share; and the lookups. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "page_geometry.h"

static void test_builds_size_shift_mask_and_bounds(void **state)
{
	(void)state;
	struct page_geometry g;
	assert_int_equal(page_geometry_init(&g, 65536, 0x600000000, 256),
			 PAGE_GEOMETRY_OK);
	assert_int_equal(g.size, 65536);
	assert_int_equal(g.shift, 16);
	assert_int_equal(g.mask, 0xffff);
	assert_int_equal(g.arena_base, 0x600000000);
	assert_int_equal(g.arena_pages, 256);
	assert_int_equal(g.arena_last, 0x600ffffff);
	assert_int_equal(page_geometry_init(&g, 256, 0, 1), PAGE_GEOMETRY_OK);
	assert_int_equal(g.shift, 8);
	assert_int_equal(g.arena_last, 255);
	assert_int_equal(page_geometry_init(&g, 1048576, 0, 4294967295u),
			 PAGE_GEOMETRY_OK);
	assert_int_equal(g.shift, 20);
}

static void test_refuses_what_every_layer_refuses(void **state)
{
	(void)state;
	struct page_geometry g;
	memset(&g, 0x5a, sizeof g);
	const struct page_geometry before = g;
	static const struct {
		uint64_t size, base, pages;
		enum page_geometry_error want;
	} cases[] = {
		{ 0, 0, 1, PAGE_GEOMETRY_SIZE },
		{ 128, 0, 1, PAGE_GEOMETRY_SIZE },
		{ 3000, 0, 1, PAGE_GEOMETRY_SIZE },
		{ 2097152, 0, 1, PAGE_GEOMETRY_SIZE },
		{ UINT64_C(1) << 32, 0, 1, PAGE_GEOMETRY_SIZE },
		{ 4096, 1024, 1, PAGE_GEOMETRY_ALIGN },
		{ 65536, 0x600001000, 1, PAGE_GEOMETRY_ALIGN },
		{ 4096, 0, 0, PAGE_GEOMETRY_PAGES },
		{ 4096, 0, UINT64_C(1) << 32, PAGE_GEOMETRY_PAGES },
		/* one page past the last byte */
		{ 256, UINT64_MAX - 255, 2, PAGE_GEOMETRY_END },
		{ 65536, 0xffffffffff010000, 256, PAGE_GEOMETRY_END },
		{ 1048576, 0xfffffffffff00000, 4294967295u, PAGE_GEOMETRY_END },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(page_geometry_init(&g, cases[i].size, cases[i].base,
						    cases[i].pages),
				 cases[i].want);
		assert_memory_equal(&g, &before, sizeof g); /* left alone */
		assert_true(strlen(page_geometry_error_text(cases[i].want)) > 0);
	}
	assert_string_equal(page_geometry_error_text(PAGE_GEOMETRY_SIZE),
			    "page_size must be a power of two from 256 to 1048576");
	assert_string_equal(page_geometry_error_text(PAGE_GEOMETRY_OK), "");
	assert_true(page_geometry_size_ok(256));
	assert_false(page_geometry_size_ok(255));
	assert_false(page_geometry_size_ok(2 * 1048576));
}

/* The arena may end on the last byte of the address space. */
static void test_arena_up_to_the_last_byte(void **state)
{
	(void)state;
	struct page_geometry g;
	assert_int_equal(page_geometry_init(&g, 256, UINT64_MAX - 255, 1),
			 PAGE_GEOMETRY_OK);
	assert_int_equal(g.arena_last, UINT64_MAX);
	assert_int_equal(page_geometry_init(&g, 65536, 0xffffffffff000000, 256),
			 PAGE_GEOMETRY_OK);
	assert_int_equal(g.arena_last, UINT64_MAX);
	uint64_t vpn = 99;
	assert_true(page_geometry_vpn(&g, UINT64_MAX, &vpn));
	assert_int_equal(vpn, 255);
}

static void test_lookups(void **state)
{
	(void)state;
	struct page_geometry g;
	assert_int_equal(page_geometry_init(&g, 4096, 0x10000, 4), PAGE_GEOMETRY_OK);
	uint64_t vpn = 99;
	assert_false(page_geometry_vpn(&g, 0xffff, &vpn));
	assert_int_equal(vpn, 99); /* untouched outside */
	assert_true(page_geometry_vpn(&g, 0x10000, &vpn));
	assert_int_equal(vpn, 0);
	assert_true(page_geometry_vpn(&g, 0x13fff, &vpn));
	assert_int_equal(vpn, 3);
	assert_false(page_geometry_vpn(&g, 0x14000, &vpn));
	assert_int_equal(page_geometry_vaddr(&g, 3), 0x13000);
	assert_int_equal(page_geometry_room(&g, 0x13000), 4096);
	assert_int_equal(page_geometry_room(&g, 0x13fff), 1);
	assert_int_equal(page_geometry_room(&g, 0x12ff0), 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builds_size_shift_mask_and_bounds),
		cmocka_unit_test(test_refuses_what_every_layer_refuses),
		cmocka_unit_test(test_arena_up_to_the_last_byte),
		cmocka_unit_test(test_lookups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
