/*
 * pager/pager_impl.h: the pager's internal state, shared by its files.
 *
 * One owner per piece of state (the comment on each field names it); owners
 * refer to each other by number (process slot, virtual page, object id,
 * frame, block), never by pointers that could dangle.
 */
#ifndef MMUSIM_PAGER_IMPL_H
#define MMUSIM_PAGER_IMPL_H

#include <stdint.h>
#include <stdlib.h>

#include "check_fail.h"
#include "idset.h"
#include "page_geometry.h"
#include "pager.h"

#define NONE UINT32_MAX

/* A place where an object is mapped: virtual page `vpn` of process slot
 * `slot`. slot == NONE ends a list. */
struct mapref {
	uint32_t slot;
	uint32_t vpn;
};

/* One arena page of one process (owner: the process). */
struct vpage {
	uint32_t object;              /* NONE: page not valid */
	struct mapref prev, next;     /* the object's mapping list */
};

struct process {                      /* owner: the process table */
	pid_t pid;                    /* -1: slot free */
	uint32_t valid_pages;         /* pages 0..valid_pages-1 are valid */
	uint32_t swap_pages;          /* swap-backed valid pages = reservations */
	uint32_t page_cap;            /* entries in ptes and vpages, >= valid_pages;
	                               * grows with the pages mapped, <= arena_pages */
	struct pte *ptes;             /* page_cap entries: the page table */
	struct vpage *vpages;         /* page_cap entries */
};

enum object_kind { OBJ_FREE, OBJ_SWAP, OBJ_FILE };
enum object_state { OBJ_ZERO, OBJ_RESIDENT, OBJ_ABSENT }; /* ABSENT: swapped, or file not in memory */

/* 32 bytes: with a page's vpage and entry, under 64 bytes a virtual page.
 * The sharer count is not stored: "shared" is "the list has a second
 * entry", O(1), and only pager_check and the views need the number. */
struct object {                       /* owner: the object table */
	uint8_t kind;                 /* enum object_kind */
	uint8_t state;                /* enum object_state */
	uint8_t touched;              /* in touched_objects (--check) */
	uint32_t frame;               /* OBJ_RESIDENT: its frame */
	struct mapref head;           /* mapping list, newest first */
	uint64_t block;               /* swap block, or block of the file */
	uint32_t name;                /* OBJ_FILE: interned name id */
	uint32_t next;                /* file cache chain, or free list */
};

struct frame {                        /* owner: the frame table */
	uint32_t object;              /* NONE: free (or the zero page) */
	uint8_t referenced, dirty, pinned;
	uint8_t touched;              /* in touched_frames (--check) */
};

/* Ids changed since the last pager_check_changes (owner: check.c). */
struct touched {
	uint32_t *ids;
	uint32_t count, cap;
	bool overflow;                /* an id could not be kept: check all */
};

struct name_entry {                   /* owner: the file cache */
	char *bytes;                  /* NULL: free id */
	uint32_t hash;
	uint32_t refs;                /* file objects with this name */
	uint32_t next;                /* name hash chain, or free list */
};

struct pager {
	struct pager_config config;
	struct pager_machine machine;
	struct pager_stats stats;
	struct page_geometry geo;     /* of config: page size, arena */

	/* process table */
	struct process *procs;
	uint32_t proc_cap, proc_free;  /* proc_free: a free slot hint list */
	uint32_t *pid_slots;           /* open addressing: pid -> slot */
	uint32_t pid_cap, pid_count;
	uint32_t current;              /* slot of the running process, or NONE */

	/* object table */
	struct object *objects;
	uint32_t object_cap, object_free, objects_live;

	/* frame table */
	struct frame *frames;
	struct idset free_frames;

	/* swap space */
	struct idset free_blocks;
	uint32_t reserved;             /* reservations held, <= swap_blocks */
	uint32_t *block_object;        /* block -> bound object, or NONE */

	/* file page cache: (name, block) -> object, and interned names */
	uint32_t *file_buckets;
	uint32_t file_bucket_count, file_objects;
	struct name_entry *names;
	uint32_t name_cap, name_free;
	uint32_t *name_buckets;
	uint32_t name_bucket_count, names_live;

