/*
 * sim/machine/sim_machine.c: the machine's side of pager/machine.h, the walker,
 * the fault-and-retry loop of machine_access and the cost model
 * (docs/machine.md).
 */
#include "sim_machine.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A broken promise of the pager (a frame out of range, a write into the
 * zero page): not user input, so no recovery. */
static void contract_broken(const char *what, uint64_t value)
{
	fprintf(stderr, "mmusim: machine: %s (%" PRIu64 ")\n", what, value);
	abort();
}

static uint8_t *frame_or_die(struct machine *m, uint32_t frame)
{
	if (frame == 0 || frame >= m->memory_pages)
		contract_broken("block I/O with a frame that is not allocatable",
				frame);
	return m->physmem + ((size_t)frame << m->geo.shift);
}

static void io_failed(struct machine *m, bool write, const char *file,
		      uint64_t block, int err)
{
	if (m->io_failure.err)
		return;
	m->io_failure.err = err ? err : EIO;
	m->io_failure.write = write;
	m->io_failure.swap = !file;
	m->io_failure.block = block;
	snprintf(m->io_failure.file, sizeof m->io_failure.file, "%s", file ? file : "");
}

/* ---- data-less frames: what is known of their bytes (kept[]) ------------- */

static void kept_check_frame(const struct machine *m, uint32_t frame)
{
	if (frame == 0 || frame >= m->memory_pages)
		contract_broken("block I/O with a frame that is not allocatable",
				frame);
}

/* Frame f's bytes become unknown (NULL), zeroes (m->zeroes) or a copy of
 * `bytes`; false when out of memory for the copy. */
static bool kept_set(struct machine *m, uint32_t f, const uint8_t *bytes)
{
	uint8_t **slot = &m->kept[f];
	bool own = *slot && *slot != m->zeroes;
	if (!bytes || bytes == m->zeroes) {
		if (own)
			free(*slot);
		*slot = (uint8_t *)bytes;
		return true;
	}
	if (!own && !(*slot = malloc(m->geo.size)))
		return false;
	memmove(*slot, bytes, m->geo.size);
	return true;
}

void machine_store_kept(struct machine *m, uint32_t frame, uint64_t vaddr,
			const uint8_t *bytes, size_t len, bool text)
{
	if (m->kept[frame] == m->zeroes) {
		if (!text) { /* the store pattern is not kept: bytes unknown */
			m->kept[frame] = NULL;
			return;
		}
		uint8_t *page = calloc(1, m->geo.size);
		if (!page) { /* forgetting is always safe: a read then asks */
			m->kept[frame] = NULL;
			return;
		}
		m->kept[frame] = page;
	}
	memcpy(m->kept[frame] + (vaddr & m->geo.mask), bytes, len);
}

static const uint8_t *on_frame_bytes(void *ctx, uint32_t frame)
{
	struct machine *m = ctx;
	if (frame < m->memory_pages && m->kept[frame])
		return m->kept[frame];
	if (!m->data_needed) {
		m->data_needed = true;
		m->data_needed_frame = frame;
	}
	return m->zeroes; /* something readable; the run stops after the event */
}

static int kept_read(struct machine *m, const char *file, uint64_t block,
		     uint32_t frame)
{
	kept_check_frame(m, frame);
	enum disk_kept kind = DISK_KEPT_UNKNOWN;
	const uint8_t *bytes = NULL;
	int rc = disk_read_kept(m->disk, file, block, &kind, &bytes);
	if (rc != 0 || kind == DISK_KEPT_UNKNOWN)
		bytes = NULL;
	else if (kind == DISK_KEPT_ZEROES)
		bytes = m->zeroes;
	if (!kept_set(m, frame, bytes))
		kept_set(m, frame, NULL);
	return rc;
}

static int kept_write(struct machine *m, const char *file, uint64_t block,
		      uint32_t frame)
{
	kept_check_frame(m, frame);
	const uint8_t *bytes = m->kept[frame];
	enum disk_kept kind = !bytes ? DISK_KEPT_UNKNOWN
			      : bytes == m->zeroes ? DISK_KEPT_ZEROES : DISK_KEPT_BYTES;
	return disk_write_kept(m->disk, file, block, kind, bytes);
}

/* ---- pager/machine.h ------------------------------------------------------ */

