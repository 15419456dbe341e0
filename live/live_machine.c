/*
 * live/live_machine.c: the live pager's machine (live_machine.h): a memfd
 * for physical memory, the disks of sim/machine for blocks.
 */
#include "live_machine.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "disk.h"

static uint8_t *frame_at(struct live_machine *m, uint32_t frame)
{
	return m->physmem + (size_t)frame * m->page_size;
}

static int block_read(void *ctx, const char *file, uint64_t block, uint32_t frame)
{
	struct live_machine *m = ctx;
	if (m->on_io)
		m->on_io(m->observer, false, file, block);
	return disk_read(m->disk, file, block, frame_at(m, frame));
}

static int block_write(void *ctx, const char *file, uint64_t block, uint32_t frame)
{
	struct live_machine *m = ctx;
	if (m->on_io)
		m->on_io(m->observer, true, file, block);
	return disk_write(m->disk, file, block, frame_at(m, frame));
}

static void set_page_table(void *ctx, struct pte *table, uint32_t count)
{
	(void)ctx, (void)table, (void)count;
}

static void tlb_invalidate(void *ctx, pid_t pid, uint64_t vaddr)
{
	(void)ctx, (void)pid, (void)vaddr;
}

static void note(void *ctx, const struct pager_note *n)
{
	struct live_machine *m = ctx;
	if (m->on_note)
		m->on_note(m->observer, n);
}

int live_machine_init(struct live_machine *m, uint32_t memory_pages, uint32_t page_size,
		      uint32_t swap_blocks, bool write_files, char *err, size_t err_len)
{
	memset(m, 0, sizeof *m);
	m->memfd = -1;
	m->page_size = page_size;
	m->physmem_len = (size_t)memory_pages * page_size;
	m->memfd = memfd_create("mmusim-live-physmem", MFD_CLOEXEC);
	if (m->memfd < 0 || ftruncate(m->memfd, (off_t)m->physmem_len) != 0) {
		snprintf(err, err_len, "physical memory file: %s", strerror(errno));
		live_machine_fini(m);
		return -1;
	}
	void *mem = mmap(NULL, m->physmem_len, PROT_READ | PROT_WRITE, MAP_SHARED,
			 m->memfd, 0);
	if (mem == MAP_FAILED) {
		snprintf(err, err_len, "physical memory: %s", strerror(errno));
		live_machine_fini(m);
		return -1;
	}
	m->physmem = mem;
	m->disk = disk_create(page_size, swap_blocks, ".", write_files, err, err_len);
	if (!m->disk) {
		live_machine_fini(m);
		return -1;
	}
	m->iface = (struct pager_machine){
		.ctx = m,
		.physmem = m->physmem,
		.block_read = block_read,
		.block_write = block_write,
		.set_page_table = set_page_table,
		.tlb_invalidate = tlb_invalidate,
		.note = note,
	};
	return 0;
}

void live_machine_fini(struct live_machine *m)
{
	if (m->physmem)
		munmap(m->physmem, m->physmem_len);
	if (m->memfd >= 0)
		close(m->memfd);
	disk_destroy(m->disk);
	m->physmem = NULL;
	m->memfd = -1;
	m->disk = NULL;
}
