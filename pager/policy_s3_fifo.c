/*
 * pager/policy_s3_fifo.c: S3-FIFO (Yang, Zhang, Qiu, Yue, Rashmi, "FIFO
 * queues are all you need for cache eviction", SOSP 2023), in two forms:
 * `s3-fifo`, whose frequencies come from referenced bits sampled when the
 * queues are scanned, and `s3-fifo-ideal` (policy_s3_fifo_ideal.c), which
 * sees every access and keeps the paper's counter.
 *
 * Three FIFO queues: S (small, about s3fifo_small_percent of the frames,
 * at least one), M (main) and G (ghost keys of pages evicted from S,
 * bounded by M's nominal size: frames - |S target|, at least 1; the oldest
 * ghost goes when it is full). A fill whose key is in G leaves G and goes
 * to M's tail; any other fill goes to S's tail; its counter starts at 0.
 * A victim is chosen one at a time, the paper's evictS/evictM as a loop:
 *  - from S while S holds at least its target (or M is empty): the head
 *    of S with counter >= s3fifo_move_threshold moves to M's tail (it
 *    keeps its counter); else it is the victim and its key enters G;
 *  - else from M: the head of M with counter > 0 has it decremented and
 *    goes to M's tail; else it is the victim (no ghost).
 * A pinned frame at a head goes to its queue's tail, untouched.
 *
 * Counters (0..3). s3-fifo-ideal: every access adds one (wants_accesses);
 * the fill does not. s3-fifo: a frame's referenced bit is read and cleared
 * (test_and_clear_referenced) whenever the frame is judged at a head, and
 * a set bit adds one. The fill's own access sets the bit too, and nothing
 * can tell it from a use; so at the start of each victim() every frame
 * filled since the previous one (the "fresh" list) has its bit cleared
 * first: the fill's reference is dropped, and with it any use between the
 * fill and the next eviction (the documented price of reference bits).
 *
 * Cost: filled, released, accessed, forget O(1) (a ghost lookup is a hash
 * probe); victim amortised O(1): each step promotes a frame, spends a
 * counter unit or clears a bit. Memory: 27 bytes a frame (two sets of list
 * links, the counter, the key), ghost entries 25 to 29 bytes (ghost.h).
 */
#include <stdlib.h>

#include "check_fail.h"
#include "frame_list.h"
#include "ghost.h"
#include "policy.h"
#include "queue_view.h"
#include "s3fifo.h"

enum { SMALL = 1, MAIN = 2, FRESH = 1 };
#define S3_MAX_FREQ 3

const struct policy_knob s3fifo_knobs[] = {
	{ "s3fifo_small_percent", 10, 1, 90,
	  "S, the small FIFO, as a percentage of the frames (at least one frame)" },
	{ "s3fifo_move_threshold", 1, 1, 3,
	  "uses while in S that move a page to M instead of evicting it" },
	{ NULL, 0, 0, 0, NULL },
};

struct s3fifo {
	bool ideal;
	uint32_t small_target, threshold;
	struct frame_links links;       /* S and M */
	struct frame_list small, main;  /* head: oldest */
	struct frame_links fresh_links; /* s3-fifo: filled since the last victim() */
	struct frame_list fresh;
	uint8_t *freq;                  /* per frame, 0..3 */
	uint64_t *key;                  /* per frame: its page's key */
	struct ghost_table ghosts;
	struct ghost_list g;
};

static void *create(const struct policy_params *params, bool ideal)
{
	struct s3fifo *s = calloc(1, sizeof *s);
	MMUSIM_CHECK(s, "s3fifo_create: out of memory");
	uint32_t usable = params->frames > 1 ? params->frames - 1 : 1;
	uint64_t target = (uint64_t)usable * policy_knob_value(params, &s3fifo_knobs[0]) / 100;
	s->ideal = ideal;
	s->small_target = target ? (uint32_t)target : 1;
	s->threshold = policy_knob_value(params, &s3fifo_knobs[1]);
	frame_links_init(&s->links, params->frames, "s3fifo_create");
	frame_links_init(&s->fresh_links, params->frames, "s3fifo_create");
	frame_list_init(&s->small, SMALL);
	frame_list_init(&s->main, MAIN);
	frame_list_init(&s->fresh, FRESH);
	s->freq = calloc(params->frames ? params->frames : 1, sizeof *s->freq);
	s->key = calloc(params->frames ? params->frames : 1, sizeof *s->key);
	MMUSIM_CHECK(s->freq && s->key, "s3fifo_create: out of memory for %u frames",
		     params->frames);
	uint32_t ghosts = usable > s->small_target ? usable - s->small_target : 1;
	ghost_init(&s->ghosts, ghosts, "s3fifo_create");
	ghost_list_init(&s->g, 1);
	return s;
}

