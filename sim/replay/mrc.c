/*
 * sim/replay/mrc.c: LRU and OPT stack distances (mrc.h).
 */
#include "mrc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX

static int histogram_init(struct mrc_histogram *h, uint64_t depth,
			  size_t count)
{
	*h = (struct mrc_histogram){.references = count, .depth = depth};
	h->hits = calloc(depth + 1, sizeof *h->hits);
	return h->hits ? 0 : -1;
}

void mrc_histogram_free(struct mrc_histogram *h)
{
	free(h->hits);
	h->hits = NULL;
}

/* ---- LRU: a Fenwick tree over the times of last references ------------

 * Time slot t holds a 1 while it is the last reference of its page. The
 * distance of a reference to a page last referenced at slot s is 1 + the
 * ones after s. Slots are numbered afresh (in order) when they run out,
 * so the tree stays about twice the number of pages, not the trace. */

struct lru {
	uint32_t *tree;       /* Fenwick tree, 1-based, cap entries */
	uint32_t *owner;      /* slot -> page, NONE when not a last reference */
	uint32_t *last;       /* page -> slot of its last reference, NONE */
	uint32_t cap, next, live;
};

static void fen_add(uint32_t *tree, uint32_t cap, uint32_t slot, int32_t d)
{
	for (uint32_t i = slot + 1; i <= cap; i += i & -i)
		tree[i] += (uint32_t)d;
}

/* ones in slots 0..slot */
static uint32_t fen_prefix(const uint32_t *tree, uint32_t slot)
{
	uint32_t sum = 0;
	for (uint32_t i = slot + 1; i > 0; i -= i & -i)
		sum += tree[i];
	return sum;
}

/* Number the live slots 0..live-1 in time order, in a tree of new_cap. */
static int lru_renumber(struct lru *l, uint32_t new_cap)
{
	uint32_t *owner = malloc((size_t)new_cap * sizeof *owner);
	uint32_t *tree = calloc((size_t)new_cap + 1, sizeof *tree);
	if (!owner || !tree) {
		free(owner);
		free(tree);
		return -1;
	}
	uint32_t j = 0;
	for (uint32_t s = 0; s < l->next; s++)
		if (l->owner[s] != NONE) {
			owner[j] = l->owner[s];
			l->last[owner[j]] = j;
			j++;
		}
	for (uint32_t s = j; s < new_cap; s++)
		owner[s] = NONE;
	/* a tree of j ones then zeroes, built in O(cap) */
	for (uint32_t i = 1; i <= new_cap; i++) {
		tree[i] += i <= j ? 1u : 0u;
		uint32_t up = i + (i & -i);
		if (up <= new_cap)
			tree[up] += tree[i];
	}
	free(l->owner);
	free(l->tree);
	l->owner = owner;
	l->tree = tree;
	l->cap = new_cap;
	l->next = j;
	return 0;
}

int mrc_lru(const uint32_t *refs, size_t count, uint32_t pages,
	    struct mrc_histogram *out)
{
	struct lru l = {0};
	if (histogram_init(out, pages, count) != 0)
		return -1;
	l.last = malloc(((size_t)pages + 1) * sizeof *l.last);
	if (!l.last || lru_renumber(&l, 1024) != 0)
		goto fail;
	for (uint32_t p = 0; p < pages; p++)
		l.last[p] = NONE;
	for (size_t i = 0; i < count; i++) {
		uint32_t page = refs[i];
		if (l.next == l.cap) {
			uint64_t want = 2 * (uint64_t)l.live + 1024;
			if (want > UINT32_MAX - 1)
				want = UINT32_MAX - 1;
			if (lru_renumber(&l, (uint32_t)want) != 0)
				goto fail;
		}
		uint32_t s = l.last[page];
		if (s == NONE) {
			out->beyond++;
			l.live++;
		} else {
			out->hits[l.live - fen_prefix(l.tree, s) + 1]++;
			fen_add(l.tree, l.cap, s, -1);
			l.owner[s] = NONE;
		}
		fen_add(l.tree, l.cap, l.next, 1);
		l.owner[l.next] = page;
		l.last[page] = l.next++;
	}
	free(l.tree);
	free(l.owner);
	free(l.last);
	return 0;
fail:
	free(l.tree);
	free(l.owner);
	free(l.last);
	mrc_histogram_free(out);
	return -1;
}

/* ---- OPT: Mattson's priority stack ------------------------------------

 * The stack holds pages by decreasing right to stay: position i (from 0)
 * is held by a memory of i + 1 frames or more. On a reference to x at
 * position d (or not in the stack), x goes on top; the old top is carried
 * down, and at each position above d the page with the later next use
 * goes on down (it is the one a memory that size would evict) while the
 * other stays; what is carried at d takes x's old place (or, on a miss,
 * goes on the bottom, and past `depth` is dropped: positions up to depth
 * never depend on what lies below them). Next uses are kept beside the
 * stack so the walk reads memory in order. */

