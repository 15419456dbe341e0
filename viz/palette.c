/*
 * viz/palette.c: the colours. Owner hues after Sasha Trubetskoy's list of
 * distinct colours, minus those too close to the badge colours.
 */
#include "palette.h"

const struct viz_rgb VIZ_BACKGROUND = {18, 20, 26};
const struct viz_rgb VIZ_PANEL = {30, 33, 42};
const struct viz_rgb VIZ_PANEL_EDGE = {62, 66, 80};
const struct viz_rgb VIZ_TEXT = {214, 218, 228};
const struct viz_rgb VIZ_TEXT_DIM = {136, 142, 158};
const struct viz_rgb VIZ_TEXT_STRONG = {255, 255, 255};
const struct viz_rgb VIZ_FREE_FRAME = {52, 56, 68};
const struct viz_rgb VIZ_ZERO_PAGE = {236, 236, 226};
const struct viz_rgb VIZ_GHOST_FRAME = {112, 112, 124};
const struct viz_rgb VIZ_HAND = {250, 250, 250}; /* white, but not the text's: tests tell them apart */
const struct viz_rgb VIZ_BADGE_REF = {70, 220, 110};
const struct viz_rgb VIZ_BADGE_DIRTY = {245, 66, 66};
const struct viz_rgb VIZ_BADGE_PIN = {250, 220, 50};
const struct viz_rgb VIZ_SCAN_CLEAR = {255, 226, 70};
const struct viz_rgb VIZ_SCAN_SKIP = {80, 220, 255};
const struct viz_rgb VIZ_SCAN_VICTIM = {255, 56, 56};
const struct viz_rgb VIZ_INVALID_PAGE = {36, 39, 48};
const struct viz_rgb VIZ_ABSENT_PAGE = {78, 82, 98};
const struct viz_rgb VIZ_HOVER = {255, 255, 255};
const struct viz_rgb VIZ_ERROR = {255, 110, 110};

/* No pure green, red or yellow: those are the R, D and P badges. */
static const struct viz_rgb owners[12] = {
	{0, 150, 150},   /* pid 0, 12, ...: teal */
	{66, 135, 245},  /* pid 1: blue */
	{245, 130, 48},  /* pid 2: orange */
	{170, 90, 230},  /* pid 3: purple */
	{70, 215, 215},  /* pid 4: cyan */
	{240, 50, 200},  /* pid 5: magenta */
	{150, 160, 40},  /* pid 6: olive */
	{250, 175, 200}, /* pid 7: pink */
	{200, 170, 255}, /* pid 8: lavender */
	{170, 110, 40},  /* pid 9: brown */
	{60, 80, 200},   /* pid 10: indigo */
	{120, 120, 230}, /* pid 11: periwinkle */
};

struct viz_rgb viz_owner_color(int32_t pid)
{
	uint32_t p = (uint32_t)pid;
	struct viz_rgb c = owners[p % 12];
	if ((p / 12) % 2) { /* the next twelve: the same hues, darker */
		c.r = (uint8_t)(c.r * 3 / 5);
		c.g = (uint8_t)(c.g * 3 / 5);
		c.b = (uint8_t)(c.b * 3 / 5);
	}
	return c;
}

struct viz_rgb viz_block_color(enum block_use use, bool resident)
{
	switch (use) {
	case BLOCK_FREE:
		return (struct viz_rgb){48, 52, 62};
	case BLOCK_BOUND:
		return resident ? (struct viz_rgb){95, 160, 220}
				: (struct viz_rgb){88, 98, 122};
	case BLOCK_HOLDS_DATA:
		return (struct viz_rgb){240, 170, 40};
	}
	return VIZ_ERROR;
}
