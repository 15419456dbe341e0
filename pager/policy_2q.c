/*
 * pager/policy_2q.c: 2Q, the full version (Johnson and Shasha, "2Q: A Low
 * Overhead High Performance Buffer Management Replacement Algorithm", VLDB
 * 1994, section 2.2).
 *
 * Resident pages are in A1in (a FIFO of pages seen once) or Am (an LRU
 * list, head least recent); A1out is a FIFO of ghost keys of pages evicted
 * from A1in, at most Kout of them (the oldest dropped first). Kin =
 * twoq_kin_percent of the frames (rounded down), Kout = twoq_kout_percent
 * (rounded down, at least one): the paper's 25 % and 50 %.
 *  - A hit in Am makes the page Am's most recent; a hit in A1in does
 *    nothing (correlated references). 2Q needs every access (like lru).
 *  - A miss on x: victim() ("reclaimfor") evicts A1in's oldest page if
 *    |A1in| > Kin (its key joins A1out), else Am's least recent (no
 *    ghost); then x goes to Am if it was in A1out when the miss began
 *    (victim() learns x from the probe's incoming_key, since the ghost
 *    added by this eviction may push x out of A1out), else to A1in.
 * Pinned frames: the oldest unpinned frame of the list chosen, else of the
 * other list. If Am is empty, A1in gives the victim (and vice versa).
 *
 * Ghosts: at most Kout <= frames keys. Cost: O(1) a call; victim
 * O(1 + pinned). Memory: 17 bytes a frame, ghost entries 25 to 29 bytes.
 */
#include <stdlib.h>

#include "check_fail.h"
#include "frame_list.h"
#include "ghost.h"
#include "policy.h"
#include "queue_view.h"

enum { A1IN = 1, AM = 2 };

static const struct policy_knob twoq_knobs[] = {
	{ "twoq_kin_percent", 25, 0, 99, "Kin: A1in's share of the frames, in percent" },
	{ "twoq_kout_percent", 50, 1, 400, "Kout: A1out's ghosts, in percent of the frames" },
	{ NULL, 0, 0, 0, NULL },
};

struct twoq {
	uint32_t kin, kout;
	struct frame_links links;
	struct frame_list a1in, am;     /* head: oldest / least recent */
	uint64_t *key;
	struct ghost_table ghosts;
	struct ghost_list a1out;        /* head: oldest */
	uint64_t pending;               /* x of the last victim(), or NONE */
	bool pending_ghost;             /* x was in A1out then */
	uint32_t victim;                /* the frame chosen; FRAME_NONE */
};

static void *twoq_create(const struct policy_params *params)
{
	struct twoq *q = calloc(1, sizeof *q);
	MMUSIM_CHECK(q, "2q_create: out of memory");
	uint32_t c = params->frames > 1 ? params->frames - 1 : 1;
	q->kin = (uint32_t)((uint64_t)c * policy_knob_value(params, &twoq_knobs[0]) / 100);
	uint64_t kout = (uint64_t)c * policy_knob_value(params, &twoq_knobs[1]) / 100;
	q->kout = kout ? (uint32_t)kout : 1;
	frame_links_init(&q->links, params->frames, "2q_create");
	frame_list_init(&q->a1in, A1IN);
	frame_list_init(&q->am, AM);
	q->key = calloc(params->frames ? params->frames : 1, sizeof *q->key);
	MMUSIM_CHECK(q->key, "2q_create: out of memory for %u frames", params->frames);
	ghost_init(&q->ghosts, q->kout, "2q_create");
	ghost_list_init(&q->a1out, 1);
	q->pending = POLICY_KEY_NONE;
	q->victim = FRAME_NONE;
	return q;
}

static void twoq_destroy(void *policy)
{
	struct twoq *q = policy;
	frame_links_free(&q->links);
	ghost_free(&q->ghosts);
	free(q->key);
	free(q);
}

static bool in_a1out(const struct twoq *q, uint64_t key, uint32_t *slot)
{
	*slot = key == POLICY_KEY_NONE ? GHOST_NONE : ghost_find(&q->ghosts, key);
	return ghost_in(&q->ghosts, &q->a1out, *slot);
}

static uint32_t twoq_victim(void *policy, const struct victim_probe *probe)
{
	struct twoq *q = policy;
	uint32_t slot;
	q->pending = probe->incoming_key(probe->ctx);
	q->pending_ghost = in_a1out(q, q->pending, &slot);
	bool from_in = q->a1in.count > q->kin || q->am.count == 0;
	uint32_t f = frame_list_first_unpinned(from_in ? &q->a1in : &q->am, &q->links, probe);
	if (f == FRAME_NONE)
		f = frame_list_first_unpinned(from_in ? &q->am : &q->a1in, &q->links, probe);
	MMUSIM_CHECK(f != FRAME_NONE, "2q_victim: no unpinned frame among the %u held",
		     q->a1in.count + q->am.count);
	q->victim = f;
	return f;
}

