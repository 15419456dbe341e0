/*
 * viz/layout.c: the arithmetic of viz/layout.h.
 */
#include "layout.h"

#include <math.h>

#include "scene.h"

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static struct viz_rect rect(int x, int y, int w, int h)
{
	return (struct viz_rect){x, y, w > 0 ? w : 0, h > 0 ? h : 0};
}

/* Below a panel's title line. */
static struct viz_rect content_of(const struct viz_layout *l, struct viz_rect p)
{
	int title = l->font_body * 3 / 2;
	int pad = l->margin;
	return rect(p.x + pad, p.y + title + pad / 2, p.w - 2 * pad,
		    p.h - title - pad);
}

/* The largest square cells that fit `count` of them into `area`. */
static void fit_grid(struct viz_grid *g, struct viz_rect area, uint32_t count)
{
	*g = (struct viz_grid){.count = count};
	if (count == 0 || area.w <= 0 || area.h <= 0) {
		g->area = rect(area.x, area.y, 0, 0);
		return;
	}
	int best = 0;
	uint32_t best_cols = 1;
	for (uint32_t cols = 1; cols <= count; cols++) {
		uint32_t rows = (count + cols - 1) / cols;
		int pitch = area.w / (int)cols < area.h / (int)rows
				    ? area.w / (int)cols : area.h / (int)rows;
		if (pitch > best) {
			best = pitch;
			best_cols = cols;
		}
		if (area.w / (int)cols == 0)
			break;
	}
	g->cols = best_cols;
	g->rows = (count + best_cols - 1) / best_cols;
	g->pitch = best > 0 ? best : 1;
	int gap = g->pitch >= 8 ? clamp(g->pitch / 10, 1, 6) : g->pitch >= 3;
	g->cell = g->pitch - gap > 0 ? g->pitch - gap : 1;
	g->area = rect(area.x, area.y, (int)g->cols * g->pitch,
		       (int)g->rows * g->pitch);
}

struct viz_rect viz_grid_cell(const struct viz_grid *g, uint32_t i)
{
	int col = (int)(i % (g->cols ? g->cols : 1));
	int row = (int)(i / (g->cols ? g->cols : 1));
	return rect(g->area.x + col * g->pitch, g->area.y + row * g->pitch,
		    g->cell, g->cell);
}

int64_t viz_grid_at(const struct viz_grid *g, int x, int y)
{
	if (!g->count || !viz_rect_has(g->area, x, y))
		return -1;
	uint32_t col = (uint32_t)((x - g->area.x) / g->pitch);
	uint32_t row = (uint32_t)((y - g->area.y) / g->pitch);
	uint64_t i = (uint64_t)row * g->cols + col;
	if (col >= g->cols || i >= g->count)
		return -1;
	struct viz_rect c = viz_grid_cell(g, (uint32_t)i);
	return viz_rect_has(c, x, y) ? (int64_t)i : -1;
}

static void place_ring(struct viz_layout *l, const struct viz_scene *sc)
{
	struct viz_rect c = content_of(l, l->ring_panel);
	int n = sc->frame_count > 1 ? (int)sc->frame_count - 1 : 1;
	int half = (c.w < c.h ? c.w : c.h) / 2;
	/* frame numbers round the ring when two digits fit between nodes */
	int radius = half - l->font_small * 2;
	l->ring_labels = 2 * M_PI * radius / n >= l->font_small * 1.9;
	if (!l->ring_labels)
		radius = half - l->font_small / 2;
	double around = 2 * M_PI * (radius > 1 ? radius : 1);
	l->ring_node = clamp((int)(around / n / 2.4), 2, l->font_body);
	l->ring_radius = radius - l->ring_node > 4 ? radius - l->ring_node : 4;
	l->ring_cx = c.x + c.w / 2;
	l->ring_cy = c.y + c.h / 2;
}

void viz_ring_point(const struct viz_layout *l, double pos, uint32_t count,
		    double scale, int *x, int *y)
{
	double a = count ? 2 * M_PI * pos / count : 0;
	double r = l->ring_radius * scale;
	*x = l->ring_cx + (int)lround(r * sin(a));
	*y = l->ring_cy - (int)lround(r * cos(a));
}

static void place_tlb(struct viz_layout *l, const struct viz_scene *sc)
{
	l->tlb_list = content_of(l, l->tlb_panel);
	l->tlb_row_h = l->font_small * 4 / 3 + 1;
	l->tlb_rows = l->tlb_list.h / l->tlb_row_h;
	if (l->tlb_rows < 1)
		l->tlb_rows = 1;
	uint32_t n = sc->tlb_entries ? sc->tlb_entries : 1;
	int cols = (int)((n + (uint32_t)l->tlb_rows - 1) / (uint32_t)l->tlb_rows);
	l->tlb_col_w = l->tlb_list.w / (cols > 0 ? cols : 1);
}

