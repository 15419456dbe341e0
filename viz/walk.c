/*
 * viz/walk.c: the page-walk panel and its sentence; contract in walk.h.
 */
#include "walk.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "layout.h"
#include "sim_machine.h"

const char *viz_tlb_level_name(uint32_t level, uint32_t levels)
{
	static const char *const names[] = { "L1", "L2", "L3", "L4" };
	if (levels == 2 && level == 2)
		return "STLB";
	return level >= 1 && level <= 4 ? names[level - 1] : "L?";
}

/* "L1", "L1 and STLB", "L1, L2 and L3": levels first .. last. */
static void level_names(char *out, size_t n, uint32_t first, uint32_t last,
			uint32_t levels)
{
	size_t used = 0;
	out[0] = '\0';
	for (uint32_t k = first; k <= last && used < n; k++) {
		const char *sep = k == first ? "" : k == last ? " and " : ", ";
		used += (size_t)snprintf(out + used, n - used, "%s%s", sep,
					 viz_tlb_level_name(k, levels));
	}
}

/* The level that translated the event's lookups (the deepest that hit),
 * 0 when a lookup missed every level. */
static uint32_t hit_level(const struct viz_step *st, uint32_t levels)
{
	if (st->tlb_misses)
		return 0;
	uint32_t hit = 0;
	for (uint32_t k = 0; k < levels; k++)
		if (st->tlb_level_hits[k])
			hit = k + 1;
	return hit;
}

static bool has_pwc(const struct mmu *mmu)
{
	for (uint32_t L = 2; L <= mmu->levels; L++)
		if (mmu->pwc[L].entries)
			return true;
	return false;
}

void viz_walk_sentence(const struct viz_session *s, char *out, size_t n)
{
	if (!n)
		return;
	out[0] = '\0';
	const struct viz_step *st = viz_session_step(s);
	const struct machine *m = run_machine(viz_session_run(s));
	uint32_t tl = m->tlb_levels;
	if (!st->valid || (!m->mmu.levels && tl < 2) ||
	    st->tlb_hits + st->tlb_misses == 0)
		return;
	char names[64];
	uint32_t hit = hit_level(st, tl);
	if (hit) {
		if (tl == 1) {
			snprintf(out, n, "TLB hit");
		} else if (hit == 1) {
			snprintf(out, n, "TLB hit in L1");
		} else {
			level_names(names, sizeof names, 1, hit - 1, tl);
			snprintf(out, n, "TLB miss in %s, hit in %s", names,
				 viz_tlb_level_name(hit, tl));
		}
		return;
	}
	level_names(names, sizeof names, 1, tl, tl);
	int used = snprintf(out, n, tl == 1 ? "TLB miss" : "TLB miss in %s", names);
	if (used < 0 || (size_t)used >= n)
		return;
	if (!m->mmu.levels) {
		snprintf(out + used, n - (size_t)used, "; page-table walk");
		return;
	}
	const struct mmu *mmu = &m->mmu;
	uint64_t walks = st->tlb_misses, reads = st->pt_reads;
	char pwc[48] = "";
	if (mmu->last_pwc_level)
		snprintf(pwc, sizeof pwc, "PWC hit at level %" PRIu32,
			 mmu->last_pwc_level);
	else if (has_pwc(mmu))
		snprintf(pwc, sizeof pwc, "no PWC hit");
	if (walks == 1)
		snprintf(out + used, n - (size_t)used,
			 "%s%s; %" PRIu64 " page-table read%s", *pwc ? "; " : "",
			 pwc, reads, reads == 1 ? "" : "s");
	else
		snprintf(out + used, n - (size_t)used,
			 "; %" PRIu64 " walks, %" PRIu64 " page-table reads%s%s%s",
			 walks, reads, *pwc ? " (the last: " : "", pwc,
			 *pwc ? ")" : "");
}

