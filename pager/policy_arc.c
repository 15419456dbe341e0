/*
 * pager/policy_arc.c: ARC, adaptive replacement cache (Megiddo and Modha,
 * "ARC: A Self-Tuning, Low Overhead Replacement Cache", FAST 2003, Fig. 4).
 *
 * c = the usable frames. Resident pages are in T1 (seen once recently) and
 * T2 (seen at least twice), each an LRU list (head: least recent); ghost
 * keys in B1 and B2 (pages evicted from T1 and T2), LRU lists too. The
 * target p for |T1| adapts: a miss on a B1 ghost raises it by
 * max(|B2|/|B1|, 1) (at most c), one on a B2 ghost lowers it by
 * max(|B1|/|B2|, 1) (at least 0), in double precision.
 *
 * The paper handles a miss on x in one step; here victim() (which learns
 * x from the probe's incoming_key) does everything up to the eviction and
 * filled() the rest:
 *  - x in B1 (case II) or B2 (case III): adapt p; REPLACE.
 *  - x new (case IV): if |T1| + |B1| = c: if |T1| < c drop B1's LRU and
 *    REPLACE, else the victim is T1's LRU, no ghost (IV.A); otherwise if
 *    the directory holds 2c pages drop B2's LRU, then REPLACE (IV.B).
 *  - REPLACE: if |T1| >= 1 and (|T1| > p, or x in B2 and |T1| = p), the
 *    victim is T1's LRU, its key to B1's MRU end; else T2's LRU, to B2.
 *  - filled(): x leaves its ghost list for T2's MRU end (cases II, III),
 *    or goes to T1's MRU end (case IV). A fill without victim() (a free
 *    frame: memory was never full, or a process exited) does the same
 *    directory work without REPLACE, keeping |T1| + |B1| <= c and the
 *    directory <= 2c.
 * A hit (accessed(): ARC needs every access, like lru) moves the page to
 * T2's MRU end. Pinned frames: the LRU-most unpinned frame of the list
 * REPLACE names, else of the other list.
 *
 * Ghosts: at most 2c keys (B1 + B2 <= 2c - |T1| - |T2|).
 * Cost: O(1) a call (ghost lookups are hash probes); victim O(1 + pinned).
 * Memory: 17 bytes a frame (list links, the key), ghost entries 25 to 29 bytes.
 */
#include <stdlib.h>

#include "check_fail.h"
#include "frame_list.h"
#include "ghost.h"
#include "policy.h"
#include "queue_view.h"

enum { T1 = 1, T2 = 2, B1 = 1, B2 = 2 };

struct arc {
	uint32_t c;
	double p;
	struct frame_links links;
	struct frame_list t1, t2;       /* head: LRU */
	uint64_t *key;                  /* per frame */
	struct ghost_table ghosts;
	struct ghost_list b1, b2;       /* head: LRU */
	/* Set by victim() for the fill and the release that follow. */
	uint64_t pending;               /* x, or POLICY_KEY_NONE (a new copy) */
	bool pending_valid;             /* victim() ran; no fill since */
	uint32_t victim;                /* the frame chosen, FRAME_NONE */
	uint8_t victim_ghost;           /* B1, B2, or 0: no ghost */
};

static void *arc_create(const struct policy_params *params)
{
	struct arc *a = calloc(1, sizeof *a);
	MMUSIM_CHECK(a, "arc_create: out of memory");
	a->c = params->frames > 1 ? params->frames - 1 : 1;
	frame_links_init(&a->links, params->frames, "arc_create");
	frame_list_init(&a->t1, T1);
	frame_list_init(&a->t2, T2);
	a->key = calloc(params->frames ? params->frames : 1, sizeof *a->key);
	MMUSIM_CHECK(a->key, "arc_create: out of memory for %u frames", params->frames);
	ghost_init(&a->ghosts, 2 * a->c, "arc_create");
	ghost_list_init(&a->b1, B1);
	ghost_list_init(&a->b2, B2);
	a->pending = POLICY_KEY_NONE;
	a->victim = FRAME_NONE;
	return a;
}

static void arc_destroy(void *policy)
{
	struct arc *a = policy;
	frame_links_free(&a->links);
	ghost_free(&a->ghosts);
	free(a->key);
	free(a);
}

static uint32_t directory(const struct arc *a)
{
	return a->t1.count + a->t2.count + a->b1.count + a->b2.count;
}

/* Cases II and III: a ghost hit moves the target. */
static void adapt(struct arc *a, const struct ghost_list *hit)
{
	if (hit == &a->b1) {
		double d = a->b1.count >= a->b2.count ? 1.0 : (double)a->b2.count / a->b1.count;
		a->p = a->p + d < a->c ? a->p + d : a->c;
	} else {
		double d = a->b2.count >= a->b1.count ? 1.0 : (double)a->b1.count / a->b2.count;
		a->p = a->p - d > 0 ? a->p - d : 0;
	}
}

