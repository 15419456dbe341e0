/*
 * viz/palette.h: every colour the visualiser draws with, chosen for a
 * projector in a lit room: a dark background, saturated owner colours
 * that stay apart, state colours that differ in brightness as well as hue.
 * Tests compare pixels with these values, so drawing never mixes them.
 */
#ifndef MMUSIM_VIZ_PALETTE_H
#define MMUSIM_VIZ_PALETTE_H

#include <stdbool.h>
#include <stdint.h>

#include "pager.h"

struct viz_rgb {
	uint8_t r, g, b;
};

/* The colour of process `pid`: twelve well-separated hues, then the same
 * darker for the next twelve, and so on (pid 1 is always the same blue,
 * pid 2 orange). */
struct viz_rgb viz_owner_color(int32_t pid);

/* A swap block: free, bound but with no data on the device (the page is
 * fresh or in memory), or holding the only copy of its page. */
struct viz_rgb viz_block_color(enum block_use use, bool resident);

extern const struct viz_rgb VIZ_BACKGROUND, VIZ_PANEL, VIZ_PANEL_EDGE,
	VIZ_TEXT, VIZ_TEXT_DIM, VIZ_TEXT_STRONG, VIZ_FREE_FRAME, VIZ_ZERO_PAGE,
	VIZ_GHOST_FRAME, VIZ_HAND, VIZ_BADGE_REF, VIZ_BADGE_DIRTY,
	VIZ_BADGE_PIN, VIZ_SCAN_CLEAR, VIZ_SCAN_SKIP, VIZ_SCAN_VICTIM,
	VIZ_INVALID_PAGE, VIZ_ABSENT_PAGE, VIZ_HOVER, VIZ_ERROR;

#endif
