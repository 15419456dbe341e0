/*
 * tests/pager/fake_machine.h: a machine for driving the pager in tests.
 * Physical memory and swap are byte arrays; files are named blobs; any
 * block can be scripted to fail; every transfer and invalidation is counted.
 * fake_load/fake_store are a tiny MMU (no TLB): check the entry, fault,
 * retry, exactly as sim/ does.
 */
#ifndef MMUSIM_TESTS_FAKE_MACHINE_H
#define MMUSIM_TESTS_FAKE_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "pager.h"

#define FAKE_MAX_FILES 8

struct fake_file {
	const char *name;
	uint8_t *bytes;
	size_t size;
	int64_t fail_block;            /* reading this block fails; -1: none */
	bool fail_as_device;           /* ... with PAGER_IO_FAILED, not -1 */
	int64_t fail_write_block;      /* writing this block fails; -1: none */
};

struct fake {
	struct pager *pager;
	struct pager_config config;
	uint8_t *physmem;
	uint8_t *swap;                 /* swap_blocks * page_size */
	struct fake_file files[FAKE_MAX_FILES];
	int file_count;
	struct pager_machine machine;  /* what the pager was given */
	struct pte *table;             /* page-table base register */
	uint32_t table_count;
	/* counts */
	uint64_t swap_reads, swap_writes, file_reads, file_writes, invalidations;
	uint64_t faults;
	int64_t last_read_block, last_write_block;
	uint32_t last_read_frame, last_write_frame;
	char last_write_file[64];
	/* For policies that need the future (OPT); NULL: never used again. */
	uint64_t (*next_use)(void *ctx, pid_t pid, uint64_t vaddr);
};

/* A pager with memory_pages frames, swap_blocks blocks and 256-byte pages,
 * an arena of arena_pages at 0x10000. */
void fake_init(struct fake *fake, uint32_t memory_pages, uint32_t swap_blocks, uint32_t arena_pages);
void fake_init_config(struct fake *fake, const struct pager_config *config);
void fake_fini(struct fake *fake);
/* A copy of the whole machine, disks and files included, with a clone of
 * its pager: a checkpoint. */
void fake_clone(struct fake *to, const struct fake *from);
/* A file with `size` bytes; byte i is (seed + i) % 251 + 1 (never zero). */
struct fake_file *fake_file(struct fake *fake, const char *name, size_t size, uint8_t seed);
uint8_t fake_file_byte(const struct fake_file *file, uint64_t offset);

/* Load/store one byte through the fake MMU; false when the process was
 * killed (the fault was invalid, and vm_destroy ran). */
bool fake_load(struct fake *fake, uint64_t vaddr, uint8_t *byte);
bool fake_store(struct fake *fake, uint64_t vaddr, uint8_t byte);
/* Store a NUL-terminated string (through the MMU). */
bool fake_store_string(struct fake *fake, uint64_t vaddr, const char *text);
uint64_t fake_map_swap(struct fake *fake);            /* 0 on failure */
uint64_t fake_map_file(struct fake *fake, uint64_t name_vaddr, uint64_t block);
const struct pte *fake_entry(const struct fake *fake, uint64_t vaddr);

#define FAKE_PAGE 256u
#define FAKE_BASE 0x10000u

#endif
