/*
 * sim/plot/svg_plot.c: the SVG line plot of svg_plot.h. Data coordinates map
 * onto a fixed plot box, linearly or by their logarithm; a linear y axis
 * starts at 0 (counts and ratios are never negative) so lines compare by
 * height at a glance.
 * Series later in the list are drawn thinner on top of earlier ones, so
 * where two policies give the same figures both stay visible.
 */
#include "svg_plot.h"

#include <math.h>
#include <string.h>

#define WIDTH 800
#define HEIGHT 500
#define BOX_LEFT 90.0
#define BOX_RIGHT 630.0  /* with legend names of up to 12 characters */
#define LEGEND_CHAR 8.6  /* about a character's width at 15 px */
#define LEGEND_TEXT 40.0 /* from the legend's left to its names */
#define BOX_RIGHT_MIN 420.0
#define BOX_TOP 60.0
#define BOX_BOTTOM 430.0
#define X_PAD 0.04      /* of the box width, on either side of the data */

/* Okabe-Ito: told apart also by colour-blind readers. */
static const char *const palette[] = {
	"#0072B2", "#D55E00", "#009E73", "#CC79A7",
	"#E69F00", "#56B4E9", "#000000", "#999999",
};
#define PALETTE_SIZE (sizeof palette / sizeof palette[0])

/* Axis ranges are kept in plotted units: the value, or its log10 on a
 * log axis. */
struct frame {
	double box_right;     /* narrower when legend names are long */
	double box_top;       /* lower when there is a subtitle */
	bool x_log, y_log;
	double x_lo, x_hi, x_step;
	double y_lo, y_hi, y_step;
};

#define MAX_TICKS 100

double svg_plot_tick_step(double lo, double hi, int target, bool integer)
{
	double span = hi - lo;
	if (!(span > 0) || target < 1)
		return 1;
	double raw = span / target;
	double power = pow(10, floor(log10(raw)));
	double step = power;
	if (raw / power > 5)
		step = 10 * power;
	else if (raw / power > 2)
		step = 5 * power;
	else if (raw / power > 1)
		step = 2 * power;
	return integer && step < 1 ? 1 : step;
}

size_t svg_plot_log_ticks(double lo, double hi, double *ticks, size_t max)
{
	static const double steps[] = {1, 2, 5};
	size_t n = 0;
	if (!(lo > 0) || !(hi >= lo))
		return 0;
	int first = (int)floor(log10(lo)), last = (int)ceil(log10(hi));
	for (size_t kinds = 1; kinds <= 3; kinds += 2) {
		n = 0;
		for (int k = first; k <= last; k++)
			for (size_t m = 0; m < kinds; m++) {
				double v = steps[m] * pow(10, k);
				if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) &&
				    n < max)
					ticks[n++] = v;
			}
		if (n >= 3)
			break;
	}
	return n;
}

static void write_escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
	}
}

static void data_range(const struct plot *p, struct frame *f)
{
	bool any_x = false, any_y = false;
	double x_lo = 0, x_hi = 0, y_lo = 0, y_hi = 0;
	for (size_t s = 0; s < p->series_count; s++)
		for (size_t i = 0; i < p->series[s].count; i++) {
			double x = p->series[s].x[i], y = p->series[s].y[i];
			if (!p->x_log || x > 0) {
				if (!any_x || x < x_lo)
					x_lo = x;
				if (!any_x || x > x_hi)
					x_hi = x;
				any_x = true;
			}
			if (!p->y_log || y > 0) {
				if (!any_y || y < y_lo)
					y_lo = y;
				if (!any_y || y > y_hi)
					y_hi = y;
				any_y = true;
			}
		}
	size_t longest = 0;
	for (size_t s = 0; s < p->series_count; s++) {
		size_t n = strlen(p->series[s].name);
		longest = n > longest ? n : longest;
	}
	double right = WIDTH - 22 - LEGEND_TEXT - 12 - LEGEND_CHAR * (double)longest;
	f->box_right = right > BOX_RIGHT ? BOX_RIGHT :
		right < BOX_RIGHT_MIN ? BOX_RIGHT_MIN : right;
	f->box_top = p->subtitle ? BOX_TOP + 14 : BOX_TOP;
	f->x_log = p->x_log;
	f->y_log = p->y_log;
	if (p->x_log) {
		if (!any_x)
			x_lo = x_hi = 1;
		f->x_lo = log10(x_lo);
		f->x_hi = log10(x_hi);
		if (f->x_hi <= f->x_lo) {
			f->x_lo -= 0.5;
			f->x_hi += 0.5;
		}
		f->x_step = 0;
	} else {
		if (x_hi <= x_lo) {
			x_lo -= 1;
			x_hi += 1;
		}
		f->x_lo = x_lo;
		f->x_hi = x_hi;
		f->x_step = svg_plot_tick_step(x_lo, x_hi, 8, p->x_integer);
	}
	if (p->y_log) {
		if (!any_y)
			y_lo = y_hi = 1;
		/* whole decades, so the ends are ticks */
		f->y_lo = floor(log10(y_lo) + 1e-9);
		f->y_hi = ceil(log10(y_hi) - 1e-9);
		if (f->y_hi <= f->y_lo)
			f->y_hi = f->y_lo + 1;
		f->y_step = 0;
		return;
	}
	f->y_lo = 0;
	if (!(y_hi > 0))
		y_hi = p->y_integer ? 1 : 0.1;
	f->y_step = svg_plot_tick_step(0, y_hi, 6, p->y_integer);
	/* Round the top up to a tick, with some room above the highest point. */
	f->y_hi = ceil(y_hi / f->y_step) * f->y_step;
	if (f->y_hi - y_hi < 0.2 * f->y_step)
		f->y_hi += f->y_step;
}

