/*
 * pager/proctable.c: the process table. Slots are reused lowest-free-first
 * (a free list); pids find their slot through an open-addressing hash with
 * linear probing and backward-shift deletion, so lookup is O(1) however
 * many processes ever lived.
 */
#include <stdlib.h>

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

static void pid_grow(struct pager *p)
{
	uint32_t *old = p->pid_slots, old_cap = p->pid_cap;
	p->pid_cap = old_cap ? old_cap * 2 : 16;
	p->pid_slots = malloc(sizeof *p->pid_slots * p->pid_cap);
	for (uint32_t i = 0; i < p->pid_cap; i++)
		p->pid_slots[i] = NONE;
	for (uint32_t i = 0; i < old_cap; i++)
		if (old[i] != NONE)
			pid_insert(p, old[i]);
	free(old);
}

static uint32_t slot_new(struct pager *p)
{
	if (p->proc_free == NONE) {
		uint32_t old = p->proc_cap;
		p->proc_cap = old ? old * 2 : 8;
		p->procs = realloc(p->procs, sizeof *p->procs * p->proc_cap);
		for (uint32_t s = p->proc_cap; s-- > old;) {
			p->procs[s] = (struct process){ .pid = -1, .valid_pages = p->proc_free };
			p->proc_free = s;
		}
	}
	uint32_t slot = p->proc_free;
	p->proc_free = p->procs[slot].valid_pages; /* free slots chain through it */
	return slot;
}

uint32_t procs_add(struct pager *p, pid_t pid)
{
	if ((p->pid_count + 1) * 2 > p->pid_cap)
		pid_grow(p);
	uint32_t slot = slot_new(p);
	struct process *proc = &p->procs[slot];
	uint32_t pages = p->config.arena_pages;
	*proc = (struct process){
		.pid = pid,
		.ptes = calloc(pages, sizeof *proc->ptes),
		.vpages = malloc(sizeof *proc->vpages * pages),
	};
	MMUSIM_CHECK(proc->ptes && proc->vpages, "procs_add: out of memory for %u pages", pages);
	for (uint32_t v = 0; v < pages; v++)
		proc->vpages[v].object = NONE;
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
