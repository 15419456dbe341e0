/*
 * pager/policy_active_inactive.c: Linux-style active and inactive lists
 * (the split-LRU reclaim of Linux 2.6.28 onwards, mm/vmscan.c, for one
 * list pair: no anon/file split, no shadow entries).
 *
 * Two FIFO lists, each with its oldest frame at the head. A filled frame
 * goes to the newest end of the inactive list. Information comes only from
 * the referenced bit (Linux's young PTE bit) plus one flag per frame, Linux's
 * PG_referenced. Choosing a victim:
 *  - Balance first: while the inactive list is shorter than the active one
 *    (inactive_is_low() with ratio 1, Linux's value below 1 GiB), move the
 *    oldest active frame to the newest end of the inactive list, clearing
 *    its referenced bit and dropping its value (shrink_active_list(); we have
 *    no VM_EXEC exception). A pinned frame moves with its bits untouched.
 *  - Then judge the oldest unpinned inactive frame, as
 *    folio_check_references() does (pinned frames are passed in place):
 *    referenced bit clear: it is the victim (the flag alone saves nothing);
 *    referenced, flag clear: set the flag, move it to the newest end of
 *    the inactive list ("all mapped folios start out with page table
 *    references from the instantiating fault, so we need to look twice");
 *    referenced, flag set: activate it (newest end of the active list),
 *    the flag staying set. Repeat from the balance step.
 *  - If every inactive frame is pinned, deactivate one more active frame.
 * Each test clears the referenced bit and nothing sets it during a search,
 * so each frame's test succeeds at most once per search and the search
 * ends: O(frames) at worst, amortised O(1) per fill like clock.
 *
 * accessed() does nothing: Linux, too, learns of mapped-page use only from
 * the young bits (its mark_page_accessed() is for read()/write() I/O).
 *
 * order(): the inactive list oldest first, then the active list oldest
 * first, roughly the order reclaim would reach them.
 */
#include <stdlib.h>

#include "check_fail.h"
#include "frame_list.h"
#include "policy.h"
#include "queue_view.h"

enum { INACTIVE = 1, ACTIVE = 2 };

struct two_lists {
	struct frame_links links;
	struct frame_list inactive, active; /* head: oldest */
	bool *flagged;                      /* PG_referenced, indexed by frame */
};

static void *two_lists_create(const struct policy_params *params)
{
	struct two_lists *t = calloc(1, sizeof *t);
	MMUSIM_CHECK(t, "active_inactive_create: out of memory");
	frame_links_init(&t->links, params->frames, "active_inactive_create");
	frame_list_init(&t->inactive, INACTIVE);
	frame_list_init(&t->active, ACTIVE);
	t->flagged = calloc(params->frames ? params->frames : 1, sizeof *t->flagged);
	MMUSIM_CHECK(t->flagged, "active_inactive_create: out of memory for %u frames", params->frames);
	return t;
}

static void two_lists_destroy(void *policy)
{
	struct two_lists *t = policy;
	frame_links_free(&t->links);
	free(t->flagged);
	free(t);
}

static void two_lists_filled(void *policy, uint32_t frame, uint64_t key)
{
	(void)key;
	struct two_lists *t = policy;
	frame_list_push_tail(&t->inactive, &t->links, frame);
	t->flagged[frame] = false;
}

static struct frame_list *list_of(struct two_lists *t, uint32_t frame)
{
	if (frame < t->links.frames && t->links.list[frame] == ACTIVE)
		return &t->active;
	return &t->inactive; /* frame_list_remove checks it is there */
}

static void two_lists_released(void *policy, uint32_t frame, uint64_t key, bool evicted)
{
	(void)key, (void)evicted;
	struct two_lists *t = policy;
	frame_list_remove(list_of(t, frame), &t->links, frame);
	t->flagged[frame] = false;
}

static void two_lists_accessed(void *policy, uint32_t frame, bool write)
{
	(void)policy, (void)frame, (void)write;
}

