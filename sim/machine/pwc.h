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
 * the walk's hot path (issue 14), each with two words of bytes: tags, one
 * per way (a hash of the way's key), so a lookup compares the key with
 * only the ways whose tag matches, found with a few word operations (a
 * miss usually compares none, and a hit at a random way is no mispredicted
 * exit from a scan); and the recency order, one byte per position (the
 * way there, the most recent first), so a use moves a byte to the front
 * and a fill takes the way in the last byte, with a few word operations
 * and no use stamps compared way by way. Invalid ways stand after every
 * valid one, so they go first. Wider sets are a struct tlb, whose hash
 * keeps their lookups O(1).
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

#define PWC_SMALL_WAYS 8      /* one byte per way in a 64-bit word */
#define PWC_NO_KEY UINT64_MAX /* an invalid way's key; no prefix is this */

/* A set of up to PWC_SMALL_WAYS ways, in one place: a lookup reads its
 * two words and the keys of its candidates, a fill writes one way. */
struct pwc_set {
	uint64_t tags;           /* byte w: a hash of way w's key */
	uint64_t order;          /* byte k: the way k-th most recently used;
				  * bytes from `ways` up are 0xff */
	uint64_t keys[PWC_SMALL_WAYS];  /* PWC_NO_KEY: invalid */
	int32_t pids[PWC_SMALL_WAYS];
	uint32_t tables[PWC_SMALL_WAYS];
};

struct pwc {
	uint32_t entries, ways, sets;
	struct pwc_set *small;   /* sets of up to PWC_SMALL_WAYS ways */
	uint64_t way_ones;       /* 0x01 in the byte of each way of a set */
	uint32_t last_shift;     /* 8 * (ways - 1): the order's last byte */
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
 * 0 when not held. Inline below: a walk looks up to four caches. */
static inline uint32_t pwc_lookup(struct pwc *c, int32_t pid, uint64_t key);

/* Hold (pid, key) -> table (>= 1) as its set's most recently used entry,
 * in place of the set's least recently used (an invalid way first).
 * (pid, key) must not be held: a lookup of it missed since (the walk
 * fills only the levels it looked up and missed; pwc_check finds a pair
 * held twice). */
static inline void pwc_fill(struct pwc *c, int32_t pid, uint64_t key,
			    uint32_t table);

/* Drop every entry of pid. */
void pwc_flush_pid(struct pwc *c, int32_t pid);
/* Drop every entry. */
void pwc_flush(struct pwc *c);

/* Valid entries now held (tests). */
uint32_t pwc_valid_count(const struct pwc *c);

/* The invariants, for tests: each set's order is a permutation of 0 ..
 * ways - 1 with 0xff above, invalid ways stand after every valid one, a
 * valid entry lies in its key's set under its key's tag, and no (pid, key)
 * is held twice. */
bool pwc_check(const struct pwc *c);

/* ---- the mechanism of lookups and fills (inline: the walk's hot path) */

#define PWC_ONES UINT64_C(0x0101010101010101)
#define PWC_HIGHS UINT64_C(0x8080808080808080)
#define PWC_NO_WAY UINT32_MAX

/* A wide cache's lookup, or no cache's (0), and a wide cache's fill. */
uint32_t pwc_lookup_wide(struct pwc *c, int32_t pid, uint64_t key);
void pwc_fill_wide(struct pwc *c, int32_t pid, uint64_t key, uint32_t table);

static inline struct pwc_set *pwc_set_of(const struct pwc *c, uint64_t key)
{
	return &c->small[c->sets_pow2 ? key & c->set_mask : key % c->sets];
}

/* A key's tag: one byte of a multiplicative hash (the keys of one set
 * share their low bits). */
static inline uint64_t pwc_tag(uint64_t key)
{
	return (key * UINT64_C(0x9E3779B97F4A7C15)) >> 56;
}

/*
 * The way of a small set holding (pid, key), or PWC_NO_WAY. The set's tag
 * word names the ways whose tag byte equals the key's (every such byte has
 * its top bit set in `candidates`; rarely a byte above one is set too),
 * and only those are compared: a miss costs a few word operations and no
 * branch per way, and a hit at a random way is no mispredicted exit.
 */
static inline uint32_t pwc_way_of(const struct pwc *c, const struct pwc_set *s,
				  int32_t pid, uint64_t key)
{
	uint64_t x = s->tags ^ pwc_tag(key) * PWC_ONES;
	uint64_t candidates = (x - PWC_ONES) & ~x & c->way_ones << 7;
	for (; candidates; candidates &= candidates - 1) {
		uint32_t w = (uint32_t)__builtin_ctzll(candidates) / 8;
		if (s->keys[w] == key && s->pids[w] == pid)
			return w;
	}
	return PWC_NO_WAY;
}

/* Where way w stands in its set's order (the byte that holds it: bytes
 * past the ways hold 0xff, never a way). */
static inline uint32_t pwc_position(const struct pwc_set *s, uint32_t w)
{
	uint64_t x = s->order ^ w * PWC_ONES;
	uint64_t zero = (x - PWC_ONES) & ~x & PWC_HIGHS;  /* exact at its lowest bit */
	return (uint32_t)__builtin_ctzll(zero) / 8;
}

/* Way w, at position p, becomes its set's most recent: the ways before it
 * move one back. */
static inline void pwc_to_front(struct pwc_set *s, uint32_t w, uint32_t p)
{
	uint64_t through = (UINT64_C(2) << (8 * p + 7)) - 1;  /* bytes 0 .. p */
	s->order = (s->order & ~through) | ((s->order << 8) & through) | w;
}

static inline uint32_t pwc_lookup(struct pwc *c, int32_t pid, uint64_t key)
{
	if (!c->small)
		return pwc_lookup_wide(c, pid, key);
	struct pwc_set *s = pwc_set_of(c, key);
	uint32_t w = pwc_way_of(c, s, pid, key);
	if (w == PWC_NO_WAY)
		return 0;
	pwc_to_front(s, w, pwc_position(s, w));
	return s->tables[w];
}

static inline void pwc_fill(struct pwc *c, int32_t pid, uint64_t key,
			    uint32_t table)
{
	if (!c->small) {
		if (c->wide.entries)
			pwc_fill_wide(c, pid, key, table);
		return;
	}
	struct pwc_set *s = pwc_set_of(c, key);
	uint32_t w = (s->order >> c->last_shift) & 0xff;  /* the least recent */
	s->keys[w] = key;
	s->pids[w] = pid;
	s->tables[w] = table;
	s->tags = (s->tags & ~(UINT64_C(0xff) << (8 * w))) | pwc_tag(key) << (8 * w);
	pwc_to_front(s, w, c->ways - 1);
}

#endif
