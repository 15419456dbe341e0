/*
 * pager/check.c: pager_check(), every invariant that spans owners.
 *
 *  1. Every valid page's entry equals what its object's state says
 *     (pte_expected); every invalid page's entry is empty.
 *  2. Each object's mapping list is exactly the pages that name it:
 *     list length == pages whose vpage names it.
 *  3. Frame 0 is the zero page: no object, all zeroes, not in the policy.
 *     Every other frame is free (in the free set) or holds one object
 *     whose frame it is; the policy holds exactly the occupied frames;
 *     nothing is pinned between operations.
 *  4. Swap: reservations == swap-backed valid pages over all processes
 *     <= swap_blocks; each swap object is bound to one block and the block
 *     to it; free blocks + bound blocks == swap_blocks.
 *  5. File objects are in the cache under their key; one with no mapping
 *     is resident (a ghost). With no process left, only ghosts remain.
 *
 * pager_check_changes() checks 1-5 for the objects and frames operations
 * touched since it last ran (pager.h): the per-object and per-frame parts,
 * with list lengths counted from the list instead of from every page.
 */
#include <stdlib.h>

#include "pager_impl.h"

static void check_entries(const struct pager *p, uint32_t slot, uint32_t *mapped)
{
	const struct process *proc = proc_at(p, slot);
	uint32_t swap_pages = 0;
	MMUSIM_CHECK(proc->valid_pages <= proc->page_cap && proc->page_cap <= p->config.arena_pages,
		     "pager_check: pid %d has %u valid pages in tables of %u (arena %u)", proc->pid,
		     proc->valid_pages, proc->page_cap, p->config.arena_pages);
	for (uint32_t vpn = 0; vpn < proc->page_cap; vpn++) {
		const struct pte *e = &proc->ptes[vpn];
		uint32_t id = proc->vpages[vpn].object;
		if (vpn >= proc->valid_pages) {
			MMUSIM_CHECK(id == NONE && !e->read_enable && !e->write_enable,
				     "pager_check: pid %d page %u is past the valid pages but mapped",
				     proc->pid, vpn);
			continue;
		}
		MMUSIM_CHECK(id < p->object_cap && p->objects[id].kind != OBJ_FREE,
			     "pager_check: pid %d page %u maps no live object", proc->pid, vpn);
		struct pte want = pte_expected(p, &p->objects[id]);
		MMUSIM_CHECK(e->ppage == want.ppage && e->read_enable == want.read_enable &&
				     e->write_enable == want.write_enable,
			     "pager_check: pid %d page %u entry (%u r%u w%u) != object %u state (%u r%u w%u)",
			     proc->pid, vpn, e->ppage, e->read_enable, e->write_enable, id, want.ppage,
			     want.read_enable, want.write_enable);
		MMUSIM_CHECK(!e->write_enable || e->read_enable,
			     "pager_check: pid %d page %u write-only", proc->pid, vpn);
		swap_pages += p->objects[id].kind == OBJ_SWAP;
		mapped[id]++;
	}
	MMUSIM_CHECK(swap_pages == proc->swap_pages, "pager_check: pid %d has %u swap pages, counts %u",
		     proc->pid, swap_pages, proc->swap_pages);
}

/* What an object's own fields must say, given the `mapped` pages that map
 * it: its frame holds it (and is not free), its swap block is bound to it
 * (and not free), a file object sits under its key. Shared by the whole
 * check and the check of what an operation touched. */
static void check_object_fields(const struct pager *p, uint32_t id, uint32_t mapped)
{
	const struct object *o = &p->objects[id];
	if (o->state == OBJ_RESIDENT)
		MMUSIM_CHECK(o->frame < p->config.memory_pages && o->frame > 0 &&
				     p->frames[o->frame].object == id &&
				     !idset_has(&p->free_frames, o->frame),
			     "pager_check: object %u resident in frame %u, which holds another", id, o->frame);
	else
		MMUSIM_CHECK(o->frame == NONE, "pager_check: object %u not resident but has frame %u", id, o->frame);
	if (o->kind == OBJ_SWAP) {
		MMUSIM_CHECK(mapped >= 1, "pager_check: swap object %u has no sharer", id);
		MMUSIM_CHECK(o->block < p->config.swap_blocks && p->block_object[o->block] == id &&
				     !idset_has(&p->free_blocks, (uint32_t)o->block),
			     "pager_check: swap object %u block %llu not bound to it", id,
			     (unsigned long long)o->block);
	} else {
		MMUSIM_CHECK(o->state != OBJ_ZERO, "pager_check: file object %u is ZERO", id);
		MMUSIM_CHECK(mapped > 0 || o->state == OBJ_RESIDENT,
			     "pager_check: file object %u neither mapped nor resident", id);
		MMUSIM_CHECK(filecache_find(p, filecache_name(p, o->name), o->block) == id,
			     "pager_check: file object %u not found under its key", id);
	}
}

