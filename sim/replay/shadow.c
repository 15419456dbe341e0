/*
 * sim/replay/shadow.c: the shadow-memory checker's mechanism (contract in
 * shadow.h, decisions in docs/shadow.md).
 *
 * A process is an array of pointers to shadow pages, one per arena page
 * up to its highest mapped one. A shadow page is reference counted: swap
 * pages are shared by fork and copied at the first write of a sharer
 * (so fork costs O(pages)); file pages are shared by every mapping of
 * their key and, through one extra reference held by the file table, live
 * until shadow_destroy. A page with no buffer reads as zeroes.
 *
 * Three small open-addressing tables (linear probing, at most half full):
 * pid -> process (deletion by backward shift, so no tombstones), interned
 * names, and (name, block) -> file page. Only the pid table is on the hot
 * path, and a one-entry cache of the last pid keeps it off in the common
 * case of many accesses by one process.
 */
#include "shadow.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum page_kind { PAGE_SWAP, PAGE_FILE };

enum page_state {
	PAGE_READY,      /* content known: bytes, or zeroes when bytes is NULL */
	PAGE_UNLOADED,   /* file page never accessed: load_file_block not called */
	PAGE_UNREADABLE, /* file page whose load failed: never checked */
};

struct shadow_page {
	uint8_t *bytes;   /* page_size bytes, or NULL (see state) */
	uint32_t refs;    /* arena entries naming it (+1 from the file table) */
	uint8_t kind;     /* enum page_kind */
	uint8_t state;    /* enum page_state; swap pages are always READY */
	const char *name; /* file pages: interned in shadow->names */
	uint64_t block;   /* file pages */
};

struct shadow_process {
	int32_t pid;
	uint32_t page_count;         /* entries in pages[] (<= arena_pages) */
	struct shadow_page **pages;  /* by vpn; NULL: invalid page */
};

struct file_slot {
	const char *name;            /* interned; NULL: empty slot */
	uint64_t block;
	struct shadow_page *page;
};

struct shadow {
	struct page_geometry geo;    /* page size, arena */
	shadow_load_fn *load_file_block;
	void *ctx;
	uint8_t *zeroes;             /* page_size zero bytes: buffer-less pages */
	size_t bytes_in_use;         /* page_size per page buffer */

	struct shadow_process **procs;  /* pid table; NULL: empty slot */
	size_t proc_cap, proc_count;
	struct shadow_process *cached;  /* last process looked up, or NULL */

	char **names;                /* interned names; NULL: empty slot */
	size_t name_cap, name_count;

	struct file_slot *files;     /* (name, block) -> file page */
	size_t file_cap, file_count;
};

/* ---- failures and allocation ------------------------------------------ */

/* A broken contract is a bug in the machine: say what, and stop. */
__attribute__((format(printf, 1, 2))) _Noreturn static void
shadow_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		shadow_fail("shadow: out of memory (%zu x %zu bytes)", count,
			    size);
	return p;
}

static void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		shadow_fail("shadow: out of memory (%zu bytes)", size);
	return p;
}

/* ---- hashing ------------------------------------------------------------ */

static uint64_t mix64(uint64_t x)
{
	/* splitmix64's finalizer: every input bit reaches every output bit */
	x ^= x >> 30;
	x *= UINT64_C(0xbf58476d1ce4e5b9);
	x ^= x >> 27;
	x *= UINT64_C(0x94d049bb133111eb);
	return x ^ (x >> 31);
}

static uint64_t name_hash(const char *name)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325); /* FNV-1a */
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		h = (h ^ *c) * UINT64_C(0x100000001b3);
	return mix64(h);
}

static uint64_t file_hash(const char *interned, uint64_t block)
{
	/* interned names are unique, so their address identifies them */
	return mix64((uint64_t)(uintptr_t)interned ^ mix64(block));
}

/* ---- page buffers and shadow pages -------------------------------------- */

