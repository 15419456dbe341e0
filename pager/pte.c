/*
 * pager/pte.c: the one writer of page-table entries. An entry is derived
 * from its object's state (the pager spec's mirror rule); every change to
 * a readable entry is followed by a TLB invalidation for that page, so the
 * machine never runs on a stale translation (an unreadable one is in no
 * TLB).
 */
#include "pager_impl.h"

struct pte pte_expected(const struct pager *p, const struct object *o)
{
	if (o->kind == OBJ_SWAP && o->state == OBJ_ZERO)
		return (struct pte){ .ppage = 0, .read_enable = 1 };
	if (o->state != OBJ_RESIDENT)
		return (struct pte){ 0 };
	const struct frame *f = &p->frames[o->frame];
	bool writable = object_writable(p, o);
	if (p->config.hardware_ref_bits)
		return (struct pte){ .ppage = o->frame, .read_enable = 1, .write_enable = writable };
	return (struct pte){
		.ppage = o->frame,
		.read_enable = f->referenced,
		.write_enable = f->referenced && f->dirty && writable,
	};
}

static void entry_write(struct pager *p, uint32_t slot, uint32_t vpn, struct pte want)
{
	struct pte *e = &p->procs[slot].ptes[vpn];
	touch_object(p, p->procs[slot].vpages[vpn].object);
	/* an entry without read permission is in no TLB (a walk that finds
	 * it fills nothing, and it lost its translation with an
	 * invalidation), so making it valid revokes nothing: a page's
	 * read-in, once a miss, needs no invalidation */
	bool changed = e->read_enable && (e->ppage != want.ppage ||
					  e->read_enable != want.read_enable ||
					  e->write_enable != want.write_enable);
	if (e->ppage == want.ppage) { /* hardware bits stay with their frame */
		want.accessed = e->accessed;
		want.dirty = e->dirty;
	}
	*e = want;
	if (changed)
		p->machine.tlb_invalidate(p->machine.ctx, p->procs[slot].pid, vaddr_of(p, vpn));
}

/* Hardware mode: fold an entry's accessed/dirty bits into its frame. */
static void harvest_entry(struct pager *p, const struct object *o, struct pte *e)
{
	if (o->state == OBJ_RESIDENT && e->ppage == o->frame) {
		p->frames[o->frame].referenced |= e->accessed;
		p->frames[o->frame].dirty |= e->dirty;
	}
	e->accessed = e->dirty = 0;
}

void pte_harvest(struct pager *p, uint32_t id)
{
	const struct object *o = &p->objects[id];
	for (struct mapref m = o->head; m.slot != NONE; m = vpage_at(p, m)->next)
		harvest_entry(p, o, &p->procs[m.slot].ptes[m.vpn]);
}

void pte_sync_object(struct pager *p, uint32_t id)
{
	if (p->config.hardware_ref_bits)
		pte_harvest(p, id);
	const struct object *o = &p->objects[id];
	struct pte want = pte_expected(p, o);
	for (struct mapref m = o->head; m.slot != NONE; m = vpage_at(p, m)->next)
		entry_write(p, m.slot, m.vpn, want);
}

/* Hardware mode: after clearing a frame's referenced bit, make the next use
 * of every mapping walk again, so the walker sets the accessed bit. */
void pte_invalidate_object(struct pager *p, uint32_t id)
{
	const struct object *o = &p->objects[id];
	for (struct mapref m = o->head; m.slot != NONE; m = vpage_at(p, m)->next)
		p->machine.tlb_invalidate(p->machine.ctx, p->procs[m.slot].pid, vaddr_of(p, m.vpn));
}

void pte_sync_one(struct pager *p, uint32_t slot, uint32_t vpn)
{
	uint32_t id = p->procs[slot].vpages[vpn].object;
	entry_write(p, slot, vpn, pte_expected(p, &p->objects[id]));
}

/* The page stops mapping its object (exit); its bits stay with the frame. */
void pte_clear(struct pager *p, uint32_t slot, uint32_t vpn)
{
	struct pte *e = &p->procs[slot].ptes[vpn];
	harvest_entry(p, &p->objects[p->procs[slot].vpages[vpn].object], e);
	bool cached = e->read_enable; /* else in no TLB (entry_write) */
	*e = (struct pte){ 0 };
	if (cached) /* an exit of 10^6 pages, most not resident: 10^6 calls less */
		p->machine.tlb_invalidate(p->machine.ctx, p->procs[slot].pid, vaddr_of(p, vpn));
}