/* The leaf's accessed bit: the pager's entry of pid for vaddr. */
static int8_t leaf_accessed(const struct run *r, int32_t pid, uint64_t vaddr)
{
	uint32_t valid = 0, vpn = 0;
	const struct pte *table = pager_page_table(run_pager(r), pid, &valid);
	if (!table || !machine_vpn(run_machine(r), vaddr, valid, &vpn))
		return -1;
	return (int8_t)table[vpn].accessed;
}

void viz_walk_build(struct viz_walk *w, const struct viz_session *s)
{
	const struct run *r = viz_session_run(s);
	const struct machine *m = run_machine(r);
	const struct viz_step *st = viz_session_step(s);
	const struct mmu *mmu = &m->mmu;
	memset(w, 0, sizeof *w);
	w->levels = mmu->levels;
	w->tlb_levels = m->tlb_levels;
	w->shown = w->levels > 0 || w->tlb_levels > 1;
	snprintf(w->format, sizeof w->format, "%s",
		 viz_session_config(s)->mmu.format);
	if (!w->shown || !st->valid)
		return;
	viz_walk_sentence(s, w->sentence, sizeof w->sentence);
	w->looked_up = st->tlb_hits + st->tlb_misses > 0;
	w->tlb_hit = hit_level(st, w->tlb_levels);
	w->walks = st->tlb_misses;
	w->reads = st->pt_reads;
	if (!w->walks || !w->levels || w->levels > 6)
		return;
	/* the event's last walk, as mmu.h recorded it */
	w->vaddr = mmu->last_vaddr;
	w->pid = mmu->last_pid;
	w->offset = mmu->last_vaddr & m->geo.mask;
	w->pwc_level = mmu->last_pwc_level;
	for (uint32_t i = 0; i < w->levels; i++) {
		uint32_t L = w->levels - i;
		struct viz_walk_level *v = &w->level[i];
		v->index = mmu_index(mmu, L, w->vaddr);
		v->accessed = -1;
		if (mmu->last_reads == 0) {  /* past the format's width */
			v->state = VIZ_WALK_MISSING;
			continue;
		}
		if (L > mmu->last_first) {   /* held by the cache that hit */
			v->state = VIZ_WALK_SKIPPED;
			v->accessed = (int8_t)mmu_accessed(mmu, w->pid, w->vaddr, L);
			continue;
		}
		uint32_t k = mmu->last_first - L;   /* its place among the reads */
		if (k >= mmu->last_reads) {
			v->state = VIZ_WALK_MISSING;
			continue;
		}
		v->state = VIZ_WALK_READ;
		v->table = mmu->last_table[k];
		v->entry = mmu->last_addr[k];
		v->accessed = L == 1 ? leaf_accessed(r, w->pid, w->vaddr)
				     : (int8_t)mmu_accessed(mmu, w->pid, w->vaddr, L);
	}
}

/* ---- layout ---------------------------------------------------------------- */

static int row_height(const struct viz_layout *l)
{
	return l->font_small * 4 / 3 + 1;
}

static int title_height(const struct viz_layout *l)
{
	return l->font_body * 3 / 2;
}

int viz_walk_height(const struct viz_layout *l)
{
	/* the sentence, the TLB levels, two lines of level boxes */
	return title_height(l) + l->margin * 2 + row_height(l) * 4 + l->margin / 2;
}

/* Below the title, as layout.c's panels. */
static struct viz_rect content(const struct viz_layout *l)
{
	struct viz_rect p = l->walk_panel;
	int title = title_height(l), pad = l->margin;
	return (struct viz_rect){p.x + pad, p.y + title + pad / 2,
				 p.w - 2 * pad > 0 ? p.w - 2 * pad : 0,
				 p.h - title - pad > 0 ? p.h - title - pad : 0};
}

