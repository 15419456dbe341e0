/*
 * sim/machine/mmu.c: the upper levels of a multi-level page table, their
 * physical addresses and the page-walk caches; contract in mmu.h.
 */
#include "mmu.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mmu_space {
	int32_t pid;
	/* per level index: table page numbers by (prefix - first), 0: the
	 * table does not exist; NULL until the level's first table */
	uint32_t *tables[MMU_MAX_LEVELS];
	/* beside each table of level index i >= 1: the accessed bit of the
	 * entry one level up that names it (allocated with tables[i]) */
	uint8_t *accessed[MMU_MAX_LEVELS];
};

static void out_of_memory(const char *what)
{
	fprintf(stderr, "mmusim: machine: out of memory for %s\n", what);
	abort();
}

/* vaddr >> shift, 0 when shift is 64 (the whole address is below). */
static uint64_t above(uint64_t vaddr, uint32_t shift)
{
	return shift >= 64 ? 0 : vaddr >> shift;
}

int mmu_init(struct mmu *mmu, const struct mmusim_config *c,
	     const struct page_geometry *g, uint64_t memory_bytes, char *err,
	     size_t err_len)
{
	memset(mmu, 0, sizeof *mmu);
	if (c->mmu.levels == 0)
		return 0;
	mmu->levels = c->mmu.levels;
	mmu->va_bits = config_mmu_va_bits(&c->mmu, g->shift);
	uint32_t low = g->shift, widest = 0;
	for (uint32_t i = mmu->levels; i-- > 0;) {
		mmu->bits[i] = c->mmu.level_bits[i];
		mmu->low[i] = low;
		mmu->index_mask[i] = (UINT64_C(1) << mmu->bits[i]) - 1;
		low += mmu->bits[i];
		mmu->first[i] = above(g->arena_base, low);
		uint64_t n = above(g->arena_last, low) - mmu->first[i] + 1;
		if (n > UINT32_MAX) {
			snprintf(err, err_len, "mmu: the arena spans more than "
				 "2^32 tables at one level");
			return -1;
		}
		mmu->count[i] = (uint32_t)n;
		if (mmu->bits[i] > widest)
			widest = mmu->bits[i];
	}
	mmu->set_accessed = c->hardware_ref_bits && c->mmu.upper_accessed;
	mmu->table_base = memory_bytes;
	mmu->table_bytes = (uint64_t)MMU_PTE_BYTES << widest;
	struct pwc_config pwc[MMU_MAX_PWC];
	uint32_t n = config_mmu_pwc(&c->mmu, pwc);
	for (uint32_t i = 0; i < n; i++)
		if (pwc_init(&mmu->pwc[pwc[i].level], pwc[i].entries,
			     pwc[i].ways, err, err_len) != 0) {
			mmu_fini(mmu);
			return -1;
		}
	for (uint32_t L = 2; L <= mmu->levels; L++)
		if (mmu->pwc[L].entries)
			mmu->looks[mmu->look_count++] = (struct mmu_look){
				.pwc = &mmu->pwc[L], .level = L,
				.shift = mmu->low[mmu->levels - L] };
	return 0;
}

static void free_space(struct mmu_space *s)
{
	for (uint32_t i = 0; i < MMU_MAX_LEVELS; i++) {
		free(s->tables[i]);
		free(s->accessed[i]);
	}
}

void mmu_fini(struct mmu *mmu)
{
	for (uint32_t i = 0; i <= MMU_MAX_LEVELS; i++)
		pwc_fini(&mmu->pwc[i]);
	for (uint32_t i = 0; i < mmu->space_count; i++)
		free_space(&mmu->spaces[i]);
	free(mmu->spaces);
	free(mmu->free_tables);
	memset(mmu, 0, sizeof *mmu);
}

/* Process pid's tables, made on its first walk. The walks between two
 * switches are of one process: the last one found is tried first, so
 * only a switch's first walk looks through the processes. */
static struct mmu_space *space_of(struct mmu *mmu, int32_t pid)
{
	uint32_t hint = mmu->space_hint;
	if (hint < mmu->space_count && mmu->spaces[hint].pid == pid)
		return &mmu->spaces[hint];
	for (uint32_t i = 0; i < mmu->space_count; i++)
		if (mmu->spaces[i].pid == pid) {
			mmu->space_hint = i;
			return &mmu->spaces[i];
		}
	if (mmu->space_count == mmu->space_cap) {
		uint32_t cap = mmu->space_cap ? 2 * mmu->space_cap : 8;
		struct mmu_space *bigger = realloc(mmu->spaces, cap * sizeof *bigger);
		if (!bigger)
			out_of_memory("the page tables' processes");
		mmu->spaces = bigger;
		mmu->space_cap = cap;
	}
	mmu->space_hint = mmu->space_count;
	struct mmu_space *s = &mmu->spaces[mmu->space_count++];
	memset(s, 0, sizeof *s);
	s->pid = pid;
	return s;
}

static uint32_t new_table(struct mmu *mmu)
{
	mmu->live_tables++;
	if (mmu->free_count)
		return mmu->free_tables[--mmu->free_count];
	if (mmu->next_table == UINT32_MAX)
		out_of_memory("page-table page numbers");
	return ++mmu->next_table;
}

/* The slot of the level-i table that covers vaddr; NULL when no table of
 * the arena covers it (not present, never created). */
