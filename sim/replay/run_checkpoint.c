/*
 * sim/replay/run_checkpoint.c: copy a run's state out and back in. The pager
 * copies itself (pager_clone); the machine's parts are copied here field by
 * field; the trace position is restored by reopening the trace and
 * skipping the events already replayed.
 */
#include "run_checkpoint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disk.h"
#include "run_impl.h"

/* What a restore puts back into struct machine (the rest is configuration,
 * identical for every state of one run). */
struct machine_state {
	uint8_t *physmem;             /* memory_pages * page_size bytes */
	struct tlb_entry *tlb_slots;  /* tlb.entries entries */
	size_t tlb_last;              /* index of tlb.last, SIZE_MAX: NULL */
	uint64_t tlb_clock;
	struct disk *disk;
	struct machine_cycles cycles;
	uint64_t tlb_hits, tlb_misses, walks, faults, faults_invalid;
};

struct run_checkpoint {
	struct pager *pager;          /* never run: cloned again on restore */
	struct machine_state machine;
	int32_t current;
	uint64_t events;
	uint64_t reads, writes, killed;
	bool started;
	struct run_window window;
	size_t bytes;
};

static size_t physmem_bytes(const struct machine *m)
{
	return (size_t)m->memory_pages << m->geo.shift;
}

/* Why this run cannot be checkpointed, or NULL. */
static const char *not_checkpointable(const struct run *r)
{
	if (r->final != RUN_STEPPED)
		return "the run has ended";
	if (strcmp(r->path, "-") == 0)
		return "the trace is standard input, which cannot be reread";
	if (r->shadow)
		return "the run keeps a shadow memory (use no shadow)";
	if (r->logging)
		return "the run writes a log";
	if (!r->machine.physmem)
		return "the run is data-less (it keeps no page bytes)";
	if (r->machine.mmu.levels || r->machine.tlb_levels > 1)
		return "the machine has a multi-level page table or TLB "
		       "(checkpoints do not hold them)";
	return NULL;
}

static int machine_save(const struct machine *m, struct machine_state *s)
{
	size_t bytes = physmem_bytes(m);
	size_t slots = (size_t)m->tlb.entries * sizeof *m->tlb.slots;
	*s = (struct machine_state){
		.physmem = malloc(bytes),
		.tlb_slots = malloc(slots ? slots : 1),
		.tlb_last = m->tlb.last ? (size_t)(m->tlb.last - m->tlb.slots)
					: SIZE_MAX,
		.tlb_clock = m->tlb.clock,
		.disk = disk_clone(m->disk),
		.cycles = m->cycles,
		.tlb_hits = m->tlb_hits,
		.tlb_misses = m->tlb_misses,
		.walks = m->walks,
		.faults = m->faults,
		.faults_invalid = m->faults_invalid,
	};
	if (!s->physmem || !s->tlb_slots || !s->disk)
		return -1;
	memcpy(s->physmem, m->physmem, bytes);
	if (slots)
		memcpy(s->tlb_slots, m->tlb.slots, slots);
	return 0;
}

static void machine_state_free(struct machine_state *s)
{
	free(s->physmem);
	free(s->tlb_slots);
	disk_destroy(s->disk);
}

struct run_checkpoint *run_checkpoint_take(const struct run *r, char *err,
					   size_t err_len)
{
	const char *why = not_checkpointable(r);
	if (why) {
		snprintf(err, err_len, "checkpoint: %s", why);
		return NULL;
	}
	struct run_checkpoint *cp = calloc(1, sizeof *cp);
	if (!cp) {
		snprintf(err, err_len, "checkpoint: out of memory");
		return NULL;
	}
	cp->pager = pager_clone(r->pager, &r->machine.iface);
	if (!cp->pager) {
		snprintf(err, err_len, "checkpoint: policy %s cannot be cloned",
			 r->config.policy);
		free(cp);
		return NULL;
	}
	if (machine_save(&r->machine, &cp->machine) != 0) {
		snprintf(err, err_len, "checkpoint: out of memory");
		run_checkpoint_free(cp);
		return NULL;
	}
	cp->current = r->current;
	cp->events = r->events;
	cp->reads = r->reads;
	cp->writes = r->writes;
	cp->killed = r->killed;
	cp->started = r->started;
	cp->window = r->window;
	cp->bytes = sizeof *cp + physmem_bytes(&r->machine) +
		    (size_t)r->machine.tlb.entries * sizeof(struct tlb_entry) +
		    disk_swap_bytes(cp->machine.disk) + pager_clone_bytes(cp->pager);
	return cp;
}

