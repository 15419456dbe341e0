/*
 * tests/pager/test_pager.c: every rule and failure path of the pager spec,
 * with exact counts of disk transfers, copies, zero-fills and evictions.
 * pager_check() runs after every operation (through the CHECKED macro).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_machine.h"

#define PAGE(i) (FAKE_BASE + (uint64_t)(i) * FAKE_PAGE)
#define STATS(f) pager_stats((f)->pager)

static void store(struct fake *f, uint64_t vaddr, uint8_t byte)
{
	assert_true(fake_store(f, vaddr, byte));
	pager_check(f->pager);
}

static uint8_t load(struct fake *f, uint64_t vaddr)
{
	uint8_t byte = 0;
	assert_true(fake_load(f, vaddr, &byte));
	pager_check(f->pager);
	return byte;
}

static void start(struct fake *f, pid_t pid)
{
	assert_int_equal(pager_fork(f->pager, -1, pid), 0);
	pager_switch(f->pager, pid);
	pager_check(f->pager);
}

static uint64_t map_swap(struct fake *f)
{
	uint64_t vaddr = fake_map_swap(f);
	pager_check(f->pager);
	return vaddr;
}

static uint64_t map_file(struct fake *f, uint64_t name, uint64_t block)
{
	uint64_t vaddr = fake_map_file(f, name, block);
	pager_check(f->pager);
	return vaddr;
}

static void frame_of(struct fake *f, uint32_t frame, struct frame_view *view)
{
	pager_frame_view(f->pager, frame, view);
}

static void test_fresh_page_reads_zero_without_fault(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 4, 8, 16);
	start(&f, 1);
	uint64_t a = map_swap(&f);
	assert_int_equal(a, PAGE(0));
	const struct pte *e = fake_entry(&f, a);
	assert_int_equal(e->ppage, 0);
	assert_int_equal(e->read_enable, 1);
	assert_int_equal(e->write_enable, 0);
	assert_int_equal(load(&f, a + 17), 0);
	assert_int_equal(f.faults, 0);
	store(&f, a + 17, 42);
	assert_int_equal(f.faults, 1);
	assert_int_equal(STATS(&f)->zero_fills, 1);
	assert_int_equal(e->ppage, 1); /* lowest free frame */
	assert_int_equal(e->write_enable, 1);
	assert_int_equal(load(&f, a + 17), 42);
	assert_int_equal(load(&f, a + 16), 0);
	assert_int_equal(f.swap_reads + f.swap_writes, 0);
	assert_int_equal(STATS(&f)->faults, 1);
	fake_fini(&f);
}

/* Fill three frames, then a fourth page: the clock clears every bit, comes
 * round to frame 1 and evicts it (dirty: written to its block 0). */
static void test_clock_evicts_in_fill_order_after_a_lap(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 4, 8, 16);
	start(&f, 1);
	for (int i = 0; i < 4; i++)
		assert_int_equal(map_swap(&f), PAGE(i));
	for (int i = 0; i < 4; i++)
		store(&f, PAGE(i), (uint8_t)(10 + i));
	const struct pager_stats *s = STATS(&f);
	assert_int_equal(s->zero_fills, 4);
	assert_int_equal(s->evictions, 1);
	assert_int_equal(s->evictions_dirty, 1);
	assert_int_equal(s->swap_writes, 1);
	assert_int_equal(f.last_write_block, 0);
	assert_int_equal(s->ref_clears, 3);
	assert_int_equal(fake_entry(&f, PAGE(3))->ppage, 1);
	assert_int_equal(fake_entry(&f, PAGE(0))->read_enable, 0);
	/* pages 1 and 2 lost their referenced bit: the next use faults, no I/O */
	assert_int_equal(fake_entry(&f, PAGE(1))->read_enable, 0);
	assert_int_equal(load(&f, PAGE(1)), 11);
	assert_int_equal(s->faults, 5);
	assert_int_equal(f.swap_reads, 0);
	/* page 0 comes back: frame 2 (referenced) is passed, frame 3 evicted */
	assert_int_equal(load(&f, PAGE(0)), 10);
	assert_int_equal(s->swap_reads, 1);
	assert_int_equal(f.last_read_block, 0);
	assert_int_equal(fake_entry(&f, PAGE(0))->ppage, 3);
	assert_int_equal(f.last_write_block, 2);
	assert_int_equal(s->evictions, 2);
	assert_int_equal(load(&f, PAGE(2)), 12);
	fake_fini(&f);
}

/* A page read back from swap and evicted unmodified is not written. */
static void test_clean_page_from_swap_is_not_written_again(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 3, 8, 16); /* two usable frames */
	start(&f, 1);
	for (int i = 0; i < 3; i++)
		map_swap(&f);
	store(&f, PAGE(0), 1);
	store(&f, PAGE(1), 2);
	store(&f, PAGE(2), 3); /* evicts page 0: one write */
	assert_int_equal(STATS(&f)->swap_writes, 1);
	assert_int_equal(load(&f, PAGE(0)), 1); /* evicts page 1: second write */
	assert_int_equal(STATS(&f)->swap_writes, 2);
	assert_int_equal(load(&f, PAGE(1)), 2); /* evicts page 2 (dirty) */
	assert_int_equal(STATS(&f)->swap_writes, 3);
	assert_int_equal(load(&f, PAGE(2)), 3); /* evicts page 0: clean, no write */
	assert_int_equal(STATS(&f)->swap_writes, 3);
	assert_int_equal(STATS(&f)->evictions, 4);
	assert_int_equal(STATS(&f)->evictions_dirty, 3);
	assert_int_equal(STATS(&f)->swap_reads, 3);
	fake_fini(&f);
}