/* The list holding a ghost of key, or NULL. */
static struct ghost_list *ghost_list_of(struct arc *a, uint64_t key, uint32_t *slot)
{
	*slot = key == POLICY_KEY_NONE ? GHOST_NONE : ghost_find(&a->ghosts, key);
	if (ghost_in(&a->ghosts, &a->b1, *slot))
		return &a->b1;
	if (ghost_in(&a->ghosts, &a->b2, *slot))
		return &a->b2;
	return NULL;
}

/* Case IV's directory work before x joins T1; true when REPLACE is due
 * (only if x takes a frame from someone: `full`). */
static bool make_room_for_new(struct arc *a, bool full, uint32_t *t1_victim_only)
{
	*t1_victim_only = 0;
	if (a->t1.count + a->b1.count >= a->c) {
		if (a->t1.count < a->c) {
			(void)ghost_pop_head(&a->ghosts, &a->b1);
			return full;
		}
		*t1_victim_only = 1; /* IV.A: the LRU of T1 goes, no ghost */
		return false;
	}
	if (directory(a) >= 2 * a->c)
		(void)ghost_pop_head(&a->ghosts, &a->b2);
	return full;
}

static uint32_t lru_unpinned(struct frame_list *l, struct arc *a, const struct victim_probe *probe)
{
	return frame_list_first_unpinned(l, &a->links, probe);
}

static uint32_t arc_victim(void *policy, const struct victim_probe *probe)
{
	struct arc *a = policy;
	uint64_t x = probe->incoming_key(probe->ctx);
	uint32_t slot, t1_only;
	struct ghost_list *hit = ghost_list_of(a, x, &slot);
	a->pending = x;
	a->pending_valid = true;
	if (hit)
		adapt(a, hit);
	else if (!make_room_for_new(a, true, &t1_only) && t1_only) {
		uint32_t f = lru_unpinned(&a->t1, a, probe);
		if (f != FRAME_NONE) {
			a->victim = f;
			a->victim_ghost = 0;
			return f;
		}
		/* all of T1 pinned: fall back on REPLACE's other list */
	}
	/* REPLACE(x, p) */
	bool from_t1 = a->t1.count >= 1 &&
		       ((double)a->t1.count > a->p || (hit == &a->b2 && (double)a->t1.count == a->p));
	uint32_t f = lru_unpinned(from_t1 ? &a->t1 : &a->t2, a, probe);
	if (f == FRAME_NONE) {
		from_t1 = !from_t1;
		f = lru_unpinned(from_t1 ? &a->t1 : &a->t2, a, probe);
	}
	MMUSIM_CHECK(f != FRAME_NONE, "arc_victim: no unpinned frame among the %u held",
		     a->t1.count + a->t2.count);
	a->victim = f;
	a->victim_ghost = from_t1 ? B1 : B2;
	return f;
}

static void arc_filled(void *policy, uint32_t frame, uint64_t key)
{
	struct arc *a = policy;
	uint32_t slot, t1_only;
	struct ghost_list *hit = ghost_list_of(a, key, &slot);
	/* victim() did the directory work for this page (POLICY_KEY_NONE:
	 * the page was new, as a copy's is) */
	bool decided = a->pending_valid && (a->pending == key || a->pending == POLICY_KEY_NONE);
	a->pending = POLICY_KEY_NONE;
	a->pending_valid = false;
	if (hit) {
		if (!decided)
			adapt(a, hit);
		ghost_remove(&a->ghosts, hit, slot);
		frame_list_push_tail(&a->t2, &a->links, frame);
	} else {
		if (!decided)
			(void)make_room_for_new(a, false, &t1_only);
		frame_list_push_tail(&a->t1, &a->links, frame);
		/* The bounds hold whatever came between victim() and this fill
		 * (a read that failed): never a change in a normal miss. */
		while (a->t1.count + a->b1.count > a->c && a->b1.count)
			(void)ghost_pop_head(&a->ghosts, &a->b1);
		while (directory(a) > 2 * a->c && a->b2.count)
			(void)ghost_pop_head(&a->ghosts, &a->b2);
	}
	a->key[frame] = key;
}

static void arc_released(void *policy, uint32_t frame, uint64_t key, bool evicted)
{
	struct arc *a = policy;
	bool in_t1 = frame_list_holds(&a->t1, &a->links, frame);
	frame_list_remove(in_t1 ? &a->t1 : &a->t2, &a->links, frame);
	if (evicted && frame == a->victim && a->victim_ghost) {
		struct ghost_list *to = a->victim_ghost == B1 ? &a->b1 : &a->b2;
		ghost_push_tail(&a->ghosts, to, key);
	}
	a->victim = FRAME_NONE;
	a->victim_ghost = 0;
}

