/*
 * sim/plot/svg_plot.c: the SVG line plot of svg_plot.h. Data coordinates map
 * linearly onto a fixed plot box; the y axis starts at 0 (counts and
 * ratios are never negative) so lines compare by height at a glance.
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

struct frame {
	double box_right;     /* narrower when legend names are long */
	double x_lo, x_hi, x_step;
	double y_lo, y_hi, y_step;
};

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
	bool any = false;
	double x_lo = 0, x_hi = 0, y_hi = 0;
	for (size_t s = 0; s < p->series_count; s++)
		for (size_t i = 0; i < p->series[s].count; i++) {
			double x = p->series[s].x[i], y = p->series[s].y[i];
			if (!any || x < x_lo)
				x_lo = x;
			if (!any || x > x_hi)
				x_hi = x;
			if (y > y_hi)
				y_hi = y;
			any = true;
		}
	if (x_hi <= x_lo) {
		x_lo -= 1;
		x_hi += 1;
	}
	size_t longest = 0;
	for (size_t s = 0; s < p->series_count; s++) {
		size_t n = strlen(p->series[s].name);
		longest = n > longest ? n : longest;
	}
	double right = WIDTH - 22 - LEGEND_TEXT - 12 - LEGEND_CHAR * (double)longest;
	f->box_right = right > BOX_RIGHT ? BOX_RIGHT :
		right < BOX_RIGHT_MIN ? BOX_RIGHT_MIN : right;
	f->x_lo = x_lo;
	f->x_hi = x_hi;
	f->x_step = svg_plot_tick_step(x_lo, x_hi, 8, p->x_integer);
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
	double pad = X_PAD * (f->box_right - BOX_LEFT);
	return BOX_LEFT + pad + (x - f->x_lo) / (f->x_hi - f->x_lo) *
		(f->box_right - BOX_LEFT - 2 * pad);
}

static double py(const struct frame *f, double y)
{
	return BOX_BOTTOM - (y - f->y_lo) / (f->y_hi - f->y_lo) *
		(BOX_BOTTOM - BOX_TOP);
}

/* Decimals that show a tick step exactly (0 for whole steps). */
static int decimals_of(double step)
{
	if (step >= 1)
		return 0;
	return (int)ceil(-log10(step) - 1e-9);
}

static void write_header(FILE *out, const struct plot *p)
{
	fprintf(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"%d\" viewBox=\"0 0 %d %d\" "
		"font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n",
		WIDTH, HEIGHT, WIDTH, HEIGHT);
	fputs("<title>", out);
	write_escaped(out, p->title);
	fputs("</title>\n", out);
	fprintf(out, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
		WIDTH, HEIGHT);
	fprintf(out, "<text class=\"title\" x=\"%d\" y=\"34\" font-size=\"20\" "
		"font-weight=\"bold\" text-anchor=\"middle\">", WIDTH / 2);
	write_escaped(out, p->title);
	fputs("</text>\n", out);
}

static void write_x_axis(FILE *out, const struct plot *p, const struct frame *f)
{
	int dec = decimals_of(f->x_step);
	double first = ceil(f->x_lo / f->x_step - 1e-9) * f->x_step;
	/* Ticks by count: adding the step up would drift. */
	for (int k = 0; k < 100; k++) {
		double x = first + k * f->x_step;
		if (x > f->x_hi + 1e-9 * f->x_step)
			break;
		double at = px(f, x);
		fprintf(out, "<line class=\"grid\" x1=\"%.2f\" y1=\"%.2f\" "
			"x2=\"%.2f\" y2=\"%.2f\" stroke=\"#e4e4e4\"/>\n",
			at, BOX_TOP, at, BOX_BOTTOM);
		fprintf(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
			"stroke=\"#333333\"/>\n", at, BOX_BOTTOM, at, BOX_BOTTOM + 6);
		fprintf(out, "<text class=\"tick x\" x=\"%.2f\" y=\"%.2f\" "
			"font-size=\"13\" text-anchor=\"middle\">%.*f</text>\n",
			at, BOX_BOTTOM + 22, dec, x);
	}
	fprintf(out, "<text class=\"x-label\" x=\"%.2f\" y=\"%d\" "
		"font-size=\"15\" text-anchor=\"middle\">",
		(BOX_LEFT + f->box_right) / 2, HEIGHT - 22);
	write_escaped(out, p->x_label);
	fputs("</text>\n", out);
}

static void write_y_axis(FILE *out, const struct plot *p, const struct frame *f)
{
	int dec = decimals_of(f->y_step);
	for (int k = 0; k < 100; k++) {
		double y = f->y_lo + k * f->y_step;
		if (y > f->y_hi + 1e-9 * f->y_step)
			break;
		double at = py(f, y);
		fprintf(out, "<line class=\"grid\" x1=\"%.2f\" y1=\"%.2f\" "
			"x2=\"%.2f\" y2=\"%.2f\" stroke=\"#e4e4e4\"/>\n",
			BOX_LEFT, at, f->box_right, at);
		fprintf(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
			"stroke=\"#333333\"/>\n", BOX_LEFT - 6, at, BOX_LEFT, at);
		fprintf(out, "<text class=\"tick y\" x=\"%.2f\" y=\"%.2f\" "
			"font-size=\"13\" text-anchor=\"end\">%.*f</text>\n",
			BOX_LEFT - 10, at + 4.5, dec, y);
	}
	double mid = (BOX_TOP + BOX_BOTTOM) / 2;
	fprintf(out, "<text class=\"y-label\" x=\"26\" y=\"%.2f\" font-size=\"15\" "
		"text-anchor=\"middle\" transform=\"rotate(-90 26 %.2f)\">",
		mid, mid);
	write_escaped(out, p->y_label);
	fputs("</text>\n", out);
	fprintf(out, "<rect class=\"box\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
		"height=\"%.2f\" fill=\"none\" stroke=\"#333333\"/>\n",
		BOX_LEFT, BOX_TOP, f->box_right - BOX_LEFT, BOX_BOTTOM - BOX_TOP);
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
		double y = BOX_TOP + 14 + 26.0 * (double)s;
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
