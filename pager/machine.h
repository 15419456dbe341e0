/*
 * pager/machine.h: everything the pager needs of a machine, and nothing more.
 *
 * The pager is the machine-independent half of the VM system (as NetBSD UVM
 * is over pmap): it sees physical memory, block I/O, the page-table base
 * register and a TLB-invalidate operation, exactly what a real kernel sees.
 * sim/ implements this interface; tests implement it with a fake.
 */
#ifndef MMUSIM_PAGER_MACHINE_H
#define MMUSIM_PAGER_MACHINE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * One page-table entry, in the format the page-table walker reads.
 * Written only by the pager (pte.c), except accessed/dirty, which the
 * machine sets in the hardware reference-bit mode.
 */
struct pte {
	uint32_t ppage;       /* physical page number */
	uint8_t read_enable;  /* loads allowed */
	uint8_t write_enable; /* stores allowed; never set without read_enable */
	uint8_t accessed;     /* hardware mode: set by the walker on a use */
	uint8_t dirty;        /* hardware mode: set on the first write */
};

/* What the pager reports as it works, for logs, costs and the visualiser. */
enum pager_note_kind {
	NOTE_FAULT,       /* a fault was classified: cause, pid, vaddr, write */
	NOTE_ZERO_FILL,   /* frame filled with zeroes */
	NOTE_COPY,        /* copy-on-write: frame `from` copied into `frame` */
	NOTE_READ,        /* block read into frame (file NULL = swap) */
	NOTE_WRITE,       /* frame written to block (file NULL = swap) */
	NOTE_EVICT,       /* frame's page removed from memory (dirty or not) */
	NOTE_REF_CLEAR,   /* replacement cleared a frame's referenced bit */
	NOTE_PIN_SKIP,    /* replacement passed over a pinned frame */
	NOTE_FREE,        /* frame freed without eviction (its last user left) */
};

enum fault_cause {
	CAUSE_INVALID,    /* outside the arena or in an invalid page */
	CAUSE_ZERO_FILL,  /* first write to a fresh page */
	CAUSE_READ_IN,    /* page not resident: read from file or swap */
	CAUSE_REFERENCE,  /* resident, referenced bit was clear */
	CAUSE_DIRTY,      /* resident, first write since fill or write-back */
	CAUSE_COW,        /* write to a page shared copy-on-write */
	CAUSE_NONE,       /* nothing to do: the entry already allowed it */
};

struct pager_note {
	enum pager_note_kind kind;
	enum fault_cause cause; /* NOTE_FAULT */
	pid_t pid;              /* NOTE_FAULT */
	uint64_t vaddr;         /* NOTE_FAULT */
	bool write;             /* NOTE_FAULT */
	bool dirty;             /* NOTE_EVICT: was written back */
	bool failed;            /* NOTE_READ: the block could not be read */
	uint32_t frame;         /* every note but NOTE_FAULT */
	uint32_t from;          /* NOTE_COPY: source frame, UINT32_MAX = read from
	                         * the source's swap block (NOTE_READ before) */
	const char *file;       /* NOTE_READ, NOTE_WRITE: NULL = swap */
	uint64_t block;         /* NOTE_READ, NOTE_WRITE */
};

/* block_read's answer when the device failed (not the file's fault). */
#define PAGER_IO_FAILED (-2)

struct pager_machine {
	void *ctx;
	/*
	 * memory_pages * page_size bytes; frame f starts at f * page_size.
	 * NULL for a data-less machine (docs/machine.md, "Data-less replay"):
	 * the pager then moves no byte (a zero-fill or a copy is only its
	 * note, NOTE_ZERO_FILL or NOTE_COPY, which the machine follows) and
	 * reads a `map file` name through frame_bytes.
	 */
	uint8_t *physmem;
	/*
	 * Required when physmem is NULL, unused otherwise: the page_size bytes
	 * of frame `frame` as the pager must read them (a `map file` name).
	 * Never NULL: a machine that does not hold the bytes records that it
	 * was asked and answers something readable.
	 */
	const uint8_t *(*frame_bytes)(void *ctx, uint32_t frame);
	/*
	 * Move one block between the device and frame `frame`. `file` NULL is
	 * the swap device.
	 *
	 * block_read returns 0; -1 when the block cannot be read (a missing or
	 * forbidden file: the faulting access is invalid, as the spec says);
	 * or PAGER_IO_FAILED when the device itself failed (an I/O error of
	 * the host). A read past a file's end fills zeroes and succeeds.
	 *
	 * block_write returns 0, or anything else when the block could not be
	 * written (a read-only file, a full or failing disk): the page's data
	 * is lost.
	 *
	 * After a device failure (PAGER_IO_FAILED, or any failed write) the
	 * pager finishes the step it was in, so its own tables stay
	 * consistent, records the first such failure (pager_failure() in
	 * pager.h) and from then on its word about that page's data is
	 * worthless: the machine must stop the run without a report.
	 */
	int (*block_read)(void *ctx, const char *file, uint64_t block, uint32_t frame);
	int (*block_write)(void *ctx, const char *file, uint64_t block, uint32_t frame);
	/* Page-table base register: `count` entries for arena pages
	 * 0..count-1 (entries past the process's valid pages are empty, and
	 * pages past `count` are not valid); NULL when no process runs. The
	 * pager calls it again whenever the current table moves or grows. */
	void (*set_page_table)(void *ctx, struct pte *table, uint32_t count);
	/* Drop any TLB entry for `vaddr` in address space `pid`. */
	void (*tlb_invalidate)(void *ctx, pid_t pid, uint64_t vaddr);
	/* Optional (may be NULL): told every step, in order. */
	void (*note)(void *ctx, const struct pager_note *note);
	/* Optional, for OPT: time of the next use of (pid, vaddr's page) after
	 * the current event, UINT64_MAX for never. */
	uint64_t (*next_use)(void *ctx, pid_t pid, uint64_t vaddr);
};

#endif
