/*
 * pager/policy_lirs.c: LIRS, low inter-reference recency set (Jiang and
 * Zhang, "LIRS: An Efficient Low Inter-reference Recency Set Replacement
 * Policy to Improve Buffer Cache Performance", SIGMETRICS 2002, section 3).
 *
 * c = the usable frames, split into Llirs LIR pages and Lhirs = max(1,
 * lirs_hir_percent of c) resident HIR pages (the paper's 1 %). Stack S
 * holds pages in recency order (the tail is the top, the most recent):
 * LIR pages, resident HIR pages and non-resident HIR pages (ghosts); its
 * bottom (head) is always a LIR page ("stack pruning" removes HIR entries
 * from the bottom). List Q holds the resident HIR pages, oldest first.
 *  - A use of a LIR page moves it to S's top (then prune). A use of a
 *    resident HIR page in S makes it LIR at the top, out of Q, and the
 *    bottom LIR page becomes HIR at Q's tail (then prune); one not in S
 *    goes to S's top and Q's tail, staying HIR. LIRS needs every access
 *    (accessed(), like lru).
 *  - A miss evicts Q's head (victim()); if in S it stays there as a
 *    non-resident HIR page (a ghost). The new page: while fewer than Llirs
 *    pages are LIR (warm-up, or after exits), it becomes LIR at S's top;
 *    a ghost in S becomes LIR at the top and the bottom LIR page goes to
 *    Q's tail as HIR (prune); any other page is HIR at S's top and Q's tail.
 *  - Bound: the paper keeps every ghost in S. Here at most
 *    lirs_nonresident_percent of c (default 100 %) ghosts are kept; beyond
 *    that the one evicted longest ago leaves S (the NR FIFO).
 *  - Pinned: the first unpinned frame of Q; if all are pinned, the first
 *    unpinned LIR page from S's bottom (it leaves S, no ghost).
 *
 * One table (ghost.h) holds every page LIRS tracks, resident or not, each
 * in one of its lists S or OUT (resident HIR pages not in S); a slot also
 * threads Q or the NR FIFO. Cost: O(1) a call (amortised: pruning removes
 * what earlier calls put in), victim O(1 + pinned). Memory: 4 bytes a
 * frame (its slot) plus ~40 bytes a tracked page (ghost.h's 25 to 29,
 * state, frame and the Q/NR links).
 */
#include <stdlib.h>

#include "check_fail.h"
#include "frame_list.h"
#include "ghost.h"
#include "policy.h"
#include "queue_view.h"

enum { STACK = 1, OUT = 2 };
enum state { LIR = 1, HIR = 2, NR = 3 };

static const struct policy_knob lirs_knobs[] = {
	{ "lirs_hir_percent", 1, 1, 50, "Lhirs: resident HIR pages, percent of the frames (>= 1)" },
	{ "lirs_nonresident_percent", 100, 1, 1000,
	  "non-resident HIR pages kept in S, percent of the frames (>= 1)" },
	{ NULL, 0, 0, 0, NULL },
};

struct slot_list {
	uint32_t head, tail, count;
};

struct lirs {
	uint32_t c, llirs, nr_cap, lirs_count;
	struct ghost_table pages;       /* every tracked page, by key */
	struct ghost_list stack, out;   /* S (head: bottom), OUT */
	uint8_t *state;                 /* per slot */
	uint32_t *frame_of;             /* per slot: its frame (resident) */
	uint32_t *qnext, *qprev;        /* per slot: Q or NR links */
	struct slot_list q, nr;         /* head: oldest */
	uint32_t *slot_of;              /* per frame: its slot, GHOST_NONE */
	uint32_t frames;
};

static void *alloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	MMUSIM_CHECK(p, "lirs_create: out of memory");
	return p;
}

