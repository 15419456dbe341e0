/*
 * viz/walk.h: the page-walk panel (issue 14; docs/viz.md, "The page
 * walk"). Shown only when the machine has more than the seed's flat
 * model to show: an mmu.format with levels, or a TLB hierarchy; a flat
 * machine's picture does not change.
 *
 * For the event shown it tells which TLB level translated it (or that
 * every level missed), and for its last walk the address split into its
 * level indices and page offset, each level's table and entry (the table
 * page and the entry's simulated physical address, its accessed bit), the
 * levels a page-walk cache hit skipped and the level that hit. Everything
 * comes from the session's step (what the event counted) and the
 * machine's read-only state (mmu.h's record of the last walk,
 * mmu_accessed, the pager's page table); nothing changes.
 */
#ifndef MMUSIM_VIZ_WALK_H
#define MMUSIM_VIZ_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "layout.h"
#include "session.h"

struct viz_fonts;

/* What one level of the walk shown did. */
enum viz_walk_level_state {
	VIZ_WALK_SKIPPED,   /* above a page-walk cache hit: not read */
	VIZ_WALK_READ,      /* its entry was read */
	VIZ_WALK_MISSING,   /* below where the walk stopped (no table) */
};

struct viz_walk_level {
	uint8_t state;              /* enum viz_walk_level_state */
	uint32_t index;             /* this level's bits of the address */
	uint32_t table;             /* table page number (VIZ_WALK_READ) */
	uint64_t entry;             /* the entry's physical address (READ) */
	int8_t accessed;            /* 1 set, 0 clear, -1 not known */
};

/* TLB levels as the walk panel names them: "L1", "STLB" (two levels,
 * ChampSim's DTLB and STLB), else "L1" .. "L4". */
const char *viz_tlb_level_name(uint32_t level, uint32_t levels);

struct viz_walk {
	bool shown;                 /* the panel is drawn */
	char format[16];            /* mmu.format; "flat" */
	uint32_t levels;            /* the format's; 0: flat */
	uint32_t tlb_levels;
	/* the event shown */
	bool looked_up;             /* it looked up the TLB */
	uint32_t tlb_hit;           /* the level that translated it; 0: every level missed */
	uint64_t walks, reads;      /* walks made, entries they read */
	/* its last walk (walks > 0, levels > 0) */
	uint64_t vaddr, offset;
	int32_t pid;
	uint32_t pwc_level;         /* 0: no cache hit */
	struct viz_walk_level level[6];  /* top level first */
	char sentence[192];         /* viz_walk_sentence's */
};

/* The walk's half of the narration, "" when the event made no lookup or
 * the machine is flat with one TLB level: "TLB hit in L1"; "TLB miss in
 * L1, hit in STLB"; "TLB miss in L1 and STLB; PWC hit at level 3; 2
 * page-table reads"; with several walks in one event (a fault and its
 * retry) "2 walks, 5 page-table reads; the last from a PWC hit at level
 * 2". */
void viz_walk_sentence(const struct viz_session *session, char *out,
		       size_t out_len);

/* Fill `walk` from the session (no allocation). */
void viz_walk_build(struct viz_walk *walk, const struct viz_session *session);

/* The panel's height for a layout's fonts (layout.c puts it under the
 * swap panel when walk.shown). */
int viz_walk_height(const struct viz_layout *layout);

/* Where the layout draws TLB level k's cell (1-based) and the box of
 * page-table level L (leaf = 1) or, for L = 0, the page offset; zero
 * size when not drawn. Tests sample pixels there. */
struct viz_rect viz_walk_tlb_cell(const struct viz_layout *layout,
				  const struct viz_walk *walk, uint32_t level);
struct viz_rect viz_walk_level_box(const struct viz_layout *layout,
				   const struct viz_walk *walk, uint32_t level);

void viz_walk_draw(SDL_Renderer *renderer, const struct viz_fonts *fonts,
		   const struct viz_layout *layout, const struct viz_walk *walk);

#endif
