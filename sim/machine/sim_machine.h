/*
 * sim/machine/sim_machine.h: the simulated machine under the pager (docs/machine.md).
 *
 * (Not "machine.h": that name is the pager's contract, pager/machine.h,
 * which this file implements; one include path sees both folders.)
 *
 * Physical memory (a byte array, frame 0 the zero page), the swap device
 * and the file store (disk.h), the TLB (tlb.h; with tlb.levels, a
 * hierarchy of them), the page-table base register and the walker (flat:
 * the pager's entry alone; with mmu.format, the upper levels of mmu.h
 * above it); it implements struct pager_machine for the pager and charges
 * every step's cycles from latency.*.
 *
 * The machine owns every access (machine_access; docs/machine.md,
 * "Translation of one access piece"): it translates, raises a fault to the
 * pager and retries, and charges every cycle (tlb_hit, walk, fault,
 * memory; disk, zero-fill and copy when the pager asks for them; compute
 * through machine_compute). The replay only moves the bytes and keeps the
 * shadow. The TLB-hit half is inline: it is the hot path of every run.
 *
 * Cycle counts saturate at UINT64_MAX: they never wrap (the configuration
 * also refuses a latency above LATENCY_MAX, docs/config.md).
 */
#ifndef MMUSIM_SIM_MACHINE_H
#define MMUSIM_SIM_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "config.h"
#include "disk.h"
#include "mmu.h"
#include "pager.h"
#include "tlb.h"

/* Cycles by kind of step; the run's cycles are their sum. Each saturates
 * at UINT64_MAX instead of wrapping (machine_charge). */
struct machine_cycles {
	uint64_t tlb;        /* tlb_hit per lookup */
	uint64_t walk;       /* walk per page-table walk (flat); pte_read per
			      * page-table entry read (mmu.format) */
	uint64_t memory;     /* memory per access piece completed */
	uint64_t fault;      /* fault per MMU fault raised */
	uint64_t disk_read;  /* disk_read per block read asked (also failed) */
	uint64_t disk_write; /* disk_write per block written */
	uint64_t zero_fill;  /* zero_fill per frame zero-filled */
	uint64_t copy;       /* copy per copy-on-write copy */
	uint64_t compute;    /* N per `compute N` */
	uint64_t pwc;        /* pwc per page-walk cache looked up (mmu.format) */
};

/* A pager that handles this many faults on one piece without the access
 * becoming possible is broken (MACHINE_STUCK). */
#define MACHINE_MAX_FAULTS 4

struct machine {
	struct pager_machine iface;   /* handed to pager_create */
	struct pager *pager;          /* told faults and accesses (machine_attach) */
	bool wants_accesses;          /* the pager's policy wants every access */
	uint8_t *physmem;             /* memory_pages * geo.size bytes; NULL: data-less */
	/*
	 * Data-less (MACHINE_DATALESS; docs/machine.md, "Data-less replay"):
	 * no byte of physical memory exists; kept[f] is what frame f's bytes
	 * are known to be: NULL unknown, `zeroes` (one shared page of zeroes)
	 * or a page_size buffer of its own. Only what a `map file` name may be
	 * read from is kept (machine_store_kept).
	 */
	uint8_t **kept;
	uint8_t *zeroes;
	/* A data-less machine was asked for bytes it did not keep (the pager
	 * read a name from such a frame): the run must stop or start again
	 * with data (data_needed_frame says which). */
	bool data_needed;
	uint32_t data_needed_frame;
	struct page_geometry geo;     /* the configuration's (config_geometry) */
	uint32_t memory_pages;
	bool hardware;                /* ref_bits "hardware" */
	bool asid;                    /* tlb.asid: no flush on switch */
	struct latency_config latency;
	struct tlb tlb;               /* level 1 of the TLB hierarchy */
	/* tlb.levels: levels 2 .. tlb_levels (lower[0] is level 2), each
	 * looked up after a miss in the one above, at its own latency;
	 * inclusive fills. tlb_levels 1: no lower level. */
	uint32_t tlb_levels;
	struct tlb lower[TLB_MAX_LEVELS - 1];
	uint64_t lower_latency[TLB_MAX_LEVELS - 1];
	uint64_t lower_hits[TLB_MAX_LEVELS - 1], lower_misses[TLB_MAX_LEVELS - 1];
	struct mmu mmu;               /* mmu.format's upper levels; levels 0: flat */
	struct disk *disk;
	struct pte *page_table;       /* base register; NULL: no process */
	uint32_t page_table_len;
	struct machine_cycles cycles;
	/* The first block transfer the host failed (a write-back that did
	 * not reach its file or swap, a read of an open file that failed):
	 * err is its errno, 0 while none failed. The run must stop. */
	struct {
		int err;
		bool write;
		bool swap;
		uint64_t block;
		char file[256];
	} io_failure;
	uint64_t tlb_hits, tlb_misses, walks; /* hits in any level; misses in every level */
	uint64_t faults, faults_invalid; /* pager_fault calls; those that said -1 */
	/* Told every pager note after the machine has charged it. */
	void (*observe)(void *arg, const struct pager_note *note);
	void *observe_arg;
	/* Forwarded for OPT (NULL: the policy may not need it). */
	uint64_t (*next_use)(void *arg, pid_t pid, uint64_t vaddr);
	void *next_use_arg;
};

