/*
 * sim/replay/run_impl.h: the replay's state, shared by run.c (the replay) and
 * run_checkpoint.c (checkpoints of it). Nothing else includes this.
 * A field that changes from one event to the next must also be saved and
 * restored by run_checkpoint.c (tests/viz/test_checkpoint.c compares).
 */
#ifndef MMUSIM_SIM_RUN_IMPL_H
#define MMUSIM_SIM_RUN_IMPL_H

#include "future.h"
#include "log.h"
#include "run.h"
#include "shadow.h"

#define BATCH 1024

struct run {
	struct mmusim_config config;
	struct run_options opt;
	char *path;                   /* as given */
	struct event_source *src;
	struct trace_event batch[BATCH];
	int batch_len, batch_pos;
	struct machine machine;       /* must not move: the pager points at it */
	struct pager *pager;
	struct shadow *shadow;        /* NULL: --no-shadow */
	struct future *future;        /* NULL unless the policy needs it */
	struct run_log log;
	bool logging;
	bool dataless;                /* the machine keeps no page bytes */
	bool needed_data;             /* ... and the trace needed them: the
				       * run stopped (run_trace may retry) */
	int32_t current;              /* running pid, -1: none */
	char gone[256];               /* how the last process left, for errors */
	uint64_t events;              /* events replayed; the current one's number */
	uint64_t reads, writes, killed;
	bool started;                 /* a process was created (creates_ok resets) */
	struct run_window window;     /* where measurement starts */
	uint8_t *scratch;             /* bytes of the access being replayed */
	size_t scratch_cap;
	char *name;                   /* a `map file` name, for the shadow */
	size_t name_cap;
	const struct trace_event *last;
	bool replaying;               /* inside replay() of `last`, event `events` */
	enum run_status final;        /* RUN_STEPPED until the run ends */
	char final_err[1024];
};

/* The trace opened (again) from its start, in the run's format. */
struct event_source *run_reopen(const struct run *r, char *err, size_t err_len);

#endif
