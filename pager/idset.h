/*
 * pager/idset.h: a set of ids 0..n-1 that hands out its lowest member first
 * (the spec takes free frames and swap blocks lowest-numbered first).
 * A bitmap with summary levels: every operation costs O(log64 n), which is
 * at most four word operations for four billion ids.
 */
#ifndef MMUSIM_PAGER_IDSET_H
#define MMUSIM_PAGER_IDSET_H

#include <stdbool.h>
#include <stdint.h>

#define IDSET_MAX_LEVELS 6

struct idset {
	uint32_t size, count;
	uint32_t levels;                     /* levels[0] holds one bit per id */
	uint64_t *words[IDSET_MAX_LEVELS];   /* bit set in level k+1: word of level k non-zero */
	uint32_t lengths[IDSET_MAX_LEVELS];
};

/* Starts empty; false (and nothing held) when out of memory. */
bool idset_init(struct idset *set, uint32_t size);
void idset_free(struct idset *set);
void idset_add(struct idset *set, uint32_t id);
void idset_remove(struct idset *set, uint32_t id);
bool idset_has(const struct idset *set, uint32_t id);
/* Remove and return the lowest member; UINT32_MAX when empty. */
uint32_t idset_take_lowest(struct idset *set);

#endif
