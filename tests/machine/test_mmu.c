/* tests/machine/test_mmu.c: multi-level page tables (issue 14) in the
 * style of ChampSim's walker tests: the physical address of every entry a
 * walk reads, page-walk cache hits and what they save, flushes on a switch
 * without ASIDs, freeing at exit; through machine_access, the cycles of a
 * 4-level walk; the configuration's refusals, naming the key. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "mmu.h"
#include "pager.h"
#include "sim_machine.h"

#define BASE UINT64_C(0x600000000)   /* the default arena_base */
#define KiB4 UINT64_C(4096)

/* A configuration from --set's, checked as the command line does. */
static void load(struct mmusim_config *c, const char *const *sets, int n)
{
	char err[512] = "";
	if (config_load(c, NULL, sets, n, err, sizeof err) != 0)
		fail_msg("config: %s", err);
}

/* 4 frames of 4 KiB: table page k is at 16384 + (k - 1) * 4096. */
static void mmu_with(struct mmu *mmu, struct mmusim_config *c,
		     const char *const *extra, int n)
{
	const char *sets[8] = { "page_size=4096", "arena_pages=2048",
				"memory_pages=4" };
	for (int i = 0; i < n; i++)
		sets[3 + i] = extra[i];
	load(c, sets, 3 + n);
	struct page_geometry g;
	char err[256];
	assert_int_equal(config_geometry(c, &g, err, sizeof err), 0);
	assert_int_equal(mmu_init(mmu, c, &g, 4 * KiB4, err, sizeof err), 0);
}

#define TABLE(k) (UINT64_C(16384) + ((k) - 1) * KiB4)

static void test_cold_4_level_walk_reads_4_entries_at_their_addresses(void **state)
{
	(void)state;
	struct mmusim_config c;
	struct mmu mmu;
	const char *sets[] = { "mmu.format=x86-64" };
	mmu_with(&mmu, &c, sets, 1);
	uint32_t reads = 0;
	/* 0x600000000: PML4 index 0, PDPT index 24, PD 0, PT 0 */
	assert_true(mmu_walk(&mmu, 1, BASE + 8, true, &reads));
	assert_int_equal(reads, 4);
	assert_int_equal(mmu.last_addr[0], TABLE(1) + 0 * 8);
	assert_int_equal(mmu.last_addr[1], TABLE(2) + 24 * 8);
	assert_int_equal(mmu.last_addr[2], TABLE(3) + 0 * 8);
	assert_int_equal(mmu.last_addr[3], TABLE(4) + 0 * 8);
	assert_int_equal(mmu.live_tables, 4);
	assert_int_equal(mmu.stats.walks_by_reads[4], 1);
	assert_int_equal(mmu.stats.pwc_misses, 1);

	/* page 5 of the same PT: the level-2 cache holds its PD entry */
	assert_true(mmu_walk(&mmu, 1, BASE + 5 * KiB4, true, &reads));
	assert_int_equal(reads, 1);
	assert_int_equal(mmu.last_pwc_level, 2);
	assert_int_equal(mmu.last_addr[0], TABLE(4) + 5 * 8);
	assert_int_equal(mmu.stats.pwc_hits[2], 1);

	/* page 512 (PD index 1): a new PT; the level-3 cache saves 2 reads */
	assert_true(mmu_walk(&mmu, 1, BASE + 512 * KiB4, true, &reads));
	assert_int_equal(reads, 2);
	assert_int_equal(mmu.last_pwc_level, 3);
	assert_int_equal(mmu.last_addr[0], TABLE(3) + 1 * 8);
	assert_int_equal(mmu.last_addr[1], TABLE(5) + 0 * 8);
	assert_int_equal(mmu.stats.reads, 7);
	assert_int_equal(mmu.live_tables, 5);
	/* by level: the cold walk read one entry at each of the 4; the walk
	 * from the level-2 hit a PT entry; the one from the level-3 hit a PD
	 * and a PT entry */
	assert_int_equal(mmu.stats.reads_by_level[4], 1);
	assert_int_equal(mmu.stats.reads_by_level[3], 1);
	assert_int_equal(mmu.stats.reads_by_level[2], 2);
	assert_int_equal(mmu.stats.reads_by_level[1], 3);
	assert_int_equal(mmu.stats.reads_by_level[5], 0);
	mmu_fini(&mmu);
}

