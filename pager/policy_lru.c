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
 * Cost: every call O(1); victim O(1 + pinned frames at the head).
 */
#include <stdlib.h>

#include "check_fail.h"
#include "frame_list.h"
#include "policy.h"

struct lru {
	struct frame_links links;
	struct frame_list recency; /* head: least recently used */
};

static void *lru_create(const struct policy_params *params)
{
	struct lru *l = calloc(1, sizeof *l);
	MMUSIM_CHECK(l, "lru_create: out of memory");
	frame_links_init(&l->links, params->frames, "lru_create");
	frame_list_init(&l->recency, 1);
	return l;
}

static void lru_destroy(void *policy)
{
	struct lru *l = policy;
	frame_links_free(&l->links);
	free(l);
}

static void lru_filled(void *policy, uint32_t frame)
{
	struct lru *l = policy;
	frame_list_push_tail(&l->recency, &l->links, frame);
}

static void lru_released(void *policy, uint32_t frame)
{
	struct lru *l = policy;
	frame_list_remove(&l->recency, &l->links, frame);
}

static void lru_accessed(void *policy, uint32_t frame, bool write)
{
	struct lru *l = policy;
	(void)write;
	frame_list_move_to_tail(&l->recency, &l->links, frame);
}

static uint32_t lru_victim(void *policy, const struct victim_probe *probe)
{
	struct lru *l = policy;
	uint32_t f = frame_list_first_unpinned(&l->recency, &l->links, probe);
	MMUSIM_CHECK(f != FRAME_NONE, "lru_victim: no unpinned frame among the %u held",
		     l->recency.count);
	return f;
}

static uint32_t lru_order(const void *policy, uint32_t *frames, uint32_t cap)
{
	const struct lru *l = policy;
	return frame_list_write(&l->recency, &l->links, frames, cap, 0);
}

static bool lru_holds(const void *policy, uint32_t frame)
{
	const struct lru *l = policy;
	return frame_list_holds(&l->recency, &l->links, frame);
}

static void lru_check(const void *policy)
{
	const struct lru *l = policy;
	frame_list_check(&l->recency, &l->links, "lru_check");
	MMUSIM_CHECK(frame_links_linked(&l->links) == l->recency.count,
		     "lru_check: %u frames marked held, list holds %u",
		     frame_links_linked(&l->links), l->recency.count);
}

static void *lru_clone(const void *policy)
{
	const struct lru *from = policy;
	struct lru *to = frame_copy_bytes(from, sizeof *from, "lru_clone");
	frame_links_copy(&to->links, &from->links, "lru_clone");
	return to;
}

const struct policy_ops policy_lru = {
	.name = "lru",
	.summary = "exact least recently used, from every access (an idealisation)",
	.wants_accesses = true,
	.create = lru_create,
	.destroy = lru_destroy,
	.filled = lru_filled,
	.released = lru_released,
	.accessed = lru_accessed,
	.victim = lru_victim,
	.order = lru_order,
	.holds = lru_holds,
	.check = lru_check,
	.clone = lru_clone,
};
