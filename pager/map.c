/*
 * pager/map.c: vm_map. The arena-full check comes first, so a full arena
 * costs no I/O; a file name is read through the page table byte by byte,
 * each page translated once, as a read access would (pager spec, vm_map).
 */
#include <stdlib.h>
#include <string.h>

#include "pager_impl.h"

/* Translate one page for reading, as the MMU and a read fault would, but
 * without counting an MMU fault. NULL when it cannot be read. */
static const uint8_t *name_page(struct pager *p, uint32_t slot, uint32_t vpn)
{
	const struct process *proc = proc_at(p, slot);
	if (vpn >= proc->valid_pages)
		return NULL;
	if (!proc->ptes[vpn].read_enable) {
		if (fault_resolve(p, slot, vpn, false, NULL) != FAULT_OK)
			return NULL;
	} else if (p->config.hardware_ref_bits && proc->ptes[vpn].ppage != 0) {
		p->frames[proc->ptes[vpn].ppage].referenced = 1;
	}
	return frame_bytes_read(p, proc->ptes[vpn].ppage);
}

/* Twice the room (at first 64 bytes) for a name being read; NULL (name freed, the failure
 * recorded) when memory cannot be had. */
static char *grow_name(struct pager *p, uint32_t slot, char *name, size_t *cap)
{
	size_t twice = *cap ? *cap * 2 : 64;
	char *grown = realloc(name, twice);
	if (!grown) {
		free(name);
		pager_fail_memory(p, proc_at(p, slot)->pid, PAGER_NEEDED_FILE_NAMES, twice);
		return NULL;
	}
	*cap = twice;
	return grown;
}

/* The NUL-terminated name at `vaddr`, malloc'd; NULL if any byte of it,
 * terminator included, lies outside valid pages or cannot be read. */
static char *read_name(struct pager *p, uint32_t slot, uint64_t vaddr)
{
	const uint64_t page = p->geo.size;
	size_t len = 0, cap = 0;
	char *name = NULL;
	for (;;) {
		uint64_t vpn;
		if (!page_geometry_vpn(&p->geo, vaddr, &vpn))
			break;
		const uint8_t *bytes = name_page(p, slot, (uint32_t)vpn);
		if (!bytes)
			break;
		for (uint64_t off = vaddr & p->geo.mask; off < page; off++, vaddr++) {
			if (len == cap && !(name = grow_name(p, slot, name, &cap)))
				return NULL;
			name[len++] = (char)bytes[off];
			if (bytes[off] == 0)
				return name;
		}
		if (vaddr == 0) /* wrapped past the top of the address space */
			break;
	}
	free(name);
	return NULL;
}

static uint32_t map_object(struct pager *p, uint32_t slot, bool file, uint64_t name_vaddr,
			   uint64_t block)
{
	if (!file) {
		if (!swap_reserve(p, 1))
			return NONE;
		proc_at(p, slot)->swap_pages++;
		return swap_object_new(p);
	}
	char *name = read_name(p, slot, name_vaddr);
	if (!name)
		return NONE;
	return filecache_get(p, name, block);
}

int pager_map(struct pager *p, bool file, uint64_t name_vaddr, uint64_t block, uint64_t *vaddr)
{
	uint32_t slot = p->current;
	uint32_t id = NONE;
	if (slot != NONE && proc_at(p, slot)->valid_pages < p->config.arena_pages) {
		/* room first: no memory is the run's end (pager_failure), not a
		 * null the trace sees, and it must not leave an object behind */
		pid_t pid = proc_at(p, slot)->pid;
		if (!procs_reserve(p, slot, proc_at(p, slot)->valid_pages) ||
		    !(file ? filecache_reserve(p, pid) : objects_reserve(p, pid)))
			return -1;
		id = map_object(p, slot, file, name_vaddr, block);
	}
	if (id == NONE) {
		p->stats.maps_failed++;
		return -1;
	}
	struct process *proc = proc_at(p, slot);
	uint32_t vpn = proc->valid_pages++;
	object_link(p, id, slot, vpn);
	pte_sync_one(p, slot, vpn);
	p->stats.maps_ok++;
	*vaddr = vaddr_of(p, vpn);
	return 0;
}