static void check_object(const struct pager *p, uint32_t id, uint32_t mapped, bool *block_seen)
{
	const struct object *o = &p->objects[id];
	uint32_t length = 0;
	for (struct mapref m = o->head; m.slot != NONE; m = vpage_at(p, m)->next) {
		MMUSIM_CHECK(vpage_at(p, m)->object == id, "pager_check: object %u lists a page mapping %u",
			     id, vpage_at(p, m)->object);
		MMUSIM_CHECK(++length <= mapped, "pager_check: object %u list longer than its %u pages", id, mapped);
	}
	MMUSIM_CHECK(length == mapped, "pager_check: object %u: list %u, pages %u", id, length, mapped);
	check_object_fields(p, id, mapped);
	if (o->kind == OBJ_SWAP) {
		MMUSIM_CHECK(!block_seen[o->block], "pager_check: swap object %u block %llu not bound to it alone",
			     id, (unsigned long long)o->block);
		block_seen[o->block] = true;
	}
}

/* The cached one mapping of a resident frame's page (next-use policies). */
static void check_sole_mapping(const struct pager *p, uint32_t f)
{
	if (!p->sole_mapping)
		return;
	struct mapref want = frame_sole_mapping(p, f), got = p->sole_mapping[f];
	MMUSIM_CHECK(got.slot == want.slot && (want.slot == NONE || got.vpn == want.vpn),
		     "pager_check: frame %u's one mapping is cached as slot %u page %u, is slot %u "
		     "page %u", f, got.slot, got.vpn, want.slot, want.vpn);
}

static void check_frames(const struct pager *p)
{
	const uint8_t *zero = frame_bytes(p, 0); /* NULL: data-less, no bytes */
	for (uint32_t i = 0; zero && i < p->config.page_size; i++)
		MMUSIM_CHECK(zero[i] == 0, "pager_check: zero page byte %u is %u", i, zero[i]);
	MMUSIM_CHECK(p->frames[0].object == NONE && !idset_has(&p->free_frames, 0) &&
			     !p->policy->holds(p->policy_state, 0),
		     "pager_check: frame 0 is not the pinned zero page");
	uint32_t occupied = 0;
	for (uint32_t f = 1; f < p->config.memory_pages; f++) {
		const struct frame *fr = &p->frames[f];
		bool used = fr->object != NONE;
		MMUSIM_CHECK(used != idset_has(&p->free_frames, f), "pager_check: frame %u free and used", f);
		MMUSIM_CHECK(used == p->policy->holds(p->policy_state, f),
			     "pager_check: frame %u %s but the policy %s it", f, used ? "used" : "free",
			     used ? "lacks" : "holds");
		MMUSIM_CHECK(!fr->pinned, "pager_check: frame %u pinned between operations", f);
		if (used)
			MMUSIM_CHECK(p->objects[fr->object].frame == f,
				     "pager_check: frame %u holds object %u, which is elsewhere", f, fr->object);
		if (used)
			check_sole_mapping(p, f);
		occupied += used;
	}
	MMUSIM_CHECK(p->policy->order(p->policy_state, NULL, 0) == occupied,
		     "pager_check: the policy orders %u frames, %u are occupied",
		     p->policy->order(p->policy_state, NULL, 0), occupied);
	p->policy->check(p->policy_state);
}

void pager_check(const struct pager *p)
{
	uint32_t *mapped = calloc(p->object_cap + 1, sizeof *mapped);
	bool *block_seen = calloc(p->config.swap_blocks + 1, sizeof *block_seen);
	uint32_t reserved = 0, live = 0, ghosts = 0;
	for (uint32_t s = 0; s < p->proc_cap; s++) {
		if (p->procs[s].pid < 0)
			continue;
		MMUSIM_CHECK(procs_lookup(p, p->procs[s].pid) == s, "pager_check: pid %d not found", p->procs[s].pid);
		check_entries(p, s, mapped);
		reserved += p->procs[s].swap_pages;
		live++;
	}
	MMUSIM_CHECK(live == p->pid_count, "pager_check: %u processes, %u counted", live, p->pid_count);
	MMUSIM_CHECK(reserved == p->reserved && reserved <= p->config.swap_blocks,
		     "pager_check: %u swap pages, %u reserved of %u", reserved, p->reserved, p->config.swap_blocks);
	uint32_t objects = 0, bound = 0;
	for (uint32_t id = 0; id < p->object_cap; id++) {
		if (p->objects[id].kind == OBJ_FREE)
			continue;
		check_object(p, id, mapped[id], block_seen);
		objects++;
		bound += p->objects[id].kind == OBJ_SWAP;
		ghosts += p->objects[id].kind == OBJ_FILE && !object_mapped(&p->objects[id]);
	}
	MMUSIM_CHECK(objects == p->objects_live, "pager_check: %u objects, %u counted", objects, p->objects_live);
	MMUSIM_CHECK(bound + p->free_blocks.count == p->config.swap_blocks,
		     "pager_check: %u bound + %u free blocks != %u", bound, p->free_blocks.count,
		     p->config.swap_blocks);
	MMUSIM_CHECK(bound <= reserved, "pager_check: %u blocks bound, %u reserved", bound, reserved);
	if (live == 0)
		MMUSIM_CHECK(objects == ghosts, "pager_check: no process left, but %u objects are not ghosts",
			     objects - ghosts);
	check_frames(p);
	free(mapped);
	free(block_seen);
}

