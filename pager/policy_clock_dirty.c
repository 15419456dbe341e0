/*
 * pager/policy_clock_dirty.c: enhanced second chance (the "not recently
 * used" clock that prefers clean pages), as Stallings describes it for the
 * Macintosh virtual memory manager and Silberschatz as "enhanced
 * second-chance". Each frame is in one of four classes by its
 * (referenced, dirty) bits: (0,0) best, then (0,1), (1,0), (1,1).
 *
 * Resident frames form a ring in fill order, as in clock; the hand is the
 * head of the list and "the hand passes a frame" moves it to the tail, so a
 * filled frame (pushed at the tail) sits just behind the hand. To choose:
 *  1. One lap from the hand: the first unpinned frame with (0,0) is the
 *     victim. No bit changes.
 *  2. Else one more lap: the first unpinned frame whose referenced bit is
 *     clear is the victim (it is (0,1): a (0,0) frame would have been taken
 *     in step 1); every referenced frame passed has its bit cleared
 *     (test_and_clear_referenced, which revokes its mappings).
 *  3. Else every unpinned frame is now unreferenced: repeat step 1, then
 *     step 2, which must succeed.
 * The hand moves with the scan and rests on the victim; released() leaves
 * it on the frame after, where the next fill goes just behind it. Pinned
 * frames are passed with their bits untouched, as clock does.
 *
 * Cost: filled, released, accessed O(1); a victim search is at most four
 * laps of the ring, O(frames), like clock's two.
 */
#include <stdlib.h>

#include "check_fail.h"
#include "frame_list.h"
#include "policy.h"
#include "queue_view.h"

struct clock_dirty {
	struct frame_links links;
	struct frame_list ring; /* head: the hand */
};

static void *clock_dirty_create(const struct policy_params *params)
{
	struct clock_dirty *c = calloc(1, sizeof *c);
	MMUSIM_CHECK(c, "clock_dirty_create: out of memory");
	frame_links_init(&c->links, params->frames, "clock_dirty_create");
	frame_list_init(&c->ring, 1);
	return c;
}

static void clock_dirty_destroy(void *policy)
{
	struct clock_dirty *c = policy;
	frame_links_free(&c->links);
	free(c);
}

static void clock_dirty_filled(void *policy, uint32_t frame, uint64_t key)
{
	(void)key;
	struct clock_dirty *c = policy;
	frame_list_push_tail(&c->ring, &c->links, frame);
}

static void clock_dirty_released(void *policy, uint32_t frame, uint64_t key, bool evicted)
{
	(void)key, (void)evicted;
	struct clock_dirty *c = policy;
	frame_list_remove(&c->ring, &c->links, frame);
}

static void clock_dirty_accessed(void *policy, uint32_t frame, bool write)
{
	(void)policy, (void)frame, (void)write;
}

static void pass_hand(struct clock_dirty *c)
{
	frame_list_move_to_tail(&c->ring, &c->links, c->ring.head);
}

/* Step 1: the first unpinned (0,0) frame within one lap, or FRAME_NONE. */
static uint32_t lap_for_clean(struct clock_dirty *c, const struct victim_probe *probe)
{
	for (uint32_t i = 0; i < c->ring.count; i++, pass_hand(c)) {
		uint32_t f = c->ring.head;
		if (!probe->pinned(probe->ctx, f) && !probe->referenced(probe->ctx, f) &&
		    !probe->dirty(probe->ctx, f))
			return f;
	}
	return FRAME_NONE;
}

/* Step 2: the first unpinned unreferenced frame within one lap, clearing
 * the referenced bit of every frame passed; or FRAME_NONE. */
static uint32_t lap_clearing(struct clock_dirty *c, const struct victim_probe *probe)
{
	for (uint32_t i = 0; i < c->ring.count; i++, pass_hand(c)) {
		uint32_t f = c->ring.head;
		if (!probe->pinned(probe->ctx, f) && !probe->test_and_clear_referenced(probe->ctx, f))
			return f;
	}
	return FRAME_NONE;
}

static uint32_t clock_dirty_victim(void *policy, const struct victim_probe *probe)
{
	struct clock_dirty *c = policy;
	for (int round = 0; round < 2; round++) {
		uint32_t f = lap_for_clean(c, probe);
		if (f == FRAME_NONE)
			f = lap_clearing(c, probe);
		if (f != FRAME_NONE)
			return f;
	}
	MMUSIM_CHECK(0, "clock_dirty_victim: no unpinned frame among the %u held", c->ring.count);
	return FRAME_NONE;
}

static uint32_t clock_dirty_order(const void *policy, uint32_t *frames, uint32_t cap)
{
	const struct clock_dirty *c = policy;
	return frame_list_write(&c->ring, &c->links, frames, cap, 0);
}

static bool clock_dirty_holds(const void *policy, uint32_t frame)
{
	const struct clock_dirty *c = policy;
	return frame_list_holds(&c->ring, &c->links, frame);
}

static void clock_dirty_check(const void *policy)
{
	const struct clock_dirty *c = policy;
	frame_list_check(&c->ring, &c->links, "clock_dirty_check");
	MMUSIM_CHECK(frame_links_linked(&c->links) == c->ring.count,
		     "clock_dirty_check: %u frames marked held, ring holds %u",
		     frame_links_linked(&c->links), c->ring.count);
}

static void *clock_dirty_clone(const void *policy)
{
	const struct clock_dirty *from = policy;
	struct clock_dirty *to = frame_copy_bytes(from, sizeof *from, "clock_dirty_clone");
	frame_links_copy(&to->links, &from->links, "clock_dirty_clone");
	return to;
}

/* One ring from the hand (queue_view.h). */
static void clock_dirty_describe(const void *policy, struct queue_view *view)
{
	uint32_t q = queue_view_order(view, "ring", NULL, NULL, QV_RING, clock_dirty_order, policy);
	queue_view_hand(view, "hand", q, 0);
}

const struct policy_ops policy_clock_dirty = {
	.name = "clock-dirty",
	.summary = "enhanced second chance: unreferenced clean first, then unreferenced dirty",
	.create = clock_dirty_create,
	.destroy = clock_dirty_destroy,
	.filled = clock_dirty_filled,
	.released = clock_dirty_released,
	.accessed = clock_dirty_accessed,
	.victim = clock_dirty_victim,
	.order = clock_dirty_order,
	.describe = clock_dirty_describe,
	.hand = true,
	.holds = clock_dirty_holds,
	.check = clock_dirty_check,
	.clone = clock_dirty_clone,
};
