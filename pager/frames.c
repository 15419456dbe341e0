/*
 * pager/frames.c: the frame table, the eviction driver and the probe that
 * policies see. Frames are taken lowest-numbered first; eviction runs only
 * when none is free. The driver checks the policy's answer, writes back a
 * dirty page and does all the accounting, so no policy repeats it.
 */
#include <string.h>

#include "pager_impl.h"

/* In hardware mode a frame's bits are its own OR'd with every entry's. */
static bool entries_have(const struct pager *p, uint32_t f, bool want_dirty)
{
	const struct object *o = &p->objects[p->frames[f].object];
	for (struct mapref m = o->head; m.slot != NONE; m = vpage_at(p, m)->next) {
		const struct pte *e = &p->procs[m.slot].ptes[m.vpn];
		if (want_dirty ? e->dirty : e->accessed)
			return true;
	}
	return false;
}

bool frame_referenced(const struct pager *p, uint32_t f)
{
	return p->frames[f].referenced ||
	       (p->config.hardware_ref_bits && entries_have(p, f, false));
}

bool frame_dirty(const struct pager *p, uint32_t f)
{
	return p->frames[f].dirty ||
	       (p->config.hardware_ref_bits && entries_have(p, f, true));
}

bool frame_test_and_clear_referenced(struct pager *p, uint32_t f)
{
	uint32_t object = p->frames[f].object;
	if (p->config.hardware_ref_bits)
		pte_harvest(p, object);
	if (!p->frames[f].referenced)
		return false;
	p->frames[f].referenced = 0;
	touch_frame(p, f);
	p->stats.ref_clears++;
	note(p, &(struct pager_note){ .kind = NOTE_REF_CLEAR, .frame = f });
	if (p->config.hardware_ref_bits)
		pte_invalidate_object(p, object);
	else
		pte_sync_object(p, object);
	return true;
}

struct mapref frame_sole_mapping(const struct pager *p, uint32_t f)
{
	struct mapref head = p->objects[p->frames[f].object].head;
	if (head.slot == NONE || vpage_at(p, head)->next.slot != NONE)
		return (struct mapref){ NONE, NONE };
	return head;
}

uint64_t frame_next_use(const struct pager *p, uint32_t f)
{
	uint64_t soonest = UINT64_MAX;
	if (!p->machine.next_use)
		return soonest;
	if (p->sole_mapping && p->sole_mapping[f].slot != NONE) {
		struct mapref m = p->sole_mapping[f];
		return p->machine.next_use(p->machine.ctx, p->procs[m.slot].pid, vaddr_of(p, m.vpn));
	}
	const struct object *o = &p->objects[p->frames[f].object];
	for (struct mapref m = o->head; m.slot != NONE; m = vpage_at(p, m)->next) {
		uint64_t t = p->machine.next_use(p->machine.ctx, p->procs[m.slot].pid,
						 vaddr_of(p, m.vpn));
		if (t < soonest)
			soonest = t;
	}
	return soonest;
}

void frame_next_use_changed(struct pager *p, uint32_t f)
{
	if (p->policy->next_use_changed)
		p->policy->next_use_changed(p->policy_state, f, frame_next_use(p, f));
}

void frame_mappings_changed(struct pager *p, uint32_t f)
{
	if (!p->sole_mapping)
		return;
	p->sole_mapping[f] = frame_sole_mapping(p, f);
	frame_next_use_changed(p, f);
}

/* A use seen by a fault: referenced, and dirty when writing. */
void frame_mark_used(struct pager *p, uint32_t f, bool write)
{
	p->frames[f].referenced = 1;
	if (write)
		p->frames[f].dirty = 1;
	touch_frame(p, f);
	if (p->policy->accessed)
		p->policy->accessed(p->policy_state, f, write);
	frame_next_use_changed(p, f);
}

static void junk_fill(struct pager *p, uint32_t f)
{
#ifndef NDEBUG
	/* A stale mapping then reads garbage, not plausible data. */
	uint8_t *bytes = frame_bytes(p, f);
	if (bytes)
		memset(bytes, 0xA5, p->geo.size);
#else
	(void)p, (void)f;
#endif
}