static void test_read_then_write_takes_a_dirty_fault(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 3, 8, 16);
	start(&f, 1);
	for (int i = 0; i < 3; i++)
		map_swap(&f);
	store(&f, PAGE(0), 7);
	store(&f, PAGE(1), 8);
	store(&f, PAGE(2), 9); /* page 0 out */
	assert_int_equal(load(&f, PAGE(0)), 7);
	const struct pte *e = fake_entry(&f, PAGE(0));
	assert_int_equal(e->read_enable, 1);
	assert_int_equal(e->write_enable, 0); /* clean: the first write faults */
	uint64_t faults = STATS(&f)->faults;
	store(&f, PAGE(0), 70);
	assert_int_equal(STATS(&f)->faults, faults + 1);
	assert_int_equal(e->write_enable, 1);
	fake_fini(&f);
}

static void test_fork_shares_copy_on_write_and_copies_pinned_source(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 4, 8, 16); /* three usable frames */
	start(&f, 1);
	for (int i = 0; i < 3; i++) {
		map_swap(&f);
		store(&f, PAGE(i), (uint8_t)(i + 1));
	}
	assert_int_equal(pager_fork(f.pager, 1, 2), 0);
	pager_check(f.pager);
	assert_int_equal(STATS(&f)->creates_ok, 2);
	assert_int_equal(pager_swap_reserved(f.pager), 6);
	assert_int_equal(fake_entry(&f, PAGE(0))->write_enable, 0); /* parent lost write */
	pager_switch(f.pager, 2);
	assert_int_equal(load(&f, PAGE(0)), 1);
	/* the child writes page 0 while memory is full: frame 1 (the source) is
	 * pinned and passed over with its bits untouched; frame 2 is evicted */
	store(&f, PAGE(0), 100);
	const struct pager_stats *s = STATS(&f);
	assert_int_equal(s->cow_copies, 1);
	assert_int_equal(s->evictions, 1);
	assert_int_equal(s->swap_writes, 1);
	assert_int_equal(f.last_write_frame, 2);
	assert_int_equal(fake_entry(&f, PAGE(0))->ppage, 2);
	struct frame_view source;
	frame_of(&f, 1, &source);
	assert_true(source.referenced);
	assert_true(source.dirty);
	assert_int_equal(source.sharers, 1);
	assert_int_equal(load(&f, PAGE(0)), 100);
	/* the parent is the last sharer: its entry is writable again at once */
	pager_switch(f.pager, 1);
	const struct pte *e = fake_entry(&f, PAGE(0));
	assert_int_equal(e->ppage, 1);
	assert_int_equal(e->write_enable, 1);
	uint64_t faults = s->faults;
	store(&f, PAGE(0), 5);
	assert_int_equal(s->faults, faults);
	assert_int_equal(load(&f, PAGE(0)), 5);
	pager_switch(f.pager, 2);
	assert_int_equal(load(&f, PAGE(0)), 100);
	assert_int_equal(load(&f, PAGE(1)), 2); /* shared, read back from swap */
	assert_int_equal(s->cow_copies, 1);
	fake_fini(&f);
}

static void test_cow_of_swapped_source_reads_straight_into_copy(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 3, 8, 16);
	start(&f, 1);
	for (int i = 0; i < 3; i++) {
		map_swap(&f);
		store(&f, PAGE(i), (uint8_t)(i + 1)); /* page 0 ends in swap */
	}
	assert_int_equal(pager_fork(f.pager, 1, 2), 0);
	pager_switch(f.pager, 2);
	uint64_t reads = STATS(&f)->swap_reads;
	store(&f, PAGE(0), 50);
	assert_int_equal(STATS(&f)->cow_copies, 1);
	assert_int_equal(STATS(&f)->swap_reads, reads + 1);
	assert_int_equal(f.last_read_block, 0);
	assert_int_equal(load(&f, PAGE(0)), 50);
	/* the source stays in swap: the parent reads it from block 0 */
	pager_switch(f.pager, 1);
	assert_int_equal(fake_entry(&f, PAGE(0))->read_enable, 0);
	assert_int_equal(load(&f, PAGE(0)), 1);
	assert_int_equal(STATS(&f)->swap_reads, reads + 2);
	fake_fini(&f);
}

static void test_cow_of_zero_page_is_a_zero_fill(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 4, 8, 16);
	start(&f, 1);
	map_swap(&f);
	assert_int_equal(pager_fork(f.pager, 1, 2), 0);
	pager_switch(f.pager, 2);
	store(&f, PAGE(0), 9);
	assert_int_equal(STATS(&f)->zero_fills, 1);
	assert_int_equal(STATS(&f)->cow_copies, 0);
	assert_int_equal(f.swap_reads, 0);
	pager_switch(f.pager, 1);
	const struct pte *e = fake_entry(&f, PAGE(0));
	assert_int_equal(e->ppage, 0);
	assert_int_equal(e->read_enable, 1);
	assert_int_equal(load(&f, PAGE(0)), 0);
	store(&f, PAGE(0), 3); /* now the only sharer: an ordinary zero-fill */
	assert_int_equal(STATS(&f)->zero_fills, 2);
	fake_fini(&f);
}

