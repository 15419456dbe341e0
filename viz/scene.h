/*
 * viz/scene.h: what one picture shows, read from the session through the
 * pager's and the machine's read-only views. Building a scene changes no
 * state; drawing reads only the scene, so tests can check either half.
 */
#ifndef MMUSIM_VIZ_SCENE_H
#define MMUSIM_VIZ_SCENE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "queues.h"
#include "session.h"
#include "walk.h"

#define VIZ_MAX_STRIPES 4
/* Cells the pages panel always has room for (when the arena is bigger): at
 * 4,096 a cell is already a few pixels wide on a projector. */
#define VIZ_PAGES_SHOWN 4096

enum viz_frame_kind { VIZ_FRAME_FREE, VIZ_FRAME_ZERO, VIZ_FRAME_SWAP,
		      VIZ_FRAME_FILE };

struct viz_frame {
	uint8_t kind;                 /* enum viz_frame_kind */
	bool referenced, dirty, pinned;
	uint8_t owner_count;          /* distinct processes, up to the stripes */
	int32_t owners[VIZ_MAX_STRIPES]; /* in mapping order */
	uint32_t sharers;             /* virtual pages mapping it; 0: ghost */
	uint32_t ring_index;          /* place in replacement order, or UINT32_MAX */
	uint64_t next_use;            /* event of its next use (VIZ_RING_FUTURE), or UINT64_MAX */
	char page[48];                /* what it holds: "p1:3", "p1:3 +1", "file b2", "zero", "free" */
};

/* How the replacement order is drawn (the policy's `hand`, `first`/`last`,
 * `needs_future`): a ring with a hand; a list from `ring_first` to
 * `ring_last`; the frames by next use, farthest first (OPT); or a plain
 * set whose order means nothing (random). */
enum viz_ring_shape { VIZ_RING_HAND, VIZ_RING_LIST, VIZ_RING_FUTURE,
		      VIZ_RING_SET };

struct viz_block {
	uint8_t use;                  /* enum block_use */
	uint32_t sharers;
	uint32_t frame;               /* 0: not resident */
};

struct viz_page {
	bool valid;                   /* below the process's valid count */
	bool read, write;             /* the entry's enables */
	bool zero;                    /* a fresh page: mapped to the zero page */
	uint32_t ppage;               /* the entry's frame */
	uint32_t frame;               /* where the page is resident, 0: nowhere */
};

struct viz_tlb_row {
	uint32_t slot;
	int32_t pid;
	uint64_t vpn;
	uint32_t ppage;
	bool write, dirty;
};

/* One step of the replacement scan of the event shown, for the animation. */
enum viz_scan_kind { VIZ_SCAN_CLEAR_REF, VIZ_SCAN_SKIP_PINNED,
		     VIZ_SCAN_EVICT };
struct viz_scan_step {
	uint8_t kind;                 /* enum viz_scan_kind */
	uint32_t frame;
	bool dirty;                   /* VIZ_SCAN_EVICT: written back */
};

struct viz_counters {
	uint64_t events, total, cycles;
	uint64_t faults, faults_invalid, zero_fills, cow_copies;
	uint64_t evictions, evictions_dirty, ref_clears;
	uint64_t swap_reads, swap_writes, file_reads, file_writes;
	uint64_t tlb_hits, tlb_misses;
};

struct viz_scene {
	char trace[256];              /* the trace's file name */
	char config[320];             /* "NAME: policy P, F frames, ..." */
	char policy[32];
	char narration[640];
	bool failed;                  /* the run stopped with an error here */
	struct viz_counters counters;
	int32_t pid;                  /* the running process, -1: none */
	uint32_t page_size;

	uint32_t frame_count;
	struct viz_frame *frames;
	uint32_t ring_count;
	uint32_t *ring;               /* frames in replacement order: [0] at the hand */
	uint8_t ring_shape;           /* enum viz_ring_shape */
	char ring_first[32], ring_last[32];  /* VIZ_RING_LIST: its ends' names */
	uint32_t usable_frames;       /* memory_pages - 1: the zero page is not one */
	struct viz_queues queues;     /* the policy's own queues (viz/queues.h) */

	uint32_t block_count, reserved;
	struct viz_block *blocks;

	uint32_t arena_pages, valid_pages;
	/* the cells of the pages panel: the arena, or (a huge arena) as many
	 * as VIZ_PAGES_SHOWN or the valid pages, so the view's memory grows
	 * with the pages a process maps, never with arena_pages */
	uint32_t shown_pages;
	uint64_t arena_base;
	struct viz_page *pages;       /* shown_pages entries of process `pid` */

	uint32_t tlb_entries, tlb_count;
	struct viz_tlb_row *tlb;      /* the valid entries, by slot */

	size_t scan_count;
	struct viz_scan_step *scan;

	struct viz_walk walk;         /* the page-walk panel (walk.h) */

	struct viz_scene_caps {       /* allocation sizes (scene.c's) */
		uint32_t frames, ring, blocks, pages, tlb, scan;
	} cap;
};

/* Fill `scene` from the session's current state (allocations are reused
 * from one build to the next). -1 when out of memory. */
int viz_scene_build(struct viz_scene *scene, const struct viz_session *session);
void viz_scene_free(struct viz_scene *scene);

#endif
