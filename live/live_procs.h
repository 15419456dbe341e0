/*
 * live/live_procs.h: the program's processes as the live pager knows them:
 * the pager's number for each (its pid, or 1, 2, ... with --stable-pids),
 * the socket it waits on, what is mapped in its address space now, and
 * the round-robin queue of those ready to run.
 */
#ifndef MMUSIM_LIVE_PROCS_H
#define MMUSIM_LIVE_PROCS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "live_proto.h"
#include "machine.h"

struct live_mapping {
	uint32_t ppage;
	uint8_t prot;       /* enum live_prot */
};

struct live_proc {
	pid_t real;          /* the host's pid */
	int32_t id;          /* the pager's pid */
	int socket;          /* -1 once gone */
	bool alive;          /* a process of the pager (not exited, not killed) */
	struct live_mapping mapped[LIVE_MAX_ARENA_PAGES];
};

struct live_procs {
	struct live_proc *procs;
	uint32_t count, cap;
	uint32_t *ready;     /* indices, oldest first */
	uint32_t ready_len;
};

void live_procs_init(struct live_procs *p);
void live_procs_fini(struct live_procs *p);
/* A new process (nothing mapped); returns its index. */
uint32_t live_procs_add(struct live_procs *p, pid_t real, int32_t id, int socket);
void live_procs_ready_push(struct live_procs *p, uint32_t index);
/* The oldest ready process, removed from the queue; UINT32_MAX: none. */
uint32_t live_procs_ready_pop(struct live_procs *p);
void live_procs_ready_remove(struct live_procs *p, uint32_t index);
/* The entries of `table` (valid of arena_pages) that differ from what is
 * mapped: written to changes (and taken as mapped); returns how many. */
uint32_t live_procs_diff(struct live_proc *proc, const struct pte *table, uint32_t valid,
		    uint32_t arena_pages, struct live_change *changes);

#endif
