/*
 * viz/narrate.c: the narration line. The pager's notes of one event come
 * in groups, each opened by a NOTE_FAULT (an access may fault on each page
 * it touches): the fault's cause, then any replacement scan and eviction,
 * then the fill (zero-fill, read or copy). Each group becomes one clause.
 */
#include "narrate.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "walk.h"

/* A string being built, always NUL-terminated, cut when full. */
struct text {
	char *buf;
	size_t cap, len;
};

static void add(struct text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add(struct text *t, const char *fmt, ...)
{
	if (t->len + 1 >= t->cap)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len = t->len + (size_t)n < t->cap ? t->len + (size_t)n : t->cap - 1;
}

/* "frame 3", "frames 3 and 4", "frames 3, 4 and 7" */
static void add_frames(struct text *t, const uint32_t *frames, size_t n)
{
	add(t, "frame%s ", n > 1 ? "s" : "");
	for (size_t i = 0; i < n; i++)
		add(t, "%s%" PRIu32, i == 0 ? "" : i + 1 == n ? " and " : ", ",
		    frames[i]);
}

static void add_block(struct text *t, const char *file, uint64_t block)
{
	if (file)
		add(t, "block %" PRIu64 " of \"%s\"", block, file);
	else
		add(t, "swap block %" PRIu64, block);
}

/* What one group of notes (from one fault, or a map's own reads) did. */
struct group {
	const struct pager_note *fault;   /* NULL: no fault opened it */
	uint32_t cleared[16], skipped[16], freed[16];
	size_t cleared_n, skipped_n, freed_n; /* beyond 16: counted, not named */
	const struct pager_note *evict, *write, *zero, *read, *copy;
};

/* Add a frame to a list of up to 16 named ones, once (a scan may pass a
 * pinned frame twice); beyond 16 only counted. */
static void remember(uint32_t *frames, size_t *n, uint32_t frame)
{
	for (size_t i = 0; i < *n && i < 16; i++)
		if (frames[i] == frame)
			return;
	if (*n < 16)
		frames[*n] = frame;
	(*n)++;
}

static size_t gather(const struct pager_note *notes, size_t n, size_t i,
		     struct group *g)
{
	memset(g, 0, sizeof *g);
	if (i < n && notes[i].kind == NOTE_FAULT)
		g->fault = &notes[i++];
	for (; i < n && notes[i].kind != NOTE_FAULT; i++) {
		const struct pager_note *x = &notes[i];
		switch (x->kind) {
		case NOTE_REF_CLEAR:
			remember(g->cleared, &g->cleared_n, x->frame);
			break;
		case NOTE_PIN_SKIP:
			remember(g->skipped, &g->skipped_n, x->frame);
			break;
		case NOTE_FREE:
			remember(g->freed, &g->freed_n, x->frame);
			break;
		case NOTE_EVICT: g->evict = x; break;
		case NOTE_WRITE: g->write = x; break;
		case NOTE_ZERO_FILL: g->zero = x; break;
		case NOTE_READ: g->read = x; break;
		case NOTE_COPY: g->copy = x; break;
		default: break;
		}
	}
	return i;
}

static void add_named(struct text *t, const uint32_t *frames, size_t n)
{
	add_frames(t, frames, n < 16 ? n : 16);
	if (n > 16)
		add(t, " (and %zu more)", n - 16);
}

/* "; to make room, clock cleared the referenced bit of frames 1 and 2,
 * skipped pinned frame 3 and evicted frame 4 (dirty: written to swap
 * block 7)" */
static void add_replacement(struct text *t, const struct group *g,
			    const char *policy)
{
	if (!g->evict && !g->cleared_n && !g->skipped_n)
		return;
	add(t, "; to make room, %s ", policy);
	if (g->cleared_n) {
		add(t, "cleared the referenced bit of ");
		add_named(t, g->cleared, g->cleared_n);
		add(t, "%s", g->skipped_n ? (g->evict ? ", " : " and ") : g->evict ? ", then " : "");
	}
	if (g->skipped_n) {
		add(t, "skipped pinned ");
		add_named(t, g->skipped, g->skipped_n);
		add(t, "%s", g->evict ? ", then " : "");
	}
	if (g->evict) {
		add(t, "evicted frame %" PRIu32, g->evict->frame);
		if (g->write) {
			add(t, " (dirty: written to ");
			add_block(t, g->write->file, g->write->block);
			add(t, ")");
		} else {
			add(t, " (clean: no write)");
		}
	}
}

/* The frame a page of the current process maps now, or 0. */
static uint32_t frame_of(const struct run *r, int32_t pid, uint64_t vaddr)
{
	uint32_t valid = 0, vpn = 0;
	const struct pte *table = pager_page_table(run_pager(r), pid, &valid);
	if (!table || !machine_vpn(run_machine(r), vaddr, valid, &vpn))
		return 0;
	return table[vpn].ppage;
}

static void add_fill(struct text *t, const struct group *g)
{
	if (g->read) {
		add_block(t, g->read->file, g->read->block);
		add(t, " read into frame %" PRIu32, g->read->frame);
		if (g->read->failed)
			add(t, " failed (the file cannot be read)");
	} else if (g->zero) {
		add(t, "frame %" PRIu32 " zero-filled", g->zero->frame);
	}
}

static void add_fault(struct text *t, const struct group *g,
		      const struct run *r, const char *policy)
{
	const struct pager_note *f = g->fault;
	switch (f->cause) {
	case CAUSE_COW:
		add(t, "copy-on-write, ");
		if (g->copy && g->copy->from != UINT32_MAX)
			add(t, "frame %" PRIu32 " copied to frame %" PRIu32,
			    g->copy->from, g->copy->frame);
		else if (g->copy && g->read)
			add(t, "swap block %" PRIu64 " read into new frame %" PRIu32,
			    g->read->block, g->copy->frame);
		else if (g->zero)
			add(t, "a fresh page: new frame %" PRIu32 " zero-filled",
			    g->zero->frame);
		break;
	case CAUSE_ZERO_FILL:
		add(t, "first write to a fresh page, ");
		add_fill(t, g);
		break;
	case CAUSE_READ_IN:
		add(t, "page not in memory, ");
		add_fill(t, g);
		break;
	case CAUSE_REFERENCE:
		add(t, "referenced bit was clear: frame %" PRIu32 " referenced "
		    "again%s", frame_of(r, f->pid, f->vaddr),
		    f->write ? " and dirty" : "");
		break;
	case CAUSE_DIRTY:
		add(t, "first write since it was loaded: frame %" PRIu32
		    " now dirty", frame_of(r, f->pid, f->vaddr));
		break;
	case CAUSE_INVALID:
		add(t, "invalid address: process %d is killed", (int)f->pid);
		if (g->freed_n) {
			add(t, ", ");
			add_named(t, g->freed, g->freed_n);
			add(t, " freed");
		}
		break;
	case CAUSE_NONE:
		add(t, "nothing to do");
		break;
	}
	add_replacement(t, g, policy);
}

/* Faults of an access or the pager's own reads (a map file name): every
 * group, "; then " between them. */
static void add_groups(struct text *t, const struct viz_step *st,
		       const struct run *r, const char *policy)
{
	size_t i = 0, clauses = 0;
	while (i < st->note_count) {
		struct group g;
		i = gather(st->notes, st->note_count, i, &g);
		if (!g.fault && !g.read && !g.evict && !g.zero)
			continue;
		add(t, clauses++ ? "; then " : ": ");
		if (g.fault) {
			add_fault(t, &g, r, policy);
		} else {
			add(t, "reading the name, ");
			add_fill(t, &g);
			add_replacement(t, &g, policy);
		}
	}
}

/* `walk`: the TLB levels' and the walk's clause (viz/walk.h), "" for a
 * flat machine with one TLB level. */
static void add_access(struct text *t, const struct viz_step *st,
		       const struct run *r, const char *policy, const char *walk)
{
	const struct trace_event *e = &st->event;
	bool write = e->op == EV_WRITE || e->op == EV_WRITE_TEXT;
	add(t, "process %d %s 0x%" PRIx64, (int)st->pid,
	    write ? "writes" : "reads", e->addr);
	if (e->op == EV_READ_TEXT || e->op == EV_WRITE_TEXT) {
		size_t n = e->arg < sizeof st->text ? (size_t)e->arg : sizeof st->text;
		add(t, " \"");
		for (size_t i = 0; i < n; i++)
			add(t, st->text[i] >= 32 && st->text[i] < 127 ? "%c" : "\\x%02x",
			    st->text[i]);
		add(t, "%s\"", e->arg > n ? "..." : "");
	} else if (e->arg > 1) {
		add(t, " (%" PRIu64 " bytes)", e->arg);
	}
	if (st->faults) {
		add_groups(t, st, r, policy);
		if (*walk)
			add(t, "; %s", walk);
		return;
	}
	uint32_t frame = frame_of(r, st->pid, e->addr);
	if (*walk)
		add(t, ": %s, frame %" PRIu32, walk, frame);
	else if (st->tlb_misses)
		add(t, ": TLB miss, page-table walk, frame %" PRIu32, frame);
	else
		add(t, ": TLB hit, frame %" PRIu32, frame);
}

/* The name a `map file` read, through the page table, or "" if part of
 * it is not readable now. */
static void map_name(const struct run *r, int32_t pid, uint64_t addr,
		     char *out, size_t cap)
{
	const struct machine *m = run_machine(r);
	uint32_t valid = 0;
	const struct pte *table = pager_page_table(run_pager(r), pid, &valid);
	size_t n = 0;
	for (uint64_t va = addr; table && n + 1 < cap; va++) {
		uint32_t vpn;
		if (!machine_vpn(m, va, valid, &vpn) || !table[vpn].read_enable)
			break;
		char c = (char)*machine_bytes(m, table[vpn].ppage, va);
		if (c == '\0') {
			out[n] = '\0';
			return;
		}
		out[n++] = c >= 32 && c < 127 ? c : '?';
	}
	out[0] = '\0';
}

static void add_map(struct text *t, const struct viz_step *st,
		    const struct run *r, const char *policy)
{
	const struct trace_event *e = &st->event;
	const struct pager *p = run_pager(r);
	const struct pager_config *c = pager_config(p);
	uint32_t valid = 0;
	pager_page_table(p, st->pid, &valid);
	uint64_t va = c->arena_base + (uint64_t)(valid ? valid - 1 : 0) * c->page_size;
	if (e->op == EV_MAP_SWAP) {
		if (st->counted.maps_ok)
			add(t, "process %d maps a swap page at 0x%" PRIx64
			    ": fresh, it reads as zeroes (no frame yet)",
			    (int)st->pid, va);
		else
			add(t, "process %d: map swap fails (arena full, or no "
			    "swap block left to reserve)", (int)st->pid);
		return;
	}
	char name[64];
	map_name(r, st->pid, e->addr, name, sizeof name);
	add(t, "process %d maps ", (int)st->pid);
	if (name[0])
		add(t, "\"%s\"", name);
	else
		add(t, "the file named at 0x%" PRIx64, e->addr);
	add(t, " block %" PRIu64, e->arg);
	if (st->counted.maps_ok)
		add(t, " at 0x%" PRIx64, va);
	else
		add(t, ": fails (arena full, or the name cannot be read)");
	add_groups(t, st, r, policy);
}

static void add_exit(struct text *t, const struct viz_step *st)
{
	uint32_t freed[16];
	size_t n = 0;
	for (size_t i = 0; i < st->note_count; i++)
		if (st->notes[i].kind == NOTE_FREE) {
			if (n < 16)
				freed[n] = st->notes[i].frame;
			n++;
		}
	add(t, "process %d exits", (int)st->pid);
	if (n) {
		add(t, ": ");
		add_named(t, freed, n);
		add(t, " freed");
	} else {
		add(t, ": no frame to free");
	}
}

static void add_event(struct text *t, const struct viz_step *st,
		      const struct run *r, const char *policy, bool asid,
		      const char *walk)
{
	const struct trace_event *e = &st->event;
	switch ((enum event_op)e->op) {
	case EV_READ:
	case EV_WRITE:
	case EV_READ_TEXT:
	case EV_WRITE_TEXT:
		add_access(t, st, r, policy, walk);
		break;
	case EV_START:
		if (st->counted.creates_ok)
			add(t, "process %d starts with an empty arena", (int)e->pid);
		else
			add(t, "start %d fails", (int)e->pid);
		break;
	case EV_FORK: {
		uint32_t pages = 0;
		pager_page_table(run_pager(r), e->child, &pages);
		if (st->counted.creates_ok)
			add(t, "process %d forks process %d: %" PRIu32 " page%s "
			    "shared (swap pages copy-on-write, read-only for both)",
			    (int)e->pid, (int)e->child, pages, pages == 1 ? "" : "s");
		else
			add(t, "process %d cannot fork process %d: not enough "
			    "swap to reserve its pages", (int)e->pid, (int)e->child);
		break;
	}
	case EV_SWITCH:
		add(t, "switch to process %d%s", (int)e->pid,
		    asid ? " (the TLB keeps its entries: ASIDs)" : ": TLB flushed");
		break;
	case EV_MAP_SWAP:
	case EV_MAP_FILE:
		add_map(t, st, r, policy);
		break;
	case EV_EXIT:
		add_exit(t, st);
		break;
	case EV_COMPUTE:
		add(t, "%" PRIu64 " cycles of computing, no memory touched", e->arg);
		break;
	case EV_RESET:
		add(t, "reset: the warm-up ends, every counter starts again from zero "
		    "(memory, TLB and page tables are kept)");
		break;
	case EV_DISCARD:
		add(t, "process %d discards its page at 0x%" PRIx64 ": its frame is "
		    "freed and its data dropped", (int)st->pid, e->addr);
		break;
	case EV_PUT:
		add(t, "%" PRIu64 " bytes placed in memory as earlier stores left them: "
		    "no access, no fault", e->arg + 1);
		break;
	default:
		add(t, "event %u", e->op);
		break;
	}
}

void viz_narrate(const struct viz_session *s, char *out, size_t out_len)
{
	struct text t = {.buf = out, .cap = out_len};
	if (!out_len)
		return;
	out[0] = '\0';
	const struct viz_step *st = viz_session_step(s);
	const struct mmusim_config *c = viz_session_config(s);
	if (!st->valid) {
		add(&t, viz_session_position(s) ? "" :
		    "nothing has happened yet: press space to play, or the "
		    "right arrow to replay one event");
		return;
	}
	char walk[192];
	viz_walk_sentence(s, walk, sizeof walk);
	add_event(&t, st, viz_session_run(s), c->policy, c->tlb.asid, walk);
	if (st->status != RUN_STEPPED && st->error[0])
		add(&t, "; stopped: %s", st->error);
}
