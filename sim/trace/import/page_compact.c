/* sim/trace/import/page_compact.c: the first-touch table (open addressing). */
#include "page_compact.h"

#include <stdlib.h>

enum { START_BITS = 10 };

static uint64_t slot_of(uint64_t key, uint32_t bits)
{
	return (key * UINT64_C(0x9e3779b97f4a7c15)) >> (64 - bits);
}

static bool allocate(struct page_compact *pc, uint32_t bits)
{
	pc->keys = calloc((size_t)1 << bits, sizeof *pc->keys);
	pc->values = malloc(((size_t)1 << bits) * sizeof *pc->values);
	pc->bits = bits;
	return pc->keys && pc->values;
}

bool page_compact_init(struct page_compact *pc)
{
	*pc = (struct page_compact){ 0 };
	if (allocate(pc, START_BITS))
		return true;
	page_compact_free(pc);
	return false;
}

void page_compact_free(struct page_compact *pc)
{
	free(pc->keys);
	free(pc->values);
	*pc = (struct page_compact){ 0 };
}

static void place(struct page_compact *pc, uint64_t key, uint32_t value)
{
	uint64_t mask = ((uint64_t)1 << pc->bits) - 1, i = slot_of(key, pc->bits);

	while (pc->keys[i] != 0)
		i = (i + 1) & mask;
	pc->keys[i] = key;
	pc->values[i] = value;
}

/* Double the table, rehashing every key. */
static bool grow(struct page_compact *pc)
{
	struct page_compact old = *pc;
	size_t size = (size_t)1 << old.bits;

	if (!allocate(pc, old.bits + 1)) {
		free(pc->keys);
		free(pc->values);
		*pc = old;
		return false;
	}
	pc->count = old.count;
	for (size_t i = 0; i < size; i++)
		if (old.keys[i] != 0)
			place(pc, old.keys[i], old.values[i]);
	free(old.keys);
	free(old.values);
	return true;
}

bool page_compact_find(const struct page_compact *pc, uint64_t page, uint32_t *index)
{
	uint64_t key = page + 1, mask = ((uint64_t)1 << pc->bits) - 1;

	for (uint64_t i = slot_of(key, pc->bits); pc->keys[i] != 0; i = (i + 1) & mask) {
		if (pc->keys[i] == key) {
			*index = pc->values[i];
			return true;
		}
	}
	return false;
}

bool page_compact_lookup(struct page_compact *pc, uint64_t page, uint32_t *index,
			 bool *is_new)
{
	uint64_t key = page + 1, mask = ((uint64_t)1 << pc->bits) - 1;
	uint64_t i = slot_of(key, pc->bits);

	for (; pc->keys[i] != 0; i = (i + 1) & mask) {
		if (pc->keys[i] == key) {
			*index = pc->values[i];
			*is_new = false;
			return true;
		}
	}
	if (pc->count == UINT32_MAX)
		return false;
	if ((uint64_t)(pc->count + 1) * 2 > ((uint64_t)1 << pc->bits)) {
		if (!grow(pc))
			return false;
		return page_compact_lookup(pc, page, index, is_new);
	}
	*index = pc->count++;
	*is_new = true;
	place(pc, key, *index);
	return true;
}
