/*
 * sim/cli/plot_output.c: plot files and subtitles (plot_output.h).
 */
#include "plot_output.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "svg_to_png.h"

void plot_output_page_size(char *buf, size_t len, uint32_t page_size)
{
	if (page_size >= (1u << 20) && page_size % (1u << 20) == 0)
		snprintf(buf, len, "%" PRIu32 " MiB", page_size >> 20);
	else if (page_size >= 1024 && page_size % 1024 == 0)
		snprintf(buf, len, "%" PRIu32 " KiB", page_size >> 10);
	else
		snprintf(buf, len, "%" PRIu32 " B", page_size);
}

const char *plot_output_base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}

int plot_output_write(const char *command, const char *prefix,
		      int (*write)(FILE *out, void *ctx), void *ctx)
{
	char *svg = NULL, *png = NULL, err[1024];
	int code = 2;
	if (asprintf(&svg, "%s.svg", prefix) < 0)
		svg = NULL;   /* asprintf leaves it undefined */
	else if (asprintf(&png, "%s.png", prefix) < 0)
		png = NULL;
	if (!svg || !png) {
		fprintf(stderr, "mmusim %s: out of memory\n", command);
		goto out;
	}
	/* Both files are made beside their places, then placed together: a
	 * failure leaves the old SVG and PNG as they were (atomic_file.h). */
	struct atomic_target t[2];
	FILE *f = atomic_file_open(&t[0], svg, err, sizeof err);
	if (!f || atomic_file_close(&t[0], f, write(f, ctx), err, sizeof err) != 0) {
		fprintf(stderr, "mmusim %s: %s\n", command, err);
		goto out;
	}
	if (!(f = atomic_file_open(&t[1], png, err, sizeof err)) ||
	    atomic_file_close(&t[1], f, 0, err, sizeof err) != 0) {
		atomic_file_discard(&t[0]);
		fprintf(stderr, "mmusim %s: %s\n", command, err);
		goto out;
	}
	char why[1024] = "";
	enum svg_to_png_status png_status = svg_to_png_render(
		t[0].tmp ? t[0].tmp : svg, t[1].tmp ? t[1].tmp : png, why, sizeof why);
	if (png_status != PNG_WRITTEN) /* the SVG is the plot; the PNG a convenience */
		atomic_file_discard(&t[1]);
	if (atomic_file_place_all(t, png_status == PNG_WRITTEN ? 2 : 1, err, sizeof err) != 0) {
		fprintf(stderr, "mmusim %s: %s\n", command, err);
		goto out;
	}
	code = 0;
	if (png_status == PNG_WRITTEN)
		fprintf(stderr, "mmusim %s: wrote %s and %s\n", command, svg, png);
	else if (png_status == PNG_NO_RENDERER)
		fprintf(stderr, "mmusim %s: wrote %s; no PNG: %s is not "
				"installed (Debian: librsvg2-bin)\n", command, svg,
			SVG_RENDERER);
	else
		fprintf(stderr, "mmusim %s: wrote %s; no PNG: %s\n", command, svg, why);
out:
	free(svg);
	free(png);
	return code;
}