static void *s3fifo_create(const struct policy_params *params)
{
	return create(params, false);
}

void *s3fifo_create_ideal(const struct policy_params *params)
{
	return create(params, true);
}

void s3fifo_destroy(void *policy)
{
	struct s3fifo *s = policy;
	frame_links_free(&s->links);
	frame_links_free(&s->fresh_links);
	ghost_free(&s->ghosts);
	free(s->freq);
	free(s->key);
	free(s);
}

void s3fifo_filled(void *policy, uint32_t frame, uint64_t key)
{
	struct s3fifo *s = policy;
	uint32_t slot = ghost_find(&s->ghosts, key);
	if (ghost_in(&s->ghosts, &s->g, slot)) {
		ghost_remove(&s->ghosts, &s->g, slot);
		frame_list_push_tail(&s->main, &s->links, frame);
	} else {
		frame_list_push_tail(&s->small, &s->links, frame);
	}
	s->freq[frame] = 0;
	s->key[frame] = key;
	if (!s->ideal)
		frame_list_push_tail(&s->fresh, &s->fresh_links, frame);
}

void s3fifo_released(void *policy, uint32_t frame, uint64_t key, bool evicted)
{
	struct s3fifo *s = policy;
	bool small = frame_list_holds(&s->small, &s->links, frame);
	frame_list_remove(small ? &s->small : &s->main, &s->links, frame);
	if (frame_list_holds(&s->fresh, &s->fresh_links, frame))
		frame_list_remove(&s->fresh, &s->fresh_links, frame);
	s->freq[frame] = 0;
	if (evicted && small) {
		if (s->g.count == s->ghosts.capacity)
			(void)ghost_pop_head(&s->ghosts, &s->g);
		ghost_push_tail(&s->ghosts, &s->g, key);
	}
}

void s3fifo_forget(void *policy, uint64_t key)
{
	struct s3fifo *s = policy;
	struct ghost_list *lists[1] = { &s->g };
	(void)ghost_forget(&s->ghosts, lists, 1, key);
}

void s3fifo_accessed(void *policy, uint32_t frame, bool write)
{
	struct s3fifo *s = policy;
	(void)write;
	MMUSIM_CHECK(s3fifo_holds(s, frame), "s3fifo_accessed: frame %u not held", frame);
	if (s->ideal && s->freq[frame] < S3_MAX_FREQ)
		s->freq[frame]++;
}

/* s3-fifo: a set referenced bit adds one to the counter. */
static void sample(struct s3fifo *s, const struct victim_probe *probe, uint32_t f)
{
	if (!s->ideal && probe->test_and_clear_referenced(probe->ctx, f) &&
	    s->freq[f] < S3_MAX_FREQ)
		s->freq[f]++;
}

uint32_t s3fifo_victim(void *policy, const struct victim_probe *probe)
{
	struct s3fifo *s = policy;
	/* The fills' own references are not uses (pinned ones wait). */
	for (uint32_t f = s->fresh.head, next; f != FRAME_NONE; f = next) {
		next = s->fresh_links.next[f];
		if (!probe->pinned(probe->ctx, f)) {
			(void)probe->test_and_clear_referenced(probe->ctx, f);
			frame_list_remove(&s->fresh, &s->fresh_links, f);
		}
	}
	uint32_t held = s->small.count + s->main.count;
	uint32_t pinned_small = 0, pinned_main = 0; /* heads passed pinned in a row */
	for (uint64_t step = 0; step < 16ull * held + 16; step++) {
		bool small_open = s->small.count > pinned_small;
		bool main_open = s->main.count > pinned_main;
		bool from_small = small_open &&
				  (s->small.count >= s->small_target || !main_open);
		MMUSIM_CHECK(from_small || main_open,
			     "s3fifo_victim: no unpinned frame among the %u held", held);
		struct frame_list *q = from_small ? &s->small : &s->main;
		uint32_t f = q->head;
		if (probe->pinned(probe->ctx, f)) {
			frame_list_move_to_tail(q, &s->links, f);
			*(from_small ? &pinned_small : &pinned_main) += 1;
			continue;
		}
		pinned_small = pinned_main = 0;
		sample(s, probe, f);
		if (from_small && s->freq[f] >= s->threshold) {
			frame_list_remove(&s->small, &s->links, f);
			frame_list_push_tail(&s->main, &s->links, f);
		} else if (!from_small && s->freq[f] > 0) {
			s->freq[f]--;
			frame_list_move_to_tail(&s->main, &s->links, f);
		} else {
			return f;
		}
	}
	MMUSIM_CHECK(0, "s3fifo_victim: no victim after %u steps", 16 * held + 16);
	return FRAME_NONE;
}

