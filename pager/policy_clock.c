/*
 * pager/policy_clock.c: clock (second chance), exactly as the pager spec says.
 *
 * Resident frames form a ring in fill order; `hand` is the head of the
 * queue, so "move to the tail" is "advance the hand" and "fill goes to the
 * tail" is "insert just before the hand". Every step is O(1); a victim
 * search is at most two laps (one clears every bit).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_fail.h"
#include "policy.h"
#include "queue_view.h"

#define NO_FRAME UINT32_MAX

struct clock {
	uint32_t frames;
	uint32_t count;   /* frames in the ring */
	uint32_t hand;    /* head of the queue, NO_FRAME when empty */
	uint32_t *next;   /* ring links, indexed by frame; NO_FRAME = not held */
	uint32_t *prev;
};

static void *clock_create(const struct policy_params *params)
{
	struct clock *c = calloc(1, sizeof *c);
	c->frames = params->frames;
	c->hand = NO_FRAME;
	c->next = malloc(sizeof *c->next * params->frames);
	c->prev = malloc(sizeof *c->prev * params->frames);
	for (uint32_t f = 0; f < params->frames; f++)
		c->next[f] = c->prev[f] = NO_FRAME;
	return c;
}

static void clock_destroy(void *policy)
{
	struct clock *c = policy;
	free(c->next);
	free(c->prev);
	free(c);
}

static void clock_filled(void *policy, uint32_t frame, uint64_t key)
{
	(void)key;
	struct clock *c = policy;
	MMUSIM_CHECK(frame > 0 && frame < c->frames, "clock_filled: frame %u is not replaceable", frame);
	MMUSIM_CHECK(c->next[frame] == NO_FRAME, "clock_filled: frame %u already held", frame);
	if (c->hand == NO_FRAME) {
		c->next[frame] = c->prev[frame] = frame;
		c->hand = frame;
	} else {
		uint32_t tail = c->prev[c->hand];
		c->next[tail] = frame;
		c->prev[frame] = tail;
		c->next[frame] = c->hand;
		c->prev[c->hand] = frame;
	}
	c->count++;
}

static void clock_released(void *policy, uint32_t frame, uint64_t key, bool evicted)
{
	(void)key, (void)evicted;
	struct clock *c = policy;
	MMUSIM_CHECK(frame < c->frames && c->next[frame] != NO_FRAME, "clock_released: frame %u not held", frame);
	if (--c->count == 0) {
		c->hand = NO_FRAME;
	} else {
		c->next[c->prev[frame]] = c->next[frame];
		c->prev[c->next[frame]] = c->prev[frame];
		if (c->hand == frame)
			c->hand = c->next[frame];
	}
	c->next[frame] = c->prev[frame] = NO_FRAME;
}

static void clock_accessed(void *policy, uint32_t frame, bool write)
{
	(void)policy, (void)frame, (void)write;
}

static uint32_t clock_victim(void *policy, const struct victim_probe *probe)
{
	struct clock *c = policy;
	MMUSIM_CHECK(c->count > 0, "clock_victim: no unpinned frame (none held)");
	/* one lap clears every bit; a third lap means every frame is pinned */
	for (uint64_t steps = 0; steps < 3ull * c->count; steps++) {
		uint32_t f = c->hand;
		if (!probe->pinned(probe->ctx, f) &&
		    !probe->test_and_clear_referenced(probe->ctx, f))
			return f;
		c->hand = c->next[f];
	}
	MMUSIM_CHECK(false, "clock_victim: no unpinned frame (all %u pinned)", c->count);
	return NO_FRAME;
}

static uint32_t clock_order(const void *policy, uint32_t *frames, uint32_t cap)
{
	const struct clock *c = policy;
	uint32_t f = c->hand;
	for (uint32_t i = 0; i < c->count && i < cap; i++, f = c->next[f])
		frames[i] = f;
	return c->count;
}

static bool clock_holds(const void *policy, uint32_t frame)
{
	const struct clock *c = policy;
	return frame < c->frames && c->next[frame] != NO_FRAME;
}

static void clock_check(const void *policy)
{
	const struct clock *c = policy;
	uint32_t seen = 0;
	if (c->count) {
		uint32_t f = c->hand;
		do {
			MMUSIM_CHECK(c->prev[c->next[f]] == f, "clock_check: ring broken at frame %u", f);
			MMUSIM_CHECK(++seen <= c->count, "clock_check: ring longer than count %u", c->count);
			f = c->next[f];
		} while (f != c->hand);
	}
	MMUSIM_CHECK(seen == c->count, "clock_check: ring holds %u, count says %u", seen, c->count);
}

static void *clock_clone(const void *policy)
{
	const struct clock *c = policy;
	struct clock *copy = malloc(sizeof *copy);
	*copy = *c;
	copy->next = malloc(sizeof *copy->next * c->frames);
	copy->prev = malloc(sizeof *copy->prev * c->frames);
	memcpy(copy->next, c->next, sizeof *c->next * c->frames);
	memcpy(copy->prev, c->prev, sizeof *c->prev * c->frames);
	return copy;
}

/* One ring from the hand (queue_view.h). */
static void clock_describe(const void *policy, struct queue_view *view)
{
	uint32_t q = queue_view_order(view, "ring", NULL, NULL, QV_RING, clock_order, policy);
	queue_view_hand(view, "hand", q, 0);
}

const struct policy_ops policy_clock = {
	.name = "clock",
	.summary = "second chance: skip and clear referenced frames, in fill order",
	.create = clock_create,
	.destroy = clock_destroy,
	.filled = clock_filled,
	.released = clock_released,
	.accessed = clock_accessed,
	.victim = clock_victim,
	.order = clock_order,
	.describe = clock_describe,
	.hand = true,
	.holds = clock_holds,
	.check = clock_check,
	.clone = clock_clone,
};
