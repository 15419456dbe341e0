/*
 * pager/policy_opt.c: Belady's optimal replacement (MIN).
 *
 * The victim is the held, unpinned frame whose page is next used farthest
 * in the future (UINT64_MAX: never used again). Ties go to the lowest frame
 * number; any choice among tied frames gives the same (optimal) miss count,
 * the rule only makes runs repeatable. Referenced bits are never read or
 * cleared, so only misses fault.
 *
 * The held frames sit in a binary max-heap ordered by (next use, then the
 * lower frame first), each frame's key the value the pager gave with
 * next_use_changed (after every fill and access, and when the page's
 * mappings change; policy.h). A frame filled or accessed without that call
 * (a driver that has only the probe, as the policy tests) is marked
 * unknown and asked of probe->next_use at the next victim(), so the policy
 * works with either. Cost: filled, released, accessed, next_use_changed
 * O(log frames); victim O(log frames).
 *
 * Pins: the pager pins a frame only while it takes a frame for a
 * copy-on-write copy, the one time its probe's incoming_key is
 * POLICY_KEY_NONE. The pager logs each pinned frame a victim search passes
 * over (pin-skip), and the old scan in frame order passed over exactly the
 * pinned frames below the first never-used one; so without an incoming key
 * victim() scans the frames in that order with the stored keys, and logs
 * the same. Otherwise it takes the heap's top, setting aside pinned ones.
 */
#include <stdlib.h>
#include <string.h>

#include "check_fail.h"
#include "policy.h"
#include "queue_view.h"

#define NO_FRAME UINT32_MAX

struct opt_entry {
	uint64_t next_use;
	uint32_t frame;
};

struct opt {
	uint32_t frames;
	uint32_t count;          /* frames held = entries in heap */
	uint32_t unknown;        /* held frames whose key must be asked */
	struct opt_entry *heap;  /* count entries, a max-heap */
	uint32_t *slot;          /* by frame: index in heap, NO_FRAME if not held */
	bool *known;             /* by frame: heap key is the frame's next use */
};

/* a goes above b: used later, or as late and a lower frame. */
static bool above(struct opt_entry a, struct opt_entry b)
{
	return a.next_use > b.next_use || (a.next_use == b.next_use && a.frame < b.frame);
}

static void place(struct opt *o, uint32_t i, struct opt_entry e)
{
	o->heap[i] = e;
	o->slot[e.frame] = i;
}

