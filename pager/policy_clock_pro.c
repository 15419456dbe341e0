/*
 * pager/policy_clock_pro.c: CLOCK-Pro (Jiang, Chen and Zhang, "CLOCK-Pro:
 * An Effective Improvement of the CLOCK Replacement", USENIX ATC 2005,
 * section 4), from referenced bits only.
 *
 * m = the usable frames. One clock (a ring) holds resident hot pages,
 * resident cold pages and non-resident cold pages (ghosts), each cold page
 * with or without a test period. New entries go to the head (the youngest
 * end); three hands move from the oldest towards the head and wrap. A hand
 * with nothing to point at starts at the oldest entry; a hand on an entry
 * that moves or goes is first advanced to the next one. m_c, the target for
 * resident cold pages, starts at 1 and stays in 1..max(1, m - 1); hot pages
 * may number m_h = m - m_c. Each test period that ends without a use
 * lowers m_c by one; each use within one raises it by one.
 *  - victim() (HAND_cold): clear the bit of every frame filled since the
 *    previous victim() (a fill's reference is not a use, as in `s3-fifo`);
 *    run HAND_hot while hot pages exceed m_h; then from HAND_cold take the
 *    next resident cold page: referenced and in its test period: it becomes
 *    hot at the head (m_c + 1; then HAND_hot while hot > m_h); referenced,
 *    no test period: it gets one and moves to the head; not referenced: it
 *    is the victim (the hand moves past it). A victim in its test period
 *    stays as a ghost; if ghosts then exceed m, HAND_test runs.
 *  - HAND_hot: at a hot page: referenced: clear, pass; not: it becomes a
 *    cold page without test period (one demoted: stop). At a cold resident
 *    page in its test period: end it (m_c - 1). At a ghost: remove it
 *    (m_c - 1). Pinned pages are passed untouched.
 *  - HAND_test: at a cold resident page in test: end it (m_c - 1); at a
 *    ghost: remove it (m_c - 1) and stop; hot pages are passed.
 *  - filled(x): a ghost of x: x becomes hot at the head (m_c + 1; HAND_hot
 *    runs at the next victim(), since filled() has no probe); else x is a
 *    cold page in its test period at the head.
 *
 * Ghosts: at most m (m + 1 for a moment). Every page in the clock has a
 * slot in one table (ghost.h) keyed by page key, with ring links, flags
 * and its frame. Cost: O(1) a call but the hands, amortised O(1) a miss
 * (each step clears a bit, ends a test, demotes or removes). Memory: 13
 * bytes a frame plus ~40 bytes a page in the clock (resident or ghost).
 */
#include <stdlib.h>

#include "check_fail.h"
#include "frame_list.h"
#include "ghost.h"
#include "policy.h"
#include "queue_view.h"

enum { HOT = 1, TEST = 2, RES = 4 };

struct cpro {
	uint32_t m, mc, mc_max, frames;
	uint32_t hot, cold, nonres;          /* resident hot, resident cold, ghosts */
	struct ghost_table t;                /* every page in the clock */
	struct ghost_list all;
	uint32_t *rnext, *rprev;             /* the ring, per slot */
	uint8_t *flags;                      /* per slot */
	uint32_t *frame_of;                  /* per slot (resident) */
	uint32_t *slot_of;                   /* per frame, GHOST_NONE */
	uint32_t head;                       /* the youngest entry */
	uint32_t hand_hot, hand_cold, hand_test;
	struct frame_links fresh_links;
	struct frame_list fresh;
	uint32_t victim;
};

static void *zalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	MMUSIM_CHECK(p, "clock_pro_create: out of memory");
	return p;
}

