/*
 * pager/policy_car.c: CAR, Clock with Adaptive Replacement (Bansal and
 * Modha, "CAR: Clock with Adaptive Replacement", FAST 2004, Fig. 2), from
 * referenced bits only.
 *
 * c = the usable frames. T1 and T2 are clocks (lists whose head is the
 * hand: "make it the tail" is passing the hand); B1 and B2 LRU lists of
 * ghost keys; p the adaptive target for |T1| (a double).
 *  - victim() is the paper's replace(): while no page is found, if |T1| >=
 *    max(1, p), look at T1's head: referenced bit clear: it is the victim
 *    and its key goes to B1's MRU end; set: clear it and move the page to
 *    T2's tail. Else the same with T2's head, a referenced page going back
 *    to T2's tail and a victim's key to B2.
 *  - filled(x): if x is in neither ghost list: if |T1| + |B1| = c, drop
 *    B1's LRU key; else if the directory holds 2c, drop B2's LRU key; x
 *    goes to T1's tail. x in B1: p = min(p + max(1, |B2|/|B1|), c), x
 *    leaves B1 for T2's tail; x in B2: p = max(p - max(1, |B1|/|B2|), 0),
 *    x to T2's tail. (The paper drops directory entries only when the
 *    cache was full; a fill into a free frame does it too, so the bounds
 *    hold after exits; before memory is first full nothing is dropped.)
 *  - A pinned frame at a hand goes to its list's tail, untouched; when a
 *    whole list is pinned the other one is used.
 * Referenced bits: read and cleared with test_and_clear_referenced. The
 * paper inserts pages with the bit clear, but a fill's own access sets it;
 * so, as `s3-fifo` does, victim() first clears the bit of every frame
 * filled since the previous victim(): the fill's reference is dropped, and
 * with it any use between the fill and the next eviction.
 *
 * Ghosts: at most 2c. Cost: O(1) a call but victim, which is amortised O(1)
 * (each step clears a bit set by one use, or evicts). Memory: 26 bytes a
 * frame (two sets of list links, the key), ghost entries 25 to 29 bytes.
 */
#include <stdlib.h>

#include "check_fail.h"
#include "frame_list.h"
#include "ghost.h"
#include "policy.h"
#include "queue_view.h"

enum { T1 = 1, T2 = 2, B1 = 1, B2 = 2, FRESH = 1 };

struct car {
	uint32_t c;
	double p;
	struct frame_links links;
	struct frame_list t1, t2;       /* head: the hand */
	struct frame_links fresh_links; /* filled since the last victim() */
	struct frame_list fresh;
	uint64_t *key;
	struct ghost_table ghosts;
	struct ghost_list b1, b2;       /* head: LRU */
	uint32_t victim;
	uint8_t victim_ghost;
};

static void *car_create(const struct policy_params *params)
{
	struct car *a = calloc(1, sizeof *a);
	MMUSIM_CHECK(a, "car_create: out of memory");
	a->c = params->frames > 1 ? params->frames - 1 : 1;
	frame_links_init(&a->links, params->frames, "car_create");
	frame_links_init(&a->fresh_links, params->frames, "car_create");
	frame_list_init(&a->t1, T1);
	frame_list_init(&a->t2, T2);
	frame_list_init(&a->fresh, FRESH);
	a->key = calloc(params->frames ? params->frames : 1, sizeof *a->key);
	MMUSIM_CHECK(a->key, "car_create: out of memory for %u frames", params->frames);
	ghost_init(&a->ghosts, 2 * a->c, "car_create");
	ghost_list_init(&a->b1, B1);
	ghost_list_init(&a->b2, B2);
	a->victim = FRAME_NONE;
	return a;
}

static void car_destroy(void *policy)
{
	struct car *a = policy;
	frame_links_free(&a->links);
	frame_links_free(&a->fresh_links);
	ghost_free(&a->ghosts);
	free(a->key);
	free(a);
}

