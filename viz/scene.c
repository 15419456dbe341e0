/*
 * viz/scene.c: read the run's state into a scene, through the pager's and
 * the machine's read-only views only.
 */
#include "scene.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "narrate.h"

static bool fit(void **buf, uint32_t *cap, uint32_t want, size_t size)
{
	if (want <= *cap && *buf)
		return true;
	void *p = realloc(*buf, (want ? want : 1) * size);
	if (!p)
		return false;
	*buf = p;
	*cap = want;
	return true;
}

struct owner_walk {
	struct viz_frame *frame;
	uint32_t index;
	int32_t pid;                  /* the process whose pages we list */
	struct viz_page *pages;
	uint64_t arena_base;
	uint32_t page_shift, shown_pages;
};

static void visit_owner(void *arg, pid_t pid, uint64_t vaddr)
{
	struct owner_walk *w = arg;
	struct viz_frame *f = w->frame;
	bool seen = false;
	for (uint8_t i = 0; i < f->owner_count; i++)
		seen |= f->owners[i] == pid;
	if (!seen && f->owner_count < VIZ_MAX_STRIPES)
		f->owners[f->owner_count++] = pid;
	if (pid == w->pid && vaddr >= w->arena_base) {
		uint64_t vpn = (vaddr - w->arena_base) >> w->page_shift;
		if (vpn < w->shown_pages)
			w->pages[vpn].frame = w->index;
	}
}

/* What a frame holds, for its tile: "p1:3" (process 1's arena page 3),
 * "+N" more when shared, "file b2", "zero", "free". */
static void page_label(char *out, size_t n, const struct frame_view *v,
		       const struct machine *m)
{
	switch (v->use) {
	case FRAME_FREE:
		snprintf(out, n, "free");
		return;
	case FRAME_ZERO_PAGE:
		snprintf(out, n, "zero");
		return;
	case FRAME_FILE:
		snprintf(out, n, "file b%" PRIu64, v->block);
		return;
	case FRAME_SWAP:
		break;
	}
	uint64_t vpn;
	if (v->first_pid < 0 || !page_geometry_vpn(&m->geo, v->first_vaddr, &vpn)) {
		snprintf(out, n, "ghost");
		return;
	}
	if (v->sharers > 1)
		snprintf(out, n, "p%d:%" PRIu64 " +%" PRIu32, (int)v->first_pid, vpn,
			 v->sharers - 1);
	else
		snprintf(out, n, "p%d:%" PRIu64, (int)v->first_pid, vpn);
}

static void read_frames(struct viz_scene *sc, const struct pager *p,
			const struct machine *m)
{
	struct owner_walk w = {.pid = sc->pid, .pages = sc->pages,
			       .arena_base = m->geo.arena_base,
			       .page_shift = m->geo.shift,
			       .shown_pages = sc->shown_pages};
	for (uint32_t f = 0; f < sc->frame_count; f++) {
		struct frame_view v;
		pager_frame_view(p, f, &v);
		struct viz_frame *out = &sc->frames[f];
		static const uint8_t kinds[] = {
			[FRAME_FREE] = VIZ_FRAME_FREE, [FRAME_ZERO_PAGE] = VIZ_FRAME_ZERO,
			[FRAME_SWAP] = VIZ_FRAME_SWAP, [FRAME_FILE] = VIZ_FRAME_FILE,
		};
		*out = (struct viz_frame){
			.kind = kinds[v.use],
			.referenced = v.referenced,
			.dirty = v.dirty,
			.pinned = v.pinned,
			.sharers = v.sharers,
			.ring_index = UINT32_MAX,
			.next_use = UINT64_MAX,
		};
		page_label(out->page, sizeof out->page, &v, m);
		if (v.use == FRAME_SWAP || v.use == FRAME_FILE) {
			w.frame = out;
			w.index = f;
			pager_frame_owners(p, f, visit_owner, &w);
		}
	}
}

struct next_use_walk {
	const struct run *run;
	uint64_t soonest;
};

static void visit_next_use(void *arg, pid_t pid, uint64_t vaddr)
{
	struct next_use_walk *w = arg;
	uint64_t t = run_next_use(w->run, pid, vaddr);
	if (t < w->soonest)
		w->soonest = t;
}

/* OPT's view: each frame's next use (the soonest among the pages mapping
 * it, as the policy's probe asks), the order sorted farthest first, ties
 * to the lower frame: the first is the next victim. */
static void read_next_uses(struct viz_scene *sc, const struct pager *p,
			   const struct run *r)
{
	for (uint32_t i = 0; i < sc->ring_count; i++) {
		uint32_t f = sc->ring[i];
		if (f >= sc->frame_count)
			continue;
		struct next_use_walk w = {.run = r, .soonest = UINT64_MAX};
		pager_frame_owners(p, f, visit_next_use, &w);
		sc->frames[f].next_use = w.soonest;
	}
	for (uint32_t i = 1; i < sc->ring_count; i++) {   /* insertion sort */
		uint32_t f = sc->ring[i], j = i;
		for (; j > 0; j--) {
			uint32_t g = sc->ring[j - 1];
			uint64_t a = sc->frames[f].next_use, b = sc->frames[g].next_use;
			if (a < b || (a == b && f > g))
				break;
			sc->ring[j] = g;
		}
		sc->ring[j] = f;
	}
}