static void test_fork_that_cannot_reserve_creates_nothing(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 4, 3, 16);
	start(&f, 1);
	map_swap(&f);
	map_swap(&f);
	assert_int_equal(pager_fork(f.pager, 1, 2), -1);
	pager_check(f.pager);
	assert_false(pager_alive(f.pager, 2));
	assert_int_equal(STATS(&f)->creates_failed, 1);
	assert_int_equal(pager_swap_reserved(f.pager), 2);
	assert_int_equal(pager_fork(f.pager, 1, 1), -1); /* alive already */
	assert_int_equal(pager_fork(f.pager, 7, 3), 0);  /* unknown parent: empty arena */
	uint32_t valid = 99;
	pager_page_table(f.pager, 3, &valid);
	assert_int_equal(valid, 0);
	fake_fini(&f);
}

static void test_swap_full_and_arena_full(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 4, 1, 3);
	fake_file(&f, "a", 1024, 0);
	start(&f, 1);
	uint64_t name = map_swap(&f);
	assert_int_not_equal(name, 0);
	assert_int_equal(map_swap(&f), 0); /* no reservation left */
	assert_true(fake_store_string(&f, name, "a"));
	assert_int_equal(map_file(&f, name, 0), PAGE(1));
	assert_int_equal(map_file(&f, name, 1), PAGE(2));
	uint64_t reads = f.file_reads + f.swap_reads;
	assert_int_equal(map_file(&f, name, 2), 0); /* arena full: no I/O */
	assert_int_equal(map_swap(&f), 0);
	assert_int_equal(f.file_reads + f.swap_reads, reads);
	assert_int_equal(STATS(&f)->maps_ok, 3);
	assert_int_equal(STATS(&f)->maps_failed, 3);
	fake_fini(&f);
}

static void test_invalid_addresses_fail(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 4, 4, 4);
	assert_int_equal(pager_fault(f.pager, PAGE(0), false), -1); /* no process */
	start(&f, 1);
	map_swap(&f);
	assert_int_equal(pager_fault(f.pager, FAKE_BASE - 1, false), -1);
	assert_int_equal(pager_fault(f.pager, PAGE(1), false), -1); /* not valid */
	assert_int_equal(pager_fault(f.pager, PAGE(4), true), -1);  /* past the arena */
	assert_int_equal(pager_fault(f.pager, UINT64_MAX, true), -1);
	assert_int_equal(STATS(&f)->faults, 5);
	assert_int_equal(STATS(&f)->faults_invalid, 5);
	uint8_t byte;
	assert_false(fake_load(&f, PAGE(2), &byte)); /* killed */
	assert_false(pager_alive(f.pager, 1));
	assert_int_equal(pager_current(f.pager), -1);
	assert_int_equal(pager_swap_reserved(f.pager), 0);
	pager_check(f.pager);
	fake_fini(&f);
}

static void test_file_pages_are_shared_and_found_again_as_ghosts(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 5, 8, 16);
	struct fake_file *file = fake_file(&f, "data.bin", 4 * FAKE_PAGE, 3);
	start(&f, 1);
	uint64_t name = map_swap(&f);
	assert_true(fake_store_string(&f, name, "data.bin"));
	uint64_t a = map_file(&f, name, 1);
	assert_int_equal(f.file_reads, 0); /* demand paging: nothing read yet */
	assert_int_equal(load(&f, a + 5), fake_file_byte(file, FAKE_PAGE + 5));
	assert_int_equal(STATS(&f)->file_reads, 1);
	assert_int_equal(pager_fork(f.pager, 1, 2), 0);
	pager_switch(f.pager, 2);
	store(&f, a + 5, 200); /* shared, never copy-on-write */
	assert_int_equal(STATS(&f)->cow_copies, 0);
	pager_switch(f.pager, 1);
	assert_int_equal(load(&f, a + 5), 200);
	/* a second mapping of the same key in the same process */
	uint64_t b = map_file(&f, name, 1);
	assert_int_equal(load(&f, b + 5), 200);
	assert_int_equal(STATS(&f)->file_reads, 1);
	pager_exit(f.pager);
	pager_switch(f.pager, 2);
	pager_exit(f.pager);
	pager_check(f.pager);
	/* a ghost: dirty, resident, no mapping; no write-back at exit */
	assert_int_equal(STATS(&f)->file_writes, 0);
	struct frame_view ghost;
	frame_of(&f, 2, &ghost);
	assert_int_equal(ghost.use, FRAME_FILE);
	assert_int_equal(ghost.sharers, 0);
	assert_true(ghost.dirty);
	/* mapped again by a new process: found in memory with no read */
	start(&f, 3);
	name = map_swap(&f);
	assert_true(fake_store_string(&f, name, "data.bin"));
	a = map_file(&f, name, 1);
	assert_int_equal(load(&f, a + 5), 200);
	assert_int_equal(STATS(&f)->file_reads, 1);
	fake_fini(&f);
}