static void *cpro_create(const struct policy_params *params)
{
	struct cpro *c = zalloc(1, sizeof *c);
	c->frames = params->frames;
	c->m = params->frames > 1 ? params->frames - 1 : 1;
	c->mc = 1;
	c->mc_max = c->m > 1 ? c->m - 1 : 1;
	uint32_t cap = 2 * c->m + 1;
	ghost_init(&c->t, cap, "clock_pro_create");
	ghost_list_init(&c->all, 1);
	c->rnext = zalloc(cap, sizeof *c->rnext);
	c->rprev = zalloc(cap, sizeof *c->rprev);
	c->flags = zalloc(cap, sizeof *c->flags);
	c->frame_of = zalloc(cap, sizeof *c->frame_of);
	c->slot_of = zalloc(params->frames, sizeof *c->slot_of);
	for (uint32_t f = 0; f < params->frames; f++)
		c->slot_of[f] = GHOST_NONE;
	c->head = c->hand_hot = c->hand_cold = c->hand_test = GHOST_NONE;
	frame_links_init(&c->fresh_links, params->frames, "clock_pro_create");
	frame_list_init(&c->fresh, 1);
	c->victim = FRAME_NONE;
	return c;
}

static void cpro_destroy(void *policy)
{
	struct cpro *c = policy;
	ghost_free(&c->t);
	free(c->rnext);
	free(c->rprev);
	free(c->flags);
	free(c->frame_of);
	free(c->slot_of);
	frame_links_free(&c->fresh_links);
	free(c);
}

static void ring_insert_head(struct cpro *c, uint32_t s)
{
	if (c->head == GHOST_NONE) {
		c->rnext[s] = c->rprev[s] = s;
	} else {
		uint32_t n = c->rnext[c->head];
		c->rnext[c->head] = s;
		c->rprev[s] = c->head;
		c->rnext[s] = n;
		c->rprev[n] = s;
	}
	c->head = s;
}

static void ring_unlink(struct cpro *c, uint32_t s)
{
	uint32_t next = c->rnext[s] == s ? GHOST_NONE : c->rnext[s];
	uint32_t *hands[3] = { &c->hand_hot, &c->hand_cold, &c->hand_test };
	for (int i = 0; i < 3; i++)
		if (*hands[i] == s)
			*hands[i] = next;
	if (c->head == s)
		c->head = c->rprev[s] == s ? GHOST_NONE : c->rprev[s];
	c->rnext[c->rprev[s]] = c->rnext[s];
	c->rprev[c->rnext[s]] = c->rprev[s];
}

static void move_to_head(struct cpro *c, uint32_t s)
{
	ring_unlink(c, s);
	ring_insert_head(c, s);
}

static uint32_t start(const struct cpro *c, uint32_t hand)
{
	return hand != GHOST_NONE ? hand : c->head != GHOST_NONE ? c->rnext[c->head] : GHOST_NONE;
}

static void end_test(struct cpro *c)
{
	if (c->mc > 1)
		c->mc--;
}

/* A ghost leaves the clock (its test period ends). */
static void drop_ghost(struct cpro *c, uint32_t s)
{
	ring_unlink(c, s);
	ghost_remove(&c->t, &c->all, s);
	c->nonres--;
	end_test(c);
}

static uint32_t ring_size(const struct cpro *c)
{
	return c->hot + c->cold + c->nonres;
}

/* HAND_hot: demote one hot page; false when it found none to demote. */
static bool run_hand_hot(struct cpro *c, const struct victim_probe *probe)
{
	for (uint64_t step = 0, n = 3ull * ring_size(c) + 3; step < n; step++) {
		uint32_t e = start(c, c->hand_hot);
		if (e == GHOST_NONE)
			return false;
		if (!(c->flags[e] & RES)) {
			drop_ghost(c, e); /* advances the hand */
			continue;
		}
		c->hand_hot = c->rnext[e];
		if (c->flags[e] & HOT) {
			if (probe->pinned(probe->ctx, c->frame_of[e]) ||
			    probe->test_and_clear_referenced(probe->ctx, c->frame_of[e]))
				continue;
			c->flags[e] = RES;
			c->hot--;
			c->cold++;
			return true;
		}
		if (c->flags[e] & TEST) {
			c->flags[e] &= (uint8_t)~TEST;
			end_test(c);
		}
	}
	return false;
}

