/*
 * pager/discard.c: what a measurement window needs of the pager, beyond
 * the seed's calls: pager_discard (madvise(MADV_DONTNEED) of one page) and
 * pager_reset_stats.
 */
#include <string.h>

#include "pager_impl.h"

/* A page shared copy-on-write leaves the shared object for a fresh ZERO
 * one of its own; its reservation, held since it was mapped, pays for the
 * new block (a shared object binds one block for all its sharers). */
static void discard_shared(struct pager *p, uint32_t slot, uint32_t vpn, uint32_t id)
{
	object_unlink(p, slot, vpn);
	uint32_t fresh = swap_object_new(p);
	object_link(p, fresh, slot, vpn);
	pte_sync_one(p, slot, vpn);
	if (!object_shared(p, &p->objects[id]))
		pte_sync_object(p, id); /* the last sharer may write again */
}

int pager_discard(struct pager *p, uint64_t vaddr)
{
	uint32_t slot = p->current;
	uint64_t vpn;
	if (slot == NONE || !page_geometry_vpn(&p->geo, vaddr, &vpn) ||
	    vpn >= proc_at(p, slot)->valid_pages)
		return -1;
	uint32_t id = proc_at(p, slot)->vpages[vpn].object;
	struct object *o = &p->objects[id];
	touch_object(p, id);
	if (o->kind == OBJ_FILE) {
		if (o->state == OBJ_RESIDENT)
			frame_release(p, o->frame); /* the file keeps the data */
	} else if (object_shared(p, o)) {
		discard_shared(p, slot, (uint32_t)vpn, id);
	} else {
		if (o->state == OBJ_RESIDENT)
			frame_drop(p, o->frame);
		o->state = OBJ_ZERO; /* its block's content is forgotten */
		pte_sync_object(p, id);
	}
	return 0;
}

void pager_reset_stats(struct pager *p)
{
	memset(&p->stats, 0, sizeof p->stats);
}
