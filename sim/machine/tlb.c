/* sim/machine/tlb.c: a set-associative TLB with true LRU per set (use
 * stamps) and a one-entry shortcut for the last hit; contract in tlb.h. */
#include "tlb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tlb_init(struct tlb *tlb, uint32_t entries, uint32_t ways, char *err,
	     size_t err_len)
{
	memset(tlb, 0, sizeof *tlb);
	if (entries == 0)
		return 0;
	if (ways == 0)
		ways = entries;
	if (ways > entries || entries % ways != 0) {
		snprintf(err, err_len,
			 "tlb.ways: %u does not divide tlb.entries (%u)", ways,
			 entries);
		return -1;
	}
	tlb->slots = calloc(entries, sizeof *tlb->slots);
	if (!tlb->slots) {
		snprintf(err, err_len, "tlb: out of memory for %u entries",
			 entries);
		return -1;
	}
	tlb->entries = entries;
	tlb->ways = ways;
	tlb->sets = entries / ways;
	tlb->sets_pow2 = (tlb->sets & (tlb->sets - 1)) == 0;
	tlb->set_mask = tlb->sets - 1;
	return 0;
}

void tlb_fini(struct tlb *tlb)
{
	free(tlb->slots);
	memset(tlb, 0, sizeof *tlb);
}

/* The entry a fill of vpn replaces: the one already holding (pid, vpn),
 * else the first invalid one, else the least recently used. */
static struct tlb_entry *victim(struct tlb *tlb, int32_t pid, uint64_t vpn)
{
	struct tlb_entry *set =
		tlb->slots + (size_t)tlb_set_of(tlb, vpn) * tlb->ways;
	struct tlb_entry *best = NULL;
	for (uint32_t w = 0; w < tlb->ways; w++) {
		struct tlb_entry *e = &set[w];
		if (e->stamp && e->vpn == vpn && e->pid == pid)
			return e;
		if (!best || (best->stamp && e->stamp < best->stamp))
			best = e;
	}
	return best;
}

struct tlb_entry *tlb_fill(struct tlb *tlb, int32_t pid, uint64_t vpn,
			   uint32_t ppage, bool write, bool dirty)
{
	if (tlb->entries == 0)
		return NULL;
	struct tlb_entry *e = victim(tlb, pid, vpn);
	e->vpn = vpn;
	e->pid = pid;
	e->ppage = ppage;
	e->write = write;
	e->dirty = dirty;
	tlb_use(tlb, e);
	return e;
}

static void drop(struct tlb *tlb, struct tlb_entry *e)
{
	e->stamp = 0;
	if (tlb->last == e)
		tlb->last = NULL;
}

void tlb_invalidate(struct tlb *tlb, int32_t pid, uint64_t vpn)
{
	struct tlb_entry *e = tlb_find(tlb, pid, vpn);
	if (e)
		drop(tlb, e);
}

void tlb_flush_pid(struct tlb *tlb, int32_t pid)
{
	for (uint32_t i = 0; i < tlb->entries; i++)
		if (tlb->slots[i].stamp && tlb->slots[i].pid == pid)
			drop(tlb, &tlb->slots[i]);
}

void tlb_flush(struct tlb *tlb)
{
	for (uint32_t i = 0; i < tlb->entries; i++)
		tlb->slots[i].stamp = 0;
	tlb->last = NULL;
}

uint32_t tlb_valid_count(const struct tlb *tlb)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < tlb->entries; i++)
		n += tlb->slots[i].stamp != 0;
	return n;
}
