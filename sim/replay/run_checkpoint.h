/*
 * sim/replay/run_checkpoint.h: checkpoints of a step-wise run (sim/replay/run.h), so the
 * visualiser can go back in a trace quickly and deterministically
 * (docs/viz.md): restore the nearest checkpoint before the event wanted,
 * then replay forward from it.
 *
 * A checkpoint is the whole state between two events: the pager
 * (pager_clone), physical memory, the TLB, the disks (swap blocks and the
 * file overlay), the cycle counters and the run's own counters, and the
 * trace position (a number of events). Restoring reopens the trace with
 * the run's opener and skips to that position, so the trace file must not
 * change while the run is open.
 *
 * Restoring a checkpoint and replaying from it gives exactly the state a
 * replay from the start gives: same pager, memory, TLB, counters, cycles.
 */
#ifndef MMUSIM_SIM_RUN_CHECKPOINT_H
#define MMUSIM_SIM_RUN_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "run.h"

struct run_checkpoint;

/*
 * A checkpoint of `run` as it is now (between events). NULL with a reason
 * in err when the run cannot be checkpointed: it reads standard input,
 * keeps a shadow, a log or the trace's future (OPT), its policy cannot be
 * cloned, it has ended, or memory ran out.
 */
struct run_checkpoint *run_checkpoint_take(const struct run *run, char *err,
					   size_t err_len);

/*
 * Put `run` (the run the checkpoint was taken from) back in the
 * checkpoint's state; the checkpoint stays usable. 0, or -1 with a reason
 * in err and the run unchanged (the trace cannot be reopened or has become
 * shorter, memory ran out). Afterwards run_last_event is NULL until the
 * next run_step.
 */
int run_checkpoint_restore(struct run *run, const struct run_checkpoint *cp,
			   char *err, size_t err_len);

/* Events replayed when the checkpoint was taken. */
uint64_t run_checkpoint_events(const struct run_checkpoint *cp);
/* Bytes the checkpoint holds (approximate: the big arrays). */
size_t run_checkpoint_bytes(const struct run_checkpoint *cp);

void run_checkpoint_free(struct run_checkpoint *cp);

#endif