static double px(const struct frame *f, double x)
{
	if (f->x_log)
		x = x > 0 ? log10(x) : f->x_lo;
	double pad = X_PAD * (f->box_right - BOX_LEFT);
	return BOX_LEFT + pad + (x - f->x_lo) / (f->x_hi - f->x_lo) *
		(f->box_right - BOX_LEFT - 2 * pad);
}

static double py(const struct frame *f, double y)
{
	if (f->y_log)
		y = y > 0 ? log10(y) : f->y_lo;
	return BOX_BOTTOM - (y - f->y_lo) / (f->y_hi - f->y_lo) *
		(BOX_BOTTOM - f->box_top);
}

/* Decimals that show a tick step exactly (0 for whole steps). */
static int decimals_of(double step)
{
	if (step >= 1)
		return 0;
	return (int)ceil(-log10(step) - 1e-9);
}

/* An axis's ticks, in data units, over [lo, hi] (plotted units). */
static size_t axis_ticks(bool log, double lo, double hi, double step,
			 double *ticks)
{
	if (log)
		return svg_plot_log_ticks(pow(10, lo), pow(10, hi), ticks,
					  MAX_TICKS);
	size_t n = 0;
	double first = ceil(lo / step - 1e-9) * step;
	/* Ticks by count: adding the step up would drift. */
	for (int k = 0; k < MAX_TICKS; k++) {
		double v = first + k * step;
		if (v > hi + 1e-9 * step)
			break;
		ticks[n++] = v;
	}
	return n;
}

/* A tick's label: as many decimals as its step needs (linear), or as
 * the value needs (log: 0.01, 0.5, 1, 20, 1000). */
static void tick_label(FILE *out, bool log, double step, double v)
{
	int dec = log ? (v >= 1 ? 0 : (int)ceil(-log10(v) - 1e-9))
		      : decimals_of(step);
	fprintf(out, "%.*f", dec, v);
}

static void write_header(FILE *out, const struct plot *p)
{
	fprintf(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"%d\" viewBox=\"0 0 %d %d\" "
		"font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" "
		"data-x-scale=\"%s\" data-y-scale=\"%s\">\n",
		WIDTH, HEIGHT, WIDTH, HEIGHT, p->x_log ? "log" : "linear",
		p->y_log ? "log" : "linear");
	fputs("<title>", out);
	write_escaped(out, p->title);
	fputs("</title>\n", out);
	fprintf(out, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
		WIDTH, HEIGHT);
	fprintf(out, "<text class=\"title\" x=\"%d\" y=\"34\" font-size=\"20\" "
		"font-weight=\"bold\" text-anchor=\"middle\">", WIDTH / 2);
	write_escaped(out, p->title);
	fputs("</text>\n", out);
	if (p->subtitle) {
		fprintf(out, "<text class=\"subtitle\" x=\"%d\" y=\"56\" "
			"font-size=\"14\" fill=\"#444444\" "
			"text-anchor=\"middle\">", WIDTH / 2);
		write_escaped(out, p->subtitle);
		fputs("</text>\n", out);
	}
}

static void write_x_axis(FILE *out, const struct plot *p, const struct frame *f)
{
	double ticks[MAX_TICKS];
	size_t n = axis_ticks(f->x_log, f->x_lo, f->x_hi, f->x_step, ticks);
	for (size_t k = 0; k < n; k++) {
		double at = px(f, ticks[k]);
		fprintf(out, "<line class=\"grid\" x1=\"%.2f\" y1=\"%.2f\" "
			"x2=\"%.2f\" y2=\"%.2f\" stroke=\"#e4e4e4\"/>\n",
			at, f->box_top, at, BOX_BOTTOM);
		fprintf(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
			"stroke=\"#333333\"/>\n", at, BOX_BOTTOM, at, BOX_BOTTOM + 6);
		fprintf(out, "<text class=\"tick x\" x=\"%.2f\" y=\"%.2f\" "
			"font-size=\"13\" text-anchor=\"middle\">", at,
			BOX_BOTTOM + 22);
		tick_label(out, f->x_log, f->x_step, ticks[k]);
		fputs("</text>\n", out);
	}
	fprintf(out, "<text class=\"x-label\" x=\"%.2f\" y=\"%d\" "
		"font-size=\"15\" text-anchor=\"middle\">",
		(BOX_LEFT + f->box_right) / 2, HEIGHT - 22);
	write_escaped(out, p->x_label);
	fputs("</text>\n", out);
}

