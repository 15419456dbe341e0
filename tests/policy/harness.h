/*
 * tests/policy/harness.h: a tiny fault-driven pager for driving one
 * replacement policy, with a fake victim probe (bits in arrays).
 *
 * It follows pager/frames.c and pager/fault.c exactly where a policy can
 * tell the difference:
 *  - a miss takes the lowest free frame, else asks victim(), checks the
 *    answer (held, resident, unpinned, not frame 0) and calls released();
 *    then filled(), with referenced set and dirty iff writing. A fill does
 *    not call accessed(): filled() stands for the fill and its access.
 *  - a hit on a frame whose referenced bit is clear, or a write to a clean
 *    frame, is a soft fault: the bits are set and accessed() is called.
 *  - any other hit calls accessed() only for policies with wants_accesses.
 *  - test_and_clear_referenced clears the bit (counted in ref_clears).
 *  - a page's key (filled, released, probe page_key) is its page number;
 *    the probe's incoming_key is the page a miss evicts for (POLICY_KEY_NONE
 *    for a harness_evict of its own); harness_free_page releases without
 *    eviction and then forget()s the page, as the pager does at an exit.
 * Every probe call asserts its frame is resident. After every step the
 * harness calls the policy's check() and verifies order() and holds()
 * against the set of resident frames.
 */
#ifndef MMUSIM_TESTS_POLICY_HARNESS_H
#define MMUSIM_TESTS_POLICY_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy.h"

#define H_MAX_FRAMES 64
#define H_MAX_PAGES 512
#define H_NONE UINT32_MAX

struct harness {
	const struct policy_ops *ops;
	void *policy;
	struct victim_probe probe;
	uint32_t frames;                       /* params.frames: user frames + 1 */
	uint32_t page_of[H_MAX_FRAMES];        /* H_NONE: free */
	uint32_t frame_of[H_MAX_PAGES];        /* H_NONE: not resident */
	bool referenced[H_MAX_FRAMES], dirty[H_MAX_FRAMES], pinned[H_MAX_FRAMES];
	uint64_t next_use_of_page[H_MAX_PAGES];
	/* Before each victim() call, pin up to this many random resident
	 * frames (always leaving one unpinned), unpinned again afterwards. */
	uint32_t pin_on_evict;
	uint64_t pin_rng;
	/* Counters. */
	uint64_t misses, soft_faults, evictions, ref_clears, victim_calls;
	uint32_t last_victim_frame, last_victim_page;
	uint64_t incoming;                     /* the probe's incoming_key */
};

/* user_frames frames (1..user_frames) for the policy; seed for params. */
void harness_init(struct harness *h, const struct policy_ops *ops, uint32_t user_frames,
		  uint64_t seed);
void harness_fini(struct harness *h);

/* One access; `next` is the page's next use after this one (UINT64_MAX:
 * never). Returns true on a miss. */
bool harness_access(struct harness *h, uint32_t page, bool write, uint64_t next);
/* Ask for a victim (pinning as pin_on_evict says), check it, release it;
 * returns its frame, which is then free. */
uint32_t harness_evict(struct harness *h);
/* The page leaves memory without eviction (its last user exited). */
void harness_free_page(struct harness *h, uint32_t page);
/* check(), then order() and holds() against the resident frames. */
void harness_verify(struct harness *h);
uint32_t harness_resident(const struct harness *h);

/* next[i]: the first j > i with refs[j] == refs[i], else UINT64_MAX. */
void harness_next_uses(const uint32_t *refs, size_t n, uint64_t *next);

/* Run a whole reference string from empty memory; returns the misses.
 * writes may be NULL (all reads); evicted, when not NULL, receives the
 * evicted pages in order (at most n) and *n_evicted their number. */
uint64_t harness_run(const struct policy_ops *ops, uint32_t user_frames, uint64_t seed,
		     const uint32_t *refs, const bool *writes, size_t n,
		     uint32_t *evicted, size_t *n_evicted);

/* Run body(ctx) in a child process, its stderr captured, with a 10 s alarm
 * (a body that loops instead of aborting fails rather than hangs). The
 * child must die of SIGABRT and its stderr must hold both
 * "mmusim: invariant broken: " and `needle`; otherwise the test fails, its
 * message starting with `what` (which case it was). */
void harness_expect_abort(void (*body)(const void *ctx), const void *ctx, const char *needle,
			  const char *what);

/* A small deterministic generator for test data (splitmix64). */
uint64_t harness_rand(uint64_t *state);
uint32_t harness_rand_below(uint64_t *state, uint32_t n);

#endif