static void *lirs_create(const struct policy_params *params)
{
	struct lirs *l = alloc(1, sizeof *l);
	l->frames = params->frames;
	l->c = params->frames > 1 ? params->frames - 1 : 1;
	uint64_t hirs = (uint64_t)l->c * policy_knob_value(params, &lirs_knobs[0]) / 100;
	l->llirs = l->c - (hirs ? (uint32_t)hirs : 1);
	uint64_t nr = (uint64_t)l->c * policy_knob_value(params, &lirs_knobs[1]) / 100;
	l->nr_cap = nr ? (uint32_t)nr : 1;
	uint32_t cap = l->c + l->nr_cap;
	ghost_init(&l->pages, cap, "lirs_create");
	ghost_list_init(&l->stack, STACK);
	ghost_list_init(&l->out, OUT);
	l->state = alloc(cap, sizeof *l->state);
	l->frame_of = alloc(cap, sizeof *l->frame_of);
	l->qnext = alloc(cap, sizeof *l->qnext);
	l->qprev = alloc(cap, sizeof *l->qprev);
	l->slot_of = alloc(params->frames, sizeof *l->slot_of);
	for (uint32_t f = 0; f < params->frames; f++)
		l->slot_of[f] = GHOST_NONE;
	l->q = l->nr = (struct slot_list){ GHOST_NONE, GHOST_NONE, 0 };
	return l;
}

static void lirs_destroy(void *policy)
{
	struct lirs *l = policy;
	ghost_free(&l->pages);
	free(l->state);
	free(l->frame_of);
	free(l->qnext);
	free(l->qprev);
	free(l->slot_of);
	free(l);
}

static void q_push(struct lirs *l, struct slot_list *q, uint32_t s)
{
	l->qnext[s] = GHOST_NONE;
	l->qprev[s] = q->tail;
	if (q->tail == GHOST_NONE)
		q->head = s;
	else
		l->qnext[q->tail] = s;
	q->tail = s;
	q->count++;
}

static void q_remove(struct lirs *l, struct slot_list *q, uint32_t s)
{
	if (l->qprev[s] == GHOST_NONE)
		q->head = l->qnext[s];
	else
		l->qnext[l->qprev[s]] = l->qnext[s];
	if (l->qnext[s] == GHOST_NONE)
		q->tail = l->qprev[s];
	else
		l->qprev[l->qnext[s]] = l->qprev[s];
	q->count--;
}

static bool in_stack(const struct lirs *l, uint32_t s)
{
	return ghost_in(&l->pages, &l->stack, s);
}

/* Drop a page from every structure. */
static void untrack(struct lirs *l, uint32_t s)
{
	if (l->state[s] == HIR)
		q_remove(l, &l->q, s);
	else if (l->state[s] == NR)
		q_remove(l, &l->nr, s);
	else
		l->lirs_count--;
	ghost_remove(&l->pages, in_stack(l, s) ? &l->stack : &l->out, s);
	l->state[s] = 0;
}

/* Stack pruning: S's bottom becomes a LIR page. */
static void prune(struct lirs *l)
{
	while (l->stack.head != GHOST_NONE && l->state[l->stack.head] != LIR) {
		uint32_t s = l->stack.head;
		if (l->state[s] == HIR)
			ghost_move_tail(&l->pages, &l->stack, &l->out, s);
		else
			untrack(l, s);
	}
}

/* The bottom LIR page becomes HIR at Q's tail (it leaves S by pruning). */
static void demote_bottom(struct lirs *l)
{
	uint32_t b = l->stack.head;
	if (b == GHOST_NONE || l->state[b] != LIR)
		return;
	l->state[b] = HIR;
	l->lirs_count--;
	q_push(l, &l->q, b);
	prune(l);
}

static void to_top(struct lirs *l, uint32_t s)
{
	ghost_move_tail(&l->pages, in_stack(l, s) ? &l->stack : &l->out, &l->stack, s);
}

static void lirs_filled(void *policy, uint32_t frame, uint64_t key)
{
	struct lirs *l = policy;
	MMUSIM_CHECK(frame > 0 && frame < l->frames, "lirs_filled: frame %u is not replaceable", frame);
	MMUSIM_CHECK(l->slot_of[frame] == GHOST_NONE, "lirs_filled: frame %u already held", frame);
	uint32_t s = ghost_find(&l->pages, key);
	if (s != GHOST_NONE) { /* a ghost in S */
		MMUSIM_CHECK(l->state[s] == NR, "lirs_filled: key %llu is already resident",
			     (unsigned long long)key);
		q_remove(l, &l->nr, s);
		to_top(l, s);
		l->state[s] = LIR;
		l->lirs_count++;
		if (l->lirs_count > l->llirs)
			demote_bottom(l);
	} else {
		s = ghost_push_tail(&l->pages, &l->stack, key);
		if (l->lirs_count < l->llirs) {
			l->state[s] = LIR;
			l->lirs_count++;
		} else {
			l->state[s] = HIR;
			q_push(l, &l->q, s);
		}
	}
	l->frame_of[s] = frame;
	l->slot_of[frame] = s;
	prune(l); /* S held no LIR page (Llirs = 0, or all left): no HIR at its bottom */
}

