/*
 * live/live_classic.h: the classic pager trace (../shared/spec/live.md,
 * "The pager trace"): the pager's calls and, each time the pager returns
 * to a process, the pages it can access. Variant A (older) and B (newer)
 * differ only in how a few lines place the pid and the arguments.
 */
#ifndef MMUSIM_LIVE_CLASSIC_H
#define MMUSIM_LIVE_CLASSIC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "machine.h"

struct classic_trace {
	FILE *out;     /* NULL: nothing is printed */
	bool newer;    /* variant B */
	uint32_t page_size;
	uint64_t arena_base;
};

void classic_started(const struct classic_trace *t, uint32_t memory_pages);
void classic_create(const struct classic_trace *t, long parent, long child, int rc);
void classic_switch(const struct classic_trace *t, long pid);
void classic_map(const struct classic_trace *t, long pid, uint64_t name, uint64_t block);
void classic_map_returned(const struct classic_trace *t, uint64_t addr);
void classic_fault(const struct classic_trace *t, long pid, uint64_t addr, bool write);
void classic_fault_returned(const struct classic_trace *t, int rc);
void classic_io(const struct classic_trace *t, bool write, const char *file, uint64_t block);
void classic_destroy(const struct classic_trace *t, long pid);
/* "returning to (PID) with pages:" and one line per page it may read. */
void classic_returning(const struct classic_trace *t, long pid, const struct pte *table,
		       uint32_t valid);

#endif