static void test_pwc_hit_at_level_3_costs_2_reads_without_a_level_2_cache(void **state)
{
	(void)state;
	struct mmusim_config c;
	struct mmu mmu;
	const char *sets[] = { "mmu.format=x86-64",
			       "mmu.pwc=[{\"level\":3,\"entries\":2}]" };
	mmu_with(&mmu, &c, sets, 2);
	uint32_t reads = 0;
	assert_true(mmu_walk(&mmu, 1, BASE, true, &reads));
	assert_int_equal(reads, 4);
	assert_true(mmu_walk(&mmu, 1, BASE + KiB4, true, &reads));
	assert_int_equal(reads, 2);   /* PD and PT */
	assert_int_equal(mmu.last_pwc_level, 3);
	assert_int_equal(mmu.stats.pwc_hits[3], 1);
	assert_int_equal(mmu.stats.pwc_hits[2], 0);
	assert_int_equal(mmu.stats.walks_by_reads[2], 1);
	mmu_fini(&mmu);
}

static void test_no_pwc_means_every_walk_reads_every_level(void **state)
{
	(void)state;
	struct mmusim_config c;
	struct mmu mmu;
	const char *sets[] = { "mmu.format=x86-64-5", "mmu.pwc=[]" };
	mmu_with(&mmu, &c, sets, 2);
	uint32_t reads = 0;
	for (int i = 0; i < 3; i++) {
		assert_true(mmu_walk(&mmu, 1, BASE, true, &reads));
		assert_int_equal(reads, 5);
	}
	assert_int_equal(mmu.stats.reads, 15);
	assert_int_equal(mmu.live_tables, 5);  /* made once */
	mmu_fini(&mmu);
}

static void test_cold_5_level_walk_reads_each_level_at_its_index(void **state)
{
	(void)state;
	struct mmusim_config c;
	struct mmu mmu;
	const char *sets[] = { "mmu.format=x86-64-5" };
	mmu_with(&mmu, &c, sets, 1);
	uint32_t reads = 0;
	/* 0x600000000 + 513 pages: PML5 0, PML4 0, PDPT 24, PD 1, PT 1 */
	uint64_t va = BASE + 513 * KiB4 + 0x123;
	assert_int_equal(mmu_index(&mmu, 5, va), 0);
	assert_int_equal(mmu_index(&mmu, 3, va), 24);
	assert_int_equal(mmu_index(&mmu, 1, va), 1);
	assert_true(mmu_walk(&mmu, 1, va, true, &reads));
	assert_int_equal(reads, 5);
	assert_int_equal(mmu.last_first, 5);
	assert_int_equal(mmu.last_pwc_lookups, 4);   /* levels 5, 4, 3, 2: all cold */
	const uint64_t want[] = { TABLE(1), TABLE(2), TABLE(3) + 24 * 8,
				  TABLE(4) + 1 * 8, TABLE(5) + 1 * 8 };
	for (int i = 0; i < 5; i++) {
		assert_int_equal(mmu.last_addr[i], want[i]);
		assert_int_equal(mmu.last_table[i], i + 1);
	}
	mmu_fini(&mmu);
}

static void test_two_level_tables_are_8_kib(void **state)
{
	(void)state;
	struct mmusim_config c;
	struct mmu mmu;
	/* 10 + 10 bits: 1024 entries of 8 bytes a table; the arena at
	 * 0x10000000 (directory index 64) */
	const char *sets[] = { "arena_base=0x10000000", "mmu.format=two-level" };
	mmu_with(&mmu, &c, sets, 2);
	assert_int_equal(mmu.table_bytes, 8192);
	uint32_t reads = 0;
	uint64_t va = UINT64_C(0x10000000) + 1030 * KiB4;  /* dir 65, table 6 */
	assert_true(mmu_walk(&mmu, 1, va, true, &reads));
	assert_int_equal(reads, 2);
	assert_int_equal(mmu.last_addr[0], 16384 + 65 * 8);
	assert_int_equal(mmu.last_addr[1], 16384 + 8192 + 6 * 8);
	mmu_fini(&mmu);
}

static void test_a_one_entry_pwc_evicts_the_least_recent(void **state)
{
	(void)state;
	struct mmusim_config c;
	struct mmu mmu;
	const char *sets[] = { "mmu.format=x86-64",
			       "mmu.pwc=[{\"level\":2,\"entries\":1}]" };
	mmu_with(&mmu, &c, sets, 2);
	uint32_t reads = 0;
	uint64_t a = BASE, b = BASE + 512 * KiB4;   /* two PTs of one PD */
	assert_true(mmu_walk(&mmu, 1, a, true, &reads));
	assert_int_equal(reads, 4);
	assert_true(mmu_walk(&mmu, 1, a + KiB4, true, &reads));
	assert_int_equal(reads, 1);                 /* a's PD entry cached */
	assert_true(mmu_walk(&mmu, 1, b, true, &reads));
	assert_int_equal(reads, 4);                 /* b's replaces it */
	assert_true(mmu_walk(&mmu, 1, a, true, &reads));
	assert_int_equal(reads, 4);                 /* a's is gone */
	assert_true(mmu_walk(&mmu, 1, a, true, &reads));
	assert_int_equal(reads, 1);
	assert_int_equal(mmu.stats.pwc_hits[2], 2);
	assert_int_equal(mmu.stats.pwc_misses, 3);
	assert_int_equal(mmu.stats.pwc_lookups, 5);
	mmu_fini(&mmu);
}