static void test_dirty_ghost_is_written_back_only_on_eviction(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 3, 8, 16); /* two usable frames */
	struct fake_file *file = fake_file(&f, "g", FAKE_PAGE, 1);
	start(&f, 1);
	uint64_t name = map_swap(&f);
	assert_true(fake_store_string(&f, name, "g"));
	uint64_t a = map_file(&f, name, 0);
	store(&f, a, 77);
	pager_exit(f.pager);
	assert_int_equal(STATS(&f)->file_writes, 0);
	assert_int_not_equal(file->bytes[0], 77);
	start(&f, 2);
	for (int i = 0; i < 2; i++) {
		map_swap(&f);
		store(&f, PAGE(i), 1); /* the second one evicts the ghost */
	}
	assert_int_equal(STATS(&f)->file_writes, 1);
	assert_int_equal(STATS(&f)->evictions_dirty, 1);
	assert_string_equal(f.last_write_file, "g");
	assert_int_equal(file->bytes[0], 77);
	fake_fini(&f);
}

static void test_clean_ghost_is_dropped_without_write(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 3, 8, 16);
	fake_file(&f, "c", FAKE_PAGE, 1);
	start(&f, 1);
	uint64_t name = map_swap(&f);
	assert_true(fake_store_string(&f, name, "c"));
	load(&f, map_file(&f, name, 0));
	pager_exit(f.pager);
	start(&f, 2);
	for (int i = 0; i < 3; i++) {
		map_swap(&f);
		store(&f, PAGE(i), 1);
	}
	assert_int_equal(STATS(&f)->file_writes, 0);
	assert_int_equal(STATS(&f)->evictions, 2); /* the ghost, then page 0 */
	assert_int_equal(STATS(&f)->swap_writes, 1);
	fake_fini(&f);
}

static void test_missing_file_fails_at_first_fault_and_frees_its_frame(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 4, 8, 16);
	start(&f, 1);
	uint64_t name = map_swap(&f);
	assert_true(fake_store_string(&f, name, "nope"));
	uint64_t a = map_file(&f, name, 0); /* the file need not exist yet */
	assert_int_not_equal(a, 0);
	uint8_t byte;
	assert_false(fake_load(&f, a, &byte));
	pager_check(f.pager);
	assert_int_equal(STATS(&f)->file_reads, 1);
	assert_int_equal(STATS(&f)->faults_invalid, 1);
	assert_int_equal(f.last_read_frame, 2); /* taken before the read was tried */
	start(&f, 2);
	map_swap(&f);
	store(&f, PAGE(0), 1);
	assert_int_equal(fake_entry(&f, PAGE(0))->ppage, 1);
	map_swap(&f);
	store(&f, PAGE(1), 1);
	assert_int_equal(fake_entry(&f, PAGE(1))->ppage, 2); /* free again */
	fake_fini(&f);
}

static void test_failing_block_fails_only_that_block(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 4, 8, 16);
	struct fake_file *file = fake_file(&f, "f", 4 * FAKE_PAGE, 0);
	file->fail_block = 2;
	start(&f, 1);
	uint64_t name = map_swap(&f);
	assert_true(fake_store_string(&f, name, "f"));
	uint64_t ok = map_file(&f, name, 1), bad = map_file(&f, name, 2);
	assert_int_equal(load(&f, ok), fake_file_byte(file, FAKE_PAGE));
	uint8_t byte;
	assert_false(fake_load(&f, bad, &byte));
	assert_int_equal(STATS(&f)->file_reads, 2);
	pager_check(f.pager);
	fake_fini(&f);
}

/* Issue 11: a write-back that fails is not dropped. The eviction still
 * completes (the tables stay consistent and the counts say what was tried)
 * but the pager records which file and block lost its data. */
static void test_failed_write_back_is_recorded(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 3, 8, 16); /* two usable frames */
	struct fake_file *file = fake_file(&f, "g", FAKE_PAGE, 1);
	file->fail_write_block = 0;
	uint8_t before = file->bytes[0];
	start(&f, 1);
	uint64_t name = map_swap(&f);
	assert_true(fake_store_string(&f, name, "g"));
	uint64_t a = map_file(&f, name, 0);
	store(&f, a, 77);
	assert_int_equal(pager_failure(f.pager)->kind, PAGER_FINE);
	map_swap(&f);
	store(&f, PAGE(2), 1); /* evicts page 0 (clean), then the dirty file page */
	map_swap(&f);
	store(&f, PAGE(3), 1);
	const struct pager_failure *why = pager_failure(f.pager);
	assert_int_equal(why->kind, PAGER_WRITE_FAILED);
	assert_string_equal(why->file, "g");
	assert_int_equal(why->block, 0);
	assert_int_equal(STATS(&f)->file_writes, 1);
	assert_int_equal(file->bytes[0], before); /* nothing reached the file */
	pager_exit(f.pager); /* the file object is forgotten: the name stays */
	pager_check(f.pager);
	assert_string_equal(pager_failure(f.pager)->file, "g");
	fake_fini(&f);
}

/* A device failure on a read is not "the file cannot be read": the access
 * is refused as before, and the failure is recorded for the machine. */
