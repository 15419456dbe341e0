/*
 * sim/machine/mmu.h: the multi-level page table's upper levels and the
 * page-walk caches (docs/machine.md, "Multi-level page tables").
 *
 * The pager's page table (one entry per arena page) is the leaf level:
 * its entries are what a walk finally reads, and the pager does not know
 * of any other level. This file owns the rest, per process: which table
 * page exists at each level (created the first time a walk of a mapped
 * address needs it, freed when the process exits) and where each table
 * page lies in the simulated physical address space (after the frames of
 * physical memory: table page k, k >= 1, at table_base + (k - 1) *
 * table_bytes; a freed page's address is reused, last freed first). A walk
 * is then a list of physical addresses, one per entry read.
 *
 * Levels are numbered as the hardware manuals do: the leaf is level 1, the
 * top level `levels`. A page-walk cache for level L >= 2 holds entries of
 * level-L tables (the address of the level L-1 table), tagged with the pid
 * and the virtual-address bits that select them; a walk starts below the
 * deepest hit. The caches are struct pwc's (pwc.h: true LRU per set).
 *
 * With hardware reference bits a format that says so (x86's: config's
 * mmu.upper_accessed) has the walk set the accessed bit of every upper
 * entry it reads; the leaf's bit is the pager's entry, which the machine
 * sets (sim_machine.c). Nobody clears the upper bits: the pager reads and
 * clears only leaf bits; they go with their tables.
 *
 * Nothing here charges cycles: the machine charges each entry read and
 * each page-walk cache looked up (sim_machine.c), from the counts here.
 */
#ifndef MMUSIM_SIM_MMU_H
#define MMUSIM_SIM_MMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "page_geometry.h"
#include "pwc.h"

#define MMU_PTE_BYTES 8u   /* every level's entries are 8 bytes */

struct mmu_space;          /* one process's table pages (mmu.c) */

struct mmu_stats {
	uint64_t walks;                                /* walks made */
	uint64_t reads;                                /* page-table entries read */
	uint64_t walks_by_reads[MMU_MAX_LEVELS + 1];   /* walks that read k entries */
	uint64_t reads_by_level[MMU_MAX_LEVELS + 1];   /* entries read at level L
							* (1 the leaf .. levels) */
	uint64_t pwc_hits[MMU_MAX_LEVELS + 1];         /* by level (2 .. levels) */
	uint64_t pwc_misses;                           /* walks with no PWC hit */
	uint64_t pwc_lookups;                          /* caches looked up */
};

struct mmu {
	uint32_t levels;                   /* 0: flat, nothing here is used */
	uint32_t bits[MMU_MAX_LEVELS];     /* index bits, top (index 0) first */
	uint32_t low[MMU_MAX_LEVELS];      /* lowest address bit of each index */
	uint64_t index_mask[MMU_MAX_LEVELS]; /* (1 << bits) - 1 */
	uint64_t first[MMU_MAX_LEVELS];    /* the arena's first table at each level */
	uint32_t count[MMU_MAX_LEVELS];    /* tables the arena spans at each level */
	uint32_t va_bits;                  /* addresses at or past 2^va_bits: no walk */
	uint64_t table_base;               /* physical address of table page 1 */
	uint64_t table_bytes;              /* 8 << the widest level's bits */
	bool set_accessed;                 /* walks set upper accessed bits */
	struct pwc pwc[MMU_MAX_LEVELS + 1];  /* by level; entries 0: none */
	/* the caches a walk looks in, deepest first: a level's cache holds
	 * entries of table index levels - level, keyed by vaddr >> shift */
	struct mmu_look {
		struct pwc *pwc;
		uint32_t level, shift;
	} looks[MMU_MAX_LEVELS];
	uint32_t look_count;
	struct mmu_space *spaces;
	uint32_t space_count, space_cap;
	uint32_t space_hint;               /* the space found last (may be
					    * stale: checked before use) */
	uint32_t next_table;               /* table pages ever numbered */
	uint32_t *free_tables;             /* freed numbers, reused last first */
	uint32_t free_count, free_cap;
	uint32_t live_tables;              /* table pages that exist now */
	struct mmu_stats stats;
	/* The last walk (tests, the classroom view): its address and process,
	 * the physical address and table page of each entry read, top first
	 * from level last_first (leaf = 1; 0 when nothing was read). */
	uint64_t last_vaddr;
	int32_t last_pid;
	uint64_t last_addr[MMU_MAX_LEVELS];
	uint32_t last_table[MMU_MAX_LEVELS];
	uint32_t last_reads;
	uint32_t last_first;
	uint32_t last_pwc_level;           /* 0: no PWC hit */
	uint32_t last_pwc_lookups;         /* caches looked up, deepest first */
	bool last_reached;                 /* the walk read the leaf entry */
};

/* The index of vaddr's entry in its level-`level` table (leaf = 1). */
static inline uint32_t mmu_index(const struct mmu *mmu, uint32_t level,
				 uint64_t vaddr)
{
	uint32_t i = mmu->levels - level;
	return (uint32_t)((vaddr >> mmu->low[i]) & mmu->index_mask[i]);
}

/* Build the format of `config` over geometry `g`, with table pages after
 * `memory_bytes` of physical memory. 0; -1 with a reason in err. */
int mmu_init(struct mmu *mmu, const struct mmusim_config *config,
	     const struct page_geometry *g, uint64_t memory_bytes, char *err,
	     size_t err_len);
void mmu_fini(struct mmu *mmu);

/*
 * One walk of vaddr for process pid, from the deepest page-walk cache hit
 * down: counts and records every entry read. `mapped`: the pager's table
 * holds an entry for vaddr, so missing table pages on its path are created
 * (first use); otherwise the walk stops at the first entry whose table
 * does not exist. True when the walk reached the leaf entry (the caller
 * reads the pager's entry); false: an upper level was not present.
 * Returns the entries read in *reads. Aborts when the host is out of
 * memory for a table (as the pager's own tables do not).
 */
bool mmu_walk(struct mmu *mmu, int32_t pid, uint64_t vaddr, bool mapped,
	      uint32_t *reads);

/*
 * The accessed bit of the level-`level` entry (2 .. levels: an upper
 * level) that translates vaddr in process pid: 1 set, 0 clear, -1 when
 * that entry is not present (its next table was never made) or the level
 * is not an upper one. Read only: for tests and views.
 */
int mmu_accessed(const struct mmu *mmu, int32_t pid, uint64_t vaddr,
		 uint32_t level);

/* A switch without ASIDs: every page-walk cache is flushed. */
void mmu_flush_pwc(struct mmu *mmu);
/* Process pid exited: its table pages are freed, its PWC entries dropped. */
void mmu_forget(struct mmu *mmu, int32_t pid);

#endif