static void test_an_unmapped_address_stops_at_the_missing_level(void **state)
{
	(void)state;
	struct mmusim_config c;
	struct mmu mmu;
	const char *sets[] = { "mmu.format=sv39" };
	mmu_with(&mmu, &c, sets, 1);
	uint32_t reads = 0;
	/* a fresh process: the root exists once walked, its entry does not */
	assert_false(mmu_walk(&mmu, 7, BASE, false, &reads));
	assert_int_equal(reads, 1);
	assert_int_equal(mmu.live_tables, 1);
	/* past the 39-bit width: nothing to read */
	assert_false(mmu_walk(&mmu, 7, UINT64_C(1) << 39, false, &reads));
	assert_int_equal(reads, 0);
	assert_int_equal(mmu.stats.walks_by_reads[0], 1);
	assert_int_equal(mmu.stats.walks_by_reads[1], 1);
	/* the one entry read was the root's (level 3), not a leaf */
	assert_int_equal(mmu.stats.reads_by_level[3], 1);
	assert_int_equal(mmu.stats.reads_by_level[2], 0);
	assert_int_equal(mmu.stats.reads_by_level[1], 0);
	mmu_fini(&mmu);
}

static void test_exit_frees_tables_and_drops_pwc_entries(void **state)
{
	(void)state;
	struct mmusim_config c;
	struct mmu mmu;
	const char *sets[] = { "mmu.format=sv48" };
	mmu_with(&mmu, &c, sets, 1);
	uint32_t reads = 0;
	assert_true(mmu_walk(&mmu, 1, BASE, true, &reads));
	assert_true(mmu_walk(&mmu, 2, BASE, true, &reads));
	assert_int_equal(reads, 4);   /* tagged by pid: 1's entries do not serve 2 */
	assert_int_equal(mmu.live_tables, 8);
	mmu_forget(&mmu, 1);
	assert_int_equal(mmu.live_tables, 4);
	/* pid 2 keeps its tables and cache entries */
	assert_true(mmu_walk(&mmu, 2, BASE + KiB4, true, &reads));
	assert_int_equal(reads, 1);
	/* a new pid 1 starts cold, in the pages 1 freed (last freed first) */
	assert_true(mmu_walk(&mmu, 1, BASE, true, &reads));
	assert_int_equal(reads, 4);
	assert_int_equal(mmu.live_tables, 8);
	assert_int_equal(mmu.last_addr[0], TABLE(4));
	assert_int_equal(mmu.last_addr[3], TABLE(1));
	mmu_fini(&mmu);
}

/* Each process's walks find its own tables however the processes take
 * turns and exit: the machine keeps them in a list that an exit
 * reorders, and looks up the last one found first. */
static void test_processes_keep_their_tables_across_switches_and_exits(void **state)
{
	(void)state;
	struct mmusim_config c;
	struct mmu mmu;
	const char *sets[] = { "mmu.format=sv48", "mmu.pwc=[]" };
	mmu_with(&mmu, &c, sets, 2);
	uint32_t reads = 0;
	uint64_t leaf[4] = {0};
	for (int32_t pid = 1; pid <= 3; pid++) {
		assert_true(mmu_walk(&mmu, pid, BASE, true, &reads));
		leaf[pid] = mmu.last_addr[3];
	}
	assert_int_equal(mmu.live_tables, 12);
	for (int round = 0; round < 3; round++)
		for (int32_t pid = 3; pid >= 1; pid--) {
			assert_true(mmu_walk(&mmu, pid, BASE, true, &reads));
			assert_int_equal(mmu.last_addr[3], leaf[pid]);
		}
	mmu_forget(&mmu, 1);  /* 3 takes 1's place in the list */
	for (int32_t pid = 3; pid >= 2; pid--) {
		assert_true(mmu_walk(&mmu, pid, BASE, true, &reads));
		assert_int_equal(mmu.last_addr[3], leaf[pid]);
		assert_true(mmu_walk(&mmu, pid, BASE, true, &reads));
		assert_int_equal(mmu.last_addr[3], leaf[pid]);
	}
	assert_int_equal(mmu.live_tables, 8);
	mmu_forget(&mmu, 2);
	assert_true(mmu_walk(&mmu, 3, BASE, true, &reads));
	assert_int_equal(mmu.last_addr[3], leaf[3]);
	assert_int_equal(mmu.live_tables, 4);
	mmu_fini(&mmu);
}