	/* pager_track_changes: what operations touched, for --check */
	bool tracking;
	struct touched touched_objects, touched_frames;

	/* the first failure (pager.h); failure.file points at failed_file */
	struct pager_failure failure;
	char *failed_file;

	/* replacement */
	const struct policy_ops *policy;
	void *policy_state;
	struct victim_probe probe;
	uint32_t taking_for;           /* frame_take's object, for the probe */
	/* Only for a policy told next uses (next_use_changed), which asks at
	 * every access: by frame, the one mapping of the resident page, slot
	 * NONE when it has none or several (owner: frames.c, kept by fills and
	 * by object_link/unlink), so the common answer skips the object and
	 * its mapping list. NULL for other policies. */
	struct mapref *sole_mapping;
};

/* `array` (of *cap entries of `size` bytes) reallocated to twice as many,
 * or `first` when empty: the new array, *cap updated; NULL with nothing
 * changed when memory cannot be had or the count would wrap. The tables
 * that grow as a run goes (objects, names, process slots) grow this way. */
static inline void *array_double(void *array, uint32_t *cap, uint32_t first, size_t size)
{
	uint32_t want = *cap ? *cap * 2 : first;
	void *grown = want > *cap ? realloc(array, size * want) : NULL;
	if (grown)
		*cap = want;
	return grown;
}

static inline struct process *proc_at(const struct pager *p, uint32_t slot)
{
	return &p->procs[slot];
}

static inline struct vpage *vpage_at(const struct pager *p, struct mapref m)
{
	return &p->procs[m.slot].vpages[m.vpn];
}

static inline uint64_t vaddr_of(const struct pager *p, uint32_t vpn)
{
	return page_geometry_vaddr(&p->geo, vpn);
}

/* The frame's bytes to write; NULL on a data-less machine (no byte moves). */
static inline uint8_t *frame_bytes(const struct pager *p, uint32_t frame)
{
	if (!p->machine.physmem)
		return NULL;
	return p->machine.physmem + ((size_t)frame << p->geo.shift);
}

/* The frame's bytes to read (a name): the machine's, data-less or not. */
static inline const uint8_t *frame_bytes_read(const struct pager *p, uint32_t frame)
{
	if (!p->machine.physmem)
		return p->machine.frame_bytes(p->machine.ctx, frame);
	return frame_bytes(p, frame);
}

static inline void note(const struct pager *p, const struct pager_note *n)
{
	if (p->machine.note)
		p->machine.note(p->machine.ctx, n);
}

/* proctable.c: pid -> slot */
uint32_t procs_lookup(const struct pager *p, pid_t pid);
/* A slot for pid with room for `pages` entries; NONE (and the failure
 * recorded) when memory cannot be had. */
uint32_t procs_add(struct pager *p, pid_t pid, uint32_t pages);
/* Room for entry vpn in the slot's tables; false (failure recorded) when
 * memory cannot be had. Tells the machine when the current table moved. */
bool procs_reserve(struct pager *p, uint32_t slot, uint32_t vpn);
void procs_remove(struct pager *p, uint32_t slot);
void procs_destroy(struct pager *p);

/* pager.c: record the first failure (pager.h) */
void pager_fail_io(struct pager *p, enum pager_failure_kind kind, const char *file,
		   uint64_t block);
void pager_fail_memory(struct pager *p, pid_t pid, enum pager_memory_need needed,
		       uint64_t count);

/* check.c: remember a changed object or frame (no-op unless tracking) */
void touched_add(struct pager *p, struct touched *t, uint8_t *mark, uint32_t id);
static inline void touch_object(struct pager *p, uint32_t id)
{
	if (p->tracking && id != NONE)
		touched_add(p, &p->touched_objects, &p->objects[id].touched, id);
}
static inline void touch_frame(struct pager *p, uint32_t f)
{
	if (p->tracking)
		touched_add(p, &p->touched_frames, &p->frames[f].touched, f);
}

