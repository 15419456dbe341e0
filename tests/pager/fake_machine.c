/* tests/pager/fake_machine.c: see fake_machine.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_machine.h"

static struct fake_file *find_file(struct fake *fake, const char *name)
{
	for (int i = 0; i < fake->file_count; i++)
		if (strcmp(fake->files[i].name, name) == 0)
			return &fake->files[i];
	return NULL;
}

static uint8_t *frame_at(struct fake *fake, uint32_t frame)
{
	return fake->physmem + (size_t)frame * fake->config.page_size;
}

static int fake_block_read(void *ctx, const char *file, uint64_t block, uint32_t frame)
{
	struct fake *fake = ctx;
	size_t page = fake->config.page_size;
	fake->last_read_block = (int64_t)block;
	fake->last_read_frame = frame;
	if (!file) {
		fake->swap_reads++;
		memcpy(frame_at(fake, frame), fake->swap + block * page, page);
		return 0;
	}
	fake->file_reads++;
	struct fake_file *f = find_file(fake, file);
	if (f && f->fail_block == (int64_t)block && f->fail_as_device)
		return PAGER_IO_FAILED;
	if (!f || f->fail_block == (int64_t)block)
		return -1;
	for (size_t i = 0; i < page; i++)
		frame_at(fake, frame)[i] = block * page + i < f->size ? f->bytes[block * page + i] : 0;
	return 0;
}

static int fake_block_write(void *ctx, const char *file, uint64_t block, uint32_t frame)
{
	struct fake *fake = ctx;
	size_t page = fake->config.page_size;
	fake->last_write_block = (int64_t)block;
	fake->last_write_frame = frame;
	snprintf(fake->last_write_file, sizeof fake->last_write_file, "%s", file ? file : "");
	if (!file) {
		fake->swap_writes++;
		memcpy(fake->swap + block * page, frame_at(fake, frame), page);
		return 0;
	}
	fake->file_writes++;
	struct fake_file *f = find_file(fake, file);
	if (!f || f->fail_write_block == (int64_t)block)
		return -1;
	if ((block + 1) * page > f->size) {
		f->bytes = realloc(f->bytes, (block + 1) * page);
		memset(f->bytes + f->size, 0, (block + 1) * page - f->size);
		f->size = (block + 1) * page;
	}
	memcpy(f->bytes + block * page, frame_at(fake, frame), page);
	return 0;
}

static void fake_set_table(void *ctx, struct pte *table, uint32_t count)
{
	struct fake *fake = ctx;
	fake->table = table;
	fake->table_count = count;
}

static void fake_invalidate(void *ctx, pid_t pid, uint64_t vaddr)
{
	(void)pid, (void)vaddr;
	((struct fake *)ctx)->invalidations++;
}

static uint64_t fake_next_use_of(void *ctx, pid_t pid, uint64_t vaddr)
{
	struct fake *fake = ctx;
	return fake->next_use ? fake->next_use(ctx, pid, vaddr) : UINT64_MAX;
}

void fake_init_config(struct fake *fake, const struct pager_config *config)
{
	char err[256];
	*fake = (struct fake){ .config = *config, .last_read_block = -1, .last_write_block = -1 };
	fake->physmem = malloc((size_t)config->memory_pages * config->page_size);
	memset(fake->physmem, 0x5A, (size_t)config->memory_pages * config->page_size);
	fake->swap = calloc(config->swap_blocks ? config->swap_blocks : 1, config->page_size);
	struct pager_machine machine = fake->machine = (struct pager_machine){
		.ctx = fake, .physmem = fake->physmem,
		.block_read = fake_block_read, .block_write = fake_block_write,
		.set_page_table = fake_set_table, .tlb_invalidate = fake_invalidate,
		.next_use = fake_next_use_of,
	};
	fake->pager = pager_create(config, &machine, err, sizeof err);
	if (!fake->pager) {
		fprintf(stderr, "fake_init: %s\n", err);
		abort();
	}
}

void fake_init(struct fake *fake, uint32_t memory_pages, uint32_t swap_blocks, uint32_t arena_pages)
{
	struct pager_config config = {
		.memory_pages = memory_pages, .swap_blocks = swap_blocks, .page_size = FAKE_PAGE,
		.arena_base = FAKE_BASE, .arena_pages = arena_pages,
	};
	fake_init_config(fake, &config);
}

void fake_clone(struct fake *to, const struct fake *from)
{
	size_t memory = (size_t)from->config.memory_pages * from->config.page_size;
	size_t swap = (size_t)(from->config.swap_blocks ? from->config.swap_blocks : 1) * from->config.page_size;
	*to = *from;
	to->physmem = malloc(memory);
	memcpy(to->physmem, from->physmem, memory);
	to->swap = malloc(swap);
	memcpy(to->swap, from->swap, swap);
	for (int i = 0; i < from->file_count; i++) {
		to->files[i].bytes = malloc(from->files[i].size ? from->files[i].size : 1);
		memcpy(to->files[i].bytes, from->files[i].bytes, from->files[i].size);
	}
	to->machine.ctx = to;
	to->machine.physmem = to->physmem;
	to->pager = pager_clone(from->pager, &to->machine);
	if (!to->pager)
		abort();
	pager_switch(to->pager, pager_current(to->pager));
}

void fake_fini(struct fake *fake)
{
	pager_destroy(fake->pager);
	for (int i = 0; i < fake->file_count; i++)
		free(fake->files[i].bytes);
	free(fake->physmem);
	free(fake->swap);
}

uint8_t fake_file_byte(const struct fake_file *file, uint64_t offset)
{
	return offset < file->size ? file->bytes[offset] : 0;
}

struct fake_file *fake_file(struct fake *fake, const char *name, size_t size, uint8_t seed)
{
	struct fake_file *f = &fake->files[fake->file_count++];
	*f = (struct fake_file){ .name = name, .size = size, .fail_block = -1, .fail_write_block = -1, .bytes = malloc(size ? size : 1) };
	for (size_t i = 0; i < size; i++)
		f->bytes[i] = (uint8_t)((seed + i) % 251 + 1);
	return f;
}

const struct pte *fake_entry(const struct fake *fake, uint64_t vaddr)
{
	if (!fake->table || vaddr < FAKE_BASE)
		return NULL;
	uint64_t vpn = (vaddr - fake->config.arena_base) / fake->config.page_size;
	return vpn < fake->table_count ? &fake->table[vpn] : NULL;
}

/* Translate for an access, faulting until the entry allows it. */
static uint8_t *translate(struct fake *fake, uint64_t vaddr, bool write)
{
	for (int tries = 0; tries < 4; tries++) {
		struct pte *e = (struct pte *)fake_entry(fake, vaddr);
		if (e && e->read_enable && (!write || e->write_enable)) {
			if (fake->config.hardware_ref_bits) { /* the walker's part */
				e->accessed = 1;
				e->dirty |= write;
			}
			return frame_at(fake, e->ppage) + (vaddr - fake->config.arena_base) % fake->config.page_size;
		}
		fake->faults++;
		if (pager_fault(fake->pager, vaddr, write) != 0) {
			pager_exit(fake->pager);
			return NULL;
		}
	}
	fprintf(stderr, "translate: 0x%llx still not accessible after faults\n", (unsigned long long)vaddr);
	abort();
}

bool fake_load(struct fake *fake, uint64_t vaddr, uint8_t *byte)
{
	uint8_t *at = translate(fake, vaddr, false);
	if (at)
		*byte = *at;
	return at != NULL;
}

bool fake_store(struct fake *fake, uint64_t vaddr, uint8_t byte)
{
	uint8_t *at = translate(fake, vaddr, true);
	if (at)
		*at = byte;
	return at != NULL;
}

bool fake_store_string(struct fake *fake, uint64_t vaddr, const char *text)
{
	do {
		if (!fake_store(fake, vaddr++, (uint8_t)*text))
			return false;
	} while (*text++);
	return true;
}

uint64_t fake_map_swap(struct fake *fake)
{
	uint64_t vaddr;
	return pager_map(fake->pager, false, 0, 0, &vaddr) == 0 ? vaddr : 0;
}

uint64_t fake_map_file(struct fake *fake, uint64_t name_vaddr, uint64_t block)
{
	uint64_t vaddr;
	return pager_map(fake->pager, true, name_vaddr, block, &vaddr) == 0 ? vaddr : 0;
}