/* machine_init's flags. */
enum {
	MACHINE_WRITE_FILES = 1, /* file write-backs reach the real files */
	MACHINE_DATALESS = 2,    /* no physical memory: pages move no bytes */
};

/*
 * Build the machine of `config`; file names resolve in `folder`; `flags`
 * is 0 or MACHINE_* or'ed (MACHINE_DATALESS with MACHINE_WRITE_FILES is
 * refused: the files would need the bytes). The machine must not move
 * afterwards (iface.ctx points at it). Returns 0, or -1 with a reason in
 * err.
 */
int machine_init(struct machine *m, const struct mmusim_config *config,
		 const char *folder, unsigned flags, char *err,
		 size_t err_len);
/* Whether machine_init succeeded on m (and machine_fini has not run). */
static inline bool machine_ready(const struct machine *m)
{
	return m->physmem || m->kept;
}
void machine_fini(struct machine *m);

/* The pager this machine serves (after pager_create, and again when a
 * checkpoint swaps the pager): faults go to it, and completed accesses
 * when its policy wants every access. */
void machine_attach(struct machine *m, struct pager *pager);

/* counter += cycles, saturating at UINT64_MAX. */
static inline void machine_charge(uint64_t *counter, uint64_t cycles)
{
	if (__builtin_add_overflow(*counter, cycles, counter))
		*counter = UINT64_MAX;
}

/* Read block `block` of `file` for the shadow's view of it: disk_read,
 * but a host failure is recorded as the pager's are (io_failure). */
int machine_read_block(struct machine *m, const char *file, uint64_t block,
		       uint8_t *out);

/* Why the run must stop: the machine's io_failure, else the pager's
 * pager_failure(); false when neither failed. `why` names the file (in
 * the trace's folder) and block, or the process and the memory. */
bool machine_failed(const struct machine *m, const struct pager *pager,
		    char *why, size_t why_len);

/*
 * The one page-table lookup: true with *vpn, the arena page of vaddr, when
 * vaddr is in the arena and *vpn < len (the entries of the table at hand).
 * The walker, machine_check and the replay's reads of a `map file` name
 * all find an entry this way.
 */
static inline bool machine_vpn(const struct machine *m, uint64_t vaddr,
			       uint32_t len, uint32_t *vpn)
{
	uint64_t page;
	if (!page_geometry_vpn(&m->geo, vaddr, &page) || page >= len)
		return false;
	*vpn = (uint32_t)page;
	return true;
}

/*
 * A hint that the running process will soon translate vaddr: the host
 * starts fetching the page-table entry a walk of it would read. A replay
 * that misses the TLB at random pages otherwise waits, at every walk, for
 * that entry to come from the host's memory (docs/performance.md,
 * "Multi-level walks"). Reads and changes nothing simulated. Always
 * inlined: GCC finds a function whose only effect is a prefetch pure and
 * drops the call.
 */