/* objects.c */
/* Room for one more object, had before anything changes; false (the
 * failure recorded for pid) when memory cannot be had. */
bool objects_reserve(struct pager *p, pid_t pid);
uint32_t object_new(struct pager *p, enum object_kind kind); /* needs the room */
void object_free(struct pager *p, uint32_t id);
void object_link(struct pager *p, uint32_t id, uint32_t slot, uint32_t vpn);
void object_unlink(struct pager *p, uint32_t slot, uint32_t vpn);
bool object_mapped(const struct object *o);
bool object_shared(const struct pager *p, const struct object *o); /* > 1 mapping */
bool object_writable(const struct pager *p, const struct object *o);
uint32_t object_sharers(const struct pager *p, const struct object *o); /* O(sharers) */

/* swap.c */
bool swap_reserve(struct pager *p, uint32_t count);
void swap_unreserve(struct pager *p, uint32_t count);
uint32_t swap_object_new(struct pager *p); /* ZERO object bound to a block */
void swap_object_drop(struct pager *p, uint32_t id);

/* filecache.c */
/* Room for one more file object and name, as objects_reserve. */
bool filecache_reserve(struct pager *p, pid_t pid);
/* The object for (name, block), new if none: takes `name` (malloc'd) and
 * needs the room of filecache_reserve. */
uint32_t filecache_get(struct pager *p, char *name, uint64_t block);
void filecache_forget(struct pager *p, uint32_t id);
const char *filecache_name(const struct pager *p, uint32_t name);
uint32_t filecache_find(const struct pager *p, const char *name, uint64_t block);
void filecache_destroy(struct pager *p);

/* frames.c */
/* A free frame, evicting if needed, for `object` (NONE: a new copy). */
uint32_t frame_take(struct pager *p, uint32_t object);
void frame_fill(struct pager *p, uint32_t f, uint32_t object, bool dirty);
void frame_return(struct pager *p, uint32_t f); /* back to the free set */
void frame_drop(struct pager *p, uint32_t f); /* resident page's last user left */
/* The resident page in f leaves memory without an eviction (written back
 * when dirty, the policy told it was not evicted) and f is free again:
 * pager_discard of a file page. */
void frame_release(struct pager *p, uint32_t f);
bool frame_referenced(const struct pager *p, uint32_t f);
bool frame_dirty(const struct pager *p, uint32_t f);
bool frame_test_and_clear_referenced(struct pager *p, uint32_t f);
void frame_mark_used(struct pager *p, uint32_t f, bool write);
/* The soonest next use among the pages mapping frame f (the probe's). */
uint64_t frame_next_use(const struct pager *p, uint32_t f);
/* Tell a policy that keeps next uses (next_use_changed) f's next use. */
void frame_next_use_changed(struct pager *p, uint32_t f);
/* The same after the mappings of f's page changed (or f was filled). */
void frame_mappings_changed(struct pager *p, uint32_t f);
/* What sole_mapping[f] must be. */
struct mapref frame_sole_mapping(const struct pager *p, uint32_t f);

/* pte.c: the one writer of page-table entries */
struct pte pte_expected(const struct pager *p, const struct object *o);
void pte_sync_object(struct pager *p, uint32_t object);
void pte_sync_one(struct pager *p, uint32_t slot, uint32_t vpn);
void pte_clear(struct pager *p, uint32_t slot, uint32_t vpn);
void pte_harvest(struct pager *p, uint32_t object); /* hardware bits -> frame */
void pte_invalidate_object(struct pager *p, uint32_t object);

/* fault.c */
enum fault_result { FAULT_OK, FAULT_INVALID, FAULT_READ_FAILED, FAULT_OUT_OF_MEMORY };
/* Resolve a fault on page `vpn` of process `slot`. An MMU fault (at
 * `*mmu_vaddr`) is announced with NOTE_FAULT before anything is done; the
 * pages vm_map reads a name through (mmu_vaddr NULL) are not MMU faults. */
enum fault_result fault_resolve(struct pager *p, uint32_t slot, uint32_t vpn,
				bool write, const uint64_t *mmu_vaddr);

#endif