/* HAND_test: remove one ghost, ending test periods on the way. */
static void run_hand_test(struct cpro *c)
{
	for (uint64_t step = 0, n = 2ull * ring_size(c) + 2; step < n; step++) {
		uint32_t e = start(c, c->hand_test);
		if (!(c->flags[e] & RES)) {
			drop_ghost(c, e);
			return;
		}
		c->hand_test = c->rnext[e];
		if (!(c->flags[e] & HOT) && (c->flags[e] & TEST)) {
			c->flags[e] &= (uint8_t)~TEST;
			end_test(c);
		}
	}
	MMUSIM_CHECK(0, "clock_pro: HAND_test found no ghost among %u", c->nonres);
}

static void balance_hot(struct cpro *c, const struct victim_probe *probe)
{
	while (c->hot > c->m - c->mc)
		if (!run_hand_hot(c, probe))
			return;
}

static uint32_t cpro_victim(void *policy, const struct victim_probe *probe)
{
	struct cpro *c = policy;
	for (uint32_t f = c->fresh.head, next; f != FRAME_NONE; f = next) {
		next = c->fresh_links.next[f];
		if (!probe->pinned(probe->ctx, f)) {
			(void)probe->test_and_clear_referenced(probe->ctx, f);
			frame_list_remove(&c->fresh, &c->fresh_links, f);
		}
	}
	balance_hot(c, probe);
	uint32_t passed = 0; /* entries passed since the last change */
	for (uint64_t step = 0, n = 8ull * ring_size(c) + 8; step < n; step++) {
		uint32_t e = start(c, c->hand_cold);
		MMUSIM_CHECK(e != GHOST_NONE, "clock_pro_victim: no unpinned frame (none held)");
		if (passed > ring_size(c)) {
			/* a lap without an unpinned cold page: demote a hot one */
			MMUSIM_CHECK(run_hand_hot(c, probe),
				     "clock_pro_victim: no unpinned frame among the %u held",
				     c->hot + c->cold);
			passed = 0;
			continue;
		}
		if ((c->flags[e] & (RES | HOT)) != RES || probe->pinned(probe->ctx, c->frame_of[e])) {
			c->hand_cold = c->rnext[e];
			passed++;
			continue;
		}
		passed = 0;
		if (!probe->test_and_clear_referenced(probe->ctx, c->frame_of[e])) {
			c->hand_cold = c->rnext[e];
			c->victim = c->frame_of[e];
			return c->victim;
		}
		if (c->flags[e] & TEST) {
			c->flags[e] = RES | HOT;
			c->cold--;
			c->hot++;
			if (c->mc < c->mc_max)
				c->mc++;
			move_to_head(c, e);
			balance_hot(c, probe);
		} else {
			c->flags[e] |= TEST;
			move_to_head(c, e);
		}
	}
	MMUSIM_CHECK(0, "clock_pro_victim: no victim after %u steps", 8 * ring_size(c) + 8);
	return FRAME_NONE;
}

static void cpro_filled(void *policy, uint32_t frame, uint64_t key)
{
	struct cpro *c = policy;
	MMUSIM_CHECK(frame > 0 && frame < c->frames, "clock_pro_filled: frame %u is not replaceable",
		     frame);
	MMUSIM_CHECK(c->slot_of[frame] == GHOST_NONE, "clock_pro_filled: frame %u already held",
		     frame);
	uint32_t s = ghost_find(&c->t, key);
	if (s != GHOST_NONE) {
		MMUSIM_CHECK(!(c->flags[s] & RES), "clock_pro_filled: key %llu already resident",
			     (unsigned long long)key);
		c->flags[s] = RES | HOT;
		c->nonres--;
		c->hot++;
		if (c->mc < c->mc_max)
			c->mc++;
		move_to_head(c, s);
	} else {
		s = ghost_push_tail(&c->t, &c->all, key);
		c->flags[s] = RES | TEST;
		c->cold++;
		ring_insert_head(c, s);
	}
	c->frame_of[s] = frame;
	c->slot_of[frame] = s;
	frame_list_push_tail(&c->fresh, &c->fresh_links, frame);
}

