/*
 * tests/pager/test_pager_random.c: random operations over several processes
 * with tiny memory and swap, for every replacement policy. After every
 * operation pager_check() runs, and every byte loaded is compared with a
 * shadow of what that process should see (private swap pages copied at
 * fork, file pages shared by key). Map and fork results are predicted from
 * the shadow's own accounting.
 *
 * Usage: test_pager_random [OPERATIONS [SEED]]
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fake_machine.h"

#define PIDS 6
#define PAGES 6
#define FILES 3

static const char *const file_names[FILES] = { "f0", "f1", "missing" };

struct shadow_page {
	bool file;
	int key;                    /* file: file * 8 + block */
	uint8_t bytes[FAKE_PAGE];   /* swap: private content */
};

struct shadow_proc {
	bool alive;
	uint32_t valid;
	struct shadow_page pages[PAGES];
};

struct world {
	struct fake fake;
	struct shadow_proc procs[PIDS];
	uint8_t file_bytes[FILES * 8][FAKE_PAGE];
	bool readable[FILES * 8];
	int current;                /* -1: none */
	uint32_t swap_blocks;
	uint64_t rng;
	unsigned long loads_checked;
};

static uint64_t next_random(struct world *w)
{
	uint64_t z = (w->rng += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static uint32_t pick(struct world *w, uint32_t n)
{
	return (uint32_t)(next_random(w) % n);
}

static uint64_t fake_next_use(void *ctx, pid_t pid, uint64_t vaddr)
{
	(void)ctx;
	return ((uint64_t)pid * 7919 + vaddr / FAKE_PAGE * 104729) % 1000;
}

static uint32_t reserved(const struct world *w)
{
	uint32_t n = 0;
	for (int pid = 0; pid < PIDS; pid++)
		for (uint32_t v = 0; w->procs[pid].alive && v < w->procs[pid].valid; v++)
			n += !w->procs[pid].pages[v].file;
	return n;
}

static uint32_t swap_pages(const struct shadow_proc *p)
{
	uint32_t n = 0;
	for (uint32_t v = 0; v < p->valid; v++)
		n += !p->pages[v].file;
	return n;
}

static uint8_t *shadow_byte(struct world *w, int pid, uint32_t vpn, uint32_t offset)
{
	struct shadow_page *page = &w->procs[pid].pages[vpn];
	return page->file ? &w->file_bytes[page->key][offset] : &page->bytes[offset];
}

static void kill_current(struct world *w)
{
	w->procs[w->current].alive = false;
	w->current = -1;
}

/* The access kills the process exactly when its page is invalid or an
 * unreadable file page. */
static bool access_allowed(const struct world *w, uint32_t vpn)
{
	const struct shadow_proc *p = &w->procs[w->current];
	return vpn < p->valid && (!p->pages[vpn].file || w->readable[p->pages[vpn].key]);
}

static void op_access(struct world *w, bool write)
{
	uint32_t valid = w->procs[w->current].valid;
	/* mostly valid pages; now and then anywhere, to kill */
	uint32_t vpn = valid && pick(w, 50) ? pick(w, valid) : pick(w, PAGES + 1);
	if (vpn < valid && !access_allowed(w, vpn) && pick(w, 10))
		vpn = pick(w, valid); /* unreadable file pages kill: not too often */
	uint32_t offset = pick(w, FAKE_PAGE);
	uint64_t vaddr = FAKE_BASE + (uint64_t)vpn * FAKE_PAGE + offset;
	bool allowed = access_allowed(w, vpn);
	if (write) {
		uint8_t byte = (uint8_t)next_random(w);
		assert_int_equal(fake_store(&w->fake, vaddr, byte), allowed);
		if (allowed)
			*shadow_byte(w, w->current, vpn, offset) = byte;
	} else {
		uint8_t byte = 0;
		assert_int_equal(fake_load(&w->fake, vaddr, &byte), allowed);
		if (allowed) {
			assert_int_equal(byte, *shadow_byte(w, w->current, vpn, offset));
			w->loads_checked++;
		}
	}
	if (!allowed)
		kill_current(w);
}

static void op_map_swap(struct world *w)
{
	struct shadow_proc *p = &w->procs[w->current];
	bool ok = p->valid < PAGES && reserved(w) < w->swap_blocks;
	uint64_t vaddr = fake_map_swap(&w->fake);
	assert_int_equal(vaddr != 0, ok);
	if (ok) {
		assert_int_equal(vaddr, FAKE_BASE + (uint64_t)p->valid * FAKE_PAGE);
		struct shadow_page *page = &p->pages[p->valid++];
		page->file = false;
		memset(page->bytes, 0, FAKE_PAGE);
	}
}

/* Write a file name into a swap page of the current process and map it. */
static void op_map_file(struct world *w)
{
	struct shadow_proc *p = &w->procs[w->current];
	uint32_t vpn = pick(w, PAGES);
	if (vpn >= p->valid || p->pages[vpn].file || p->valid == PAGES)
		return;
	int file = pick(w, 10) ? (int)pick(w, FILES - 1) : FILES - 1, block = (int)pick(w, 3);
	const char *name = file_names[file];
	uint32_t offset = pick(w, FAKE_PAGE - (uint32_t)strlen(name) - 1);
	uint64_t at = FAKE_BASE + (uint64_t)vpn * FAKE_PAGE + offset;
	assert_true(fake_store_string(&w->fake, at, name));
	memcpy(&p->pages[vpn].bytes[offset], name, strlen(name) + 1);
	pager_check(w->fake.pager);
	uint64_t vaddr = fake_map_file(&w->fake, at, (uint64_t)block);
	assert_int_equal(vaddr, FAKE_BASE + (uint64_t)p->valid * FAKE_PAGE);
	p->pages[p->valid].file = true;
	p->pages[p->valid++].key = file * 8 + block;
}

static void op_fork(struct world *w)
{
	int parent = w->current, child = (int)pick(w, PIDS);
	bool ok = !w->procs[child].alive &&
		  reserved(w) + swap_pages(&w->procs[parent]) <= w->swap_blocks;
	assert_int_equal(pager_fork(w->fake.pager, parent, child), ok ? 0 : -1);
	if (ok)
		w->procs[child] = w->procs[parent];
}

static void op_switch(struct world *w)
{
	int pid = (int)pick(w, PIDS);
	for (int tries = 0; tries < PIDS && !w->procs[pid].alive && pick(w, 10); tries++)
		pid = (pid + 1) % PIDS; /* mostly to a live process */
	pager_switch(w->fake.pager, pid);
	w->current = w->procs[pid].alive ? pid : -1;
}

static void op_start(struct world *w)
{
	int pid = (int)pick(w, PIDS);
	bool ok = !w->procs[pid].alive;
	assert_int_equal(pager_fork(w->fake.pager, -1, pid), ok ? 0 : -1);
	if (ok)
		w->procs[pid] = (struct shadow_proc){ .alive = true };
}

static void op_exit(struct world *w)
{
	pager_exit(w->fake.pager);
	kill_current(w);
}

static void step(struct world *w)
{
	uint32_t r = pick(w, 100);
	if (w->current < 0 || r < 3) {
		if (r % 2)
			op_start(w);
		else
			op_switch(w);
	} else if (w->procs[w->current].valid == 0 && r < 60) {
		op_map_swap(w);
	} else if (r < 40) {
		op_access(w, false);
	} else if (r < 75) {
		op_access(w, true);
	} else if (r < 83) {
		op_map_swap(w);
	} else if (r < 88) {
		op_map_file(w);
	} else if (r < 91) {
		op_fork(w);
	} else if (r < 97) {
		op_switch(w);
	} else {
		op_exit(w);
	}
	pager_check_changes(w->fake.pager); /* what run --check does per event */
	pager_check(w->fake.pager);
}

static void world_init(struct world *w, const struct policy_ops *policy, uint64_t seed, bool hardware_bits)
{
	memset(w, 0, sizeof *w);
	w->rng = seed;
	w->current = -1;
	w->swap_blocks = 6 + pick(w, 8);
	struct pager_config config = {
		.memory_pages = 3 + pick(w, 4), .swap_blocks = w->swap_blocks, .page_size = FAKE_PAGE,
		.arena_base = FAKE_BASE, .arena_pages = PAGES, .policy = policy, .seed = seed,
		.hardware_ref_bits = hardware_bits,
	};
	fake_init_config(&w->fake, &config);
	w->fake.next_use = fake_next_use; /* an arbitrary fixed future: enough for invariants */
	pager_track_changes(w->fake.pager, true);
	for (int file = 0; file < 2; file++) {
		struct fake_file *f = fake_file(&w->fake, file_names[file], 3 * FAKE_PAGE - 100, (uint8_t)file);
		if (file == 1)
			f->fail_block = 1;
		for (int block = 0; block < 3; block++) {
			for (uint32_t i = 0; i < FAKE_PAGE; i++)
				w->file_bytes[file * 8 + block][i] = fake_file_byte(f, block * FAKE_PAGE + i);
			w->readable[file * 8 + block] = f->fail_block != block;
		}
	}
}

static void run_policy(const struct policy_ops *policy, unsigned long operations, uint64_t seed,
		       bool hardware_bits)
{
	struct world *w = malloc(sizeof *w);
	world_init(w, policy, seed, hardware_bits);
	for (unsigned long i = 0; i < operations; i++)
		step(w);
	for (int pid = 0; pid < PIDS; pid++) { /* everyone exits: only ghosts stay */
		pager_switch(w->fake.pager, pid);
		pager_exit(w->fake.pager);
		pager_check(w->fake.pager);
	}
	assert_int_equal(pager_swap_reserved(w->fake.pager), 0);
	printf("# %s%s seed %llu: %lu operations, %lu loads checked, %llu faults, %llu evictions\n", policy->name,
	       hardware_bits ? " (hardware bits)" : "", (unsigned long long)seed, operations, w->loads_checked, (unsigned long long)pager_stats(w->fake.pager)->faults,
	       (unsigned long long)pager_stats(w->fake.pager)->evictions);
	assert_true(w->loads_checked > operations / 5);
	fake_fini(&w->fake);
	free(w);
}

static unsigned long operations = 100000;
static uint64_t base_seed = 1;

/* Ten worlds (sizes drawn from the seed) per policy and reference-bit mode. */
static void test_every_policy(void **state)
{
	(void)state;
	for (const struct policy_ops *const *p = policy_table; *p; p++)
		for (uint64_t world = 0; world < 10; world++)
			run_policy(*p, operations / 10, base_seed + world, world % 2);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		operations = strtoul(argv[1], NULL, 10);
	if (argc > 2)
		base_seed = strtoull(argv[2], NULL, 10);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_policy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
