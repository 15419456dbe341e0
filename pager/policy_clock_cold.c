/*
 * pager/policy_clock_cold.c: clock whose fill does not set the referenced
 * bit: the other textbook convention, and libCacheSim's `clock` (one bit).
 *
 * In a fault-driven pager the fill's own access always sets the hardware
 * (or emulated) referenced bit, so "the fill leaves the bit clear" cannot
 * be had from that bit. Like `sieve`, this policy therefore asks for every
 * access (wants_accesses) and keeps its own bit per frame: filled() clears
 * it, accessed() sets it. The referenced bits of the pager are never read
 * or cleared, so only misses fault.
 *
 * The ring is one list (one_list.h) whose head is the hand: a fill goes to
 * the tail (just behind the hand); the victim search takes the head, and a
 * frame with its bit set has it cleared and goes to the tail (the hand
 * passes it), as does a pinned frame (bits kept). The first unpinned frame
 * with its bit clear is the victim. Two laps at most.
 *
 * Cost: filled, released, accessed O(1); victim <= 2 laps, amortised O(1).
 * Memory: 9 bytes a frame for the list, 1 for the bit.
 */
#include <stdlib.h>

#include "check_fail.h"
#include "one_list.h"
#include "policy.h"
#include "queue_view.h"

struct clock_cold {
	struct one_list l;  /* first: the one_list calls take this struct */
	bool *used;         /* indexed by frame: used since the fill or the hand */
};

static void *clock_cold_create(const struct policy_params *params)
{
	struct clock_cold *c = one_list_create(sizeof *c, params, "clock_cold");
	c->used = calloc(params->frames ? params->frames : 1, sizeof *c->used);
	MMUSIM_CHECK(c->used, "clock_cold_create: out of memory for %u frames", params->frames);
	return c;
}

static void clock_cold_destroy(void *policy)
{
	struct clock_cold *c = policy;
	free(c->used);
	one_list_destroy(c);
}

static void *clock_cold_clone(const void *policy)
{
	const struct clock_cold *from = policy;
	struct clock_cold *to = one_list_clone(from, sizeof *from);
	to->used = frame_copy_bytes(from->used, sizeof *from->used * from->l.links.frames,
				    "clock_cold_clone");
	return to;
}

static void clock_cold_filled(void *policy, uint32_t frame, uint64_t key)
{
	struct clock_cold *c = policy;
	one_list_filled(c, frame, key);
	c->used[frame] = false;
}

static void clock_cold_released(void *policy, uint32_t frame, uint64_t key, bool evicted)
{
	struct clock_cold *c = policy;
	one_list_released(c, frame, key, evicted);
	c->used[frame] = false;
}

static void clock_cold_accessed(void *policy, uint32_t frame, bool write)
{
	struct clock_cold *c = policy;
	(void)write;
	MMUSIM_CHECK(frame_list_holds(&c->l.list, &c->l.links, frame),
		     "clock_cold_accessed: frame %u not held", frame);
	c->used[frame] = true;
}

static uint32_t clock_cold_victim(void *policy, const struct victim_probe *probe)
{
	struct clock_cold *c = policy;
	/* a lap clears every bit; a third lap means every frame is pinned */
	for (uint64_t step = 0; step < 3ull * c->l.list.count; step++) {
		uint32_t f = c->l.list.head;
		bool pinned = probe->pinned(probe->ctx, f);
		if (!pinned && !c->used[f])
			return f;
		if (!pinned)
			c->used[f] = false;
		frame_list_move_to_tail(&c->l.list, &c->l.links, f);
	}
	MMUSIM_CHECK(0, "clock_cold_victim: no unpinned frame among the %u held", c->l.list.count);
	return FRAME_NONE;
}

static void clock_cold_check(const void *policy)
{
	const struct clock_cold *c = policy;
	one_list_check(c);
	for (uint32_t f = 0; f < c->l.links.frames; f++)
		MMUSIM_CHECK(!c->used[f] || frame_list_holds(&c->l.list, &c->l.links, f),
			     "clock_cold_check: frame %u marked used but not held", f);
}

/* One ring, its head at the hand, each frame marked with the policy's own
 * bit, which the pager's referenced bit does not show (queue_view.h). */
static void clock_cold_describe(const void *policy, struct queue_view *view)
{
	const struct clock_cold *c = policy;
	uint8_t used = queue_view_mark(view, "used");
	uint32_t q = queue_view_queue(view, "ring", NULL, NULL, QV_RING);
	for (uint32_t f = c->l.list.head; f != FRAME_NONE; f = c->l.links.next[f])
		queue_view_entry(view, f, POLICY_KEY_NONE, c->used[f] ? used : 0);
	queue_view_hand(view, "hand", q, 0);
}

const struct policy_ops policy_clock_cold = {
	.name = "clock-cold",
	.summary = "clock whose fill leaves the bit clear (libCacheSim's clock; every access)",
	.wants_accesses = true,
	.create = clock_cold_create,
	.destroy = clock_cold_destroy,
	.filled = clock_cold_filled,
	.released = clock_cold_released,
	.accessed = clock_cold_accessed,
	.victim = clock_cold_victim,
	.order = one_list_order,
	.describe = clock_cold_describe,
	.hand = true,
	.holds = one_list_holds,
	.check = clock_cold_check,
	.clone = clock_cold_clone,
};