/* The trace reopened and read up to event `events`: the source and the
 * batch holding the next event. */
struct position {
	struct event_source *src;
	int batch_len, batch_pos;
};

static int reopen_at(const struct run *r, uint64_t events,
		     struct trace_event *batch, struct position *pos,
		     char *err, size_t err_len)
{
	*pos = (struct position){.src = run_reopen(r, err, err_len)};
	if (!pos->src)
		return -1;
	for (uint64_t skipped = 0; skipped < events;) {
		int n = pos->src->fill(pos->src, batch, BATCH, err, err_len);
		if (n <= 0) {
			if (n == 0)
				snprintf(err, err_len,
					 "%s: the trace has become shorter "
					 "than %llu events",
					 r->path, (unsigned long long)events);
			pos->src->close(pos->src);
			return -1;
		}
		if (events - skipped < (uint64_t)n) {
			pos->batch_len = n;
			pos->batch_pos = (int)(events - skipped);
			return 0;
		}
		skipped += (uint64_t)n;
	}
	return 0; /* the batch is empty: the next step fills it */
}

static void machine_load(struct machine *m, const struct machine_state *s,
			 struct disk *disk)
{
	memcpy(m->physmem, s->physmem, physmem_bytes(m));
	if (m->tlb.entries)
		memcpy(m->tlb.slots, s->tlb_slots,
		       (size_t)m->tlb.entries * sizeof *m->tlb.slots);
	m->tlb.last = s->tlb_last == SIZE_MAX ? NULL : m->tlb.slots + s->tlb_last;
	m->tlb.clock = s->tlb_clock;
	tlb_rehash(&m->tlb);
	disk_destroy(m->disk);
	m->disk = disk;
	m->cycles = s->cycles;
	m->tlb_hits = s->tlb_hits;
	m->tlb_misses = s->tlb_misses;
	m->walks = s->walks;
	m->faults = s->faults;
	m->faults_invalid = s->faults_invalid;
}

int run_checkpoint_restore(struct run *r, const struct run_checkpoint *cp,
			   char *err, size_t err_len)
{
	/* Everything that can fail first, into a separate batch, so a failure
	 * leaves the run as it was. */
	struct trace_event *batch = malloc(sizeof r->batch);
	struct disk *disk = disk_clone(cp->machine.disk);
	struct pager *pager = pager_clone(cp->pager, &r->machine.iface);
	struct position pos = {0};
	if (!batch || !disk || !pager ||
	    reopen_at(r, cp->events, batch, &pos, err, err_len) != 0) {
		if (!batch || !disk || !pager)
			snprintf(err, err_len, "checkpoint: out of memory");
		free(batch);
		disk_destroy(disk);
		if (pager)
			pager_destroy(pager);
		return -1;
	}
	r->src->close(r->src);
	r->src = pos.src;
	memcpy(r->batch, batch, sizeof r->batch);
	free(batch);
	r->batch_len = pos.batch_len;
	r->batch_pos = pos.batch_pos;
	pager_destroy(r->pager);
	r->pager = pager;
	machine_load(&r->machine, &cp->machine, disk);
	machine_attach(&r->machine, r->pager);
	pager_switch(r->pager, pager_current(r->pager));
	r->current = cp->current;
	r->events = cp->events;
	r->reads = cp->reads;
	r->writes = cp->writes;
	r->killed = cp->killed;
	r->started = cp->started;
	r->window = cp->window;
	r->last = NULL;
	r->final = RUN_STEPPED;
	r->final_err[0] = '\0';
	return 0;
}

uint64_t run_checkpoint_events(const struct run_checkpoint *cp)
{
	return cp->events;
}

size_t run_checkpoint_bytes(const struct run_checkpoint *cp)
{
	return cp->bytes;
}

void run_checkpoint_free(struct run_checkpoint *cp)
{
	if (!cp)
		return;
	if (cp->pager)
		pager_destroy(cp->pager);
	machine_state_free(&cp->machine);
	free(cp);
}