static uint8_t *buffer_new(struct shadow *s)
{
	s->bytes_in_use += s->geo.size;
	return xmalloc(s->geo.size);
}

static void buffer_free(struct shadow *s, uint8_t *bytes)
{
	if (!bytes)
		return;
	s->bytes_in_use -= s->geo.size;
	free(bytes);
}

static struct shadow_page *page_new(enum page_kind kind, enum page_state state)
{
	struct shadow_page *page = xcalloc(1, sizeof *page);
	page->refs = 1;
	page->kind = (uint8_t)kind;
	page->state = (uint8_t)state;
	return page;
}

static void page_release(struct shadow *s, struct shadow_page *page)
{
	if (--page->refs > 0)
		return;
	buffer_free(s, page->bytes);
	free(page);
}

/* First access of a file key: ask for its content, once. A block of
 * zeroes keeps no buffer, like a fresh swap page. */
static void file_page_load(struct shadow *s, struct shadow_page *page)
{
	uint8_t *bytes = buffer_new(s);
	if (s->load_file_block(s->ctx, page->name, page->block, bytes) != 0) {
		buffer_free(s, bytes);
		page->state = PAGE_UNREADABLE;
		return;
	}
	if (memcmp(bytes, s->zeroes, s->geo.size) == 0) {
		buffer_free(s, bytes);
		bytes = NULL;
	}
	page->bytes = bytes;
	page->state = PAGE_READY;
}

/* ---- pid table ------------------------------------------------------------ */

static size_t proc_home(const struct shadow *s, int32_t pid)
{
	return (size_t)mix64((uint64_t)(uint32_t)pid) & (s->proc_cap - 1);
}

/* The slot holding pid, or the empty slot where it would go. */
static size_t proc_slot(const struct shadow *s, int32_t pid)
{
	size_t i = proc_home(s, pid);
	while (s->procs[i] && s->procs[i]->pid != pid)
		i = (i + 1) & (s->proc_cap - 1);
	return i;
}

static struct shadow_process *proc_find(const struct shadow *s, int32_t pid)
{
	return s->procs[proc_slot(s, pid)];
}

static void proc_table_grow(struct shadow *s)
{
	struct shadow_process **old = s->procs;
	size_t old_cap = s->proc_cap;
	s->proc_cap *= 2;
	s->procs = xcalloc(s->proc_cap, sizeof *s->procs);
	for (size_t i = 0; i < old_cap; i++)
		if (old[i])
			s->procs[proc_slot(s, old[i]->pid)] = old[i];
	free(old);
}

static struct shadow_process *proc_insert(struct shadow *s, int32_t pid,
					  const char *fn)
{
	if (pid < 0)
		shadow_fail("%s: pid %d is negative", fn, (int)pid);
	if (proc_find(s, pid))
		shadow_fail("%s: pid %d is already live", fn, (int)pid);
	if (2 * (s->proc_count + 1) > s->proc_cap)
		proc_table_grow(s);
	struct shadow_process *p = xcalloc(1, sizeof *p);
	p->pid = pid;
	s->procs[proc_slot(s, pid)] = p;
	s->proc_count++;
	return p;
}

/* Backward-shift deletion: pull later members of the probe run into the
 * hole whenever their home slot does not lie between hole and them. */
static void proc_remove(struct shadow *s, int32_t pid)
{
	size_t mask = s->proc_cap - 1;
	size_t hole = proc_slot(s, pid);
	s->procs[hole] = NULL;
	s->proc_count--;
	for (size_t j = (hole + 1) & mask; s->procs[j]; j = (j + 1) & mask) {
		size_t home = proc_home(s, s->procs[j]->pid);
		if (((j - home) & mask) >= ((j - hole) & mask)) {
			s->procs[hole] = s->procs[j];
			s->procs[j] = NULL;
			hole = j;
		}
	}
	if (s->cached && s->cached->pid == pid)
		s->cached = NULL;
}

