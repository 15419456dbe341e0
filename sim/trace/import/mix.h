/*
 * sim/trace/import/mix.h: interleave single-process traces into one multiprogrammed
 * trace (`mmusim mix`; docs/trace-formats.md, "mix").
 *
 * Input i (from 0) becomes process i + 1. Inputs take turns round-robin,
 * in the order given; a turn lasts `quantum` accesses (r and w events,
 * sized or text) of its input, with everything between them (map,
 * compute) carried along. Each input starts at its first turn: its own
 * `start` (renumbered) is written then. A `switch` is written whenever
 * the next event belongs to another process than the last one. When an
 * input ends, its process exits (its own `exit`, or one added) and the
 * others go on; the mix ends with the last input.
 *
 * An input must be one process: it begins with `start` (expectations
 * kept), may `switch` to its own PID (dropped), and holds no `fork`, no
 * second `start` and nothing after its `exit`; otherwise the mix fails
 * with "INPUT:LINE: what is wrong". Output events are numbered 1, 2, ...
 * in their `line` field, the lines they have in the text form.
 */
#ifndef MMUSIM_SIM_MIX_H
#define MMUSIM_SIM_MIX_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"

/* A source of the mix of `count` inputs, which it owns from now on (all
 * closed by its close(), or at once if this fails). quantum >= 1. */
struct event_source *mix_open(struct event_source **inputs, int count, uint64_t quantum,
			      char *err, size_t err_len);

#endif
