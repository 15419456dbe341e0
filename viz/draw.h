/*
 * viz/draw.h: draw a scene into an SDL renderer (a window's, or a software
 * renderer on a surface in headless mode). Drawing reads the scene, the
 * layout and the overlay only; the same inputs give the same pixels.
 *
 * What a reader sees, panel by panel (docs/viz.md has the legend):
 * frames are tiles filled with their owner's colour (vertical stripes of
 * each owner's colour when processes share them, white for the zero page,
 * grey for a ghost file page, dark for a free frame), with R (referenced,
 * green), D (dirty, red) and P (pinned, yellow) badges along the top; the
 * ring shows the resident frames in replacement order clockwise from the
 * top, the hand (white) pointing at the first; swap blocks are coloured by
 * state (viz_block_color); page-table cells by what the entry says.
 */
#ifndef MMUSIM_VIZ_DRAW_H
#define MMUSIM_VIZ_DRAW_H

#include <SDL.h>

#include "font.h"
#include "layout.h"
#include "scene.h"

/* A filled rectangle (nothing when empty), and a frame `t` pixels thick
 * inside one: the strokes every panel is drawn with. */
void viz_fill(SDL_Renderer *r, struct viz_rect a, struct viz_rgb c);
void viz_outline(SDL_Renderer *r, struct viz_rect a, int t, struct viz_rgb c);

struct viz_fonts {
	struct viz_font *big, *body, *small;
};

/* What interaction adds to the picture of a scene. */
struct viz_overlay {
	/* The replacement scan of an event, step by step, drawn over the scene
	 * of the state before that event (the window does this): scan step
	 * `scan_at` is the one being shown (its frame outlined in the step's
	 * colour, the hand on it, the bits cleared by earlier steps shown
	 * cleared); -1: no scan shown, the hand rests at ring position 0. */
	long scan_at;
	double hand_pos;              /* ring position the hand points at */
	struct viz_hit hover, selected;
	char status[96];              /* "paused", "playing ×8 events/s" */
	char details[480];            /* about what the mouse is on */
	char message[160];            /* "saved shot.png", errors */
};

void viz_overlay_init(struct viz_overlay *overlay);

void viz_draw(SDL_Renderer *renderer, const struct viz_fonts *fonts,
	      const struct viz_layout *layout, const struct viz_scene *scene,
	      const struct viz_overlay *overlay);

/* The point tests sample to read a frame tile's fill colour: inside the
 * tile, clear of its label and badges. For a striped tile it falls in the
 * first owner's stripe. */
void viz_frame_swatch(const struct viz_layout *layout, uint32_t frame,
		      int *x, int *y);
/* The fill colour of a frame tile (the first stripe when shared). */
struct viz_rgb viz_frame_color(const struct viz_frame *frame);

/* Text colour readable on `fill`. */
struct viz_rgb viz_ink_on(struct viz_rgb fill);

#endif
