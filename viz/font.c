/*
 * viz/font.c: font lookup and the glyph atlas.
 */
#include "font.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL_ttf.h>

/* Symbols beyond ASCII that the visualiser writes. */
static const Uint32 extras[] = {
	0x00B7, /* middle dot */
	0x00D7, /* multiplication sign */
	0x2014, /* em dash */
	0x2013, /* en dash */
	0x2026, /* ellipsis */
	0x2190, 0x2191, 0x2192, 0x2193, /* arrows */
	0x25B6, /* play */
	0x2016, /* double bar: pause */
	0x2264, 0x2265, /* <= >= */
};
#define FIRST_ASCII 32
#define ASCII_COUNT 95
#define GLYPHS (ASCII_COUNT + (int)(sizeof extras / sizeof extras[0]))
#define ELLIPSIS 0x2026

struct glyph {
	SDL_Rect src;                 /* in the atlas */
	int advance;
};

struct viz_font {
	SDL_Texture *atlas;
	struct glyph glyphs[GLYPHS];
	int height, size;
	unsigned cuts;                /* texts cut with an ellipsis so far */
};

/* ---- finding a font ------------------------------------------------------- */

static const char *const known_paths[] = {
	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/TTF/DejaVuSans.ttf",
	"/usr/share/fonts/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
	"/usr/share/fonts/truetype/freefont/FreeSans.ttf",
};

static bool usable(const char *path)
{
	size_t n = strlen(path);
	bool outline = n > 4 && (strcasecmp(path + n - 4, ".ttf") == 0 ||
				 strcasecmp(path + n - 4, ".otf") == 0);
	return outline && access(path, R_OK) == 0;
}

static bool from_fc_match(char *path, size_t cap)
{
	FILE *p = popen("fc-match -f '%{file}' 'DejaVu Sans' 2>/dev/null", "r");
	if (!p)
		return false;
	size_t n = fread(path, 1, cap - 1, p);
	path[n] = '\0';
	int status = pclose(p);
	return status == 0 && n > 0 && usable(path);
}

int viz_font_find(char *path, size_t cap, char *err, size_t err_len)
{
	const char *env = getenv("MMUSIM_VIZ_FONT");
	if (env && env[0]) {
		if (access(env, R_OK) == 0) {
			snprintf(path, cap, "%s", env);
			return 0;
		}
		snprintf(err, err_len, "MMUSIM_VIZ_FONT: cannot read '%s'", env);
		return -1;
	}
	if (from_fc_match(path, cap))
		return 0;
	for (size_t i = 0; i < sizeof known_paths / sizeof known_paths[0]; i++)
		if (usable(known_paths[i])) {
			snprintf(path, cap, "%s", known_paths[i]);
			return 0;
		}
	snprintf(err, err_len,
		 "no TrueType font found: install Debian's fonts-dejavu-core "
		 "(apt-get install fonts-dejavu-core), or name a .ttf file in "
		 "MMUSIM_VIZ_FONT");
	return -1;
}

/* ---- the atlas ------------------------------------------------------------ */

static Uint32 codepoint_of(int index)
{
	return index < ASCII_COUNT ? (Uint32)(FIRST_ASCII + index)
				   : extras[index - ASCII_COUNT];
}

static int index_of(Uint32 cp)
{
	if (cp >= FIRST_ASCII && cp < FIRST_ASCII + ASCII_COUNT)
		return (int)(cp - FIRST_ASCII);
	for (int i = 0; i < GLYPHS - ASCII_COUNT; i++)
		if (extras[i] == cp)
			return ASCII_COUNT + i;
	return '?' - FIRST_ASCII;
}

