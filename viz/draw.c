/*
 * viz/draw.c: the panels. Each panel is one function of (renderer, fonts,
 * layout, scene, overlay); shapes are rectangles, except the ring's nodes
 * and hand, drawn as triangle geometry.
 */
#include "draw.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- primitives ----------------------------------------------------------- */

static void color(SDL_Renderer *r, struct viz_rgb c)
{
	SDL_SetRenderDrawColor(r, c.r, c.g, c.b, 255);
}

void viz_fill(SDL_Renderer *r, struct viz_rect a, struct viz_rgb c)
{
	if (a.w <= 0 || a.h <= 0)
		return;
	color(r, c);
	SDL_RenderFillRect(r, &(SDL_Rect){a.x, a.y, a.w, a.h});
}

void viz_outline(SDL_Renderer *r, struct viz_rect a, int t, struct viz_rgb c)
{
	viz_fill(r, (struct viz_rect){a.x, a.y, a.w, t}, c);
	viz_fill(r, (struct viz_rect){a.x, a.y + a.h - t, a.w, t}, c);
	viz_fill(r, (struct viz_rect){a.x, a.y, t, a.h}, c);
	viz_fill(r, (struct viz_rect){a.x + a.w - t, a.y, t, a.h}, c);
}

static SDL_Vertex vertex(float x, float y, struct viz_rgb c)
{
	return (SDL_Vertex){{x, y}, {c.r, c.g, c.b, 255}, {0, 0}};
}

/* A filled circle; small ones are squares (a ring of a thousand frames
 * has nodes of two or three pixels), bigger ones have more sides. */
static void disc(SDL_Renderer *r, int cx, int cy, int radius, struct viz_rgb c)
{
	if (radius <= 2) {
		int d = radius < 1 ? 2 : 2 * radius;
		viz_fill(r, (struct viz_rect){cx - d / 2, cy - d / 2, d, d}, c);
		return;
	}
	enum { MAX_SEGMENTS = 32 };
	int segments = radius * 2 < MAX_SEGMENTS ? radius * 2 : MAX_SEGMENTS;
	if (segments < 8)
		segments = 8;
	SDL_Vertex v[MAX_SEGMENTS * 3];
	for (int i = 0; i < segments; i++) {
		double a0 = 2 * M_PI * i / segments, a1 = 2 * M_PI * (i + 1) / segments;
		v[3 * i] = vertex((float)cx, (float)cy, c);
		v[3 * i + 1] = vertex((float)(cx + radius * cos(a0)),
				      (float)(cy + radius * sin(a0)), c);
		v[3 * i + 2] = vertex((float)(cx + radius * cos(a1)),
				      (float)(cy + radius * sin(a1)), c);
	}
	SDL_RenderGeometry(r, NULL, v, segments * 3, NULL, 0);
}

static void thick_line(SDL_Renderer *r, int x0, int y0, int x1, int y1,
		       float width, struct viz_rgb c)
{
	float dx = (float)(x1 - x0), dy = (float)(y1 - y0);
	float len = sqrtf(dx * dx + dy * dy);
	if (len < 1)
		return;
	float nx = -dy / len * width / 2, ny = dx / len * width / 2;
	SDL_Vertex v[6] = {
		vertex(x0 + nx, y0 + ny, c), vertex(x1 + nx, y1 + ny, c),
		vertex(x1 - nx, y1 - ny, c), vertex(x0 + nx, y0 + ny, c),
		vertex(x1 - nx, y1 - ny, c), vertex(x0 - nx, y0 - ny, c),
	};
	SDL_RenderGeometry(r, NULL, v, 6, NULL, 0);
}

struct viz_rgb viz_ink_on(struct viz_rgb f)
{
	int lum = (f.r * 299 + f.g * 587 + f.b * 114) / 1000;
	return lum > 140 ? (struct viz_rgb){12, 12, 16} : VIZ_TEXT_STRONG;
}

