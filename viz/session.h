/*
 * viz/session.h: the visualiser's hold on one run (docs/viz.md).
 *
 * A session replays a trace event by event (sim/replay/run.h) and can go to any
 * event, backwards too: it keeps checkpoints of the run
 * (sim/replay/run_checkpoint.h) every `interval` events, restores the nearest one
 * before the event wanted and replays from there. When the run cannot be
 * checkpointed (a policy without clone, OPT's future) it replays from the
 * start instead. Either way the state at event N is exactly the state a
 * plain `mmusim run` has after N events.
 *
 * The position is the number of events replayed (0: nothing yet). For the
 * event that led to the current position the session keeps a copy of the
 * event, the pager's notes in order and what the machine counted meanwhile:
 * everything the narration and the animation need.
 *
 * The run is replayed without the shadow memory (checkpoints do not copy
 * it); the visualiser only looks, through the read-only views.
 */
#ifndef MMUSIM_VIZ_SESSION_H
#define MMUSIM_VIZ_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "run.h"

/* The event that led to the current position, and what it caused. */
struct viz_queue_moves;

struct viz_step {
	bool valid;                   /* false at position 0 */
	uint64_t number;              /* 1-based: the position it led to */
	struct trace_event event;     /* event.text points at text below */
	uint8_t text[64];             /* the first bytes of a text access */
	int32_t pid;                  /* the running process when it began */
	enum run_status status;       /* RUN_STEPPED, or how the run ended */
	char error[512];              /* what went wrong, when it did */
	const struct pager_note *notes; /* in order; file names owned here */
	size_t note_count;
	/* The policy's queues before the event (viz/queues.h). */
	const struct viz_queue_moves *queue_moves;
	/* What the machine and the pager counted during the event. */
	uint64_t tlb_hits, tlb_misses, faults, cycles;
	struct pager_stats counted;
	/* The TLB levels' hits and the walks' page-table reads (the walk
	 * panel, viz/walk.h). */
	uint64_t tlb_level_hits[TLB_MAX_LEVELS], pt_reads;
};

struct viz_session_stats {
	size_t checkpoints;           /* held now */
	uint64_t interval;            /* events between two checkpoints */
	size_t bytes;                 /* memory the checkpoints hold */
	bool checkpointing;           /* false: going back replays from 0 */
	char why_not[256];            /* when not checkpointing */
	uint64_t replayed;            /* events replayed by the last seek */
	double last_seek_ms;          /* wall time of the last seek */
};

struct viz_session;

/* NULL with err set: the trace cannot be opened or read to its end
 * (counting), the configuration is refused. */
struct viz_session *viz_session_open(const struct mmusim_config *config,
				     const char *trace_path, char *err,
				     size_t err_len);
void viz_session_close(struct viz_session *session);

/* Override the checkpoint spacing and memory budget (tests, benchmark):
 * checkpoints every `interval` events (0: automatic, from 1024, doubling
 * when more than the budget would be held), at most `budget` bytes. */
void viz_session_tune(struct viz_session *session, uint64_t interval,
		      size_t budget);

uint64_t viz_session_position(const struct viz_session *session);
/* Events in the trace (counted when opening). */
uint64_t viz_session_total(const struct viz_session *session);
/* RUN_STEPPED while events remain; RUN_DONE at the end; a failure stops
 * the run at the event that failed (or before a line that cannot be
 * read). */
enum run_status viz_session_status(const struct viz_session *session);
/* Why the run stopped ("FILE:LINE: what"), "" while it runs or at its end. */
const char *viz_session_error(const struct viz_session *session);

/* One event forward. true: the position advanced (possibly to a failure);
 * false: the run had already ended. */
bool viz_session_forward(struct viz_session *session);
/* Go to position n (clamped to where the run ends). 0, or -1 with err
 * when the trace cannot be reread. */
int viz_session_seek(struct viz_session *session, uint64_t n, char *err,
		     size_t err_len);
/* Forward until an event raises a fault, at most `max_events` events.
 * 1: stopped just after a faulting event; 0: none yet (call again);
 * -1: the run ended first. */
int viz_session_next_fault(struct viz_session *session, uint64_t max_events);

const struct run *viz_session_run(const struct viz_session *session);
const struct viz_step *viz_session_step(const struct viz_session *session);
const char *viz_session_trace(const struct viz_session *session);
const struct mmusim_config *viz_session_config(const struct viz_session *s);
void viz_session_stats(const struct viz_session *session,
		       struct viz_session_stats *out);

#endif
