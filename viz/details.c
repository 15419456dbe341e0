/*
 * viz/details.c: one line about one thing on the screen.
 */
#include "details.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

struct owners_text {
	char *buf;
	size_t cap, len;
	unsigned count;
};

static void add_owner(void *arg, pid_t pid, uint64_t vaddr)
{
	struct owners_text *t = arg;
	if (t->count++ < 4 && t->len + 1 < t->cap) {
		int n = snprintf(t->buf + t->len, t->cap - t->len, "%sprocess %d at 0x%" PRIx64,
				 t->count > 1 ? ", " : "", (int)pid, vaddr);
		if (n > 0)
			t->len += (size_t)n < t->cap - t->len ? (size_t)n : t->cap - t->len - 1;
	}
}

static void frame_details(const struct pager *p, uint32_t f, char *out, size_t n)
{
	struct frame_view v;
	pager_frame_view(p, f, &v);
	if (v.use == FRAME_FREE) {
		snprintf(out, n, "frame %" PRIu32 ": free", f);
		return;
	}
	if (v.use == FRAME_ZERO_PAGE) {
		snprintf(out, n, "frame 0: the zero page, all zeroes, pinned; every "
			 "fresh page maps it read-only");
		return;
	}
	char owners[200] = "";
	struct owners_text t = {owners, sizeof owners, 0, 0};
	pager_frame_owners(p, f, add_owner, &t);
	char backing[200];
	if (v.use == FRAME_FILE)
		snprintf(backing, sizeof backing, "block %" PRIu64 " of file \"%s\"",
			 v.block, v.file ? v.file : "?");
	else
		snprintf(backing, sizeof backing, "swap block %" PRIu64, v.block);
	snprintf(out, n, "frame %" PRIu32 ": %s; %s%s%s; %s%s%s%s", f, backing,
		 t.count ? "mapped by " : "no mapping left (a ghost file page)",
		 owners, t.count > 4 ? " and more" : "",
		 v.referenced ? "referenced" : "not referenced",
		 v.dirty ? ", dirty" : ", clean", v.pinned ? ", pinned" : "",
		 v.sharers > 1 && v.use == FRAME_SWAP ? ", shared copy-on-write" : "");
}

static void block_details(const struct viz_scene *sc, uint32_t b, char *out, size_t n)
{
	const struct viz_block *v = &sc->blocks[b];
	const char *state =
		v->use == BLOCK_FREE ? "free" :
		v->use == BLOCK_HOLDS_DATA ? "holds the only copy of its page (not in memory)" :
		v->frame ? "bound to a page now in memory" :
			   "bound to a fresh page (nothing written yet)";
	int k = snprintf(out, n, "swap block %" PRIu32 ": %s", b, state);
	if (k > 0 && (size_t)k < n && v->frame)
		k += snprintf(out + k, n - (size_t)k, ", frame %" PRIu32, v->frame);
	if (k > 0 && (size_t)k < n && v->sharers > 1)
		snprintf(out + k, n - (size_t)k, "; shared by %" PRIu32 " pages", v->sharers);
}

static void page_details(const struct viz_scene *sc, uint32_t i, char *out, size_t n)
{
	const struct viz_page *p = &sc->pages[i];
	uint64_t va = sc->arena_base + (uint64_t)i * sc->page_size;
	if (!p->valid) {
		snprintf(out, n, "page %" PRIu32 " (0x%" PRIx64 ") of process %d: not "
			 "valid (not mapped): an access kills the process", i, va, (int)sc->pid);
		return;
	}
	char where[64];
	if (p->frame)
		snprintf(where, sizeof where, "in memory, frame %" PRIu32, p->frame);
	else
		snprintf(where, sizeof where, "%s", p->zero ? "fresh: maps the zero page"
							     : "not in memory");
	snprintf(out, n, "page %" PRIu32 " (0x%" PRIx64 ") of process %d: valid, %s; "
		 "entry: frame %" PRIu32 ", reads %s, writes %s", i, va, (int)sc->pid,
		 where, p->ppage, p->read ? "allowed" : "fault",
		 p->write ? "allowed" : "fault");
}

static void tlb_details(const struct viz_scene *sc, uint32_t k, char *out, size_t n)
{
	const struct viz_tlb_row *e = &sc->tlb[k];
	uint64_t va = e->vpn * sc->page_size;
	snprintf(out, n, "TLB slot %" PRIu32 ": process %d, 0x%" PRIx64 " \u2192 frame %"
		 PRIu32 ", %s%s", e->slot, (int)e->pid, va, e->ppage,
		 e->write ? "reads and writes" : "reads only (a write walks the table)",
		 e->dirty ? ", dirty cached" : "");
}

void viz_details(const struct viz_session *s, const struct viz_scene *sc,
		 struct viz_hit hit, char *out, size_t n)
{
	const struct pager *p = run_pager(viz_session_run(s));
	out[0] = '\0';
	switch (hit.kind) {
	case VIZ_HIT_FRAME:
		if (hit.index < sc->frame_count)
			frame_details(p, hit.index, out, n);
		break;
	case VIZ_HIT_RING:
		if (hit.index < sc->ring_count) {
			char rest[400];
			frame_details(p, sc->ring[hit.index], rest, sizeof rest);
			snprintf(out, n, "%s #%" PRIu32 ": %s", sc->policy, hit.index, rest);
		}
		break;
	case VIZ_HIT_BLOCK:
		if (hit.index < sc->block_count)
			block_details(sc, hit.index, out, n);
		break;
	case VIZ_HIT_PAGE:
		if (hit.index < sc->shown_pages)
			page_details(sc, hit.index, out, n);
		break;
	case VIZ_HIT_TLB:
		if (hit.index < sc->tlb_count)
			tlb_details(sc, hit.index, out, n);
		break;
	case VIZ_HIT_NONE:
		break;
	}
}
