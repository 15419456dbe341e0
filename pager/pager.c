/*
 * pager/pager.c: the pager instance and process lifetime (vm_create,
 * vm_switch, vm_destroy). Fork and exit cost O(pages of the process).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pager_impl.h"

/* Asked by the policy as it scans: a yes is a frame passed over. */
static bool probe_pinned(void *ctx, uint32_t f)
{
	struct pager *p = ctx;
	if (!p->frames[f].pinned)
		return false;
	note(p, &(struct pager_note){ .kind = NOTE_PIN_SKIP, .frame = f });
	return true;
}

static bool probe_test_and_clear(void *ctx, uint32_t f)
{
	return frame_test_and_clear_referenced(ctx, f);
}

static bool probe_referenced(void *ctx, uint32_t f)
{
	return frame_referenced(ctx, f);
}

static bool probe_dirty(void *ctx, uint32_t f)
{
	return frame_dirty(ctx, f);
}

static uint64_t probe_next_use(void *ctx, uint32_t f)
{
	return frame_next_use(ctx, f);
}

/* The page key (policy.h): the frame's object, a swap page or the file
 * cache's (file, block); it lives while the page does, in memory or not. */
static uint64_t probe_page_key(void *ctx, uint32_t f)
{
	struct pager *p = ctx;
	return p->frames[f].object;
}

static uint64_t probe_incoming_key(void *ctx)
{
	struct pager *p = ctx;
	return p->taking_for == NONE ? POLICY_KEY_NONE : p->taking_for;
}

static const char *config_error(const struct pager_config *c, const struct pager_machine *m)
{
	if (c->memory_pages < 3)
		return "memory_pages must be at least 3";
	struct page_geometry g;
	enum page_geometry_error bad = page_geometry_init(&g, c->page_size, c->arena_base,
							  c->arena_pages);
	if (bad != PAGE_GEOMETRY_OK)
		return page_geometry_error_text(bad);
	if ((!m->physmem && !m->frame_bytes) || !m->block_read || !m->block_write || !m->set_page_table || !m->tlb_invalidate)
		return "the machine lacks physmem (or frame_bytes), block I/O, set_page_table or tlb_invalidate";
	if (c->policy_setting_count > POLICY_MAX_SETTINGS)
		return "too many policy_params";
	if (c->policy && c->policy->needs_future && !m->next_use)
		return "this policy needs the trace's future (machine.next_use)";
	return NULL;
}

struct pager *pager_create(const struct pager_config *config, const struct pager_machine *machine,
			   char *err, size_t err_len)
{
	const char *why = config_error(config, machine);
	if (why) {
		snprintf(err, err_len, "%s", why);
		return NULL;
	}
	struct pager *p = calloc(1, sizeof *p);
	if (!p) {
		snprintf(err, err_len, "out of memory for the pager");
		return NULL;
	}
	p->config = *config;
	p->machine = *machine;
	page_geometry_init(&p->geo, config->page_size, config->arena_base, config->arena_pages);
	p->policy = config->policy ? config->policy : policy_find("clock");
	p->config.policy = p->policy;
	p->current = p->proc_free = p->object_free = p->name_free = p->taking_for = NONE;
	p->frames = malloc(sizeof *p->frames * config->memory_pages);
	if (!p->frames || !idset_init(&p->free_frames, config->memory_pages)) {
		snprintf(err, err_len, "memory_pages: out of memory for %u frames", config->memory_pages);
		free(p->frames);
		free(p);
		return NULL;
	}
	p->block_object = malloc(sizeof *p->block_object * (config->swap_blocks ? config->swap_blocks : 1));
	if (!p->block_object || !idset_init(&p->free_blocks, config->swap_blocks)) {
		snprintf(err, err_len, "swap_blocks: out of memory for %u blocks", config->swap_blocks);
		free(p->block_object);
		free(p->frames);
		idset_free(&p->free_frames);
		free(p);
		return NULL;
	}
	p->policy_state = p->policy->create(&(struct policy_params){
		.frames = config->memory_pages, .seed = config->seed,
		.hardware_ref_bits = config->hardware_ref_bits,
		.settings = config->policy_settings, .setting_count = config->policy_setting_count });
	if (p->policy->next_use_changed) {
		p->sole_mapping = malloc(sizeof *p->sole_mapping * config->memory_pages);
		MMUSIM_CHECK(p->sole_mapping, "pager_create: out of memory for %u frames",
			     config->memory_pages);
		for (uint32_t f = 0; f < config->memory_pages; f++)
			p->sole_mapping[f] = (struct mapref){ NONE, NONE };
	}
	p->probe = (struct victim_probe){
		.ctx = p, .pinned = probe_pinned, .test_and_clear_referenced = probe_test_and_clear,
		.referenced = probe_referenced, .dirty = probe_dirty, .next_use = probe_next_use,
		.page_key = probe_page_key, .incoming_key = probe_incoming_key,
	};
	for (uint32_t f = 0; f < config->memory_pages; f++) {
		p->frames[f] = (struct frame){ .object = NONE };
		if (f > 0)
			idset_add(&p->free_frames, f);
	}
	if (p->machine.physmem) /* the pinned zero page */
		memset(frame_bytes(p, 0), 0, config->page_size);
	for (uint32_t b = 0; b < config->swap_blocks; b++) {
		idset_add(&p->free_blocks, b);
		p->block_object[b] = NONE;
	}
	p->machine.set_page_table(p->machine.ctx, NULL, 0);
	return p;
}