static struct shadow_process *proc_live(struct shadow *s, int32_t pid,
					const char *fn)
{
	if (s->cached && s->cached->pid == pid)
		return s->cached;
	struct shadow_process *p = pid >= 0 ? proc_find(s, pid) : NULL;
	if (!p)
		shadow_fail("%s: pid %d is not a live process", fn, (int)pid);
	s->cached = p;
	return p;
}

static void proc_free(struct shadow *s, struct shadow_process *p)
{
	for (uint32_t vpn = 0; vpn < p->page_count; vpn++)
		if (p->pages[vpn])
			page_release(s, p->pages[vpn]);
	free(p->pages);
	free(p);
}

/* ---- interned names and the file table ----------------------------------- */

static size_t name_slot_find(const struct shadow *s, const char *name)
{
	size_t mask = s->name_cap - 1;
	size_t i = name_hash(name) & mask;
	while (s->names[i] && strcmp(s->names[i], name) != 0)
		i = (i + 1) & mask;
	return i;
}

static void name_table_grow(struct shadow *s)
{
	char **old = s->names;
	size_t old_cap = s->name_cap;
	s->name_cap = old_cap ? 2 * old_cap : 16;
	s->names = xcalloc(s->name_cap, sizeof *s->names);
	for (size_t i = 0; i < old_cap; i++)
		if (old[i])
			s->names[name_slot_find(s, old[i])] = old[i];
	free(old);
}

static const char *name_intern(struct shadow *s, const char *name)
{
	if (s->name_cap) {
		const char *found = s->names[name_slot_find(s, name)];
		if (found)
			return found;
	}
	if (2 * (s->name_count + 1) > s->name_cap)
		name_table_grow(s);
	size_t len = strlen(name) + 1;
	char *copy = memcpy(xmalloc(len), name, len);
	s->names[name_slot_find(s, copy)] = copy;
	s->name_count++;
	return copy;
}

static size_t file_slot_find(const struct shadow *s, const char *interned,
			     uint64_t block)
{
	size_t mask = s->file_cap - 1;
	size_t i = file_hash(interned, block) & mask;
	while (s->files[i].name &&
	       (s->files[i].name != interned || s->files[i].block != block))
		i = (i + 1) & mask;
	return i;
}

static void file_table_grow(struct shadow *s)
{
	struct file_slot *old = s->files;
	size_t old_cap = s->file_cap;
	s->file_cap = old_cap ? 2 * old_cap : 16;
	s->files = xcalloc(s->file_cap, sizeof *s->files);
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].name)
			s->files[file_slot_find(s, old[i].name, old[i].block)] =
				old[i];
	free(old);
}

/* The one shadow page of (name, block), made UNLOADED on first sight. */
static struct shadow_page *file_page(struct shadow *s, const char *name,
				     uint64_t block)
{
	const char *interned = name_intern(s, name);
	if (s->file_cap) {
		struct file_slot *slot =
			&s->files[file_slot_find(s, interned, block)];
		if (slot->name)
			return slot->page;
	}
	if (2 * (s->file_count + 1) > s->file_cap)
		file_table_grow(s);
	struct shadow_page *page = page_new(PAGE_FILE, PAGE_UNLOADED);
	page->name = interned;
	page->block = block;
	s->files[file_slot_find(s, interned, block)] =
		(struct file_slot){ interned, block, page };
	s->file_count++;
	return page;
}

/* ---- lifetime ------------------------------------------------------------- */

struct shadow *shadow_create(const struct page_geometry *geometry,
			     shadow_load_fn *load_file_block, void *ctx)
{
	if (!load_file_block)
		return NULL;
	struct shadow *s = xcalloc(1, sizeof *s);
	s->geo = *geometry;
	s->load_file_block = load_file_block;
	s->ctx = ctx;
	s->zeroes = xcalloc(s->geo.size, 1);
	s->proc_cap = 16;
	s->procs = xcalloc(s->proc_cap, sizeof *s->procs);
	return s;
}