static void read_ring(struct viz_scene *sc, const struct pager *p, const struct run *r)
{
	const struct policy_ops *ops = pager_config(p)->policy;
	sc->ring_count = pager_policy_order(p, sc->ring, sc->cap.ring);
	sc->ring_first[0] = sc->ring_last[0] = '\0';
	if (!ops || ops->hand) {
		sc->ring_shape = VIZ_RING_HAND;       /* NULL: the clock */
	} else if (ops->needs_future) {
		sc->ring_shape = VIZ_RING_FUTURE;
		read_next_uses(sc, p, r);
	} else if (ops->first && ops->last) {
		sc->ring_shape = VIZ_RING_LIST;
		snprintf(sc->ring_first, sizeof sc->ring_first, "%s", ops->first);
		snprintf(sc->ring_last, sizeof sc->ring_last, "%s", ops->last);
	} else {
		sc->ring_shape = VIZ_RING_SET;
	}
	for (uint32_t i = 0; i < sc->ring_count; i++)
		if (sc->ring[i] < sc->frame_count)
			sc->frames[sc->ring[i]].ring_index = i;
}

static void read_blocks(struct viz_scene *sc, const struct pager *p)
{
	for (uint32_t b = 0; b < sc->block_count; b++) {
		struct block_view v;
		pager_block_view(p, b, &v);
		sc->blocks[b] = (struct viz_block){
			.use = (uint8_t)v.use, .sharers = v.sharers, .frame = v.frame};
	}
	sc->reserved = pager_swap_reserved(p);
}

/* The current process's entries; residency comes from read_frames. */
static void read_pages(struct viz_scene *sc, const struct pager *p)
{
	uint32_t valid = 0;
	const struct pte *table = sc->pid >= 0 ? pager_page_table(p, sc->pid, &valid)
					       : NULL;
	sc->valid_pages = table ? valid : 0;
	for (uint32_t v = 0; v < sc->shown_pages; v++) {
		struct viz_page *pg = &sc->pages[v];
		pg->frame = 0;
		pg->valid = v < sc->valid_pages;
		pg->read = pg->valid && table[v].read_enable;
		pg->write = pg->valid && table[v].write_enable;
		pg->ppage = pg->valid ? table[v].ppage : 0;
		pg->zero = pg->read && pg->ppage == 0;
	}
}

static void read_tlb(struct viz_scene *sc, const struct machine *m)
{
	sc->tlb_entries = m->tlb.entries;
	sc->tlb_count = 0;
	for (uint32_t i = 0; i < m->tlb.entries; i++) {
		const struct tlb_entry *e = &m->tlb.slots[i];
		if (!e->stamp)
			continue;
		sc->tlb[sc->tlb_count++] = (struct viz_tlb_row){
			.slot = i, .pid = e->pid, .vpn = e->vpn, .ppage = e->ppage,
			.write = e->write, .dirty = e->dirty};
	}
}

static void read_scan(struct viz_scene *sc, const struct viz_step *st)
{
	sc->scan_count = 0;
	if (!st->valid)
		return;
	for (size_t i = 0; i < st->note_count; i++) {
		const struct pager_note *n = &st->notes[i];
		uint8_t kind;
		if (n->kind == NOTE_REF_CLEAR)
			kind = VIZ_SCAN_CLEAR_REF;
		else if (n->kind == NOTE_PIN_SKIP)
			kind = VIZ_SCAN_SKIP_PINNED;
		else if (n->kind == NOTE_EVICT)
			kind = VIZ_SCAN_EVICT;
		else
			continue;
		if (sc->scan_count < sc->cap.scan)
			sc->scan[sc->scan_count++] = (struct viz_scan_step){
				.kind = kind, .frame = n->frame, .dirty = n->dirty};
	}
}

static void read_counters(struct viz_scene *sc, const struct viz_session *s)
{
	const struct run *r = viz_session_run(s);
	const struct pager_stats *ps = pager_stats(run_pager(r));
	const struct machine *m = run_machine(r);
	sc->counters = (struct viz_counters){
		.events = viz_session_position(s),
		.total = viz_session_total(s),
		.cycles = machine_total_cycles(m),
		.faults = ps->faults,
		.faults_invalid = ps->faults_invalid,
		.zero_fills = ps->zero_fills,
		.cow_copies = ps->cow_copies,
		.evictions = ps->evictions,
		.evictions_dirty = ps->evictions_dirty,
		.ref_clears = ps->ref_clears,
		.swap_reads = ps->swap_reads,
		.swap_writes = ps->swap_writes,
		.file_reads = ps->file_reads,
		.file_writes = ps->file_writes,
		.tlb_hits = m->tlb_hits,
		.tlb_misses = m->tlb_misses,
	};
}

