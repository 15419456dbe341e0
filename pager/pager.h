/*
 * pager/pager.h: the pager, as an instance.
 *
 * The contract is ../shared/spec/pager.md (docs/pager.md in this repo adds
 * the choices the spec leaves open). Every call below is the instance form
 * of one of the seed's vm_* calls (vm.h keeps the seed's global API as a
 * thin layer over a default instance). Nothing here keeps hidden global
 * state: several pagers may run side by side in one process.
 */
#ifndef MMUSIM_PAGER_PAGER_H
#define MMUSIM_PAGER_PAGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "machine.h"
#include "policy.h"
#include "queue_view.h"

struct pager_config {
	uint32_t memory_pages;   /* >= 3; page 0 is the pinned zero page */
	uint32_t swap_blocks;
	uint32_t page_size;      /* power of two, 256 .. 1 MiB */
	uint64_t arena_base;     /* page aligned */
	uint32_t arena_pages;    /* >= 1 */
	const struct policy_ops *policy; /* NULL: clock */
	uint64_t seed;
	bool hardware_ref_bits;  /* accessed/dirty bits in the PTE */
	/* policy_params: knobs of the policies (policy.h), in any order */
	struct policy_setting policy_settings[POLICY_MAX_SETTINGS];
	uint32_t policy_setting_count;
};

/* Counters for the run report (../shared/spec/report.md). */
struct pager_stats {
	uint64_t faults, faults_invalid;
	uint64_t faults_major;   /* valid MMU faults after which a frame got a page */
	uint64_t faults_minor;   /* the other valid MMU faults */
	uint64_t zero_fills, cow_copies;
	uint64_t evictions, evictions_dirty;
	uint64_t swap_reads, swap_writes, file_reads, file_writes;
	uint64_t maps_ok, maps_failed;
	uint64_t creates_ok, creates_failed;
	uint64_t ref_clears;     /* referenced bits cleared by replacement */
};

struct pager;

/*
 * What the pager could not do, and so must not go on from: a device that
 * failed (pager/machine.h: a failed write-back, a read that returned
 * PAGER_IO_FAILED) or memory for a process's tables that could not be
 * had. The pager keeps its tables consistent (pager_check holds) but a
 * run must stop at the end of the call that set it: the data or the
 * process the failure names is lost. Only the first failure is kept.
 */
enum pager_failure_kind {
	PAGER_FINE,
	PAGER_WRITE_FAILED,   /* a write-back failed: the page's data is lost */
	PAGER_READ_FAILED,    /* a block read failed with PAGER_IO_FAILED */
	PAGER_OUT_OF_MEMORY,  /* a table could not grow (pager_failure.needed) */
};
/* What PAGER_OUT_OF_MEMORY could not grow. */
enum pager_memory_need {
	PAGER_NEEDED_PAGE_TABLE, /* a process's page table: `count` entries */
	PAGER_NEEDED_OBJECTS,    /* the object table (the pages that exist): `count` objects */
	PAGER_NEEDED_FILE_NAMES, /* the file cache's names and keys: `count` entries */
};
struct pager_failure {
	enum pager_failure_kind kind;
	const char *file;     /* READ/WRITE: the file, NULL for swap */
	uint64_t block;       /* READ/WRITE: its block */
	pid_t pid;            /* OUT_OF_MEMORY: the process whose call needed it */
	enum pager_memory_need needed; /* OUT_OF_MEMORY: which table */
	uint64_t count;       /* OUT_OF_MEMORY: the entries it needed */
};

/* Returns NULL and writes why into err when the configuration is invalid. */
struct pager *pager_create(const struct pager_config *config,
			   const struct pager_machine *machine,
			   char *err, size_t err_len);
/* Releases everything, including ghost pages (no write-back). */
void pager_destroy(struct pager *pager);
/*
 * An independent copy of the whole pager state (a checkpoint), working on
 * `machine` (whose physical memory and disks the caller copied too). NULL
 * when the policy cannot be cloned. The copy's page-table base register is
 * not set: call pager_switch(copy, pager_current(copy)) once the machine
 * is ready.
 */
