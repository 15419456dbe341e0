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

/* What the references before the window added, kept at the window's
 * start and taken off at the end: a distance depends only on the
 * references around it, never on which of them are counted. */
struct window_mark {
	uint64_t beyond;
	uint64_t *hits;           /* depth + 1, or NULL: no mark taken */
};

static int window_mark(const struct mrc_histogram *h, struct window_mark *m)
{
	m->beyond = h->beyond;
	m->hits = malloc((h->depth + 1) * sizeof *m->hits);
	if (!m->hits)
		return -1;
	memcpy(m->hits, h->hits, (h->depth + 1) * sizeof *m->hits);
	return 0;
}

static void window_apply(struct mrc_histogram *h, struct window_mark *m, size_t from)
{
	if (!m->hits)
		return;
	h->beyond -= m->beyond;
	for (uint64_t d = 0; d <= h->depth; d++)
		h->hits[d] -= m->hits[d];
	h->references -= from;
	free(m->hits);
	m->hits = NULL;
}

void mrc_histogram_free(struct mrc_histogram *h)
{
	free(h->hits);
	h->hits = NULL;
}

/* ---- LRU: the times of last references -------------------------------

 * Time slot t is marked while it is the last reference of its page. The
 * distance of a reference to a page last referenced at slot s is 1 + the
 * marks after s. Marks are bits, 64 slots a word, and a Fenwick tree
 * counts them by word: finding the marks after s is a popcount and a
 * prefix sum over cap / 64 counts, small enough to stay in cache. Slots
 * are numbered afresh (in order) when they run out, so everything stays
 * about twice the number of pages, not the trace. */

struct lru {
	uint64_t *bits;       /* slot marks, words of them */
	uint32_t *tree;       /* Fenwick tree of marks per word, 1-based */
	uint32_t *owner;      /* slot -> page (meaningful where marked) */
	uint32_t *last;       /* page -> slot of its last reference, NONE */
	uint32_t words, next, live;
};

static void fen_add(uint32_t *tree, uint32_t n, uint32_t word, uint32_t d)
{
	for (uint32_t i = word + 1; i <= n; i += i & -i)
		tree[i] += d;          /* d = UINT32_MAX subtracts 1 */
}

/* marks in words 0..word */
static uint32_t fen_prefix(const uint32_t *tree, uint32_t word)
{
	uint32_t sum = 0;
	for (uint32_t i = word + 1; i > 0; i -= i & -i)
		sum += tree[i];
	return sum;
}

/* Number the marked slots 0..live-1 in time order, in `words` words. */
static int lru_renumber(struct lru *l, uint32_t words)
{
	size_t cap = (size_t)words * 64;
	uint64_t *bits = calloc(words, sizeof *bits);
	uint32_t *tree = calloc((size_t)words + 1, sizeof *tree);
	uint32_t *owner = malloc(cap * sizeof *owner);
	if (!bits || !tree || !owner) {
		free(bits);
		free(tree);
		free(owner);
		return -1;
	}
	uint32_t j = 0;
	for (uint32_t w = 0; w < l->words; w++)
		for (uint64_t m = l->bits[w]; m; m &= m - 1) {
			uint32_t s = w * 64 + (uint32_t)__builtin_ctzll(m);
			owner[j] = l->owner[s];
			l->last[owner[j]] = j;
			j++;
		}
	for (uint32_t s = 0; s < j; s++)
		bits[s / 64] |= 1ULL << (s % 64);
	/* the tree of the words' counts, built in O(words) */
	for (uint32_t i = 1; i <= words; i++) {
		tree[i] += (uint32_t)__builtin_popcountll(bits[i - 1]);
		uint32_t up = i + (i & -i);
		if (up <= words)
			tree[up] += tree[i];
	}
	free(l->bits);
	free(l->tree);
	free(l->owner);
	l->bits = bits;
	l->tree = tree;
	l->owner = owner;
	l->words = words;
	l->next = j;
	return 0;
}

int mrc_lru(const uint32_t *refs, size_t count, uint32_t pages,
	    struct mrc_histogram *out)
{
	return mrc_lru_window(refs, count, 0, pages, out);
}

int mrc_lru_window(const uint32_t *refs, size_t count, size_t from, uint32_t pages,
		   struct mrc_histogram *out)
{
	struct lru l = {0};
	struct window_mark mark = {0};
	if (histogram_init(out, pages, count) != 0)
		return -1;
	l.last = malloc(((size_t)pages + 1) * sizeof *l.last);
	if (!l.last || lru_renumber(&l, 16) != 0)
		goto fail;
	for (uint32_t p = 0; p < pages; p++)
		l.last[p] = NONE;
	uint64_t *hits = out->hits;
	for (size_t i = 0; i < count; i++) {
		uint32_t page = refs[i];
		if (i == from && from && window_mark(out, &mark) != 0)
			goto fail;
		if (l.next == l.words * 64) {
			/* room for as many references again as there are pages */
			uint64_t want = (2 * (uint64_t)l.live + 1024) / 64 + 1;
			if (want > UINT32_MAX / 64)
				want = UINT32_MAX / 64;
			if (lru_renumber(&l, (uint32_t)want) != 0)
				goto fail;
		}
		uint32_t s = l.last[page];
		if (s == NONE) {
			out->beyond++;
			l.live++;
		} else {
			uint32_t w = s / 64;
			uint64_t word = l.bits[w];
			/* marks after s: in its word above it, and in later words */
			uint32_t after = l.live - fen_prefix(l.tree, w) +
				(uint32_t)__builtin_popcountll(word >> (s % 64) >> 1);
			hits[after + 1]++;
			l.bits[w] = word & ~(1ULL << (s % 64));
			fen_add(l.tree, l.words, w, UINT32_MAX);
		}
		l.bits[l.next / 64] |= 1ULL << (l.next % 64);
		fen_add(l.tree, l.words, l.next / 64, 1);
		l.owner[l.next] = page;
		l.last[page] = l.next++;
	}
	if (from && from >= count && window_mark(out, &mark) != 0)
		goto fail;
	window_apply(out, &mark, from < count ? from : count);
	free(l.bits);
	free(l.tree);
	free(l.owner);
	free(l.last);
	return 0;
fail:
	free(mark.hits);
	free(l.bits);
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
 * never depend on what lies below them).
 *
 * The carried page changes only at a position whose next use is later
 * than every one above it (a record); everywhere else the page stays. So
 * instead of walking every position, a max-tree over the positions' next
 * uses finds the next record in O(log depth): a reference costs
 * O((1 + records) log depth). On a loop the old top is never beaten (no
 * record); on a Zipf list records are few (docs/performance.md). */