void viz_layout_compute(struct viz_layout *l, int w, int h,
			const struct viz_scene *sc)
{
	*l = (struct viz_layout){.width = w, .height = h};
	int base = h < w * 2 / 3 ? h : w * 2 / 3;
	l->font_big = clamp(base / 27, 12, 96);
	l->font_body = clamp(base / 44, 10, 64);
	l->font_small = clamp(base / 62, 8, 48);
	l->margin = clamp(base / 110, 3, 32);
	int m = l->margin;

	int y = m;
	l->header = rect(m, y, w - 2 * m, l->font_body * 3 / 2);
	y += l->header.h;
	l->narration = rect(m, y, w - 2 * m, l->font_big * 5 / 4 + l->font_body * 5 / 2);
	y += l->narration.h + m;

	int help_h = l->font_small * 3 / 2;
	int line_h = l->font_body * 3 / 2;
	int bottom = h - m;
	l->legend = rect(m, bottom - help_h, w - 2 * m, help_h);
	l->help = rect(m, l->legend.y - help_h, w - 2 * m, help_h);
	l->counters = rect(m, l->help.y - line_h, w - 2 * m, line_h);
	l->details = rect(m, l->counters.y - line_h, w - 2 * m, line_h);

	int mid_h = l->details.y - m - y;
	int left_w = (w - 3 * m) * 56 / 100;
	int right_w = w - 3 * m - left_w;
	int frames_h = mid_h * 58 / 100;
	l->frames_panel = rect(m, y, left_w, frames_h);
	l->swap_panel = rect(m, y + frames_h + m, left_w, mid_h - frames_h - m);
	int ring_h = mid_h * 52 / 100;
	int rx = 2 * m + left_w;
	l->ring_panel = rect(rx, y, right_w, ring_h);
	int low_y = y + ring_h + m, low_h = mid_h - ring_h - m;
	int pages_w = (right_w - m) * 56 / 100;
	l->pages_panel = rect(rx, low_y, pages_w, low_h);
	l->tlb_panel = rect(rx + pages_w + m, low_y, right_w - pages_w - m, low_h);

	fit_grid(&l->frames, content_of(l, l->frames_panel), sc->frame_count);
	fit_grid(&l->blocks, content_of(l, l->swap_panel), sc->block_count);
	fit_grid(&l->pages, content_of(l, l->pages_panel), sc->arena_pages);
	place_ring(l, sc);
	place_tlb(l, sc);
}

static struct viz_hit ring_hit(const struct viz_layout *l,
			       const struct viz_scene *sc, int x, int y)
{
	struct viz_hit hit = {VIZ_HIT_NONE, 0};
	long best = (long)(l->ring_node + 3) * (l->ring_node + 3);
	for (uint32_t i = 0; i < sc->ring_count; i++) {
		int px, py;
		viz_ring_point(l, i, sc->ring_count, 1.0, &px, &py);
		long d = (long)(px - x) * (px - x) + (long)(py - y) * (py - y);
		if (d <= best) {
			best = d;
			hit = (struct viz_hit){VIZ_HIT_RING, i};
		}
	}
	return hit;
}

struct viz_hit viz_layout_hit(const struct viz_layout *l,
			      const struct viz_scene *sc, int x, int y)
{
	int64_t i;
	if ((i = viz_grid_at(&l->frames, x, y)) >= 0)
		return (struct viz_hit){VIZ_HIT_FRAME, (uint32_t)i};
	if ((i = viz_grid_at(&l->blocks, x, y)) >= 0)
		return (struct viz_hit){VIZ_HIT_BLOCK, (uint32_t)i};
	if ((i = viz_grid_at(&l->pages, x, y)) >= 0)
		return (struct viz_hit){VIZ_HIT_PAGE, (uint32_t)i};
	if (viz_rect_has(l->ring_panel, x, y))
		return ring_hit(l, sc, x, y);
	if (viz_rect_has(l->tlb_list, x, y) && l->tlb_col_w > 0) {
		int col = (x - l->tlb_list.x) / l->tlb_col_w;
		int row = (y - l->tlb_list.y) / l->tlb_row_h;
		int64_t k = (int64_t)col * l->tlb_rows + row;
		if (row < l->tlb_rows && k < (int64_t)sc->tlb_count)
			return (struct viz_hit){VIZ_HIT_TLB, (uint32_t)k};
	}
	return (struct viz_hit){VIZ_HIT_NONE, 0};
}
