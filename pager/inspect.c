/* pager/inspect.c: read-only views of pager state for the visualiser, the
 * log and tests. Nothing here changes state. */
#include "pager_impl.h"

/* What a frame view says of the page itself, whether or not in a frame. */
static void object_view(const struct pager *p, const struct object *o, struct frame_view *out)
{
	out->use = o->kind == OBJ_FILE ? FRAME_FILE : FRAME_SWAP;
	out->sharers = object_sharers(p, o);
	out->block = o->block;
	out->file = o->kind == OBJ_FILE ? filecache_name(p, o->name) : NULL;
	if (o->head.slot != NONE) {
		out->first_pid = p->procs[o->head.slot].pid;
		out->first_vaddr = vaddr_of(p, o->head.vpn);
	}
}

void pager_frame_view(const struct pager *p, uint32_t f, struct frame_view *out)
{
	*out = (struct frame_view){ .use = FRAME_FREE, .first_pid = -1 };
	if (f == 0) {
		out->use = FRAME_ZERO_PAGE;
		out->pinned = true;
		return;
	}
	if (f >= p->config.memory_pages || p->frames[f].object == NONE)
		return;
	object_view(p, &p->objects[p->frames[f].object], out);
	out->referenced = frame_referenced(p, f);
	out->dirty = frame_dirty(p, f);
	out->pinned = p->frames[f].pinned;
}

static void object_owners(const struct pager *p, const struct object *o,
			  void (*visit)(void *arg, pid_t pid, uint64_t vaddr), void *arg)
{
	for (struct mapref m = o->head; m.slot != NONE; m = vpage_at(p, m)->next)
		visit(arg, p->procs[m.slot].pid, vaddr_of(p, m.vpn));
}

void pager_frame_owners(const struct pager *p, uint32_t f,
			void (*visit)(void *arg, pid_t pid, uint64_t vaddr), void *arg)
{
	if (f == 0 || f >= p->config.memory_pages || p->frames[f].object == NONE)
		return;
	object_owners(p, &p->objects[p->frames[f].object], visit, arg);
}

void pager_block_view(const struct pager *p, uint32_t block, struct block_view *out)
{
	*out = (struct block_view){ .use = BLOCK_FREE };
	if (block >= p->config.swap_blocks || p->block_object[block] == NONE)
		return;
	const struct object *o = &p->objects[p->block_object[block]];
	out->use = o->state == OBJ_ABSENT ? BLOCK_HOLDS_DATA : BLOCK_BOUND;
	out->sharers = object_sharers(p, o);
	out->frame = o->state == OBJ_RESIDENT ? o->frame : 0;
}

uint32_t pager_swap_reserved(const struct pager *p)
{
	return p->reserved;
}

const struct pte *pager_page_table(const struct pager *p, pid_t pid, uint32_t *valid_pages)
{
	uint32_t slot = procs_lookup(p, pid);
	if (slot == NONE) {
		*valid_pages = 0;
		return NULL;
	}
	*valid_pages = p->procs[slot].valid_pages;
	return p->procs[slot].ptes;
}

/* The object pid maps at vaddr; NULL for an invalid page. */
static const struct object *object_at(const struct pager *p, pid_t pid, uint64_t vaddr)
{
	uint32_t slot = procs_lookup(p, pid);
	uint64_t vpn;
	if (slot == NONE || !page_geometry_vpn(&p->geo, vaddr, &vpn) ||
	    vpn >= p->procs[slot].valid_pages)
		return NULL;
	return &p->objects[p->procs[slot].vpages[vpn].object];
}

const char *pager_page_file(const struct pager *p, pid_t pid, uint64_t vaddr,
			    uint64_t *block)
{
	const struct object *o = object_at(p, pid, vaddr);
	if (!o || o->kind != OBJ_FILE)
		return NULL;
	*block = o->block;
	return filecache_name(p, o->name);
}

void pager_page_view(const struct pager *p, pid_t pid, uint64_t vaddr, struct page_view *out)
{
	const struct object *o = object_at(p, pid, vaddr);
	*out = (struct page_view){ .data = PAGE_DATA_INVALID };
	if (!o)
		return;
	out->file = o->kind == OBJ_FILE ? filecache_name(p, o->name) : NULL;
	out->block = o->block;
	out->sharers = object_sharers(p, o);
	if (o->state == OBJ_RESIDENT) {
		out->data = PAGE_DATA_IN_FRAME;
		out->frame = o->frame;
		out->dirty = frame_dirty(p, o->frame);
	} else {
		out->data = o->state == OBJ_ZERO ? PAGE_DATA_NONE : PAGE_DATA_ON_DISK;
	}
}

void pager_page_owners(const struct pager *p, pid_t pid, uint64_t vaddr,
		       void (*visit)(void *arg, pid_t pid, uint64_t vaddr), void *arg)
{
	const struct object *o = object_at(p, pid, vaddr);
	if (o)
		object_owners(p, o, visit, arg);
}

uint32_t pager_policy_order(const struct pager *p, uint32_t *frames, uint32_t cap)
{
	return p->policy->order(p->policy_state, frames, cap);
}

void pager_policy_describe(const struct pager *p, struct queue_view *view)
{
	p->policy->describe(p->policy_state, view);
}

void pager_key_view(const struct pager *p, uint64_t key, struct frame_view *out)
{
	*out = (struct frame_view){ .use = FRAME_FREE, .first_pid = -1 };
	if (key < p->object_cap && p->objects[key].kind != OBJ_FREE)
		object_view(p, &p->objects[key], out);
}
