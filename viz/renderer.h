/*
 * viz/renderer.h: one renderer showing one session: the fonts at the sizes the
 * layout asks for, the scene, the layout and the overlay. Used by the
 * window (viz/app.c) and by headless pictures (below), so both draw
 * exactly the same way.
 */
#ifndef MMUSIM_VIZ_RENDERER_H
#define MMUSIM_VIZ_RENDERER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "draw.h"
#include "layout.h"
#include "scene.h"
#include "session.h"

struct viz_view {
	SDL_Renderer *renderer;
	char font_path[1024];
	struct viz_fonts fonts;
	int font_sizes[3];            /* big, body, small as opened */
	struct viz_scene scene;
	struct viz_layout layout;
	struct viz_overlay overlay;
	double scale;                 /* text size factor (--scale); 0: 1 */
	bool ttf_started;             /* this view holds a TTF_Init */
};

/* Finds the font (viz_font_find) and starts SDL2_ttf. -1 with err. */
int viz_view_init(struct viz_view *view, SDL_Renderer *renderer, char *err,
		  size_t err_len);
void viz_view_fini(struct viz_view *view);

/* Read the session into the scene (rebuild_scene) and lay it out for an
 * output of width x height pixels, reopening the fonts when their sizes
 * change. -1 with err (out of memory, a font that fails). */
int viz_view_update(struct viz_view *view, const struct viz_session *session,
		    bool rebuild_scene, int width, int height, char *err,
		    size_t err_len);
void viz_view_draw(const struct viz_view *view);

/* ---- headless pictures ---------------------------------------------------- */

/* The session's state drawn by the software renderer on a width x height
 * surface: no display needed. */
struct viz_picture {
	SDL_Surface *surface;         /* ARGB8888 */
	struct viz_view view;
};

/* overlay NULL: the state at rest (scan over, nothing hovered). */
struct viz_picture *viz_picture_render(const struct viz_session *session,
				       const struct viz_overlay *overlay,
				       int width, int height, char *err,
				       size_t err_len);
/* The same with text `scale` times its automatic size (--scale). */
struct viz_picture *viz_picture_render_scaled(const struct viz_session *session,
					      const struct viz_overlay *overlay,
					      int width, int height, double scale,
					      char *err, size_t err_len);
/* 0xRRGGBB of pixel (x, y). */
uint32_t viz_picture_pixel(const struct viz_picture *picture, int x, int y);
int viz_picture_save(const struct viz_picture *picture, const char *path,
		     char *err, size_t err_len);
void viz_picture_free(struct viz_picture *picture);

#endif