struct pager *pager_clone(const struct pager *pager, const struct pager_machine *machine);
/* About the bytes a clone holds: every table at its capacity (a page table
 * as big as its process has grown, not the arena), the policy's state
 * counted as 16 bytes a frame. */
size_t pager_clone_bytes(const struct pager *pager);

/* vm_create: 0, or -1 (child alive, or not enough swap to reserve; or no
 * memory for the child's tables: then pager_failure() says so). */
int pager_fork(struct pager *pager, pid_t parent, pid_t child);
/* vm_switch: an unknown pid leaves no process current. */
void pager_switch(struct pager *pager, pid_t pid);
/* vm_fault in the current process: 0 handled, -1 invalid. */
int pager_fault(struct pager *pager, uint64_t vaddr, bool write);
/* vm_destroy of the current process; afterwards no process is current. */
void pager_exit(struct pager *pager);
/* vm_map(NULL, 0) when !file; vm_map(name_vaddr, block) otherwise.
 * 0 and *vaddr set, or -1 (arena full, no swap, unreadable name; or no
 * memory to grow the page table: then pager_failure() says so). */
int pager_map(struct pager *pager, bool file, uint64_t name_vaddr,
	      uint64_t block, uint64_t *vaddr);
/* An access the machine completed without a fault, for policies that
 * want every access (LRU); cheap no-op for the others. */
void pager_accessed(struct pager *pager, uint32_t frame, bool write);
bool pager_wants_accesses(const struct pager *pager);
/* The current process will use the page of vaddr later in the current
 * access (a piece after one that may fault): a policy that keeps next uses
 * (OPT) hears the page's next use now, as a victim chosen before that
 * piece must see it. No-op for other policies, pages not resident, or no
 * process. */
void pager_will_use(struct pager *pager, uint64_t vaddr);
bool pager_reads_future(const struct pager *pager);

const struct pager_stats *pager_stats(const struct pager *pager);
/* Every counter of pager_stats back to zero (trace.md's `reset`: a
 * measurement window starts); nothing else changes. */
void pager_reset_stats(struct pager *pager);

/*
 * madvise(MADV_DONTNEED) of the current process's page at vaddr (the
 * trace's `discard ADDR`, docs/trace.md): the page stops holding a frame
 * and leaves the policy's order (released, not evicted: no eviction is
 * counted). A swap-backed page loses its data: it is ZERO again (a page
 * shared copy-on-write gets a fresh private ZERO object; the others keep
 * the shared one). A file-backed page keeps its data in the file: a dirty
 * one is written back first (a file write); other processes mapping the
 * same block fault on their next use, as after an eviction. Nothing
 * happens to a page not in memory but the state change. 0, or -1 (no
 * process is current, or vaddr is not a valid page of it).
 */
int pager_discard(struct pager *pager, uint64_t vaddr);
/* The first failure (kind PAGER_FINE while there is none); valid until
 * the pager is destroyed. */
const struct pager_failure *pager_failure(const struct pager *pager);
const struct pager_config *pager_config(const struct pager *pager);
pid_t pager_current(const struct pager *pager); /* -1: none */
bool pager_alive(const struct pager *pager, pid_t pid);

/*
 * Verify every cross-structure invariant (docs/pager.md lists them); on a
 * broken one print what and where to stderr and abort(). Cheap enough for
 * tests to call after every operation, O(pages + frames + blocks).
 */
void pager_check(const struct pager *pager);

/*
 * A check per operation that costs what the operation did, not the size of
 * the state (run --check): once pager_track_changes(pager, true), the
 * pager remembers every object and frame an operation touches, and
 * pager_check_changes() verifies the invariants of those alone (each
 * touched object's mapping list, its pages' entries, its frame, swap
 * block or cache key; each touched frame's use and its place in the
 * policy), then forgets them. Aborts as pager_check does. pager_check()
 * remains the whole proof; run it now and then (run --check does at
 * events 1, 2, 4, 8, ... and at the end, so all the full checks together
 * cost at most twice the last one).
 */
