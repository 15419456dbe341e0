/* sim/machine/tlb.c: a set-associative TLB with true LRU per set (use
 * stamps), a one-entry shortcut for the last hit and, for wide sets, a
 * hash of the valid entries; contract in tlb.h. */
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
	if (ways > TLB_HASH_WAYS) {
		uint32_t size = 1;
		while (size < 2 * (uint64_t)entries)
			size *= 2;
		tlb->hash = calloc(size, sizeof *tlb->hash);
		if (!tlb->hash) {
			free(tlb->slots);
			tlb->slots = NULL;
			snprintf(err, err_len, "tlb: out of memory for %u entries",
				 entries);
			return -1;
		}
		tlb->hash_mask = size - 1;
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
	free(tlb->hash);
	free(tlb->slots);
	memset(tlb, 0, sizeof *tlb);
}

/* ---- the hash: holds exactly the valid entries ---- */

static void hash_insert(struct tlb *tlb, struct tlb_entry *e)
{
	uint32_t i = tlb_hash_home(tlb, e->pid, e->vpn);
	while (tlb->hash[i])
		i = (i + 1) & tlb->hash_mask;
	tlb->hash[i] = (uint32_t)(e - tlb->slots) + 1;
}

/* Remove valid entry e (its key still in it): linear probing's backward
 * shift, so that no probe chain is broken and no tombstone is left. */
static void hash_remove(struct tlb *tlb, const struct tlb_entry *e)
{
	uint32_t mask = tlb->hash_mask, want = (uint32_t)(e - tlb->slots) + 1;
	uint32_t i = tlb_hash_home(tlb, e->pid, e->vpn);
	while (tlb->hash[i] != want)
		i = (i + 1) & mask;
	for (uint32_t j = i;;) {
		j = (j + 1) & mask;
		if (!tlb->hash[j])
			break;
		const struct tlb_entry *o = &tlb->slots[tlb->hash[j] - 1];
		uint32_t home = tlb_hash_home(tlb, o->pid, o->vpn);
		/* o may move to i unless its home lies cyclically in (i, j] */
		bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
		if (!stays) {
			tlb->hash[i] = tlb->hash[j];
			i = j;
		}
	}
	tlb->hash[i] = 0;
}

void tlb_rehash(struct tlb *tlb)
{
	if (!tlb->hash)
		return;
	memset(tlb->hash, 0, ((size_t)tlb->hash_mask + 1) * sizeof *tlb->hash);
	for (uint32_t i = 0; i < tlb->entries; i++)
		if (tlb->slots[i].stamp)
			hash_insert(tlb, &tlb->slots[i]);
}

struct tlb_entry *tlb_fill_hashed(struct tlb *tlb, int32_t pid, uint64_t vpn,
				  uint32_t ppage, bool write, bool dirty)
{
	struct tlb_entry *e = tlb_victim(tlb, pid, vpn);
	if (e->stamp)
		hash_remove(tlb, e);
	tlb_set(tlb, e, pid, vpn, ppage, write, dirty);
	hash_insert(tlb, e);
	return e;
}

static void drop(struct tlb *tlb, struct tlb_entry *e)
{
	if (tlb->hash)
		hash_remove(tlb, e);
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
	if (tlb->hash)
		memset(tlb->hash, 0, ((size_t)tlb->hash_mask + 1) * sizeof *tlb->hash);
}

uint32_t tlb_valid_count(const struct tlb *tlb)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < tlb->entries; i++)
		n += tlb->slots[i].stamp != 0;
	return n;
}

bool tlb_check(const struct tlb *tlb)
{
	uint32_t valid = 0, hashed = 0;
	for (uint32_t i = 0; i < tlb->entries; i++) {
		const struct tlb_entry *e = &tlb->slots[i];
		if (!e->stamp)
			continue;
		valid++;
		if (e->stamp > tlb->clock || i / tlb->ways != tlb_set_of(tlb, e->vpn) ||
		    tlb_find(tlb, e->pid, e->vpn) != e)
			return false;  /* misplaced, unhashed, or a pair held twice */
		for (uint32_t j = i / tlb->ways * tlb->ways; j < i; j++)
			if (tlb->slots[j].stamp == e->stamp)
				return false;
	}
	for (uint32_t k = 0; tlb->hash && k <= tlb->hash_mask; k++)
		hashed += tlb->hash[k] != 0;
	return !tlb->hash || hashed == valid;
}
