/*
 * sim/plot/svg_plot.h: a line plot as a standalone SVG file, written with plain
 * fprintf: title, axis labels, ticks with round values, a light grid, one
 * polyline (with a dot per point) per series and a legend on the right.
 * Sized 800 x 500 for a slide; the text is in the file, so it stays sharp.
 *
 * What tests (and scripts) can rely on:
 *   <title> and <text class="title"> hold the title;
 *   <text class="x-label">, <text class="y-label"> the axis labels;
 *   <text class="tick x"> / <text class="tick y"> one per tick;
 *   <g class="series" data-name="NAME"> per series, in order, holding one
 *     <polyline class="line" points="X,Y ..."> with a pair per point and
 *     one <circle> per point;
 *   <g class="legend"> holding a <text> per series, in order.
 */
#ifndef MMUSIM_SIM_SVG_PLOT_H
#define MMUSIM_SIM_SVG_PLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct plot_series {
	const char *name;
	const double *x, *y;
	size_t count;
};

struct plot {
	const char *title, *x_label, *y_label;
	const struct plot_series *series;
	size_t series_count;
	bool x_integer, y_integer;  /* ticks only at whole numbers */
};

/* Write the SVG document; 0, or -1 if the stream failed. */
int svg_plot_write(FILE *out, const struct plot *plot);

/* Round tick spacing (1, 2 or 5 times a power of ten) giving about
 * `target` ticks over [lo, hi]; at least 1 when `integer`. */
double svg_plot_tick_step(double lo, double hi, int target, bool integer);

#endif