static int on_block_read(void *ctx, const char *file, uint64_t block,
			 uint32_t frame)
{
	struct machine *m = ctx;
	machine_charge(&m->cycles.disk_read, m->latency.disk_read);
	int rc = m->kept ? kept_read(m, file, block, frame)
			 : disk_read(m->disk, file, block, frame_or_die(m, frame));
	if (rc == -2) {
		io_failed(m, false, file, block, errno);
		return PAGER_IO_FAILED;
	}
	return rc;
}

static int on_block_write(void *ctx, const char *file, uint64_t block,
			  uint32_t frame)
{
	struct machine *m = ctx;
	machine_charge(&m->cycles.disk_write, m->latency.disk_write);
	int rc = m->kept ? kept_write(m, file, block, frame)
			 : disk_write(m->disk, file, block, frame_or_die(m, frame));
	if (rc != 0)
		io_failed(m, true, file, block, errno);
	return rc;
}

int machine_read_block(struct machine *m, const char *file, uint64_t block,
		       uint8_t *out)
{
	int rc = disk_read(m->disk, file, block, out);
	if (rc == -2)
		io_failed(m, false, file, block, errno);
	return rc;
}

bool machine_failed(const struct machine *m, const struct pager *pager,
		    char *why, size_t why_len)
{
	const struct pager_failure *pf = pager_failure(pager);
	if (m->io_failure.err) {
		const char *folder = disk_folder(m->disk);
		char where[512];
		if (m->io_failure.swap)
			snprintf(where, sizeof where, "swap block %" PRIu64, m->io_failure.block);
		else
			snprintf(where, sizeof where, "block %" PRIu64 " of %s%s%s",
				 m->io_failure.block,
				 strcmp(folder, ".") == 0 ? "" : folder,
				 strcmp(folder, ".") == 0 || strcmp(folder, "/") == 0 ? "" : "/",
				 m->io_failure.file);
		snprintf(why, why_len, "%s %s failed: %s; %s", m->io_failure.write ?
			 "writing back" : "reading", where, strerror(m->io_failure.err),
			 m->io_failure.write ? "the page's data is lost, the run stops"
					     : "the run stops");
		return true;
	}
	if (pf->kind == PAGER_OUT_OF_MEMORY) {
		static const char *const table[] = {
			[PAGER_NEEDED_PAGE_TABLE] = "the page table of process %d (%" PRIu64 " entries)",
			[PAGER_NEEDED_OBJECTS] = "the pager's objects, at a call of process %d (%" PRIu64
						 " objects)",
			[PAGER_NEEDED_FILE_NAMES] = "the file cache, at a call of process %d (%" PRIu64
						    " entries)",
		};
		char what[160];
		snprintf(what, sizeof what, table[pf->needed], (int)pf->pid, pf->count);
		snprintf(why, why_len, "out of memory for %s; the run stops", what);
		return true;
	}
	if (pf->kind != PAGER_FINE) { /* the pager saw a failure the machine did not report */
		snprintf(why, why_len, "%s block %" PRIu64 " of %s failed; the run stops",
			 pf->kind == PAGER_WRITE_FAILED ? "writing back" : "reading",
			 pf->block, pf->file ? pf->file : "swap");
		return true;
	}
	return false;
}

static void on_set_page_table(void *ctx, struct pte *table, uint32_t count)
{
	struct machine *m = ctx;
	m->page_table = table;
	m->page_table_len = table ? count : 0;
}

static void on_tlb_invalidate(void *ctx, pid_t pid, uint64_t vaddr)
{
	struct machine *m = ctx;
	tlb_invalidate(&m->tlb, pid, vaddr >> m->geo.shift);
	for (uint32_t i = 0; i + 1 < m->tlb_levels; i++)
		tlb_invalidate(&m->lower[i], pid, vaddr >> m->geo.shift);
}

static void on_note(void *ctx, const struct pager_note *note)
{
	struct machine *m = ctx;
	if (note->kind == NOTE_ZERO_FILL) {
		machine_charge(&m->cycles.zero_fill, m->latency.zero_fill);
		if (m->kept)
			kept_set(m, note->frame, m->zeroes);
	} else if (note->kind == NOTE_COPY) {
		machine_charge(&m->cycles.copy, m->latency.copy);
		/* from UINT32_MAX: the read before it set the frame */
		if (m->kept && note->from != UINT32_MAX &&
		    !kept_set(m, note->frame, m->kept[note->from]))
			kept_set(m, note->frame, NULL);
	}
	if (m->observe)
		m->observe(m->observe_arg, note);
}

