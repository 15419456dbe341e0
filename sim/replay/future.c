/*
 * sim/replay/future.c: OPT's future. The pre-pass keeps, per (pid, page), the
 * event numbers of its uses in a growing array, found through an
 * open-addressing hash table; the next use after event n is a binary search
 * in that page's array. It also keeps, per event, the next use of the
 * event's first page (filled in when that page is next recorded), so the
 * question the replay asks most, about the page being accessed now, is one
 * array read.
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
	uint64_t open_first;      /* an event whose first page this is and whose
				     next use is not known yet; UINT64_MAX: none */
};

struct future {
	struct uses *slots;       /* open addressing, power-of-two size */
	size_t slot_count, used;
	struct page_geometry geo;
	/* per event: the next use of its first page (UINT64_MAX: never), or
	 * NOT_RECORDED when the event recorded no page */
	uint64_t *first_next;
	uint64_t events, events_cap;
	/* `map` lines so far: no process maps more pages than that (each
	 * map gives its process the next page, and a fork copies as many) */
	uint64_t maps;
};

#define NOT_RECORDED 0 /* never a next use: that is after an event */

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

static bool record(struct future *f, int32_t pid, uint64_t page, uint64_t t,
		   bool first)
{
	if ((f->used + 1) * 2 > f->slot_count && !grow(f))
		return false;
	struct uses *u = find(f, key_of(pid, page));
	if (u->key == UINT64_MAX) {
		*u = (struct uses){.key = key_of(pid, page), .open_first = UINT64_MAX};
		f->used++;
	}
	if (u->open_first != UINT64_MAX)
		f->first_next[u->open_first] = t;
	u->open_first = UINT64_MAX;
	if (first) {
		f->first_next[t] = UINT64_MAX;
		u->open_first = t;
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

/* Record every page an access covers, up to the first that no process
 * can have mapped yet: past the arena, or at or past f->maps (the replay
 * kills the process there), so that a SIZE near 2^64 costs no more than
 * the trace's own map lines. */
static bool record_access(struct future *f, int32_t pid, uint64_t addr,
			  uint64_t size, uint64_t t)
{
	uint64_t first;
	if (pid < 0 || size == 0 || !page_geometry_vpn(&f->geo, addr, &first))
		return true;
	uint64_t last_addr = addr + (size - 1);
	uint64_t last = last_addr < addr ? UINT64_MAX
					 : (last_addr - f->geo.arena_base) >> f->geo.shift;
	for (uint64_t page = first;
	     page <= last && page < f->maps && page < f->geo.arena_pages; page++)
		if (!record(f, pid, page, t, page == first))
			return false;
	return true;
}

/* Room for event t's entry, NOT_RECORDED until an access records it. */
static bool add_event(struct future *f, uint64_t t)
{
	if (t == f->events_cap) {
		uint64_t cap = f->events_cap ? f->events_cap * 2 : 4096;
		uint64_t *more = realloc(f->first_next, cap * sizeof *more);
		if (!more)
			return false;
		f->first_next = more;
		f->events_cap = cap;
	}
	f->first_next[t] = NOT_RECORDED;
	f->events = t + 1;
	return true;
}

/* The pages event t of process `current` accesses, if any. */
static bool record_event(struct future *f, const struct trace_event *e,
			 int32_t current, uint64_t t)
{
	if (e->op == EV_READ || e->op == EV_WRITE || e->op == EV_READ_TEXT)
		return record_access(f, current, e->addr, e->arg, t);
	if (e->op == EV_WRITE_TEXT)
		return record_access(f, current, e->addr, e->arg + 1, t);
	f->maps += e->op == EV_MAP_SWAP || e->op == EV_MAP_FILE;
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
			bool ok = add_event(f, t) && record_event(f, e, current, t);
			if (e->op == EV_SWITCH || (e->op == EV_START && !started))
				current = e->pid; /* as the replay: see replay_start */
			else if (e->op == EV_EXIT)
				current = -1;
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
	free(f->first_next);
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

uint64_t future_next_use_of_event(const struct future *f, uint64_t event,
				  int32_t pid, uint64_t vaddr)
{
	if (event < f->events && f->first_next[event] != NOT_RECORDED)
		return f->first_next[event];
	return future_next_use((struct future *)f, pid, vaddr, event);
}