static uint32_t car_victim(void *policy, const struct victim_probe *probe)
{
	struct car *a = policy;
	for (uint32_t f = a->fresh.head, next; f != FRAME_NONE; f = next) {
		next = a->fresh_links.next[f];
		if (!probe->pinned(probe->ctx, f)) {
			(void)probe->test_and_clear_referenced(probe->ctx, f);
			frame_list_remove(&a->fresh, &a->fresh_links, f);
		}
	}
	uint32_t held = a->t1.count + a->t2.count;
	uint32_t pinned1 = 0, pinned2 = 0; /* pinned heads passed in a row */
	for (uint64_t step = 0; step < 4ull * held + 4; step++) {
		bool open1 = a->t1.count > pinned1, open2 = a->t2.count > pinned2;
		MMUSIM_CHECK(open1 || open2, "car_victim: no unpinned frame among the %u held", held);
		double want = a->p > 1.0 ? a->p : 1.0;
		bool from1 = open1 && ((double)a->t1.count >= want || !open2);
		struct frame_list *l = from1 ? &a->t1 : &a->t2;
		uint32_t f = l->head;
		if (probe->pinned(probe->ctx, f)) {
			frame_list_move_to_tail(l, &a->links, f);
			*(from1 ? &pinned1 : &pinned2) += 1;
			continue;
		}
		pinned1 = pinned2 = 0;
		if (!probe->test_and_clear_referenced(probe->ctx, f)) {
			a->victim = f;
			a->victim_ghost = from1 ? B1 : B2;
			return f;
		}
		frame_list_remove(l, &a->links, f);
		frame_list_push_tail(&a->t2, &a->links, f);
	}
	MMUSIM_CHECK(0, "car_victim: no victim after %u steps", 4 * held + 4);
	return FRAME_NONE;
}

static void car_filled(void *policy, uint32_t frame, uint64_t key)
{
	struct car *a = policy;
	uint32_t slot = ghost_find(&a->ghosts, key);
	if (ghost_in(&a->ghosts, &a->b1, slot)) {
		double d = a->b1.count >= a->b2.count ? 1.0 : (double)a->b2.count / a->b1.count;
		a->p = a->p + d < a->c ? a->p + d : a->c;
		ghost_remove(&a->ghosts, &a->b1, slot);
		frame_list_push_tail(&a->t2, &a->links, frame);
	} else if (ghost_in(&a->ghosts, &a->b2, slot)) {
		double d = a->b2.count >= a->b1.count ? 1.0 : (double)a->b1.count / a->b2.count;
		a->p = a->p - d > 0 ? a->p - d : 0;
		ghost_remove(&a->ghosts, &a->b2, slot);
		frame_list_push_tail(&a->t2, &a->links, frame);
	} else {
		uint32_t all = a->t1.count + a->t2.count + a->b1.count + a->b2.count;
		if (a->t1.count + a->b1.count >= a->c && a->b1.count)
			(void)ghost_pop_head(&a->ghosts, &a->b1);
		else if (all >= 2 * a->c && a->b2.count)
			(void)ghost_pop_head(&a->ghosts, &a->b2);
		frame_list_push_tail(&a->t1, &a->links, frame);
	}
	a->key[frame] = key;
	frame_list_push_tail(&a->fresh, &a->fresh_links, frame);
}

static void car_released(void *policy, uint32_t frame, uint64_t key, bool evicted)
{
	struct car *a = policy;
	bool in1 = frame_list_holds(&a->t1, &a->links, frame);
	frame_list_remove(in1 ? &a->t1 : &a->t2, &a->links, frame);
	if (frame_list_holds(&a->fresh, &a->fresh_links, frame))
		frame_list_remove(&a->fresh, &a->fresh_links, frame);
	if (evicted && frame == a->victim && a->victim_ghost)
		ghost_push_tail(&a->ghosts, a->victim_ghost == B1 ? &a->b1 : &a->b2, key);
	a->victim = FRAME_NONE;
	a->victim_ghost = 0;
}

static void car_forget(void *policy, uint64_t key)
{
	struct car *a = policy;
	struct ghost_list *lists[2] = { &a->b1, &a->b2 };
	(void)ghost_forget(&a->ghosts, lists, 2, key);
}

static bool car_holds(const void *policy, uint32_t frame)
{
	const struct car *a = policy;
	return frame < a->links.frames && a->links.list[frame] != 0;
}

/* The pager's referenced bits say it all. */
static void car_accessed(void *policy, uint32_t frame, bool write)
{
	(void)write;
	MMUSIM_CHECK(car_holds(policy, frame), "car_accessed: frame %u not held", frame);
}