static void arc_forget(void *policy, uint64_t key)
{
	struct arc *a = policy;
	struct ghost_list *lists[2] = { &a->b1, &a->b2 };
	(void)ghost_forget(&a->ghosts, lists, 2, key);
}

/* Case I: a hit makes the page T2's most recent. */
static void arc_accessed(void *policy, uint32_t frame, bool write)
{
	struct arc *a = policy;
	(void)write;
	bool in_t1 = frame_list_holds(&a->t1, &a->links, frame);
	MMUSIM_CHECK(in_t1 || frame_list_holds(&a->t2, &a->links, frame),
		     "arc_accessed: frame %u not held", frame);
	frame_list_remove(in_t1 ? &a->t1 : &a->t2, &a->links, frame);
	frame_list_push_tail(&a->t2, &a->links, frame);
}

static uint32_t arc_order(const void *policy, uint32_t *frames, uint32_t cap)
{
	const struct arc *a = policy;
	uint32_t at = frame_list_write(&a->t1, &a->links, frames, cap, 0);
	return frame_list_write(&a->t2, &a->links, frames, cap, at);
}

static bool arc_holds(const void *policy, uint32_t frame)
{
	const struct arc *a = policy;
	return frame < a->links.frames && a->links.list[frame] != 0;
}

static void arc_check(const void *policy)
{
	const struct arc *a = policy;
	frame_list_check(&a->t1, &a->links, "arc_check");
	frame_list_check(&a->t2, &a->links, "arc_check");
	MMUSIM_CHECK(frame_links_linked(&a->links) == a->t1.count + a->t2.count,
		     "arc_check: %u frames marked held, T1 and T2 hold %u",
		     frame_links_linked(&a->links), a->t1.count + a->t2.count);
	struct ghost_list *lists[2] = { (struct ghost_list *)&a->b1, (struct ghost_list *)&a->b2 };
	ghost_check(&a->ghosts, lists, 2, "arc_check");
	MMUSIM_CHECK(a->p >= 0 && a->p <= a->c, "arc_check: target p %g outside 0..%u", a->p, a->c);
	MMUSIM_CHECK(a->t1.count + a->t2.count <= a->c, "arc_check: %u resident, c is %u",
		     a->t1.count + a->t2.count, a->c);
	MMUSIM_CHECK(a->t1.count + a->b1.count <= a->c, "arc_check: |T1| + |B1| = %u > c = %u",
		     a->t1.count + a->b1.count, a->c);
	MMUSIM_CHECK(directory(a) <= 2 * a->c, "arc_check: the directory holds %u > 2c = %u",
		     directory(a), 2 * a->c);
	for (uint32_t f = 0; f < a->links.frames; f++)
		MMUSIM_CHECK(a->links.list[f] == 0 || ghost_find(&a->ghosts, a->key[f]) == GHOST_NONE,
			     "arc_check: frame %u's page is resident and a ghost", f);
}

static void *arc_clone(const void *policy)
{
	const struct arc *from = policy;
	struct arc *to = frame_copy_bytes(from, sizeof *from, "arc_clone");
	frame_links_copy(&to->links, &from->links, "arc_clone");
	to->key = frame_copy_bytes(from->key, sizeof *from->key * from->links.frames, "arc_clone");
	ghost_copy(&to->ghosts, &from->ghosts, "arc_clone");
	return to;
}

/* T1, T2 (resident, LRU first), the ghost lists B1, B2, and p
 * (queue_view.h). */
static void arc_describe(const void *policy, struct queue_view *view)
{
	const struct arc *a = policy;
	queue_view_queue(view, "T1", "LRU", "MRU", 0);
	queue_view_frames(view, &a->t1, &a->links, a->key, NULL);
	queue_view_queue(view, "T2", "LRU", "MRU", 0);
	queue_view_frames(view, &a->t2, &a->links, a->key, NULL);
	queue_view_queue(view, "B1", "LRU", "MRU", QV_GHOST);
	queue_view_ghosts(view, &a->ghosts, &a->b1);
	queue_view_queue(view, "B2", "LRU", "MRU", QV_GHOST);
	queue_view_ghosts(view, &a->ghosts, &a->b2);
	queue_view_param(view, "p", a->p, "target size of T1");
}

const struct policy_ops policy_arc = {
	.name = "arc",
	.summary = "ARC (FAST'03): T1/T2 with ghosts B1/B2 and an adaptive target (every access)",
	.wants_accesses = true,
	.create = arc_create,
	.destroy = arc_destroy,
	.filled = arc_filled,
	.released = arc_released,
	.forget = arc_forget,
	.accessed = arc_accessed,
	.victim = arc_victim,
	.order = arc_order,
	.describe = arc_describe,
	.holds = arc_holds,
	.check = arc_check,
	.clone = arc_clone,
};
