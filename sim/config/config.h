/*
 * sim/config/config.h: one machine and one pager setting, read from JSON
 * (../shared/spec/config.md; docs/config.md lists every key).
 */
#ifndef MMUSIM_SIM_CONFIG_H
#define MMUSIM_SIM_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "page_geometry.h"
#include "policy.h"

#define TLB_MAX_LEVELS 4

/* One level of a TLB hierarchy ("tlb.levels"). */
struct tlb_level_config {
	uint32_t entries, ways;
	uint64_t latency;    /* cycles per lookup in this level */
};

struct tlb_config {
	uint32_t entries;    /* 0: no TLB, every access walks (level 1's) */
	uint32_t ways;       /* 0: fully associative; else divides entries */
	bool asid;           /* false: flush on every switch */
	/* "tlb.levels": 0 when not given (one level, latency.tlb_hit). Given,
	 * item 0 also set entries and ways above, and each level's latency
	 * replaces latency.tlb_hit; levels[1..] are the lower levels. */
	uint32_t level_count;
	struct tlb_level_config levels[TLB_MAX_LEVELS];
};

/* The largest latency.* value (2^32 - 1 cycles, about a second at 4 GHz):
 * the configuration refuses more, naming the key, so that one step's
 * charge is always small; the machine's cycle counts saturate besides
 * (docs/config.md, docs/machine.md). */
#define LATENCY_MAX UINT64_C(4294967295)

/* Cycles charged for each step; a run's cycles are their sum. pte_read
 * and pwc price a multi-level walk (mmu.format other than flat): each
 * page-table entry read, each page-walk cache looked up. Their defaults
 * (latency.memory's default, and 0) give the walks of before they
 * existed. */
#define LATENCY_PTE_READ_DEFAULT 100
#define LATENCY_PWC_DEFAULT 0
struct latency_config {
	uint64_t tlb_hit, walk, memory, fault, disk_read, disk_write;
	uint64_t zero_fill, copy;
	uint64_t pte_read, pwc;
};

/* The MMU's page-table format (docs/machine.md, "Multi-level page
 * tables"): "flat" (levels 0: one entry read at latency.walk, the seed's
 * model), a named format, or "custom" (mmu.level_bits given). */
#define MMU_MAX_LEVELS 6
#define MMU_MAX_PWC 6
#define MMU_LEVEL_BITS_MAX 20

/* One page-walk cache: `level` (leaf = 1, so 2 .. levels) caches the
 * entries of that level's tables, keyed by the address bits above the
 * next level's index. `ways` 0: fully associative. */
struct pwc_config {
	uint32_t level, entries, ways;
};

struct mmu_config {
	char format[16];
	uint32_t levels;                      /* 0: flat */
	uint32_t level_bits[MMU_MAX_LEVELS];  /* index bits per level, top first */
	uint32_t va_bits;       /* named formats: their width; custom: 0 (page shift + the bits) */
	uint32_t page_size;     /* named formats: the one page size; custom: 0 */
	bool canonical;         /* the arena must lie in the lower half of the width */
	bool upper_accessed;    /* hardware ref bits: accessed set in every entry
				 * a walk reads (x86), else in the leaf only */
	bool pwc_given;         /* false: the default caches (config_mmu_pwc) */
	uint32_t pwc_count;
	struct pwc_config pwc[MMU_MAX_PWC];
};

struct mmusim_config {
	char name[128];
	uint32_t memory_pages, swap_blocks, page_size, arena_pages;
	uint64_t arena_base;
	char policy[32];
	bool hardware_ref_bits;  /* "ref_bits": "hardware" */
	struct tlb_config tlb;
	struct latency_config latency;
	struct mmu_config mmu;
	uint64_t seed;
	/* "policy_params": knobs of the policies (pager/policy.h), each at
	 * most once, in the order first given; an unset knob has its default. */
	struct policy_setting policy_params[POLICY_MAX_SETTINGS];
	uint32_t policy_param_count;
};

/* The defaults of the spec (what an empty file `{}` gives). */
void config_defaults(struct mmusim_config *config);

/*
 * Load `path` (NULL: defaults only), following "extends" relative to the
 * file's folder, then apply each "KEY=VALUE" of `sets` (dotted keys, JSON or
 * bare values: `--set tlb.entries=64`, `--set policy=fifo`). Returns 0, or
 * -1 with "FILE: KEY: what is wrong" (or "--set KEY: ...") in err.
 */
int config_load(struct mmusim_config *config, const char *path,
		const char *const *sets, int set_count, char *err, size_t err_len);

/*
 * The page geometry of `config` (page_size, arena_base, arena_pages): the
 * one every layer of a run uses. 0; or -1 with the rule broken in err
 * ("page_size must be ...") for a configuration that did not come through
 * config_load (config_load refuses such, naming the key).
 */
int config_geometry(const struct mmusim_config *config,
		    struct page_geometry *geometry, char *err, size_t err_len);

/* The page-walk caches of config->mmu: the ones given, else the
 * defaults (ChampSim's: level 5 1x2, level 4 1x4, level 3 2x4, level 2
 * 4x8, each one the format has). Returns their count (<= MMU_MAX_PWC). */
uint32_t config_mmu_pwc(const struct mmu_config *mmu,
			struct pwc_config out[MMU_MAX_PWC]);

/* The virtual-address width of the format with pages of 2^page_shift
 * bytes; 0 for flat. */
uint32_t config_mmu_va_bits(const struct mmu_config *mmu, uint32_t page_shift);

/* The configuration as JSON text (every key, extends resolved); free(). */
char *config_to_json(const struct mmusim_config *config);

#endif
