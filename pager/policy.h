/*
 * pager/policy.h: the replacement-policy interface (cf. NetBSD uvm_pdpolicy.h,
 * libCacheSim's one file per policy).
 *
 * A policy owns only the replacement order, in its own arrays indexed by
 * frame, and (if it wants) a bounded table of ghosts: keys of pages that
 * recently left memory. It learns about frames through four calls and
 * chooses victims through a probe, its only window on the world.
 *
 * Page keys: filled(), released() and the probe's page_key() name the page
 * a frame holds by a key that stays the same while the page goes out of
 * memory and comes back (the pager's object: a swap page, or the file
 * cache's (file, block)), unlike the frame number. When the page itself
 * ends (its object is freed: its last process exited, or a file block
 * nobody maps left memory), forget() says so, and the policy must drop the
 * key from its ghost tables: a later page may get the same key. The pager's eviction driver
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

/* A tunable of a policy: the config key policy_params.NAME (unique across
 * the table, so the key names its policy), its default (the paper's) and
 * its range. A policy's list ends with a NULL name. */
struct policy_knob {
	const char *name;
	uint32_t def, min, max;
	const char *help;        /* one line, for docs and messages */
};

/* One knob's value as configured (policy_params.NAME). */
struct policy_setting {
	char name[32];
	uint32_t value;
};

#define POLICY_MAX_SETTINGS 16

struct policy_params {
	uint32_t frames; /* frames 1..frames-1 may be handed to the policy */
	uint64_t seed;   /* for random choices */
	/* Referenced bits are also set by the MMU, unseen (ref_bits
	 * hardware). Otherwise a bit goes from clear to set only with a fill
	 * or a fault on the frame (filled(), accessed()), so a policy may keep
	 * the set of frames whose bit can be set instead of probing them all. */
	bool hardware_ref_bits;
	/* Knobs set by the configuration; a knob not here has its default. */
	const struct policy_setting *settings;
	uint32_t setting_count;
};

/* The value of `knob` in params (its default when not set). */
uint32_t policy_knob_value(const struct policy_params *params, const struct policy_knob *knob);
/* The knob called `name` in any policy of the table, or NULL. */
const struct policy_knob *policy_knob_find(const char *name);

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
	/* The page key of the frame's page (as filled() was told). */
	uint64_t (*page_key)(void *ctx, uint32_t frame);
	/* The key of the page the frame is wanted for: filled() with it
	 * follows (unless its read fails). POLICY_KEY_NONE: a page that
	 * never was in memory (a copy-on-write copy), or not known. */
	uint64_t (*incoming_key)(void *ctx);
};

#define POLICY_KEY_NONE UINT64_MAX

struct queue_view;

struct policy_ops {
	const char *name;
	const char *summary;        /* one line, for --help */
	bool wants_accesses;        /* call accessed() on every access seen */
	bool needs_future;          /* needs victim_probe.next_use */
	const struct policy_knob *knobs; /* NULL, or ended by a NULL name */
	void *(*create)(const struct policy_params *params);
	void (*destroy)(void *policy);
	/* Frame just received the page `key` (goes to the tail of the order). */
	void (*filled)(void *policy, uint32_t frame, uint64_t key);
	/* Frame leaves memory: evicted (after victim() chose it), or freed
	 * because nobody uses it (evicted false: no ghost is due; forget()
	 * follows when the page ends). */
	void (*released)(void *policy, uint32_t frame, uint64_t key, bool evicted);
	/* The page `key` ended: drop it from ghost tables. NULL: no ghosts.
	 * Never called for a key that is resident. */
	void (*forget)(void *policy, uint64_t key);
	/* A use of a resident frame (faults always; every access if wanted). */
	void (*accessed)(void *policy, uint32_t frame, bool write);
	/* needs_future policies that keep next uses themselves (NULL: none):
	 * the frame's next use, what probe->next_use would answer now. The
	 * pager tells it after every filled() and accessed() and whenever
	 * the frame's page gains or loses a mapping, and before an access
	 * that will use the page later in the current event (pager.h,
	 * pager_will_use), so a policy that keeps these values needs no probe
	 * for them. The value stays right until the next such call. */
	void (*next_use_changed)(void *policy, uint32_t frame, uint64_t next_use);
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
	/* The policy's queues for views (queue_view.h), read only: each queue
	 * with its entries in order (resident frames and ghost keys), the
	 * hands, the marks and the parameters (ARC's p). Every policy has one;
	 * the visualiser's ring panel draws it. */
	void (*describe)(const void *policy, struct queue_view *view);
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