__attribute__((always_inline))
static inline void machine_prefetch(const struct machine *m, uint64_t vaddr)
{
	uint32_t vpn;
	if (m->page_table && machine_vpn(m, vaddr, m->page_table_len, &vpn))
		__builtin_prefetch(&m->page_table[vpn]);
}

/* Whether a page-table entry permits a load, or a store (`write`): what
 * the walker asks of the leaf before it fills the TLB. */
static inline bool pte_permits(const struct pte *pte, bool write)
{
	return pte->read_enable && (!write || pte->write_enable);
}

/* Whether the running process's page-table entry for vaddr permits the
 * access: then machine_access_miss walks, fills the TLB and completes
 * without a fault (a multi-level walk of a mapped page always reaches its
 * leaf). Reads the entry only: nothing is counted or changed. */
static inline bool machine_entry_permits(const struct machine *m,
					 uint64_t vaddr, bool write)
{
	uint32_t vpn;
	return m->page_table && machine_vpn(m, vaddr, m->page_table_len, &vpn) &&
	       pte_permits(&m->page_table[vpn], write);
}

/* The TLB alone: true (and charged tlb_hit) on a hit that allows the
 * access; false, with nothing counted, otherwise. */
static inline bool machine_tlb_hit(struct machine *m, int32_t pid,
				   uint64_t vaddr, bool write, uint32_t *frame)
{
	struct tlb_entry *e = tlb_find(&m->tlb, pid, vaddr >> m->geo.shift);
	if (!e || (write && !(e->write && (e->dirty || !m->hardware))))
		return false;
	tlb_use(&m->tlb, e);
	m->tlb_hits++;
	machine_charge(&m->cycles.tlb, m->latency.tlb_hit);
	*frame = e->ppage;
	return true;
}

/* The end of a piece that completed without a fault: memory is charged
 * and, when the policy wants it, the pager is told of the access. */
static inline void machine_completed(struct machine *m, uint32_t frame,
				     bool write)
{
	machine_charge(&m->cycles.memory, m->latency.memory);
	if (m->wants_accesses)
		pager_accessed(m->pager, frame, write);
}

enum machine_result {
	MACHINE_OK,     /* *frame holds the piece's frame; memory charged */
	MACHINE_SEGV,   /* the pager found the fault invalid (pager_fault -1):
			   the caller kills the process */
	MACHINE_STUCK,  /* MACHINE_MAX_FAULTS faults handled, still faulting:
			   a broken pager */
};

/*
 * The straight-line half of machine_access, for the replay's hot path: a
 * TLB hit of a pager that does not want to hear of every access (no call
 * out, no branch to one). True: the piece completed, charged as
 * machine_access charges it, *frame set. False, with nothing counted:
 * call machine_access.
 */
static inline bool machine_access_fast(struct machine *m, int32_t pid,
				       uint64_t vaddr, bool write,
				       uint32_t *frame)
{
	if (m->wants_accesses || !machine_tlb_hit(m, pid, vaddr, write, frame))
		return false;
	machine_charge(&m->cycles.memory, m->latency.memory);
	return true;
}

/* machine_access when the TLB did not hit: walk, fault, retry. The
 * caller has looked the first-level TLB up and missed (machine_tlb_hit
 * false), which the retry after a fault relies on to walk at once. */
enum machine_result machine_access_miss(struct machine *m, int32_t pid,
					uint64_t vaddr, bool write,
					uint32_t *frame);

/*
 * One access piece (inside one page) of the current process `pid`:
 * translate (a TLB hit inline; else a walk, and on a fault pager_fault and
 * a retry from the TLB), then charge `memory` for the completed piece and
 * tell the pager of the access when its policy wants every access and the
 * piece did not fault (a fault is already seen by the pager). The caller
 * moves the bytes (machine_bytes).
 */
static inline enum machine_result machine_access(struct machine *m,
						 int32_t pid, uint64_t vaddr,
						 bool write, uint32_t *frame)
{
	if (machine_tlb_hit(m, pid, vaddr, write, frame)) {
		machine_completed(m, *frame, write);
		return MACHINE_OK;
	}
	return machine_access_miss(m, pid, vaddr, write, frame);
}