static uint64_t on_next_use(void *ctx, pid_t pid, uint64_t vaddr)
{
	struct machine *m = ctx;
	return m->next_use ? m->next_use(m->next_use_arg, pid, vaddr)
			   : UINT64_MAX;
}

/* Physical memory: the bytes (zeroes), or (data-less) what is known of
 * them: the zero page holds zeroes; every other frame is filled before
 * any page uses it, so it starts unknown (a table of NULLs the kernel
 * maps only where written). */
static int memory_init(struct machine *m, const struct mmusim_config *c,
		       bool dataless, char *err, size_t err_len)
{
	size_t frames = c->memory_pages ? c->memory_pages : 1;
	if (!dataless) {
		m->physmem = calloc(frames, c->page_size);
	} else if ((m->zeroes = calloc(1, c->page_size)) &&
		   (m->kept = calloc(frames, sizeof *m->kept))) {
		m->kept[0] = m->zeroes;
	}
	if (m->physmem || m->kept)
		return 0;
	if (dataless)
		snprintf(err, err_len,
			 "memory_pages: cannot allocate the table of %u frames",
			 c->memory_pages);
	else
		snprintf(err, err_len,
			 "memory_pages: cannot allocate %u pages of %u bytes",
			 c->memory_pages, c->page_size);
	return -1;
}

int machine_init(struct machine *m, const struct mmusim_config *c,
		 const char *folder, unsigned flags, char *err,
		 size_t err_len)
{
	memset(m, 0, sizeof *m);
	bool write_files = flags & MACHINE_WRITE_FILES;
	bool dataless = flags & MACHINE_DATALESS;
	if (write_files && dataless) {
		snprintf(err, err_len, "writing the files needs the pages' data: "
			 "not with a data-less replay");
		return -1;
	}
	if (config_geometry(c, &m->geo, err, err_len) != 0)
		return -1;
	m->memory_pages = c->memory_pages;
	m->hardware = c->hardware_ref_bits;
	m->asid = c->tlb.asid;
	m->latency = c->latency;
	if (tlb_init(&m->tlb, c->tlb.entries, c->tlb.ways, err, err_len) != 0)
		return -1;
	m->tlb_levels = 1;
	if (c->tlb.level_count) {
		m->latency.tlb_hit = c->tlb.levels[0].latency;
		for (uint32_t i = 1; i < c->tlb.level_count; i++) {
			const struct tlb_level_config *l = &c->tlb.levels[i];
			if (tlb_init(&m->lower[i - 1], l->entries, l->ways, err,
				     err_len) != 0) {
				machine_fini(m);
				return -1;
			}
			m->lower_latency[i - 1] = l->latency;
			m->tlb_levels = i + 1;
		}
	}
	if (mmu_init(&m->mmu, c, &m->geo,
		     (uint64_t)c->memory_pages * c->page_size, err, err_len) != 0) {
		machine_fini(m);
		return -1;
	}
	if (memory_init(m, c, dataless, err, err_len) != 0) {
		machine_fini(m);
		return -1;
	}
	m->disk = disk_create(c->page_size, c->swap_blocks, folder, write_files,
			      err, err_len);
	if (!m->disk) {
		machine_fini(m);
		return -1;
	}
	m->iface = (struct pager_machine){
		.ctx = m,
		.physmem = m->physmem,
		.frame_bytes = on_frame_bytes,
		.block_read = on_block_read,
		.block_write = on_block_write,
		.set_page_table = on_set_page_table,
		.tlb_invalidate = on_tlb_invalidate,
		.note = on_note,
		.next_use = on_next_use,
	};
	return 0;
}

void machine_fini(struct machine *m)
{
	tlb_fini(&m->tlb);
	for (uint32_t i = 0; i + 1 < TLB_MAX_LEVELS; i++)
		tlb_fini(&m->lower[i]);
	mmu_fini(&m->mmu);
	disk_destroy(m->disk);
	free(m->physmem);
	for (uint32_t f = 0; m->kept && f < m->memory_pages; f++)
		if (m->kept[f] != m->zeroes)
			free(m->kept[f]);
	free(m->kept);
	free(m->zeroes);
	memset(m, 0, sizeof *m);
}

void machine_attach(struct machine *m, struct pager *pager)
{
	m->pager = pager;
	m->wants_accesses = pager && pager_wants_accesses(pager);
}

