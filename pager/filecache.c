/*
 * pager/filecache.c: the file page cache. File-backed objects are keyed by
 * (name bytes, block) and shared by every mapping of the key; names are
 * interned and counted by the objects that use them. Both tables are
 * chained hashes that double when full, so a lookup is O(1 + name length).
 */
#include <stdlib.h>
#include <string.h>

#include "pager_impl.h"

static uint32_t hash_name(const char *name)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		h = (h ^ *c) * 16777619u;
	return h;
}

/* The bucket index before masking: a mix of the name plus the block, so a
 * file's consecutive blocks land in consecutive buckets. An importer maps
 * every block of its data file in order, then reads and unmaps them in
 * order: the buckets (and the objects they lead to) are then touched
 * sequentially instead of at random, which is most of a map's and an
 * unmap's cost at 10^6 pages. Names still spread over the table (their
 * ranges start at random offsets), so a bucket's expected chain is the
 * load factor, as with a full mix. */
static uint32_t hash_key(uint32_t name, uint64_t block)
{
	uint64_t x = (uint64_t)name + 1;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return (uint32_t)(x + block + (block >> 32));
}

static uint32_t *buckets_new(uint32_t count)
{
	uint32_t *b = malloc(sizeof *b * count);
	for (uint32_t i = 0; b && i < count; i++)
		b[i] = NONE;
	return b;
}

static uint32_t name_find(const struct pager *p, const char *name, uint32_t hash)
{
	if (!p->name_bucket_count)
		return NONE;
	uint32_t id = p->name_buckets[hash & (p->name_bucket_count - 1)];
	while (id != NONE && (p->names[id].hash != hash || strcmp(p->names[id].bytes, name) != 0))
		id = p->names[id].next;
	return id;
}

/* *buckets replaced by twice as many empty ones (64 at first); false, with
 * nothing changed, when memory cannot be had. The caller relinks. */
static bool buckets_double(uint32_t **buckets, uint32_t *count)
{
	uint32_t twice = *count ? *count * 2 : 64;
	uint32_t *fresh = twice > *count ? buckets_new(twice) : NULL;
	if (!fresh)
		return false;
	free(*buckets);
	*buckets = fresh;
	*count = twice;
	return true;
}

static bool names_rehash(struct pager *p)
{
	if (!buckets_double(&p->name_buckets, &p->name_bucket_count))
		return false;
	for (uint32_t id = 0; id < p->name_cap; id++) {
		if (!p->names[id].bytes)
			continue;
		uint32_t *b = &p->name_buckets[p->names[id].hash & (p->name_bucket_count - 1)];
		p->names[id].next = *b;
		*b = id;
	}
	return true;
}

static bool names_grow(struct pager *p)
{
	uint32_t old = p->name_cap;
	struct name_entry *grown = array_double(p->names, &p->name_cap, 16, sizeof *grown);
	if (!grown)
		return false;
	p->names = grown;
	for (uint32_t i = old; i < p->name_cap; i++)
		p->names[i] = (struct name_entry){ .next = i + 1 < p->name_cap ? i + 1 : NONE };
	p->name_free = old;
	return true;
}

/* A new name entry with one reference; takes `name` (malloc'd, not yet
 * known) as its bytes. Needs the room of filecache_reserve. */
static uint32_t name_add(struct pager *p, char *name, uint32_t hash)
{
	uint32_t id = p->name_free;
	p->name_free = p->names[id].next;
	uint32_t *b = &p->name_buckets[hash & (p->name_bucket_count - 1)];
	p->names[id] = (struct name_entry){ .bytes = name, .hash = hash, .refs = 1, .next = *b };
	*b = id;
	p->names_live++;
	return id;
}

static void name_release(struct pager *p, uint32_t id)
{
	struct name_entry *n = &p->names[id];
	if (--n->refs)
		return;
	uint32_t *link = &p->name_buckets[n->hash & (p->name_bucket_count - 1)];
	while (*link != id)
		link = &p->names[*link].next;
	*link = n->next;
	free(n->bytes);
	*n = (struct name_entry){ .next = p->name_free };
	p->name_free = id;
	p->names_live--;
}

const char *filecache_name(const struct pager *p, uint32_t name)
{
	return p->names[name].bytes;
}

static uint32_t *key_link(const struct pager *p, uint32_t name, uint64_t block)
{
	return &p->file_buckets[hash_key(name, block) & (p->file_bucket_count - 1)];
}

static uint32_t object_find(const struct pager *p, uint32_t name_id, uint64_t block)
{
	if (name_id == NONE || !p->file_bucket_count)
		return NONE;
	uint32_t id = *key_link(p, name_id, block);
	while (id != NONE && (p->objects[id].name != name_id || p->objects[id].block != block))
		id = p->objects[id].next;
	return id;
}

uint32_t filecache_find(const struct pager *p, const char *name, uint64_t block)
{
	return object_find(p, name_find(p, name, hash_name(name)), block);
}

static bool files_rehash(struct pager *p)
{
	if (!buckets_double(&p->file_buckets, &p->file_bucket_count))
		return false;
	for (uint32_t id = 0; id < p->object_cap; id++) {
		struct object *o = &p->objects[id];
		if (o->kind != OBJ_FILE)
			continue;
		uint32_t *b = key_link(p, o->name, o->block);
		o->next = *b;
		*b = id;
	}
	return true;
}

bool filecache_reserve(struct pager *p, pid_t pid)
{
	if (!objects_reserve(p, pid))
		return false;
	bool room = (p->name_free != NONE || names_grow(p)) &&
		    (p->names_live + 1 <= p->name_bucket_count || names_rehash(p)) &&
		    (p->file_objects + 1 <= p->file_bucket_count || files_rehash(p));
	if (!room)
		pager_fail_memory(p, pid, PAGER_NEEDED_FILE_NAMES, (uint64_t)p->file_objects + 1);
	return room;
}

/* The object for (name, block): found (a mapping or a ghost), or new. */
uint32_t filecache_get(struct pager *p, char *name, uint64_t block)
{
	/* the name is hashed and compared once: a map is a lookup per page */
	uint32_t hash = hash_name(name);
	uint32_t name_id = name_find(p, name, hash);
	if (name_id == NONE) {
		name_id = name_add(p, name, hash);
	} else {
		free(name);
		uint32_t id = object_find(p, name_id, block);
		if (id != NONE)
			return id;
		p->names[name_id].refs++;
	}
	uint32_t id = object_new(p, OBJ_FILE);
	struct object *o = &p->objects[id];
	o->name = name_id;
	o->block = block;
	uint32_t *b = key_link(p, o->name, block);
	o->next = *b;
	*b = id;
	p->file_objects++;
	return id;
}

/* Forget a file object nobody maps and memory does not hold. */
void filecache_forget(struct pager *p, uint32_t id)
{
	struct object *o = &p->objects[id];
	uint32_t *link = key_link(p, o->name, o->block);
	while (*link != id)
		link = &p->objects[*link].next;
	*link = o->next;
	name_release(p, o->name);
	p->file_objects--;
	object_free(p, id);
}

void filecache_destroy(struct pager *p)
{
	for (uint32_t id = 0; id < p->name_cap; id++)
		free(p->names[id].bytes);
	free(p->names);
	free(p->name_buckets);
	free(p->file_buckets);
}