/* `compute N`: charge N cycles. False, with nothing charged, when the
 * total would pass 2^63 (a trace error: docs/machine.md). */
bool machine_compute(struct machine *m, uint64_t cycles);

/* Every count and cycle back to zero (trace.md's `reset`): the TLB's
 * contents, memory, disks and page tables stay as they are. */
void machine_reset_counters(struct machine *m);

/* A data-less machine's store of len bytes at vaddr into frame: kept
 * only where the frame's bytes are known (a text store also makes a page
 * of zeroes known bytes of its own). */
void machine_store_kept(struct machine *m, uint32_t frame, uint64_t vaddr,
			const uint8_t *bytes, size_t len, bool text);

/* Whether a store into frame has bytes to change: always, unless the
 * machine is data-less and the frame's bytes are unknown. */
static inline bool machine_keeps(const struct machine *m, uint32_t frame)
{
	return m->physmem || m->kept[frame];
}

/* A store of len bytes at vaddr into frame: physical memory, or what a
 * data-less machine keeps of it. */
static inline void machine_store(struct machine *m, uint32_t frame,
				 uint64_t vaddr, const uint8_t *bytes,
				 size_t len, bool text)
{
	if (m->physmem)
		memcpy(m->physmem + ((size_t)frame << m->geo.shift) +
			       (vaddr & m->geo.mask), bytes, len);
	else if (m->kept[frame])
		machine_store_kept(m, frame, vaddr, bytes, len, text);
}

/* Bytes of frame `frame` at the page offset of vaddr (not data-less). */
static inline uint8_t *machine_bytes(const struct machine *m, uint32_t frame,
				     uint64_t vaddr)
{
	return m->physmem + ((size_t)frame << m->geo.shift) +
	       (vaddr & m->geo.mask);
}

/* The context switch's TLB work: a full flush without ASIDs. */
void machine_switched(struct machine *m);
/* A process left: drop its TLB entries (with ASIDs a later process of the
 * same id must not hit them). */
void machine_process_gone(struct machine *m, int32_t pid);

/* Hits and misses of each TLB level (level 1 first: its hits are the
 * lookups that translated at once, its misses looked further); returns
 * the levels (m->tlb_levels). */
static inline uint32_t machine_tlb_levels(const struct machine *m,
					  uint64_t hits[TLB_MAX_LEVELS],
					  uint64_t misses[TLB_MAX_LEVELS])
{
	uint64_t lower = 0;
	for (uint32_t k = 0; k + 1 < m->tlb_levels; k++) {
		hits[k + 1] = m->lower_hits[k];
		misses[k + 1] = m->lower_misses[k];
		lower += m->lower_hits[k];
	}
	hits[0] = m->tlb_hits - lower;
	misses[0] = m->tlb_misses + lower;
	return m->tlb_levels;
}

/* The run's cycles: the sum of every kind, saturating at UINT64_MAX. */
static inline uint64_t machine_total_cycles(const struct machine *m)
{
	const struct machine_cycles *c = &m->cycles;
	const uint64_t parts[] = { c->tlb, c->walk, c->memory, c->fault,
				   c->disk_read, c->disk_write, c->zero_fill,
				   c->copy, c->compute, c->pwc };
	uint64_t total = 0;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		machine_charge(&total, parts[i]);
	return total;
}

/*
 * The --check coherence test: every valid TLB entry agrees with the page
 * table of its process (same frame, readable, the same write permission;
 * in hardware mode a cached dirty bit is backed by the entry's or the
 * frame's dirty bit) and the zero page holds zeroes. Returns true, or
 * false with what disagrees in err.
 */
bool machine_check(const struct machine *m, const struct pager *pager,
		   char *err, size_t err_len);
/* The TLB half alone: O(TLB entries), for a check after every event. */
bool machine_check_tlb(const struct machine *m, const struct pager *pager,
		       char *err, size_t err_len);

#endif