/* 1234567 -> "1,234,567" */
static const char *grouped(uint64_t v, char *buf, size_t cap)
{
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%" PRIu64, v);
	size_t o = 0;
	for (int i = 0; i < n && o + 2 < cap; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

/* A panel and its title: `title`, or `brief` when that does not fit. */
static void panel(SDL_Renderer *r, const struct viz_fonts *f,
		  const struct viz_layout *l, struct viz_rect p, const char *title,
		  const char *brief)
{
	viz_fill(r, p, VIZ_PANEL);
	viz_outline(r, p, 1, VIZ_PANEL_EDGE);
	int pad = l->margin;
	if (brief && viz_text_width(f->body, title) > p.w - 2 * pad)
		title = brief;
	viz_text_draw(r, f->body, p.x + pad, p.y + pad / 2, VIZ_TEXT, title,
		      p.w - 2 * pad);
}

/* The largest of the three fonts in which `text` fits `width` x `height`,
 * or NULL. */
static struct viz_font *font_fitting(const struct viz_fonts *f, const char *text,
				     int width, int height)
{
	struct viz_font *order[3] = {f->big, f->body, f->small};
	for (int i = 0; i < 3; i++)
		if (viz_text_width(order[i], text) <= width &&
		    viz_font_height(order[i]) <= height)
			return order[i];
	return NULL;
}

/* `text` centred in `c` in the largest font that fits; false if none. */
static bool centred(SDL_Renderer *r, const struct viz_fonts *f, struct viz_rect c,
		    int dy, struct viz_rgb col, const char *text)
{
	struct viz_font *font = font_fitting(f, text, c.w - 4, c.h);
	if (!font)
		return false;
	int w = viz_text_width(font, text), h = viz_font_height(font);
	viz_text_draw(r, font, c.x + (c.w - w) / 2, c.y + (c.h - h) / 2 + dy, col,
		      text, 0);
	return true;
}

static bool wrap(SDL_Renderer *r, struct viz_font *font, int x, int y,
		 int width, int lines, struct viz_rgb c, const char *text, bool draw);

/* ---- frames --------------------------------------------------------------- */

struct viz_rgb viz_frame_color(const struct viz_frame *fr)
{
	switch (fr->kind) {
	case VIZ_FRAME_FREE: return VIZ_FREE_FRAME;
	case VIZ_FRAME_ZERO: return VIZ_ZERO_PAGE;
	default:
		return fr->owner_count ? viz_owner_color(fr->owners[0])
				       : VIZ_GHOST_FRAME;
	}
}

static int stripe_width(struct viz_rect c)
{
	return c.w / 6 > 2 ? c.w / 6 : 2;
}

void viz_frame_swatch(const struct viz_layout *l, uint32_t frame, int *x, int *y)
{
	struct viz_rect c = viz_grid_cell(&l->frames, frame);
	*x = c.x + stripe_width(c) / 2;     /* the first stripe */
	*y = c.y + c.h * 3 / 4;
}

static void tile_fill(SDL_Renderer *r, struct viz_rect c, const struct viz_frame *fr)
{
	if (fr->owner_count < 2) {
		viz_fill(r, c, viz_frame_color(fr));
		return;
	}
	int sw = stripe_width(c);
	for (int x = 0, k = 0; x < c.w; x += sw, k++) {
		int w = x + sw <= c.w ? sw : c.w - x;
		viz_fill(r, (struct viz_rect){c.x + x, c.y, w, c.h},
		     viz_owner_color(fr->owners[k % fr->owner_count]));
	}
}

/* R, D, P squares along the top right, lettered when there is room. */
static void badges(SDL_Renderer *r, const struct viz_fonts *f, struct viz_rect c,
		   bool ref, bool dirty, bool pinned)
{
	int b = c.w / 4;
	bool letters = b >= viz_font_height(f->small) * 3 / 4;
	if (letters)
		b = viz_font_height(f->small);
	if (b < 3)
		b = c.w >= 6 ? 3 : 0;
	if (!b)
		return;
	int x = c.x + c.w - b - 1;
	const struct { bool on; struct viz_rgb col; const char *s; } marks[3] = {
		{ref, VIZ_BADGE_REF, "R"}, {dirty, VIZ_BADGE_DIRTY, "D"},
		{pinned, VIZ_BADGE_PIN, "P"},
	};
	for (int i = 0; i < 3; i++) {
		if (!marks[i].on)
			continue;
		struct viz_rect m = {x, c.y + 1, b, b};
		viz_fill(r, m, marks[i].col);
		if (letters) {
			int w = viz_text_width(f->small, marks[i].s);
			viz_text_draw(r, f->small, x + (b - w) / 2, c.y + 1,
				      viz_ink_on(marks[i].col), marks[i].s, 0);
		}
		x -= b + 1;
	}
}

/* The scan step the animation is on. */
static const struct viz_scan_step *scan_now(const struct viz_scene *sc,
					    const struct viz_overlay *o)
{
	return o->scan_at >= 0 && (size_t)o->scan_at < sc->scan_count
		       ? &sc->scan[o->scan_at] : NULL;
}

/* During the scan animation the picture is the state before the event:
 * a frame whose bit the scan has already cleared shows it cleared. */
static bool referenced_now(const struct viz_scene *sc, const struct viz_overlay *o,
			   const struct viz_frame *fr, uint32_t frame)
{
	if (!fr->referenced)
		return false;
	for (long i = 0; i < o->scan_at && (size_t)i < sc->scan_count; i++)
		if (sc->scan[i].kind == VIZ_SCAN_CLEAR_REF && sc->scan[i].frame == frame)
			return false;
	return true;
}

static struct viz_rgb scan_color(uint8_t kind)
{
	return kind == VIZ_SCAN_CLEAR_REF ? VIZ_SCAN_CLEAR
	       : kind == VIZ_SCAN_SKIP_PINNED ? VIZ_SCAN_SKIP : VIZ_SCAN_VICTIM;
}

static bool hit_is(struct viz_hit h, enum viz_hit_kind k, uint32_t i)
{
	return h.kind == k && h.index == i;
}

static void draw_frames(SDL_Renderer *r, const struct viz_fonts *f,
			const struct viz_layout *l, const struct viz_scene *sc,
			const struct viz_overlay *o)
{
	char title[160], brief[96];
	uint32_t used = 0;
	for (uint32_t i = 1; i < sc->frame_count; i++)
		used += sc->frames[i].kind != VIZ_FRAME_FREE;
	snprintf(title, sizeof title, "Physical frames \u00b7 %" PRIu32 " of %" PRIu32
		 " usable in use (+ the zero page)", used, sc->usable_frames);
	snprintf(brief, sizeof brief, "Frames \u00b7 %" PRIu32 " of %" PRIu32
		 " usable in use", used, sc->usable_frames);
	panel(r, f, l, l->frames_panel, title, brief);
	const struct viz_scan_step *now = scan_now(sc, o);
	int small_h = viz_font_height(f->small);
	bool numbers = l->frames.cell >= small_h * 2;
	int edge = l->frames.cell >= 24 ? 3 : 2;
	for (uint32_t i = 0; i < sc->frame_count; i++) {
		const struct viz_frame *fr = &sc->frames[i];
		struct viz_rect c = viz_grid_cell(&l->frames, i);
		tile_fill(r, c, fr);
		if (fr->kind == VIZ_FRAME_FILE && c.w >= 8) /* a file page's corner */
			viz_fill(r, (struct viz_rect){c.x, c.y + c.h - c.h / 5, c.w / 5, c.h / 5},
			     VIZ_TEXT_STRONG);
		bool ref = referenced_now(sc, o, fr, i);
		badges(r, f, c, ref, fr->dirty, fr->pinned && fr->kind != VIZ_FRAME_ZERO);
		struct viz_rgb ink = viz_ink_on(viz_frame_color(fr));
		if (numbers) {
			char s[24];
			snprintf(s, sizeof s, "%" PRIu32, i);
			viz_text_draw(r, f->small, c.x + 2, c.y + 1, ink, s, c.w - 3);
		}
		/* the page it holds, as large as fits below the number and
		 * badges; a striped tile gets it on a plate of the first owner */
		if (fr->kind != VIZ_FRAME_FREE) {
			int top = numbers ? small_h + 2 : 0;
			struct viz_rect body = {c.x + 1, c.y + top, c.w - 2, c.h - top - 1};
			struct viz_font *font = font_fitting(f, fr->page, body.w - 4, body.h);
			if (font && fr->owner_count > 1) {
				int w = viz_text_width(font, fr->page) + 6;
				int h = viz_font_height(font);
				viz_fill(r, (struct viz_rect){c.x + (c.w - w) / 2,
						   body.y + (body.h - h) / 2, w, h},
				     viz_frame_color(fr));
			}
			if (font)
				centred(r, f, body, 0, ink, fr->page);
		}
		if (now && now->frame == i)
			viz_outline(r, c, edge, scan_color(now->kind));
		if (hit_is(o->selected, VIZ_HIT_FRAME, i) || hit_is(o->hover, VIZ_HIT_FRAME, i))
			viz_outline(r, c, edge, VIZ_HOVER);
	}
}

/* ---- the ring ------------------------------------------------------------- */

static const char *const scan_what[] = {
	[VIZ_SCAN_CLEAR_REF] = "referenced: clear the bit, second chance",
	[VIZ_SCAN_SKIP_PINNED] = "pinned (source of a copy): skip",
	[VIZ_SCAN_EVICT] = "the victim",
};

static void scan_caption(SDL_Renderer *r, const struct viz_fonts *f,
			 const struct viz_layout *l, const struct viz_scan_step *now,
			 struct viz_rect at)
{
	char s[120];
	snprintf(s, sizeof s, "frame %" PRIu32 ": %s%s", now->frame, scan_what[now->kind],
		 now->kind == VIZ_SCAN_EVICT ? now->dirty ? " (dirty: write back)"
							  : " (clean)" : "");
	struct viz_font *font = viz_text_width(f->body, s) <= at.w ? f->body : f->small;
	viz_text_draw(r, font, at.x, at.y, scan_color(now->kind), s, at.w);
	(void)l;
}

/* "in 3 events", "next", "never": when a frame's page is used again. */
static const char *next_use_text(const struct viz_scene *sc, uint64_t t,
				 char *buf, size_t n)
{
	uint64_t now = sc->counters.events;
	if (t == UINT64_MAX)
		snprintf(buf, n, "never");
	else if (t <= now)
		snprintf(buf, n, "next");
	else
		snprintf(buf, n, "in %" PRIu64, t - now + 1);
	return buf;
}

/* Not a ring: the order as cells, first to last, row by row. */
static void draw_order_list(SDL_Renderer *r, const struct viz_fonts *f,
			    const struct viz_layout *l, const struct viz_scene *sc,
			    const struct viz_overlay *o)
{
	const struct viz_scan_step *now = scan_now(sc, o);
	const struct viz_grid *g = &l->ring_grid;
	int small_h = viz_font_height(f->small);
	for (uint32_t i = 0; i < sc->ring_count; i++) {
		uint32_t fr = sc->ring[i];
		const struct viz_frame *v = &sc->frames[fr];
		struct viz_rect c = viz_grid_cell(g, i);
		bool ref = referenced_now(sc, o, v, fr);
		viz_fill(r, c, viz_frame_color(v));
		badges(r, f, c, ref, v->dirty, v->pinned);
		struct viz_rgb ink = viz_ink_on(viz_frame_color(v));
		char num[24], use[32];
		snprintf(num, sizeof num, "%" PRIu32, fr);
		bool numbers = c.h >= small_h * 2;
		if (numbers)
			viz_text_draw(r, f->small, c.x + 2, c.y + 1, ink, num, c.w - 3);
		int top = numbers ? small_h + 2 : 0;
		struct viz_rect body = {c.x + 1, c.y + top, c.w - 2, c.h - top - 1};
		if (sc->ring_shape == VIZ_RING_FUTURE) {
			/* the page, and when it is used next */
			next_use_text(sc, v->next_use, use, sizeof use);
			struct viz_rect up = {body.x, body.y, body.w, body.h / 2};
			struct viz_rect down = {body.x, body.y + body.h / 2, body.w,
						body.h - body.h / 2};
			if (!centred(r, f, up, 0, ink, v->page) ||
			    !centred(r, f, down, 0, ink, use)) {
				/* no room for both: the distance only */
				viz_fill(r, body, viz_frame_color(v));
				centred(r, f, body, 0, ink, use);
			}
		} else {
			centred(r, f, body, 0, ink, v->page);
		}
		int edge = c.w >= 24 ? 3 : 2;
		if (now && now->frame == fr)
			viz_outline(r, c, edge, scan_color(now->kind));
		else if (hit_is(o->hover, VIZ_HIT_RING, i) || hit_is(o->selected, VIZ_HIT_RING, i))
			viz_outline(r, c, edge, VIZ_HOVER);
	}
	/* what the two ends mean */
	char note[160];
	switch (sc->ring_shape) {
	case VIZ_RING_LIST:
		snprintf(note, sizeof note, "first: %s (the next victim) \u2192 last: %s",
			 sc->ring_first, sc->ring_last);
		break;
	case VIZ_RING_FUTURE:
		snprintf(note, sizeof note, "first: used again farthest ahead (the next "
			 "victim) \u00b7 in N: used again N events from now");
		break;
	default:
		snprintf(note, sizeof note, "no order: the victim is drawn at random");
		break;
	}
	struct viz_rect n = l->ring_note;
	if (now)
		scan_caption(r, f, l, now, n);
	else
		wrap(r, f->small, n.x, n.y, n.w, 2, VIZ_TEXT, note, true);
}

static void draw_ring(SDL_Renderer *r, const struct viz_fonts *f,
		      const struct viz_layout *l, const struct viz_scene *sc,
		      const struct viz_overlay *o, const char *policy)
{
	char title[160], brief[96];
	const struct viz_scan_step *now = scan_now(sc, o);
	switch (sc->ring_shape) {
	case VIZ_RING_HAND:
		if (sc->ring_count)
			snprintf(title, sizeof title, "%s: a hand goes round \u00b7 at frame %"
				 PRIu32, policy, sc->ring[0]);
		else
			snprintf(title, sizeof title, "%s: no resident page", policy);
		break;
	case VIZ_RING_LIST:
		snprintf(title, sizeof title, "%s order: %s \u2192 %s", policy,
			 sc->ring_first, sc->ring_last);
		break;
	case VIZ_RING_FUTURE:
		snprintf(title, sizeof title, "%s: frames by their next use", policy);
		break;
	default:
		snprintf(title, sizeof title, "%s: resident frames", policy);
		break;
	}
	snprintf(brief, sizeof brief, "%s order", policy);
	if (sc->queues.shown) {   /* the policy's own queues (viz/queues.c) */
		viz_queues_title(sc, title, sizeof title);
		panel(r, f, l, l->ring_panel, title, brief);
		struct viz_queue_rows rows;
		viz_queues_place(l, sc, &rows);
		viz_queues_draw(r, f, l, sc, o, now ? now->frame : 0,
				now ? scan_color(now->kind) : VIZ_HAND);
		if (now)
			scan_caption(r, f, l, now, rows.note);
		return;
	}
	panel(r, f, l, l->ring_panel, title, brief);
	if (l->ring_is_list) {
		draw_order_list(r, f, l, sc, o);
		return;
	}
	uint32_t n = sc->ring_count;
	/* the track */
	for (int i = 0; i < 96; i++) {
		int x0, y0, x1, y1;
		viz_ring_point(l, i, 96, 1.0, &x0, &y0);
		viz_ring_point(l, i + 1, 96, 1.0, &x1, &y1);
		thick_line(r, x0, y0, x1, y1, 1.5f, VIZ_PANEL_EDGE);
	}
	int node = l->ring_node;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t fr = sc->ring[i];
		const struct viz_frame *v = &sc->frames[fr];
		int x, y;
		viz_ring_point(l, i, n, 1.0, &x, &y);
		bool ref = referenced_now(sc, o, v, fr);
		if (now && now->frame == fr)
			disc(r, x, y, node + 4, scan_color(now->kind));
		else if (hit_is(o->hover, VIZ_HIT_RING, i) || hit_is(o->selected, VIZ_HIT_RING, i))
			disc(r, x, y, node + 3, VIZ_HOVER);
		if (ref)
			disc(r, x, y, node, VIZ_BADGE_REF);
		disc(r, x, y, ref ? node * 2 / 3 : node, viz_frame_color(v));
		if (v->dirty)
			disc(r, x, y, node / 3 > 1 ? node / 3 : 1, VIZ_BADGE_DIRTY);
		if (l->ring_labels) {
			/* the frame and, when there is room, its page */
			char s[64];
			snprintf(s, sizeof s, "%" PRIu32 " \u00b7 %s", fr, v->page);
			double gap = 2 * M_PI * l->ring_radius / (n ? n : 1);
			if (viz_text_width(f->small, s) > gap * 0.9 && n > 2)
				snprintf(s, sizeof s, "%" PRIu32, fr);
			int lx, ly;
			int w = viz_text_width(f->small, s);
			double out = 1.0 + (node + viz_font_height(f->small) * 0.8) /
						   (double)l->ring_radius;
			viz_ring_point(l, i, n, out, &lx, &ly);
			/* keep it inside the panel: push it out sideways */
			double a = 2 * M_PI * i / (n ? n : 1);
			lx += (int)lround(sin(a) * w / 2.0);
			int x0 = lx - w / 2;
			struct viz_rect p = l->ring_panel;
			if (x0 < p.x + 2)
				x0 = p.x + 2;
			if (x0 + w > p.x + p.w - 2)
				x0 = p.x + p.w - 2 - w;
			viz_text_draw(r, f->small, x0, ly - viz_font_height(f->small) / 2,
				      VIZ_TEXT, s, 0);
		}
	}
	if (!n)
		return;
	int hx, hy;
	double reach = 1.0 - (node + 3.0) / l->ring_radius;
	viz_ring_point(l, o->hand_pos, n, reach, &hx, &hy);
	int hand = node * 2 / 3 > l->font_small / 3 ? node * 2 / 3 : l->font_small / 3;
	if (hand < 2)
		hand = 2;
	thick_line(r, l->ring_cx, l->ring_cy, hx, hy, (float)hand, VIZ_HAND);
	disc(r, l->ring_cx, l->ring_cy, hand + 1, VIZ_HAND);
	if (now) {
		struct viz_rect p = l->ring_panel;
		int h = viz_font_height(f->body);
		scan_caption(r, f, l, now, (struct viz_rect){p.x + l->margin,
			     p.y + p.h - h - l->margin / 2, p.w - 2 * l->margin, h});
	}
}

/* ---- swap, page table, TLB ------------------------------------------------ */

static void draw_blocks(SDL_Renderer *r, const struct viz_fonts *f,
			const struct viz_layout *l, const struct viz_scene *sc,
			const struct viz_overlay *o)
{
	uint32_t bound = 0, data = 0;
	for (uint32_t i = 0; i < sc->block_count; i++) {
		bound += sc->blocks[i].use != BLOCK_FREE;
		data += sc->blocks[i].use == BLOCK_HOLDS_DATA;
	}
	char title[192], brief[96];
	snprintf(title, sizeof title, "Swap \u00b7 %" PRIu32 " reserved of %" PRIu32
		 " blocks \u00b7 %" PRIu32 " bound \u00b7 %" PRIu32 " holding data",
		 sc->reserved, sc->block_count, bound, data);
	snprintf(brief, sizeof brief, "Swap \u00b7 %" PRIu32 "/%" PRIu32 " reserved"
		 " \u00b7 %" PRIu32 " bound \u00b7 %" PRIu32 " data",
		 sc->reserved, sc->block_count, bound, data);
	panel(r, f, l, l->swap_panel, title, brief);
	bool labels = l->blocks.cell >= viz_font_height(f->small) * 2;
	int dot = l->blocks.cell / 4;
	for (uint32_t i = 0; i < sc->block_count; i++) {
		const struct viz_block *b = &sc->blocks[i];
		struct viz_rect c = viz_grid_cell(&l->blocks, i);
		struct viz_rgb col = viz_block_color(b->use, b->frame != 0);
		viz_fill(r, c, col);
		if (labels) {
			char s[32];
			snprintf(s, sizeof s, "%" PRIu32, i);
			viz_text_draw(r, f->small, c.x + 2, c.y + 1, viz_ink_on(col), s, c.w - 3);
			if (b->sharers > 1) {
				snprintf(s, sizeof s, "\u00d7%" PRIu32, b->sharers);
				viz_text_draw(r, f->small, c.x + 2,
					      c.y + c.h - viz_font_height(f->small),
					      viz_ink_on(col), s, c.w - 3);
			}
		} else if (b->sharers > 1 && dot >= 1) {
			viz_fill(r, (struct viz_rect){c.x + c.w - dot, c.y, dot, dot},
			     VIZ_TEXT_STRONG);
		}
		if (hit_is(o->selected, VIZ_HIT_BLOCK, i) || hit_is(o->hover, VIZ_HIT_BLOCK, i))
			viz_outline(r, c, 2, VIZ_HOVER);
	}
}

static struct viz_rgb page_color(const struct viz_scene *sc, const struct viz_page *p)
{
	if (!p->valid)
		return VIZ_INVALID_PAGE;
	if (p->frame)
		return viz_owner_color(sc->pid);
	if (p->zero)
		return VIZ_ZERO_PAGE;
	return VIZ_ABSENT_PAGE;
}

static void draw_pages(SDL_Renderer *r, const struct viz_fonts *f,
		       const struct viz_layout *l, const struct viz_scene *sc,
		       const struct viz_overlay *o)
{
	char title[160], brief[96];
	if (sc->pid >= 0) {
		snprintf(title, sizeof title, "Pages of process %d \u00b7 %" PRIu32
			 "/%" PRIu32 " valid", (int)sc->pid, sc->valid_pages,
			 sc->arena_pages);
		snprintf(brief, sizeof brief, "p%d \u00b7 %" PRIu32 "/%" PRIu32 " valid",
			 (int)sc->pid, sc->valid_pages, sc->arena_pages);
	} else {
		snprintf(title, sizeof title, "Page table \u00b7 no process running");
		snprintf(brief, sizeof brief, "No process");
	}
	panel(r, f, l, l->pages_panel, title, brief);
	bool labels = l->pages.cell >= viz_font_height(f->small) * 2;
	for (uint32_t i = 0; i < sc->shown_pages; i++) {
		const struct viz_page *p = &sc->pages[i];
		struct viz_rect c = viz_grid_cell(&l->pages, i);
		struct viz_rgb col = page_color(sc, p);
		viz_fill(r, c, col);
		int bar = c.h / 5 > 1 ? c.h / 5 : 1;
		if (p->read)
			viz_fill(r, (struct viz_rect){c.x, c.y + c.h - bar, c.w / 2, bar},
			     VIZ_BADGE_REF);
		if (p->write)
			viz_fill(r, (struct viz_rect){c.x + c.w / 2, c.y + c.h - bar,
						  c.w - c.w / 2, bar}, VIZ_BADGE_DIRTY);
		if (labels && p->valid) {
			char s[24];
			if (p->frame)
				snprintf(s, sizeof s, "\u2192%" PRIu32, p->frame);
			else
				snprintf(s, sizeof s, "%s", p->zero ? "zero" : "out");
			viz_text_draw(r, f->small, c.x + 2, c.y + 1, viz_ink_on(col), s,
				      c.w - 3);
		}
		if (hit_is(o->selected, VIZ_HIT_PAGE, i) || hit_is(o->hover, VIZ_HIT_PAGE, i))
			viz_outline(r, c, 2, VIZ_HOVER);
	}
}

static void draw_tlb(SDL_Renderer *r, const struct viz_fonts *f,
		     const struct viz_layout *l, const struct viz_scene *sc,
		     const struct viz_overlay *o)
{
	char title[96];
	if (sc->tlb_entries)
		snprintf(title, sizeof title, "TLB \u00b7 %" PRIu32 " of %" PRIu32,
			 sc->tlb_count, sc->tlb_entries);
	else
		snprintf(title, sizeof title, "TLB \u00b7 none: every access walks");
	panel(r, f, l, l->tlb_panel, title, "TLB");
	uint64_t base_vpn = sc->page_size ? sc->arena_base / sc->page_size : 0;
	for (uint32_t k = 0; k < sc->tlb_count; k++) {
		const struct viz_tlb_row *e = &sc->tlb[k];
		int col = (int)(k / (uint32_t)l->tlb_rows), row = (int)(k % (uint32_t)l->tlb_rows);
		int x = l->tlb_list.x + col * l->tlb_col_w;
		int y = l->tlb_list.y + row * l->tlb_row_h;
		if (x + 8 > l->tlb_list.x + l->tlb_list.w)
			break;
		struct viz_rect mark = {x, y + 2, l->tlb_row_h / 2, l->tlb_row_h - 4};
		viz_fill(r, mark, viz_owner_color(e->pid));
		/* the long form, else one that keeps the frame in sight */
		char s[96];
		int room = l->tlb_col_w - mark.w - 8;
		snprintf(s, sizeof s, "p%d:%" PRIu64 " \u2192 frame %" PRIu32 " %s%s",
			 (int)e->pid, e->vpn - base_vpn, e->ppage, e->write ? "rw" : "r",
			 e->dirty ? " d" : "");
		if (viz_text_width(f->small, s) > room)
			snprintf(s, sizeof s, "p%d:%" PRIu64 "\u2192%" PRIu32 "%s",
				 (int)e->pid, e->vpn - base_vpn, e->ppage,
				 e->write ? " w" : "");
		if (viz_text_width(f->small, s) > room)
			snprintf(s, sizeof s, "%" PRIu64 "\u2192%" PRIu32,
				 e->vpn - base_vpn, e->ppage);
		bool lit = hit_is(o->hover, VIZ_HIT_TLB, k) || hit_is(o->selected, VIZ_HIT_TLB, k);
		viz_text_draw(r, f->small, x + mark.w + 4, y,
			      lit ? VIZ_TEXT_STRONG : VIZ_TEXT, s, room);
	}
}

/* ---- text lines ----------------------------------------------------------- */

/* Word-wrap `text` into at most `lines` lines of `width`; the last line
 * is cut with an ellipsis. Returns false if it did not fit. */
static bool wrap(SDL_Renderer *r, struct viz_font *font, int x, int y,
		 int width, int lines, struct viz_rgb c, const char *text, bool draw)
{
	const char *p = text;
	int h = viz_font_height(font);
	for (int line = 0; line < lines && *p; line++) {
		char buf[640];
		size_t best = 0, n = strlen(p);
		if (line + 1 < lines) {
			for (size_t i = 0; i <= n && i < sizeof buf; i++) {
				if (i < n && p[i] != ' ')
					continue;
				memcpy(buf, p, i);
				buf[i] = '\0';
				if (viz_text_width(font, buf) > width)
					break;
				best = i;
			}
		}
		if (line + 1 == lines || best == 0 || best == n) {
			if (draw)
				viz_text_draw(r, font, x, y + line * h, c, p, width);
			return viz_text_width(font, p) <= width;
		}
		memcpy(buf, p, best);
		buf[best] = '\0';
		if (draw)
			viz_text_draw(r, font, x, y + line * h, c, buf, width);
		p += best + 1;
	}
	return true;
}

/* What happened in large type; how room was made for it ("to make room,
 * clock cleared ...") below in body type. Whatever does not fit the large
 * type goes to the smaller one. Whether it all fits; drawn when `draw`. */
static bool narration_lines(SDL_Renderer *r, const struct viz_fonts *f,
			    const struct viz_layout *l, struct viz_rgb c, const char *text,
			    bool draw)
{
	struct viz_rect n = l->narration;
	char head[sizeof ((struct viz_scene *)0)->narration];
	snprintf(head, sizeof head, "%s", text);
	char *cut = strstr(head, "; to make room, ");
	const char *tail = cut ? text + (cut - head) + 2 : NULL;
	if (cut)
		*cut = '\0';
	int body_lines = 2;
	if (wrap(r, f->big, n.x, n.y, n.w, tail ? 1 : 2, c, head, false)) {
		if (draw)
			wrap(r, f->big, n.x, n.y, n.w, tail ? 1 : 2, c, head, true);
		if (!tail)
			return true;
		int y = n.y + viz_font_height(f->big) * 5 / 4;
		return wrap(r, f->body, n.x, y, n.w, body_lines, VIZ_TEXT, tail, draw);
	}
	/* too long for the large type: all of it in body type */
	int lines = n.h / viz_font_height(f->body);
	return wrap(r, f->body, n.x, n.y, n.w, lines > 1 ? lines : 1, c, text, draw);
}

static void draw_narration(SDL_Renderer *r, const struct viz_fonts *f,
			   const struct viz_layout *l, const struct viz_scene *sc)
{
	struct viz_rgb c = sc->failed ? VIZ_ERROR : VIZ_TEXT_STRONG;
	char text[sizeof sc->narration];
	snprintf(text, sizeof text, "%s", sc->narration);
	/* the policy's queue moves (viz/queues.h) only when they fit */
	char *moves = strstr(text, "; queues: ");
	if (moves && !narration_lines(r, f, l, c, text, false))
		*moves = '\0';
	narration_lines(r, f, l, c, text, true);
}

static void draw_header(SDL_Renderer *r, const struct viz_fonts *f,
			const struct viz_layout *l, const struct viz_scene *sc,
			const struct viz_overlay *o)
{
	char right[256], ev[32], tot[32], cyc[32];
	snprintf(right, sizeof right, "event %s of %s \u00b7 %s cycles \u00b7 %s",
		 grouped(sc->counters.events, ev, sizeof ev),
		 grouped(sc->counters.total, tot, sizeof tot),
		 grouped(sc->counters.cycles, cyc, sizeof cyc), o->status);
	int rw = viz_text_width(f->body, right);
	struct viz_rect h = l->header;
	viz_text_draw(r, f->body, h.x + h.w - rw, h.y, VIZ_TEXT_STRONG, right, h.w);
	int room = h.w - rw - l->margin * 2;
	if (l->header_lines > 1) {
		/* the trace beside where the run is, the configuration below */
		viz_text_draw(r, f->body, h.x, h.y, VIZ_TEXT_STRONG, sc->trace, room);
		viz_text_draw(r, f->small, h.x, h.y + viz_font_height(f->body) + 1,
			      VIZ_TEXT, sc->config, h.w);
	} else {
		char left[600];
		snprintf(left, sizeof left, "%s \u00b7 %s", sc->trace, sc->config);
		viz_text_draw(r, f->body, h.x, h.y, VIZ_TEXT, left, room);
	}
	draw_narration(r, f, l, sc);
}

static void draw_footer(SDL_Renderer *r, const struct viz_fonts *f,
			const struct viz_layout *l, const struct viz_scene *sc,
			const struct viz_overlay *o)
{
	char line[512];
	viz_counters_text(sc, line, sizeof line);
	wrap(r, f->small, l->counters.x, l->counters.y, l->counters.w,
	     l->counters_lines, VIZ_TEXT, line, true);
	const char *details = o->message[0] ? o->message : o->details;
	viz_text_draw(r, f->body, l->details.x, l->details.y,
		      o->message[0] ? VIZ_BADGE_PIN : VIZ_TEXT_STRONG, details,
		      l->details.w);
	wrap(r, f->small, l->help.x, l->help.y, l->help.w, l->help_lines, VIZ_TEXT,
	     viz_keys_text, true);
	wrap(r, f->small, l->legend.x, l->legend.y, l->legend.w, l->legend_lines,
	     VIZ_TEXT, viz_legend_text, true);
}

void viz_overlay_init(struct viz_overlay *o)
{
	memset(o, 0, sizeof *o);
	o->scan_at = -1;
	snprintf(o->status, sizeof o->status, "paused");
}

void viz_draw(SDL_Renderer *r, const struct viz_fonts *f,
	      const struct viz_layout *l, const struct viz_scene *sc,
	      const struct viz_overlay *o)
{
	color(r, VIZ_BACKGROUND);
	SDL_RenderClear(r);
	draw_header(r, f, l, sc, o);
	draw_frames(r, f, l, sc, o);
	draw_ring(r, f, l, sc, o, sc->policy);
	draw_blocks(r, f, l, sc, o);
	draw_pages(r, f, l, sc, o);
	draw_tlb(r, f, l, sc, o);
	viz_walk_draw(r, f, l, &sc->walk);
	draw_footer(r, f, l, sc, o);
}
