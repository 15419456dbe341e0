/*
 * sim/trace/import/page_compact.h: the importers' compaction table, from a page of the
 * traced program's 64-bit address space to an arena page, numbered in
 * first-touch order (docs/trace-formats.md, "Importers").
 *
 * Open addressing with linear probing, keys hashed by Fibonacci hashing,
 * at most half full: a lookup or an insert is O(1) expected. Memory grows
 * with the number of distinct pages touched, never with trace length.
 */
#ifndef MMUSIM_SIM_PAGE_COMPACT_H
#define MMUSIM_SIM_PAGE_COMPACT_H

#include <stdbool.h>
#include <stdint.h>

struct page_compact {
	uint64_t *keys;      /* original page number + 1; 0 = empty slot */
	uint32_t *values;    /* index in first-touch order, from 0 */
	uint32_t bits;       /* capacity is 1 << bits */
	uint32_t count;      /* pages seen so far (the next index) */
};

/* An empty table; false when out of memory. */
bool page_compact_init(struct page_compact *pc);
void page_compact_free(struct page_compact *pc);

/* The index of `page` if it was seen: true and *index set. */
bool page_compact_find(const struct page_compact *pc, uint64_t page, uint32_t *index);

/* The index of `page` (a page number, so below 2^56 for pages of 256
 * bytes or more), adding it as the next index if it is new (*is_new then
 * true). Returns false when out of memory or past 2^32 - 1 pages. */
bool page_compact_lookup(struct page_compact *pc, uint64_t page, uint32_t *index,
			 bool *is_new);

#endif