void pager_destroy(struct pager *p)
{
	if (!p)
		return;
	p->policy->destroy(p->policy_state);
	procs_destroy(p);
	filecache_destroy(p);
	free(p->objects);
	free(p->frames);
	free(p->block_object);
	idset_free(&p->free_frames);
	idset_free(&p->free_blocks);
	free(p->failed_file);
	free(p->touched_objects.ids);
	free(p->touched_frames.ids);
	free(p->sole_mapping);
	free(p);
}

void pager_fail_io(struct pager *p, enum pager_failure_kind kind, const char *file, uint64_t block)
{
	if (p->failure.kind != PAGER_FINE)
		return;
	/* the name is copied: the file cache may forget it right after */
	p->failed_file = file ? strdup(file) : NULL;
	p->failure = (struct pager_failure){
		.kind = kind, .file = file ? (p->failed_file ? p->failed_file : "?") : NULL,
		.block = block, .pid = -1,
	};
}

void pager_fail_memory(struct pager *p, pid_t pid, enum pager_memory_need needed,
		       uint64_t count)
{
	if (p->failure.kind == PAGER_FINE)
		p->failure = (struct pager_failure){ .kind = PAGER_OUT_OF_MEMORY, .pid = pid,
						     .needed = needed, .count = count };
}

const struct pager_failure *pager_failure(const struct pager *p)
{
	return &p->failure;
}

/* The child maps every object the parent maps, in the same pages. */
static void copy_arena(struct pager *p, uint32_t parent, uint32_t child)
{
	uint32_t pages = proc_at(p, parent)->valid_pages;
	for (uint32_t vpn = 0; vpn < pages; vpn++)
		object_link(p, proc_at(p, parent)->vpages[vpn].object, child, vpn);
	proc_at(p, child)->valid_pages = pages;
	proc_at(p, child)->swap_pages = proc_at(p, parent)->swap_pages;
	for (uint32_t vpn = 0; vpn < pages; vpn++) {
		pte_sync_one(p, parent, vpn); /* a shared page loses write access */
		pte_sync_one(p, child, vpn);
	}
}

int pager_fork(struct pager *p, pid_t parent, pid_t child)
{
	uint32_t from = procs_lookup(p, parent);
	bool ok = child >= 0 && procs_lookup(p, child) == NONE &&
		  (from == NONE || swap_reserve(p, proc_at(p, from)->swap_pages));
	if (!ok) {
		p->stats.creates_failed++;
		return -1;
	}
	uint32_t slot = procs_add(p, child, from == NONE ? 0 : proc_at(p, from)->valid_pages);
	if (slot == NONE) { /* no memory: pager_failure() says so; not the spec's -1 */
		if (from != NONE)
			swap_unreserve(p, proc_at(p, from)->swap_pages);
		return -1;
	}
	if (from != NONE)
		copy_arena(p, from, slot);
	if (p->current != NONE) /* the table array may have moved */
		p->machine.set_page_table(p->machine.ctx, proc_at(p, p->current)->ptes,
					  proc_at(p, p->current)->page_cap);
	p->stats.creates_ok++;
	return 0;
}

