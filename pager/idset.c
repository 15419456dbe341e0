/* pager/idset.c: lowest-first id set (see idset.h). */
#include <stdlib.h>

#include "check_fail.h"
#include "idset.h"

bool idset_init(struct idset *set, uint32_t size)
{
	*set = (struct idset){ .size = size };
	uint32_t bits = size ? size : 1;
	do {
		uint32_t words = (bits + 63) / 64;
		MMUSIM_CHECK(set->levels < IDSET_MAX_LEVELS, "idset_init: %u ids", size);
		set->words[set->levels] = calloc(words, sizeof(uint64_t));
		set->lengths[set->levels] = words;
		if (!set->words[set->levels++]) {
			idset_free(set);
			return false;
		}
		bits = words;
	} while (bits > 1);
	return true;
}

void idset_free(struct idset *set)
{
	for (uint32_t k = 0; k < set->levels; k++)
		free(set->words[k]);
	*set = (struct idset){ 0 };
}

bool idset_has(const struct idset *set, uint32_t id)
{
	return id < set->size && (set->words[0][id / 64] >> (id % 64) & 1);
}

void idset_add(struct idset *set, uint32_t id)
{
	MMUSIM_CHECK(id < set->size && !idset_has(set, id), "idset_add: id %u already in set", id);
	set->count++;
	for (uint32_t k = 0; k < set->levels; k++, id /= 64) {
		uint64_t *w = &set->words[k][id / 64];
		bool was_empty = *w == 0;
		*w |= UINT64_C(1) << (id % 64);
		if (!was_empty)
			break;
	}
}

void idset_remove(struct idset *set, uint32_t id)
{
	MMUSIM_CHECK(idset_has(set, id), "idset_remove: id %u not in set", id);
	set->count--;
	for (uint32_t k = 0; k < set->levels; k++, id /= 64) {
		uint64_t *w = &set->words[k][id / 64];
		*w &= ~(UINT64_C(1) << (id % 64));
		if (*w != 0)
			break;
	}
}

uint32_t idset_take_lowest(struct idset *set)
{
	if (set->count == 0)
		return UINT32_MAX;
	uint32_t index = 0;
	for (uint32_t k = set->levels; k-- > 0;)
		index = index * 64 + (uint32_t)__builtin_ctzll(set->words[k][index]);
	idset_remove(set, index);
	return index;
}
