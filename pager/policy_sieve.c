/*
 * pager/policy_sieve.c: SIEVE (Zhang, Yang, Yue, Vigfusson, Rashmi, "SIEVE
 * is Simpler than LRU", NSDI 2024), the paper's Algorithm 1.
 *
 * Frames sit in one queue in fill order (the paper's tail is our head, the
 * oldest; its head is our tail, the newest). A filled frame goes to the
 * newest end, unvisited. A later use sets its visited bit. The hand starts
 * at the oldest end and moves towards the newest, wrapping: a visited frame
 * has its bit cleared and stays where it is (lazy promotion: nothing is
 * ever moved); the first unvisited frame is the victim, and the hand rests
 * on the frame after it. New frames thus wait at the newest end and are
 * judged at the hand's next pass (quick demotion), while frames that
 * survived stay behind the hand.
 *
 * Fault-driven adaptation: "visited" must mean "used again after the fill",
 * and the referenced bit cannot say that (the fill's own access sets it).
 * So SIEVE asks for every access (wants_accesses) and keeps its own visited
 * bit: filled() is the fill and its access, accessed() (a fault on a
 * resident page, or an access the machine completed without a fault) is a
 * use. Referenced bits are never read or cleared, so only misses fault and
 * the counts are the paper's (libCacheSim's "sieve") on the same page
 * reference string. Like exact LRU, this sees TLB hits, which real hardware
 * does not report. Pinned frames are passed with their visited bit kept.
 *
 * Cost: filled, released, accessed O(1); a victim search is at most two
 * laps (the first clears every visited bit), amortised O(1) per fill since
 * each bit cleared was set by one access.
 */
#include <stdlib.h>

#include "check_fail.h"
#include "frame_list.h"
#include "policy.h"
#include "queue_view.h"

struct sieve {
	struct frame_links links;
	struct frame_list queue; /* head: oldest fill */
	uint32_t hand;           /* next frame to judge; FRAME_NONE: the head */
	bool *visited;           /* indexed by frame */
};

static void *sieve_create(const struct policy_params *params)
{
	struct sieve *s = calloc(1, sizeof *s);
	MMUSIM_CHECK(s, "sieve_create: out of memory");
	frame_links_init(&s->links, params->frames, "sieve_create");
	frame_list_init(&s->queue, 1);
	s->hand = FRAME_NONE;
	s->visited = calloc(params->frames ? params->frames : 1, sizeof *s->visited);
	MMUSIM_CHECK(s->visited, "sieve_create: out of memory for %u frames", params->frames);
	return s;
}

static void sieve_destroy(void *policy)
{
	struct sieve *s = policy;
	frame_links_free(&s->links);
	free(s->visited);
	free(s);
}

static void sieve_filled(void *policy, uint32_t frame, uint64_t key)
{
	(void)key;
	struct sieve *s = policy;
	frame_list_push_tail(&s->queue, &s->links, frame);
	s->visited[frame] = false;
}

static void sieve_released(void *policy, uint32_t frame, uint64_t key, bool evicted)
{
	(void)key, (void)evicted;
	struct sieve *s = policy;
	if (s->hand == frame && frame_list_holds(&s->queue, &s->links, frame))
		s->hand = s->links.next[frame]; /* FRAME_NONE: wrap to the head */
	frame_list_remove(&s->queue, &s->links, frame);
	s->visited[frame] = false;
}

static void sieve_accessed(void *policy, uint32_t frame, bool write)
{
	struct sieve *s = policy;
	(void)write;
	MMUSIM_CHECK(frame_list_holds(&s->queue, &s->links, frame),
		     "sieve_accessed: frame %u not held", frame);
	s->visited[frame] = true;
}

static uint32_t sieve_victim(void *policy, const struct victim_probe *probe)
{
	struct sieve *s = policy;
	uint32_t f = s->hand == FRAME_NONE ? s->queue.head : s->hand;
	/* Two laps: the first clears every unpinned visited bit. */
	for (uint64_t step = 0; step < 2 * (uint64_t)s->queue.count; step++) {
		if (!probe->pinned(probe->ctx, f)) {
			if (!s->visited[f]) {
				s->hand = f;
				return f;
			}
			s->visited[f] = false;
		}
		f = frame_list_next_wrap(&s->queue, &s->links, f);
	}
	MMUSIM_CHECK(0, "sieve_victim: no unpinned frame among the %u held", s->queue.count);
	return FRAME_NONE;
}

/* The order the hand will judge the frames in, from the hand. */
static uint32_t sieve_order(const void *policy, uint32_t *frames, uint32_t cap)
{
	const struct sieve *s = policy;
	uint32_t f = s->hand == FRAME_NONE ? s->queue.head : s->hand;
	for (uint32_t i = 0; i < s->queue.count; i++, f = frame_list_next_wrap(&s->queue, &s->links, f))
		if (frames && i < cap)
			frames[i] = f;
	return s->queue.count;
}

static bool sieve_holds(const void *policy, uint32_t frame)
{
	const struct sieve *s = policy;
	return frame_list_holds(&s->queue, &s->links, frame);
}

static void sieve_check(const void *policy)
{
	const struct sieve *s = policy;
	frame_list_check(&s->queue, &s->links, "sieve_check");
	MMUSIM_CHECK(frame_links_linked(&s->links) == s->queue.count,
		     "sieve_check: %u frames marked held, queue holds %u",
		     frame_links_linked(&s->links), s->queue.count);
	MMUSIM_CHECK(s->hand == FRAME_NONE || frame_list_holds(&s->queue, &s->links, s->hand),
		     "sieve_check: the hand rests on frame %u, which is not held", s->hand);
	for (uint32_t f = 0; f < s->links.frames; f++)
		MMUSIM_CHECK(!s->visited[f] || frame_list_holds(&s->queue, &s->links, f),
			     "sieve_check: frame %u is visited but not held", f);
}

static void *sieve_clone(const void *policy)
{
	const struct sieve *from = policy;
	struct sieve *to = frame_copy_bytes(from, sizeof *from, "sieve_clone");
	frame_links_copy(&to->links, &from->links, "sieve_clone");
	to->visited = frame_copy_bytes(from->visited, sizeof *from->visited * from->links.frames,
				       "sieve_clone");
	return to;
}

/* One ring from the hand (queue_view.h). */
static void sieve_describe(const void *policy, struct queue_view *view)
{
	uint32_t q = queue_view_order(view, "ring", NULL, NULL, QV_RING, sieve_order, policy);
	queue_view_hand(view, "hand", q, 0);
}

const struct policy_ops policy_sieve = {
	.name = "sieve",
	.summary = "SIEVE (NSDI'24): FIFO with visited bits, a hand that moves nothing (every access)",
	.wants_accesses = true,
	.create = sieve_create,
	.destroy = sieve_destroy,
	.filled = sieve_filled,
	.released = sieve_released,
	.accessed = sieve_accessed,
	.victim = sieve_victim,
	.order = sieve_order,
	.describe = sieve_describe,
	.hand = true,
	.holds = sieve_holds,
	.check = sieve_check,
	.clone = sieve_clone,
};
