/*
 * sim/plot/svg_to_png.h: an SVG file turned into PNG by an external renderer,
 * rsvg-convert (Debian: librsvg2-bin, installed by scripts/setup), found
 * on PATH. Rendered at twice the SVG's size, for slides; written to a
 * temporary file and renamed, like every output.
 */
#ifndef MMUSIM_PLOT_SVG_TO_PNG_H
#define MMUSIM_PLOT_SVG_TO_PNG_H

#include <stddef.h>

#define SVG_RENDERER "rsvg-convert"

enum svg_to_png_status {
	PNG_WRITTEN,
	PNG_NO_RENDERER,   /* rsvg-convert is not on PATH: nothing written */
	PNG_FAILED,        /* err says why; nothing written */
};

enum svg_to_png_status svg_to_png(const char *svg_path, const char *png_path,
				  char *err, size_t err_len);

/* Render into `png_file` by its name and do no more: the caller's
 * all-or-nothing target (atomic_file.h) places it with other files. */
enum svg_to_png_status svg_to_png_render(const char *svg_path, const char *png_file,
					 char *err, size_t err_len);

#endif