void pager_track_changes(struct pager *pager, bool on);
void pager_check_changes(struct pager *pager);

/* ---- Read-only views, for the visualiser, logs and tests. ---- */

enum frame_use { FRAME_FREE, FRAME_ZERO_PAGE, FRAME_SWAP, FRAME_FILE };

struct frame_view {
	enum frame_use use;
	bool referenced, dirty, pinned;
	uint32_t sharers;        /* virtual pages mapping it; 0 = ghost */
	pid_t first_pid;         /* one owner, -1 when none */
	uint64_t first_vaddr;
	const char *file;        /* FRAME_FILE */
	uint64_t block;          /* file block, or swap block */
};
void pager_frame_view(const struct pager *pager, uint32_t frame,
		      struct frame_view *out);
/* Visit each (pid, vaddr) mapping a frame, in mapping order. */
void pager_frame_owners(const struct pager *pager, uint32_t frame,
			void (*visit)(void *arg, pid_t pid, uint64_t vaddr),
			void *arg);

enum block_use { BLOCK_FREE, BLOCK_BOUND, BLOCK_HOLDS_DATA };
struct block_view {
	enum block_use use;
	uint32_t sharers;        /* virtual pages sharing its object */
	uint32_t frame;          /* 0 when not resident */
};
void pager_block_view(const struct pager *pager, uint32_t block,
		      struct block_view *out);
uint32_t pager_swap_reserved(const struct pager *pager);

/* The current page table and its length (NULL when no process runs). */
const struct pte *pager_page_table(const struct pager *pager, pid_t pid,
				   uint32_t *valid_pages);
/* The file a file-backed page of pid maps (its block in *block); NULL for
 * a swap-backed or an invalid page. */
const char *pager_page_file(const struct pager *pager, pid_t pid, uint64_t vaddr,
			    uint64_t *block);

/* Where the bytes of a virtual page are, for a machine that reads or
 * places them without an access (a `put` line, a recording). */
enum page_data {
	PAGE_DATA_INVALID,  /* no such process, or not a valid page */
	PAGE_DATA_NONE,     /* a swap page never written: it reads as zeroes */
	PAGE_DATA_IN_FRAME, /* in `frame`; when not dirty, the block holds them too */
	PAGE_DATA_ON_DISK,  /* only in the block */
};
struct page_view {
	enum page_data data;
	uint32_t frame;          /* IN_FRAME */
	bool dirty;              /* IN_FRAME: the block does not hold these bytes */
	const char *file;        /* the file, NULL for swap */
	uint64_t block;          /* file block, or swap block */
	uint32_t sharers;        /* virtual pages mapping the same page */
};
void pager_page_view(const struct pager *pager, pid_t pid, uint64_t vaddr,
		     struct page_view *out);
/* Visit each (pid, vaddr) mapping the page pid maps at vaddr (itself
 * too), in mapping order. */
void pager_page_owners(const struct pager *pager, pid_t pid, uint64_t vaddr,
		       void (*visit)(void *arg, pid_t pid, uint64_t vaddr), void *arg);
/* Frames in replacement order (the clock: from the hand). */
uint32_t pager_policy_order(const struct pager *pager, uint32_t *frames,
			    uint32_t cap);
/* The policy's queues, hands, ghosts and parameters (queue_view.h). */
void pager_policy_describe(const struct pager *pager, struct queue_view *view);
/* The page a policy's page key names (a ghost's, say): its use, sharers,
 * first owner, file and block as pager_frame_view gives them, no bits;
 * use FRAME_FREE when no page has that key now. */
void pager_key_view(const struct pager *pager, uint64_t key,
		    struct frame_view *out);

#endif