void pager_switch(struct pager *p, pid_t pid)
{
	p->current = procs_lookup(p, pid);
	if (p->current == NONE)
		p->machine.set_page_table(p->machine.ctx, NULL, 0);
	else
		p->machine.set_page_table(p->machine.ctx, proc_at(p, p->current)->ptes,
					  proc_at(p, p->current)->page_cap);
}

/* Release one mapping of an exiting process. */
static void unmap_page(struct pager *p, uint32_t slot, uint32_t vpn)
{
	uint32_t id = proc_at(p, slot)->vpages[vpn].object;
	pte_clear(p, slot, vpn);
	object_unlink(p, slot, vpn);
	struct object *o = &p->objects[id];
	if (o->kind == OBJ_SWAP) {
		swap_unreserve(p, 1);
		if (!object_mapped(o))
			swap_object_drop(p, id);
		else if (!object_shared(p, o))
			pte_sync_object(p, id); /* the last sharer may write again */
	} else if (!object_mapped(o) && o->state != OBJ_RESIDENT) {
		filecache_forget(p, id);
	}
}

void pager_exit(struct pager *p)
{
	uint32_t slot = p->current;
	if (slot == NONE)
		return;
	for (uint32_t vpn = 0; vpn < proc_at(p, slot)->valid_pages; vpn++)
		unmap_page(p, slot, vpn);
	procs_remove(p, slot);
	p->current = NONE;
	p->machine.set_page_table(p->machine.ctx, NULL, 0);
}

int pager_fault(struct pager *p, uint64_t vaddr, bool write)
{
	uint32_t slot = p->current;
	enum fault_result result = FAULT_INVALID;
	uint64_t vpn;
	p->stats.faults++;
	if (slot != NONE && page_geometry_vpn(&p->geo, vaddr, &vpn))
		result = fault_resolve(p, slot, (uint32_t)vpn, write, &vaddr);
	else
		note(p, &(struct pager_note){ .kind = NOTE_FAULT, .cause = CAUSE_INVALID, .write = write,
					       .vaddr = vaddr, .pid = pager_current(p) });
	if (result == FAULT_OUT_OF_MEMORY) /* not the trace's fault: the run stops (failure) */
		return -1;
	if (result != FAULT_OK) {
		p->stats.faults_invalid++;
		return -1;
	}
	return 0;
}

void pager_accessed(struct pager *p, uint32_t frame, bool write)
{
	if (p->policy->wants_accesses && frame > 0 && frame < p->config.memory_pages &&
	    p->frames[frame].object != NONE) {
		p->policy->accessed(p->policy_state, frame, write);
		frame_next_use_changed(p, frame);
	}
}

bool pager_wants_accesses(const struct pager *p)
{
	return p->policy->wants_accesses;
}

void pager_will_use(struct pager *p, uint64_t vaddr)
{
	uint64_t vpn;
	if (!p->policy->next_use_changed || p->current == NONE ||
	    !page_geometry_vpn(&p->geo, vaddr, &vpn) || vpn >= proc_at(p, p->current)->valid_pages)
		return;
	const struct object *o = &p->objects[proc_at(p, p->current)->vpages[vpn].object];
	if (o->state == OBJ_RESIDENT)
		frame_next_use_changed(p, o->frame);
}

bool pager_reads_future(const struct pager *p)
{
	return p->policy->next_use_changed != NULL;
}

const struct pager_stats *pager_stats(const struct pager *p)
{
	return &p->stats;
}

const struct pager_config *pager_config(const struct pager *p)
{
	return &p->config;
}

pid_t pager_current(const struct pager *p)
{
	return p->current == NONE ? -1 : proc_at(p, p->current)->pid;
}

bool pager_alive(const struct pager *p, pid_t pid)
{
	return procs_lookup(p, pid) != NONE;
}