/* The oldest active frame goes to the newest end of the inactive list. */
static void deactivate_oldest(struct two_lists *t, const struct victim_probe *probe)
{
	uint32_t f = t->active.head;
	frame_list_remove(&t->active, &t->links, f);
	if (!probe->pinned(probe->ctx, f))
		(void)probe->test_and_clear_referenced(probe->ctx, f);
	frame_list_push_tail(&t->inactive, &t->links, f);
}

static uint32_t two_lists_victim(void *policy, const struct victim_probe *probe)
{
	struct two_lists *t = policy;
	for (;;) {
		while (t->inactive.count < t->active.count)
			deactivate_oldest(t, probe);
		uint32_t f = frame_list_first_unpinned(&t->inactive, &t->links, probe);
		if (f == FRAME_NONE) {
			MMUSIM_CHECK(t->active.count > 0,
				     "active_inactive_victim: no unpinned frame among the %u held",
				     t->inactive.count);
			deactivate_oldest(t, probe);
			continue;
		}
		if (!probe->test_and_clear_referenced(probe->ctx, f))
			return f;
		if (t->flagged[f]) {
			frame_list_remove(&t->inactive, &t->links, f);
			frame_list_push_tail(&t->active, &t->links, f);
		} else {
			t->flagged[f] = true;
			frame_list_move_to_tail(&t->inactive, &t->links, f);
		}
	}
}

static uint32_t two_lists_order(const void *policy, uint32_t *frames, uint32_t cap)
{
	const struct two_lists *t = policy;
	uint32_t at = frame_list_write(&t->inactive, &t->links, frames, cap, 0);
	return frame_list_write(&t->active, &t->links, frames, cap, at);
}

static bool two_lists_holds(const void *policy, uint32_t frame)
{
	const struct two_lists *t = policy;
	return frame < t->links.frames && t->links.list[frame] != 0;
}

static void two_lists_check(const void *policy)
{
	const struct two_lists *t = policy;
	frame_list_check(&t->inactive, &t->links, "active_inactive_check");
	frame_list_check(&t->active, &t->links, "active_inactive_check");
	uint32_t held = t->inactive.count + t->active.count;
	MMUSIM_CHECK(frame_links_linked(&t->links) == held,
		     "active_inactive_check: %u frames marked held, lists hold %u",
		     frame_links_linked(&t->links), held);
	for (uint32_t f = 0; f < t->links.frames; f++)
		MMUSIM_CHECK(!t->flagged[f] || t->links.list[f] != 0,
			     "active_inactive_check: frame %u is flagged but not held", f);
}

static void *two_lists_clone(const void *policy)
{
	const struct two_lists *from = policy;
	struct two_lists *to = frame_copy_bytes(from, sizeof *from, "active_inactive_clone");
	frame_links_copy(&to->links, &from->links, "active_inactive_clone");
	to->flagged = frame_copy_bytes(from->flagged, sizeof *from->flagged * from->links.frames,
				       "active_inactive_clone");
	return to;
}

/* The inactive list, then the active one, oldest first; the flag is
 * PG_referenced, the "looked once" of the two-look rule (queue_view.h). */
static void two_lists_describe(const void *policy, struct queue_view *view)
{
	const struct two_lists *t = policy;
	uint8_t flag = queue_view_mark(view, "PG_referenced");
	const struct frame_list *lists[2] = { &t->inactive, &t->active };
	const char *names[2] = { "inactive", "active" };
	for (int i = 0; i < 2; i++) {
		queue_view_queue(view, names[i], "oldest", "newest", 0);
		for (uint32_t f = lists[i]->head; f != FRAME_NONE; f = t->links.next[f])
			queue_view_entry(view, f, POLICY_KEY_NONE, t->flagged[f] ? flag : 0);
	}
}

const struct policy_ops policy_active_inactive = {
	.name = "active-inactive",
	.summary = "Linux-style active and inactive lists, promoted on a second referenced scan",
	.create = two_lists_create,
	.destroy = two_lists_destroy,
	.filled = two_lists_filled,
	.released = two_lists_released,
	.accessed = two_lists_accessed,
	.victim = two_lists_victim,
	.order = two_lists_order,
	.describe = two_lists_describe,
	.first = "inactive, oldest",
	.last = "active, newest",
	.holds = two_lists_holds,
	.check = two_lists_check,
	.clone = two_lists_clone,
};
