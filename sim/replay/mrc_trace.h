/*
 * sim/replay/mrc_trace.h: a trace as the reference string mrc.h works on
 * (docs/mrc.md, "What counts as a reference").
 *
 * Every load and store is one reference per page it covers, in address
 * order, as the machine splits it: `r ADDR SIZE`, `w ADDR SIZE`,
 * `r ADDR "TEXT"` (TEXT's bytes), `w ADDR "TEXT"` (and the NUL). Reads and
 * writes count alike. A page is (pid, arena page): the process of the last
 * `switch` (or of the trace's first `start`, until a `switch`), and
 * (addr - arena_base) / page_size. Processes never share a page: a forked
 * child's pages are its own (no copy-on-write sharing), and an `exit`
 * frees nothing (its pages are never referenced again, so they sink).
 * Accesses expected to fail (`=> segv`) are no references; any other
 * access below arena_base, or with no current process, is an error.
 * `map`, `start`, `fork`, `compute` are no references. Pages are numbered
 * 0, 1, ... in the order of their first reference. `discard ADDR` gives
 * the page a new id (its next reference is a first one). A `reset` sets
 * counted_from: only the references after it are counted, as a replay
 * counts only its measurement window.
 *
 * For an imported page list (`--from pages`) the references counted are
 * exactly the list: the importer's own store of the data file's name comes
 * before its `reset`.
 */
#ifndef MMUSIM_SIM_MRC_TRACE_H
#define MMUSIM_SIM_MRC_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"

struct mrc_refs {
	uint32_t *refs;       /* page ids, count of them */
	size_t count;
	uint32_t pages;       /* distinct pages */
	size_t counted_from;  /* refs before it are before the last `reset` */
};

/* Read `src` to its end (not closed). 0, or -1 with "FILE:LINE: what" in
 * err (a trace error, out of memory, more than 2^32 - 2 references). */
int mrc_refs_read(struct event_source *src, uint32_t page_size,
		  uint64_t arena_base, struct mrc_refs *out, char *err,
		  size_t err_len);

void mrc_refs_free(struct mrc_refs *r);

#endif
