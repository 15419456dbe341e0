/* sim/machine/pwc.c: a page-walk cache: small sets with a word of tag
 * bytes and a word of rank bytes each, wider sets a struct tlb; contract
 * in pwc.h. */
#include "pwc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)
#define NO_WAY UINT32_MAX

int pwc_init(struct pwc *c, uint32_t entries, uint32_t ways, char *err,
	     size_t err_len)
{
	memset(c, 0, sizeof *c);
	if (entries == 0)
		return 0;
	if (ways == 0)
		ways = entries;
	if (ways > PWC_SMALL_WAYS) {
		if (tlb_init(&c->wide, entries, ways, err, err_len) != 0)
			return -1;
	} else if (entries % ways != 0) {
		snprintf(err, err_len, "mmu.pwc: %u ways do not divide %u entries",
			 ways, entries);
		return -1;
	}
	c->entries = entries;
	c->ways = ways;
	c->sets = entries / ways;
	if (c->wide.entries)
		return 0;
	c->keys = malloc(entries * sizeof *c->keys);
	c->pids = calloc(entries, sizeof *c->pids);
	c->tables = calloc(entries, sizeof *c->tables);
	c->ranks = malloc(c->sets * sizeof *c->ranks);
	c->tags = calloc(c->sets, sizeof *c->tags);
	if (!c->keys || !c->pids || !c->tables || !c->ranks || !c->tags) {
		pwc_fini(c);
		snprintf(err, err_len, "mmu.pwc: out of memory for %u entries",
			 entries);
		return -1;
	}
	c->sets_pow2 = (c->sets & (c->sets - 1)) == 0;
	c->set_mask = c->sets - 1;
	pwc_flush(c);
	return 0;
}

void pwc_fini(struct pwc *c)
{
	free(c->keys);
	free(c->pids);
	free(c->tables);
	free(c->ranks);
	free(c->tags);
	tlb_fini(&c->wide);
	memset(c, 0, sizeof *c);
}

static uint32_t set_of(const struct pwc *c, uint64_t key)
{
	return (uint32_t)(c->sets_pow2 ? key & c->set_mask : key % c->sets);
}

/* The bytes of the set's ways in a tag or rank word (not those above). */
static uint64_t way_bytes(const struct pwc *c)
{
	return c->ways == 8 ? UINT64_MAX : (UINT64_C(1) << (8 * c->ways)) - 1;
}

/* A key's tag: one byte of a multiplicative hash (the keys of one set
 * share their low bits). */
static uint64_t tag_of(uint64_t key)
{
	return (key * UINT64_C(0x9E3779B97F4A7C15)) >> 56;
}

/*
 * The way of a small set holding (pid, key), or NO_WAY. The set's tag word
 * names the ways whose tag byte equals the key's (every such byte has its
 * top bit set in `candidates`; rarely a byte above one is set too), and
 * only those are compared: a miss costs a few word operations and no
 * branch per way, and a hit at a random way is no mispredicted exit.
 */
static uint32_t find_way(const struct pwc *c, uint32_t set, int32_t pid,
			 uint64_t key)
{
	uint64_t x = c->tags[set] ^ tag_of(key) * ONES;
	uint64_t candidates = (x - ONES) & ~x & HIGHS & way_bytes(c);
	size_t s = (size_t)set * c->ways;
	for (; candidates; candidates &= candidates - 1) {
		uint32_t w = (uint32_t)__builtin_ctzll(candidates) / 8;
		if (c->keys[s + w] == key && c->pids[s + w] == pid)
			return w;
	}
	return NO_WAY;
}

/*
 * Way w becomes its set's most recent (rank 0); the ways ranked before it
 * move one back. Ranks are below 128, so a byte's top bit set before the
 * subtraction stops its borrow: a byte keeps its top bit exactly when it
 * is >= w's rank.
 */
static void to_front(struct pwc *c, uint32_t set, uint32_t w)
{
	uint64_t ranks = c->ranks[set], r = (ranks >> (8 * w)) & 0xff;
	uint64_t at_least = ((ranks | HIGHS) - r * ONES) & HIGHS;
	ranks += ((~at_least & HIGHS) >> 7) & way_bytes(c);
	c->ranks[set] = ranks & ~(UINT64_C(0xff) << (8 * w));
}

/* Way w becomes its set's least recent (it was dropped); the ways ranked
 * after it move one forward. */
static void to_back(struct pwc *c, uint32_t set, uint32_t w)
{
	uint64_t ranks = c->ranks[set], r = (ranks >> (8 * w)) & 0xff;
	uint64_t above = ((ranks | HIGHS) - (r + 1) * ONES) & HIGHS;
	ranks -= (above >> 7) & way_bytes(c);
	ranks &= ~(UINT64_C(0xff) << (8 * w));
	c->ranks[set] = ranks | (uint64_t)(c->ways - 1) << (8 * w);
}

