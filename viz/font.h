/*
 * viz/font.h: text with SDL2_ttf, drawn from a glyph atlas (one texture
 * per size, every glyph rendered once), so a picture with a thousand
 * labels costs a thousand texture copies, not a thousand renderings.
 *
 * The font file is found at run time: $MMUSIM_VIZ_FONT, then what
 * `fc-match "DejaVu Sans"` names, then Debian's usual paths
 * (fonts-dejavu-core, fonts-liberation, fonts-freefont-ttf). The atlas
 * holds printable ASCII and the few symbols the visualiser uses
 * (arrows, play/pause, multiplication sign, middle dot, dashes, ellipsis);
 * anything else is drawn as '?'.
 */
#ifndef MMUSIM_VIZ_FONT_H
#define MMUSIM_VIZ_FONT_H

#include <stddef.h>

#include <SDL.h>

#include "palette.h"

struct viz_font;

/* The first usable font file into path; 0, or -1 with a message that says
 * what to install. */
int viz_font_find(char *path, size_t cap, char *err, size_t err_len);

/* TTF_Init must have been called. NULL with err set. */
struct viz_font *viz_font_open(SDL_Renderer *renderer, const char *path,
			       int pixel_height, char *err, size_t err_len);
void viz_font_close(struct viz_font *font);

int viz_font_height(const struct viz_font *font);
int viz_font_size(const struct viz_font *font);  /* as asked */
int viz_text_width(const struct viz_font *font, const char *utf8);

/* Draw utf8 with its top-left corner at (x, y), cut with an ellipsis to
 * max_width pixels (<= 0: no limit). Returns the width drawn. */

int viz_text_draw(SDL_Renderer *renderer, struct viz_font *font, int x, int y,
		  struct viz_rgb color, const char *utf8, int max_width);
/* How many texts this font has cut with an ellipsis (tests: nothing cut). */
unsigned viz_font_cuts(const struct viz_font *font);

#endif
