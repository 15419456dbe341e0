/*
 * pager/policy_lru.c: exact least recently used.
 *
 * Asks for every access (wants_accesses): the machine reports each access
 * that completes without a fault, TLB hits included, and the pager reports
 * each fault on a resident page; a fill counts as a use. One list in
 * recency order: a use moves the frame to the tail (most recent), the
 * victim is the unpinned frame nearest the head (least recent). Referenced
 * bits are never read or cleared, so only misses fault and the fault count
 * is the textbook LRU miss count.
 *
 * This is an idealisation: real hardware cannot tell the kernel about TLB
 * hits, which is why kernels approximate LRU with reference bits (clock).
 *
 * The list is the shared one (one_list.h).
 *
 * Cost: every call O(1); victim O(1 + pinned frames at the head).
 */
#include "one_list.h"
#include "policy.h"
#include "queue_view.h"

static void *lru_create(const struct policy_params *params)
{
	return one_list_create(sizeof(struct one_list), params, "lru");
}

static void *lru_clone(const void *policy)
{
	return one_list_clone(policy, sizeof(struct one_list));
}

/* A use makes the frame the most recent: the tail. */
static void lru_accessed(void *policy, uint32_t frame, bool write)
{
	struct one_list *l = policy;
	(void)write;
	frame_list_move_to_tail(&l->list, &l->links, frame);
}

/* One list, least recent first (queue_view.h). */
static void lru_describe(const void *policy, struct queue_view *view)
{
	queue_view_order(view, "LRU list", "least recent", "most recent", 0, one_list_order, policy);
}

const struct policy_ops policy_lru = {
	.name = "lru",
	.summary = "exact least recently used, from every access (an idealisation)",
	.wants_accesses = true,
	.create = lru_create,
	.destroy = one_list_destroy,
	.filled = one_list_filled,
	.released = one_list_released,
	.accessed = lru_accessed,
	.victim = one_list_first_unpinned,
	.order = one_list_order,
	.describe = lru_describe,
	.first = "least recent",
	.last = "most recent",
	.holds = one_list_holds,
	.check = one_list_check,
	.clone = lru_clone,
};
