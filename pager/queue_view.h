/*
 * pager/queue_view.h: a replacement policy's queues as a view draws them
 * (the visualiser's ring panel, tests): filled by policy_ops.describe,
 * read only for the policy.
 *
 * A view is a list of queues, each an ordered list of entries from its
 * first end to its last (the ends named, e.g. "LRU" and "MRU"); an entry
 * is a resident page (its frame and page key) or a ghost (a page key of a
 * page no longer in memory, frame 0). A queue flagged QV_GHOST holds only
 * ghosts; a queue flagged QV_RING is a clock (after its last entry comes
 * its first). Hands point at an entry of a queue; marks tag entries with a
 * named state (CLOCK-Pro's "hot", LIRS's "LIR"); parameters are named
 * numbers (ARC's target p).
 *
 * The entries go into an array the caller owns: a describe() that finds
 * it too small keeps counting (entry_count, every queue's count) without
 * storing, so the caller can grow the array and ask again. Entries of
 * queue q are entries[queues[q].start .. start + count) when all fit.
 *
 * Fixed limits (QV_MAX_*) are generous for every policy of the table; a
 * policy exceeding one aborts (a programming error, caught by the unit
 * test that describes every policy).
 */
#ifndef MMUSIM_PAGER_QUEUE_VIEW_H
#define MMUSIM_PAGER_QUEUE_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "policy.h"

enum { QV_MAX_QUEUES = 8, QV_MAX_HANDS = 4, QV_MAX_PARAMS = 4, QV_MAX_MARKS = 4 };

/* Queue flags. */
enum { QV_GHOST = 1, QV_RING = 2 };

struct qv_entry {
	uint32_t frame;          /* its frame; 0: a ghost (not resident) */
	uint64_t key;            /* its page key; POLICY_KEY_NONE when unknown */
	uint8_t mark;            /* 0: none, else marks[mark - 1] */
};

struct qv_queue {
	char name[16];           /* "T1", "B1", "gen 3" */
	const char *first, *last; /* its ends ("LRU", "MRU"), or NULL */
	unsigned flags;          /* QV_GHOST, QV_RING */
	uint32_t start;          /* index of its first entry */
	uint32_t count;          /* its entries (stored or not) */
};

struct qv_hand {
	const char *name;        /* "hand", "hot", "cold", "test" */
	uint32_t queue, index;   /* index within the queue; == count: empty */
};

struct qv_param {
	const char *name;        /* "p", "m_c" */
	double value;
	const char *about;       /* one short phrase: "target size of T1" */
};

struct queue_view {
	uint32_t queue_count, hand_count, param_count, mark_count;
	struct qv_queue queues[QV_MAX_QUEUES];
	struct qv_hand hands[QV_MAX_HANDS];
	struct qv_param params[QV_MAX_PARAMS];
	const char *marks[QV_MAX_MARKS];   /* mark names, mark 1 first */
	struct qv_entry *entries;          /* the caller's */
	uint32_t entry_cap;                /* entries stored: at most this many */
	uint32_t entry_count;              /* entries described (may exceed cap) */
};

/* Empty the view; entries go to `entries` (up to cap, NULL with cap 0). */
void queue_view_reset(struct queue_view *v, struct qv_entry *entries, uint32_t cap);
/* Whether every entry described was stored. */
bool queue_view_complete(const struct queue_view *v);

/* Start a queue; the entries added next are its, first to last. Returns
 * its index. `name` is copied (cut at 15 bytes); first and last are kept. */
uint32_t queue_view_queue(struct queue_view *v, const char *name, const char *first,
			  const char *last, unsigned flags);
/* Add an entry to the newest queue. frame 0: a ghost. */
void queue_view_entry(struct queue_view *v, uint32_t frame, uint64_t key, uint8_t mark);
/* A hand at entry `index` of queue `queue`. */
void queue_view_hand(struct queue_view *v, const char *name, uint32_t queue, uint32_t index);
void queue_view_param(struct queue_view *v, const char *name, double value, const char *about);
/* Name the next mark; returns its number (1, 2, ...). */
uint8_t queue_view_mark(struct queue_view *v, const char *name);

/* The whole of a queue: frames in policy order (one queue of `order`). */
uint32_t queue_view_order(struct queue_view *v, const char *name, const char *first,
			  const char *last, unsigned flags,
			  uint32_t (*order)(const void *policy, uint32_t *frames, uint32_t cap),
			  const void *policy);

struct frame_list;
struct frame_links;
struct ghost_table;
struct ghost_list;
/* Add a frame list's frames, head first, to the newest queue; keys[frame]
 * their keys (NULL: unknown), marks[frame] their marks (NULL: none). */
void queue_view_frames(struct queue_view *v, const struct frame_list *list,
		       const struct frame_links *links, const uint64_t *keys,
		       const uint8_t *marks);
/* Add a ghost list's keys, head first, to the newest queue. */
void queue_view_ghosts(struct queue_view *v, const struct ghost_table *table,
		       const struct ghost_list *list);

/* The queue of entry `i` (< entry_count), or UINT32_MAX. */
uint32_t queue_view_queue_of(const struct queue_view *v, uint32_t i);
/* The queue holding resident `frame`, or UINT32_MAX (entries must be complete). */
uint32_t queue_view_find_frame(const struct queue_view *v, uint32_t frame);

#endif