static void twoq_filled(void *policy, uint32_t frame, uint64_t key)
{
	struct twoq *q = policy;
	uint32_t slot;
	bool ghost = in_a1out(q, key, &slot);
	if (ghost)
		ghost_remove(&q->ghosts, &q->a1out, slot);
	if (q->pending == key && key != POLICY_KEY_NONE)
		ghost = q->pending_ghost; /* as it was when the miss began */
	q->pending = POLICY_KEY_NONE;
	frame_list_push_tail(ghost ? &q->am : &q->a1in, &q->links, frame);
	q->key[frame] = key;
}

static void twoq_released(void *policy, uint32_t frame, uint64_t key, bool evicted)
{
	struct twoq *q = policy;
	bool in = frame_list_holds(&q->a1in, &q->links, frame);
	frame_list_remove(in ? &q->a1in : &q->am, &q->links, frame);
	if (evicted && in && frame == q->victim) {
		if (q->a1out.count == q->kout)
			(void)ghost_pop_head(&q->ghosts, &q->a1out);
		ghost_push_tail(&q->ghosts, &q->a1out, key);
	}
	q->victim = FRAME_NONE;
}

static void twoq_forget(void *policy, uint64_t key)
{
	struct twoq *q = policy;
	struct ghost_list *lists[1] = { &q->a1out };
	(void)ghost_forget(&q->ghosts, lists, 1, key);
}

static void twoq_accessed(void *policy, uint32_t frame, bool write)
{
	struct twoq *q = policy;
	(void)write;
	if (frame_list_holds(&q->am, &q->links, frame))
		frame_list_move_to_tail(&q->am, &q->links, frame);
	else
		MMUSIM_CHECK(frame_list_holds(&q->a1in, &q->links, frame),
			     "2q_accessed: frame %u not held", frame);
}

static uint32_t twoq_order(const void *policy, uint32_t *frames, uint32_t cap)
{
	const struct twoq *q = policy;
	uint32_t at = frame_list_write(&q->a1in, &q->links, frames, cap, 0);
	return frame_list_write(&q->am, &q->links, frames, cap, at);
}

static bool twoq_holds(const void *policy, uint32_t frame)
{
	const struct twoq *q = policy;
	return frame < q->links.frames && q->links.list[frame] != 0;
}

static void twoq_check(const void *policy)
{
	const struct twoq *q = policy;
	frame_list_check(&q->a1in, &q->links, "2q_check");
	frame_list_check(&q->am, &q->links, "2q_check");
	MMUSIM_CHECK(frame_links_linked(&q->links) == q->a1in.count + q->am.count,
		     "2q_check: %u frames marked held, A1in and Am hold %u",
		     frame_links_linked(&q->links), q->a1in.count + q->am.count);
	struct ghost_list *lists[1] = { (struct ghost_list *)&q->a1out };
	ghost_check(&q->ghosts, lists, 1, "2q_check");
	MMUSIM_CHECK(q->a1out.count <= q->kout, "2q_check: A1out holds %u > Kout = %u",
		     q->a1out.count, q->kout);
	for (uint32_t f = 0; f < q->links.frames; f++)
		MMUSIM_CHECK(q->links.list[f] == 0 || ghost_find(&q->ghosts, q->key[f]) == GHOST_NONE,
			     "2q_check: frame %u's page is resident and a ghost", f);
}

static void *twoq_clone(const void *policy)
{
	const struct twoq *from = policy;
	struct twoq *to = frame_copy_bytes(from, sizeof *from, "2q_clone");
	frame_links_copy(&to->links, &from->links, "2q_clone");
	to->key = frame_copy_bytes(from->key, sizeof *from->key * from->links.frames, "2q_clone");
	ghost_copy(&to->ghosts, &from->ghosts, "2q_clone");
	return to;
}

/* A1in (FIFO), Am (LRU), the ghosts A1out, Kin and Kout (queue_view.h). */
static void twoq_describe(const void *policy, struct queue_view *view)
{
	const struct twoq *q = policy;
	queue_view_queue(view, "A1in", "oldest", "newest", 0);
	queue_view_frames(view, &q->a1in, &q->links, q->key, NULL);
	queue_view_queue(view, "Am", "LRU", "MRU", 0);
	queue_view_frames(view, &q->am, &q->links, q->key, NULL);
	queue_view_queue(view, "A1out", "oldest", "newest", QV_GHOST);
	queue_view_ghosts(view, &q->ghosts, &q->a1out);
	queue_view_param(view, "Kin", q->kin, "A1in evicts beyond this");
	queue_view_param(view, "Kout", q->kout, "ghosts A1out keeps");
}

const struct policy_ops policy_2q = {
	.name = "2q",
	.summary = "2Q (VLDB'94): A1in FIFO, Am LRU, A1out ghosts (every access)",
	.wants_accesses = true,
	.knobs = twoq_knobs,
	.create = twoq_create,
	.destroy = twoq_destroy,
	.filled = twoq_filled,
	.released = twoq_released,
	.forget = twoq_forget,
	.accessed = twoq_accessed,
	.victim = twoq_victim,
	.order = twoq_order,
	.describe = twoq_describe,
	.holds = twoq_holds,
	.check = twoq_check,
	.clone = twoq_clone,
};
