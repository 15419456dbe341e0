/*
 * pager/proctable.c: the process table. Slots are reused lowest-free-first
 * (a free list); pids find their slot through an open-addressing hash with
 * linear probing and backward-shift deletion, so lookup is O(1) however
 * many processes ever lived. A process's page table and virtual pages grow
 * with the pages it maps (doubling, up to arena_pages), never sized for the
 * whole arena up front.
 */
#include <stdlib.h>
#include <string.h>

#include "pager_impl.h"

static uint32_t pid_hash(pid_t pid, uint32_t cap)
{
	return (uint32_t)(((uint64_t)(uint32_t)pid * 0x9E3779B97F4A7C15ull) >> 32) & (cap - 1);
}

uint32_t procs_lookup(const struct pager *p, pid_t pid)
{
	if (pid < 0 || p->pid_count == 0)
		return NONE;
	for (uint32_t i = pid_hash(pid, p->pid_cap);; i = (i + 1) & (p->pid_cap - 1)) {
		uint32_t slot = p->pid_slots[i];
		if (slot == NONE)
			return NONE;
		if (p->procs[slot].pid == pid)
			return slot;
	}
}

static void pid_insert(struct pager *p, uint32_t slot)
{
	uint32_t i = pid_hash(p->procs[slot].pid, p->pid_cap);
	while (p->pid_slots[i] != NONE)
		i = (i + 1) & (p->pid_cap - 1);
	p->pid_slots[i] = slot;
}

static bool pid_grow(struct pager *p)
{
	uint32_t cap = p->pid_cap ? p->pid_cap * 2 : 16;
	uint32_t *slots = cap > p->pid_cap ? malloc(sizeof *slots * cap) : NULL;
	if (!slots)
		return false;
	uint32_t *old = p->pid_slots, old_cap = p->pid_cap;
	p->pid_slots = slots;
	p->pid_cap = cap;
	for (uint32_t i = 0; i < p->pid_cap; i++)
		p->pid_slots[i] = NONE;
	for (uint32_t i = 0; i < old_cap; i++)
		if (old[i] != NONE)
			pid_insert(p, old[i]);
	free(old);
	return true;
}

static uint32_t slot_new(struct pager *p)
{
	if (p->proc_free == NONE) {
		uint32_t old = p->proc_cap;
		struct process *procs = array_double(p->procs, &p->proc_cap, 8, sizeof *procs);
		if (!procs)
			return NONE;
		p->procs = procs;
		for (uint32_t s = p->proc_cap; s-- > old;) {
			p->procs[s] = (struct process){ .pid = -1, .valid_pages = p->proc_free };
			p->proc_free = s;
		}
	}
	uint32_t slot = p->proc_free;
	p->proc_free = p->procs[slot].valid_pages; /* free slots chain through it */
	return slot;
}

/* Grow the slot's tables to `cap` entries (new ones empty). */
static bool tables_grow(struct pager *p, uint32_t slot, uint32_t cap)
{
	struct process *proc = &p->procs[slot];
	struct pte *ptes = realloc(proc->ptes, sizeof *ptes * cap);
	if (ptes)
		proc->ptes = ptes;
	struct vpage *vpages = ptes ? realloc(proc->vpages, sizeof *vpages * cap) : NULL;
	if (!vpages)
		return false;
	proc->vpages = vpages;
	memset(ptes + proc->page_cap, 0, sizeof *ptes * (cap - proc->page_cap));
	for (uint32_t v = proc->page_cap; v < cap; v++)
		vpages[v] = (struct vpage){ .object = NONE, .prev = { NONE, NONE }, .next = { NONE, NONE } };
	proc->page_cap = cap;
	return true;
}

bool procs_reserve(struct pager *p, uint32_t slot, uint32_t vpn)
{
	struct process *proc = &p->procs[slot];
	if (vpn < proc->page_cap)
		return true;
	uint64_t cap = (uint64_t)proc->page_cap * 2;
	if (cap < 8)
		cap = 8;
	if (cap <= vpn)
		cap = (uint64_t)vpn + 1;
	if (cap > p->config.arena_pages)
		cap = p->config.arena_pages;
	if (!tables_grow(p, slot, (uint32_t)cap)) {
		pager_fail_memory(p, proc->pid, PAGER_NEEDED_PAGE_TABLE, cap);
		return false;
	}
	if (slot == p->current) /* the base register follows the table */
		p->machine.set_page_table(p->machine.ctx, proc->ptes, proc->page_cap);
	return true;
}

uint32_t procs_add(struct pager *p, pid_t pid, uint32_t pages)
{
	uint32_t slot = NONE;
	if ((p->pid_count + 1) * 2 <= p->pid_cap || pid_grow(p))
		slot = slot_new(p);
	if (slot == NONE) {
		pager_fail_memory(p, pid, PAGER_NEEDED_PAGE_TABLE, pages);
		return NONE;
	}
	p->procs[slot] = (struct process){ .pid = pid };
	uint32_t cap = pages < 8 ? 8 : pages;
	if (cap > p->config.arena_pages)
		cap = p->config.arena_pages;
	if (!tables_grow(p, slot, cap)) {
		pager_fail_memory(p, pid, PAGER_NEEDED_PAGE_TABLE, cap);
		free(p->procs[slot].ptes);
		free(p->procs[slot].vpages);
		p->procs[slot] = (struct process){ .pid = -1, .valid_pages = p->proc_free };
		p->proc_free = slot;
		return NONE;
	}
	pid_insert(p, slot);
	p->pid_count++;
	return slot;
}

void procs_remove(struct pager *p, uint32_t slot)
{
	uint32_t mask = p->pid_cap - 1;
	uint32_t i = pid_hash(p->procs[slot].pid, p->pid_cap);
	while (p->pid_slots[i] != slot)
		i = (i + 1) & mask;
	/* backward-shift deletion keeps every probe chain unbroken */
	for (uint32_t j = (i + 1) & mask; p->pid_slots[j] != NONE; j = (j + 1) & mask) {
		uint32_t home = pid_hash(p->procs[p->pid_slots[j]].pid, p->pid_cap);
		if (((j - home) & mask) >= ((j - i) & mask)) {
			p->pid_slots[i] = p->pid_slots[j];
			i = j;
		}
	}
	p->pid_slots[i] = NONE;
	p->pid_count--;

	struct process *proc = &p->procs[slot];
	free(proc->ptes);
	free(proc->vpages);
	*proc = (struct process){ .pid = -1, .valid_pages = p->proc_free };
	p->proc_free = slot;
}

void procs_destroy(struct pager *p)
{
	for (uint32_t s = 0; s < p->proc_cap; s++) {
		if (p->procs[s].pid >= 0) {
			free(p->procs[s].ptes);
			free(p->procs[s].vpages);
		}
	}
	free(p->procs);
	free(p->pid_slots);
}