/* After a miss in level 1: the lower TLB levels in order, each charged
 * its latency. A hit that permits the access fills the levels above it
 * (inclusive) and gives the frame. */
static bool lower_hit(struct machine *m, int32_t pid, uint64_t vpn, bool write,
		      uint32_t *frame)
{
	for (uint32_t k = 0; k + 1 < m->tlb_levels; k++) {
		struct tlb *t = &m->lower[k];
		machine_charge(&m->cycles.tlb, m->lower_latency[k]);
		struct tlb_entry *e = tlb_find(t, pid, vpn);
		if (!e || (write && !(e->write && (e->dirty || !m->hardware)))) {
			m->lower_misses[k]++;
			continue;
		}
		tlb_use(t, e);
		m->lower_hits[k]++;
		struct tlb_entry hit = *e;
		tlb_fill(&m->tlb, pid, vpn, hit.ppage, hit.write, hit.dirty);
		for (uint32_t j = 0; j < k; j++)
			tlb_fill(&m->lower[j], pid, vpn, hit.ppage, hit.write, hit.dirty);
		*frame = hit.ppage;
		return true;
	}
	return false;
}

/* A miss in level 1: the lower TLB levels, else count a miss, walk the
 * current page table and, when the entry permits the access, fill every
 * TLB level. False: the MMU raises a fault. */
static bool walk(struct machine *m, int32_t pid, uint64_t vaddr, bool write,
		 uint32_t *frame)
{
	if (m->tlb.entries)
		machine_charge(&m->cycles.tlb, m->latency.tlb_hit);
	if (m->tlb_levels > 1 &&
	    lower_hit(m, pid, vaddr >> m->geo.shift, write, frame)) {
		m->tlb_hits++;
		return true;
	}
	m->tlb_misses++;
	m->walks++;
	uint32_t vpn;
	bool mapped = m->page_table &&
		      machine_vpn(m, vaddr, m->page_table_len, &vpn);
	if (m->mmu.levels) {
		/* each entry read and each cache looked up has its price
		 * (docs/machine.md); at most MMU_MAX_LEVELS of each, so the
		 * products of latencies <= LATENCY_MAX do not wrap */
		uint32_t reads = 0;
		bool reached = false;
		if (m->page_table) {
			reached = mmu_walk(&m->mmu, pid, vaddr, mapped, &reads);
			machine_charge(&m->cycles.pwc, m->mmu.last_pwc_lookups *
				       m->latency.pwc);
		} else {  /* no process, no table: nothing to read */
			m->mmu.stats.walks++;
			m->mmu.stats.walks_by_reads[0]++;
			m->mmu.stats.pwc_misses++;
		}
		machine_charge(&m->cycles.walk, reads * m->latency.pte_read);
		if (!reached)
			return false;
	} else {
		machine_charge(&m->cycles.walk, m->latency.walk);
	}
	if (!mapped)
		return false;
	struct pte *pte = &m->page_table[vpn];
	if (!pte_permits(pte, write))
		return false;
	if (pte->ppage >= m->memory_pages || (write && pte->ppage == 0))
		contract_broken("page-table entry with a bad frame", pte->ppage);
	if (m->hardware) {
		pte->accessed = 1;
		if (write)
			pte->dirty = 1;
	}
	tlb_fill(&m->tlb, pid, vaddr >> m->geo.shift, pte->ppage,
		 pte->write_enable, pte->dirty);
	for (uint32_t i = 0; i + 1 < m->tlb_levels; i++)
		tlb_fill(&m->lower[i], pid, vaddr >> m->geo.shift, pte->ppage,
			 pte->write_enable, pte->dirty);
	*frame = pte->ppage;
	return true;
}

enum machine_result machine_access_miss(struct machine *m, int32_t pid,
					uint64_t vaddr, bool write,
					uint32_t *frame)
{
	/* One call of walk, so that it is inlined here (a call on every
	 * TLB miss costs the miss-heavy replay), and after a fault the
	 * retry walks: the first-level TLB missed before the fault
	 * (machine_access_miss's precondition) and a fault only takes
	 * entries out of it (tlb_invalidate), so looking it up again would
	 * miss (and a miss counts nothing). */
	for (int faults = 0;; faults++) {
		if (walk(m, pid, vaddr, write, frame)) {
			if (faults == 0)
				machine_completed(m, *frame, write);
			else  /* a faulting piece is already seen by the
			       * pager: no pager_accessed */
				machine_charge(&m->cycles.memory, m->latency.memory);
			return MACHINE_OK;
		}
		if (faults == MACHINE_MAX_FAULTS)
			return MACHINE_STUCK;
		m->faults++;
		machine_charge(&m->cycles.fault, m->latency.fault);
		if (pager_fault(m->pager, vaddr, write) != 0) {
			m->faults_invalid++;
			return MACHINE_SEGV;
		}
	}
}

