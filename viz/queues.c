/*
 * viz/queues.c: a policy's own queues in the ring panel (viz/queues.h):
 * read through pager_policy_describe and pager_key_view, placed row by
 * row, drawn with rectangles, triangles and the glyph atlas.
 */
#include "queues.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "page_geometry.h"
#include "scene.h"

/* ---- reading -------------------------------------------------------------- */

static int grow(struct viz_queues *q, uint32_t want)
{
	if (want <= q->cap && q->entries)
		return 0;
	uint32_t cap = want > 16 ? want : 16;
	struct qv_entry *e = realloc(q->entries, cap * sizeof *e);
	if (!e)
		return -1;
	q->entries = e;
	char(*g)[24] = realloc(q->ghost_pages, cap * sizeof *g);
	if (!g)
		return -1;
	q->ghost_pages = g;
	q->cap = cap;
	return 0;
}

/* A ghost's page as the frame tiles name pages: "p1:3", "file b2". */
static void ghost_page(char *out, size_t n, const struct pager *p,
		       const struct page_geometry *geo, uint64_t key)
{
	struct frame_view v;
	uint64_t vpn;
	pager_key_view(p, key, &v);
	if (v.use == FRAME_FILE)
		snprintf(out, n, "file b%" PRIu64, v.block);
	else if (v.use == FRAME_SWAP && v.first_pid >= 0 &&
		 page_geometry_vpn(geo, v.first_vaddr, &vpn))
		snprintf(out, n, "p%d:%" PRIu64, (int)v.first_pid, vpn);
	else
		snprintf(out, n, "?");
}

int viz_queues_read(struct viz_queues *q, const struct pager *p,
		    const struct page_geometry *geo)
{
	for (;;) {
		queue_view_reset(&q->view, q->entries, q->cap);
		pager_policy_describe(p, &q->view);
		if (queue_view_complete(&q->view) && q->entries)
			break;
		if (grow(q, q->view.entry_count) != 0)
			return -1;
	}
	const struct queue_view *v = &q->view;
	for (uint32_t i = 0; i < v->entry_count; i++) {
		q->ghost_pages[i][0] = '\0';
		if (v->entries[i].frame == 0)
			ghost_page(q->ghost_pages[i], sizeof q->ghost_pages[i], p, geo,
				   v->entries[i].key);
	}
	q->shown = v->queue_count > 1 || v->mark_count > 0 || v->param_count > 0;
	return 0;
}

void viz_queues_free(struct viz_queues *q)
{
	free(q->entries);
	free(q->ghost_pages);
	memset(q, 0, sizeof *q);
}

/* ---- placing -------------------------------------------------------------- */

static struct viz_rect rect(int x, int y, int w, int h)
{
	return (struct viz_rect){x, y, w > 0 ? w : 0, h > 0 ? h : 0};
}

void viz_queues_place(const struct viz_layout *l, const struct viz_scene *sc,
		      struct viz_queue_rows *out)
{
	const struct queue_view *v = &sc->queues.view;
	memset(out, 0, sizeof *out);
	struct viz_rect p = l->ring_panel;
	int title = l->font_body * 3 / 2, pad = l->margin;
	struct viz_rect c = rect(p.x + pad, p.y + title + pad / 2, p.w - 2 * pad,
				 p.h - title - pad);
	int note_h = l->font_small * 5 / 2;
	out->note = rect(c.x, c.y + c.h - note_h, c.w, note_h);
	out->count = v->queue_count;
	if (!v->queue_count)
		return;
	int rows_h = c.h - note_h - pad / 2;
	int row_h = rows_h / (int)v->queue_count;
	if (row_h > l->font_body * 5)
		row_h = l->font_body * 5;
	/* the label column: the longest name with its count */
	int label_w = 0;
	for (uint32_t q = 0; q < v->queue_count; q++) {
		const struct qv_queue *qu = &v->queues[q];
		int name_w = (int)((double)(strlen(qu->name) + 6) * l->font_body * VIZ_EM_ADVANCE);
		size_t ends = qu->first && qu->last ? strlen(qu->first) + strlen(qu->last) + 3 : 0;
		int ends_w = (int)((double)ends * l->font_small * VIZ_EM_ADVANCE);
		label_w = name_w > label_w ? name_w : label_w;
		label_w = ends_w > label_w ? ends_w : label_w;
	}
	if (label_w > c.w / 3)
		label_w = c.w / 3;
	/* hands: a triangle and its name above the cells when the rows are
	 * tall; a small triangle alone when they are not (the names of the
	 * queue's ends still say where a clock's hand is) */
	out->hand_names = row_h >= l->font_small * 4;
	out->hand_h = !v->hand_count ? 0
		      : out->hand_names ? l->font_small + 2 : l->font_small / 2 + 2;
	for (uint32_t q = 0; q < v->queue_count; q++) {
		struct viz_queue_row *r = &out->rows[q];
		const struct qv_queue *qu = &v->queues[q];
		r->row = rect(c.x, c.y + (int)q * row_h, c.w, row_h);
		r->label = rect(c.x, r->row.y, label_w, row_h);
		int top = out->hand_h; /* every row: cells of one height */
		int gap = row_h >= 12 ? 3 : 1;
		r->cells = rect(c.x + label_w + pad, r->row.y + top, c.w - label_w - pad,
				row_h - top - gap);
		int h = r->cells.h;
		uint32_t n = qu->count ? qu->count : 1;
		int pitch = r->cells.w / (int)n;
		int widest = h * 3 + 2;  /* room for "p12:345" in short rows */
		if (pitch > widest)
			pitch = widest;
		r->pitch = pitch;
		r->cell_w = pitch >= 3 ? pitch - (pitch >= 8 ? 2 : 1) : 0;
	}
}

