/*
 * pager/ghost.c: the ghost tables of ghost.h: a slot pool with a free list,
 * chained hash buckets over the keys, and doubly linked lists of slots.
 */
#include "ghost.h"

#include <stdlib.h>
#include <string.h>

#include "check_fail.h"

static uint32_t bucket_of(const struct ghost_table *t, uint64_t key)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdu;
	key ^= key >> 33;
	return (uint32_t)key & t->bucket_mask;
}

static void *alloc(size_t n, size_t size, const char *who)
{
	void *p = calloc(n ? n : 1, size);
	MMUSIM_CHECK(p, "%s: out of memory for %zu ghost entries", who, n);
	return p;
}

void ghost_init(struct ghost_table *t, uint32_t capacity, const char *who)
{
	uint32_t buckets = 1;
	while (buckets < capacity && buckets < (1u << 31))
		buckets <<= 1;
	*t = (struct ghost_table){ .capacity = capacity, .bucket_mask = buckets - 1 };
	t->buckets = alloc(buckets, sizeof *t->buckets, who);
	t->key = alloc(capacity, sizeof *t->key, who);
	t->next = alloc(capacity, sizeof *t->next, who);
	t->prev = alloc(capacity, sizeof *t->prev, who);
	t->chain = alloc(capacity, sizeof *t->chain, who);
	t->list = alloc(capacity, sizeof *t->list, who);
	for (uint32_t b = 0; b < buckets; b++)
		t->buckets[b] = GHOST_NONE;
	t->free_head = capacity ? 0 : GHOST_NONE;
	for (uint32_t s = 0; s < capacity; s++)
		t->next[s] = s + 1 < capacity ? s + 1 : GHOST_NONE;
}

void ghost_free(struct ghost_table *t)
{
	free(t->buckets);
	free(t->key);
	free(t->next);
	free(t->prev);
	free(t->chain);
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
	to->buckets = dup(from->buckets, (size_t)from->bucket_mask + 1, sizeof *from->buckets, who);
	to->key = dup(from->key, from->capacity, sizeof *from->key, who);
	to->next = dup(from->next, from->capacity, sizeof *from->next, who);
	to->prev = dup(from->prev, from->capacity, sizeof *from->prev, who);
	to->chain = dup(from->chain, from->capacity, sizeof *from->chain, who);
	to->list = dup(from->list, from->capacity, sizeof *from->list, who);
}

void ghost_list_init(struct ghost_list *l, uint8_t id)
{
	*l = (struct ghost_list){ .head = GHOST_NONE, .tail = GHOST_NONE, .id = id };
}

uint32_t ghost_find(const struct ghost_table *t, uint64_t key)
{
	if (!t->capacity)
		return GHOST_NONE;
	uint32_t s = t->buckets[bucket_of(t, key)];
	while (s != GHOST_NONE && t->key[s] != key)
		s = t->chain[s];
	return s;
}

uint32_t ghost_push_tail(struct ghost_table *t, struct ghost_list *l, uint64_t key)
{
	MMUSIM_CHECK(t->free_head != GHOST_NONE, "ghost_push_tail: all %u entries used",
		     t->capacity);
	MMUSIM_CHECK(ghost_find(t, key) == GHOST_NONE, "ghost_push_tail: key %llu already a ghost",
		     (unsigned long long)key);
	uint32_t s = t->free_head;
	t->free_head = t->next[s];
	uint32_t b = bucket_of(t, key);
	t->key[s] = key;
	t->chain[s] = t->buckets[b];
	t->buckets[b] = s;
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

void ghost_remove(struct ghost_table *t, struct ghost_list *l, uint32_t s)
{
	MMUSIM_CHECK(ghost_in(t, l, s), "ghost_remove: slot %u not in list %u", s, l->id);
	unlink_slot(t, l, s);
	uint32_t *link = &t->buckets[bucket_of(t, t->key[s])];
	while (*link != s)
		link = &t->chain[*link];
	*link = t->chain[s];
	t->list[s] = 0;
	t->next[s] = t->free_head;
	t->free_head = s;
	t->used--;
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
}
