/*
 * sim/machine/pwc.h: one level's page-walk cache (docs/machine.md,
 * "Multi-level page tables"; used by mmu.c).
 *
 * `entries` entries in sets of `ways` (0: one fully associative set), true
 * LRU within a set: the same hits, misses and victims as a struct tlb of
 * that shape. An entry maps (pid, key) to a table page number (>= 1), the
 * key being the virtual-address prefix that selects the cached entry.
 * Which way of a set holds an entry is not part of the contract.
 *
 * Sets of up to PWC_SMALL_WAYS ways (every default cache) are built for
 * the walk's hot path (issue 14), each with two words of bytes, one per
 * way: tags (a hash of the way's key), so a lookup compares the key with
 * only the ways whose tag matches, found with a few word operations (a
 * miss usually compares none, and a hit at a random way is no mispredicted
 * exit from a scan); and ranks (0 the most recent), so a use re-ranks the
 * set and a fill finds its victim (the highest rank) without comparing use
 * stamps way by way. Invalid ways take the highest ranks, so they go before
 * any valid one. Wider sets are a struct tlb, whose hash keeps their
 * lookups O(1).
 *
 * entries == 0 means no cache: lookups miss and fills do nothing. Nothing
 * allocates after pwc_init.
 */
#ifndef MMUSIM_SIM_PWC_H
#define MMUSIM_SIM_PWC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tlb.h"

#define PWC_SMALL_WAYS 8      /* one rank byte per way in a 64-bit word */
#define PWC_NO_KEY UINT64_MAX /* an invalid way's key; no prefix is this */

struct pwc {
	uint32_t entries, ways, sets;
	/* sets of up to PWC_SMALL_WAYS ways: per way (set s at s * ways) */
	uint64_t *keys;          /* PWC_NO_KEY: invalid */
	int32_t *pids;
	uint32_t *tables;
	uint64_t *ranks;         /* per set: byte w is way w's rank; bytes
				  * from `ways` up are 0xff */
	uint64_t *tags;          /* per set: byte w a hash of way w's key */
	uint32_t set_mask;       /* sets - 1 when sets is a power of two */
	bool sets_pow2;
	struct tlb wide;         /* wider sets (entries 0 otherwise) */
};

/* entries 0 (no cache) or 1..65536 with ways dividing entries (0 = fully
 * associative). 0, or -1 with a reason in err. */
int pwc_init(struct pwc *c, uint32_t entries, uint32_t ways, char *err,
	     size_t err_len);
void pwc_fini(struct pwc *c);

/* The table page held for (pid, key), made its set's most recently used;
 * 0 when not held. */
uint32_t pwc_lookup(struct pwc *c, int32_t pid, uint64_t key);

/* Hold (pid, key) -> table (>= 1) as its set's most recently used entry,
 * in place of the set's least recently used (an invalid way first).
 * (pid, key) must not be held: a lookup of it missed since (the walk
 * fills only the levels it looked up and missed; pwc_check finds a pair
 * held twice). */
void pwc_fill(struct pwc *c, int32_t pid, uint64_t key, uint32_t table);

/* Drop every entry of pid. */
void pwc_flush_pid(struct pwc *c, int32_t pid);
/* Drop every entry. */
void pwc_flush(struct pwc *c);

/* Valid entries now held (tests). */
uint32_t pwc_valid_count(const struct pwc *c);

/* The invariants, for tests: each set's ranks are a permutation of 0 ..
 * ways - 1 with 0xff above, invalid ways rank above every valid one, a
 * valid entry lies in its key's set under its key's tag, and no (pid, key)
 * is held twice. */
bool pwc_check(const struct pwc *c);

#endif