static void refused(const char *const *sets, int n, const char *want);

/* The machine: a 4 KiB machine over a real pager. */
struct rig {
	struct mmusim_config config;
	struct machine m;
	struct pager *pager;
	uint64_t page;
};

static void rig_up(struct rig *g, const char *const *extra, int n)
{
	char err[256] = "";
	const char *sets[16] = { "page_size=4096", "latency.memory=100",
				 "latency.walk=10", "latency.tlb_hit=1",
				 "latency.fault=1000", "latency.zero_fill=300" };
	for (int i = 0; i < n; i++)
		sets[6 + i] = extra[i];
	memset(g, 0, sizeof *g);
	load(&g->config, sets, 6 + n);
	assert_int_equal(machine_init(&g->m, &g->config, ".", false, err,
				      sizeof err), 0);
	struct pager_config pc = {
		.memory_pages = g->config.memory_pages,
		.swap_blocks = g->config.swap_blocks,
		.page_size = g->config.page_size,
		.arena_base = g->config.arena_base,
		.arena_pages = g->config.arena_pages,
		.policy = policy_find(g->config.policy),
		.seed = g->config.seed,
	};
	g->pager = pager_create(&pc, &g->m.iface, err, sizeof err);
	assert_non_null(g->pager);
	machine_attach(&g->m, g->pager);
	assert_int_equal(pager_fork(g->pager, -1, 1), 0);
	pager_switch(g->pager, 1);
	machine_switched(&g->m);
	assert_int_equal(pager_map(g->pager, false, 0, 0, &g->page), 0);
}

static void rig_down(struct rig *g)
{
	pager_destroy(g->pager);
	machine_fini(&g->m);
}

static void test_machine_charges_memory_per_entry_read(void **state)
{
	(void)state;
	static struct rig g;
	const char *x86[] = { "mmu.format=x86-64" };
	rig_up(&g, x86, 1);
	struct machine *m = &g.m;
	uint32_t frame = 0;
	assert_int_equal(machine_access(m, 1, g.page, true, &frame), MACHINE_OK);
	/* walk 1: 4 reads, the PT entry invalid: a fault; the retry's walk
	 * hits the level-2 cache: 1 read. latency.walk is not charged. */
	assert_int_equal(m->tlb_misses, 2);
	assert_int_equal(m->mmu.stats.reads, 5);
	assert_int_equal(m->mmu.stats.reads_by_level[4], 1);
	assert_int_equal(m->mmu.stats.reads_by_level[3], 1);
	assert_int_equal(m->mmu.stats.reads_by_level[2], 1);
	assert_int_equal(m->mmu.stats.reads_by_level[1], 2);  /* both walks' PT entry */
	assert_int_equal(m->cycles.walk, 500);
	assert_int_equal(m->cycles.tlb, 2);
	assert_int_equal(m->cycles.fault, 1000);
	assert_int_equal(m->cycles.zero_fill, 300);
	assert_int_equal(m->cycles.memory, 100);
	assert_int_equal(machine_total_cycles(m), 1902);
	rig_down(&g);
}

static void test_switch_without_asid_flushes_the_pwc(void **state)
{
	(void)state;
	static struct rig g;
	const char *x86[] = { "mmu.format=x86-64" };
	rig_up(&g, x86, 1);
	struct machine *m = &g.m;
	uint32_t frame = 0;
	assert_int_equal(machine_access(m, 1, g.page, true, &frame), MACHINE_OK);
	machine_switched(m);    /* tlb.asid false: TLB and PWC flushed */
	assert_int_equal(machine_access(m, 1, g.page, false, &frame), MACHINE_OK);
	assert_int_equal(m->mmu.last_reads, 4);
	assert_int_equal(m->cycles.walk, 900);
	rig_down(&g);

	const char *asid[] = { "mmu.format=x86-64", "tlb.asid=true" };
	rig_up(&g, asid, 2);
	m = &g.m;
	assert_int_equal(machine_access(m, 1, g.page, true, &frame), MACHINE_OK);
	tlb_flush(&m->tlb);     /* a TLB miss, but the PWC survives the switch */
	machine_switched(m);
	assert_int_equal(machine_access(m, 1, g.page, false, &frame), MACHINE_OK);
	assert_int_equal(m->mmu.last_reads, 1);
	assert_int_equal(m->cycles.walk, 600);
	rig_down(&g);
}

