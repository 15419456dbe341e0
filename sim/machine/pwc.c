/* sim/machine/pwc.c: a page-walk cache: small sets with a word of tag
 * bytes and a word of rank bytes each, wider sets a struct tlb; contract
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


/* Way w becomes its set's least recent (it was dropped); the ways ranked
 * after it move one forward. */
static void to_back(const struct pwc *c, struct pwc_set *s, uint32_t w)
{
	uint64_t ranks = s->ranks, r = (ranks >> (8 * w)) & 0xff;
	uint64_t above = ((ranks | PWC_HIGHS) - (r + 1) * PWC_ONES) & PWC_HIGHS;
	ranks -= (above >> 7) & c->way_ones;
	ranks &= ~(UINT64_C(0xff) << (8 * w));
	s->ranks = ranks | (uint64_t)(c->ways - 1) << (8 * w);
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
	uint64_t identity = UINT64_MAX;  /* way w at rank w, 0xff above */
	for (uint32_t w = 0; w < c->ways; w++)
		identity = (identity & ~(UINT64_C(0xff) << (8 * w))) |
			   (uint64_t)w << (8 * w);
	for (uint32_t set = 0; set < c->sets; set++) {
		struct pwc_set *s = &c->small[set];
		for (uint32_t w = 0; w < PWC_SMALL_WAYS; w++)
			s->keys[w] = PWC_NO_KEY;
		s->ranks = identity;
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
	uint64_t ranks = s->ranks;
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
		if (s->keys[w] == PWC_NO_KEY) {
			lowest_invalid = r < lowest_invalid ? r : lowest_invalid;
			continue;
		}
		any_valid = true;
		highest_valid = r > highest_valid ? r : highest_valid;
		if (pwc_set_of(c, s->keys[w]) != s ||
		    ((s->tags >> (8 * w)) & 0xff) != pwc_tag(s->keys[w]) ||
		    pwc_way_of(c, s, s->pids[w], s->keys[w]) != w)
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
