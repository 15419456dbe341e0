/*
 * sim/machine/sim_machine.h: the simulated machine under the pager (docs/machine.md).
 *
 * (Not "machine.h": that name is the pager's contract, pager/machine.h,
 * which this file implements; one include path sees both folders.)
 *
 * Physical memory (a byte array, frame 0 the zero page), the swap device
 * and the file store (disk.h), the TLB (tlb.h), the page-table base
 * register and the walker; it implements struct pager_machine for the
 * pager and charges every step's cycles from latency.*.
 *
 * Translation (machine_translate, inline: the TLB-hit path is the hot
 * path of every run):
 *   - a TLB entry for (pid, page) that permits the access is a hit: cost
 *     tlb_hit. For a store it must permit writes and, in the hardware
 *     reference-bit mode, have its cached dirty bit set;
 *   - anything else is a miss: cost tlb_hit (the lookup; nothing when there
 *     is no TLB) + walk. The walker reads the current page-table entry; if
 *     it permits the access the TLB is filled (in hardware mode the walker
 *     first sets accessed, and dirty for a store) and the access proceeds;
 *     otherwise the MMU raises a fault (the caller calls the pager).
 * The caller charges `memory` for each piece that completes.
 */
#ifndef MMUSIM_SIM_MACHINE_H
#define MMUSIM_SIM_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "disk.h"
#include "pager.h"
#include "tlb.h"

/* Cycles by kind of step; the run's cycles are their sum. */
struct machine_cycles {
	uint64_t tlb;        /* tlb_hit per lookup */
	uint64_t walk;       /* walk per page-table walk */
	uint64_t memory;     /* memory per access piece completed */
	uint64_t fault;      /* fault per MMU fault raised */
	uint64_t disk_read;  /* disk_read per block read asked (also failed) */
	uint64_t disk_write; /* disk_write per block written */
	uint64_t zero_fill;  /* zero_fill per frame zero-filled */
	uint64_t copy;       /* copy per copy-on-write copy */
	uint64_t compute;    /* N per `compute N` */
};

struct machine {
	struct pager_machine iface;   /* handed to pager_create */
	uint8_t *physmem;             /* memory_pages * page_size bytes */
	uint32_t page_size, page_shift, memory_pages;
	uint64_t page_mask;           /* page_size - 1 */
	uint64_t arena_base;
	bool hardware;                /* ref_bits "hardware" */
	bool asid;                    /* tlb.asid: no flush on switch */
	struct latency_config latency;
	struct tlb tlb;
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
	uint64_t tlb_hits, tlb_misses, walks;
	/* Told every pager note after the machine has charged it. */
	void (*observe)(void *arg, const struct pager_note *note);
	void *observe_arg;
	/* Forwarded for OPT (NULL: the policy may not need it). */
	uint64_t (*next_use)(void *arg, pid_t pid, uint64_t vaddr);
	void *next_use_arg;
};

/*
 * Build the machine of `config`; file names resolve in `folder`. The
 * machine must not move afterwards (iface.ctx points at it). Returns 0, or
 * -1 with a reason in err.
 */
int machine_init(struct machine *m, const struct mmusim_config *config,
		 const char *folder, bool write_files, char *err,
		 size_t err_len);
void machine_fini(struct machine *m);

/* Read block `block` of `file` for the shadow's view of it: disk_read,
 * but a host failure is recorded as the pager's are (io_failure). */
int machine_read_block(struct machine *m, const char *file, uint64_t block,
		       uint8_t *out);

/* Why the run must stop: the machine's io_failure, else the pager's
 * pager_failure(); false when neither failed. `why` names the file (in
 * the trace's folder) and block, or the process and the memory. */
bool machine_failed(const struct machine *m, const struct pager *pager,
		    char *why, size_t why_len);

/* Slow half of machine_translate: count a miss, walk, fill the TLB. */
bool machine_walk(struct machine *m, int32_t pid, uint64_t vaddr, bool write,
		  uint32_t *frame);

/*
 * Translate one access piece of the current process `pid`: true with the
 * frame, or false when the MMU raises a fault (the entry does not permit
 * it, or there is none).
 */
/* The TLB alone: true (and charged) on a hit that allows the access;
 * false, with nothing counted, otherwise. */
static inline bool machine_tlb_hit(struct machine *m, int32_t pid,
				   uint64_t vaddr, bool write, uint32_t *frame)
{
	struct tlb_entry *e = tlb_find(&m->tlb, pid, vaddr >> m->page_shift);
	if (!e || (write && !(e->write && (e->dirty || !m->hardware))))
		return false;
	tlb_use(&m->tlb, e);
	m->tlb_hits++;
	m->cycles.tlb += m->latency.tlb_hit;
	*frame = e->ppage;
	return true;
}

static inline bool machine_translate(struct machine *m, int32_t pid,
				     uint64_t vaddr, bool write,
				     uint32_t *frame)
{
	return machine_tlb_hit(m, pid, vaddr, write, frame) ||
	       machine_walk(m, pid, vaddr, write, frame);
}

/* Bytes of frame `frame` at the page offset of vaddr. */
static inline uint8_t *machine_bytes(const struct machine *m, uint32_t frame,
				     uint64_t vaddr)
{
	return m->physmem + ((size_t)frame << m->page_shift) +
	       (vaddr & m->page_mask);
}

/* The context switch's TLB work: a full flush without ASIDs. */
void machine_switched(struct machine *m);
/* A process left: drop its TLB entries (with ASIDs a later process of the
 * same id must not hit them). */
void machine_process_gone(struct machine *m, int32_t pid);

static inline uint64_t machine_total_cycles(const struct machine *m)
{
	const struct machine_cycles *c = &m->cycles;
	return c->tlb + c->walk + c->memory + c->fault + c->disk_read +
	       c->disk_write + c->zero_fill + c->copy + c->compute;
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