static void test_pte_read_and_pwc_latencies_price_the_walk(void **state)
{
	(void)state;
	static struct rig g;
	const char *x86[] = { "mmu.format=x86-64", "latency.pte_read=40",
			      "latency.pwc=3" };
	rig_up(&g, x86, 3);
	struct machine *m = &g.m;
	uint32_t frame = 0;
	assert_int_equal(machine_access(m, 1, g.page, true, &frame), MACHINE_OK);
	/* walk 1: the caches of levels 4, 3 and 2 looked up, all cold, 4
	 * reads; the fault; the retry looks in the level-2 cache first, hits:
	 * 1 lookup, 1 read. The piece's own access is latency.memory. */
	assert_int_equal(m->mmu.stats.pwc_lookups, 4);
	assert_int_equal(m->cycles.walk, 5 * 40);
	assert_int_equal(m->cycles.pwc, 4 * 3);
	assert_int_equal(m->cycles.memory, 100);
	assert_int_equal(machine_total_cycles(m), 2 + 200 + 12 + 1000 + 300 + 100);
	/* a TLB hit looks in no cache */
	assert_int_equal(machine_access(m, 1, g.page, false, &frame), MACHINE_OK);
	assert_int_equal(m->cycles.pwc, 12);
	rig_down(&g);

	/* no caches: no lookup to pay for */
	const char *none[] = { "mmu.format=sv39", "mmu.pwc=[]", "latency.pwc=50" };
	rig_up(&g, none, 3);
	assert_int_equal(machine_access(&g.m, 1, g.page, true, &frame), MACHINE_OK);
	assert_int_equal(g.m.cycles.pwc, 0);
	assert_int_equal(g.m.cycles.walk, 6 * 100);   /* 3 + 3 reads, pte_read 100 */
	rig_down(&g);
}

static void test_walk_charges_saturate(void **state)
{
	(void)state;
	static struct rig g;
	const char *x86[] = { "mmu.format=x86-64", "latency.pte_read=4294967295",
			      "latency.pwc=4294967295" };
	rig_up(&g, x86, 3);
	struct machine *m = &g.m;
	m->cycles.walk = UINT64_MAX - 5;
	m->cycles.pwc = UINT64_MAX - 5;
	uint32_t frame = 0;
	assert_int_equal(machine_access(m, 1, g.page, true, &frame), MACHINE_OK);
	assert_true(m->cycles.walk == UINT64_MAX);
	assert_true(m->cycles.pwc == UINT64_MAX);
	assert_true(machine_total_cycles(m) == UINT64_MAX);
	rig_down(&g);
}

/* The accessed bit of each upper entry on page's path, top level first. */
static void upper_bits(const struct rig *g, uint64_t vaddr, int *out)
{
	for (uint32_t L = g->m.mmu.levels; L >= 2; L--)
		out[g->m.mmu.levels - L] = mmu_accessed(&g->m.mmu, 1, vaddr, L);
}

static int leaf_accessed(const struct rig *g, uint64_t vaddr)
{
	uint32_t valid = 0;
	const struct pte *t = pager_page_table(g->pager, 1, &valid);
	uint64_t vpn = (vaddr - g->config.arena_base) / g->config.page_size;
	assert_true(vpn < valid);
	return t[vpn].accessed;
}

static void test_hardware_accessed_bits_follow_the_format(void **state)
{
	(void)state;
	static struct rig g;
	uint32_t frame = 0;
	int bits[MMU_MAX_LEVELS];

	/* x86-64: every entry the walk reads */
	const char *x86[] = { "mmu.format=x86-64", "ref_bits=hardware" };
	rig_up(&g, x86, 2);
	upper_bits(&g, g.page, bits);
	for (int i = 0; i < 3; i++)
		assert_int_equal(bits[i], -1);   /* no table made yet */
	assert_int_equal(machine_access(&g.m, 1, g.page, false, &frame), MACHINE_OK);
	upper_bits(&g, g.page, bits);
	assert_int_equal(bits[0], 1);
	assert_int_equal(bits[1], 1);
	assert_int_equal(bits[2], 1);
	assert_int_equal(leaf_accessed(&g, g.page), 1);
	/* 2 MiB further: another PT, not walked yet */
	assert_int_equal(mmu_accessed(&g.m.mmu, 1, g.page + 512 * KiB4, 2), -1);
	rig_down(&g);
}

