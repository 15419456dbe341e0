/*
 * viz/session.c: stepping a run forward and back through checkpoints.
 */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "queues.h"
#include "run_checkpoint.h"
#include "trace_open.h"

#define FIRST_INTERVAL 1024
#define DEFAULT_BUDGET ((size_t)128 << 20)
#define MAX_CHECKPOINTS 4096

/* The notes of one event, with copies of the file names they mention. */
struct note_buffer {
	struct pager_note *notes;
	size_t *file_at;              /* offset in names, SIZE_MAX: no file */
	size_t count, cap;
	char *names;
	size_t names_len, names_cap;
	bool failed;                  /* out of memory: notes are missing */
};

struct viz_session {
	struct mmusim_config config;
	char *trace;
	struct run *run;
	uint64_t total;
	enum run_status status;
	bool recording;               /* collect notes into `pending` */
	struct note_buffer pending, shown;
	struct viz_queue_moves moves;  /* the shown event's, viz/queues.h */
	struct viz_step step;
	struct run_checkpoint **cps;  /* by position, cps[0] at 0 */
	size_t cp_count;
	uint64_t interval;
	size_t budget;
	bool checkpointing;
	char why_not[256];
	char error[512];              /* why the run stopped, "" while it runs */
	uint64_t replayed;
	double last_seek_ms;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ---- notes ---------------------------------------------------------------- */

static bool grow(void **buf, size_t *cap, size_t want, size_t size)
{
	if (want <= *cap)
		return true;
	size_t n = *cap ? *cap : 16;
	while (n < want)
		n *= 2;
	void *p = realloc(*buf, n * size);
	if (!p)
		return false;
	*buf = p;
	*cap = n;
	return true;
}

static void notes_push(struct note_buffer *b, const struct pager_note *note)
{
	size_t cap = b->cap;
	if (!grow((void **)&b->notes, &cap, b->count + 1, sizeof *b->notes) ||
	    !grow((void **)&b->file_at, &b->cap, cap, sizeof *b->file_at)) {
		b->failed = true;
		return;
	}
	b->file_at[b->count] = SIZE_MAX;
	if (note->file) {
		size_t len = strlen(note->file) + 1;
		if (!grow((void **)&b->names, &b->names_cap, b->names_len + len, 1)) {
			b->failed = true;
			return;
		}
		memcpy(b->names + b->names_len, note->file, len);
		b->file_at[b->count] = b->names_len;
		b->names_len += len;
	}
	b->notes[b->count++] = *note;
}

/* Point each note's file at the buffer's own copy (the pager's string may
 * be gone once the event is over). */
static void notes_settle(struct note_buffer *b)
{
	for (size_t i = 0; i < b->count; i++)
		b->notes[i].file =
			b->file_at[i] == SIZE_MAX ? NULL : b->names + b->file_at[i];
}

static void notes_clear(struct note_buffer *b)
{
	b->count = 0;
	b->names_len = 0;
	b->failed = false;
}

static void notes_free(struct note_buffer *b)
{
	free(b->notes);
	free(b->file_at);
	free(b->names);
}

static void on_note(void *ctx, const struct pager_note *note)
{
	struct viz_session *s = ctx;
	if (s->recording)
		notes_push(&s->pending, note);
}

/* ---- opening -------------------------------------------------------------- */

/* Read the trace once as the run will (text or binary, compressed or
 * not: run_options_default's TRACE_AUTO). */
static int count_events(const char *path, const struct mmusim_config *c,
			uint64_t *total, char *err, size_t err_len)
{
	struct event_source *src = trace_open(path, TRACE_AUTO, c->page_size,
					      c->arena_base, err, err_len);
	if (!src)
		return -1;
	struct trace_event *batch = malloc(1024 * sizeof *batch);
	if (!batch) {
		src->close(src);
		snprintf(err, err_len, "out of memory");
		return -1;
	}
	char why[512];
	int n;
	*total = 0;
	while ((n = src->fill(src, batch, 1024, why, sizeof why)) > 0)
		*total += (uint64_t)n;
	free(batch);
	src->close(src);
	/* A trace that breaks off is shown up to the bad line; the run stops
	 * there with the reader's message (viz_session_error). */
	return 0;
}

static struct run *open_run(struct viz_session *s, char *err, size_t err_len)
{
	struct run_options opt;
	run_options_default(&opt);
	opt.shadow = false;
	opt.on_note = on_note;
	opt.note_ctx = s;
	return run_open(&s->config, s->trace, &opt, err, err_len);
}

static void stop_checkpointing(struct viz_session *s, const char *why)
{
	snprintf(s->why_not, sizeof s->why_not, "%s", why);
	s->checkpointing = false;
	for (size_t i = 0; i < s->cp_count; i++)
		run_checkpoint_free(s->cps[i]);
	free(s->cps);
	s->cps = NULL;
	s->cp_count = 0;
}

static bool add_checkpoint(struct viz_session *s)
{
	char why[256];
	struct run_checkpoint *cp = run_checkpoint_take(s->run, why, sizeof why);
	struct run_checkpoint **grown =
		cp ? realloc(s->cps, (s->cp_count + 1) * sizeof *grown) : NULL;
	if (!grown) {
		run_checkpoint_free(cp);
		stop_checkpointing(s, cp ? "out of memory" : why);
		return false;
	}
	s->cps = grown;
	s->cps[s->cp_count++] = cp;
	return true;
}

static size_t checkpoint_bytes(const struct viz_session *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->cp_count; i++)
		n += run_checkpoint_bytes(s->cps[i]);
	return n;
}