struct viz_rect viz_queues_cell(const struct viz_queue_rows *rows,
				const struct viz_queues *queues, uint32_t i)
{
	uint32_t q = queue_view_queue_of(&queues->view, i);
	if (q == UINT32_MAX || q >= rows->count || !rows->rows[q].cell_w)
		return rect(0, 0, 0, 0);
	const struct viz_queue_row *r = &rows->rows[q];
	uint32_t k = i - queues->view.queues[q].start;
	return rect(r->cells.x + (int)k * r->pitch, r->cells.y, r->cell_w, r->cells.h);
}

int64_t viz_queues_at(const struct viz_queue_rows *rows, const struct viz_queues *queues,
		      int x, int y)
{
	for (uint32_t q = 0; q < rows->count; q++) {
		const struct viz_queue_row *r = &rows->rows[q];
		if (!r->cell_w || !viz_rect_has(r->cells, x, y))
			continue;
		uint32_t k = (uint32_t)((x - r->cells.x) / r->pitch);
		if (k >= queues->view.queues[q].count)
			return -1;
		uint32_t i = queues->view.queues[q].start + k;
		return viz_rect_has(viz_queues_cell(rows, queues, i), x, y) ? (int64_t)i : -1;
	}
	return -1;
}

struct viz_rgb viz_queues_mark_color(uint8_t mark)
{
	static const struct viz_rgb marks[QV_MAX_MARKS] = {
		{255, 140, 30}, {90, 190, 255}, {225, 110, 255}, {190, 190, 60},
	};
	return mark >= 1 && mark <= QV_MAX_MARKS ? marks[mark - 1] : VIZ_TEXT_DIM;
}

void viz_queues_title(const struct viz_scene *sc, char *buf, size_t n)
{
	const struct queue_view *v = &sc->queues.view;
	size_t at = (size_t)snprintf(buf, n, "%s", sc->policy);
	for (uint32_t q = 0; q < v->queue_count && at < n; q++)
		at += (size_t)snprintf(buf + at, n - at, " \u00b7 %s %" PRIu32,
				       v->queues[q].name, v->queues[q].count);
}

/* ---- drawing -------------------------------------------------------------- */

/* A triangle pointing down at (x, tip_y), `size` wide. */
static void hand_mark(SDL_Renderer *r, int x, int tip_y, int size)
{
	struct viz_rgb c = VIZ_HAND;
	SDL_Color col = {c.r, c.g, c.b, 255};
	SDL_Vertex v[3] = {
		{{(float)(x - size / 2), (float)(tip_y - size)}, col, {0, 0}},
		{{(float)(x + size / 2), (float)(tip_y - size)}, col, {0, 0}},
		{{(float)x, (float)tip_y}, col, {0, 0}},
	};
	SDL_RenderGeometry(r, NULL, v, 3, NULL, 0);
}