static void test_riscv_and_arm_set_only_the_leaf(void **state)
{
	(void)state;
	static struct rig g;
	uint32_t frame = 0;
	int bits[MMU_MAX_LEVELS];
	const char *formats[] = { "mmu.format=sv39", "mmu.format=sv48",
				  "mmu.format=arm64-4k" };
	for (size_t f = 0; f < 3; f++) {
		const char *sets[] = { formats[f], "ref_bits=hardware" };
		rig_up(&g, sets, 2);
		assert_int_equal(machine_access(&g.m, 1, g.page, true, &frame),
				 MACHINE_OK);
		upper_bits(&g, g.page, bits);
		for (uint32_t i = 0; i + 1 < g.m.mmu.levels; i++)
			assert_int_equal(bits[i], 0);   /* present, never set */
		assert_int_equal(leaf_accessed(&g, g.page), 1);
		rig_down(&g);
	}
	/* x86 with software bits: the walker sets nothing */
	const char *soft[] = { "mmu.format=x86-64" };
	rig_up(&g, soft, 1);
	assert_int_equal(machine_access(&g.m, 1, g.page, true, &frame), MACHINE_OK);
	upper_bits(&g, g.page, bits);
	assert_int_equal(bits[0], 0);
	assert_int_equal(bits[2], 0);
	rig_down(&g);
}