static void write_y_axis(FILE *out, const struct plot *p, const struct frame *f)
{
	double ticks[MAX_TICKS];
	size_t n = axis_ticks(f->y_log, f->y_lo, f->y_hi, f->y_step, ticks);
	for (size_t k = 0; k < n; k++) {
		double at = py(f, ticks[k]);
		fprintf(out, "<line class=\"grid\" x1=\"%.2f\" y1=\"%.2f\" "
			"x2=\"%.2f\" y2=\"%.2f\" stroke=\"#e4e4e4\"/>\n",
			BOX_LEFT, at, f->box_right, at);
		fprintf(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
			"stroke=\"#333333\"/>\n", BOX_LEFT - 6, at, BOX_LEFT, at);
		fprintf(out, "<text class=\"tick y\" x=\"%.2f\" y=\"%.2f\" "
			"font-size=\"13\" text-anchor=\"end\">", BOX_LEFT - 10,
			at + 4.5);
		tick_label(out, f->y_log, f->y_step, ticks[k]);
		fputs("</text>\n", out);
	}
	double mid = (f->box_top + BOX_BOTTOM) / 2;
	fprintf(out, "<text class=\"y-label\" x=\"26\" y=\"%.2f\" font-size=\"15\" "
		"text-anchor=\"middle\" transform=\"rotate(-90 26 %.2f)\">",
		mid, mid);
	write_escaped(out, p->y_label);
	fputs("</text>\n", out);
	fprintf(out, "<rect class=\"box\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
		"height=\"%.2f\" fill=\"none\" stroke=\"#333333\"/>\n",
		BOX_LEFT, f->box_top, f->box_right - BOX_LEFT,
		BOX_BOTTOM - f->box_top);
}

static double line_width(size_t s)
{
	double w = 3.5 - 0.6 * (double)s;
	return w < 1.5 ? 1.5 : w;
}

static double dot_radius(size_t s)
{
	double r = 6.0 - 1.2 * (double)s;
	return r < 2.5 ? 2.5 : r;
}

static void write_series(FILE *out, const struct plot_series *ser, size_t s,
			 const struct frame *f)
{
	const char *colour = palette[s % PALETTE_SIZE];
	fputs("<g class=\"series\" data-name=\"", out);
	write_escaped(out, ser->name);
	fprintf(out, "\" stroke=\"%s\" fill=\"%s\">\n", colour, colour);
	fprintf(out, "<polyline class=\"line\" fill=\"none\" stroke-width=\"%.1f\" "
		"stroke-linejoin=\"round\" points=\"", line_width(s));
	for (size_t i = 0; i < ser->count; i++)
		fprintf(out, "%s%.2f,%.2f", i ? " " : "", px(f, ser->x[i]),
			py(f, ser->y[i]));
	fputs("\"/>\n", out);
	for (size_t i = 0; i < ser->count; i++)
		fprintf(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.1f\" "
			"stroke=\"#ffffff\" stroke-width=\"1\"/>\n",
			px(f, ser->x[i]), py(f, ser->y[i]), dot_radius(s));
	fputs("</g>\n", out);
}

static void write_legend(FILE *out, const struct plot *p,
			 const struct frame *f)
{
	double x = f->box_right + 22;
	fputs("<g class=\"legend\">\n", out);
	for (size_t s = 0; s < p->series_count; s++) {
		const char *colour = palette[s % PALETTE_SIZE];
		double y = f->box_top + 14 + 26.0 * (double)s;
		fprintf(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
			"stroke=\"%s\" stroke-width=\"%.1f\"/>\n",
			x, y, x + 30, y, colour, line_width(s));
		fprintf(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.1f\" fill=\"%s\" "
			"stroke=\"#ffffff\" stroke-width=\"1\"/>\n",
			x + 15, y, dot_radius(s), colour);
		fprintf(out, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"15\">",
			x + LEGEND_TEXT, y + 5);
		write_escaped(out, p->series[s].name);
		fputs("</text>\n", out);
	}
	fputs("</g>\n", out);
}

int svg_plot_write(FILE *out, const struct plot *p)
{
	struct frame f;
	data_range(p, &f);
	write_header(out, p);
	write_x_axis(out, p, &f);
	write_y_axis(out, p, &f);
	for (size_t s = 0; s < p->series_count; s++)
		write_series(out, &p->series[s], s, &f);
	write_legend(out, p, &f);
	fputs("</svg>\n", out);
	return ferror(out) ? -1 : 0;
}