/* The set's least recent way: the byte that holds ways - 1. */
static uint32_t least_recent(const struct pwc *c, uint32_t set)
{
	uint64_t x = c->ranks[set] ^ (c->ways - 1) * ONES;
	uint64_t zero = (x - ONES) & ~x & HIGHS;  /* exact at its lowest bit */
	return (uint32_t)__builtin_ctzll(zero) / 8;
}

uint32_t pwc_lookup(struct pwc *c, int32_t pid, uint64_t key)
{
	if (c->wide.entries) {
		struct tlb_entry *e = tlb_find(&c->wide, pid, key);
		if (!e)
			return 0;
		tlb_use(&c->wide, e);
		return e->ppage;
	}
	if (c->entries == 0)
		return 0;
	uint32_t set = set_of(c, key), w = find_way(c, set, pid, key);
	if (w == NO_WAY)
		return 0;
	to_front(c, set, w);
	return c->tables[(size_t)set * c->ways + w];
}

void pwc_fill(struct pwc *c, int32_t pid, uint64_t key, uint32_t table)
{
	if (c->wide.entries) {
		tlb_fill(&c->wide, pid, key, table, false, false);
		return;
	}
	if (c->entries == 0)
		return;
	uint32_t set = set_of(c, key), w = least_recent(c, set);
	size_t i = (size_t)set * c->ways + w;
	c->keys[i] = key;
	c->pids[i] = pid;
	c->tables[i] = table;
	c->tags[set] = (c->tags[set] & ~(UINT64_C(0xff) << (8 * w))) |
		       tag_of(key) << (8 * w);
	to_front(c, set, w);
}

void pwc_flush_pid(struct pwc *c, int32_t pid)
{
	if (c->wide.entries) {
		tlb_flush_pid(&c->wide, pid);
		return;
	}
	for (uint32_t i = 0; i < c->entries; i++)
		if (c->keys[i] != PWC_NO_KEY && c->pids[i] == pid) {
			c->keys[i] = PWC_NO_KEY;
			to_back(c, i / c->ways, i % c->ways);
		}
}

void pwc_flush(struct pwc *c)
{
	if (c->wide.entries) {
		tlb_flush(&c->wide);
		return;
	}
	for (uint32_t i = 0; i < c->entries; i++)
		c->keys[i] = PWC_NO_KEY;
	uint64_t identity = UINT64_MAX;  /* way w at rank w, 0xff above */
	for (uint32_t w = 0; w < c->ways; w++)
		identity = (identity & ~(UINT64_C(0xff) << (8 * w))) |
			   (uint64_t)w << (8 * w);
	for (uint32_t set = 0; set < c->sets; set++)
		c->ranks[set] = identity;
}

uint32_t pwc_valid_count(const struct pwc *c)
{
	if (c->wide.entries)
		return tlb_valid_count(&c->wide);
	uint32_t n = 0;
	for (uint32_t i = 0; i < c->entries; i++)
		n += c->keys[i] != PWC_NO_KEY;
	return n;
}

static bool set_holds(const struct pwc *c, uint32_t set)
{
	uint64_t ranks = c->ranks[set];
	uint32_t seen = 0, lowest_invalid = 0xff, highest_valid = 0;
	bool any_valid = false;
	for (uint32_t w = 0; w < PWC_SMALL_WAYS; w++) {
		uint32_t r = (ranks >> (8 * w)) & 0xff;
		if (w >= c->ways) {
			if (r != 0xff)
				return false;
			continue;
		}
		if (r >= c->ways || (seen & 1u << r))
			return false;
		seen |= 1u << r;
		size_t i = (size_t)set * c->ways + w;
		if (c->keys[i] == PWC_NO_KEY) {
			lowest_invalid = r < lowest_invalid ? r : lowest_invalid;
			continue;
		}
		any_valid = true;
		highest_valid = r > highest_valid ? r : highest_valid;
		if (set_of(c, c->keys[i]) != set ||
		    ((c->tags[set] >> (8 * w)) & 0xff) != tag_of(c->keys[i]) ||
		    find_way(c, set, c->pids[i], c->keys[i]) != w)
			return false;
	}
	return !any_valid || highest_valid < lowest_invalid;
}

bool pwc_check(const struct pwc *c)
{
	if (c->wide.entries || c->entries == 0)
		return true;
	for (uint32_t set = 0; set < c->sets; set++)
		if (!set_holds(c, set))
			return false;
	return true;
}
