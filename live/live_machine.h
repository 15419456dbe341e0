/*
 * live/live_machine.h: pager/machine.h over real memory. Physical memory
 * is a memfd (every program process maps its pages from it), the swap
 * device and the files are sim/machine's disks (disk.h: confined to the
 * current folder, written to an overlay unless write_files). There is no
 * TLB: a process's mappings are brought up to date from its page table
 * before it runs again (live_procs.h), so set_page_table and
 * tlb_invalidate have nothing to do.
 */
#ifndef MMUSIM_LIVE_MACHINE_H
#define MMUSIM_LIVE_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine.h"

struct disk;

struct live_machine {
	int memfd;                  /* the physical-memory file, -1 when none */
	uint8_t *physmem;
	size_t physmem_len;
	uint32_t page_size;
	struct disk *disk;
	struct pager_machine iface;  /* what pager_create gets */
	/* Told every block transfer before it happens (the classic trace). */
	void (*on_io)(void *ctx, bool write, const char *file, uint64_t block);
	/* Told every pager note (the --log). */
	void (*on_note)(void *ctx, const struct pager_note *note);
	void *observer;
};

/* 0, or -1 with a reason in err. */
int live_machine_init(struct live_machine *m, uint32_t memory_pages, uint32_t page_size,
		      uint32_t swap_blocks, bool write_files, char *err, size_t err_len);
void live_machine_fini(struct live_machine *m);

#endif
