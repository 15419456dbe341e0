/*
 * pager/objects.c: the object table and each object's mapping list.
 * Ids are reused through a free list; a mapping list is doubly linked
 * through the vpages that map the object, so linking and unlinking a
 * mapping is O(1) and walking it is O(sharers).
 */
#include <stdlib.h>

#include "pager_impl.h"

static const struct mapref END = { NONE, NONE };

uint32_t object_new(struct pager *p, enum object_kind kind)
{
	if (p->object_free == NONE) {
		uint32_t old = p->object_cap;
		p->object_cap = old ? old * 2 : 64;
		p->objects = realloc(p->objects, sizeof *p->objects * p->object_cap);
		MMUSIM_CHECK(p->objects, "object_new: out of memory for %u objects", p->object_cap);
		for (uint32_t id = p->object_cap; id-- > old;) {
			p->objects[id] = (struct object){ .kind = OBJ_FREE, .next = p->object_free };
			p->object_free = id;
		}
	}
	uint32_t id = p->object_free;
	struct object *o = &p->objects[id];
	p->object_free = o->next;
	*o = (struct object){
		.kind = (uint8_t)kind, .state = OBJ_ABSENT, .frame = NONE,
		.head = END, .tail = END, .name = NONE, .next = NONE,
	};
	p->objects_live++;
	return id;
}

void object_free(struct pager *p, uint32_t id)
{
	struct object *o = &p->objects[id];
	MMUSIM_CHECK(o->kind != OBJ_FREE && o->sharers == 0 && o->frame == NONE,
		     "object_free: object %u still in use (%u sharers, frame %u)",
		     id, o->sharers, o->frame);
	*o = (struct object){ .kind = OBJ_FREE, .next = p->object_free };
	p->object_free = id;
	p->objects_live--;
}

bool object_writable(const struct object *o)
{
	return o->kind == OBJ_FILE || o->sharers == 1;
}

/* Append (slot, vpn) to the object's mappings. */
void object_link(struct pager *p, uint32_t id, uint32_t slot, uint32_t vpn)
{
	struct object *o = &p->objects[id];
	struct mapref here = { slot, vpn };
	struct vpage *v = vpage_at(p, here);
	MMUSIM_CHECK(v->object == NONE, "object_link: page %u of slot %u already maps %u", vpn, slot, v->object);
	*v = (struct vpage){ .object = id, .prev = o->tail, .next = END };
	if (o->tail.slot == NONE)
		o->head = here;
	else
		vpage_at(p, o->tail)->next = here;
	o->tail = here;
	o->sharers++;
}

void object_unlink(struct pager *p, uint32_t slot, uint32_t vpn)
{
	struct mapref here = { slot, vpn };
	struct vpage *v = vpage_at(p, here);
	struct object *o = &p->objects[v->object];
	if (v->prev.slot == NONE)
		o->head = v->next;
	else
		vpage_at(p, v->prev)->next = v->next;
	if (v->next.slot == NONE)
		o->tail = v->prev;
	else
		vpage_at(p, v->next)->prev = v->prev;
	o->sharers--;
	*v = (struct vpage){ .object = NONE, .prev = END, .next = END };
}