struct opt {
	uint32_t *page;       /* position -> page */
	uint32_t *tree;       /* max-tree of next uses: leaves at [size + i] */
	uint32_t *pos;        /* page -> position, NONE when not in the stack */
	uint32_t len, depth, size;
};

static uint32_t when(const struct opt *o, uint32_t i)
{
	return o->tree[o->size + i];
}

static void set_when(struct opt *o, uint32_t i, uint32_t w)
{
	uint32_t j = o->size + i;
	o->tree[j] = w;
	for (j /= 2; j > 0; j /= 2) {
		uint32_t m = o->tree[2 * j] > o->tree[2 * j + 1] ? o->tree[2 * j]
								 : o->tree[2 * j + 1];
		if (o->tree[j] == m)
			break;    /* nothing above changes either */
		o->tree[j] = m;
	}
}

/* The first position at or after `from` whose next use is later than w;
 * NONE when there is none. Unused positions hold 0, never later. */
static uint32_t first_later(const struct opt *o, uint32_t from, uint32_t w)
{
	if (from >= o->size)
		return NONE;
	uint32_t j = o->size + from;
	while (o->tree[j] <= w) {
		while (j & 1)           /* a right child: up until a left one */
			j /= 2;
		if (j == 0)
			return NONE;
		j++;                    /* its right sibling */
	}
	while (j < o->size)
		j = o->tree[2 * j] > w ? 2 * j : 2 * j + 1;
	return j - o->size;
}

static void place(struct opt *o, uint32_t at, uint32_t page, uint32_t w)
{
	o->page[at] = page;
	o->pos[page] = at;
	set_when(o, at, w);
}

static void opt_reference(struct opt *o, uint32_t x, uint32_t next,
			  struct mrc_histogram *out)
{
	uint32_t d = o->pos[x];
	if (d == 0) {             /* on top already: only its next use moves */
		set_when(o, 0, next);
		out->hits[1]++;
		return;
	}
	if (d == NONE)
		out->beyond++;
	else
		out->hits[d + 1]++;
	if (o->len == 0) {
		o->len = 1;
		place(o, 0, x, next);
		return;
	}
	uint32_t end = d == NONE ? o->len : d;
	uint32_t carry = o->page[0], carry_when = when(o, 0);
	place(o, 0, x, next);
	for (uint32_t i = 1;;) {
		uint32_t j = first_later(o, i, carry_when);
		if (j == NONE || j >= end)
			break;
		/* j leaves before the carried page: it goes on down */
		uint32_t p = o->page[j], w = when(o, j);
		place(o, j, carry, carry_when);
		carry = p;
		carry_when = w;
		i = j + 1;
	}
	if (d == NONE && o->len == o->depth) {
		o->pos[carry] = NONE;     /* past the deepest memory asked for */
		return;
	}
	place(o, d == NONE ? o->len++ : d, carry, carry_when);
}

int mrc_opt(const uint32_t *refs, size_t count, uint32_t pages,
	    uint64_t depth, struct mrc_histogram *out)
{
	return mrc_opt_window(refs, count, 0, pages, depth, out);
}

int mrc_opt_window(const uint32_t *refs, size_t count, size_t from, uint32_t pages,
		   uint64_t depth, struct mrc_histogram *out)
{
	struct window_mark mark = {0};
	if (depth > pages)
		depth = pages;
	if (depth == 0)
		depth = 1;
	if (histogram_init(out, depth, count) != 0)
		return -1;
	struct opt o = {.depth = (uint32_t)depth, .size = 1};
	while (o.size < depth)
		o.size *= 2;
	uint32_t *next = malloc((count ? count : 1) * sizeof *next);
	uint32_t *seen = malloc(((size_t)pages + 1) * sizeof *seen);
	o.page = malloc(depth * sizeof *o.page);
	o.tree = calloc(2 * (size_t)o.size, sizeof *o.tree);
	o.pos = malloc(((size_t)pages + 1) * sizeof *o.pos);
	if (!next || !seen || !o.page || !o.tree || !o.pos) {
		mrc_histogram_free(out);
		free(next);
		free(seen);
		free(o.page);
		free(o.tree);
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
	for (size_t i = 0; i < count; i++) {
		if (i == from && from && window_mark(out, &mark) != 0)
			break;
		opt_reference(&o, refs[i], next[i], out);
	}
	bool marked = !from || mark.hits ||
		      (from >= count && window_mark(out, &mark) == 0);
	window_apply(out, &mark, from < count ? from : count);
	free(next);
	free(o.page);
	free(o.tree);
	free(o.pos);
	if (!marked)
		mrc_histogram_free(out);
	return marked ? 0 : -1;
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
