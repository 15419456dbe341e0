/*
 * pager/policy_fifo.c: first in, first out.
 *
 * Frames sit in one list in fill order; the victim is the oldest unpinned
 * frame. Referenced bits are never read or cleared (no call to
 * test_and_clear_referenced), so under software reference bits a page that
 * is in memory stays mapped and only misses fault: the fault count is the
 * textbook FIFO miss count. A pinned frame is passed over but keeps its
 * place (it is still the oldest), unlike clock, which moves it to the tail.
 *
 * Cost: filled, released, accessed O(1); victim O(1 + pinned frames at the
 * head of the queue), and the pager pins at most the source of one copy.
 */
#include <stdlib.h>

#include "check_fail.h"
#include "frame_list.h"
#include "policy.h"

struct fifo {
	struct frame_links links;
	struct frame_list queue; /* head: oldest fill */
};

static void *fifo_create(const struct policy_params *params)
{
	struct fifo *q = calloc(1, sizeof *q);
	MMUSIM_CHECK(q, "fifo_create: out of memory");
	frame_links_init(&q->links, params->frames, "fifo_create");
	frame_list_init(&q->queue, 1);
	return q;
}

static void fifo_destroy(void *policy)
{
	struct fifo *q = policy;
	frame_links_free(&q->links);
	free(q);
}

static void fifo_filled(void *policy, uint32_t frame)
{
	struct fifo *q = policy;
	frame_list_push_tail(&q->queue, &q->links, frame);
}

static void fifo_released(void *policy, uint32_t frame)
{
	struct fifo *q = policy;
	frame_list_remove(&q->queue, &q->links, frame);
}

static void fifo_accessed(void *policy, uint32_t frame, bool write)
{
	(void)policy, (void)frame, (void)write;
}

static uint32_t fifo_victim(void *policy, const struct victim_probe *probe)
{
	struct fifo *q = policy;
	uint32_t f = frame_list_first_unpinned(&q->queue, &q->links, probe);
	MMUSIM_CHECK(f != FRAME_NONE, "fifo_victim: no unpinned frame among the %u held",
		     q->queue.count);
	return f;
}

static uint32_t fifo_order(const void *policy, uint32_t *frames, uint32_t cap)
{
	const struct fifo *q = policy;
	return frame_list_write(&q->queue, &q->links, frames, cap, 0);
}

static bool fifo_holds(const void *policy, uint32_t frame)
{
	const struct fifo *q = policy;
	return frame_list_holds(&q->queue, &q->links, frame);
}

static void fifo_check(const void *policy)
{
	const struct fifo *q = policy;
	frame_list_check(&q->queue, &q->links, "fifo_check");
	MMUSIM_CHECK(frame_links_linked(&q->links) == q->queue.count,
		     "fifo_check: %u frames marked held, queue holds %u",
		     frame_links_linked(&q->links), q->queue.count);
}

static void *fifo_clone(const void *policy)
{
	const struct fifo *from = policy;
	struct fifo *to = frame_copy_bytes(from, sizeof *from, "fifo_clone");
	frame_links_copy(&to->links, &from->links, "fifo_clone");
	return to;
}

const struct policy_ops policy_fifo = {
	.name = "fifo",
	.summary = "first in, first out: evict the oldest fill, ignore referenced bits",
	.create = fifo_create,
	.destroy = fifo_destroy,
	.filled = fifo_filled,
	.released = fifo_released,
	.accessed = fifo_accessed,
	.victim = fifo_victim,
	.order = fifo_order,
	.holds = fifo_holds,
	.check = fifo_check,
	.clone = fifo_clone,
};
