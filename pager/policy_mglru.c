/*
 * pager/policy_mglru.c: a multi-generational LRU after Linux's design
 * (Documentation/mm/multigen_lru.rst), reduced to what a page-reference
 * string can show: generations, aging by referenced bits, eviction from
 * the oldest generation.
 *
 * Generations are numbered by sequence: min_seq (oldest) .. max_seq
 * (youngest), at most 4 (MAX_NR_GENS), each a FIFO list of frames.
 *  - A fill goes to the youngest generation.
 *  - victim(): first the referenced bit of every frame filled since the
 *    previous victim() is cleared (a fill's reference is not a use; see
 *    `s3-fifo`). Then: empty oldest generations are retired (min_seq + 1);
 *    while fewer than three generations remain (max_seq - min_seq < 2,
 *    MIN_NR_GENS = 2 protected generations plus one to evict from), age:
 *    max_seq + 1, and every resident frame, oldest generation first, has
 *    its bit read and cleared; referenced frames move to the new youngest
 *    generation. Then the oldest generation's first frame: referenced (the
 *    eviction's own check): it moves to the youngest generation; pinned: to
 *    the next generation, untouched; else it is the victim.
 * Left out (docs/policies.md): tiers and the PID controller's refault
 * feedback between anonymous and file pages (no refault distances: no
 * ghosts), the page-table walks and Bloom filters (every frame's bit is
 * read directly), look-around, and the kernel's choice of a generation
 * for new pages by type.
 *
 * Aging reads only the frames whose bit can be set: with software bits, a
 * bit goes from clear to set only with a fill or a fault (filled(),
 * accessed(); policy.h), so the policy keeps those frames (the candidates)
 * and drops each when it clears its bit. An aging pass visits the
 * candidates in the order the full pass would (generation, then place in
 * its list: a stamp given at every push to a tail), so the same bits are
 * cleared in the same order and the same frames move. The full pass is
 * kept where it is needed: hardware bits (the MMU sets them unseen; the
 * kernel walks page tables there), and while a frame is pinned (the one
 * time the probe gives no incoming page, a copy-on-write copy), since the
 * pager logs every pinned frame a pass goes by.
 *
 * Cost: O(1) a call but victim; a victim is amortised O(1) plus, with
 * software bits, O(c log c) an aging pass for c candidates (frames faulted
 * on since their bit was last cleared), about one pass per generation
 * evicted; with hardware bits, O(frames) a pass. Memory: 46 bytes a frame.
 */
#include <stdio.h>
#include <stdlib.h>

#include "check_fail.h"
#include "frame_list.h"
#include "policy.h"
#include "queue_view.h"

#define GENS 4

struct mglru {
	struct frame_links links;
	struct frame_list gen[GENS];    /* gen[seq % GENS], ids 1..4; head: oldest */
	uint64_t min_seq, max_seq;
	struct frame_links fresh_links;
	struct frame_list fresh;
	bool full_passes;               /* hardware bits: age by reading every frame */
	uint64_t pushes;                /* stamps given */
	uint64_t *stamp;                /* by frame: when it went to its list's tail */
	uint32_t *cand;                 /* the candidates, cand_count of them */
	uint32_t *cand_at;              /* by frame: index in cand, or FRAME_NONE */
	uint32_t cand_count;
	struct aging_visit *visits;     /* scratch of an aging pass */
};

struct aging_visit {
	uint64_t order;                 /* generation age, then stamp */
	uint32_t frame;
};