/* The pages panel's cells for a process with `valid` pages (scene.h). */
static uint32_t pages_shown(const struct mmusim_config *c, uint32_t valid)
{
	uint32_t shown = valid > VIZ_PAGES_SHOWN ? valid : VIZ_PAGES_SHOWN;
	return shown < c->arena_pages ? shown : c->arena_pages;
}

static int size_arrays(struct viz_scene *sc, const struct mmusim_config *c,
		       const struct viz_step *st)
{
	struct viz_scene_caps *k = &sc->cap;
	uint32_t scan = st->valid && st->note_count < UINT32_MAX
				? (uint32_t)st->note_count : 0;
	if (!fit((void **)&sc->frames, &k->frames, c->memory_pages, sizeof *sc->frames) ||
	    !fit((void **)&sc->ring, &k->ring, c->memory_pages, sizeof *sc->ring) ||
	    !fit((void **)&sc->blocks, &k->blocks, c->swap_blocks, sizeof *sc->blocks) ||
	    !fit((void **)&sc->pages, &k->pages, sc->shown_pages, sizeof *sc->pages) ||
	    !fit((void **)&sc->tlb, &k->tlb, c->tlb.entries, sizeof *sc->tlb) ||
	    !fit((void **)&sc->scan, &k->scan, scan, sizeof *sc->scan))
		return -1;
	return 0;
}

static void describe(struct viz_scene *sc, const struct viz_session *s)
{
	const struct mmusim_config *c = viz_session_config(s);
	const char *path = viz_session_trace(s);
	const char *slash = strrchr(path, '/');
	snprintf(sc->trace, sizeof sc->trace, "%s", slash ? slash + 1 : path);
	/* frames said one way everywhere: the zero page is not a usable one */
	snprintf(sc->config, sizeof sc->config,
		 "%s: %s \u00b7 %u usable frames (+ the zero page) \u00b7 %u swap "
		 "blocks \u00b7 %u-byte pages \u00b7 TLB %u",
		 c->name[0] ? c->name : "config", c->policy, c->memory_pages - 1,
		 c->swap_blocks, c->page_size, c->tlb.entries);
	snprintf(sc->policy, sizeof sc->policy, "%s", c->policy);
}

int viz_scene_build(struct viz_scene *sc, const struct viz_session *s)
{
	const struct mmusim_config *c = viz_session_config(s);
	const struct viz_step *st = viz_session_step(s);
	const struct run *r = viz_session_run(s);
	const struct pager *p = run_pager(r);
	const struct machine *m = run_machine(r);
	sc->pid = run_current_pid(r);
	uint32_t valid = 0;
	if (sc->pid >= 0)
		pager_page_table(p, sc->pid, &valid);
	sc->shown_pages = pages_shown(c, valid);
	if (size_arrays(sc, c, st) != 0)
		return -1;
	describe(sc, s);
	sc->page_size = c->page_size;
	sc->frame_count = c->memory_pages;
	sc->usable_frames = c->memory_pages - 1;
	sc->block_count = c->swap_blocks;
	sc->arena_pages = c->arena_pages;
	sc->arena_base = c->arena_base;
	read_pages(sc, p);
	read_frames(sc, p, m);
	read_ring(sc, p, r);
	if (viz_queues_read(&sc->queues, p, &m->geo) != 0)
		return -1;
	read_blocks(sc, p);
	read_tlb(sc, m);
	read_scan(sc, st);
	read_counters(sc, s);
	viz_walk_build(&sc->walk, s);
	viz_narrate(s, sc->narration, sizeof sc->narration);
	if (st->valid && st->queue_moves && st->number == viz_session_position(s)) {
		/* what the event did to the policy's queues (viz/queues.h) */
		char moves[400];
		viz_queue_moves_tell(st->queue_moves, p, &m->geo, st->notes, st->note_count,
				     moves, sizeof moves);
		size_t n = strlen(sc->narration);
		if (moves[0])
			snprintf(sc->narration + n, sizeof sc->narration - n, "; %s", moves);
	}
	const char *why = viz_session_error(s);
	sc->failed = why[0] != '\0';
	if (sc->failed && !(st->valid && st->status != RUN_STEPPED)) {
		/* The run stopped before an event (a line it cannot read). */
		size_t n = strlen(sc->narration);
		snprintf(sc->narration + n, sizeof sc->narration - n, "%sstopped: %s",
			 n ? "; " : "", why);
	}
	return 0;
}

void viz_scene_free(struct viz_scene *sc)
{
	free(sc->frames);
	free(sc->ring);
	free(sc->blocks);
	free(sc->pages);
	free(sc->tlb);
	free(sc->scan);
	viz_queues_free(&sc->queues);
	memset(sc, 0, sizeof *sc);
}