/* `text` centred in `c` in the largest of the fonts that fits; else nothing. */
static void centred(SDL_Renderer *r, const struct viz_fonts *f, struct viz_rect c,
		    struct viz_rgb col, const char *text)
{
	struct viz_font *order[3] = {f->big, f->body, f->small};
	for (int i = 0; i < 3; i++) {
		int w = viz_text_width(order[i], text), h = viz_font_height(order[i]);
		if (w <= c.w - 4 && h <= c.h) {
			viz_text_draw(r, order[i], c.x + (c.w - w) / 2, c.y + (c.h - h) / 2, col,
				      text, 0);
			return;
		}
	}
}

/* Text at (x, y) only when it fits `room`; returns its width or 0. */
static int text_if_fits(SDL_Renderer *r, struct viz_font *font, int x, int y, int room,
			struct viz_rgb c, const char *s)
{
	int w = viz_text_width(font, s);
	if (w > room)
		return 0;
	viz_text_draw(r, font, x, y, c, s, 0);
	return w;
}

/* During the scan animation a bit the scan already cleared shows cleared. */
static bool referenced_now(const struct viz_scene *sc, const struct viz_overlay *o,
			   uint32_t frame)
{
	if (frame >= sc->frame_count || !sc->frames[frame].referenced)
		return false;
	for (long i = 0; i < o->scan_at && (size_t)i < sc->scan_count; i++)
		if (sc->scan[i].kind == VIZ_SCAN_CLEAR_REF && sc->scan[i].frame == frame)
			return false;
	return true;
}

static void draw_entry(SDL_Renderer *r, const struct viz_fonts *f, const struct viz_scene *sc,
		       const struct viz_overlay *o, struct viz_rect c, uint32_t i,
		       uint32_t scan_frame, struct viz_rgb scan_color)
{
	const struct viz_queues *q = &sc->queues;
	const struct qv_entry *e = &q->view.entries[i];
	int edge = c.w >= 24 ? 3 : c.w >= 8 ? 2 : 1;
	int band = e->mark ? (c.h / 4 > 2 ? c.h / 4 : 2) : 0;
	struct viz_rect body = rect(c.x, c.y, c.w, c.h - band);
	if (e->frame == 0) {
		/* a ghost: an outline and its page, dim */
		viz_outline(r, body, edge > 1 ? edge - 1 : 1, VIZ_GHOST_FRAME);
		centred(r, f, rect(c.x + edge, c.y + edge, c.w - 2 * edge, body.h - 2 * edge),
			VIZ_TEXT_DIM, q->ghost_pages[i]);
	} else if (e->frame < sc->frame_count) {
		const struct viz_frame *fr = &sc->frames[e->frame];
		struct viz_rgb col = viz_frame_color(fr);
		viz_fill(r, body, col);
		if (referenced_now(sc, o, e->frame))
			viz_outline(r, body, edge, VIZ_BADGE_REF);
		if (fr->dirty && c.w >= 6) {
			/* a dot in the corner, as the ring's: small beside the page */
			int d = c.w / 5 > 2 ? c.w / 5 : 2;
			if (d > viz_font_height(f->small) / 2)
				d = viz_font_height(f->small) / 2;
			viz_fill(r, rect(c.x + c.w - d - edge, c.y + edge, d, d), VIZ_BADGE_DIRTY);
		}
		centred(r, f, rect(c.x + edge, c.y + edge, c.w - 2 * edge, body.h - 2 * edge),
			viz_ink_on(col), fr->page);
	}
	if (band)
		viz_fill(r, rect(c.x, c.y + c.h - band, c.w, band), viz_queues_mark_color(e->mark));
	bool hovered = e->frame &&
		       ((o->hover.kind == VIZ_HIT_FRAME && o->hover.index == e->frame) ||
			(o->selected.kind == VIZ_HIT_FRAME && o->selected.index == e->frame));
	if (scan_frame && e->frame == scan_frame)
		viz_outline(r, rect(c.x - 2, c.y - 2, c.w + 4, c.h + 4), edge, scan_color);
	else if (hovered)
		viz_outline(r, c, edge, VIZ_HOVER);
}