/* The page in frame f leaves memory (written back first when dirty); f
 * is then the caller's. The policy has already let it go. */
static void page_out(struct pager *p, uint32_t f, bool dirty)
{
	uint32_t id = p->frames[f].object;
	struct object *o = &p->objects[id];
	if (dirty) {
		const char *file = o->kind == OBJ_FILE ? filecache_name(p, o->name) : NULL;
		if (file)
			p->stats.file_writes++;
		else
			p->stats.swap_writes++;
		note(p, &(struct pager_note){ .kind = NOTE_WRITE, .frame = f, .file = file, .block = o->block });
		if (p->machine.block_write(p->machine.ctx, file, o->block, f) != 0)
			pager_fail_io(p, PAGER_WRITE_FAILED, file, o->block); /* data lost */
	}
	o->state = OBJ_ABSENT;
	o->frame = NONE;
	p->frames[f] = (struct frame){ .object = NONE, .touched = p->frames[f].touched };
	pte_sync_object(p, id);
	if (o->kind == OBJ_FILE && !object_mapped(o))
		filecache_forget(p, id);
}

/* Remove the page in frame f from memory to make room; f is then the
 * caller's. */
static void evict(struct pager *p, uint32_t f)
{
	uint32_t id = p->frames[f].object;
	bool dirty = frame_dirty(p, f);
	touch_frame(p, f);
	touch_object(p, id);
	p->policy->released(p->policy_state, f, id, true);
	p->stats.evictions++;
	note(p, &(struct pager_note){ .kind = NOTE_EVICT, .frame = f, .dirty = dirty });
	if (dirty)
		p->stats.evictions_dirty++;
	page_out(p, f, dirty);
}

void frame_release(struct pager *p, uint32_t f)
{
	uint32_t id = p->frames[f].object;
	bool dirty = frame_dirty(p, f);
	touch_frame(p, f);
	touch_object(p, id);
	p->policy->released(p->policy_state, f, id, false);
	note(p, &(struct pager_note){ .kind = NOTE_FREE, .frame = f });
	page_out(p, f, dirty);
	frame_return(p, f);
}

uint32_t frame_take(struct pager *p, uint32_t object)
{
	uint32_t f = idset_take_lowest(&p->free_frames);
	if (f != NONE)
		return f;
	p->taking_for = object;
	f = p->policy->victim(p->policy_state, &p->probe);
	p->taking_for = NONE;
	MMUSIM_CHECK(f > 0 && f < p->config.memory_pages && p->frames[f].object != NONE &&
			     !p->frames[f].pinned,
		     "frame_take: policy %s chose frame %u, which is not an evictable page",
		     p->policy->name, f);
	evict(p, f);
	return f;
}

void frame_fill(struct pager *p, uint32_t f, uint32_t object, bool dirty)
{
	p->frames[f] = (struct frame){ .object = object, .referenced = 1, .dirty = dirty,
				       .touched = p->frames[f].touched };
	touch_frame(p, f);
	touch_object(p, object);
	p->objects[object].state = OBJ_RESIDENT;
	p->objects[object].frame = f;
	p->policy->filled(p->policy_state, f, object);
	frame_mappings_changed(p, f);
}

void frame_return(struct pager *p, uint32_t f)
{
	p->frames[f] = (struct frame){ .object = NONE, .touched = p->frames[f].touched };
	touch_frame(p, f);
	junk_fill(p, f);
	idset_add(&p->free_frames, f);
}

void frame_drop(struct pager *p, uint32_t f)
{
	struct object *o = &p->objects[p->frames[f].object];
	touch_object(p, p->frames[f].object);
	p->policy->released(p->policy_state, f, p->frames[f].object, false);
	note(p, &(struct pager_note){ .kind = NOTE_FREE, .frame = f });
	o->frame = NONE;
	o->state = OBJ_ABSENT;
	frame_return(p, f);
}