static void test_device_read_failure_is_recorded(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 4, 8, 16);
	struct fake_file *file = fake_file(&f, "f", 4 * FAKE_PAGE, 0);
	file->fail_block = 3;
	file->fail_as_device = true;
	start(&f, 1);
	uint64_t name = map_swap(&f);
	assert_true(fake_store_string(&f, name, "f"));
	uint64_t ok = map_file(&f, name, 2), bad = map_file(&f, name, 3);
	assert_int_equal(load(&f, ok), fake_file_byte(file, 2 * FAKE_PAGE));
	assert_int_equal(pager_failure(f.pager)->kind, PAGER_FINE);
	uint8_t byte;
	assert_false(fake_load(&f, bad, &byte));
	pager_check(f.pager);
	assert_int_equal(pager_failure(f.pager)->kind, PAGER_READ_FAILED);
	assert_string_equal(pager_failure(f.pager)->file, "f");
	assert_int_equal(pager_failure(f.pager)->block, 3);
	fake_fini(&f);
}

/* Issue 11: a process's tables grow with the pages it maps, not with the
 * arena; the base register follows every move, and fork copies only the
 * parent's valid pages. */
static void test_tables_grow_with_the_pages_mapped(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 8, 40 * 201 + 1, UINT32_MAX);
	start(&f, 1);
	assert_non_null(f.table);
	assert_int_equal(f.table_count, 8);
	for (uint32_t i = 0; i < 40; i++) {
		assert_int_equal(map_swap(&f), PAGE(i));
		store(&f, PAGE(i), (uint8_t)(i + 1));
		uint32_t valid = 0;
		const struct pte *table = pager_page_table(f.pager, 1, &valid);
		assert_ptr_equal(f.table, table); /* the register follows the table */
		assert_int_equal(valid, i + 1);
		assert_true(f.table_count > i && f.table_count <= 2 * (i + 1) + 8);
	}
	assert_int_equal(f.table_count, 64);
	for (uint32_t i = 0; i < 40; i++)
		assert_int_equal(load(&f, PAGE(i)), i + 1);
	for (pid_t child = 2; child < 202; child++)
		assert_int_equal(pager_fork(f.pager, 1, child), 0);
	pager_switch(f.pager, 150);
	assert_int_equal(f.table_count, 40); /* a child's tables: the parent's valid pages */
	assert_int_equal(load(&f, PAGE(39)), 40);
	assert_int_equal(map_swap(&f), PAGE(40));
	assert_int_equal(f.table_count, 80);
	store(&f, PAGE(40), 9);
	assert_int_equal(load(&f, PAGE(40)), 9);
	pager_check(f.pager);
	assert_int_equal(pager_failure(f.pager)->kind, PAGER_FINE);
	fake_fini(&f);
}

/* The tables never grow past the arena. */
static void test_tables_stop_at_the_arena(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 8, 64, 11);
	start(&f, 1);
	for (uint32_t i = 0; i < 11; i++)
		assert_int_equal(map_swap(&f), PAGE(i));
	assert_int_equal(f.table_count, 11);
	assert_int_equal(fake_map_swap(&f), 0); /* the arena is full */
	assert_int_equal(STATS(&f)->maps_failed, 1);
	pager_check(f.pager);
	fake_fini(&f);
}

/* A checkpoint's cost (the visualiser keeps them within a budget) follows
 * the pages mapped, not the arena: the same run in a 16-page and a
 * 2^32-1-page arena costs the same, and more pages cost more. */
static void test_clone_bytes_follow_the_pages_mapped(void **state)
{
	(void)state;
	size_t bytes[2][2];
	const uint32_t arenas[2] = { 16, UINT32_MAX };
	for (int a = 0; a < 2; a++) {
		struct fake f;
		fake_init(&f, 4, 64, arenas[a]);
		start(&f, 1);
		map_swap(&f);
		bytes[a][0] = pager_clone_bytes(f.pager);
		for (int i = 1; i < 16; i++)
			map_swap(&f);
		bytes[a][1] = pager_clone_bytes(f.pager);
		fake_fini(&f);
	}
	assert_int_equal(bytes[0][0], bytes[1][0]);
	assert_int_equal(bytes[0][1], bytes[1][1]);
	assert_true(bytes[0][1] > bytes[0][0]);
	assert_true(bytes[1][1] < 64 * 1024);
}

static void test_name_outside_valid_pages_fails(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 4, 8, 16);
	start(&f, 1);
	uint64_t page = map_swap(&f);
	for (uint32_t i = 0; i < FAKE_PAGE; i++)
		store(&f, page + i, 'x'); /* no terminator in the only valid page */
	assert_int_equal(map_file(&f, page + 10, 0), 0);
	assert_int_equal(map_file(&f, FAKE_BASE - 4, 0), 0);
	assert_int_equal(map_file(&f, PAGE(5), 0), 0);
	assert_int_equal(STATS(&f)->maps_failed, 3);
	assert_int_equal(STATS(&f)->maps_ok, 1);
	fake_fini(&f);
}

