/*
 * viz/renderer.c: fonts, scene and layout for one renderer; headless pictures.
 */
#include "renderer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_ttf.h>

#include "png_encode.h"

int viz_view_init(struct viz_view *v, SDL_Renderer *renderer, char *err,
		  size_t err_len)
{
	memset(v, 0, sizeof *v);
	v->renderer = renderer;
	viz_overlay_init(&v->overlay);
	if (viz_font_find(v->font_path, sizeof v->font_path, err, err_len) != 0)
		return -1;
	if (TTF_Init() != 0) {
		snprintf(err, err_len, "SDL2_ttf: %s", TTF_GetError());
		return -1;
	}
	v->ttf_started = true;
	return 0;
}

static void close_fonts(struct viz_view *v)
{
	viz_font_close(v->fonts.big);
	viz_font_close(v->fonts.body);
	viz_font_close(v->fonts.small);
	memset(&v->fonts, 0, sizeof v->fonts);
	memset(v->font_sizes, 0, sizeof v->font_sizes);
}

void viz_view_fini(struct viz_view *v)
{
	close_fonts(v);
	viz_scene_free(&v->scene);
	if (v->ttf_started)
		TTF_Quit();
	v->ttf_started = false;
}

static int ensure_fonts(struct viz_view *v, char *err, size_t err_len)
{
	const struct viz_layout *l = &v->layout;
	int want[3] = {l->font_big, l->font_body, l->font_small};
	if (v->fonts.big && memcmp(want, v->font_sizes, sizeof want) == 0)
		return 0;
	close_fonts(v);
	struct viz_font **slots[3] = {&v->fonts.big, &v->fonts.body, &v->fonts.small};
	for (int i = 0; i < 3; i++) {
		*slots[i] = viz_font_open(v->renderer, v->font_path, want[i], err, err_len);
		if (!*slots[i]) {
			close_fonts(v);
			return -1;
		}
	}
	memcpy(v->font_sizes, want, sizeof want);
	return 0;
}

int viz_view_update(struct viz_view *v, const struct viz_session *s,
		    bool rebuild_scene, int width, int height, char *err,
		    size_t err_len)
{
	if ((rebuild_scene || !v->scene.frames) && viz_scene_build(&v->scene, s) != 0) {
		snprintf(err, err_len, "out of memory");
		return -1;
	}
	viz_layout_compute(&v->layout, width, height, v->scale, &v->scene);
	return ensure_fonts(v, err, err_len);
}

void viz_view_draw(const struct viz_view *v)
{
	viz_draw(v->renderer, &v->fonts, &v->layout, &v->scene, &v->overlay);
}

/* ---- headless ------------------------------------------------------------- */

struct viz_picture *viz_picture_render(const struct viz_session *s,
				       const struct viz_overlay *overlay,
				       int width, int height, char *err,
				       size_t err_len)
{
	return viz_picture_render_scaled(s, overlay, width, height, 0, err, err_len);
}

struct viz_picture *viz_picture_render_scaled(const struct viz_session *s,
					      const struct viz_overlay *overlay,
					      int width, int height, double scale,
					      char *err, size_t err_len)
{
	if (width < 200 || height < 150 || width > 16384 || height > 16384) {
		snprintf(err, err_len, "a picture of %dx%d pixels: the size must be "
			 "200x150 to 16384x16384", width, height);
		return NULL;
	}
	struct viz_picture *p = calloc(1, sizeof *p);
	if (!p) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	p->surface = SDL_CreateRGBSurfaceWithFormat(0, width, height, 32,
						    SDL_PIXELFORMAT_ARGB8888);
	SDL_Renderer *r = p->surface ? SDL_CreateSoftwareRenderer(p->surface) : NULL;
	if (!r) {
		snprintf(err, err_len, "software renderer: %s", SDL_GetError());
		SDL_FreeSurface(p->surface);
		free(p);
		return NULL;
	}
	bool ok = viz_view_init(&p->view, r, err, err_len) == 0;
	p->view.scale = scale;
	if (!ok || viz_view_update(&p->view, s, true, width, height, err, err_len) != 0) {
		viz_picture_free(p);
		return NULL;
	}
	if (overlay)
		p->view.overlay = *overlay;
	viz_view_draw(&p->view);
	SDL_RenderPresent(r);
	return p;
}

uint32_t viz_picture_pixel(const struct viz_picture *p, int x, int y)
{
	const SDL_Surface *s = p->surface;
	if (x < 0 || y < 0 || x >= s->w || y >= s->h)
		return 0;
	const uint32_t *row = (const uint32_t *)((const uint8_t *)s->pixels +
						 (size_t)s->pitch * (size_t)y);
	return row[x] & 0xFFFFFF;
}

int viz_picture_save(const struct viz_picture *p, const char *path, char *err,
		     size_t err_len)
{
	const SDL_Surface *s = p->surface;
	return viz_png_write(path, s->pixels, s->w, s->h, (size_t)s->pitch, err,
			     err_len);
}

void viz_picture_free(struct viz_picture *p)
{
	if (!p)
		return;
	SDL_Renderer *r = p->view.renderer;
	viz_view_fini(&p->view);
	if (r)
		SDL_DestroyRenderer(r);
	SDL_FreeSurface(p->surface);
	free(p);
}
