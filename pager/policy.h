/*
 * pager/policy.h: the replacement-policy interface (cf. NetBSD uvm_pdpolicy.h,
 * libCacheSim's one file per policy).
 *
 * A policy owns only the replacement order, in its own arrays indexed by
 * frame. It learns about frames through four calls and chooses victims
 * through a probe, its only window on the world. The pager's eviction driver
 * checks every answer (resident, not pinned, not page 0), does the write-back
 * and the accounting; no policy does I/O.
 *
 * Adding a policy: one file policy_NAME.c and one X(NAME) line in the list
 * in policies.c, which the build reads (no build file to edit); then its
 * model and its docs row, which tests demand (docs/policies.md).
 */
#ifndef MMUSIM_PAGER_POLICY_H
#define MMUSIM_PAGER_POLICY_H

#include <stdbool.h>
#include <stdint.h>

struct policy_params {
	uint32_t frames; /* frames 1..frames-1 may be handed to the policy */
	uint64_t seed;   /* for random choices */
};

/* The policy's window on frame state; `ctx` is the pager. */
struct victim_probe {
	void *ctx;
	/* The source of a copy in progress: must not be chosen. */
	bool (*pinned)(void *ctx, uint32_t frame);
	/* Read the referenced bit and clear it; clearing revokes the frame's
	 * translations so that the next use faults (or, in hardware mode,
	 * sets the accessed bit) again. */
	bool (*test_and_clear_referenced)(void *ctx, uint32_t frame);
	bool (*referenced)(void *ctx, uint32_t frame);
	bool (*dirty)(void *ctx, uint32_t frame);
	/* Next use of the frame's page, UINT64_MAX for never (OPT). */
	uint64_t (*next_use)(void *ctx, uint32_t frame);
};

struct policy_ops {
	const char *name;
	const char *summary;        /* one line, for --help */
	bool wants_accesses;        /* call accessed() on every access seen */
	bool needs_future;          /* needs victim_probe.next_use */
	void *(*create)(const struct policy_params *params);
	void (*destroy)(void *policy);
	/* Frame just received a page (goes to the tail of the order). */
	void (*filled)(void *policy, uint32_t frame);
	/* Frame leaves memory: evicted, or freed because nobody uses it. */
	void (*released)(void *policy, uint32_t frame);
	/* A use of a resident frame (faults always; every access if wanted). */
	void (*accessed)(void *policy, uint32_t frame, bool write);
	/* Choose a resident, unpinned frame; do not remove it (released()
	 * follows). At least one unpinned frame is held when this is called. */
	uint32_t (*victim)(void *policy, const struct victim_probe *probe);
	/* Frames held, in replacement order (the clock: from the hand);
	 * returns how many, writing at most `cap` (none when frames is NULL). */
	uint32_t (*order)(const void *policy, uint32_t *frames, uint32_t cap);
	/* How views (the visualiser) draw order(), read only: `hand` when it
	 * starts at a hand that sweeps round (a ring); otherwise a list whose
	 * two ends are named `first` and `last` ("least recent", "most
	 * recent"). Both NULL without a hand: the order means nothing
	 * (random), or the victim comes from elsewhere (needs_future). */
	bool hand;
	const char *first, *last;
	bool (*holds)(const void *policy, uint32_t frame);
	/* Verify the policy's own invariants; abort with a message if broken. */
	void (*check)(const void *policy);
	/* An independent copy of the policy's state (checkpoints). */
	void *(*clone)(const void *policy);
};

/* The table of known policies (policies.c), in the order --help lists. */
extern const struct policy_ops *const policy_table[];
const struct policy_ops *policy_find(const char *name);

#endif