static void *mglru_create(const struct policy_params *params)
{
	struct mglru *g = calloc(1, sizeof *g);
	MMUSIM_CHECK(g, "mglru_create: out of memory");
	frame_links_init(&g->links, params->frames, "mglru_create");
	frame_links_init(&g->fresh_links, params->frames, "mglru_create");
	for (uint8_t i = 0; i < GENS; i++)
		frame_list_init(&g->gen[i], (uint8_t)(i + 1));
	frame_list_init(&g->fresh, 1);
	uint32_t n = params->frames ? params->frames : 1;
	g->full_passes = params->hardware_ref_bits;
	g->stamp = calloc(n, sizeof *g->stamp);
	g->cand = malloc(sizeof *g->cand * n);
	g->cand_at = malloc(sizeof *g->cand_at * n);
	g->visits = malloc(sizeof *g->visits * n);
	MMUSIM_CHECK(g->stamp && g->cand && g->cand_at && g->visits,
		     "mglru_create: out of memory for %u frames", params->frames);
	for (uint32_t f = 0; f < n; f++)
		g->cand_at[f] = FRAME_NONE;
	return g;
}

static void mglru_destroy(void *policy)
{
	struct mglru *g = policy;
	frame_links_free(&g->links);
	frame_links_free(&g->fresh_links);
	free(g->stamp);
	free(g->cand);
	free(g->cand_at);
	free(g->visits);
	free(g);
}

/* Frame f's referenced bit may be set (a fill or a fault). */
static void candidate_add(struct mglru *g, uint32_t f)
{
	if (g->cand_at[f] != FRAME_NONE)
		return;
	g->cand_at[f] = g->cand_count;
	g->cand[g->cand_count++] = f;
}

/* Its bit is clear now (the policy cleared it), or it left. */
static void candidate_drop(struct mglru *g, uint32_t f)
{
	uint32_t i = g->cand_at[f];
	if (i == FRAME_NONE)
		return;
	uint32_t last = g->cand[--g->cand_count];
	g->cand[i] = last;
	g->cand_at[last] = i;
	g->cand_at[f] = FRAME_NONE;
}

static bool clear_referenced(struct mglru *g, const struct victim_probe *probe, uint32_t f)
{
	bool was = probe->test_and_clear_referenced(probe->ctx, f);
	candidate_drop(g, f);
	return was;
}

static void push_young(struct mglru *g, uint64_t seq, uint32_t f);

static struct frame_list *gen_of(struct mglru *g, uint64_t seq)
{
	return &g->gen[seq % GENS];
}

static struct frame_list *list_holding(struct mglru *g, uint32_t frame)
{
	MMUSIM_CHECK(frame < g->links.frames && g->links.list[frame] != 0,
		     "mglru: frame %u not held", frame);
	return &g->gen[g->links.list[frame] - 1];
}

static void mglru_filled(void *policy, uint32_t frame, uint64_t key)
{
	struct mglru *g = policy;
	(void)key;
	push_young(g, g->max_seq, frame);
	frame_list_push_tail(&g->fresh, &g->fresh_links, frame);
	candidate_add(g, frame);
}

static void mglru_released(void *policy, uint32_t frame, uint64_t key, bool evicted)
{
	struct mglru *g = policy;
	(void)key, (void)evicted;
	frame_list_remove(list_holding(g, frame), &g->links, frame);
	if (frame_list_holds(&g->fresh, &g->fresh_links, frame))
		frame_list_remove(&g->fresh, &g->fresh_links, frame);
	candidate_drop(g, frame);
}

static void push_young(struct mglru *g, uint64_t seq, uint32_t f)
{
	frame_list_push_tail(gen_of(g, seq), &g->links, f);
	g->stamp[f] = g->pushes++;
}

static void move_to(struct mglru *g, uint32_t f, uint64_t seq)
{
	frame_list_remove(list_holding(g, f), &g->links, f);
	push_young(g, seq, f);
}

/* The pass over every frame, oldest generation first. */
static void age_every_frame(struct mglru *g, const struct victim_probe *probe, uint64_t young)
{
	for (uint64_t seq = g->min_seq; seq < young; seq++)
		for (uint32_t f = gen_of(g, seq)->head, next; f != FRAME_NONE; f = next) {
			next = g->links.next[f];
			if (!probe->pinned(probe->ctx, f) && clear_referenced(g, probe, f))
				move_to(g, f, young);
		}
}