void shadow_destroy(struct shadow *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->proc_cap; i++)
		if (s->procs[i])
			proc_free(s, s->procs[i]);
	for (size_t i = 0; i < s->file_cap; i++)
		if (s->files[i].name)
			page_release(s, s->files[i].page);
	for (size_t i = 0; i < s->name_cap; i++)
		free(s->names[i]);
	if (s->bytes_in_use != 0)
		shadow_fail("shadow_destroy: %zu bytes still counted after "
			    "freeing every page", s->bytes_in_use);
	free(s->procs);
	free(s->names);
	free(s->files);
	free(s->zeroes);
	free(s);
}

void shadow_start(struct shadow *s, int32_t pid)
{
	proc_insert(s, pid, "shadow_start");
}

int shadow_fork(struct shadow *s, int32_t parent, int32_t child)
{
	struct shadow_process *from = proc_live(s, parent, "shadow_fork");
	if (from->page_count == 0) {
		proc_insert(s, child, "shadow_fork");
		return 0;
	}
	/* The one allocation a trace can make as large as it likes (a fork
	 * per line, each of a full arena): refused, not fatal. */
	struct shadow_page **pages = calloc(from->page_count, sizeof *pages);
	if (!pages)
		return -1;
	struct shadow_process *to = proc_insert(s, child, "shadow_fork");
	to->page_count = from->page_count;
	to->pages = pages;
	for (uint32_t vpn = 0; vpn < from->page_count; vpn++) {
		struct shadow_page *page = from->pages[vpn];
		if (page)
			page->refs++;
		to->pages[vpn] = page;
	}
	return 0;
}

void shadow_exit(struct shadow *s, int32_t pid)
{
	struct shadow_process *p = proc_live(s, pid, "shadow_exit");
	proc_remove(s, pid);
	proc_free(s, p);
}

/* ---- maps ------------------------------------------------------------------- */

/* The entry for vpn, growing the array to reach it; must be invalid. */
static struct shadow_page **map_entry(struct shadow *s, int32_t pid,
				      uint32_t vpn, const char *fn)
{
	struct shadow_process *p = proc_live(s, pid, fn);
	if (vpn >= s->geo.arena_pages)
		shadow_fail("%s: pid %d: vpn %u is past the arena (%u pages)",
			    fn, (int)pid, vpn, s->geo.arena_pages);
	if (vpn >= p->page_count) {
		uint32_t count = p->page_count < 8 ? 8 : 2 * p->page_count;
		if (count <= vpn)
			count = vpn + 1;
		if (count > s->geo.arena_pages)
			count = s->geo.arena_pages;
		p->pages = realloc(p->pages, count * sizeof *p->pages);
		if (!p->pages)
			shadow_fail("%s: out of memory", fn);
		memset(p->pages + p->page_count, 0,
		       (count - p->page_count) * sizeof *p->pages);
		p->page_count = count;
	}
	if (p->pages[vpn])
		shadow_fail("%s: pid %d: vpn %u is already valid", fn,
			    (int)pid, vpn);
	return &p->pages[vpn];
}

void shadow_map_swap(struct shadow *s, int32_t pid, uint32_t vpn)
{
	*map_entry(s, pid, vpn, "shadow_map_swap") =
		page_new(PAGE_SWAP, PAGE_READY);
}

void shadow_discard(struct shadow *s, int32_t pid, uint32_t vpn)
{
	struct shadow_process *p = proc_live(s, pid, "shadow_discard");
	if (vpn >= p->page_count || !p->pages[vpn])
		shadow_fail("shadow_discard: pid %d: vpn %u is not valid", (int)pid, vpn);
	if (p->pages[vpn]->kind != PAGE_SWAP)
		return; /* a file page keeps its data in the file */
	page_release(s, p->pages[vpn]);
	p->pages[vpn] = page_new(PAGE_SWAP, PAGE_READY);
}

