/*
 * pager/objects.c: the object table and each object's mapping list.
 * Ids are reused through a free list; a mapping list is doubly linked
 * through the vpages that map the object, so linking and unlinking a
 * mapping is O(1) and walking it is O(sharers). New mappings go first.
 */
#include <stdlib.h>

#include "pager_impl.h"

static const struct mapref END = { NONE, NONE };

bool objects_reserve(struct pager *p, pid_t pid)
{
	if (p->object_free != NONE)
		return true;
	uint32_t old = p->object_cap;
	struct object *grown = array_double(p->objects, &p->object_cap, 64, sizeof *grown);
	if (!grown) {
		pager_fail_memory(p, pid, PAGER_NEEDED_OBJECTS, old ? 2 * (uint64_t)old : 64);
		return false;
	}
	p->objects = grown;
	for (uint32_t id = p->object_cap; id-- > old;) {
		p->objects[id] = (struct object){ .kind = OBJ_FREE, .next = p->object_free };
		p->object_free = id;
	}
	return true;
}

uint32_t object_new(struct pager *p, enum object_kind kind)
{
	MMUSIM_CHECK(p->object_free != NONE, "object_new: no room reserved (objects_reserve)");
	uint32_t id = p->object_free;
	struct object *o = &p->objects[id];
	p->object_free = o->next;
	*o = (struct object){
		.kind = (uint8_t)kind, .state = OBJ_ABSENT, .frame = NONE,
		.head = END, .name = NONE, .next = NONE,
	};
	p->objects_live++;
	touch_object(p, id);
	return id;
}

void object_free(struct pager *p, uint32_t id)
{
	struct object *o = &p->objects[id];
	MMUSIM_CHECK(o->kind != OBJ_FREE && !object_mapped(o) && o->frame == NONE,
		     "object_free: object %u still in use (frame %u)", id, o->frame);
	if (p->policy->forget) /* the page ends: no ghost of it may stay */
		p->policy->forget(p->policy_state, id);
	*o = (struct object){ .kind = OBJ_FREE, .next = p->object_free };
	p->object_free = id;
	p->objects_live--;
	touch_object(p, id);
}

bool object_mapped(const struct object *o)
{
	return o->head.slot != NONE;
}

bool object_shared(const struct pager *p, const struct object *o)
{
	return object_mapped(o) && vpage_at(p, o->head)->next.slot != NONE;
}

/* Swap objects are copy-on-write while shared; file objects never are. */
bool object_writable(const struct pager *p, const struct object *o)
{
	return o->kind == OBJ_FILE || !object_shared(p, o);
}

uint32_t object_sharers(const struct pager *p, const struct object *o)
{
	uint32_t n = 0;
	for (struct mapref m = o->head; m.slot != NONE; m = vpage_at(p, m)->next)
		n++;
	return n;
}

/* Put (slot, vpn) first in the object's mappings. */
void object_link(struct pager *p, uint32_t id, uint32_t slot, uint32_t vpn)
{
	struct object *o = &p->objects[id];
	struct mapref here = { slot, vpn };
	struct vpage *v = vpage_at(p, here);
	MMUSIM_CHECK(v->object == NONE, "object_link: page %u of slot %u already maps %u", vpn, slot, v->object);
	*v = (struct vpage){ .object = id, .prev = END, .next = o->head };
	if (o->head.slot != NONE)
		vpage_at(p, o->head)->prev = here;
	o->head = here;
	touch_object(p, id);
	if (o->state == OBJ_RESIDENT) /* one more process may use it next */
		frame_mappings_changed(p, o->frame);
}

void object_unlink(struct pager *p, uint32_t slot, uint32_t vpn)
{
	struct mapref here = { slot, vpn };
	struct vpage *v = vpage_at(p, here);
	struct object *o = &p->objects[v->object];
	touch_object(p, v->object);
	if (v->prev.slot == NONE)
		o->head = v->next;
	else
		vpage_at(p, v->prev)->next = v->next;
	if (v->next.slot != NONE)
		vpage_at(p, v->next)->prev = v->prev;
	*v = (struct vpage){ .object = NONE, .prev = END, .next = END };
	if (o->state == OBJ_RESIDENT) /* one process fewer uses it */
		frame_mappings_changed(p, o->frame);
}