static int by_order(const void *a, const void *b)
{
	uint64_t x = ((const struct aging_visit *)a)->order;
	uint64_t y = ((const struct aging_visit *)b)->order;
	return (x > y) - (x < y);
}

/* The same pass over the candidates alone, in the full pass's order: no
 * frame is pinned (see the top), and every other frame's bit is clear. */
static void age_candidates(struct mglru *g, const struct victim_probe *probe, uint64_t young)
{
	uint32_t n = g->cand_count;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t f = g->cand[i];
		uint64_t gen_age = (g->links.list[f] - 1 + GENS - g->min_seq % GENS) % GENS;
		g->visits[i] = (struct aging_visit){ .order = gen_age << 62 | g->stamp[f], .frame = f };
	}
	qsort(g->visits, n, sizeof *g->visits, by_order);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t f = g->visits[i].frame;
		if (!probe->pinned(probe->ctx, f) && clear_referenced(g, probe, f))
			move_to(g, f, young);
	}
}

/* A new youngest generation; referenced frames move into it. */
static void age(struct mglru *g, const struct victim_probe *probe)
{
	uint64_t young = ++g->max_seq;
	if (g->full_passes || probe->incoming_key(probe->ctx) == POLICY_KEY_NONE)
		age_every_frame(g, probe, young);
	else
		age_candidates(g, probe, young);
}

static uint32_t held_frames(const struct mglru *g)
{
	uint32_t n = 0;
	for (int i = 0; i < GENS; i++)
		n += g->gen[i].count;
	return n;
}

static uint32_t mglru_victim(void *policy, const struct victim_probe *probe)
{
	struct mglru *g = policy;
	for (uint32_t f = g->fresh.head, next; f != FRAME_NONE; f = next) {
		next = g->fresh_links.next[f];
		if (!probe->pinned(probe->ctx, f)) {
			(void)clear_referenced(g, probe, f);
			frame_list_remove(&g->fresh, &g->fresh_links, f);
		}
	}
	uint32_t held = held_frames(g);
	MMUSIM_CHECK(held > 0, "mglru_victim: no unpinned frame (none held)");
	for (uint64_t step = 0, n = 8ull * held + 16; step < n; step++) {
		while (g->min_seq < g->max_seq && gen_of(g, g->min_seq)->count == 0)
			g->min_seq++;
		if (g->max_seq - g->min_seq < 2) {
			age(g, probe);
			continue;
		}
		uint32_t f = gen_of(g, g->min_seq)->head;
		if (probe->pinned(probe->ctx, f))
			move_to(g, f, g->min_seq + 1);
		else if (clear_referenced(g, probe, f))
			move_to(g, f, g->max_seq);
		else
			return f;
	}
	MMUSIM_CHECK(0, "mglru_victim: no unpinned frame among the %u held", held);
	return FRAME_NONE;
}

static void mglru_accessed(void *policy, uint32_t frame, bool write)
{
	(void)write;
	(void)list_holding(policy, frame);
	candidate_add(policy, frame);
}

static uint32_t mglru_order(const void *policy, uint32_t *frames, uint32_t cap)
{
	const struct mglru *g = policy;
	uint32_t at = 0;
	for (uint64_t seq = g->min_seq; seq <= g->max_seq; seq++)
		at = frame_list_write(&g->gen[seq % GENS], &g->links, frames, cap, at);
	return at;
}

static bool mglru_holds(const void *policy, uint32_t frame)
{
	const struct mglru *g = policy;
	return frame < g->links.frames && g->links.list[frame] != 0;
}

