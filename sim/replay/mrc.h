/*
 * sim/replay/mrc.h: exact miss-ratio curves of a reference string for
 * every memory size at once (docs/mrc.md).
 *
 * A reference string is an array of page ids 0..pages-1 (mrc_trace.h makes
 * one from a trace). Both policies here are stack algorithms (Mattson,
 * Gecsei, Slutz and Traiger, 1970): the pages a memory of k frames holds
 * are always among those a memory of k + 1 frames holds, so each reference
 * has a *stack distance* d, the least k at which it hits, and a memory of
 * k frames misses exactly the references with d > k (a first reference
 * has none: d = infinity). One histogram of distances gives every size.
 *
 *   LRU: d = 1 + the number of distinct pages referenced since the last
 *        reference to this page. One pass, a Fenwick tree over the times
 *        of each page's last reference: O(N log P), P distinct pages.
 *   OPT: Belady's MIN, evicting the page whose next reference is the
 *        furthest (pages never referenced again first). A backward pass
 *        finds each reference's next use; a forward pass keeps Mattson's
 *        OPT priority stack (the priority is the next use). Exact; the
 *        forward pass costs O(min(d, depth)) per reference, so the stack
 *        is kept only `depth` deep (the largest size asked for): deeper
 *        distances are counted as misses of every size up to depth.
 *
 * For a page list (and any trace whose processes neither share pages nor
 * exit early), the miss count of a memory of k frames is what a replay
 * with k frames for pages counts (docs/mrc.md; tests/cli/test_mrc.py
 * checks it against sweep).
 *
 * `count` must be below 2^32 - 1 (times are 32-bit; mrc_trace.h refuses
 * longer traces).
 */
#ifndef MMUSIM_SIM_MRC_H
#define MMUSIM_SIM_MRC_H

#include <stddef.h>
#include <stdint.h>

/* A stack-distance histogram: hits[d] references at distance d, for d in
 * 1..depth (hits[0] is unused); beyond: first references and distances
 * past depth. */
struct mrc_histogram {
	uint64_t references;
	uint64_t beyond;
	uint64_t *hits;      /* depth + 1 entries */
	uint64_t depth;
};

/* LRU distances of refs[0..count) (ids below `pages`); depth = pages.
 * 0, or -1 when out of memory. */
int mrc_lru(const uint32_t *refs, size_t count, uint32_t pages,
	    struct mrc_histogram *out);

/* OPT distances up to `depth` (at least 1; more than `pages` is cut to
 * `pages`). 0, or -1 when out of memory. */
int mrc_opt(const uint32_t *refs, size_t count, uint32_t pages,
	    uint64_t depth, struct mrc_histogram *out);

/* The same, counting only refs[from..count) (a measurement window: the
 * references before it fill the stack but are not counted); from 0 is
 * mrc_lru / mrc_opt. `references` is then count - from. */
int mrc_lru_window(const uint32_t *refs, size_t count, size_t from, uint32_t pages,
		   struct mrc_histogram *out);
int mrc_opt_window(const uint32_t *refs, size_t count, size_t from, uint32_t pages,
		   uint64_t depth, struct mrc_histogram *out);

/* Misses of a memory of `frames` frames (frames <= depth, or any when
 * the histogram covers every page: then beyond is the first references). */
uint64_t mrc_misses(const struct mrc_histogram *h, uint64_t frames);

/* Misses for each of sizes[0..n) (any order) into misses[i]: one pass
 * over the histogram. */
void mrc_misses_at(const struct mrc_histogram *h, const uint64_t *sizes,
		   size_t n, uint64_t *misses);

void mrc_histogram_free(struct mrc_histogram *h);

#endif
