/*
 * viz/layout.h: where everything goes, as a function of the output size in
 * pixels and the scene's sizes (frame, block, page and TLB counts). Pure
 * arithmetic, no SDL: the drawing and the mouse both ask here, and tests
 * use it to find the pixel of a given frame, block or ring position.
 *
 *   +--------------------------------------------------------------+
 *   | trace, config                       event n of N, cycles     |
 *   | narration: what happened (large), how room was made (smaller) |
 *   +---------------------------------+----------------------------+
 *   | physical frames (tiles)         | replacement order (ring)   |
 *   +---------------------------------+--------------+-------------+
 *   | swap blocks (grid)              | page table   | TLB         |
 *   +---------------------------------+--------------+-------------+
 *   | details of what the mouse is on                              |
 *   | counters                                                     |
 *   | keys                                                         |
 *   | legend                                                       |
 *   +--------------------------------------------------------------+
 *
 * Text sizes follow the output height, so a projector at 4K shows the same
 * picture as a laptop at 1080p, only sharper: the smallest text is at
 * least 1/50 of the height (readable from the back of a lecture hall),
 * times `scale` (--scale). Lines of running text (header, counters, keys,
 * legend) get as many lines as they need at the output's width, from an
 * estimate of the font's advance (VIZ_EM_ADVANCE); the drawing wraps them.
 */
#ifndef MMUSIM_VIZ_LAYOUT_H
#define MMUSIM_VIZ_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct viz_scene;

struct viz_rect {
	int x, y, w, h;
};

/* Square cells, row by row, left to right. */
struct viz_grid {
	struct viz_rect area;         /* the cells' bounding box */
	uint32_t count, cols, rows;
	int pitch;                    /* cell + gap */
	int cell;
};

/* The average advance of DejaVu Sans's glyphs over the pixel size, a
 * little high, for estimating line counts. */
#define VIZ_EM_ADVANCE 0.53

/* The running text of the footer (draw.c draws these, layout.c counts
 * their lines). */
extern const char *const viz_keys_text;
extern const char *const viz_legend_text;
/* The counters line of a scene. */
void viz_counters_text(const struct viz_scene *scene, char *buf, size_t n);

struct viz_layout {
	int width, height;
	double scale;                 /* text size factor (1: automatic) */
	int font_big, font_body, font_small;  /* pixel heights */
	int margin;
	struct viz_rect header, narration;
	struct viz_rect frames_panel, ring_panel, swap_panel, pages_panel,
		tlb_panel;
	struct viz_rect walk_panel;   /* under the swap; zero when not shown (walk.h) */
	struct viz_rect details, counters, help, legend;
	struct viz_grid frames, blocks, pages;
	int ring_cx, ring_cy, ring_radius, ring_node;
	bool ring_labels;             /* room for frame numbers round the ring */
	bool ring_is_list;            /* not a ring: cells in order (ring_grid) */
	struct viz_grid ring_grid;    /* the order as cells, row by row */
	struct viz_rect ring_note;    /* the line under it: what the ends mean */
	int counters_lines, help_lines, legend_lines, header_lines;
	struct viz_rect tlb_list;
	int tlb_row_h, tlb_col_w, tlb_rows;   /* rows per column */
};

/* scale <= 0 means 1. */
void viz_layout_compute(struct viz_layout *layout, int width, int height,
			double scale, const struct viz_scene *scene);
/* Lines `chars` characters of text need in `width` pixels at font size px. */
int viz_layout_lines(int chars, int px, int width);

/* Cell i of a grid (i < count). */
struct viz_rect viz_grid_cell(const struct viz_grid *grid, uint32_t i);
/* Which cell holds (x, y), or -1. */
int64_t viz_grid_at(const struct viz_grid *grid, int x, int y);

/* The point at ring position `pos` of `count` (position 0 at the top,
 * clockwise; fractional positions lie between), `scale` times the
 * ring's radius from its centre. */
void viz_ring_point(const struct viz_layout *layout, double pos,
		    uint32_t count, double scale, int *x, int *y);

enum viz_hit_kind { VIZ_HIT_NONE, VIZ_HIT_FRAME, VIZ_HIT_RING,
		    VIZ_HIT_BLOCK, VIZ_HIT_PAGE, VIZ_HIT_TLB };
struct viz_hit {
	enum viz_hit_kind kind;
	uint32_t index;   /* frame, ring position, block, page, TLB row */
};
/* What is drawn at (x, y) in output pixels. */
struct viz_hit viz_layout_hit(const struct viz_layout *layout,
			      const struct viz_scene *scene, int x, int y);

static inline bool viz_rect_has(struct viz_rect r, int x, int y)
{
	return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

#endif