static void mglru_check(const void *policy)
{
	const struct mglru *g = policy;
	uint32_t in_gens = 0;
	MMUSIM_CHECK(g->min_seq <= g->max_seq && g->max_seq - g->min_seq < GENS,
		     "mglru_check: generations %llu..%llu", (unsigned long long)g->min_seq,
		     (unsigned long long)g->max_seq);
	for (int i = 0; i < GENS; i++) {
		frame_list_check(&g->gen[i], &g->links, "mglru_check");
		in_gens += g->gen[i].count;
	}
	for (uint64_t seq = g->max_seq + 1; seq < g->min_seq + GENS; seq++)
		MMUSIM_CHECK(gen_of((struct mglru *)g, seq)->count == 0,
			     "mglru_check: frames in retired generation %llu", (unsigned long long)seq);
	frame_list_check(&g->fresh, &g->fresh_links, "mglru_check");
	MMUSIM_CHECK(frame_links_linked(&g->links) == in_gens,
		     "mglru_check: %u frames marked held, generations hold %u",
		     frame_links_linked(&g->links), in_gens);
	for (uint32_t f = 0; f < g->links.frames; f++)
		MMUSIM_CHECK(g->links.list[f] || !frame_list_holds(&g->fresh, &g->fresh_links, f),
			     "mglru_check: frame %u is fresh but not held", f);
	for (uint32_t i = 0; i < g->cand_count; i++)
		MMUSIM_CHECK(g->cand[i] < g->links.frames && g->links.list[g->cand[i]] &&
				     g->cand_at[g->cand[i]] == i,
			     "mglru_check: candidate %u (frame %u) not held or not indexed", i,
			     g->cand[i]);
	for (uint32_t f = 0; f < g->links.frames; f++)
		MMUSIM_CHECK(g->cand_at[f] == FRAME_NONE || g->cand_at[f] < g->cand_count,
			     "mglru_check: frame %u indexed as candidate %u of %u", f, g->cand_at[f],
			     g->cand_count);
	MMUSIM_CHECK(g->pushes < (uint64_t)1 << 62, "mglru_check: %llu stamps",
		     (unsigned long long)g->pushes);
}

static void *mglru_clone(const void *policy)
{
	const struct mglru *from = policy;
	struct mglru *to = frame_copy_bytes(from, sizeof *from, "mglru_clone");
	frame_links_copy(&to->links, &from->links, "mglru_clone");
	frame_links_copy(&to->fresh_links, &from->fresh_links, "mglru_clone");
	size_t n = from->links.frames ? from->links.frames : 1;
	to->stamp = frame_copy_bytes(from->stamp, sizeof *from->stamp * n, "mglru_clone");
	to->cand = frame_copy_bytes(from->cand, sizeof *from->cand * n, "mglru_clone");
	to->cand_at = frame_copy_bytes(from->cand_at, sizeof *from->cand_at * n, "mglru_clone");
	to->visits = frame_copy_bytes(from->visits, sizeof *from->visits * n, "mglru_clone");
	return to;
}

/* The generations, oldest first, each a FIFO (queue_view.h). */
static void mglru_describe(const void *policy, struct queue_view *view)
{
	const struct mglru *g = policy;
	for (uint64_t seq = g->min_seq; seq <= g->max_seq; seq++) {
		char name[16];
		snprintf(name, sizeof name, "gen %llu", (unsigned long long)seq);
		queue_view_queue(view, name, "oldest", "newest", 0);
		queue_view_frames(view, &g->gen[seq % GENS], &g->links, NULL, NULL);
	}
}

const struct policy_ops policy_mglru = {
	.name = "mglru",
	.summary = "Linux's multi-generational LRU, simplified: 4 generations aged by referenced bits",
	.create = mglru_create,
	.destroy = mglru_destroy,
	.filled = mglru_filled,
	.released = mglru_released,
	.accessed = mglru_accessed,
	.victim = mglru_victim,
	.order = mglru_order,
	.describe = mglru_describe,
	.holds = mglru_holds,
	.check = mglru_check,
	.clone = mglru_clone,
};
