/*
 * sim/replay/future.c: OPT's future. The pre-pass keeps, per (pid, page), the
 * event numbers of its uses in a growing array, found through an
 * open-addressing hash table; the next use after event n is a binary search
 * in that page's array.
 */
#include "future.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The uses of one (pid, page), in event order. */
struct uses {
	uint64_t key;             /* pid << 32 | page; UINT64_MAX = empty slot */
	uint64_t *times;
	uint32_t count, cap;
};

struct future {
	struct uses *slots;       /* open addressing, power-of-two size */
	size_t slot_count, used;
	struct page_geometry geo;
};

static uint64_t key_of(int32_t pid, uint64_t page)
{
	return (uint64_t)(uint32_t)pid << 32 | page;
}

static size_t hash(uint64_t key)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return (size_t)key;
}

static struct uses *find(const struct future *f, uint64_t key)
{
	size_t mask = f->slot_count - 1;
	for (size_t i = hash(key) & mask;; i = (i + 1) & mask)
		if (f->slots[i].key == key || f->slots[i].key == UINT64_MAX)
			return &f->slots[i];
}

static bool grow(struct future *f)
{
	struct future bigger = *f;
	bigger.slot_count = f->slot_count ? f->slot_count * 2 : 1024;
	bigger.slots = malloc(bigger.slot_count * sizeof *bigger.slots);
	if (!bigger.slots)
		return false;
	for (size_t i = 0; i < bigger.slot_count; i++)
		bigger.slots[i].key = UINT64_MAX;
	for (size_t i = 0; i < f->slot_count; i++)
		if (f->slots[i].key != UINT64_MAX)
			*find(&bigger, f->slots[i].key) = f->slots[i];
	free(f->slots);
	*f = bigger;
	return true;
}

static bool record(struct future *f, int32_t pid, uint64_t page, uint64_t t)
{
	if ((f->used + 1) * 2 > f->slot_count && !grow(f))
		return false;
	struct uses *u = find(f, key_of(pid, page));
	if (u->key == UINT64_MAX) {
		*u = (struct uses){.key = key_of(pid, page)};
		f->used++;
	}
	if (u->count == u->cap) {
		uint32_t cap = u->cap ? u->cap * 2 : 4;
		uint64_t *times = realloc(u->times, cap * sizeof *times);
		if (!times)
			return false;
		u->times = times;
		u->cap = cap;
	}
	u->times[u->count++] = t;
	return true;
}

/* Record every arena page an access covers, up to the first outside. */
static bool record_access(struct future *f, int32_t pid, uint64_t addr,
			  uint64_t size, uint64_t t)
{
	uint64_t first;
	if (pid < 0 || size == 0 || !page_geometry_vpn(&f->geo, addr, &first))
		return true;
	uint64_t last_addr = addr + (size - 1);
	uint64_t last = last_addr < addr ? UINT64_MAX
					 : (last_addr - f->geo.arena_base) >> f->geo.shift;
	for (uint64_t page = first; page <= last && page < f->geo.arena_pages; page++)
		if (!record(f, pid, page, t))
			return false;
	return true;
}

struct future *future_build(struct event_source *src,
			    const struct page_geometry *geometry, char *err,
			    size_t err_len)
{
	struct future *f = calloc(1, sizeof *f);
	struct trace_event *batch = malloc(1024 * sizeof *batch);
	if (!f || !batch || !grow(f)) {
		free(batch);
		future_destroy(f);
		snprintf(err, err_len, "opt: out of memory");
		return NULL;
	}
	f->geo = *geometry;
	int32_t current = -1;
	bool started = false;
	uint64_t t = 0;
	for (;;) {
		int n = src->fill(src, batch, 1024, err, err_len);
		if (n <= 0) {
			free(batch);
			if (n == 0)
				return f;
			future_destroy(f);
			return NULL;
		}
		for (int i = 0; i < n; i++, t++) {
			const struct trace_event *e = &batch[i];
			bool ok = true;
			if (e->op == EV_SWITCH || (e->op == EV_START && !started))
				current = e->pid; /* as the replay: see replay_start */
			else if (e->op == EV_EXIT)
				current = -1;
			else if (e->op == EV_READ || e->op == EV_WRITE)
				ok = record_access(f, current, e->addr, e->arg, t);
			else if (e->op == EV_READ_TEXT)
				ok = record_access(f, current, e->addr, e->arg, t);
			else if (e->op == EV_WRITE_TEXT)
				ok = record_access(f, current, e->addr, e->arg + 1, t);
			started |= e->op == EV_START;
			if (!ok) {
				free(batch);
				future_destroy(f);
				snprintf(err, err_len, "opt: out of memory");
				return NULL;
			}
		}
	}
}

void future_destroy(struct future *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->slot_count; i++)
		if (f->slots[i].key != UINT64_MAX)
			free(f->slots[i].times);
	free(f->slots);
	free(f);
}

uint64_t future_next_use(struct future *f, int32_t pid, uint64_t vaddr,
			 uint64_t now)
{
	uint64_t page;
	if (pid < 0 || !page_geometry_vpn(&f->geo, vaddr, &page))
		return UINT64_MAX;
	struct uses *u = find(f, key_of(pid, page));
	if (u->key == UINT64_MAX)
		return UINT64_MAX;
	/* the first use after now: a binary search, so the future keeps no
	 * position and a checkpointed run may go back in time */
	uint32_t lo = 0, hi = u->count;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (u->times[mid] <= now)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < u->count ? u->times[lo] : UINT64_MAX;
}
