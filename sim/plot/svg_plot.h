/*
 * sim/plot/svg_plot.h: a line plot as a standalone SVG file, written with plain
 * fprintf: title, axis labels, ticks with round values, a light grid, one
 * polyline (with a dot per point) per series and a legend on the right.
 * Sized 800 x 500 for a slide; the text is in the file, so it stays sharp.
 *
 * What tests (and scripts) can rely on:
 *   <title> and <text class="title"> hold the title;
 *   <text class="subtitle"> the subtitle, when there is one;
 *   <text class="x-label">, <text class="y-label"> the axis labels;
 *   <text class="tick x"> / <text class="tick y"> one per tick;
 *   <svg data-x-scale="linear|log" data-y-scale="linear|log">;
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
	const char *subtitle;       /* NULL, or a smaller line under the title
				       (what the figures depend on) */
	const struct plot_series *series;
	size_t series_count;
	bool x_integer, y_integer;  /* ticks only at whole numbers */
	/* Logarithmic axes: ticks at 1, 10, 100... (and 2 and 5 times them
	 * when the data span less than two decades). Only values above 0 can
	 * be placed: a y of 0 (or less) sits on the bottom edge, an x of 0 is
	 * left out of the range. A linear y axis starts at 0; a log one at
	 * the power of ten at or below the smallest y above 0. */
	bool x_log, y_log;
};

/* Write the SVG document; 0, or -1 if the stream failed. */
int svg_plot_write(FILE *out, const struct plot *plot);

/* Round tick spacing (1, 2 or 5 times a power of ten) giving about
 * `target` ticks over [lo, hi]; at least 1 when `integer`. */
double svg_plot_tick_step(double lo, double hi, int target, bool integer);

/* The ticks of a log axis over [lo, hi] (0 < lo <= hi) into ticks[0..max):
 * every power of ten within it, and 2 and 5 times them too when that
 * gives fewer than 3 ticks; how many were written. */
size_t svg_plot_log_ticks(double lo, double hi, double *ticks, size_t max);

#endif
