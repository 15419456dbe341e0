/*
 * sim/replay/mrc_trace.c: a trace's reference string (mrc_trace.h). Pages
 * get ids through a table per process indexed by arena page (pages below
 * DENSE_PAGES: what importers and most traces use) and one hash table for
 * the rest, so the common reference costs two loads.
 */
#include "mrc_trace.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX
#define DENSE_PAGES (1u << 24)   /* arena pages with a direct slot */
#define BATCH 4096
#define NO_PROCESS SIZE_MAX

struct process {
	int32_t pid;
	uint32_t *ids;           /* arena page -> id, NONE; dense_len of them */
	uint32_t dense_len;
};

struct far_slot {                /* pages at or above DENSE_PAGES */
	uint64_t page;
	int32_t pid;
	uint32_t id;             /* NONE: empty */
};

struct reader {
	struct process *procs;
	size_t proc_count, proc_cap;
	struct far_slot *far;
	size_t far_cap, far_used;
	struct mrc_refs *out;
	size_t cap;
	unsigned shift;
	uint64_t base;
};

/* The index of pid's table in procs (a new one at its first start or
 * switch); NO_PROCESS when out of memory. */
static size_t process_of(struct reader *r, int32_t pid)
{
	for (size_t i = 0; i < r->proc_count; i++)
		if (r->procs[i].pid == pid)
			return i;
	if (r->proc_count == r->proc_cap) {
		size_t cap = r->proc_cap ? r->proc_cap * 2 : 8;
		struct process *p = realloc(r->procs, cap * sizeof *p);
		if (!p)
			return NO_PROCESS;
		r->procs = p;
		r->proc_cap = cap;
	}
	r->procs[r->proc_count] = (struct process){.pid = pid};
	return r->proc_count++;
}

static size_t far_hash(int32_t pid, uint64_t page)
{
	uint64_t k = page * 0x9e3779b97f4a7c15ULL ^ (uint64_t)(uint32_t)pid;
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k;
}

static struct far_slot *far_find(struct far_slot *t, size_t cap, int32_t pid,
				 uint64_t page)
{
	for (size_t i = far_hash(pid, page) & (cap - 1);; i = (i + 1) & (cap - 1))
		if (t[i].id == NONE || (t[i].page == page && t[i].pid == pid))
			return &t[i];
}

static bool far_grow(struct reader *r)
{
	size_t cap = r->far_cap ? r->far_cap * 2 : 1024;
	struct far_slot *t = malloc(cap * sizeof *t);
	if (!t)
		return false;
	for (size_t i = 0; i < cap; i++)
		t[i].id = NONE;
	for (size_t i = 0; i < r->far_cap; i++)
		if (r->far[i].id != NONE)
			*far_find(t, cap, r->far[i].pid, r->far[i].page) = r->far[i];
	free(r->far);
	r->far = t;
	r->far_cap = cap;
	return true;
}

/* Where the id of page `page` of process p is kept (NONE in it before
 * its first reference); NULL when out of memory. */
#define DISCARDED (NONE - 1)

static uint32_t *page_slot(struct reader *r, struct process *p, uint64_t page)
{
	uint32_t *slot;
	if (page < DENSE_PAGES) {
		if (page >= p->dense_len) {
			uint32_t len = p->dense_len ? p->dense_len : 256;
			while (len <= page)
				len *= 2;
			uint32_t *ids = realloc(p->ids, (size_t)len * sizeof *ids);
			if (!ids)
				return NULL;
			for (uint32_t i = p->dense_len; i < len; i++)
				ids[i] = NONE;
			p->ids = ids;
			p->dense_len = len;
		}
		slot = &p->ids[page];
	} else {
		if ((r->far_used + 1) * 2 > r->far_cap && !far_grow(r))
			return NULL;
		struct far_slot *s = far_find(r->far, r->far_cap, p->pid, page);
		if (s->id == NONE) {
			s->page = page;
			s->pid = p->pid;
			r->far_used++;
		}
		slot = &s->id;
	}
	return slot;
}

/* The id of page `page` of process p, a new one on its first reference;
 * NONE when out of memory. */
static uint32_t page_id(struct reader *r, struct process *p, uint64_t page)
{
	uint32_t *slot = page_slot(r, p, page);
	if (!slot)
		return NONE;
	if (*slot == NONE || *slot == DISCARDED)
		*slot = r->out->pages++;
	return *slot;
}

/* `discard ADDR`: the page leaves memory, so its next reference is a
 * first one: it gets a new id then (the old one is never referenced
 * again). DISCARDED, not NONE, keeps the far table's probe chains. */
static int discard_page(struct reader *r, size_t current, const struct trace_event *e,
			const char *path, char *err, size_t err_len)
{
	if (current == NO_PROCESS || e->addr < r->base)
		return 0; /* the replay says what is wrong with it */
	uint32_t *slot = page_slot(r, &r->procs[current], (e->addr - r->base) >> r->shift);
	if (!slot) {
		snprintf(err, err_len, "%s: out of memory", path);
		return -1;
	}
	if (*slot != NONE)
		*slot = DISCARDED;
	return 0;
}

