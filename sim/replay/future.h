/*
 * sim/replay/future.h: the trace's future, for the OPT policy (machine.next_use).
 *
 * A pre-pass over the whole trace records, for every (pid, arena page),
 * the numbers of the events that access it (events are numbered from 0 in
 * trace order, every line that is an event counting one). An access
 * belongs to the process of the last `switch`, or of the trace's first
 * `start` (none after `exit`); a
 * multi-page access uses every arena page it covers up to the first page
 * outside the arena. Accesses are the trace's loads and stores only: the
 * pager's reads of a `map file` name are not uses. The pre-pass cannot
 * know which accesses will be killed, so it counts them all.
 *
 * This is the one structure that grows with the trace (8 bytes per page
 * access, and 8 per event for the next use of its first page); it is built
 * only when the policy needs the future.
 */
#ifndef MMUSIM_SIM_FUTURE_H
#define MMUSIM_SIM_FUTURE_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "page_geometry.h"

struct future;

/* Read `src` to its end (it is not closed); pages are those of the run's
 * geometry. NULL with err set on a trace error or when out of memory. */
struct future *future_build(struct event_source *src,
			    const struct page_geometry *geometry, char *err,
			    size_t err_len);
void future_destroy(struct future *future);

/* The first event after `now` that accesses the page of vaddr in pid,
 * UINT64_MAX when there is none. O(log uses of that page); the future is
 * not changed, so `now` may go back (checkpoints). */
uint64_t future_next_use(struct future *future, int32_t pid, uint64_t vaddr,
			 uint64_t now);

/* future_next_use(pid, vaddr, event) when the page of vaddr in pid is the
 * first page that `event` accesses (the replay's question about the access
 * it is replaying): one array read. Any other page: future_next_use. */
uint64_t future_next_use_of_event(const struct future *future, uint64_t event,
				  int32_t pid, uint64_t vaddr);

#endif