static void lirs_released(void *policy, uint32_t frame, uint64_t key, bool evicted)
{
	struct lirs *l = policy;
	(void)key;
	uint32_t s = l->slot_of[frame];
	MMUSIM_CHECK(frame < l->frames && s != GHOST_NONE, "lirs_released: frame %u not held", frame);
	l->slot_of[frame] = GHOST_NONE;
	if (evicted && l->state[s] == HIR && in_stack(l, s)) {
		q_remove(l, &l->q, s);
		l->state[s] = NR;
		q_push(l, &l->nr, s);
		if (l->nr.count > l->nr_cap)
			untrack(l, l->nr.head);
	} else {
		untrack(l, s);
		prune(l);
	}
}

static void lirs_forget(void *policy, uint64_t key)
{
	struct lirs *l = policy;
	uint32_t s = ghost_find(&l->pages, key);
	if (s != GHOST_NONE && l->state[s] == NR)
		untrack(l, s);
}

static void lirs_accessed(void *policy, uint32_t frame, bool write)
{
	struct lirs *l = policy;
	(void)write;
	uint32_t s = frame < l->frames ? l->slot_of[frame] : GHOST_NONE;
	MMUSIM_CHECK(s != GHOST_NONE, "lirs_accessed: frame %u not held", frame);
	if (l->state[s] == LIR) {
		bool bottom = l->stack.head == s;
		to_top(l, s);
		if (bottom)
			prune(l);
	} else if (in_stack(l, s)) {
		to_top(l, s);
		q_remove(l, &l->q, s);
		l->state[s] = LIR;
		l->lirs_count++;
		if (l->lirs_count > l->llirs)
			demote_bottom(l);
	} else {
		to_top(l, s);
		q_remove(l, &l->q, s);
		q_push(l, &l->q, s);
		prune(l);
	}
}

static uint32_t lirs_victim(void *policy, const struct victim_probe *probe)
{
	struct lirs *l = policy;
	for (uint32_t s = l->q.head; s != GHOST_NONE; s = l->qnext[s])
		if (!probe->pinned(probe->ctx, l->frame_of[s]))
			return l->frame_of[s];
	for (uint32_t s = l->stack.head; s != GHOST_NONE; s = l->pages.next[s])
		if (l->state[s] == LIR && !probe->pinned(probe->ctx, l->frame_of[s]))
			return l->frame_of[s];
	MMUSIM_CHECK(0, "lirs_victim: no unpinned frame among the %u held",
		     l->q.count + l->lirs_count);
	return FRAME_NONE;
}

/* Q oldest first, then the LIR pages from S's bottom. */
static uint32_t lirs_order(const void *policy, uint32_t *frames, uint32_t cap)
{
	const struct lirs *l = policy;
	uint32_t n = 0;
	for (uint32_t s = l->q.head; s != GHOST_NONE; s = l->qnext[s], n++)
		if (frames && n < cap)
			frames[n] = l->frame_of[s];
	for (uint32_t s = l->stack.head; s != GHOST_NONE; s = l->pages.next[s])
		if (l->state[s] == LIR) {
			if (frames && n < cap)
				frames[n] = l->frame_of[s];
			n++;
		}
	return n;
}

static bool lirs_holds(const void *policy, uint32_t frame)
{
	const struct lirs *l = policy;
	return frame < l->frames && l->slot_of[frame] != GHOST_NONE;
}

