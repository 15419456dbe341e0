/*
 * pager/clone.c: pager_clone(), a deep copy of every table, for the
 * visualiser's checkpoints. Owners refer to each other by number, so a
 * copy of each array is a copy of the state; only the strings and the
 * policy's arrays need their own copies.
 */
#include <stdlib.h>
#include <string.h>

#include "pager_impl.h"

static void *copy_of(const void *from, size_t bytes)
{
	void *to = malloc(bytes ? bytes : 1);
	MMUSIM_CHECK(to, "pager_clone: out of memory for %zu bytes", bytes);
	if (bytes)
		memcpy(to, from, bytes);
	return to;
}

static void idset_copy(struct idset *to, const struct idset *from)
{
	*to = *from;
	for (uint32_t k = 0; k < from->levels; k++)
		to->words[k] = copy_of(from->words[k], sizeof(uint64_t) * from->lengths[k]);
}

static void procs_copy(struct pager *to, const struct pager *from)
{
	to->procs = copy_of(from->procs, sizeof *from->procs * from->proc_cap);
	for (uint32_t s = 0; s < from->proc_cap; s++) {
		if (from->procs[s].pid < 0)
			continue;
		size_t pages = from->procs[s].page_cap;
		to->procs[s].ptes = copy_of(from->procs[s].ptes, sizeof(struct pte) * pages);
		to->procs[s].vpages = copy_of(from->procs[s].vpages, sizeof(struct vpage) * pages);
	}
	to->pid_slots = from->pid_cap ? copy_of(from->pid_slots, sizeof(uint32_t) * from->pid_cap) : NULL;
}

static void names_copy(struct pager *to, const struct pager *from)
{
	to->names = copy_of(from->names, sizeof *from->names * from->name_cap);
	for (uint32_t id = 0; id < from->name_cap; id++)
		if (from->names[id].bytes)
			to->names[id].bytes = strdup(from->names[id].bytes);
	to->name_buckets = copy_of(from->name_buckets, sizeof(uint32_t) * from->name_bucket_count);
	to->file_buckets = copy_of(from->file_buckets, sizeof(uint32_t) * from->file_bucket_count);
}

struct pager *pager_clone(const struct pager *from, const struct pager_machine *machine)
{
	if (!from->policy->clone)
		return NULL;
	struct pager *to = copy_of(from, sizeof *from);
	to->machine = *machine;
	to->policy_state = from->policy->clone(from->policy_state);
	to->touched_objects.ids = copy_of(from->touched_objects.ids,
					  sizeof(uint32_t) * from->touched_objects.cap);
	to->touched_frames.ids = copy_of(from->touched_frames.ids,
					 sizeof(uint32_t) * from->touched_frames.cap);
	to->failed_file = from->failed_file ? strdup(from->failed_file) : NULL;
	if (from->failure.file)
		to->failure.file = to->failed_file ? to->failed_file : "?";
	to->probe.ctx = to;
	procs_copy(to, from);
	names_copy(to, from);
	to->objects = copy_of(from->objects, sizeof *from->objects * from->object_cap);
	to->frames = copy_of(from->frames, sizeof *from->frames * from->config.memory_pages);
	if (from->sole_mapping)
		to->sole_mapping = copy_of(from->sole_mapping,
					   sizeof *from->sole_mapping * from->config.memory_pages);
	to->block_object = copy_of(from->block_object, sizeof(uint32_t) * from->config.swap_blocks);
	idset_copy(&to->free_frames, &from->free_frames);
	idset_copy(&to->free_blocks, &from->free_blocks);
	return to;
}

size_t pager_clone_bytes(const struct pager *p)
{
	size_t bytes = sizeof *p + sizeof *p->procs * p->proc_cap + sizeof(uint32_t) * p->pid_cap +
		       sizeof *p->names * p->name_cap +
		       sizeof(uint32_t) * (p->name_bucket_count + p->file_bucket_count) +
		       sizeof *p->objects * p->object_cap +
		       (sizeof *p->frames + 16) * p->config.memory_pages +
		       sizeof(uint32_t) * p->config.swap_blocks +
		       (p->config.memory_pages + p->config.swap_blocks) / 4; /* the idsets */
	for (uint32_t s = 0; s < p->proc_cap; s++)
		if (p->procs[s].pid >= 0)
			bytes += (sizeof(struct pte) + sizeof(struct vpage)) * p->procs[s].page_cap;
	return bytes;
}