static uint32_t car_order(const void *policy, uint32_t *frames, uint32_t cap)
{
	const struct car *a = policy;
	uint32_t at = frame_list_write(&a->t1, &a->links, frames, cap, 0);
	return frame_list_write(&a->t2, &a->links, frames, cap, at);
}

static void car_check(const void *policy)
{
	const struct car *a = policy;
	frame_list_check(&a->t1, &a->links, "car_check");
	frame_list_check(&a->t2, &a->links, "car_check");
	frame_list_check(&a->fresh, &a->fresh_links, "car_check");
	uint32_t held = a->t1.count + a->t2.count;
	MMUSIM_CHECK(frame_links_linked(&a->links) == held,
		     "car_check: %u frames marked held, T1 and T2 hold %u",
		     frame_links_linked(&a->links), held);
	struct ghost_list *lists[2] = { (struct ghost_list *)&a->b1, (struct ghost_list *)&a->b2 };
	ghost_check(&a->ghosts, lists, 2, "car_check");
	MMUSIM_CHECK(a->p >= 0 && a->p <= a->c, "car_check: target p %g outside 0..%u", a->p, a->c);
	MMUSIM_CHECK(held <= a->c, "car_check: %u resident, c is %u", held, a->c);
	MMUSIM_CHECK(a->t1.count + a->b1.count <= a->c, "car_check: |T1| + |B1| = %u > c = %u",
		     a->t1.count + a->b1.count, a->c);
	MMUSIM_CHECK(held + a->b1.count + a->b2.count <= 2 * a->c,
		     "car_check: the directory holds %u > 2c", held + a->b1.count + a->b2.count);
	for (uint32_t f = 0; f < a->links.frames; f++) {
		bool in = a->links.list[f] != 0;
		MMUSIM_CHECK(in || !frame_list_holds(&a->fresh, &a->fresh_links, f),
			     "car_check: frame %u is fresh but not held", f);
		MMUSIM_CHECK(!in || ghost_find(&a->ghosts, a->key[f]) == GHOST_NONE,
			     "car_check: frame %u's page is resident and a ghost", f);
	}
}

static void *car_clone(const void *policy)
{
	const struct car *from = policy;
	struct car *to = frame_copy_bytes(from, sizeof *from, "car_clone");
	frame_links_copy(&to->links, &from->links, "car_clone");
	frame_links_copy(&to->fresh_links, &from->fresh_links, "car_clone");
	to->key = frame_copy_bytes(from->key, sizeof *from->key * from->links.frames, "car_clone");
	ghost_copy(&to->ghosts, &from->ghosts, "car_clone");
	return to;
}

/* The clocks T1 and T2 (each from its hand), the ghost lists B1, B2, and
 * p (queue_view.h). */
static void car_describe(const void *policy, struct queue_view *view)
{
	const struct car *a = policy;
	uint32_t t1 = queue_view_queue(view, "T1", "hand", "tail", QV_RING);
	queue_view_frames(view, &a->t1, &a->links, a->key, NULL);
	queue_view_hand(view, "hand", t1, 0);
	uint32_t t2 = queue_view_queue(view, "T2", "hand", "tail", QV_RING);
	queue_view_frames(view, &a->t2, &a->links, a->key, NULL);
	queue_view_hand(view, "hand", t2, 0);
	queue_view_queue(view, "B1", "LRU", "MRU", QV_GHOST);
	queue_view_ghosts(view, &a->ghosts, &a->b1);
	queue_view_queue(view, "B2", "LRU", "MRU", QV_GHOST);
	queue_view_ghosts(view, &a->ghosts, &a->b2);
	queue_view_param(view, "p", a->p, "target size of T1");
}

const struct policy_ops policy_car = {
	.name = "car",
	.summary = "CAR (FAST'04): ARC's adaptation on two clocks, from referenced bits",
	.create = car_create,
	.destroy = car_destroy,
	.filled = car_filled,
	.released = car_released,
	.forget = car_forget,
	.accessed = car_accessed,
	.victim = car_victim,
	.order = car_order,
	.describe = car_describe,
	.holds = car_holds,
	.check = car_check,
	.clone = car_clone,
};
