/* sim/machine/pwc.c: a page-walk cache: small sets with a word of tag
 * bytes and a word of recency order each, wider sets a struct tlb; contract
 * in pwc.h. */
#include "pwc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	c->small = calloc(c->sets, sizeof *c->small);
	if (!c->small) {
		pwc_fini(c);
		snprintf(err, err_len, "mmu.pwc: out of memory for %u entries",
			 entries);
		return -1;
	}
	c->way_ones = ways == 8 ? PWC_ONES : PWC_ONES & ((UINT64_C(1) << (8 * ways)) - 1);
	c->last_shift = 8 * (ways - 1);
	c->sets_pow2 = (c->sets & (c->sets - 1)) == 0;
	c->set_mask = c->sets - 1;
	pwc_flush(c);
	return 0;
}

void pwc_fini(struct pwc *c)
{
	free(c->small);
	tlb_fini(&c->wide);
	memset(c, 0, sizeof *c);
}

/* Way w becomes its set's least recent (it was dropped): the ways after
 * it move one forward. */
static void to_back(const struct pwc *c, struct pwc_set *s, uint32_t w)
{
	for (uint32_t p = pwc_position(s, w); p + 1 < c->ways; p++) {
		uint64_t next = (s->order >> (8 * (p + 1))) & 0xff;
		s->order = (s->order & ~(UINT64_C(0xff) << (8 * p))) | next << (8 * p);
	}
	s->order = (s->order & ~(UINT64_C(0xff) << c->last_shift)) |
		   (uint64_t)w << c->last_shift;
}

uint32_t pwc_lookup_wide(struct pwc *c, int32_t pid, uint64_t key)
{
	struct tlb_entry *e = c->wide.entries ? tlb_find(&c->wide, pid, key) : NULL;
	if (!e)
		return 0;
	tlb_use(&c->wide, e);
	return e->ppage;
}

void pwc_fill_wide(struct pwc *c, int32_t pid, uint64_t key, uint32_t table)
{
	tlb_fill(&c->wide, pid, key, table, false, false);
}

void pwc_flush_pid(struct pwc *c, int32_t pid)
{
	if (c->wide.entries) {
		tlb_flush_pid(&c->wide, pid);
		return;
	}
	for (uint32_t set = 0; set < c->sets; set++) {
		struct pwc_set *s = &c->small[set];
		for (uint32_t w = 0; w < c->ways; w++)
			if (s->keys[w] != PWC_NO_KEY && s->pids[w] == pid) {
				s->keys[w] = PWC_NO_KEY;
				to_back(c, s, w);
			}
	}
}

void pwc_flush(struct pwc *c)
{
	if (c->wide.entries) {
		tlb_flush(&c->wide);
		return;
	}
	uint64_t identity = UINT64_MAX;  /* way w at position w, 0xff above */
	for (uint32_t w = 0; w < c->ways; w++)
		identity = (identity & ~(UINT64_C(0xff) << (8 * w))) |
			   (uint64_t)w << (8 * w);
	for (uint32_t set = 0; set < c->sets; set++) {
		struct pwc_set *s = &c->small[set];
		for (uint32_t w = 0; w < PWC_SMALL_WAYS; w++)
			s->keys[w] = PWC_NO_KEY;
		s->order = identity;
	}
}

uint32_t pwc_valid_count(const struct pwc *c)
{
	if (c->wide.entries)
		return tlb_valid_count(&c->wide);
	uint32_t n = 0;
	for (uint32_t set = 0; set < c->sets; set++)
		for (uint32_t w = 0; w < c->ways; w++)
			n += c->small[set].keys[w] != PWC_NO_KEY;
	return n;
}

static bool set_holds(const struct pwc *c, uint32_t set)
{
	const struct pwc_set *s = &c->small[set];
	uint32_t seen = 0;
	bool invalid_seen = false;
	for (uint32_t p = 0; p < PWC_SMALL_WAYS; p++) {
		uint32_t w = (s->order >> (8 * p)) & 0xff;
		if (p >= c->ways) {
			if (w != 0xff)
				return false;
			continue;
		}
		if (w >= c->ways || (seen & 1u << w))
			return false;
		seen |= 1u << w;
		if (s->keys[w] == PWC_NO_KEY) {
			invalid_seen = true;
			continue;
		}
		if (invalid_seen ||  /* a valid way after an invalid one */
		    pwc_set_of(c, s->keys[w]) != s ||
		    ((s->tags >> (8 * w)) & 0xff) != pwc_tag(s->keys[w]) ||
		    pwc_way_of(c, s, s->pids[w], s->keys[w]) != w)
			return false;
	}
	return true;
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
