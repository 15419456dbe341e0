/*
 * pager/geometry/page_geometry.c: checking and building a page geometry.
 */
#include "page_geometry.h"

bool page_geometry_size_ok(uint64_t page_size)
{
	return page_size >= PAGE_SIZE_MIN && page_size <= PAGE_SIZE_MAX &&
	       (page_size & (page_size - 1)) == 0;
}

enum page_geometry_error page_geometry_init(struct page_geometry *g,
					    uint64_t page_size,
					    uint64_t arena_base,
					    uint64_t arena_pages)
{
	if (!page_geometry_size_ok(page_size))
		return PAGE_GEOMETRY_SIZE;
	if (arena_base & (page_size - 1))
		return PAGE_GEOMETRY_ALIGN;
	if (arena_pages < 1 || arena_pages > UINT32_MAX)
		return PAGE_GEOMETRY_PAGES;
	/* the last byte, arena_base + pages * size - 1, must not pass 2^64 - 1
	 * (arena_base is aligned, so the last page's start is what counts) */
	if (arena_pages - 1 > (UINT64_MAX - arena_base) / page_size)
		return PAGE_GEOMETRY_END;
	*g = (struct page_geometry){
		.size = (uint32_t)page_size,
		.shift = (uint32_t)__builtin_ctzll(page_size),
		.mask = page_size - 1,
		.arena_base = arena_base,
		.arena_pages = (uint32_t)arena_pages,
		.arena_last = arena_base + arena_pages * page_size - 1,
	};
	return PAGE_GEOMETRY_OK;
}

const char *page_geometry_error_text(enum page_geometry_error error)
{
	switch (error) {
	case PAGE_GEOMETRY_OK:
		return "";
	case PAGE_GEOMETRY_SIZE:
		return "page_size must be a power of two from 256 to 1048576";
	case PAGE_GEOMETRY_ALIGN:
		return "arena_base must be page aligned";
	case PAGE_GEOMETRY_PAGES:
		return "arena_pages must be from 1 to 4294967295";
	case PAGE_GEOMETRY_END:
		return "the arena does not fit in 64 bits";
	}
	return "";
}