bool machine_compute(struct machine *m, uint64_t cycles)
{
	/* every other charge is small (latency.* <= LATENCY_MAX): only
	 * compute can take the total near 2^64 */
	uint64_t total = machine_total_cycles(m);
	if (total > UINT64_MAX / 2 || cycles > UINT64_MAX / 2 - total)
		return false;
	machine_charge(&m->cycles.compute, cycles);
	return true;
}

void machine_reset_counters(struct machine *m)
{
	m->cycles = (struct machine_cycles){0};
	m->tlb_hits = m->tlb_misses = m->walks = 0;
	m->faults = m->faults_invalid = 0;
	memset(m->lower_hits, 0, sizeof m->lower_hits);
	memset(m->lower_misses, 0, sizeof m->lower_misses);
	m->mmu.stats = (struct mmu_stats){0};
}

void machine_switched(struct machine *m)
{
	if (!m->asid) {
		tlb_flush(&m->tlb);
		for (uint32_t i = 0; i + 1 < m->tlb_levels; i++)
			tlb_flush(&m->lower[i]);
		mmu_flush_pwc(&m->mmu);
	}
}

void machine_process_gone(struct machine *m, int32_t pid)
{
	tlb_flush_pid(&m->tlb, pid);
	for (uint32_t i = 0; i + 1 < m->tlb_levels; i++)
		tlb_flush_pid(&m->lower[i], pid);
	mmu_forget(&m->mmu, pid);
}

static bool check_entry(const struct machine *m, const struct pager *pager,
			const struct tlb_entry *e, char *err, size_t err_len)
{
	uint64_t vaddr = e->vpn << m->geo.shift;
	uint32_t valid = 0, vpn = 0;
	const struct pte *table = pager_page_table(pager, e->pid, &valid);
	const char *why = NULL;
	const struct pte *pte = NULL;
	if (!table)
		why = "its process does not exist";
	else if (!machine_vpn(m, vaddr, valid, &vpn))
		why = "its page is not valid";
	else
		pte = &table[vpn];
	if (pte && !why) {
		struct frame_view fv;
		pager_frame_view(pager, pte->ppage, &fv);
		if (pte->ppage != e->ppage)
			why = "the frame differs";
		else if (!pte->read_enable)
			why = "the page table forbids reads";
		else if (pte->write_enable != e->write)
			why = "the write permission differs";
		else if (m->hardware && e->dirty && !pte->dirty && !fv.dirty)
			why = "it caches a dirty bit that neither the entry nor "
			      "the frame holds";
	}
	if (!why)
		return true;
	snprintf(err, err_len,
		 "TLB entry pid %d va 0x%" PRIx64 " -> frame %u (%s) "
		 "disagrees with the page table: %s",
		 e->pid, vaddr, e->ppage, e->write ? "rw" : "r", why);
	return false;
}

bool machine_check_tlb(const struct machine *m, const struct pager *pager,
		       char *err, size_t err_len)
{
	for (uint32_t i = 0; i < m->tlb.entries; i++) {
		const struct tlb_entry *e = &m->tlb.slots[i];
		if (e->stamp && !check_entry(m, pager, e, err, err_len))
			return false;
	}
	for (uint32_t k = 0; k + 1 < m->tlb_levels; k++)
		for (uint32_t i = 0; i < m->lower[k].entries; i++) {
			const struct tlb_entry *e = &m->lower[k].slots[i];
			if (e->stamp && !check_entry(m, pager, e, err, err_len))
				return false;
		}
	return true;
}

bool machine_check(const struct machine *m, const struct pager *pager,
		   char *err, size_t err_len)
{
	if (!machine_check_tlb(m, pager, err, err_len))
		return false;
	const uint8_t *zero = m->physmem ? m->physmem : m->kept[0];
	for (uint32_t i = 0; i < m->geo.size; i++)
		if (!zero || zero[i]) {
			snprintf(err, err_len,
				 "the zero page holds 0x%02x at offset %u",
				 zero ? zero[i] : 0xff, i);
			return false;
		}
	return true;
}