/* Render every glyph, then pack them in rows into one surface. */
static SDL_Surface *render_atlas(TTF_Font *ttf, struct viz_font *f)
{
	SDL_Surface *pieces[GLYPHS] = {0};
	const SDL_Color white = {255, 255, 255, 255};
	const int width = 1024;
	int row_h = 1;
	for (int i = 0; i < GLYPHS; i++) {
		Uint32 cp = codepoint_of(i);
		int advance = 0;
		if (!TTF_GlyphIsProvided32(ttf, cp) ||
		    TTF_GlyphMetrics32(ttf, cp, NULL, NULL, NULL, NULL, &advance) != 0)
			continue;
		f->glyphs[i].advance = advance;
		pieces[i] = TTF_RenderGlyph32_Blended(ttf, cp, white);
		if (pieces[i] && pieces[i]->w > width) {
			SDL_FreeSurface(pieces[i]);
			pieces[i] = NULL;
		}
		if (pieces[i] && pieces[i]->h > row_h)
			row_h = pieces[i]->h;
	}
	int x = 0, y = 0;
	for (int i = 0; i < GLYPHS; i++) {
		if (!pieces[i])
			continue;
		if (x + pieces[i]->w > width) {
			x = 0;
			y += row_h;
		}
		f->glyphs[i].src = (SDL_Rect){x, y, pieces[i]->w, pieces[i]->h};
		x += pieces[i]->w + 1;
	}
	SDL_Surface *atlas = SDL_CreateRGBSurfaceWithFormat(
		0, width, y + row_h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (atlas)
		SDL_FillRect(atlas, NULL, SDL_MapRGBA(atlas->format, 255, 255, 255, 0));
	for (int i = 0; i < GLYPHS; i++) {
		if (!pieces[i])
			continue;
		if (atlas) {
			SDL_SetSurfaceBlendMode(pieces[i], SDL_BLENDMODE_NONE);
			SDL_Rect dst = f->glyphs[i].src;
			SDL_BlitSurface(pieces[i], NULL, atlas, &dst);
		}
		SDL_FreeSurface(pieces[i]);
	}
	return atlas;
}

struct viz_font *viz_font_open(SDL_Renderer *renderer, const char *path,
			       int pixel_height, char *err, size_t err_len)
{
	TTF_Font *ttf = TTF_OpenFont(path, pixel_height);
	if (!ttf) {
		snprintf(err, err_len, "%s: %s", path, TTF_GetError());
		return NULL;
	}
	struct viz_font *f = calloc(1, sizeof *f);
	if (!f) {
		TTF_CloseFont(ttf);
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	TTF_SetFontHinting(ttf, TTF_HINTING_LIGHT);
	f->height = TTF_FontHeight(ttf);
	f->size = pixel_height;
	SDL_Surface *atlas = render_atlas(ttf, f);
	TTF_CloseFont(ttf);
	if (atlas) {
		f->atlas = SDL_CreateTextureFromSurface(renderer, atlas);
		SDL_FreeSurface(atlas);
	}
	if (!f->atlas) {
		snprintf(err, err_len, "font atlas: %s", SDL_GetError());
		free(f);
		return NULL;
	}
	SDL_SetTextureBlendMode(f->atlas, SDL_BLENDMODE_BLEND);
	return f;
}

void viz_font_close(struct viz_font *f)
{
	if (!f)
		return;
	SDL_DestroyTexture(f->atlas);
	free(f);
}

int viz_font_height(const struct viz_font *f)
{
	return f->height;
}

int viz_font_size(const struct viz_font *f)
{
	return f->size;
}

/* The next code point of a UTF-8 string (malformed bytes read as '?'). */
static Uint32 next_codepoint(const unsigned char **s)
{
	const unsigned char *p = *s;
	Uint32 cp = *p++;
	int more = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : cp >= 0xC0 ? 1 : 0;
	if (cp >= 0x80 && !more) {
		*s = p;
		return '?';
	}
	if (more)
		cp &= 0x3Fu >> more;
	for (; more; more--) {
		if ((*p & 0xC0) != 0x80) {
			*s = p;
			return '?';
		}
		cp = cp << 6 | (*p++ & 0x3F);
	}
	*s = p;
	return cp;
}

int viz_text_width(const struct viz_font *f, const char *utf8)
{
	int w = 0;
	for (const unsigned char *s = (const unsigned char *)utf8; *s;)
		w += f->glyphs[index_of(next_codepoint(&s))].advance;
	return w;
}

static void draw_glyph(SDL_Renderer *r, const struct viz_font *f, int index,
		       int x, int y)
{
	const struct glyph *g = &f->glyphs[index];
	if (g->src.w == 0)
		return;
	SDL_Rect dst = {x, y, g->src.w, g->src.h};
	SDL_RenderCopy(r, f->atlas, &g->src, &dst);
}

unsigned viz_font_cuts(const struct viz_font *f)
{
	return f->cuts;
}

int viz_text_draw(SDL_Renderer *r, struct viz_font *f, int x, int y,
		  struct viz_rgb c, const char *utf8, int max_width)
{
	SDL_SetTextureColorMod(f->atlas, c.r, c.g, c.b);
	int ellipsis = index_of(ELLIPSIS);
	int room = max_width > 0 ? max_width - f->glyphs[ellipsis].advance : 0;
	bool cut = max_width > 0 && viz_text_width(f, utf8) > max_width;
	int pen = x;
	for (const unsigned char *s = (const unsigned char *)utf8; *s;) {
		int i = index_of(next_codepoint(&s));
		if (cut && pen - x + f->glyphs[i].advance > room)
			break;
		draw_glyph(r, f, i, pen, y);
		pen += f->glyphs[i].advance;
	}
	if (cut) {
		f->cuts++;
		draw_glyph(r, f, ellipsis, pen, y);
		pen += f->glyphs[ellipsis].advance;
	}
	return pen - x;
}
