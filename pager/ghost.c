/*
 * pager/ghost.c: the ghost tables of ghost.h: a slot pool with a free list,
 * an open-addressing index over the keys (linear probing, backward-shift
 * deletion), and doubly linked lists of slots.
 */
#include "ghost.h"

#include <stdlib.h>
#include <string.h>

#include "check_fail.h"

/* 32 bits of a key's hash: page keys are often small and consecutive, so
 * a multiply spreads them over the high bits and a shift folds those down. */
static uint32_t hash_of(uint64_t key)
{
	key *= 0x9e3779b97f4a7c15u;
	return (uint32_t)(key ^ (key >> 32));
}

/* The index cell holding slot s (its key is key[s]). */
static uint32_t cell_of_slot(const struct ghost_table *t, uint32_t s)
{
	uint32_t c = hash_of(t->key[s]) & t->cell_mask;
	while (t->cells[c].slot != s)
		c = (c + 1) & t->cell_mask;
	return c;
}

/* Empty cell c, then move back every later cell of its run that may sit
 * nearer its home (backward-shift deletion: no tombstones). */
static void cell_clear(struct ghost_table *t, uint32_t c)
{
	for (uint32_t next = (c + 1) & t->cell_mask; t->cells[next].slot != GHOST_NONE;
	     next = (next + 1) & t->cell_mask) {
		uint32_t home = t->cells[next].hash & t->cell_mask;
		/* next may move to c unless its home lies in (c, next]. */
		if (((next - home) & t->cell_mask) >= ((next - c) & t->cell_mask)) {
			t->cells[c] = t->cells[next];
			c = next;
		}
	}
	t->cells[c].slot = GHOST_NONE;
}

static void *alloc(size_t n, size_t size, const char *who)
{
	void *p = calloc(n ? n : 1, size);
	MMUSIM_CHECK(p, "%s: out of memory for %zu ghost entries", who, n);
	return p;
}

void ghost_init(struct ghost_table *t, uint32_t capacity, const char *who)
{
	MMUSIM_CHECK(capacity < (1u << 30), "%s: %u ghost entries, at most 2^30", who, capacity);
	uint32_t cells = 2;
	while (cells < 2 * capacity)
		cells <<= 1;
	*t = (struct ghost_table){ .capacity = capacity, .cell_mask = cells - 1 };
	t->cells = alloc(cells, sizeof *t->cells, who);
	t->key = alloc(capacity, sizeof *t->key, who);
	t->next = alloc(capacity, sizeof *t->next, who);
	t->prev = alloc(capacity, sizeof *t->prev, who);
	t->list = alloc(capacity, sizeof *t->list, who);
	for (uint32_t c = 0; c < cells; c++)
		t->cells[c].slot = GHOST_NONE;
	t->free_head = capacity ? 0 : GHOST_NONE;
	for (uint32_t s = 0; s < capacity; s++)
		t->next[s] = s + 1 < capacity ? s + 1 : GHOST_NONE;
}

void ghost_free(struct ghost_table *t)
{
	free(t->cells);
	free(t->key);
	free(t->next);
	free(t->prev);
	free(t->list);
}

static void *dup(const void *from, size_t n, size_t size, const char *who)
{
	void *p = alloc(n, size, who);
	memcpy(p, from, n * size);
	return p;
}

void ghost_copy(struct ghost_table *to, const struct ghost_table *from, const char *who)
{
	*to = *from;
	to->cells = dup(from->cells, (size_t)from->cell_mask + 1, sizeof *from->cells, who);
	to->key = dup(from->key, from->capacity, sizeof *from->key, who);
	to->next = dup(from->next, from->capacity, sizeof *from->next, who);
	to->prev = dup(from->prev, from->capacity, sizeof *from->prev, who);
	to->list = dup(from->list, from->capacity, sizeof *from->list, who);
}

void ghost_list_init(struct ghost_list *l, uint8_t id)
{
	*l = (struct ghost_list){ .head = GHOST_NONE, .tail = GHOST_NONE, .id = id };
}

uint32_t ghost_find(const struct ghost_table *t, uint64_t key)
{
	uint32_t hash = hash_of(key);
	for (uint32_t c = hash & t->cell_mask;; c = (c + 1) & t->cell_mask) {
		struct ghost_cell cell = t->cells[c];
		if (cell.slot == GHOST_NONE || (cell.hash == hash && t->key[cell.slot] == key))
			return cell.slot;
	}
}

uint32_t ghost_push_tail(struct ghost_table *t, struct ghost_list *l, uint64_t key)
{
	MMUSIM_CHECK(t->free_head != GHOST_NONE, "ghost_push_tail: all %u entries used",
		     t->capacity);
	uint32_t hash = hash_of(key), c = hash & t->cell_mask;
	for (; t->cells[c].slot != GHOST_NONE; c = (c + 1) & t->cell_mask)
		MMUSIM_CHECK(t->cells[c].hash != hash || t->key[t->cells[c].slot] != key,
			     "ghost_push_tail: key %llu already a ghost", (unsigned long long)key);
	uint32_t s = t->free_head;
	t->free_head = t->next[s];
	t->key[s] = key;
	t->cells[c] = (struct ghost_cell){ .hash = hash, .slot = s };
	t->list[s] = l->id;
	t->next[s] = GHOST_NONE;
	t->prev[s] = l->tail;
	if (l->tail == GHOST_NONE)
		l->head = s;
	else
		t->next[l->tail] = s;
	l->tail = s;
	l->count++;
	t->used++;
	return s;
}