void shadow_map_file(struct shadow *s, int32_t pid, uint32_t vpn,
		     const char *name, uint64_t block)
{
	if (!name)
		shadow_fail("shadow_map_file: pid %d: name is NULL", (int)pid);
	struct shadow_page **entry = map_entry(s, pid, vpn, "shadow_map_file");
	struct shadow_page *page = file_page(s, name, block);
	page->refs++;
	*entry = page;
}

/* ---- accesses --------------------------------------------------------------- */

/* The entry of the valid page holding [vaddr, vaddr + len); *in_page is
 * the piece's offset within it. */
static struct shadow_page **access_entry(struct shadow *s, int32_t pid,
					 uint64_t vaddr, size_t len,
					 size_t *in_page, const char *fn)
{
	struct shadow_process *p = proc_live(s, pid, fn);
	uint64_t offset = vaddr - s->geo.arena_base; /* wraps when below */
	uint64_t vpn = offset >> s->geo.shift;
	size_t in = (size_t)(offset & s->geo.mask);
	if (vpn >= p->page_count || !p->pages[vpn])
		shadow_fail("%s: pid %d: 0x%llx is not in a valid page", fn,
			    (int)pid, (unsigned long long)vaddr);
	if (len > s->geo.size - in)
		shadow_fail("%s: pid %d: %zu bytes at 0x%llx cross a page "
			    "boundary", fn, (int)pid, len,
			    (unsigned long long)vaddr);
	*in_page = in;
	return &p->pages[vpn];
}

/* Make *entry a page this process may write in place, with a buffer;
 * NULL when it is an unreadable file page (writes are not modelled). */
static struct shadow_page *writable_page(struct shadow *s,
					 struct shadow_page **entry)
{
	struct shadow_page *page = *entry;
	if (page->state == PAGE_UNLOADED)
		file_page_load(s, page);
	if (page->state == PAGE_UNREADABLE)
		return NULL;
	if (page->kind == PAGE_SWAP && page->refs > 1) {
		/* copy-on-write break: the other sharers keep the source */
		struct shadow_page *copy = page_new(PAGE_SWAP, PAGE_READY);
		if (page->bytes)
			copy->bytes = memcpy(buffer_new(s), page->bytes,
					     s->geo.size);
		page->refs--;
		*entry = page = copy;
	}
	if (!page->bytes)
		page->bytes = memset(buffer_new(s), 0, s->geo.size);
	return page;
}

void shadow_write(struct shadow *s, int32_t pid, uint64_t vaddr,
		  const uint8_t *bytes, size_t len)
{
	size_t in;
	struct shadow_page **entry =
		access_entry(s, pid, vaddr, len, &in, "shadow_write");
	struct shadow_page *page = *entry;
	if (len == 0)
		return;
	/* fast path: a private or file page that already has its buffer */
	if (!page->bytes || (page->refs > 1 && page->kind == PAGE_SWAP)) {
		page = writable_page(s, entry);
		if (!page)
			return;
	}
	memcpy(page->bytes + in, bytes, len);
}

bool shadow_verify(struct shadow *s, int32_t pid, uint64_t vaddr,
		   const uint8_t *actual, size_t len, size_t *offset,
		   uint8_t *expected)
{
	size_t in;
	struct shadow_page *page =
		*access_entry(s, pid, vaddr, len, &in, "shadow_verify");
	if (len == 0)
		return true;
	if (page->state == PAGE_UNLOADED)
		file_page_load(s, page);
	if (page->state == PAGE_UNREADABLE)
		return true;
	const uint8_t *want = (page->bytes ? page->bytes : s->zeroes) + in;
	if (memcmp(actual, want, len) == 0)
		return true;
	size_t i = 0;
	while (actual[i] == want[i])
		i++;
	if (offset)
		*offset = i;
	if (expected)
		*expected = want[i];
	return false;
}

size_t shadow_bytes_in_use(const struct shadow *s)
{
	return s->bytes_in_use;
}
