/* tests/replay/run_fingerprint.c: the hash of run_fingerprint.h, mixed
 * byte by byte (FNV-1a) from what the run's views expose. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "pager.h"
#include "run.h"
#include "run_fingerprint.h"
#include "sim_machine.h"


static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}
#define MIX(h, v) ((h) = mix((h), &(v), sizeof(v)))

static void mix_owner(void *arg, pid_t pid, uint64_t vaddr)
{
	uint64_t *h = arg;
	MIX(*h, pid);
	MIX(*h, vaddr);
}

static uint64_t mix_pager(uint64_t h, const struct pager *p)
{
	const struct pager_config *c = pager_config(p);
	h = mix(h, pager_stats(p), sizeof *pager_stats(p));
	for (uint32_t f = 0; f < c->memory_pages; f++) {
		struct frame_view v;
		pager_frame_view(p, f, &v);
		uint64_t fields[] = {v.use, v.referenced, v.dirty, v.pinned, v.sharers,
				     (uint64_t)v.first_pid, v.first_vaddr, v.block};
		h = mix(h, fields, sizeof fields);
		if (v.file)
			h = mix(h, v.file, strlen(v.file));
		pager_frame_owners(p, f, mix_owner, &h);
	}
	for (uint32_t b = 0; b < c->swap_blocks; b++) {
		struct block_view v;
		pager_block_view(p, b, &v);
		uint64_t fields[] = {v.use, v.sharers, v.frame};
		h = mix(h, fields, sizeof fields);
	}
	uint32_t reserved = pager_swap_reserved(p);
	MIX(h, reserved);
	for (pid_t q = 0; q < 10; q++) {
		uint32_t valid = 0;
		const struct pte *t = pager_page_table(p, q, &valid);
		MIX(h, valid);
		if (t)
			h = mix(h, t, sizeof *t * c->arena_pages);
	}
	uint32_t *order = calloc(c->memory_pages, sizeof *order);
	assert_non_null(order);
	uint32_t n = pager_policy_order(p, order, c->memory_pages);
	h = mix(h, order, sizeof *order * n);
	free(order);
	return h;
}

uint64_t run_fingerprint(const struct run *r)
{
	const struct machine *m = run_machine(r);
	uint64_t h = 0xcbf29ce484222325ULL;
	h = mix(h, m->physmem, (size_t)m->memory_pages * m->geo.size);
	h = mix(h, m->tlb.slots, (size_t)m->tlb.entries * sizeof *m->tlb.slots);
	MIX(h, m->tlb.clock);
	size_t last = m->tlb.last ? (size_t)(m->tlb.last - m->tlb.slots) : SIZE_MAX;
	MIX(h, last);
	MIX(h, m->cycles);
	MIX(h, m->tlb_hits);
	MIX(h, m->tlb_misses);
	MIX(h, m->walks);
	uint32_t base = m->page_table ? m->page_table->ppage : UINT32_MAX;
	MIX(h, base);
	MIX(h, m->page_table_len);
	h = mix_pager(h, run_pager(r));
	uint64_t events = run_events(r);
	int32_t pid = run_current_pid(r);
	MIX(h, events);
	MIX(h, pid);
	struct run_result res;
	run_result(r, &res);
	uint64_t counts[] = {res.events, res.reads, res.writes, res.faults,
			     res.faults_invalid, res.killed, res.cycles,
			     res.window.set, res.window.after_event, res.window.line};
	return mix(h, counts, sizeof counts);
}