static void test_name_across_pages_and_through_faults(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 3, 8, 16); /* two usable frames */
	fake_file(&f, "abcdef", FAKE_PAGE, 0);
	start(&f, 1);
	map_swap(&f);
	map_swap(&f);
	map_swap(&f);
	uint64_t name = PAGE(1) - 3;
	assert_true(fake_store_string(&f, name, "abcdef")); /* "abc" | "def\0" */
	store(&f, PAGE(2), 1);                               /* evicts page 0 */
	uint64_t faults = STATS(&f)->faults, reads = STATS(&f)->swap_reads;
	uint64_t a = map_file(&f, name, 0);
	assert_int_equal(a, PAGE(3));
	assert_int_equal(STATS(&f)->faults, faults); /* no MMU fault counted */
	/* page 0 was evicted by the store, page 1 by bringing page 0 back */
	assert_int_equal(STATS(&f)->swap_reads, reads + 2);
	assert_int_equal(STATS(&f)->swap_writes, 3);
	assert_int_equal(load(&f, a), 1);
	/* a fresh page in the middle of a name reads as zero: the name ends */
	uint64_t z = map_swap(&f);
	assert_int_equal(map_file(&f, z, 0), PAGE(5)); /* key ("", 0) */
	uint8_t byte;
	assert_false(fake_load(&f, PAGE(5), &byte)); /* "" cannot be read */
	fake_fini(&f);
}

static void test_exit_releases_everything(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 4, 4, 8);
	start(&f, 1);
	for (int i = 0; i < 4; i++) {
		map_swap(&f);
		store(&f, PAGE(i), 1);
	}
	assert_int_equal(pager_fork(f.pager, 1, 2), -1); /* 4 more do not fit */
	pager_exit(f.pager);
	pager_check(f.pager);
	assert_int_equal(pager_swap_reserved(f.pager), 0);
	for (uint32_t fr = 1; fr < 4; fr++) {
		struct frame_view v;
		frame_of(&f, fr, &v);
		assert_int_equal(v.use, FRAME_FREE);
	}
	for (uint32_t b = 0; b < 4; b++) {
		struct block_view v;
		pager_block_view(f.pager, b, &v);
		assert_int_equal(v.use, BLOCK_FREE);
	}
	assert_int_equal(STATS(&f)->swap_writes, 1); /* the one eviction; none at exit */
	fake_fini(&f);
}

static void test_last_sharer_exit_restores_write(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 4, 8, 8);
	start(&f, 1);
	map_swap(&f);
	store(&f, PAGE(0), 4);
	assert_int_equal(pager_fork(f.pager, 1, 2), 0);
	assert_int_equal(fake_entry(&f, PAGE(0))->write_enable, 0);
	pager_switch(f.pager, 2);
	pager_exit(f.pager);
	pager_check(f.pager);
	pager_switch(f.pager, 1);
	assert_int_equal(fake_entry(&f, PAGE(0))->write_enable, 1);
	fake_fini(&f);
}

static void test_invalidation_follows_every_revocation(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 4, 8, 8);
	start(&f, 1);
	map_swap(&f);
	store(&f, PAGE(0), 1);
	uint64_t before = f.invalidations;
	assert_int_equal(pager_fork(f.pager, 1, 2), 0); /* parent loses write */
	assert_true(f.invalidations > before);
	before = f.invalidations;
	pager_switch(f.pager, 2);
	pager_exit(f.pager); /* parent's entry changes back */
	assert_true(f.invalidations >= before + 2);
	fake_fini(&f);
}

/* An unreadable entry is in no TLB: filling it revokes nothing, so a
 * read-in into a free frame costs no invalidation; evicting a page does. */
static void test_filling_an_unreadable_entry_does_not_invalidate(void **state)
{
	(void)state;
	struct fake f;
	fake_init(&f, 3, 8, 8); /* the zero page and 2 frames */
	fake_file(&f, "d", 4 * FAKE_PAGE, 1);
	start(&f, 1);
	uint64_t name = map_swap(&f);
	assert_true(fake_store_string(&f, name, "d"));
	uint64_t a = map_file(&f, name, 0), b = map_file(&f, name, 1);
	uint64_t before = f.invalidations;
	load(&f, a); /* free frame: the entry goes from unreadable to readable */
	assert_int_equal(f.invalidations, before);
	load(&f, b); /* memory full: an eviction revokes an entry */
	assert_true(f.invalidations > before);
	fake_fini(&f);
}

static void test_bad_configuration_is_refused(void **state)
{
	(void)state;
	char err[128];
	uint8_t mem[4096];
	struct pager_machine m = { .physmem = mem };
	struct pager_config c = { .memory_pages = 2, .swap_blocks = 1, .page_size = 256, .arena_pages = 1 };
	assert_null(pager_create(&c, &m, err, sizeof err));
	assert_string_equal(err, "memory_pages must be at least 3");
	c.memory_pages = 3;
	c.page_size = 300;
	assert_null(pager_create(&c, &m, err, sizeof err));
	c.page_size = 256;
	c.arena_base = 100;
	assert_null(pager_create(&c, &m, err, sizeof err));
	assert_string_equal(err, "arena_base must be page aligned");
}

/* ---- Page keys: a policy that records what the pager tells it. ---- */

#define KEY_LOG 64
struct key_log {
	char what[KEY_LOG];      /* 'f'illed, 'e'victed, 'r'eleased, 'g' forget */
	uint64_t key[KEY_LOG];
	uint32_t n;
};
static struct key_log key_log; /* the recording policy's only instance */