static void draw_label(SDL_Renderer *r, const struct viz_fonts *f,
		       const struct viz_queue_row *row, const struct qv_queue *qu)
{
	char s[48];
	snprintf(s, sizeof s, "%s \u00b7 %" PRIu32, qu->name, qu->count);
	struct viz_rect l = row->label;
	struct viz_font *font = viz_text_width(f->body, s) <= l.w ? f->body : f->small;
	int h = viz_font_height(font);
	if (!text_if_fits(r, font, l.x, l.y, l.w, (qu->flags & QV_GHOST) ? VIZ_TEXT_DIM
									  : VIZ_TEXT_STRONG, s))
		text_if_fits(r, font, l.x, l.y, l.w, VIZ_TEXT_STRONG, qu->name);
	if (qu->first && qu->last && l.h >= h + viz_font_height(f->small)) {
		snprintf(s, sizeof s, "%s \u2192 %s", qu->first, qu->last);
		text_if_fits(r, f->small, l.x, l.y + h, l.w, VIZ_TEXT_DIM, s);
	}
}

static void draw_hands(SDL_Renderer *r, const struct viz_fonts *f,
		       const struct viz_queue_rows *rows, const struct viz_queues *q)
{
	const struct queue_view *v = &q->view;
	for (uint32_t k = 0; k < v->hand_count; k++) {
		const struct qv_hand *hd = &v->hands[k];
		const struct viz_queue_row *row = &rows->rows[hd->queue];
		if (!row->cell_w)
			continue;
		int x = row->cells.x + (int)hd->index * row->pitch + row->cell_w / 2;
		int size = rows->hand_h - 2 > 4 ? rows->hand_h - 2 : 4;
		hand_mark(r, x, row->cells.y - 1, size);
		/* the names of the hands there ("hot/test"), once, by the first */
		bool first = true;
		char names[64] = "";
		for (uint32_t j = 0; j < v->hand_count; j++) {
			if (v->hands[j].queue != hd->queue || v->hands[j].index != hd->index)
				continue;
			first &= j >= k;
			size_t at = strlen(names);
			snprintf(names + at, sizeof names - at, "%s%s", at ? "/" : "",
				 v->hands[j].name);
		}
		int room = row->row.x + row->row.w - (x + size / 2 + 3);
		if (first && rows->hand_names)
			text_if_fits(r, f->small, x + size / 2 + 3, row->row.y, room,
				     VIZ_TEXT_STRONG, names);
	}
}

/* Parameters, the marks' colours and what a ghost looks like, on up to
 * two lines; a piece that does not fit waits for the next line or is left
 * out. */
static void draw_note(SDL_Renderer *r, const struct viz_fonts *f,
		      const struct viz_queue_rows *rows, const struct viz_queues *q)
{
	const struct queue_view *v = &q->view;
	struct viz_rect n = rows->note;
	int h = viz_font_height(f->small), x = n.x, line = 0;
	char s[96];
	int pieces = (int)(v->param_count + v->mark_count) + 1;
	for (int k = 0; k < pieces && line < 2; k++) {
		uint8_t mark = 0;
		if (k < (int)v->param_count) {
			const struct qv_param *pm = &v->params[k];
			/* whole numbers as such, ARC's and CAR's p to two places */
			int places = pm->value == (double)(int64_t)pm->value ? 0 : 2;
			snprintf(s, sizeof s, "%s = %.*f%s%s", pm->name, places, pm->value,
				 pm->about ? ": " : "", pm->about ? pm->about : "");
		} else if (k < pieces - 1) {
			mark = (uint8_t)(k - (int)v->param_count + 1);
			snprintf(s, sizeof s, "%s", v->marks[mark - 1]);
		} else {
			bool ghosts = false;
			for (uint32_t i = 0; i < v->entry_count; i++)
				ghosts |= v->entries[i].frame == 0;
			if (!ghosts)
				break;
			snprintf(s, sizeof s, "outlined: a ghost, not in memory");
		}
		int sw = mark ? h * 2 / 3 + 4 : 0;
		int w = viz_text_width(f->small, s) + sw;
		if (x > n.x && x + w > n.x + n.w) {
			line++;
			x = n.x;
			if (line == 2)
				break;
		}
		int y = n.y + line * h;
		if (mark)
			viz_fill(r, rect(x, y + h / 6, h * 2 / 3, h * 2 / 3), viz_queues_mark_color(mark));
		if (text_if_fits(r, f->small, x + sw, y, n.x + n.w - x - sw, VIZ_TEXT, s))
			x += w + h;
	}
}

