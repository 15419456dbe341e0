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
	if (atomic_file_write(svg, write, ctx, err, sizeof err) != 0) {
		fprintf(stderr, "mmusim %s: %s\n", command, err);
		goto out;
	}
	code = 0;
	switch (svg_to_png(svg, png, err, sizeof err)) {
	case PNG_WRITTEN:
		fprintf(stderr, "mmusim %s: wrote %s and %s\n", command, svg, png);
		break;
	case PNG_NO_RENDERER:
		fprintf(stderr, "mmusim %s: wrote %s; no PNG: %s is not "
				"installed (Debian: librsvg2-bin)\n", command, svg,
			SVG_RENDERER);
		break;
	case PNG_FAILED:
		/* The SVG is the plot; the PNG is a convenience. */
		fprintf(stderr, "mmusim %s: wrote %s; no PNG: %s\n", command,
			svg, err);
		break;
	}
out:
	free(svg);
	free(png);
	return code;
}