/* ---- the check of what changed (pager_check_changes) ---- */

void touched_add(struct pager *p, struct touched *t, uint8_t *mark, uint32_t id)
{
	(void)p;
	if (*mark)
		return;
	if (t->count == t->cap) {
		uint32_t cap = t->cap ? t->cap * 2 : 64;
		uint32_t *ids = cap > t->cap ? realloc(t->ids, sizeof *ids * cap) : NULL;
		if (!ids) { /* no room to remember: the next check checks all */
			t->overflow = true;
			return;
		}
		t->ids = ids;
		t->cap = cap;
	}
	*mark = 1;
	t->ids[t->count++] = id;
}

void pager_track_changes(struct pager *p, bool on)
{
	p->tracking = on;
}

static void check_touched_object(const struct pager *p, uint32_t id)
{
	const struct object *o = &p->objects[id];
	if (o->kind == OBJ_FREE) /* its pages were unlinked first: they were checked */
		return;
	uint32_t mapped = 0;
	struct mapref prev = { NONE, NONE };
	for (struct mapref m = o->head; m.slot != NONE; m = vpage_at(p, m)->next) {
		MMUSIM_CHECK(m.slot < p->proc_cap && p->procs[m.slot].pid >= 0 &&
				     m.vpn < p->procs[m.slot].valid_pages,
			     "pager_check: object %u lists slot %u page %u, which is not valid", id, m.slot,
			     m.vpn);
		const struct vpage *v = vpage_at(p, m);
		MMUSIM_CHECK(v->object == id, "pager_check: object %u lists a page mapping %u", id,
			     v->object);
		MMUSIM_CHECK(v->prev.slot == prev.slot && v->prev.vpn == prev.vpn,
			     "pager_check: object %u list broken at slot %u page %u", id, m.slot, m.vpn);
		const struct pte *e = &p->procs[m.slot].ptes[m.vpn];
		struct pte want = pte_expected(p, o);
		MMUSIM_CHECK(e->ppage == want.ppage && e->read_enable == want.read_enable &&
				     e->write_enable == want.write_enable,
			     "pager_check: pid %d page %u entry (%u r%u w%u) != object %u state (%u r%u w%u)",
			     p->procs[m.slot].pid, m.vpn, e->ppage, e->read_enable, e->write_enable, id,
			     want.ppage, want.read_enable, want.write_enable);
		MMUSIM_CHECK(++mapped <= p->pid_count * (uint64_t)p->config.arena_pages,
			     "pager_check: object %u list loops", id);
		prev = m;
	}
	check_object_fields(p, id, mapped);
	if (o->state == OBJ_RESIDENT)
		check_sole_mapping(p, o->frame);
}

static void check_touched_frame(const struct pager *p, uint32_t f)
{
	const struct frame *fr = &p->frames[f];
	bool used = fr->object != NONE;
	if (f == 0) {
		MMUSIM_CHECK(!used && !idset_has(&p->free_frames, 0) &&
				     !p->policy->holds(p->policy_state, 0),
			     "pager_check: frame 0 is not the pinned zero page");
		return;
	}
	MMUSIM_CHECK(used != idset_has(&p->free_frames, f), "pager_check: frame %u free and used", f);
	MMUSIM_CHECK(used == p->policy->holds(p->policy_state, f),
		     "pager_check: frame %u %s but the policy %s it", f, used ? "used" : "free",
		     used ? "lacks" : "holds");
	MMUSIM_CHECK(!fr->pinned, "pager_check: frame %u pinned between operations", f);
	if (used)
		MMUSIM_CHECK(fr->object < p->object_cap && p->objects[fr->object].frame == f &&
				     p->objects[fr->object].state == OBJ_RESIDENT,
			     "pager_check: frame %u holds object %u, which is elsewhere", f, fr->object);
}

void pager_check_changes(struct pager *p)
{
	bool all = p->touched_objects.overflow || p->touched_frames.overflow;
	for (uint32_t i = 0; i < p->touched_objects.count; i++) {
		uint32_t id = p->touched_objects.ids[i];
		if (id < p->object_cap) {
			p->objects[id].touched = 0;
			if (!all)
				check_touched_object(p, id);
		}
	}
	for (uint32_t i = 0; i < p->touched_frames.count; i++) {
		uint32_t f = p->touched_frames.ids[i];
		p->frames[f].touched = 0;
		if (!all)
			check_touched_frame(p, f);
	}
	p->touched_objects.count = p->touched_frames.count = 0;
	p->touched_objects.overflow = p->touched_frames.overflow = false;
	MMUSIM_CHECK(p->reserved <= p->config.swap_blocks && p->objects_live <= p->object_cap &&
			     p->free_frames.count < p->config.memory_pages,
		     "pager_check: %u swap reserved of %u, %u objects live of %u, %u frames free of %u",
		     p->reserved, p->config.swap_blocks, p->objects_live, p->object_cap,
		     p->free_frames.count, p->config.memory_pages);
	if (all)
		pager_check(p);
}
