/*
 * pager/policy_random.c: a victim drawn uniformly among the held, unpinned
 * frames, from a generator seeded with the configuration's seed, so a run
 * is repeatable and two seeds give two independent runs.
 *
 * Held frames sit in a dense array with each frame's position, so filling
 * and releasing are O(1) (release moves the last entry into the hole). The
 * generator is splitmix64 (Steele, Lea, Flood, 2014), its state starting
 * at the seed; a draw below n rejects the top 2^64 mod n values, so every
 * index is exactly equally likely. A victim draw that lands on a pinned
 * frame swaps it past the end of the candidate range and draws again from
 * the rest: uniform over the unpinned frames, at most one extra draw per
 * pinned frame. Referenced bits are never read or cleared.
 *
 * order() lists the dense array, which has no meaning beyond being the
 * array the draws index.
 */
#include <stdlib.h>
#include <string.h>

#include "check_fail.h"
#include "policy.h"
#include "queue_view.h"

#define NO_POS UINT32_MAX

struct random_policy {
	uint32_t frames;
	uint32_t count;  /* frames held: held[0..count-1] */
	uint32_t *held;  /* dense */
	uint32_t *pos;   /* indexed by frame: index in held, NO_POS = not held */
	uint64_t state;  /* splitmix64 */
};

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n >= 1, without modulo bias. */
static uint32_t draw_below(uint64_t *state, uint32_t n)
{
	uint64_t excess = (UINT64_MAX % n + 1) % n; /* 2^64 mod n */
	uint64_t x;
	do
		x = splitmix64(state);
	while (x > UINT64_MAX - excess);
	return (uint32_t)(x % n);
}

static void *random_create(const struct policy_params *params)
{
	struct random_policy *r = calloc(1, sizeof *r);
	MMUSIM_CHECK(r, "random_create: out of memory");
	size_t n = params->frames ? params->frames : 1;
	r->frames = params->frames;
	r->state = params->seed;
	r->held = malloc(sizeof *r->held * n);
	r->pos = malloc(sizeof *r->pos * n);
	MMUSIM_CHECK(r->held && r->pos, "random_create: out of memory for %u frames", params->frames);
	for (uint32_t f = 0; f < params->frames; f++)
		r->pos[f] = NO_POS;
	return r;
}

static void random_destroy(void *policy)
{
	struct random_policy *r = policy;
	free(r->held);
	free(r->pos);
	free(r);
}

static void place(struct random_policy *r, uint32_t index, uint32_t frame)
{
	r->held[index] = frame;
	r->pos[frame] = index;
}

static void random_filled(void *policy, uint32_t frame, uint64_t key)
{
	(void)key;
	struct random_policy *r = policy;
	MMUSIM_CHECK(frame != 0 && frame < r->frames, "random_filled: frame %u is not replaceable", frame);
	MMUSIM_CHECK(r->pos[frame] == NO_POS, "random_filled: frame %u already held", frame);
	place(r, r->count++, frame);
}

static void random_released(void *policy, uint32_t frame, uint64_t key, bool evicted)
{
	(void)key, (void)evicted;
	struct random_policy *r = policy;
	MMUSIM_CHECK(frame < r->frames && r->pos[frame] != NO_POS,
		     "random_released: frame %u not held", frame);
	uint32_t last = r->held[--r->count];
	if (last != frame)
		place(r, r->pos[frame], last);
	r->pos[frame] = NO_POS;
}

static void random_accessed(void *policy, uint32_t frame, bool write)
{
	(void)policy, (void)frame, (void)write;
}

static uint32_t random_victim(void *policy, const struct victim_probe *probe)
{
	struct random_policy *r = policy;
	for (uint32_t n = r->count; n > 0; n--) {
		uint32_t i = draw_below(&r->state, n);
		uint32_t f = r->held[i];
		if (!probe->pinned(probe->ctx, f))
			return f;
		uint32_t other = r->held[n - 1]; /* pinned f leaves the range */
		place(r, i, other);
		place(r, n - 1, f);
	}
	MMUSIM_CHECK(0, "random_victim: no unpinned frame among the %u held", r->count);
	return NO_POS;
}

static uint32_t random_order(const void *policy, uint32_t *frames, uint32_t cap)
{
	const struct random_policy *r = policy;
	for (uint32_t i = 0; frames && i < r->count && i < cap; i++)
		frames[i] = r->held[i];
	return r->count;
}

static bool random_holds(const void *policy, uint32_t frame)
{
	const struct random_policy *r = policy;
	return frame < r->frames && r->pos[frame] != NO_POS;
}

static void random_check(const void *policy)
{
	const struct random_policy *r = policy;
	uint32_t marked = 0;
	MMUSIM_CHECK(r->count < r->frames || r->frames == 0,
		     "random_check: holds %u of %u frames, frame 0 included", r->count, r->frames);
	for (uint32_t i = 0; i < r->count; i++) {
		uint32_t f = r->held[i];
		MMUSIM_CHECK(f != 0 && f < r->frames && r->pos[f] == i,
			     "random_check: slot %u holds frame %u, whose position is not %u", i, f, i);
	}
	for (uint32_t f = 0; f < r->frames; f++)
		marked += r->pos[f] != NO_POS;
	MMUSIM_CHECK(marked == r->count, "random_check: %u frames have a position, count says %u",
		     marked, r->count);
}

/* The copy draws the same numbers the original would: a checkpoint replays. */
static void *random_clone(const void *policy)
{
	const struct random_policy *from = policy;
	size_t n = from->frames ? from->frames : 1;
	struct random_policy *to = malloc(sizeof *to);
	uint32_t *held = malloc(sizeof *held * n), *pos = malloc(sizeof *pos * n);
	MMUSIM_CHECK(to && held && pos, "random_clone: out of memory for %u frames", from->frames);
	*to = *from;
	to->held = memcpy(held, from->held, sizeof *held * from->frames);
	to->pos = memcpy(pos, from->pos, sizeof *pos * from->frames);
	return to;
}

/* The frames held, in no order that matters (queue_view.h). */
static void random_describe(const void *policy, struct queue_view *view)
{
	queue_view_order(view, "frames", NULL, NULL, 0, random_order, policy);
}

const struct policy_ops policy_random = {
	.name = "random",
	.summary = "a uniformly random unpinned frame, repeatable from the seed",
	.create = random_create,
	.destroy = random_destroy,
	.filled = random_filled,
	.released = random_released,
	.accessed = random_accessed,
	.victim = random_victim,
	.order = random_order,
	.describe = random_describe,
	.holds = random_holds,
	.check = random_check,
	.clone = random_clone,
};
