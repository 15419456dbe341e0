/*
 * pager/ghost.h: ghost tables for the replacement policies: bounded sets of
 * page keys (policy.h) of pages that left memory, in one or more ordered
 * lists, found by key in O(1).
 *
 * A table has a fixed capacity (the policy's stated bound, a multiple of
 * its frames), allocated once at init. Entries sit in lists sharing the
 * table (ARC's B1 and B2, S3-FIFO's one ghost FIFO); each list is doubly
 * linked, head = oldest. A key is in at most one list. Finding a key is a
 * hash lookup (chained buckets, a power of two at least the capacity);
 * push, remove and pop are O(1) apart from that lookup.
 *
 * Entries are named by slot numbers (< capacity), stable while the entry
 * lives. GHOST_NONE ends a list or says "not found".
 *
 * Memory: 21 bytes a slot (key, three links, list tag) plus 4 bytes a
 * bucket (one to two buckets a slot), so 25 to 29 bytes a ghost entry.
 */
#ifndef MMUSIM_PAGER_GHOST_H
#define MMUSIM_PAGER_GHOST_H

#include <stdbool.h>
#include <stdint.h>

#define GHOST_NONE UINT32_MAX

struct ghost_list {
	uint32_t head, tail, count;
	uint8_t id;                 /* >= 1, unique in its table */
};

struct ghost_table {
	uint32_t capacity, used;
	uint32_t bucket_mask;
	uint32_t *buckets;          /* slot of the first entry, or GHOST_NONE */
	uint64_t *key;              /* per slot */
	uint32_t *next, *prev;      /* list links; next also chains free slots */
	uint32_t *chain;            /* next slot in the same bucket */
	uint8_t *list;              /* id of the holding list, 0 = free */
	uint32_t free_head;
};

void ghost_init(struct ghost_table *t, uint32_t capacity, const char *who);
void ghost_free(struct ghost_table *t);
/* `to` becomes an independent copy of `from`. */
void ghost_copy(struct ghost_table *to, const struct ghost_table *from, const char *who);
void ghost_list_init(struct ghost_list *l, uint8_t id);

/* The slot holding key, or GHOST_NONE. */
uint32_t ghost_find(const struct ghost_table *t, uint64_t key);
static inline bool ghost_in(const struct ghost_table *t, const struct ghost_list *l,
			    uint32_t slot)
{
	return slot != GHOST_NONE && t->list[slot] == l->id;
}
/* Add key (not in the table; the table not full) at the tail; its slot. */
uint32_t ghost_push_tail(struct ghost_table *t, struct ghost_list *l, uint64_t key);
/* Remove the entry in slot from list l (which holds it). */
void ghost_remove(struct ghost_table *t, struct ghost_list *l, uint32_t slot);
/* Move the entry in slot from list `from` to the tail of list `to` (which
 * may be the same list): its key and slot stay. */
void ghost_move_tail(struct ghost_table *t, struct ghost_list *from, struct ghost_list *to,
		     uint32_t slot);
/* Remove the oldest entry of a non-empty list; returns its key. */
uint64_t ghost_pop_head(struct ghost_table *t, struct ghost_list *l);
/* Remove key from whichever of the lists holds it; true if one did. */
bool ghost_forget(struct ghost_table *t, struct ghost_list *const *lists, uint32_t n,
		  uint64_t key);

/* Verify: every list's links and count, the hash finds every entry, the
 * lists' counts add up to `used` <= capacity. O(capacity). */
void ghost_check(const struct ghost_table *t, struct ghost_list *const *lists, uint32_t n,
		 const char *who);

#endif