static void test_pager_clears_leaf_bits_only(void **state)
{
	(void)state;
	static struct rig g;
	uint32_t frame = 0;
	int bits[MMU_MAX_LEVELS];
	/* 3 usable frames, 4 pages stored to: the fourth's fault has clock
	 * clear the leaf bits of the 3 resident pages, then evict the first;
	 * the second and third stay resident with their bits clear */
	const char *x86[] = { "mmu.format=x86-64", "ref_bits=hardware",
			      "memory_pages=4" };
	rig_up(&g, x86, 3);
	uint64_t page[6] = { g.page };
	for (int i = 1; i < 6; i++)
		assert_int_equal(pager_map(g.pager, false, 0, 0, &page[i]), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(machine_access(&g.m, 1, page[i], true, &frame),
				 MACHINE_OK);
	assert_int_equal(pager_stats(g.pager)->ref_clears, 3);
	uint32_t valid = 0, clear = 0;
	const struct pte *t = pager_page_table(g.pager, 1, &valid);
	for (uint32_t i = 0; i < valid; i++)
		clear += t[i].read_enable && !t[i].accessed;
	assert_int_equal(clear, 2);
	for (int i = 0; i < 4; i++) {
		upper_bits(&g, page[i], bits);
		assert_int_equal(bits[0], 1);
		assert_int_equal(bits[1], 1);
		assert_int_equal(bits[2], 1);
	}
	rig_down(&g);
}

static void test_process_gone_frees_its_tables(void **state)
{
	(void)state;
	static struct rig g;
	const char *x86[] = { "mmu.format=x86-64" };
	rig_up(&g, x86, 1);
	uint32_t frame = 0;
	assert_int_equal(machine_access(&g.m, 1, g.page, true, &frame), MACHINE_OK);
	assert_int_equal(g.m.mmu.live_tables, 4);
	machine_process_gone(&g.m, 1);
	assert_int_equal(g.m.mmu.live_tables, 0);
	rig_down(&g);
}

/* ---- the TLB hierarchy (flat walks: latency.walk 10) ---- */

static const char *const two_levels[] = {
	"tlb.levels=[{\"entries\":1,\"latency\":1},"
	"{\"entries\":8,\"ways\":2,\"latency\":7}]",
};

static void read_ok(struct machine *m, uint64_t vaddr)
{
	uint32_t frame = 0;
	assert_int_equal(machine_access(m, 1, vaddr, false, &frame), MACHINE_OK);
	assert_int_equal(frame, 0);   /* a fresh page reads the zero page */
}

static void test_stlb_hit_after_an_l1_eviction(void **state)
{
	(void)state;
	static struct rig g;
	rig_up(&g, two_levels, 1);
	struct machine *m = &g.m;
	uint64_t b = 0;
	assert_int_equal(pager_map(g.pager, false, 0, 0, &b), 0);
	read_ok(m, g.page);   /* misses both levels: a walk fills both */
	read_ok(m, b);        /* the same; b evicts a from the 1-entry L1 */
	read_ok(m, g.page);   /* L1 miss, L2 hit: refills L1, no walk */
	read_ok(m, g.page);   /* L1 hit */
	uint64_t hits[TLB_MAX_LEVELS], misses[TLB_MAX_LEVELS];
	assert_int_equal(machine_tlb_levels(m, hits, misses), 2);
	assert_int_equal(hits[0], 1);
	assert_int_equal(misses[0], 3);
	assert_int_equal(hits[1], 1);
	assert_int_equal(misses[1], 2);
	assert_int_equal(m->tlb_hits, 2);
	assert_int_equal(m->tlb_misses, 2);
	assert_int_equal(m->walks, 2);
	assert_int_equal(m->cycles.tlb, 3 * (1 + 7) + 1);
	assert_int_equal(m->cycles.walk, 2 * 10);
	assert_int_equal(m->cycles.memory, 4 * 100);
	assert_int_equal(m->faults, 0);
	rig_down(&g);
}

static void test_invalidation_and_exit_reach_every_level(void **state)
{
	(void)state;
	static struct rig g;
	rig_up(&g, two_levels, 1);
	struct machine *m = &g.m;
	read_ok(m, g.page);
	assert_int_equal(tlb_valid_count(&m->tlb), 1);
	assert_int_equal(tlb_valid_count(&m->lower[0]), 1);
	m->iface.tlb_invalidate(m->iface.ctx, 1, g.page);
	assert_int_equal(tlb_valid_count(&m->tlb), 0);
	assert_int_equal(tlb_valid_count(&m->lower[0]), 0);
	read_ok(m, g.page);   /* walks again */
	assert_int_equal(m->walks, 2);
	machine_switched(m);  /* no ASIDs: every level flushed */
	assert_int_equal(tlb_valid_count(&m->lower[0]), 0);
	read_ok(m, g.page);
	assert_int_equal(m->walks, 3);
	machine_process_gone(m, 1);
	assert_int_equal(tlb_valid_count(&m->tlb), 0);
	assert_int_equal(tlb_valid_count(&m->lower[0]), 0);
	rig_down(&g);
}

static void test_tlb_levels_config(void **state)
{
	(void)state;
	struct mmusim_config c;
	load(&c, two_levels, 1);
	assert_int_equal(c.tlb.level_count, 2);
	assert_int_equal(c.tlb.entries, 1);   /* level 1 is tlb.entries */
	assert_int_equal(c.tlb.ways, 0);
	assert_int_equal(c.tlb.levels[1].entries, 8);
	assert_int_equal(c.tlb.levels[1].latency, 7);
	char *text = config_to_json(&c);
	struct mmusim_config back;
	char err[256];
	char set[1024];
	snprintf(set, sizeof set, "tlb=%s", strstr(text, "\"tlb\"") + 7);
	*strchr(strchr(set, ']'), '}') = '\0';
	strcat(set, "}");
	const char *sets[] = { set };
	assert_int_equal(config_load(&back, NULL, sets, 1, err, sizeof err), 0);
	assert_int_equal(back.tlb.level_count, 2);
	assert_int_equal(back.tlb.levels[1].ways, 2);
	free(text);
	const char *bad[] = { "tlb.levels=[{\"entries\":6,\"ways\":4,\"latency\":1}]" };
	refused(bad, 1, "--set tlb.levels[0].ways: must divide entries (6)");
	const char *none[] = { "tlb.levels=[]" };
	refused(none, 1, "--set tlb.levels: must be a list of 1 to 4 objects "
		"{\"entries\", \"ways\", \"latency\"}, level 1 first");
	const char *nolat[] = { "tlb.levels=[{\"entries\":4}]" };
	refused(nolat, 1, "--set tlb.levels[0].latency: is missing");
}

/* ---- the configuration ---- */

static void refused(const char *const *sets, int n, const char *want)
{
	struct mmusim_config c;
	char err[512] = "";
	assert_int_equal(config_load(&c, NULL, sets, n, err, sizeof err), -1);
	if (strcmp(err, want) != 0)
		fail_msg("got \"%s\"\nwant \"%s\"", err, want);
}

static void test_config_refusals_name_the_key(void **state)
{
	(void)state;
	const char *a[] = { "mmu.format=x86-64" };  /* page_size 65536 */
	refused(a, 1, "--set mmu.format: \"x86-64\" needs page_size 4096, not 65536");
	const char *b[] = { "mmu.format=x86-64", "page_size=8192" };
	refused(b, 2, "--set page_size: must be 4096 with mmu.format \"x86-64\"");
	const char *d[] = { "page_size=4096", "mmu.format=sv39",
			    "arena_base=0x4000000000" };
	refused(d, 3, "--set arena_base: the arena (0x4000000000 + 256 pages of "
		"4096 bytes) does not fit the 39-bit virtual addresses of mmu "
		"sv39 (below 0x4000000000)");
	const char *e[] = { "page_size=4096", "mmu.format=two-level" };
	refused(e, 2, "--set mmu.format: the arena (0x600000000 + 256 pages of "
		"4096 bytes) does not fit the 32-bit virtual addresses of mmu "
		"two-level (below 0x100000000)");
	const char *f[] = { "mmu.format=vax" };
	refused(f, 1, "--set mmu.format: must be one of flat, two-level, sv39, "
		"sv48, x86-64, x86-64-5, arm64-4k");
	const char *h[] = { "mmu.level_bits=[20,20,20]" };
	refused(h, 1, "--set mmu.level_bits: with pages of 65536 bytes the levels "
		"span 76 address bits, more than 64");
	const char *i[] = { "mmu.level_bits=[9]" };
	refused(i, 1, "--set mmu.level_bits: must be a list of 2 to 6 numbers of "
		"index bits, the top level first");
	const char *j[] = { "page_size=4096", "mmu.format=sv39",
			    "mmu.pwc=[{\"level\":4,\"entries\":4}]" };
	refused(j, 3, "--set mmu.pwc: item 0: mmu sv39 has no level 4 above the "
		"leaf (levels 2 to 3)");
	const char *k[] = { "mmu.pwc=[{\"level\":2,\"entries\":6,\"ways\":4}]" };
	refused(k, 1, "--set mmu.pwc[0].ways: must divide entries (6)");
	const char *l[] = { "mmu.pwc=[{\"level\":2}]" };
	refused(l, 1, "--set mmu.pwc[0].entries: is missing");
}

static void test_config_formats_and_round_trip(void **state)
{
	(void)state;
	struct mmusim_config c;
	const char *a[] = { "mmu.level_bits=[7,6,6]" };  /* 16 + 19 = 35 bits */
	load(&c, a, 1);
	assert_string_equal(c.mmu.format, "custom");
	assert_int_equal(c.mmu.levels, 3);
	assert_int_equal(config_mmu_va_bits(&c.mmu, 16), 35);
	struct pwc_config pwc[MMU_MAX_PWC];
	assert_int_equal(config_mmu_pwc(&c.mmu, pwc), 2);  /* levels 3 and 2 */
	assert_int_equal(pwc[0].level, 3);
	assert_int_equal(pwc[0].entries, 8);
	assert_int_equal(pwc[1].entries, 32);
	assert_int_equal(pwc[1].ways, 8);
	char *text = config_to_json(&c);
	assert_non_null(strstr(text, "\"level_bits\""));
	free(text);

	/* flat prints no "mmu": flat configurations print as they did */
	config_defaults(&c);
	text = config_to_json(&c);
	assert_null(strstr(text, "mmu"));
	free(text);

	const char *b[] = { "page_size=4096", "mmu.format=x86-64-5" };
	load(&c, b, 2);
	assert_int_equal(config_mmu_pwc(&c.mmu, pwc), 4);
	assert_int_equal(pwc[0].level, 5);
	assert_int_equal(pwc[0].entries, 2);
	assert_int_equal(c.mmu.va_bits, 57);
	/* a multi-level format prints the walk's prices, at their defaults */
	text = config_to_json(&c);
	assert_non_null(strstr(text, "\"pte_read\":\t100"));
	assert_non_null(strstr(text, "\"pwc\":\t0"));
	free(text);
	/* a later format replaces the custom levels */
	const char *d[] = { "mmu.level_bits=[7,6,6]", "page_size=4096",
			    "mmu.format=sv39" };
	load(&c, d, 3);
	assert_string_equal(c.mmu.format, "sv39");
	assert_int_equal(c.mmu.levels, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cold_4_level_walk_reads_4_entries_at_their_addresses),
		cmocka_unit_test(test_pwc_hit_at_level_3_costs_2_reads_without_a_level_2_cache),
		cmocka_unit_test(test_no_pwc_means_every_walk_reads_every_level),
		cmocka_unit_test(test_cold_5_level_walk_reads_each_level_at_its_index),
		cmocka_unit_test(test_two_level_tables_are_8_kib),
		cmocka_unit_test(test_a_one_entry_pwc_evicts_the_least_recent),
		cmocka_unit_test(test_an_unmapped_address_stops_at_the_missing_level),
		cmocka_unit_test(test_exit_frees_tables_and_drops_pwc_entries),
		cmocka_unit_test(test_processes_keep_their_tables_across_switches_and_exits),
		cmocka_unit_test(test_machine_charges_memory_per_entry_read),
		cmocka_unit_test(test_switch_without_asid_flushes_the_pwc),
		cmocka_unit_test(test_pte_read_and_pwc_latencies_price_the_walk),
		cmocka_unit_test(test_walk_charges_saturate),
		cmocka_unit_test(test_hardware_accessed_bits_follow_the_format),
		cmocka_unit_test(test_riscv_and_arm_set_only_the_leaf),
		cmocka_unit_test(test_pager_clears_leaf_bits_only),
		cmocka_unit_test(test_process_gone_frees_its_tables),
		cmocka_unit_test(test_stlb_hit_after_an_l1_eviction),
		cmocka_unit_test(test_invalidation_and_exit_reach_every_level),
		cmocka_unit_test(test_tlb_levels_config),
		cmocka_unit_test(test_config_refusals_name_the_key),
		cmocka_unit_test(test_config_formats_and_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