void viz_queues_draw(SDL_Renderer *r, const struct viz_fonts *f, const struct viz_layout *l,
		     const struct viz_scene *sc, const struct viz_overlay *o,
		     uint32_t scan_frame, struct viz_rgb scan_color)
{
	const struct viz_queues *q = &sc->queues;
	struct viz_queue_rows rows;
	viz_queues_place(l, sc, &rows);
	for (uint32_t k = 0; k < rows.count; k++) {
		const struct viz_queue_row *row = &rows.rows[k];
		const struct qv_queue *qu = &q->view.queues[k];
		draw_label(r, f, row, qu);
		if (!row->cell_w) {
			/* too many for cells: the count says it */
			char s[64];
			snprintf(s, sizeof s, "%" PRIu32 " %s", qu->count,
				 (qu->flags & QV_GHOST) ? "ghosts" : "entries");
			text_if_fits(r, f->small, row->cells.x, row->cells.y, row->cells.w,
				     VIZ_TEXT_DIM, s);
			continue;
		}
		for (uint32_t i = qu->start; i < qu->start + qu->count; i++)
			draw_entry(r, f, sc, o, viz_queues_cell(&rows, q, i), i, scan_frame,
				   scan_color);
	}
	draw_hands(r, f, &rows, q);
	draw_note(r, f, &rows, q);
}

/* ---- what an event did to the queues ----------------------------------- */

static bool own_queues(const struct queue_view *v)
{
	return v->queue_count > 1 || v->mark_count > 0 || v->param_count > 0;
}

/* The whole view into a growing array; false when out of memory. */
static bool describe_all(const struct pager *p, struct queue_view *v,
			 struct qv_entry **entries, uint32_t *cap)
{
	for (;;) {
		queue_view_reset(v, *entries, *cap);
		pager_policy_describe(p, v);
		if (queue_view_complete(v) && *entries)
			return true;
		uint32_t want = v->entry_count > 16 ? v->entry_count : 16;
		struct qv_entry *e = realloc(*entries, want * sizeof *e);
		if (!e)
			return false;
		*entries = e;
		*cap = want;
	}
}

void viz_queue_moves_before(struct viz_queue_moves *m, const struct pager *p)
{
	m->valid = describe_all(p, &m->before, &m->entries, &m->cap) &&
		   own_queues(&m->before);
}

void viz_queue_moves_free(struct viz_queue_moves *m)
{
	free(m->entries);
	memset(m, 0, sizeof *m);
}

/* One page in one queue: the page by its key, or by its frame when the
 * policy gives no key. */
struct member {
	uint64_t id;
	uint64_t key;
	uint32_t frame;
	const char *queue;
	const char *mark;             /* NULL: none */
};

static int member_order(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return strcmp(x->queue, y->queue);
}

static bool frame_left(uint32_t frame, const struct pager_note *notes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((notes[i].kind == NOTE_EVICT || notes[i].kind == NOTE_FREE) &&
		    notes[i].frame == frame)
			return true;
	return false;
}

/* The members of a view, sorted; NULL when out of memory. Keyless
 * entries of frames that left in this event are left out (`before`). */
static struct member *members_of(const struct queue_view *v, const struct pager_note *notes,
				 size_t note_count, bool before, uint32_t *count)
{
	struct member *out = malloc((v->entry_count ? v->entry_count : 1) * sizeof *out);
	if (!out)
		return NULL;
	uint32_t n = 0;
	for (uint32_t q = 0; q < v->queue_count; q++)
		for (uint32_t i = v->queues[q].start; i < v->queues[q].start + v->queues[q].count;
		     i++) {
			const struct qv_entry *e = &v->entries[i];
			bool keyed = e->key != POLICY_KEY_NONE;
			if (!keyed && (e->frame == 0 ||
				       (before && frame_left(e->frame, notes, note_count))))
				continue;
			out[n++] = (struct member){
				.id = keyed ? e->key : (UINT64_C(1) << 63) | e->frame,
				.key = e->key, .frame = e->frame, .queue = v->queues[q].name,
				.mark = e->mark ? v->marks[e->mark - 1] : NULL};
		}
	qsort(out, n, sizeof *out, member_order);
	*count = n;
	return out;
}

