/*
 * sim/machine/tlb.h: the translation lookaside buffer (docs/machine.md).
 *
 * `entries` entries in sets of `ways` (0: one fully associative set), true
 * LRU within a set (a use stamp per entry; the victim is an invalid entry,
 * lowest index first, else the least recently used). Entries are tagged
 * with the process id; without ASIDs the machine flushes the whole TLB on
 * every switch, so the tag only ever holds the running process.
 *
 * An entry caches what the walker read: the frame, write permission and,
 * in the hardware reference-bit mode, whether the page-table entry's dirty
 * bit was already set. An entry always permits reads: the walker fills the
 * TLB only after a translation succeeded, and the MMU never allows
 * write-only pages.
 *
 * entries == 0 means no TLB: lookups always miss and fills do nothing.
 * Lookup is O(ways) with a one-entry shortcut for the last hit; a TLB
 * with more than TLB_HASH_WAYS ways (a large fully associative one) also
 * keeps a hash from (pid, vpn) to its valid entry, so that a lookup is
 * O(1): the same entries, stamps and victims as the scan, only faster
 * (issue 12). Nothing allocates after tlb_init.
 */
#ifndef MMUSIM_SIM_TLB_H
#define MMUSIM_SIM_TLB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tlb_entry {
	uint64_t vpn;         /* virtual page number: vaddr >> page_shift */
	uint64_t stamp;       /* last use, for LRU; 0 = invalid entry */
	int32_t pid;          /* address space tag */
	uint32_t ppage;       /* physical page */
	uint8_t write;        /* stores allowed */
	uint8_t dirty;        /* hardware mode: the pte's dirty bit was set */
};

/* Sets wider than this get the hash (a scan of up to 16 entries is as
 * quick as a probe). */
#define TLB_HASH_WAYS 16

struct tlb {
	struct tlb_entry *slots; /* sets * ways entries, set s at s * ways */
	/* Open addressing, linear probing: slot index + 1 of each valid
	 * entry, 0 empty; NULL when ways <= TLB_HASH_WAYS. */
	uint32_t *hash;
	uint32_t hash_mask;      /* hash size (a power of two >= 2 entries) - 1 */
	struct tlb_entry *last;  /* last entry hit or filled, or NULL */
	uint32_t entries, ways, sets;
	uint32_t set_mask;       /* sets - 1 when sets is a power of two */
	bool sets_pow2;
	uint64_t clock;          /* use stamps; only grows */
};

/*
 * entries 0 (no TLB) or ways dividing entries (0 = fully associative).
 * Returns 0, or -1 with a reason in err.
 */
int tlb_init(struct tlb *tlb, uint32_t entries, uint32_t ways, char *err,
	     size_t err_len);
void tlb_fini(struct tlb *tlb);

static inline uint32_t tlb_set_of(const struct tlb *tlb, uint64_t vpn)
{
	if (tlb->sets_pow2)
		return (uint32_t)(vpn & tlb->set_mask);
	return (uint32_t)(vpn % tlb->sets);
}

/* Where (pid, vpn) starts probing in the hash. */
static inline uint32_t tlb_hash_home(const struct tlb *tlb, int32_t pid,
				     uint64_t vpn)
{
	uint64_t h = (vpn ^ ((uint64_t)(uint32_t)pid << 40)) *
		     UINT64_C(0x9E3779B97F4A7C15);
	return (uint32_t)(h >> 32) & tlb->hash_mask;
}

/* The valid entry for (pid, vpn), or NULL. Does not count as a use. */
static inline struct tlb_entry *tlb_find(const struct tlb *tlb, int32_t pid,
					 uint64_t vpn)
{
	struct tlb_entry *e = tlb->last;
	if (e && e->vpn == vpn && e->pid == pid && e->stamp)
		return e;
	if (tlb->entries == 0)
		return NULL;
	if (tlb->hash) {
		for (uint32_t i = tlb_hash_home(tlb, pid, vpn);; i = (i + 1) & tlb->hash_mask) {
			uint32_t s = tlb->hash[i];
			if (!s)
				return NULL;
			e = &tlb->slots[s - 1];
			if (e->vpn == vpn && e->pid == pid)
				return e;
		}
	}
	e = tlb->slots + (size_t)tlb_set_of(tlb, vpn) * tlb->ways;
	for (uint32_t w = 0; w < tlb->ways; w++, e++)
		if (e->vpn == vpn && e->pid == pid && e->stamp)
			return e;
	return NULL;
}

