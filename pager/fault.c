/*
 * pager/fault.c: the fault path (cf. NetBSD uvm_fault.c).
 *
 *   case          when                                        action
 *   ----------    -----------------------------------------   ---------------------------
 *   invalid       outside the arena, or page not valid         -1: the machine kills
 *   cow           write, swap object with > 1 sharer           new private object + block:
 *                                                              zero-fill, copy the pinned
 *                                                              source frame, or read the
 *                                                              source block into the copy
 *   zero-fill     write, swap object ZERO, 1 sharer            frame, zeroes; dirty
 *   none          read, swap object ZERO                       nothing: the zero page serves
 *   read-in       object not resident                          frame, block read; dirty iff
 *                                                              write; a failed read is -1
 *   reference     resident, referenced bit clear               referenced (+dirty if write)
 *   dirty         resident and referenced, write               dirty
 *
 * Every case ends by re-deriving the entries of every page that maps the
 * object(s) it touched (pte.c).
 */
#include <string.h>

#include "pager_impl.h"

static enum fault_cause classify(const struct pager *p, const struct object *o, bool write)
{
	if (write && o->kind == OBJ_SWAP && object_shared(p, o))
		return CAUSE_COW;
	if (o->kind == OBJ_SWAP && o->state == OBJ_ZERO)
		return write ? CAUSE_ZERO_FILL : CAUSE_NONE;
	if (o->state != OBJ_RESIDENT)
		return CAUSE_READ_IN;
	if (!p->frames[o->frame].referenced)
		return CAUSE_REFERENCE;
	return write ? CAUSE_DIRTY : CAUSE_NONE;
}

static void zero_fill(struct pager *p, uint32_t f)
{
	uint8_t *bytes = frame_bytes(p, f);
	if (bytes)
		memset(bytes, 0, p->geo.size);
	p->stats.zero_fills++;
	note(p, &(struct pager_note){ .kind = NOTE_ZERO_FILL, .frame = f });
}

static void fault_zero_fill(struct pager *p, uint32_t id)
{
	uint32_t f = frame_take(p, id);
	zero_fill(p, f);
	frame_fill(p, f, id, true);
	pte_sync_object(p, id);
}

/* Read the object's block into frame f; counts even when it fails. */
static bool read_block(struct pager *p, const struct object *src, uint32_t f)
{
	const char *file = src->kind == OBJ_FILE ? filecache_name(p, src->name) : NULL;
	if (file)
		p->stats.file_reads++;
	else
		p->stats.swap_reads++;
	int rc = p->machine.block_read(p->machine.ctx, file, src->block, f);
	if (rc == PAGER_IO_FAILED)
		pager_fail_io(p, PAGER_READ_FAILED, file, src->block);
	bool ok = rc == 0;
	note(p, &(struct pager_note){ .kind = NOTE_READ, .frame = f, .file = file,
				       .block = src->block, .failed = !ok });
	return ok;
}

static enum fault_result fault_read_in(struct pager *p, uint32_t id, bool write)
{
	uint32_t f = frame_take(p, id);
	if (!read_block(p, &p->objects[id], f)) {
		frame_return(p, f);
		return FAULT_READ_FAILED;
	}
	frame_fill(p, f, id, write);
	pte_sync_object(p, id);
	return FAULT_OK;
}

static void fault_resident(struct pager *p, uint32_t id, bool write)
{
	frame_mark_used(p, p->objects[id].frame, write);
	pte_sync_object(p, id);
}

/* Give the writer a private copy; the source's frame bits stay as they were. */
static void fault_cow(struct pager *p, uint32_t slot, uint32_t vpn, uint32_t src_id)
{
	struct object *src = &p->objects[src_id];
	uint32_t f;
	if (src->state == OBJ_RESIDENT) {
		uint32_t from = src->frame;
		p->frames[from].pinned = 1;
		f = frame_take(p, NONE);
		p->frames[from].pinned = 0;
		if (p->machine.physmem)
			memcpy(frame_bytes(p, f), frame_bytes(p, from), p->geo.size);
		p->stats.cow_copies++;
		note(p, &(struct pager_note){ .kind = NOTE_COPY, .frame = f, .from = from });
	} else {
		f = frame_take(p, NONE);
		if (src->state == OBJ_ZERO) {
			zero_fill(p, f);
		} else {
			read_block(p, src, f); /* the swap device does not fail */
			p->stats.cow_copies++;
			note(p, &(struct pager_note){ .kind = NOTE_COPY, .frame = f, .from = NONE });
		}
	}
	uint32_t copy = swap_object_new(p);
	object_unlink(p, slot, vpn);
	object_link(p, copy, slot, vpn);
	frame_fill(p, f, copy, true);
	pte_sync_object(p, src_id);
	pte_sync_object(p, copy);
}

static void announce(const struct pager *p, uint32_t slot, const uint64_t *vaddr, bool write,
		     enum fault_cause cause)
{
	if (vaddr)
		note(p, &(struct pager_note){ .kind = NOTE_FAULT, .cause = cause, .write = write,
					       .pid = proc_at(p, slot)->pid, .vaddr = *vaddr });
}

/* An MMU fault after which a frame received a page is a major fault (a
 * miss); any other valid one is minor (report spec: faults.major/minor). */
static void count_fault(struct pager *p, enum fault_cause cause)
{
	if (cause == CAUSE_COW || cause == CAUSE_ZERO_FILL || cause == CAUSE_READ_IN)
		p->stats.faults_major++;
	else
		p->stats.faults_minor++;
}

static enum fault_result resolve(struct pager *p, uint32_t slot, uint32_t vpn, bool write,
				 uint32_t id, enum fault_cause cause)
{
	switch (cause) {
	case CAUSE_COW:
		fault_cow(p, slot, vpn, id);
		return FAULT_OK;
	case CAUSE_ZERO_FILL:
		fault_zero_fill(p, id);
		return FAULT_OK;
	case CAUSE_READ_IN:
		return fault_read_in(p, id, write);
	default: /* a use of a resident page; or nothing to do on a ZERO read */
		if (p->objects[id].state == OBJ_RESIDENT)
			fault_resident(p, id, write);
		return FAULT_OK;
	}
}

enum fault_result fault_resolve(struct pager *p, uint32_t slot, uint32_t vpn, bool write,
				const uint64_t *mmu_vaddr)
{
	const struct process *proc = proc_at(p, slot);
	if (vpn >= proc->valid_pages) {
		announce(p, slot, mmu_vaddr, write, CAUSE_INVALID);
		return FAULT_INVALID;
	}
	uint32_t id = proc->vpages[vpn].object;
	if (p->config.hardware_ref_bits)
		pte_harvest(p, id);
	enum fault_cause cause = classify(p, &p->objects[id], write);
	if (cause == CAUSE_COW && !objects_reserve(p, proc->pid))
		return FAULT_OUT_OF_MEMORY; /* before anything changes */
	announce(p, slot, mmu_vaddr, write, cause);
	enum fault_result result = resolve(p, slot, vpn, write, id, cause);
	if (mmu_vaddr && result == FAULT_OK)
		count_fault(p, cause);
	return result;
}