static void sift_up(struct opt *o, uint32_t i)
{
	struct opt_entry e = o->heap[i];
	while (i > 0 && above(e, o->heap[(i - 1) / 2])) {
		place(o, i, o->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	place(o, i, e);
}

static void sift_down(struct opt *o, uint32_t i)
{
	struct opt_entry e = o->heap[i];
	for (;;) {
		uint32_t child = 2 * i + 1;
		if (child >= o->count)
			break;
		if (child + 1 < o->count && above(o->heap[child + 1], o->heap[child]))
			child++;
		if (!above(o->heap[child], e))
			break;
		place(o, i, o->heap[child]);
		i = child;
	}
	place(o, i, e);
}

static void heap_push(struct opt *o, struct opt_entry e)
{
	o->heap[o->count++] = e;
	sift_up(o, o->count - 1);
}

static void heap_remove(struct opt *o, uint32_t frame)
{
	uint32_t i = o->slot[frame];
	o->slot[frame] = NO_FRAME;
	struct opt_entry last = o->heap[--o->count];
	if (i == o->count)
		return;
	place(o, i, last);
	sift_up(o, i);
	sift_down(o, o->slot[last.frame]);
}

static void set_key(struct opt *o, uint32_t frame, uint64_t next_use)
{
	uint32_t i = o->slot[frame];
	uint64_t old = o->heap[i].next_use;
	o->heap[i].next_use = next_use;
	if (next_use > old)
		sift_up(o, i);
	else
		sift_down(o, i);
}

static void *opt_create(const struct policy_params *params)
{
	struct opt *o = calloc(1, sizeof *o);
	MMUSIM_CHECK(o, "opt_create: out of memory");
	uint32_t n = params->frames ? params->frames : 1;
	o->frames = params->frames;
	o->heap = malloc(sizeof *o->heap * n);
	o->slot = malloc(sizeof *o->slot * n);
	o->known = calloc(n, sizeof *o->known);
	MMUSIM_CHECK(o->heap && o->slot && o->known, "opt_create: out of memory for %u frames",
		     params->frames);
	for (uint32_t f = 0; f < n; f++)
		o->slot[f] = NO_FRAME;
	return o;
}

static void opt_destroy(void *policy)
{
	struct opt *o = policy;
	free(o->heap);
	free(o->slot);
	free(o->known);
	free(o);
}

static bool held(const struct opt *o, uint32_t frame)
{
	return frame < o->frames && o->slot[frame] != NO_FRAME;
}

static void forget_key(struct opt *o, uint32_t frame)
{
	if (o->known[frame]) {
		o->known[frame] = false;
		o->unknown++;
	}
}

static void opt_filled(void *policy, uint32_t frame, uint64_t key)
{
	(void)key;
	struct opt *o = policy;
	MMUSIM_CHECK(frame != 0 && frame < o->frames, "opt_filled: frame %u is not replaceable", frame);
	MMUSIM_CHECK(!held(o, frame), "opt_filled: frame %u already held", frame);
	heap_push(o, (struct opt_entry){ .next_use = 0, .frame = frame });
	o->known[frame] = false;
	o->unknown++;
}

static void opt_released(void *policy, uint32_t frame, uint64_t key, bool evicted)
{
	(void)key, (void)evicted;
	struct opt *o = policy;
	MMUSIM_CHECK(held(o, frame), "opt_released: frame %u not held", frame);
	if (!o->known[frame])
		o->unknown--;
	o->known[frame] = false;
	heap_remove(o, frame);
}

static void opt_accessed(void *policy, uint32_t frame, bool write)
{
	(void)write;
	struct opt *o = policy;
	if (held(o, frame))
		forget_key(o, frame);
}

static void opt_next_use_changed(void *policy, uint32_t frame, uint64_t next_use)
{
	struct opt *o = policy;
	MMUSIM_CHECK(held(o, frame), "opt_next_use_changed: frame %u not held", frame);
	if (!o->known[frame]) {
		o->known[frame] = true;
		o->unknown--;
	}
	set_key(o, frame, next_use);
}

/* Ask the probe for every key nobody gave. */
static void learn_unknown(struct opt *o, const struct victim_probe *probe)
{
	for (uint32_t f = 1; o->unknown > 0 && f < o->frames; f++)
		if (held(o, f) && !o->known[f])
			opt_next_use_changed(o, f, probe->next_use(probe->ctx, f));
}

/* The frames in order, as the pin-skips of a copy-on-write must be logged. */
static uint32_t victim_by_scan(const struct opt *o, const struct victim_probe *probe)
{
	uint32_t best = NO_FRAME;
	uint64_t best_use = 0;
	for (uint32_t f = 1; f < o->frames; f++) {
		if (!held(o, f) || probe->pinned(probe->ctx, f))
			continue;
		uint64_t use = o->heap[o->slot[f]].next_use;
		if (best == NO_FRAME || use > best_use) {
			best = f;
			best_use = use;
			if (use == UINT64_MAX)
				break; /* nothing is farther; lower frames already lost ties */
		}
	}
	return best;
}

/* The top unpinned entry: pinned tops are lifted off and put back. */
static uint32_t victim_by_heap(struct opt *o, const struct victim_probe *probe)
{
	uint32_t best = NO_FRAME, lifted = 0;
	while (o->count > 0) {
		uint32_t top = o->heap[0].frame;
		if (!probe->pinned(probe->ctx, top)) {
			best = top;
			break;
		}
		/* kept just past the heap's end: the slot the removal freed */
		struct opt_entry e = o->heap[0];
		heap_remove(o, top);
		o->heap[o->count] = e;
		lifted++;
	}
	for (uint32_t i = 0; i < lifted; i++)
		heap_push(o, o->heap[o->count]); /* the last lifted is at count */
	return best;
}

static uint32_t opt_victim(void *policy, const struct victim_probe *probe)
{
	struct opt *o = policy;
	learn_unknown(o, probe);
	uint32_t best = probe->incoming_key(probe->ctx) == POLICY_KEY_NONE
				? victim_by_scan(o, probe)
				: victim_by_heap(o, probe);
	MMUSIM_CHECK(best != NO_FRAME, "opt_victim: no unpinned frame among the %u held", o->count);
	return best;
}

static uint32_t opt_order(const void *policy, uint32_t *frames, uint32_t cap)
{
	const struct opt *o = policy;
	uint32_t n = 0;
	for (uint32_t f = 1; f < o->frames; f++)
		if (held(o, f)) {
			if (frames && n < cap)
				frames[n] = f;
			n++;
		}
	return n;
}

static bool opt_holds(const void *policy, uint32_t frame)
{
	return held(policy, frame);
}

static void opt_check(const void *policy)
{
	const struct opt *o = policy;
	uint32_t n = 0, unknown = 0;
	for (uint32_t f = 0; f < o->frames; f++) {
		if (!held(o, f))
			continue;
		n++;
		unknown += !o->known[f];
		uint32_t i = o->slot[f];
		MMUSIM_CHECK(i < o->count && o->heap[i].frame == f,
			     "opt_check: frame %u's heap slot %u holds frame %u", f, i,
			     i < o->count ? o->heap[i].frame : NO_FRAME);
		MMUSIM_CHECK(i == 0 || !above(o->heap[i], o->heap[(i - 1) / 2]),
			     "opt_check: frame %u (next use %llu) above its parent in the heap", f,
			     (unsigned long long)o->heap[i].next_use);
	}
	MMUSIM_CHECK(o->frames == 0 || !held(o, 0), "opt_check: holds frame 0, the zero page");
	MMUSIM_CHECK(n == o->count, "opt_check: %u frames held, the heap has %u", n, o->count);
	MMUSIM_CHECK(unknown == o->unknown, "opt_check: %u frames without a next use, count says %u",
		     unknown, o->unknown);
}

static void *opt_clone(const void *policy)
{
	const struct opt *from = policy;
	size_t n = from->frames ? from->frames : 1;
	struct opt *to = malloc(sizeof *to);
	struct opt_entry *heap = malloc(sizeof *heap * n);
	uint32_t *slot = malloc(sizeof *slot * n);
	bool *known = malloc(sizeof *known * n);
	MMUSIM_CHECK(to && heap && slot && known, "opt_clone: out of memory for %u frames",
		     from->frames);
	*to = *from;
	to->heap = memcpy(heap, from->heap, sizeof *heap * n);
	to->slot = memcpy(slot, from->slot, sizeof *slot * n);
	to->known = memcpy(known, from->known, sizeof *known * n);
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
	.wants_accesses = true,
	.needs_future = true,
	.create = opt_create,
	.destroy = opt_destroy,
	.filled = opt_filled,
	.released = opt_released,
	.accessed = opt_accessed,
	.next_use_changed = opt_next_use_changed,
	.victim = opt_victim,
	.order = opt_order,
	.describe = opt_describe,
	.holds = opt_holds,
	.check = opt_check,
	.clone = opt_clone,
};
