/* live/live_procs.c: the live pager's process table (live_procs.h). */
#include "live_procs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *grow(void *p, uint32_t *cap, size_t size)
{
	uint32_t n = *cap ? *cap * 2 : 8;
	void *q = realloc(p, (size_t)n * size);
	if (!q) {
		fputs("mmusim live: out of memory\n", stderr);
		abort();
	}
	*cap = n;
	return q;
}

void live_procs_init(struct live_procs *p)
{
	memset(p, 0, sizeof *p);
}

void live_procs_fini(struct live_procs *p)
{
	free(p->procs);
	free(p->ready);
	memset(p, 0, sizeof *p);
}

uint32_t live_procs_add(struct live_procs *p, pid_t real, int32_t id, int socket)
{
	if (p->count == p->cap) {
		uint32_t cap = p->cap;
		p->procs = grow(p->procs, &cap, sizeof *p->procs);
		p->ready = grow(p->ready, &p->cap, sizeof *p->ready);
	}
	struct live_proc *proc = &p->procs[p->count];
	memset(proc, 0, sizeof *proc);
	proc->real = real;
	proc->id = id;
	proc->socket = socket;
	proc->alive = true;
	return p->count++;
}

void live_procs_ready_push(struct live_procs *p, uint32_t index)
{
	p->ready[p->ready_len++] = index;
}

uint32_t live_procs_ready_pop(struct live_procs *p)
{
	if (p->ready_len == 0)
		return UINT32_MAX;
	uint32_t index = p->ready[0];
	memmove(p->ready, p->ready + 1, (p->ready_len - 1) * sizeof *p->ready);
	p->ready_len--;
	return index;
}

void live_procs_ready_remove(struct live_procs *p, uint32_t index)
{
	for (uint32_t i = 0; i < p->ready_len; i++)
		if (p->ready[i] == index) {
			memmove(p->ready + i, p->ready + i + 1,
				(p->ready_len - i - 1) * sizeof *p->ready);
			p->ready_len--;
			return;
		}
}

static uint8_t prot_of(const struct pte *e)
{
	if (e->write_enable)
		return LIVE_PROT_RW;
	return e->read_enable ? LIVE_PROT_READ : LIVE_PROT_NONE;
}

uint32_t live_procs_diff(struct live_proc *proc, const struct pte *table, uint32_t valid,
		    uint32_t arena_pages, struct live_change *changes)
{
	uint32_t n = 0;
	for (uint32_t v = 0; v < arena_pages && v < LIVE_MAX_ARENA_PAGES; v++) {
		struct live_mapping want = {0, LIVE_PROT_NONE};
		if (table && v < valid) {
			want.prot = prot_of(&table[v]);
			want.ppage = want.prot == LIVE_PROT_NONE ? 0 : table[v].ppage;
		}
		struct live_mapping *have = &proc->mapped[v];
		if (have->prot == want.prot && have->ppage == want.ppage)
			continue;
		*have = want;
		changes[n++] = (struct live_change){v, want.ppage, want.prot};
	}
	return n;
}