static void member_label(char *out, size_t n, const struct member *mb, const struct pager *p,
			 const struct page_geometry *geo)
{
	if (mb->key != POLICY_KEY_NONE) {
		ghost_page(out, n, p, geo, mb->key);
		return;
	}
	struct frame_view v;
	uint64_t vpn;
	pager_frame_view(p, mb->frame, &v);
	if (v.use == FRAME_FILE)
		snprintf(out, n, "file b%" PRIu64, v.block);
	else if (v.first_pid >= 0 && page_geometry_vpn(geo, v.first_vaddr, &vpn))
		snprintf(out, n, "p%d:%" PRIu64, (int)v.first_pid, vpn);
	else
		snprintf(out, n, "frame %" PRIu32, mb->frame);
}

/* The queues of a group not in the other group, joined by "+". */
static void queues_only(char *out, size_t n, const struct member *a, uint32_t na,
			const struct member *b, uint32_t nb)
{
	size_t at = 0;
	out[0] = '\0';
	for (uint32_t i = 0; i < na; i++) {
		bool there = false;
		for (uint32_t j = 0; j < nb; j++)
			there |= strcmp(a[i].queue, b[j].queue) == 0;
		if (!there && at < n)
			at += (size_t)snprintf(out + at, n - at, "%s%s", at ? "+" : "", a[i].queue);
	}
}

static bool same_mark(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* What happened to one page, or "" when nothing did: its queues, else
 * its residency and its mark ("comes back into clock, now hot"). */
static void change_of(char *out, size_t n, const struct member *b, uint32_t nb,
		      const struct member *a, uint32_t na)
{
	char from[64], to[64];
	queues_only(from, sizeof from, b, nb, a, na);
	queues_only(to, sizeof to, a, na, b, nb);
	out[0] = '\0';
	if (from[0] && to[0]) {
		snprintf(out, n, "%s \u2192 %s", from, to);
		return;
	}
	if (to[0] || from[0]) {
		snprintf(out, n, "%s %s", to[0] ? "enters" : "leaves", to[0] ? to : from);
		return;
	}
	if (!nb || !na)
		return;
	size_t at = 0;
	if ((b[0].frame == 0) != (a[0].frame == 0))
		at = (size_t)snprintf(out, n, a[0].frame ? "comes back into %s"
							: "stays in %s as a ghost", a[0].queue);
	if (same_mark(b[0].mark, a[0].mark) || at >= n)
		return;
	const char *sep = at ? ", " : "";
	if (!a[0].mark)
		snprintf(out + at, n - at, "%sno longer %s", sep, b[0].mark);
	else if (!b[0].mark)
		snprintf(out + at, n - at, "%snow %s", sep, a[0].mark);
	else
		snprintf(out + at, n - at, "%s%s \u2192 %s", sep, b[0].mark, a[0].mark);
}

void viz_queue_moves_tell(const struct viz_queue_moves *m, const struct pager *p,
			  const struct page_geometry *geo, const struct pager_note *notes,
			  size_t note_count, char *text, size_t text_len)
{
	text[0] = '\0';
	if (!m->valid || !text_len)
		return;
	struct queue_view after;
	struct qv_entry *entries = NULL;
	uint32_t cap = 0, nb = 0, na = 0;
	struct member *bm = NULL, *am = NULL;
	if (!describe_all(p, &after, &entries, &cap) ||
	    !(bm = members_of(&m->before, notes, note_count, true, &nb)) ||
	    !(am = members_of(&after, notes, note_count, false, &na)))
		goto done;
	size_t at = 0, told = 0, untold = 0;
	for (uint32_t i = 0, j = 0; i < nb || j < na;) {
		uint64_t id = i < nb && (j >= na || bm[i].id <= am[j].id) ? bm[i].id : am[j].id;
		uint32_t i0 = i, j0 = j;
		while (i < nb && bm[i].id == id)
			i++;
		while (j < na && am[j].id == id)
			j++;
		char what[160], page[32];
		change_of(what, sizeof what, bm + i0, i - i0, am + j0, j - j0);
		if (!what[0])
			continue;
		if (told == 5) {
			untold++;
			continue;
		}
		member_label(page, sizeof page, j > j0 ? &am[j0] : &bm[i0], p, geo);
		at += (size_t)snprintf(text + at, text_len - at, "%s%s %s",
				       told ? " \u00b7 " : "queues: ", page, what);
		told++;
		if (at >= text_len)
			at = text_len - 1;
	}
	if (untold)
		snprintf(text + at, text_len - at, " and %zu more", untold);
done:
	free(bm);
	free(am);
	free(entries);
}
