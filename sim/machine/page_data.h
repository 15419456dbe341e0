/*
 * sim/machine/page_data.h: a process's bytes where the pager keeps them (a
 * frame, a swap block, a file block), read or placed without an access:
 * no translation, no fault, no count, no policy update, no cycle. The
 * `put` trace line places a file name a recording could not place with a
 * store (docs/trace.md), and `mmusim live --record` reads that name
 * (docs/live.md).
 */
#ifndef MMUSIM_SIM_PAGE_DATA_H
#define MMUSIM_SIM_PAGE_DATA_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct pager;
struct disk;

/* Where a process's pages are: the pager's views say which frame or
 * block; physmem holds the frames. */
struct page_data_store {
	const struct pager *pager;
	struct disk *disk;
	uint8_t *physmem;
	uint32_t page_size;
};

enum page_data_result {
	PAGE_DATA_OK,
	PAGE_DATA_OUTSIDE,       /* a byte lies outside the process's valid pages */
	PAGE_DATA_NEVER_WRITTEN, /* put: non-zero bytes into a page that holds no data */
	PAGE_DATA_IO_FAILED,     /* a block could not be read or written (errno) */
};

/* len bytes of pid's memory at vaddr into out; a page never written reads
 * as zeroes. */
enum page_data_result page_data_read(const struct page_data_store *store, pid_t pid,
				     uint64_t vaddr, uint8_t *out, size_t len);

/*
 * Place len bytes at vaddr as pid's earlier stores would have left them:
 * into the frame, and into the block too when the block holds the page
 * (a clean frame, or a page not in memory). A page shared copy-on-write
 * gets them for every sharer, as a store before the fork would have. A
 * page never written (it reads as zeroes) takes only zeroes. OUTSIDE and
 * NEVER_WRITTEN are found before anything changes; after IO_FAILED the
 * pieces before the failing block are placed.
 */
enum page_data_result page_data_put(const struct page_data_store *store, pid_t pid,
				    uint64_t vaddr, const uint8_t *bytes, size_t len);

#endif