static void cpro_released(void *policy, uint32_t frame, uint64_t key, bool evicted)
{
	struct cpro *c = policy;
	(void)key;
	uint32_t s = frame < c->frames ? c->slot_of[frame] : GHOST_NONE;
	MMUSIM_CHECK(s != GHOST_NONE, "clock_pro_released: frame %u not held", frame);
	c->slot_of[frame] = GHOST_NONE;
	if (frame_list_holds(&c->fresh, &c->fresh_links, frame))
		frame_list_remove(&c->fresh, &c->fresh_links, frame);
	bool keep = evicted && frame == c->victim && c->flags[s] == (RES | TEST);
	c->victim = FRAME_NONE;
	if (c->flags[s] & HOT)
		c->hot--;
	else
		c->cold--;
	if (keep) {
		c->flags[s] = TEST; /* a ghost, still in its test period */
		c->nonres++;
		if (c->nonres > c->m)
			run_hand_test(c);
	} else {
		ring_unlink(c, s);
		ghost_remove(&c->t, &c->all, s);
	}
}

static void cpro_forget(void *policy, uint64_t key)
{
	struct cpro *c = policy;
	uint32_t s = ghost_find(&c->t, key);
	if (s != GHOST_NONE && !(c->flags[s] & RES)) {
		ring_unlink(c, s);
		ghost_remove(&c->t, &c->all, s);
		c->nonres--;
	}
}

static bool cpro_holds(const void *policy, uint32_t frame)
{
	const struct cpro *c = policy;
	return frame < c->frames && c->slot_of[frame] != GHOST_NONE;
}

static void cpro_accessed(void *policy, uint32_t frame, bool write)
{
	(void)write;
	MMUSIM_CHECK(cpro_holds(policy, frame), "clock_pro_accessed: frame %u not held", frame);
}

/* Resident pages in ring order from HAND_cold (the next ones it judges). */
static uint32_t cpro_order(const void *policy, uint32_t *frames, uint32_t cap)
{
	const struct cpro *c = policy;
	uint32_t n = 0, e = start(c, c->hand_cold), size = ring_size(c);
	for (uint32_t i = 0; i < size; i++, e = c->rnext[e])
		if (c->flags[e] & RES) {
			if (frames && n < cap)
				frames[n] = c->frame_of[e];
			n++;
		}
	return n;
}

static void cpro_check(const void *policy)
{
	const struct cpro *c = policy;
	struct ghost_list *lists[1] = { (struct ghost_list *)&c->all };
	ghost_check(&c->t, lists, 1, "clock_pro_check");
	uint32_t size = ring_size(c), hot = 0, cold = 0, nonres = 0, seen = 0;
	MMUSIM_CHECK(c->all.count == size, "clock_pro_check: %u pages in the table, ring counts %u",
		     c->all.count, size);
	if (size) {
		uint32_t e = c->head;
		do {
			MMUSIM_CHECK(c->rprev[c->rnext[e]] == e && c->t.list[e],
				     "clock_pro_check: the ring is broken at slot %u", e);
			MMUSIM_CHECK(++seen <= size, "clock_pro_check: the ring is longer than %u", size);
			uint8_t f = c->flags[e];
			hot += f == (RES | HOT);
			cold += (f & (RES | HOT)) == RES;
			nonres += f == TEST;
			MMUSIM_CHECK(f == (RES | HOT) || (f & ~TEST) == RES || f == TEST,
				     "clock_pro_check: slot %u has flags %u", e, f);
			MMUSIM_CHECK(!(f & RES) || c->slot_of[c->frame_of[e]] == e,
				     "clock_pro_check: slot %u and frame %u disagree", e, c->frame_of[e]);
			e = c->rnext[e];
		} while (e != c->head);
	} else {
		MMUSIM_CHECK(c->head == GHOST_NONE && c->hand_hot == GHOST_NONE &&
			     c->hand_cold == GHOST_NONE && c->hand_test == GHOST_NONE,
			     "clock_pro_check: an empty clock with a hand");
	}
	MMUSIM_CHECK(seen == size && hot == c->hot && cold == c->cold && nonres == c->nonres,
		     "clock_pro_check: ring %u/%u, hot %u/%u, cold %u/%u, ghosts %u/%u", seen, size,
		     hot, c->hot, cold, c->cold, nonres, c->nonres);
	MMUSIM_CHECK(c->hot + c->cold <= c->m && c->nonres <= c->m,
		     "clock_pro_check: %u resident, %u ghosts, m is %u", c->hot + c->cold,
		     c->nonres, c->m);
	MMUSIM_CHECK(c->mc >= 1 && c->mc <= c->mc_max, "clock_pro_check: m_c %u outside 1..%u",
		     c->mc, c->mc_max);
	uint32_t held = 0;
	for (uint32_t f = 0; f < c->frames; f++) {
		held += c->slot_of[f] != GHOST_NONE;
		MMUSIM_CHECK(c->slot_of[f] != GHOST_NONE || !frame_list_holds(&c->fresh, &c->fresh_links, f),
			     "clock_pro_check: frame %u is fresh but not held", f);
	}
	MMUSIM_CHECK(held == hot + cold, "clock_pro_check: %u frames held, %u in the clock", held,
		     hot + cold);
}