uint32_t s3fifo_order(const void *policy, uint32_t *frames, uint32_t cap)
{
	const struct s3fifo *s = policy;
	uint32_t at = frame_list_write(&s->small, &s->links, frames, cap, 0);
	return frame_list_write(&s->main, &s->links, frames, cap, at);
}

bool s3fifo_holds(const void *policy, uint32_t frame)
{
	const struct s3fifo *s = policy;
	return frame < s->links.frames && s->links.list[frame] != 0;
}

void s3fifo_check(const void *policy)
{
	const struct s3fifo *s = policy;
	frame_list_check(&s->small, &s->links, "s3fifo_check");
	frame_list_check(&s->main, &s->links, "s3fifo_check");
	frame_list_check(&s->fresh, &s->fresh_links, "s3fifo_check");
	MMUSIM_CHECK(frame_links_linked(&s->links) == s->small.count + s->main.count,
		     "s3fifo_check: %u frames marked held, the queues hold %u",
		     frame_links_linked(&s->links), s->small.count + s->main.count);
	MMUSIM_CHECK(!s->ideal || s->fresh.count == 0, "s3fifo_check: fresh frames in the ideal form");
	struct ghost_list *lists[1] = { (struct ghost_list *)&s->g };
	ghost_check(&s->ghosts, lists, 1, "s3fifo_check");
	for (uint32_t f = 0; f < s->links.frames; f++) {
		bool held = s->links.list[f] != 0;
		MMUSIM_CHECK(s->freq[f] <= (held ? S3_MAX_FREQ : 0),
			     "s3fifo_check: frame %u has counter %u", f, s->freq[f]);
		MMUSIM_CHECK(held || !frame_list_holds(&s->fresh, &s->fresh_links, f),
			     "s3fifo_check: frame %u is fresh but not held", f);
		MMUSIM_CHECK(!held || ghost_find(&s->ghosts, s->key[f]) == GHOST_NONE,
			     "s3fifo_check: frame %u's page is resident and a ghost", f);
	}
}

void *s3fifo_clone(const void *policy)
{
	const struct s3fifo *from = policy;
	struct s3fifo *to = frame_copy_bytes(from, sizeof *from, "s3fifo_clone");
	frame_links_copy(&to->links, &from->links, "s3fifo_clone");
	frame_links_copy(&to->fresh_links, &from->fresh_links, "s3fifo_clone");
	to->freq = frame_copy_bytes(from->freq, sizeof *from->freq * from->links.frames,
				    "s3fifo_clone");
	to->key = frame_copy_bytes(from->key, sizeof *from->key * from->links.frames,
				   "s3fifo_clone");
	ghost_copy(&to->ghosts, &from->ghosts, "s3fifo_clone");
	return to;
}

/* S and M (oldest first, each frame marked with its counter) and the
 * ghost FIFO G (queue_view.h); shared with s3-fifo-ideal. */
void s3fifo_describe(const void *policy, struct queue_view *view)
{
	const struct s3fifo *s = policy;
	static const char *const counts[S3_MAX_FREQ] = { "count 1", "count 2", "count 3" };
	for (int i = 0; i < S3_MAX_FREQ; i++)
		(void)queue_view_mark(view, counts[i]);
	queue_view_queue(view, "small S", "oldest", "newest", 0);
	queue_view_frames(view, &s->small, &s->links, s->key, s->freq);
	queue_view_queue(view, "main M", "oldest", "newest", 0);
	queue_view_frames(view, &s->main, &s->links, s->key, s->freq);
	queue_view_queue(view, "ghost G", "oldest", "newest", QV_GHOST);
	queue_view_ghosts(view, &s->ghosts, &s->g);
	queue_view_param(view, "S target", s->small_target, "S evicts at this size");
}

const struct policy_ops policy_s3_fifo = {
	.name = "s3-fifo",
	.summary = "S3-FIFO (SOSP'23): small, main and ghost FIFOs; referenced bits sampled",
	.knobs = s3fifo_knobs,
	.create = s3fifo_create,
	.destroy = s3fifo_destroy,
	.filled = s3fifo_filled,
	.released = s3fifo_released,
	.forget = s3fifo_forget,
	.accessed = s3fifo_accessed,
	.victim = s3fifo_victim,
	.order = s3fifo_order,
	.describe = s3fifo_describe,
	.holds = s3fifo_holds,
	.check = s3fifo_check,
	.clone = s3fifo_clone,
};
