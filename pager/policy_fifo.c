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
 * The list is the shared one (one_list.h).
 *
 * Cost: filled, released, accessed O(1); victim O(1 + pinned frames at the
 * head of the queue), and the pager pins at most the source of one copy.
 */
#include "one_list.h"
#include "policy.h"
#include "queue_view.h"

static void *fifo_create(const struct policy_params *params)
{
	return one_list_create(sizeof(struct one_list), params, "fifo");
}

static void *fifo_clone(const void *policy)
{
	return one_list_clone(policy, sizeof(struct one_list));
}

/* One queue, oldest first (queue_view.h). */
static void fifo_describe(const void *policy, struct queue_view *view)
{
	queue_view_order(view, "queue", "oldest", "newest", 0, one_list_order, policy);
}

const struct policy_ops policy_fifo = {
	.name = "fifo",
	.summary = "first in, first out: evict the oldest fill, ignore referenced bits",
	.create = fifo_create,
	.destroy = one_list_destroy,
	.filled = one_list_filled,
	.released = one_list_released,
	.accessed = one_list_ignore_access,
	.victim = one_list_first_unpinned,
	.order = one_list_order,
	.describe = fifo_describe,
	.first = "oldest",
	.last = "newest",
	.holds = one_list_holds,
	.check = one_list_check,
	.clone = fifo_clone,
};
