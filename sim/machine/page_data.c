/*
 * sim/machine/page_data.c: the bytes of pages read and placed through the
 * pager's page views, a page at a time.
 */
#include "page_data.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "disk.h"
#include "pager.h"

static uint64_t room_in_page(const struct page_data_store *store, uint64_t vaddr)
{
	return store->page_size - vaddr % store->page_size;
}

static uint8_t *frame_at(const struct page_data_store *store, uint32_t frame, uint64_t vaddr)
{
	return store->physmem + (size_t)frame * store->page_size + vaddr % store->page_size;
}

static bool all_zero(const uint8_t *bytes, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (bytes[i])
			return false;
	return true;
}

/* Each page of [vaddr, vaddr + len) in turn: its view, where the piece
 * starts in the bytes, and its length. */
struct piece {
	struct page_view view;
	uint64_t vaddr;
	size_t done, len;
};

static bool next_piece(const struct page_data_store *store, pid_t pid, uint64_t vaddr,
		       size_t len, struct piece *p)
{
	p->done += p->len;
	if (p->done >= len)
		return false;
	p->vaddr = vaddr + p->done;
	uint64_t room = room_in_page(store, p->vaddr);
	p->len = len - p->done < room ? len - p->done : (size_t)room;
	pager_page_view(store->pager, pid, p->vaddr, &p->view);
	return true;
}

enum page_data_result page_data_read(const struct page_data_store *store, pid_t pid,
				     uint64_t vaddr, uint8_t *out, size_t len)
{
	uint8_t *block = NULL;
	enum page_data_result result = PAGE_DATA_OK;
	for (struct piece p = {0}; result == PAGE_DATA_OK && next_piece(store, pid, vaddr, len, &p);) {
		switch (p.view.data) {
		case PAGE_DATA_INVALID:
			result = PAGE_DATA_OUTSIDE;
			break;
		case PAGE_DATA_NONE:
			memset(out + p.done, 0, p.len);
			break;
		case PAGE_DATA_IN_FRAME:
			memcpy(out + p.done, frame_at(store, p.view.frame, p.vaddr), p.len);
			break;
		case PAGE_DATA_ON_DISK:
			if (!block && !(block = malloc(store->page_size))) {
				result = PAGE_DATA_IO_FAILED;
				break;
			}
			if (disk_read(store->disk, p.view.file, p.view.block, block) != 0)
				result = PAGE_DATA_IO_FAILED;
			else
				memcpy(out + p.done, block + p.vaddr % store->page_size, p.len);
			break;
		}
	}
	free(block);
	return result;
}

/* The block's copy of a page patched with a piece: read, change, write. */
static bool patch_block(const struct page_data_store *store, const struct piece *p,
			const uint8_t *bytes, uint8_t *block)
{
	if (disk_read(store->disk, p->view.file, p->view.block, block) != 0)
		return false;
	memcpy(block + p->vaddr % store->page_size, bytes, p->len);
	return disk_write(store->disk, p->view.file, p->view.block, block) == 0;
}

enum page_data_result page_data_put(const struct page_data_store *store, pid_t pid,
				    uint64_t vaddr, const uint8_t *bytes, size_t len)
{
	for (struct piece p = {0}; next_piece(store, pid, vaddr, len, &p);) {
		if (p.view.data == PAGE_DATA_INVALID)
			return PAGE_DATA_OUTSIDE;
		if (p.view.data == PAGE_DATA_NONE && !all_zero(bytes + p.done, p.len))
			return PAGE_DATA_NEVER_WRITTEN;
	}
	uint8_t *block = malloc(store->page_size);
	if (!block)
		return PAGE_DATA_IO_FAILED;
	enum page_data_result result = PAGE_DATA_OK;
	for (struct piece p = {0}; result == PAGE_DATA_OK && next_piece(store, pid, vaddr, len, &p);) {
		if (p.view.data == PAGE_DATA_IN_FRAME)
			memcpy(frame_at(store, p.view.frame, p.vaddr), bytes + p.done, p.len);
		bool block_holds = p.view.data == PAGE_DATA_ON_DISK ||
				   (p.view.data == PAGE_DATA_IN_FRAME && !p.view.dirty);
		if (block_holds && !patch_block(store, &p, bytes + p.done, block))
			result = PAGE_DATA_IO_FAILED;
	}
	free(block);
	return result;
}