static void *cpro_clone(const void *policy)
{
	const struct cpro *from = policy;
	struct cpro *to = frame_copy_bytes(from, sizeof *from, "clock_pro_clone");
	uint32_t cap = from->t.capacity;
	ghost_copy(&to->t, &from->t, "clock_pro_clone");
	to->rnext = frame_copy_bytes(from->rnext, sizeof *from->rnext * cap, "clock_pro_clone");
	to->rprev = frame_copy_bytes(from->rprev, sizeof *from->rprev * cap, "clock_pro_clone");
	to->flags = frame_copy_bytes(from->flags, sizeof *from->flags * cap, "clock_pro_clone");
	to->frame_of = frame_copy_bytes(from->frame_of, sizeof *from->frame_of * cap,
					"clock_pro_clone");
	to->slot_of = frame_copy_bytes(from->slot_of, sizeof *from->slot_of * from->frames,
				       "clock_pro_clone");
	frame_links_copy(&to->fresh_links, &from->fresh_links, "clock_pro_clone");
	return to;
}

/* Where a hand points in the clock as describe lists it (from the oldest
 * entry): the entry it judges next. */
static uint32_t hand_index(const struct cpro *c, uint32_t hand)
{
	uint32_t e = c->head == GHOST_NONE ? GHOST_NONE : c->rnext[c->head];
	uint32_t at = start(c, hand), size = ring_size(c);
	for (uint32_t i = 0; i < size; i++, e = c->rnext[e])
		if (e == at)
			return i;
	return 0;
}

/* The one clock from its oldest entry to the head: hot, cold and cold in
 * test (resident or ghosts), the three hands, and m_c (queue_view.h). */
static void cpro_describe(const void *policy, struct queue_view *view)
{
	const struct cpro *c = policy;
	uint8_t hot = queue_view_mark(view, "hot");
	uint8_t test = queue_view_mark(view, "in test");
	uint32_t q = queue_view_queue(view, "clock", "oldest", "head", QV_RING);
	uint32_t size = ring_size(c);
	uint32_t e = c->head == GHOST_NONE ? GHOST_NONE : c->rnext[c->head];
	for (uint32_t i = 0; i < size; i++, e = c->rnext[e]) {
		uint8_t f = c->flags[e];
		queue_view_entry(view, (f & RES) ? c->frame_of[e] : 0, c->t.key[e],
				 (f & HOT) ? hot : (f & TEST) ? test : 0);
	}
	queue_view_hand(view, "hot", q, hand_index(c, c->hand_hot));
	queue_view_hand(view, "cold", q, hand_index(c, c->hand_cold));
	queue_view_hand(view, "test", q, hand_index(c, c->hand_test));
	queue_view_param(view, "m_c", c->mc, "target of resident cold pages");
}

const struct policy_ops policy_clock_pro = {
	.name = "clock-pro",
	.summary = "CLOCK-Pro (ATC'05): hot, cold and test pages on one clock, from referenced bits",
	.create = cpro_create,
	.destroy = cpro_destroy,
	.filled = cpro_filled,
	.released = cpro_released,
	.forget = cpro_forget,
	.accessed = cpro_accessed,
	.victim = cpro_victim,
	.order = cpro_order,
	.describe = cpro_describe,
	.holds = cpro_holds,
	.check = cpro_check,
	.clone = cpro_clone,
};