static void log_key(char what, uint64_t key)
{
	assert_true(key_log.n < KEY_LOG);
	key_log.what[key_log.n] = what;
	key_log.key[key_log.n++] = key;
}

static void *rec_create(const struct policy_params *params)
{
	return policy_find("fifo")->create(params);
}

static void rec_filled(void *policy, uint32_t frame, uint64_t key)
{
	log_key('f', key);
	policy_find("fifo")->filled(policy, frame, key);
}

static void rec_released(void *policy, uint32_t frame, uint64_t key, bool evicted)
{
	log_key(evicted ? 'e' : 'r', key);
	policy_find("fifo")->released(policy, frame, key, evicted);
}

static uint32_t rec_victim(void *policy, const struct victim_probe *probe)
{
	log_key('v', probe->incoming_key(probe->ctx));
	return policy_find("fifo")->victim(policy, probe);
}

static void rec_forget(void *policy, uint64_t key)
{
	(void)policy;
	log_key('g', key);
}

/* A key names a page across eviction and refill, and is forgotten when the
 * page ends: swap pages at their last user's exit. */
static void test_page_keys_survive_eviction_and_end_with_the_page(void **state)
{
	(void)state;
	const struct policy_ops *fifo = policy_find("fifo");
	struct policy_ops rec = *fifo;
	rec.name = "recording";
	rec.create = rec_create;
	rec.filled = rec_filled;
	rec.released = rec_released;
	rec.forget = rec_forget;
	rec.victim = rec_victim;
	key_log.n = 0;
	struct pager_config config = {
		.memory_pages = 3, .swap_blocks = 8, .page_size = FAKE_PAGE,
		.arena_base = FAKE_BASE, .arena_pages = 16, .policy = &rec,
	};
	struct fake f;
	fake_init_config(&f, &config);
	start(&f, 1);
	for (int i = 0; i < 3; i++)
		map_swap(&f);
	store(&f, PAGE(0), 1); /* f A */
	store(&f, PAGE(1), 2); /* f B */
	store(&f, PAGE(2), 3); /* v for C, e A, f C */
	store(&f, PAGE(0), 4); /* v for A, e B, f A: the same key as before */
	assert_int_equal(key_log.n, 8);
	assert_memory_equal(key_log.what, "ffvefvef", 8);
	uint64_t a = key_log.key[0], b = key_log.key[1], c = key_log.key[4];
	assert_true(a != b && b != c && a != c);
	assert_true(key_log.key[2] == c && key_log.key[3] == a); /* victim() knew C */
	assert_true(key_log.key[5] == a && key_log.key[6] == b && key_log.key[7] == a);
	pager_exit(f.pager);
	/* Each resident page is released (no ghost: 'r'), then every page,
	 * resident or swapped out, is forgotten; B only forgotten. */
	uint32_t released = 0, forgotten = 0;
	bool forgot[3] = { false };
	for (uint32_t i = 8; i < key_log.n; i++) {
		assert_true(key_log.what[i] == 'r' || key_log.what[i] == 'g');
		assert_true(key_log.key[i] == a || key_log.key[i] == b || key_log.key[i] == c);
		if (key_log.what[i] == 'r') {
			released++;
			assert_true(key_log.key[i] != b);
		} else {
			forgotten++;
			forgot[key_log.key[i] == a ? 0 : key_log.key[i] == b ? 1 : 2] = true;
		}
	}
	assert_int_equal(released, 2);
	assert_int_equal(forgotten, 3);
	assert_true(forgot[0] && forgot[1] && forgot[2]);
	fake_fini(&f);
}

static void init_hardware(struct fake *f, uint32_t memory_pages)
{
	struct pager_config config = {
		.memory_pages = memory_pages, .swap_blocks = 8, .page_size = FAKE_PAGE,
		.arena_base = FAKE_BASE, .arena_pages = 16, .hardware_ref_bits = true,
	};
	fake_init_config(f, &config);
}

/* Hardware bits: resident entries allow what the object allows; the
 * walker's accessed/dirty bits replace reference and dirty faults. */
static void test_hardware_bits_save_reference_and_dirty_faults(void **state)
{
	(void)state;
	struct fake f;
	init_hardware(&f, 3); /* two usable frames */
	start(&f, 1);
	for (int i = 0; i < 3; i++)
		map_swap(&f);
	store(&f, PAGE(0), 7);
	store(&f, PAGE(1), 8);
	store(&f, PAGE(2), 9); /* evicts page 0 (its accessed bit cleared first) */
	assert_int_equal(STATS(&f)->faults, 3);
	assert_int_equal(STATS(&f)->ref_clears, 2);
	assert_int_equal(STATS(&f)->swap_writes, 1);
	assert_int_equal(load(&f, PAGE(0)), 7); /* read in clean */
	const struct pte *e = fake_entry(&f, PAGE(0));
	assert_int_equal(e->read_enable, 1);
	assert_int_equal(e->write_enable, 1); /* no dirty fault needed */
	uint64_t faults = STATS(&f)->faults;
	store(&f, PAGE(0), 70);
	assert_int_equal(STATS(&f)->faults, faults);
	assert_int_equal(e->dirty, 1);
	/* the dirty bit in the entry makes the eviction write it back */
	uint64_t writes = STATS(&f)->swap_writes;
	load(&f, PAGE(1));
	load(&f, PAGE(2));
	assert_int_equal(load(&f, PAGE(0)), 70);
	assert_true(STATS(&f)->swap_writes > writes);
	fake_fini(&f);
}