struct viz_rect viz_walk_tlb_cell(const struct viz_layout *l,
				  const struct viz_walk *w, uint32_t level)
{
	struct viz_rect c = content(l);
	if (!w->shown || level < 1 || level > w->tlb_levels || c.w <= 0)
		return (struct viz_rect){0, 0, 0, 0};
	int rh = row_height(l);
	int label = l->font_small * 2;      /* "TLB" */
	int cw = (c.w - label) / (int)w->tlb_levels;
	if (cw > l->font_small * 6)
		cw = l->font_small * 6;
	return (struct viz_rect){c.x + label + (int)(level - 1) * cw,
				 c.y + rh, cw - 2, rh - 2};
}

struct viz_rect viz_walk_level_box(const struct viz_layout *l,
				   const struct viz_walk *w, uint32_t level)
{
	struct viz_rect c = content(l);
	if (!w->shown || !w->levels || level > w->levels || c.w <= 0)
		return (struct viz_rect){0, 0, 0, 0};
	int rh = row_height(l);
	int cols = (int)w->levels + 1;      /* the levels, then the offset */
	int pitch = c.w / cols;
	int col = level ? (int)(w->levels - level) : cols - 1;
	int y = c.y + 2 * rh + l->margin / 2;
	int h = c.y + c.h - y;
	if (h > 2 * rh)
		h = 2 * rh;
	return (struct viz_rect){c.x + col * pitch, y, pitch - 3, h};
}

/* ---- drawing --------------------------------------------------------------- */

/* The first of `texts` (NULL-terminated) that fits `width`, drawn at
 * (x, y); nothing when none fits (never cut). */
static void first_fitting(SDL_Renderer *r, struct viz_font *font, int x, int y,
			  int width, struct viz_rgb c, const char *const *texts)
{
	for (; *texts; texts++)
		if (viz_text_width(font, *texts) <= width) {
			viz_text_draw(r, font, x, y, c, *texts, 0);
			return;
		}
}

static const struct viz_rgb *level_fill(uint8_t state)
{
	return state == VIZ_WALK_READ ? &VIZ_ABSENT_PAGE :
	       state == VIZ_WALK_SKIPPED ? &VIZ_INVALID_PAGE : &VIZ_FREE_FRAME;
}

static void draw_tlb_cells(SDL_Renderer *r, const struct viz_fonts *f,
			   const struct viz_layout *l, const struct viz_walk *w)
{
	struct viz_rect first = viz_walk_tlb_cell(l, w, 1);
	if (first.w <= 0)
		return;
	first_fitting(r, f->small, first.x - l->font_small * 2, first.y, l->font_small * 2,
		      VIZ_TEXT, (const char *const[]){ "TLB", NULL });
	for (uint32_t k = 1; k <= w->tlb_levels; k++) {
		struct viz_rect cell = viz_walk_tlb_cell(l, w, k);
		/* levels above the hit missed; below it, not looked up */
		bool looked = w->looked_up && (w->tlb_hit == 0 || k <= w->tlb_hit);
		bool hit = looked && k == w->tlb_hit;
		struct viz_rgb c = !looked ? VIZ_INVALID_PAGE :
				   hit ? VIZ_BADGE_REF : VIZ_BADGE_DIRTY;
		viz_fill(r, cell, c);
		const char *name = viz_tlb_level_name(k, w->tlb_levels);
		char longer[32];
		snprintf(longer, sizeof longer, "%s %s", name,
			 !looked ? "" : hit ? "hit" : "miss");
		first_fitting(r, f->small, cell.x + 3, cell.y, cell.w - 6,
			      viz_ink_on(c), (const char *const[]){ longer, name, NULL });
	}
}