struct opt {
	uint32_t *page;       /* position -> page */
	uint32_t *when;       /* position -> that page's next use (NONE: never) */
	uint32_t *pos;        /* page -> position, NONE when not in the stack */
	uint32_t len, depth;
};

static void opt_reference(struct opt *o, uint32_t x, uint32_t next,
			  struct mrc_histogram *out)
{
	uint32_t d = o->pos[x];
	if (d == 0) {             /* on top already: only its next use moves */
		o->when[0] = next;
		out->hits[1]++;
		return;
	}
	if (d == NONE)
		out->beyond++;
	else
		out->hits[d + 1]++;
	uint32_t end = d == NONE ? o->len : d;
	uint32_t carry = NONE, carry_when = 0;
	if (o->len > 0) {
		carry = o->page[0];
		carry_when = o->when[0];
	}
	o->page[0] = x;
	o->when[0] = next;
	o->pos[x] = 0;
	if (carry == NONE) {
		o->len = 1;
		return;
	}
	uint32_t *when = o->when;
	for (uint32_t i = 1; i < end; i++) {
		if (when[i] > carry_when) {   /* it leaves before the carried one */
			uint32_t p = o->page[i], w = when[i];
			o->page[i] = carry;
			when[i] = carry_when;
			o->pos[carry] = i;
			carry = p;
			carry_when = w;
		}
	}
	if (d == NONE && o->len == o->depth) {
		o->pos[carry] = NONE;     /* past the deepest memory asked for */
		return;
	}
	uint32_t at = d == NONE ? o->len++ : d;
	o->page[at] = carry;
	when[at] = carry_when;
	o->pos[carry] = at;
}

int mrc_opt(const uint32_t *refs, size_t count, uint32_t pages,
	    uint64_t depth, struct mrc_histogram *out)
{
	if (depth > pages)
		depth = pages;
	if (depth == 0)
		depth = 1;
	if (histogram_init(out, depth, count) != 0)
		return -1;
	struct opt o = {.depth = (uint32_t)depth};
	uint32_t *next = malloc((count ? count : 1) * sizeof *next);
	uint32_t *seen = malloc(((size_t)pages + 1) * sizeof *seen);
	o.page = malloc(depth * sizeof *o.page);
	o.when = malloc(depth * sizeof *o.when);
	o.pos = malloc(((size_t)pages + 1) * sizeof *o.pos);
	if (!next || !seen || !o.page || !o.when || !o.pos) {
		mrc_histogram_free(out);
		free(next);
		free(seen);
		free(o.page);
		free(o.when);
		free(o.pos);
		return -1;
	}
	/* next[i]: the time of the next reference to refs[i]'s page; NONE
	 * (the largest) when it is never referenced again */
	for (uint32_t p = 0; p < pages; p++) {
		seen[p] = NONE;
		o.pos[p] = NONE;
	}
	for (size_t i = count; i-- > 0;) {
		next[i] = seen[refs[i]];
		seen[refs[i]] = (uint32_t)i;
	}
	free(seen);
	for (size_t i = 0; i < count; i++)
		opt_reference(&o, refs[i], next[i], out);
	free(next);
	free(o.page);
	free(o.when);
	free(o.pos);
	return 0;
}

/* ---- misses ------------------------------------------------------------ */

uint64_t mrc_misses(const struct mrc_histogram *h, uint64_t frames)
{
	uint64_t hits = 0, top = frames < h->depth ? frames : h->depth;
	for (uint64_t d = 1; d <= top; d++)
		hits += h->hits[d];
	return h->references - hits;
}

static int by_value(const void *a, const void *b)
{
	uint64_t x = **(const uint64_t *const *)a, y = **(const uint64_t *const *)b;
	return x < y ? -1 : x > y;
}

void mrc_misses_at(const struct mrc_histogram *h, const uint64_t *sizes,
		   size_t n, uint64_t *misses)
{
	const uint64_t **order = malloc((n ? n : 1) * sizeof *order);
	if (!order) {             /* slower, the same answers */
		for (size_t i = 0; i < n; i++)
			misses[i] = mrc_misses(h, sizes[i]);
		return;
	}
	for (size_t i = 0; i < n; i++)
		order[i] = &sizes[i];
	qsort(order, n, sizeof *order, by_value);
	uint64_t d = 0, hits = 0;
	for (size_t k = 0; k < n; k++) {
		uint64_t top = *order[k] < h->depth ? *order[k] : h->depth;
		while (d < top)
			hits += h->hits[++d];
		misses[order[k] - sizes] = h->references - hits;
	}
	free(order);
}