static bool push(struct reader *r, uint32_t id)
{
	if (r->out->count == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 1 << 16;
		uint32_t *refs = realloc(r->out->refs, cap * sizeof *refs);
		if (!refs)
			return false;
		r->out->refs = refs;
		r->cap = cap;
	}
	r->out->refs[r->out->count++] = id;
	return true;
}

/* One reference per page of [addr, addr + size). */
static int access_pages(struct reader *r, size_t current,
			const struct trace_event *e, uint64_t size,
			const char *path, char *err, size_t err_len)
{
	if (current == NO_PROCESS) {
		snprintf(err, err_len, "%s:%" PRIu32 ": an access with no "
			 "current process", path, e->line);
		return -1;
	}
	if (e->addr < r->base) {
		snprintf(err, err_len, "%s:%" PRIu32 ": address 0x%" PRIx64
			 " is below the arena (0x%" PRIx64 ")", path, e->line,
			 e->addr, r->base);
		return -1;
	}
	struct process *p = &r->procs[current];
	uint64_t first = (e->addr - r->base) >> r->shift;
	uint64_t end = e->addr + (size - 1);
	uint64_t last = end < e->addr ? (UINT64_MAX - r->base) >> r->shift
				      : (end - r->base) >> r->shift;
	/* checked before the pages are pushed: a SIZE near 2^64 would
	 * otherwise ask for 2^32 references before the check below */
	if (last - first >= (uint64_t)UINT32_MAX - 2 - r->out->count) {
		snprintf(err, err_len, "%s:%" PRIu32 ": more than %" PRIu32
			 " references", path, e->line, UINT32_MAX - 2);
		return -1;
	}
	for (uint64_t page = first;; page++) {
		uint32_t id = page_id(r, p, page);
		if (id == NONE || !push(r, id)) {
			snprintf(err, err_len, "%s: out of memory", path);
			return -1;
		}
		if (page == last)
			return 0;
	}
}

static int reader_event(struct reader *r, const struct trace_event *e,
			size_t *current, bool *started,
			const char *path, char *err, size_t err_len)
{
	switch ((enum event_op)e->op) {
	case EV_START:
	case EV_SWITCH:
		/* the first start is the current process until a switch */
		if (e->op == EV_START) {
			if (*started)
				return 0;
			*started = true;
		}
		if ((*current = process_of(r, e->pid)) == NO_PROCESS) {
			snprintf(err, err_len, "%s: out of memory", path);
			return -1;
		}
		return 0;
	case EV_EXIT:
		*current = NO_PROCESS;
		return 0;
	case EV_READ:
	case EV_WRITE:
	case EV_READ_TEXT:
	case EV_WRITE_TEXT:
		if (e->expect == EXPECT_SEGV)
			return 0;
		return access_pages(r, *current, e,
				    e->op == EV_WRITE_TEXT ? e->arg + 1 : e->arg,
				    path, err, err_len);
	case EV_RESET:
		r->out->counted_from = r->out->count;
		return 0;
	case EV_DISCARD:
		return discard_page(r, *current, e, path, err, err_len);
	case EV_FORK:
	case EV_MAP_SWAP:
	case EV_MAP_FILE:
	case EV_COMPUTE:
	case EV_PUT:       /* not an access: no reference */
	case EV_OP_COUNT:
		return 0;
	}
	return 0;
}

int mrc_refs_read(struct event_source *src, uint32_t page_size,
		  uint64_t arena_base, struct mrc_refs *out, char *err,
		  size_t err_len)
{
	struct reader r = {.out = out, .base = arena_base,
			   .shift = (unsigned)__builtin_ctz(page_size)};
	struct trace_event *batch = malloc(BATCH * sizeof *batch);
	size_t current = NO_PROCESS;
	bool started = false;
	int rc = -1;
	*out = (struct mrc_refs){0};
	if (!batch) {
		snprintf(err, err_len, "%s: out of memory", src->path);
		goto out;
	}
	for (;;) {
		int n = src->fill(src, batch, BATCH, err, err_len);
		if (n < 0)
			goto out;
		if (n == 0)
			break;
		for (int i = 0; i < n; i++)
			if (reader_event(&r, &batch[i], &current, &started,
					 src->path, err, err_len) != 0)
				goto out;
	}
	rc = 0;
out:
	free(batch);
	for (size_t i = 0; i < r.proc_count; i++)
		free(r.procs[i].ids);
	free(r.procs);
	free(r.far);
	if (rc != 0)
		mrc_refs_free(out);
	return rc;
}

void mrc_refs_free(struct mrc_refs *r)
{
	free(r->refs);
	*r = (struct mrc_refs){0};
}