static void unlink_slot(struct ghost_table *t, struct ghost_list *l, uint32_t s)
{
	if (t->prev[s] == GHOST_NONE)
		l->head = t->next[s];
	else
		t->next[t->prev[s]] = t->next[s];
	if (t->next[s] == GHOST_NONE)
		l->tail = t->prev[s];
	else
		t->prev[t->next[s]] = t->prev[s];
	l->count--;
}

void ghost_move_tail(struct ghost_table *t, struct ghost_list *from, struct ghost_list *to,
		     uint32_t s)
{
	MMUSIM_CHECK(ghost_in(t, from, s), "ghost_move_tail: slot %u not in list %u", s, from->id);
	unlink_slot(t, from, s);
	t->list[s] = to->id;
	t->next[s] = GHOST_NONE;
	t->prev[s] = to->tail;
	if (to->tail == GHOST_NONE)
		to->head = s;
	else
		t->next[to->tail] = s;
	to->tail = s;
	to->count++;
}

/* Slot s (in list l, indexed in cell c) leaves its list, the index and use. */
static void release_slot(struct ghost_table *t, struct ghost_list *l, uint32_t s, uint32_t c)
{
	unlink_slot(t, l, s);
	cell_clear(t, c);
	t->list[s] = 0;
	t->next[s] = t->free_head;
	t->free_head = s;
	t->used--;
}

void ghost_remove(struct ghost_table *t, struct ghost_list *l, uint32_t s)
{
	MMUSIM_CHECK(ghost_in(t, l, s), "ghost_remove: slot %u not in list %u", s, l->id);
	release_slot(t, l, s, cell_of_slot(t, s));
}

bool ghost_take(struct ghost_table *t, struct ghost_list *l, uint64_t key)
{
	uint32_t hash = hash_of(key);
	for (uint32_t c = hash & t->cell_mask;; c = (c + 1) & t->cell_mask) {
		struct ghost_cell cell = t->cells[c];
		if (cell.slot == GHOST_NONE)
			return false;
		if (cell.hash == hash && t->key[cell.slot] == key) {
			if (t->list[cell.slot] != l->id)
				return false;
			release_slot(t, l, cell.slot, c);
			return true;
		}
	}
}

uint64_t ghost_pop_head(struct ghost_table *t, struct ghost_list *l)
{
	MMUSIM_CHECK(l->head != GHOST_NONE, "ghost_pop_head: list %u is empty", l->id);
	uint32_t s = l->head;
	uint64_t key = t->key[s];
	ghost_remove(t, l, s);
	return key;
}

bool ghost_forget(struct ghost_table *t, struct ghost_list *const *lists, uint32_t n,
		  uint64_t key)
{
	uint32_t s = ghost_find(t, key);
	for (uint32_t i = 0; s != GHOST_NONE && i < n; i++)
		if (ghost_in(t, lists[i], s)) {
			ghost_remove(t, lists[i], s);
			return true;
		}
	return false;
}

void ghost_check(const struct ghost_table *t, struct ghost_list *const *lists, uint32_t n,
		 const char *who)
{
	uint32_t total = 0;
	for (uint32_t i = 0; i < n; i++) {
		const struct ghost_list *l = lists[i];
		uint32_t seen = 0, prev = GHOST_NONE;
		for (uint32_t s = l->head; s != GHOST_NONE; prev = s, s = t->next[s]) {
			MMUSIM_CHECK(s < t->capacity && t->list[s] == l->id && t->prev[s] == prev,
				     "%s: ghost list %u broken at slot %u", who, l->id, s);
			MMUSIM_CHECK(ghost_find(t, t->key[s]) == s,
				     "%s: ghost key %llu not found by its hash", who,
				     (unsigned long long)t->key[s]);
			MMUSIM_CHECK(++seen <= l->count, "%s: ghost list %u longer than %u", who,
				     l->id, l->count);
		}
		MMUSIM_CHECK(seen == l->count && l->tail == prev,
			     "%s: ghost list %u holds %u, count %u", who, l->id, seen, l->count);
		total += seen;
	}
	MMUSIM_CHECK(total == t->used && t->used <= t->capacity,
		     "%s: %u ghosts in lists, %u used of %u", who, total, t->used, t->capacity);
	uint32_t indexed = 0;
	for (uint32_t c = 0; c <= t->cell_mask; c++)
		indexed += t->cells[c].slot != GHOST_NONE;
	MMUSIM_CHECK(indexed == t->used, "%s: %u ghosts indexed, %u used", who, indexed, t->used);
}
