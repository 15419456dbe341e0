/*
 * viz/layout.c: the arithmetic of viz/layout.h.
 */
#include "layout.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

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

const char *const viz_keys_text =
	"keys: space play/pause \u00b7 \u2190 \u2192 back/forward "
	"\u00b7 \u2191 \u2193 speed \u00b7 f next fault \u00b7 r restart "
	"\u00b7 + \u2013 text size \u00b7 s screenshot \u00b7 q quit \u00b7 mouse: "
	"details, click keeps them";
const char *const viz_legend_text =
	"tiles: colour = process, stripes = shared, white = zero page, "
	"white corner = file page, p1:3 = process 1's page 3 \u00b7 R referenced, "
	"D dirty, P pinned \u00b7 swap: dark free, slate fresh, blue in memory, "
	"amber on disk only \u00b7 page bars: green read, red write";

void viz_counters_text(const struct viz_scene *sc, char *line, size_t n)
{
	const struct viz_counters *k = &sc->counters;
	snprintf(line, n,
		 "faults %" PRIu64 " (%" PRIu64 " invalid) \u00b7 zero-fills %" PRIu64
		 " \u00b7 COW %" PRIu64 " \u00b7 evictions %" PRIu64 " (%" PRIu64
		 " dirty) \u00b7 R cleared %" PRIu64 " \u00b7 swap in/out %" PRIu64 "/%" PRIu64
		 " \u00b7 file in/out %" PRIu64 "/%" PRIu64 " \u00b7 TLB hits/misses %" PRIu64
		 "/%" PRIu64,
		 k->faults, k->faults_invalid, k->zero_fills, k->cow_copies, k->evictions,
		 k->evictions_dirty, k->ref_clears, k->swap_reads, k->swap_writes,
		 k->file_reads, k->file_writes, k->tlb_hits, k->tlb_misses);
}