/* Over budget: keep every other checkpoint (always the first), twice as
 * far apart from now on. */
static void thin_checkpoints(struct viz_session *s)
{
	while (s->cp_count > 2 &&
	       (checkpoint_bytes(s) > s->budget || s->cp_count > MAX_CHECKPOINTS)) {
		s->interval *= 2;
		size_t kept = 0;
		for (size_t i = 0; i < s->cp_count; i++) {
			if (run_checkpoint_events(s->cps[i]) % s->interval == 0)
				s->cps[kept++] = s->cps[i];
			else
				run_checkpoint_free(s->cps[i]);
		}
		s->cp_count = kept;
	}
}

static void maybe_checkpoint(struct viz_session *s)
{
	uint64_t pos = run_events(s->run);
	if (!s->checkpointing || s->status != RUN_STEPPED || pos % s->interval ||
	    pos <= run_checkpoint_events(s->cps[s->cp_count - 1]))
		return;
	if (add_checkpoint(s))
		thin_checkpoints(s);
}

struct viz_session *viz_session_open(const struct mmusim_config *config,
				     const char *trace_path, char *err,
				     size_t err_len)
{
	if (strcmp(trace_path, "-") == 0) {
		snprintf(err, err_len, "viz needs a trace file to go back in, "
			 "not standard input");
		return NULL;
	}
	/* it counts the events, then replays, then reads again to go back */
	if (trace_rereadable(trace_path, "viz reads it again to go back", err, err_len) != 0)
		return NULL;
	struct viz_session *s = calloc(1, sizeof *s);
	if (!s || !(s->trace = strdup(trace_path))) {
		free(s);
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	s->config = *config;
	s->interval = FIRST_INTERVAL;
	s->budget = DEFAULT_BUDGET;
	s->status = RUN_STEPPED;
	if (count_events(trace_path, config, &s->total, err, err_len) != 0 ||
	    !(s->run = open_run(s, err, err_len))) {
		viz_session_close(s);
		return NULL;
	}
	s->checkpointing = true;
	add_checkpoint(s);
	return s;
}

void viz_session_close(struct viz_session *s)
{
	if (!s)
		return;
	stop_checkpointing(s, "closed");
	run_close(s->run);
	notes_free(&s->pending);
	notes_free(&s->shown);
	viz_queue_moves_free(&s->moves);
	free(s->trace);
	free(s);
}

void viz_session_tune(struct viz_session *s, uint64_t interval, size_t budget)
{
	if (interval)
		s->interval = interval;
	if (budget)
		s->budget = budget;
	thin_checkpoints(s);
}

/* ---- stepping ------------------------------------------------------------- */

static void silent_forward(struct viz_session *s)
{
	s->recording = false;
	s->status = run_step(s->run, s->error, sizeof s->error);
	maybe_checkpoint(s);
}

/* after - before, field by field (struct pager_stats is all uint64_t). */
static void stats_delta(struct pager_stats *out, const struct pager_stats *after,
			const struct pager_stats *before)
{
	_Static_assert(sizeof *out % sizeof(uint64_t) == 0,
		       "pager_stats holds only uint64_t counters");
	uint64_t a[sizeof *out / sizeof(uint64_t)], b[sizeof a / sizeof a[0]];
	memcpy(a, after, sizeof a);
	memcpy(b, before, sizeof b);
	for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
		a[i] -= b[i];
	memcpy(out, a, sizeof a);
}

bool viz_session_forward(struct viz_session *s)
{
	if (s->status != RUN_STEPPED)
		return false;
	const struct run *r = s->run;
	uint64_t before = run_events(r);
	int32_t pid = run_current_pid(r);
	const struct machine *m = run_machine(r);
	uint64_t hits = m->tlb_hits, misses = m->tlb_misses;
	uint64_t cycles = machine_total_cycles(m);
	struct pager_stats stats = *pager_stats(run_pager(r));
	uint64_t level_hits[TLB_MAX_LEVELS] = {0}, level_misses[TLB_MAX_LEVELS];
	machine_tlb_levels(m, level_hits, level_misses);
	uint64_t pt_reads = m->mmu.stats.reads;

	notes_clear(&s->pending);
	viz_queue_moves_before(&s->moves, run_pager(r));
	s->recording = true;
	char err[sizeof s->step.error];
	s->status = run_step(s->run, err, sizeof err);
	s->recording = false;
	if (s->status != RUN_STEPPED)
		snprintf(s->error, sizeof s->error, "%s", err);
	if (run_events(r) == before)
		return false; /* the trace had ended, or could not be read on */

	struct note_buffer swap = s->shown;
	s->shown = s->pending;
	s->pending = swap;
	notes_settle(&s->shown);

	/* run_pager may have changed after a restore: read it again. */
	m = run_machine(r);
	const struct run_window *w = run_window(r);
	if (w->set && w->after_event == run_events(r)) {
		/* a reset (or --warmup's end) put every counter back to zero:
		 * what the event did before that is no longer counted */
		hits = m->tlb_hits, misses = m->tlb_misses;
		cycles = machine_total_cycles(m);
		stats = *pager_stats(run_pager(r));
	}
	struct viz_step *st = &s->step;
	const struct trace_event *e = run_last_event(r);
	*st = (struct viz_step){
		.valid = true,
		.number = run_events(r),
		.pid = pid,
		.status = s->status,
		.notes = s->shown.notes,
		.note_count = s->shown.count,
		.queue_moves = &s->moves,
		.tlb_hits = m->tlb_hits - hits,
		.tlb_misses = m->tlb_misses - misses,
		.cycles = machine_total_cycles(m) - cycles,
	};
	stats_delta(&st->counted, pager_stats(run_pager(r)), &stats);
	st->faults = st->counted.faults;
	uint32_t levels = machine_tlb_levels(m, st->tlb_level_hits, level_misses);
	for (uint32_t k = 0; k < levels; k++)
		st->tlb_level_hits[k] -= level_hits[k];
	st->pt_reads = m->mmu.stats.reads - pt_reads;
	if (e) {
		st->event = *e;
		if (e->text) {
			size_t n = e->arg < sizeof st->text ? (size_t)e->arg
							    : sizeof st->text;
			memcpy(st->text, e->text, n);
		}
		st->event.text = st->text;
	}
	if (s->status != RUN_STEPPED)
		snprintf(st->error, sizeof st->error, "%s", err);
	maybe_checkpoint(s);
	return true;
}

/* Put the run at a position <= target (the nearest checkpoint, or 0). */
static int rewind_to(struct viz_session *s, uint64_t target, char *err,
		     size_t err_len)
{
	if (s->checkpointing) {
		size_t i = s->cp_count - 1;
		while (i > 0 && run_checkpoint_events(s->cps[i]) > target)
			i--;
		if (run_checkpoint_restore(s->run, s->cps[i], err, err_len) != 0)
			return -1;
	} else {
		struct run *fresh = open_run(s, err, err_len);
		if (!fresh)
			return -1;
		run_close(s->run);
		s->run = fresh;
	}
	s->step.valid = false;
	s->status = RUN_STEPPED;
	s->error[0] = '\0';
	return 0;
}

int viz_session_seek(struct viz_session *s, uint64_t n, char *err,
		     size_t err_len)
{
	double t0 = now_ms();
	uint64_t pos = run_events(s->run);
	if (n == pos)
		return 0;
	if (n < pos && rewind_to(s, n ? n - 1 : 0, err, err_len) != 0)
		return -1;
	uint64_t from = run_events(s->run);
	while (run_events(s->run) + 1 < n && s->status == RUN_STEPPED)
		silent_forward(s);
	if (run_events(s->run) < n)
		viz_session_forward(s);
	uint64_t at = run_events(s->run);
	if (at > 0 && (!s->step.valid || s->step.number != at)) {
		/* The run stopped early, in a silent step: replay the last event
		 * again with its notes, so the picture can say what happened. */
		if (rewind_to(s, at - 1, err, err_len) != 0)
			return -1;
		from = run_events(s->run);
		while (run_events(s->run) + 1 < at)
			silent_forward(s);
		viz_session_forward(s);
	}
	s->replayed = run_events(s->run) - from;
	s->last_seek_ms = now_ms() - t0;
	return 0;
}

int viz_session_next_fault(struct viz_session *s, uint64_t max_events)
{
	for (uint64_t i = 0; i < max_events; i++) {
		if (!viz_session_forward(s))
			return -1;
		if (s->step.faults > 0)
			return 1;
		if (s->status != RUN_STEPPED)
			return -1;
	}
	return 0;
}

/* ---- looking -------------------------------------------------------------- */

uint64_t viz_session_position(const struct viz_session *s)
{
	return run_events(s->run);
}

uint64_t viz_session_total(const struct viz_session *s)
{
	return s->total;
}

enum run_status viz_session_status(const struct viz_session *s)
{
	return s->status;
}

const char *viz_session_error(const struct viz_session *s)
{
	return s->status == RUN_STEPPED || s->status == RUN_DONE ? "" : s->error;
}

const struct run *viz_session_run(const struct viz_session *s)
{
	return s->run;
}

const struct viz_step *viz_session_step(const struct viz_session *s)
{
	return &s->step;
}

const char *viz_session_trace(const struct viz_session *s)
{
	return s->trace;
}

const struct mmusim_config *viz_session_config(const struct viz_session *s)
{
	return &s->config;
}

void viz_session_stats(const struct viz_session *s,
		       struct viz_session_stats *out)
{
	*out = (struct viz_session_stats){
		.checkpoints = s->cp_count,
		.interval = s->interval,
		.bytes = checkpoint_bytes(s),
		.checkpointing = s->checkpointing,
		.replayed = s->replayed,
		.last_seek_ms = s->last_seek_ms,
	};
	snprintf(out->why_not, sizeof out->why_not, "%s", s->why_not);
}
