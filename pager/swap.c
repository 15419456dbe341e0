/*
 * pager/swap.c: swap space. Reservations are counted eagerly (one per
 * swap-backed virtual page); a block is bound to an object when the object
 * is created, so a write-back never looks for space. Bound blocks never
 * outnumber reservations: every swap object has at least one sharer.
 */
#include "pager_impl.h"

bool swap_reserve(struct pager *p, uint32_t count)
{
	if (count > p->config.swap_blocks - p->reserved)
		return false;
	p->reserved += count;
	return true;
}

void swap_unreserve(struct pager *p, uint32_t count)
{
	MMUSIM_CHECK(count <= p->reserved, "swap_unreserve: %u of %u reserved", count, p->reserved);
	p->reserved -= count;
}

/* A fresh ZERO object bound to the lowest free block; the caller holds a
 * reservation for it. */
uint32_t swap_object_new(struct pager *p)
{
	uint32_t block = idset_take_lowest(&p->free_blocks);
	MMUSIM_CHECK(block != NONE, "swap_object_new: no free block with %u reserved", p->reserved);
	uint32_t id = object_new(p, OBJ_SWAP);
	p->objects[id].state = OBJ_ZERO;
	p->objects[id].block = block;
	p->block_object[block] = id;
	return id;
}

/* The last sharer left: drop the object with no write-back. */
void swap_object_drop(struct pager *p, uint32_t id)
{
	struct object *o = &p->objects[id];
	if (o->state == OBJ_RESIDENT)
		frame_drop(p, o->frame);
	p->block_object[o->block] = NONE;
	idset_add(&p->free_blocks, (uint32_t)o->block);
	object_free(p, id);
}