/* Record a use of `e` (a hit): it becomes its set's most recent entry. */
static inline void tlb_use(struct tlb *tlb, struct tlb_entry *e)
{
	e->stamp = ++tlb->clock;
	tlb->last = e;
}

/* Install a translation after a walk: replaces the entry for (pid, vpn)
 * if there is one, else the set's victim. A use. Returns the entry (NULL
 * when there is no TLB). Inline below: every walk fills, and a call here
 * cost the miss-heavy replay 2-3 ns an access (docs/performance.md). */
static inline struct tlb_entry *tlb_fill(struct tlb *tlb, int32_t pid,
					 uint64_t vpn, uint32_t ppage,
					 bool write, bool dirty);

/* Drop the entry for (pid, vpn), if any. */
void tlb_invalidate(struct tlb *tlb, int32_t pid, uint64_t vpn);
/* Drop every entry of pid. */
void tlb_flush_pid(struct tlb *tlb, int32_t pid);
/* Drop every entry. */
void tlb_flush(struct tlb *tlb);

/* Rebuild the hash from the valid entries (after the slots were copied
 * in: a checkpoint's restore). */
void tlb_rehash(struct tlb *tlb);

/* Valid entries now held (tests, the visualiser). */
uint32_t tlb_valid_count(const struct tlb *tlb);

/* The invariants, for tests: every valid entry lies in its key's set (and
 * in the hash, where there is one), no (pid, vpn) is held twice, the valid
 * stamps of a set differ and none is past the clock, and the hash holds
 * exactly the valid entries. */
bool tlb_check(const struct tlb *tlb);

/* ---- the fill's mechanism ---- */

/* The entry a fill of vpn replaces: the one already holding (pid, vpn),
 * else the first invalid one, else the least recently used. That is the
 * least stamp, the first on a tie (invalid entries' stamps are 0, valid
 * ones' differ), found without a branch on the stamps: their order is
 * random in a TLB-missing run, so a branch on them is mispredicted. The
 * key is compared first: it rarely matches, so a way costs one branch. */
static inline struct tlb_entry *tlb_victim(struct tlb *tlb, int32_t pid,
					   uint64_t vpn)
{
	struct tlb_entry *set =
		tlb->slots + (size_t)tlb_set_of(tlb, vpn) * tlb->ways;
	struct tlb_entry *best = set, *end = set + tlb->ways;
	uint64_t least = UINT64_MAX;
	for (struct tlb_entry *e = set; e < end; e++) {
		if (e->vpn == vpn && e->pid == pid && e->stamp)
			return e;
		bool less = e->stamp < least;
		best = less ? e : best;
		least = less ? e->stamp : least;
	}
	return best;
}

/* Entry e now translates (pid, vpn); a use. */
static inline void tlb_set(struct tlb *tlb, struct tlb_entry *e, int32_t pid,
			   uint64_t vpn, uint32_t ppage, bool write, bool dirty)
{
	e->vpn = vpn;
	e->pid = pid;
	e->ppage = ppage;
	e->write = write;
	e->dirty = dirty;
	tlb_use(tlb, e);
}

/* tlb_fill of a TLB with the hash, which it keeps. */
struct tlb_entry *tlb_fill_hashed(struct tlb *tlb, int32_t pid, uint64_t vpn,
				  uint32_t ppage, bool write, bool dirty);

static inline struct tlb_entry *tlb_fill(struct tlb *tlb, int32_t pid,
					 uint64_t vpn, uint32_t ppage,
					 bool write, bool dirty)
{
	if (tlb->entries == 0)
		return NULL;
	if (tlb->hash)
		return tlb_fill_hashed(tlb, pid, vpn, ppage, write, dirty);
	struct tlb_entry *e = tlb_victim(tlb, pid, vpn);
	tlb_set(tlb, e, pid, vpn, ppage, write, dirty);
	return e;
}

#endif