/* A dirty bit set in the parent's entry before a fork survives the
 * parent's exit: the child's eviction still writes the page back. */
static void test_hardware_dirty_bit_survives_the_writer_exit(void **state)
{
	(void)state;
	struct fake f;
	init_hardware(&f, 3);
	start(&f, 1);
	map_swap(&f);
	map_swap(&f);
	map_swap(&f);
	store(&f, PAGE(0), 1);
	store(&f, PAGE(1), 2);
	store(&f, PAGE(2), 3); /* page 0 to swap */
	load(&f, PAGE(0));     /* back, clean */
	store(&f, PAGE(0), 44); /* dirty through the entry only */
	assert_int_equal(pager_fork(f.pager, 1, 2), 0);
	pager_exit(f.pager);
	pager_switch(f.pager, 2);
	load(&f, PAGE(1));
	load(&f, PAGE(2));
	assert_int_equal(load(&f, PAGE(0)), 44);
	fake_fini(&f);
}

/* A clone runs on exactly as the original would, and apart from it. */
static void test_clone_is_an_independent_checkpoint(void **state)
{
	(void)state;
	struct fake f, g;
	fake_init(&f, 4, 8, 16);
	fake_file(&f, "k", 2 * FAKE_PAGE, 9);
	start(&f, 1);
	uint64_t name = map_swap(&f);
	assert_true(fake_store_string(&f, name, "k"));
	uint64_t a = map_file(&f, name, 1);
	for (int i = 0; i < 3; i++)
		store(&f, map_swap(&f), (uint8_t)(i + 1));
	assert_int_equal(pager_fork(f.pager, 1, 2), 0);
	fake_clone(&g, &f);
	pager_check(g.pager);
	struct fake *both[2] = { &f, &g };
	for (int k = 0; k < 2; k++) {
		pager_switch(both[k]->pager, 2);
		store(both[k], PAGE(2), 50);
		assert_int_equal(load(both[k], a), fake_file_byte(&f.files[0], FAKE_PAGE));
		pager_exit(both[k]->pager);
		pager_check(both[k]->pager);
	}
	assert_memory_equal(pager_stats(f.pager), pager_stats(g.pager), sizeof(struct pager_stats));
	pager_switch(g.pager, 1);
	store(&g, PAGE(4), 9); /* only the clone changes */
	pager_switch(f.pager, 1);
	assert_int_equal(load(&f, PAGE(4)), 3);
	assert_int_equal(load(&g, PAGE(4)), 9);
	fake_fini(&g);
	fake_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh_page_reads_zero_without_fault),
		cmocka_unit_test(test_clock_evicts_in_fill_order_after_a_lap),
		cmocka_unit_test(test_clean_page_from_swap_is_not_written_again),
		cmocka_unit_test(test_read_then_write_takes_a_dirty_fault),
		cmocka_unit_test(test_fork_shares_copy_on_write_and_copies_pinned_source),
		cmocka_unit_test(test_cow_of_swapped_source_reads_straight_into_copy),
		cmocka_unit_test(test_cow_of_zero_page_is_a_zero_fill),
		cmocka_unit_test(test_fork_that_cannot_reserve_creates_nothing),
		cmocka_unit_test(test_swap_full_and_arena_full),
		cmocka_unit_test(test_invalid_addresses_fail),
		cmocka_unit_test(test_file_pages_are_shared_and_found_again_as_ghosts),
		cmocka_unit_test(test_dirty_ghost_is_written_back_only_on_eviction),
		cmocka_unit_test(test_clean_ghost_is_dropped_without_write),
		cmocka_unit_test(test_missing_file_fails_at_first_fault_and_frees_its_frame),
		cmocka_unit_test(test_failing_block_fails_only_that_block),
		cmocka_unit_test(test_failed_write_back_is_recorded),
		cmocka_unit_test(test_device_read_failure_is_recorded),
		cmocka_unit_test(test_tables_grow_with_the_pages_mapped),
		cmocka_unit_test(test_tables_stop_at_the_arena),
		cmocka_unit_test(test_clone_bytes_follow_the_pages_mapped),
		cmocka_unit_test(test_name_outside_valid_pages_fails),
		cmocka_unit_test(test_name_across_pages_and_through_faults),
		cmocka_unit_test(test_exit_releases_everything),
		cmocka_unit_test(test_last_sharer_exit_restores_write),
		cmocka_unit_test(test_invalidation_follows_every_revocation),
		cmocka_unit_test(test_filling_an_unreadable_entry_does_not_invalidate),
		cmocka_unit_test(test_bad_configuration_is_refused),
		cmocka_unit_test(test_hardware_bits_save_reference_and_dirty_faults),
		cmocka_unit_test(test_page_keys_survive_eviction_and_end_with_the_page),
		cmocka_unit_test(test_hardware_dirty_bit_survives_the_writer_exit),
		cmocka_unit_test(test_clone_is_an_independent_checkpoint),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
