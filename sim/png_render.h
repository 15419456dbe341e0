/*
 * sim/png_render.h: an SVG file turned into PNG by an external renderer,
 * rsvg-convert (Debian: librsvg2-bin, installed by scripts/setup), found
 * on PATH. Rendered at twice the SVG's size, for slides; written to a
 * temporary file and renamed, like every output.
 */
#ifndef MMUSIM_SIM_PNG_RENDER_H
#define MMUSIM_SIM_PNG_RENDER_H

#include <stddef.h>

#define PNG_RENDERER "rsvg-convert"

enum png_render_status {
	PNG_WRITTEN,
	PNG_NO_RENDERER,   /* rsvg-convert is not on PATH: nothing written */
	PNG_FAILED,        /* err says why; nothing written */
};

enum png_render_status png_render(const char *svg_path, const char *png_path,
				  char *err, size_t err_len);

#endif
