/*
 * pager/geometry/page_geometry.h: the page geometry, part of the pager's
 * contract: the page size and the arena every process's addresses live in,
 * on which the pager, the machine under it and every trace must agree.
 *
 * Built and checked once (page_geometry_init), then read everywhere: the
 * pager, the machine (sim/machine), the shadow and OPT's future
 * (sim/replay), the importers (sim/trace/import). For a run it is built
 * from the configuration (config_geometry in sim/config/config.h); the
 * pager builds its own from struct pager_config with the same call, so
 * every layer accepts and refuses exactly the same geometries.
 *
 * A layer of its own (no includes beyond libc), below the pager and the
 * trace layer: the importers use it without depending on the pager
 * (docs/architecture.md).
 */
#ifndef MMUSIM_PAGER_PAGE_GEOMETRY_H
#define MMUSIM_PAGER_PAGE_GEOMETRY_H

#include <stdbool.h>
#include <stdint.h>

#define PAGE_SIZE_MIN 256u
#define PAGE_SIZE_MAX 1048576u

struct page_geometry {
	uint32_t size;         /* bytes a page: a power of two, PAGE_SIZE_MIN .. MAX */
	uint32_t shift;        /* log2(size) */
	uint64_t mask;         /* size - 1: the offset bits of an address */
	uint64_t arena_base;   /* first address of every arena: page aligned */
	uint32_t arena_pages;  /* pages in the arena, >= 1 */
	uint64_t arena_last;   /* the arena's last byte (may be 2^64 - 1) */
};

/* What page_geometry_init found wrong; the config names its key. */
enum page_geometry_error {
	PAGE_GEOMETRY_OK,
	PAGE_GEOMETRY_SIZE,      /* not a power of two from 256 to 1048576 */
	PAGE_GEOMETRY_ALIGN,     /* arena_base is not a multiple of the size */
	PAGE_GEOMETRY_PAGES,     /* arena_pages is 0 or above 2^32 - 1 */
	PAGE_GEOMETRY_END,       /* the arena runs past 2^64 - 1 */
};

/* True when page_size is a power of two from 256 to 1048576. */
bool page_geometry_size_ok(uint64_t page_size);

/* Check and build *g; on an error *g is left alone. */
enum page_geometry_error page_geometry_init(struct page_geometry *g,
					    uint64_t page_size,
					    uint64_t arena_base,
					    uint64_t arena_pages);

/* The error as one sentence naming the config keys ("page_size must be a
 * power of two from 256 to 1048576"); "" for PAGE_GEOMETRY_OK. */
const char *page_geometry_error_text(enum page_geometry_error error);

/* True with *vpn (0 .. arena_pages - 1) when vaddr is in the arena. */
static inline bool page_geometry_vpn(const struct page_geometry *g,
				     uint64_t vaddr, uint64_t *vpn)
{
	if (vaddr < g->arena_base)
		return false;
	uint64_t page = (vaddr - g->arena_base) >> g->shift;
	if (page >= g->arena_pages)
		return false;
	*vpn = page;
	return true;
}

/* The first address of arena page vpn. */
static inline uint64_t page_geometry_vaddr(const struct page_geometry *g,
					   uint64_t vpn)
{
	return g->arena_base + (vpn << g->shift);
}

/* Bytes from vaddr to the end of its page (1 .. size). */
static inline uint64_t page_geometry_room(const struct page_geometry *g,
					  uint64_t vaddr)
{
	return g->size - (vaddr & g->mask);
}

#endif