/* Characters of UTF-8 text (continuation bytes not counted). */
static int chars_of(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

int viz_layout_lines(int chars, int px, int width)
{
	if (width <= 0)
		return 1;
	double w = chars * px * VIZ_EM_ADVANCE;
	int lines = (int)ceil(w / width);
	return lines < 1 ? 1 : lines;
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

/* A list: cells in order, at most `max_pitch` pixels, a note below. */
static void place_list(struct viz_layout *l, const struct viz_scene *sc)
{
	struct viz_rect c = content_of(l, l->ring_panel);
	int note_h = l->font_small * 5 / 2;   /* two lines */
	l->ring_note = rect(c.x, c.y + c.h - note_h, c.w, note_h);
	struct viz_rect area = rect(c.x, c.y, c.w, c.h - note_h - l->margin / 2);
	uint32_t n = sc->frame_count > 1 ? sc->frame_count - 1 : 1;
	fit_grid(&l->ring_grid, area, n);
	int max_pitch = l->font_body * 6;
	if (l->ring_grid.pitch > max_pitch) {
		/* big cells: as wide as they may be, one row if it fits */
		uint32_t cols = (uint32_t)(area.w / max_pitch);
		if (cols < 1)
			cols = 1;
		if (cols > n)
			cols = n;
		l->ring_grid.cols = cols;
		l->ring_grid.rows = (n + cols - 1) / cols;
		l->ring_grid.pitch = max_pitch;
		l->ring_grid.cell = max_pitch - clamp(max_pitch / 10, 1, 6);
		l->ring_grid.area = rect(area.x, area.y, (int)cols * max_pitch,
					 (int)l->ring_grid.rows * max_pitch);
	}
	l->ring_grid.count = sc->ring_count;
}

static void place_ring(struct viz_layout *l, const struct viz_scene *sc)
{
	if (sc->ring_shape != VIZ_RING_HAND) {
		l->ring_is_list = true;
		place_list(l, sc);
		return;
	}
	struct viz_rect c = content_of(l, l->ring_panel);
	int n = sc->frame_count > 1 ? (int)sc->frame_count - 1 : 1;
	int half = (c.w < c.h ? c.w : c.h) / 2;
	/* frame numbers round the ring when two digits fit between nodes */
	int radius = half - l->font_small * 2;
	l->ring_labels = 2 * M_PI * radius / n >= l->font_small * 1.9;
	if (!l->ring_labels)
		radius = half - l->font_small / 2;
	double around = 2 * M_PI * (radius > 1 ? radius : 1);
	/* nodes small enough to leave the hand room to show its way */
	l->ring_node = clamp((int)(around / n / 2.4), 2,
			     l->font_body < radius / 6 ? l->font_body : radius / 6);
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
	/* columns for the entries in use: they are listed packed */
	uint32_t n = sc->tlb_count ? sc->tlb_count : 1;
	int cols = (int)((n + (uint32_t)l->tlb_rows - 1) / (uint32_t)l->tlb_rows);
	l->tlb_col_w = l->tlb_list.w / (cols > 0 ? cols : 1);
}

void viz_layout_compute(struct viz_layout *l, int w, int h, double scale,
			const struct viz_scene *sc)
{
	*l = (struct viz_layout){.width = w, .height = h,
				 .scale = scale > 0 ? scale : 1.0};
	int base = h < w * 2 / 3 ? h : w * 2 / 3;
	/* the smallest text: 1/50 of the height at least (the back row) */
	int small = (h + 49) / 50 > base / 62 ? (h + 49) / 50 : base / 62;
	small = clamp((int)lround(small * l->scale), 8, 160);
	l->font_small = small;
	l->font_body = clamp(small * 5 / 4, 10, 200);
	l->font_big = clamp(small * 2, 12, 320);
	l->margin = clamp(base / 110, 3, 32);
	int m = l->margin;
	int text_w = w - 2 * m;

	/* header: the trace and where the run is; the configuration below */
	int y = m;
	int header_chars = 40 + chars_of(sc->trace) + chars_of(sc->config);
	l->header_lines = viz_layout_lines(header_chars, l->font_body, text_w) > 1 ? 2 : 1;
	l->header = rect(m, y, text_w, l->font_body * 5 / 4 +
			 (l->header_lines - 1) * l->font_small * 5 / 4);
	y += l->header.h + m / 2;
	l->narration = rect(m, y, text_w, l->font_big * 5 / 4 + l->font_body * 5 / 2);
	y += l->narration.h + m;

	int small_h = l->font_small * 6 / 5;
	char counters[512];
	viz_counters_text(sc, counters, sizeof counters);
	l->counters_lines = viz_layout_lines(chars_of(counters), l->font_small, text_w);
	l->help_lines = viz_layout_lines(chars_of(viz_keys_text), l->font_small, text_w);
	l->legend_lines = viz_layout_lines(chars_of(viz_legend_text), l->font_small, text_w);
	int line_h = l->font_body * 3 / 2;
	int bottom = h - m;
	l->legend = rect(m, bottom - small_h * l->legend_lines, text_w,
			 small_h * l->legend_lines);
	l->help = rect(m, l->legend.y - small_h * l->help_lines, text_w,
		       small_h * l->help_lines);
	l->counters = rect(m, l->help.y - small_h * l->counters_lines - m / 2, text_w,
			   small_h * l->counters_lines);
	l->details = rect(m, l->counters.y - line_h, text_w, line_h);

	int mid_h = l->details.y - m - y;
	int left_w = (w - 3 * m) * 56 / 100;
	int right_w = w - 3 * m - left_w;
	int left_h = mid_h;
	if (sc->walk.shown) {   /* the page walk at the foot of the left column */
		int walk_h = viz_walk_height(l) < mid_h / 3 ? viz_walk_height(l) : mid_h / 3;
		left_h -= walk_h + m;
		l->walk_panel = rect(m, y + left_h + m, left_w, walk_h);
	}
	int frames_h = left_h * 58 / 100;
	l->frames_panel = rect(m, y, left_w, frames_h);
	l->swap_panel = rect(m, y + frames_h + m, left_w, left_h - frames_h - m);
	int ring_h = mid_h * 52 / 100;
	int rx = 2 * m + left_w;
	l->ring_panel = rect(rx, y, right_w, ring_h);
	int low_y = y + ring_h + m, low_h = mid_h - ring_h - m;
	int pages_w = (right_w - m) * 56 / 100;
	l->pages_panel = rect(rx, low_y, pages_w, low_h);
	l->tlb_panel = rect(rx + pages_w + m, low_y, right_w - pages_w - m, low_h);

	fit_grid(&l->frames, content_of(l, l->frames_panel), sc->frame_count);
	fit_grid(&l->blocks, content_of(l, l->swap_panel), sc->block_count);
	fit_grid(&l->pages, content_of(l, l->pages_panel), sc->shown_pages);
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
	if (sc->queues.shown) {   /* a queue's resident entry: its frame */
		struct viz_queue_rows rows;
		viz_queues_place(l, sc, &rows);
		if ((i = viz_queues_at(&rows, &sc->queues, x, y)) >= 0 &&
		    sc->queues.view.entries[i].frame)
			return (struct viz_hit){VIZ_HIT_FRAME, sc->queues.view.entries[i].frame};
	} else if (l->ring_is_list) {
		if ((i = viz_grid_at(&l->ring_grid, x, y)) >= 0)
			return (struct viz_hit){VIZ_HIT_RING, (uint32_t)i};
	} else if (viz_rect_has(l->ring_panel, x, y)) {
		return ring_hit(l, sc, x, y);
	}
	if (viz_rect_has(l->tlb_list, x, y) && l->tlb_col_w > 0) {
		int col = (x - l->tlb_list.x) / l->tlb_col_w;
		int row = (y - l->tlb_list.y) / l->tlb_row_h;
		int64_t k = (int64_t)col * l->tlb_rows + row;
		if (row < l->tlb_rows && k < (int64_t)sc->tlb_count)
			return (struct viz_hit){VIZ_HIT_TLB, (uint32_t)k};
	}
	return (struct viz_hit){VIZ_HIT_NONE, 0};
}
