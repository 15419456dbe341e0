/*
 * pager/policy_opt.c: Belady's optimal replacement (MIN).
 *
 * The victim is the held, unpinned frame whose page is next used farthest
 * in the future, asked of probe->next_use (UINT64_MAX: never used again).
 * Ties go to the lowest frame number; any choice among tied frames gives
 * the same (optimal) miss count, the rule only makes runs repeatable.
 * Referenced bits are never read or cleared, so only misses fault.
 *
 * Cost: filled, released, accessed O(1); victim O(frames), a scan of the
 * frame table in frame order that stops at the first frame never used
 * again. A heap keyed by next use would need the key at every access, and
 * accessed() gets no probe, so the scan is the honest structure here (a
 * replacement costs disk I/O anyway, far more than the scan).
 */
#include <stdlib.h>
#include <string.h>

#include "check_fail.h"
#include "policy.h"
#include "queue_view.h"

#define NO_FRAME UINT32_MAX

struct opt {
	uint32_t frames;
	uint32_t count; /* frames held */
	bool *held;     /* indexed by frame */
};

static void *opt_create(const struct policy_params *params)
{
	struct opt *o = calloc(1, sizeof *o);
	MMUSIM_CHECK(o, "opt_create: out of memory");
	o->frames = params->frames;
	o->held = calloc(params->frames ? params->frames : 1, sizeof *o->held);
	MMUSIM_CHECK(o->held, "opt_create: out of memory for %u frames", params->frames);
	return o;
}

static void opt_destroy(void *policy)
{
	struct opt *o = policy;
	free(o->held);
	free(o);
}

static void opt_filled(void *policy, uint32_t frame, uint64_t key)
{
	(void)key;
	struct opt *o = policy;
	MMUSIM_CHECK(frame != 0 && frame < o->frames, "opt_filled: frame %u is not replaceable", frame);
	MMUSIM_CHECK(!o->held[frame], "opt_filled: frame %u already held", frame);
	o->held[frame] = true;
	o->count++;
}

static void opt_released(void *policy, uint32_t frame, uint64_t key, bool evicted)
{
	(void)key, (void)evicted;
	struct opt *o = policy;
	MMUSIM_CHECK(frame < o->frames && o->held[frame], "opt_released: frame %u not held", frame);
	o->held[frame] = false;
	o->count--;
}

static void opt_accessed(void *policy, uint32_t frame, bool write)
{
	(void)policy, (void)frame, (void)write;
}

static uint32_t opt_victim(void *policy, const struct victim_probe *probe)
{
	struct opt *o = policy;
	uint32_t best = NO_FRAME;
	uint64_t best_use = 0;
	for (uint32_t f = 1; f < o->frames; f++) {
		if (!o->held[f] || probe->pinned(probe->ctx, f))
			continue;
		uint64_t use = probe->next_use(probe->ctx, f);
		if (best == NO_FRAME || use > best_use) {
			best = f;
			best_use = use;
			if (use == UINT64_MAX)
				break; /* nothing is farther; lower frames already lost ties */
		}
	}
	MMUSIM_CHECK(best != NO_FRAME, "opt_victim: no unpinned frame among the %u held", o->count);
	return best;
}

static uint32_t opt_order(const void *policy, uint32_t *frames, uint32_t cap)
{
	const struct opt *o = policy;
	uint32_t n = 0;
	for (uint32_t f = 1; f < o->frames; f++)
		if (o->held[f]) {
			if (frames && n < cap)
				frames[n] = f;
			n++;
		}
	return n;
}

static bool opt_holds(const void *policy, uint32_t frame)
{
	const struct opt *o = policy;
	return frame < o->frames && o->held[frame];
}

static void opt_check(const void *policy)
{
	const struct opt *o = policy;
	uint32_t n = 0;
	for (uint32_t f = 0; f < o->frames; f++)
		n += o->held[f];
	MMUSIM_CHECK(o->frames == 0 || !o->held[0], "opt_check: holds frame 0, the zero page");
	MMUSIM_CHECK(n == o->count, "opt_check: %u frames marked held, count says %u", n, o->count);
}

static void *opt_clone(const void *policy)
{
	const struct opt *from = policy;
	struct opt *to = malloc(sizeof *to);
	bool *held = malloc(sizeof *held * (from->frames ? from->frames : 1));
	MMUSIM_CHECK(to && held, "opt_clone: out of memory for %u frames", from->frames);
	*to = *from;
	to->held = memcpy(held, from->held, sizeof *held * from->frames);
	return to;
}

/* The frames held; the victim comes from the future (queue_view.h). */
static void opt_describe(const void *policy, struct queue_view *view)
{
	queue_view_order(view, "frames", NULL, NULL, 0, opt_order, policy);
}

const struct policy_ops policy_opt = {
	.name = "opt",
	.summary = "Belady's optimum: evict the page next used farthest ahead (needs the future)",
	.needs_future = true,
	.create = opt_create,
	.destroy = opt_destroy,
	.filled = opt_filled,
	.released = opt_released,
	.accessed = opt_accessed,
	.victim = opt_victim,
	.order = opt_order,
	.describe = opt_describe,
	.holds = opt_holds,
	.check = opt_check,
	.clone = opt_clone,
};