static void lirs_check(const void *policy)
{
	const struct lirs *l = policy;
	struct ghost_list *lists[2] = { (struct ghost_list *)&l->stack, (struct ghost_list *)&l->out };
	ghost_check(&l->pages, lists, 2, "lirs_check");
	uint32_t lir = 0, hir = 0, nr = 0, in_q = 0, in_nr = 0;
	for (uint32_t s = l->q.head; s != GHOST_NONE; s = l->qnext[s], in_q++)
		MMUSIM_CHECK(l->state[s] == HIR && in_q < l->q.count, "lirs_check: Q broken at %u", s);
	for (uint32_t s = l->nr.head; s != GHOST_NONE; s = l->nr.count ? l->qnext[s] : GHOST_NONE, in_nr++)
		MMUSIM_CHECK(l->state[s] == NR && in_stack(l, s) && in_nr < l->nr.count,
			     "lirs_check: the NR list broken at %u", s);
	for (uint32_t s = 0; s < l->pages.capacity; s++) {
		if (!l->pages.list[s])
			continue;
		lir += l->state[s] == LIR;
		hir += l->state[s] == HIR;
		nr += l->state[s] == NR;
		MMUSIM_CHECK(l->state[s] != LIR || in_stack(l, s), "lirs_check: LIR slot %u not in S", s);
		MMUSIM_CHECK(l->state[s] == NR || l->slot_of[l->frame_of[s]] == s,
			     "lirs_check: slot %u and its frame %u disagree", s, l->frame_of[s]);
	}
	MMUSIM_CHECK(in_q == l->q.count && hir == in_q && in_nr == l->nr.count && nr == in_nr,
		     "lirs_check: %u HIR, Q %u/%u; %u NR, list %u/%u", hir, in_q, l->q.count, nr,
		     in_nr, l->nr.count);
	MMUSIM_CHECK(lir == l->lirs_count && lir <= l->llirs, "lirs_check: %u LIR pages, count %u, "
		     "Llirs %u", lir, l->lirs_count, l->llirs);
	MMUSIM_CHECK(nr <= l->nr_cap, "lirs_check: %u ghosts > bound %u", nr, l->nr_cap);
	MMUSIM_CHECK(l->stack.head == GHOST_NONE || l->state[l->stack.head] == LIR,
		     "lirs_check: S's bottom is not a LIR page");
	uint32_t held = 0;
	for (uint32_t f = 0; f < l->frames; f++)
		held += l->slot_of[f] != GHOST_NONE;
	MMUSIM_CHECK(held == lir + hir, "lirs_check: %u frames held, %u LIR + %u HIR", held, lir, hir);
}

static void *lirs_clone(const void *policy)
{
	const struct lirs *from = policy;
	struct lirs *to = frame_copy_bytes(from, sizeof *from, "lirs_clone");
	uint32_t cap = from->pages.capacity;
	ghost_copy(&to->pages, &from->pages, "lirs_clone");
	to->state = frame_copy_bytes(from->state, sizeof *from->state * cap, "lirs_clone");
	to->frame_of = frame_copy_bytes(from->frame_of, sizeof *from->frame_of * cap, "lirs_clone");
	to->qnext = frame_copy_bytes(from->qnext, sizeof *from->qnext * cap, "lirs_clone");
	to->qprev = frame_copy_bytes(from->qprev, sizeof *from->qprev * cap, "lirs_clone");
	to->slot_of = frame_copy_bytes(from->slot_of, sizeof *from->slot_of * from->frames,
				       "lirs_clone");
	return to;
}

/* Stack S from its bottom (LIR and HIR pages, non-resident HIR ones as
 * ghosts), then list Q of the resident HIR pages (queue_view.h). */
static void lirs_describe(const void *policy, struct queue_view *view)
{
	const struct lirs *l = policy;
	uint8_t lir = queue_view_mark(view, "LIR");
	uint8_t hir = queue_view_mark(view, "HIR");
	queue_view_queue(view, "stack S", "bottom", "top", 0);
	for (uint32_t s = l->stack.head; s != GHOST_NONE; s = l->pages.next[s])
		queue_view_entry(view, l->state[s] == NR ? 0 : l->frame_of[s], l->pages.key[s],
				 l->state[s] == LIR ? lir : hir);
	queue_view_queue(view, "Q", "oldest", "newest", 0);
	for (uint32_t s = l->q.head; s != GHOST_NONE; s = l->qnext[s])
		queue_view_entry(view, l->frame_of[s], l->pages.key[s], hir);
	queue_view_param(view, "Llirs", l->llirs, "LIR pages");
	queue_view_param(view, "Lhirs", l->c - l->llirs, "resident HIR pages");
}

const struct policy_ops policy_lirs = {
	.name = "lirs",
	.summary = "LIRS (SIGMETRICS'02): LIR and HIR pages by reuse distance (every access)",
	.wants_accesses = true,
	.knobs = lirs_knobs,
	.create = lirs_create,
	.destroy = lirs_destroy,
	.filled = lirs_filled,
	.released = lirs_released,
	.forget = lirs_forget,
	.accessed = lirs_accessed,
	.victim = lirs_victim,
	.order = lirs_order,
	.describe = lirs_describe,
	.holds = lirs_holds,
	.check = lirs_check,
	.clone = lirs_clone,
};