static void draw_level(SDL_Renderer *r, const struct viz_fonts *f,
		       const struct viz_layout *l, const struct viz_walk *w,
		       uint32_t L)
{
	struct viz_rect box = viz_walk_level_box(l, w, L);
	if (box.w <= 0 || box.h <= 0)
		return;
	const struct viz_walk_level *v = &w->level[w->levels - L];
	struct viz_rgb c = *level_fill(v->state);
	viz_fill(r, box, c);
	if (w->pwc_level == L)
		viz_outline(r, box, 2, VIZ_SCAN_CLEAR);
	struct viz_rgb ink = viz_ink_on(c);
	int rh = row_height(l), x = box.x + 3, width = box.w - 6;
	char a[48], b[48], t[48], e[48];
	snprintf(a, sizeof a, "L%" PRIu32 " [%" PRIu32 "]", L, v->index);
	snprintf(b, sizeof b, "%" PRIu32, v->index);
	/* the accessed bit at the right of the first line, green: "A" */
	int mark = v->accessed == 1 ? viz_text_width(f->small, "A") + 4 : 0;
	if (mark && mark < width)
		viz_text_draw(r, f->small, box.x + box.w - mark, box.y,
			      VIZ_BADGE_REF, "A", 0);
	first_fitting(r, f->small, x, box.y, width - mark, ink,
		      (const char *const[]){ a, b, NULL });
	if (box.h < 2 * rh)
		return;
	if (v->state == VIZ_WALK_READ) {
		snprintf(t, sizeof t, "table %" PRIu32 " @0x%" PRIx64, v->table, v->entry);
		snprintf(e, sizeof e, "@0x%" PRIx64, v->entry);
		first_fitting(r, f->small, x, box.y + rh, width, ink,
			      (const char *const[]){ t, e, NULL });
	} else {
		first_fitting(r, f->small, x, box.y + rh, width, VIZ_TEXT_DIM,
			      (const char *const[]){
				      v->state == VIZ_WALK_SKIPPED ? "PWC" : "no table",
				      NULL });
	}
}

void viz_walk_draw(SDL_Renderer *r, const struct viz_fonts *f,
		   const struct viz_layout *l, const struct viz_walk *w)
{
	struct viz_rect p = l->walk_panel;
	if (!w->shown || p.w <= 0 || p.h <= 0)
		return;
	viz_fill(r, p, VIZ_PANEL);
	viz_outline(r, p, 1, VIZ_PANEL_EDGE);
	char title[128], mid[96];
	if (w->walks && w->levels)
		snprintf(title, sizeof title, "Page walk \u00b7 %s \u00b7 p%d 0x%" PRIx64,
			 w->format, (int)w->pid, w->vaddr);
	else
		snprintf(title, sizeof title, "Page walk \u00b7 %s",
			 w->levels ? w->format : "flat, TLB levels");
	snprintf(mid, sizeof mid, "Page walk \u00b7 %s", w->format);
	first_fitting(r, f->body, p.x + l->margin, p.y + l->margin / 2,
		      p.w - 2 * l->margin, VIZ_TEXT,
		      (const char *const[]){ title, mid, "Walk", NULL });
	struct viz_rect c = content(l);
	/* the sentence, else its walk half (the TLB cells show the rest) */
	const char *said = w->sentence[0] ? w->sentence :
			   w->looked_up ? "" : "no TLB lookup in this event";
	const char *walk_half = strstr(said, "; ");
	first_fitting(r, f->small, c.x, c.y, c.w, VIZ_TEXT_STRONG,
		      (const char *const[]){ said, walk_half ? walk_half + 2 : "",
					     NULL });
	draw_tlb_cells(r, f, l, w);
	if (!w->walks || !w->levels)
		return;
	for (uint32_t L = w->levels; L >= 1; L--)
		draw_level(r, f, l, w, L);
	struct viz_rect box = viz_walk_level_box(l, w, 0);
	viz_fill(r, box, VIZ_PANEL_EDGE);
	char off[32];
	snprintf(off, sizeof off, "0x%" PRIx64, w->offset);
	first_fitting(r, f->small, box.x + 3, box.y, box.w - 6, VIZ_TEXT,
		      (const char *const[]){ "offset", "off", NULL });
	if (box.h >= 2 * row_height(l))
		first_fitting(r, f->small, box.x + 3, box.y + row_height(l),
			      box.w - 6, VIZ_TEXT, (const char *const[]){ off, NULL });
}