static uint32_t *slot_of(struct mmu *mmu, struct mmu_space *s, uint32_t i,
			 uint64_t vaddr)
{
	uint64_t prefix = above(vaddr, mmu->low[i] + mmu->bits[i]);
	if (prefix < mmu->first[i] || prefix - mmu->first[i] >= mmu->count[i])
		return NULL;
	if (!s->tables[i]) {
		s->tables[i] = calloc(mmu->count[i], sizeof *s->tables[i]);
		s->accessed[i] = calloc(mmu->count[i], sizeof *s->accessed[i]);
		if (!s->tables[i] || !s->accessed[i])
			out_of_memory("a page-table level");
	}
	return &s->tables[i][prefix - mmu->first[i]];
}

/* The deepest page-walk cache hit for vaddr, looking in each cache from
 * the deepest level up (each look counted): the table index to start at
 * (0: no hit) and that table's page number in *table. */
static uint32_t pwc_start(struct mmu *mmu, int32_t pid, uint64_t vaddr,
			  uint32_t *table)
{
	uint32_t looked = 0, start = 0;
	while (looked < mmu->look_count) {
		const struct mmu_look *look = &mmu->looks[looked++];
		*table = pwc_lookup(look->pwc, pid, vaddr >> look->shift);
		if (*table) {
			mmu->stats.pwc_hits[look->level]++;
			mmu->last_pwc_level = look->level;
			start = mmu->levels - look->level + 1;
			break;
		}
	}
	mmu->last_pwc_lookups = looked;
	mmu->stats.pwc_lookups += looked;
	return start;
}

bool mmu_walk(struct mmu *mmu, int32_t pid, uint64_t vaddr, bool mapped,
	      uint32_t *reads)
{
	uint32_t n = mmu->levels, table = 0, count = 0;
	bool reached = false;
	mmu->last_vaddr = vaddr;
	mmu->last_pid = pid;
	mmu->last_pwc_level = 0;
	mmu->stats.walks++;
	if (above(vaddr, mmu->va_bits) != 0) {
		mmu->last_pwc_lookups = 0;
		mmu->last_first = 0;
		mmu->stats.pwc_misses++;
		goto done;  /* no entry of the format translates it */
	}
	struct mmu_space *s = space_of(mmu, pid);
	uint32_t start = pwc_start(mmu, pid, vaddr, &table);
	if (start == 0) {
		mmu->stats.pwc_misses++;
		uint32_t *top = slot_of(mmu, s, 0, vaddr);
		if (!*top)
			*top = new_table(mmu);
		table = *top;
	}
	mmu->last_first = n - start;
	for (uint32_t i = start;; i++) {  /* start < n: a hit names a table */
		uint32_t level = n - i;
		mmu->stats.reads_by_level[level]++;
		mmu->last_table[count] = table;
		mmu->last_addr[count++] = mmu->table_base +
			(uint64_t)(table - 1) * mmu->table_bytes +
			(uint64_t)mmu_index(mmu, level, vaddr) * MMU_PTE_BYTES;
		if (level == 1) {
			reached = true;
			break;
		}
		uint32_t *next = slot_of(mmu, s, i + 1, vaddr);
		if (!next || (!*next && !mapped))
			break;  /* the entry is not present */
		if (!*next)
			*next = new_table(mmu);
		table = *next;
		if (mmu->set_accessed)
			s->accessed[i + 1][next - s->tables[i + 1]] = 1;
		pwc_fill(&mmu->pwc[level], pid, vaddr >> mmu->low[i], table);
	}
done:
	*reads = count;
	mmu->last_reads = count;
	mmu->last_reached = reached;
	mmu->stats.reads += count;
	mmu->stats.walks_by_reads[count]++;
	return reached;
}

int mmu_accessed(const struct mmu *mmu, int32_t pid, uint64_t vaddr,
		 uint32_t level)
{
	if (level < 2 || level > mmu->levels || above(vaddr, mmu->va_bits))
		return -1;
	uint32_t i = mmu->levels - level + 1;  /* the table the entry names */
	uint64_t prefix = above(vaddr, mmu->low[i] + mmu->bits[i]);
	if (prefix < mmu->first[i] || prefix - mmu->first[i] >= mmu->count[i])
		return -1;
	for (uint32_t k = 0; k < mmu->space_count; k++) {
		const struct mmu_space *s = &mmu->spaces[k];
		if (s->pid != pid)
			continue;
		uint64_t j = prefix - mmu->first[i];
		if (!s->tables[i] || !s->tables[i][j])
			return -1;
		return s->accessed[i][j];
	}
	return -1;
}

void mmu_flush_pwc(struct mmu *mmu)
{
	for (uint32_t i = 0; i <= MMU_MAX_LEVELS; i++)
		pwc_flush(&mmu->pwc[i]);
}

void mmu_forget(struct mmu *mmu, int32_t pid)
{
	for (uint32_t i = 0; i <= MMU_MAX_LEVELS; i++)
		pwc_flush_pid(&mmu->pwc[i], pid);
	for (uint32_t k = 0; k < mmu->space_count; k++) {
		struct mmu_space *s = &mmu->spaces[k];
		if (s->pid != pid)
			continue;
		for (uint32_t i = 0; i < mmu->levels; i++)
			for (uint32_t j = 0; s->tables[i] && j < mmu->count[i]; j++) {
				if (!s->tables[i][j])
					continue;
				if (mmu->free_count == mmu->free_cap) {
					uint32_t cap = mmu->free_cap ? 2 * mmu->free_cap : 64;
					uint32_t *bigger = realloc(mmu->free_tables,
								   cap * sizeof *bigger);
					if (!bigger)
						out_of_memory("freed page-table pages");
					mmu->free_tables = bigger;
					mmu->free_cap = cap;
				}
				mmu->free_tables[mmu->free_count++] = s->tables[i][j];
				mmu->live_tables--;
			}
		free_space(s);
		*s = mmu->spaces[--mmu->space_count];
		return;
	}
}
