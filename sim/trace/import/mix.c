/*
 * sim/trace/import/mix.c: the round-robin interleaver (rules in mix.h).
 *
 * Each input keeps its own batch of events; step() looks at the next
 * event of the input whose turn it is and queues what the mix writes for
 * it (a switch first when needed). Text events point into their input's
 * batch, so an input whose text is in the current output batch is not
 * refilled before the output batch ends.
 */
#include "mix.h"
#include "event_check.h"
#include "import.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { INPUT_BATCH = 1024, QUEUE_MAX = 3, MESSAGE_MAX = 512 };

struct mix_input {
	struct event_source *src;
	struct trace_event *batch;
	int count, pos;
	int32_t pid;          /* its own PID, once started */
	bool started, exited, done;
	bool text_out;        /* text of this batch is in the output batch */
	bool first_turn_done; /* its set-up turn is over (mix.h) */
	/* The importers' data file name, where the input stored it (maps
	 * naming that address read its blocks, moved by block_offset). */
	bool name_known;
	uint64_t name_addr;
	uint64_t block_offset;  /* the mix's high water mark when it started */
};

struct mix_source {
	struct event_source base;   /* first */
	struct mix_input *inputs;
	int count;
	uint64_t quantum, turn_left;
	int turn;                   /* whose turn it is; -1 before the first */
	int32_t current;            /* process of the last event written; 0: unknown */
	uint32_t line;              /* events written so far */
	struct trace_event queue[QUEUE_MAX];
	int queued, taken;
	bool setup_phase;           /* every input's first turn not over yet */
	bool any_reset;             /* a first turn ended at its input's reset */
	uint64_t blocks_used;       /* data file blocks 0 .. blocks_used-1 are taken */
	bool ended, failed;
	char message[MESSAGE_MAX];
};

enum step { STEP_MORE, STEP_END_BATCH, STEP_FAILED };

static enum step fail(struct mix_source *s, const struct mix_input *in,
		      const struct trace_event *ev, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum step fail(struct mix_source *s, const struct mix_input *in,
		      const struct trace_event *ev, const char *fmt, ...)
{
	char what[MESSAGE_MAX / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(s->message, sizeof s->message, "%s:%" PRIu32 ": %s", in->src->path,
		 ev->line, what);
	s->failed = true;
	return STEP_FAILED;
}

static int32_t pid_of(const struct mix_source *s, const struct mix_input *in)
{
	return (int32_t)(in - s->inputs) + 1;
}

static void push(struct mix_source *s, struct trace_event ev)
{
	s->queue[s->queued++] = ev;
}

/* Queue a switch to in's process unless it is the current one. */
static void push_switch_to(struct mix_source *s, const struct mix_input *in)
{
	int32_t pid = pid_of(s, in);

	if (s->current != pid)
		push(s, (struct trace_event){ .op = EV_SWITCH, .pid = pid });
	s->current = pid;
}

/* Once every input has had its first turn, the measurement of the mix
 * starts: one reset, if any input ended its first turn at its own. */
static void end_setup_phase(struct mix_source *s)
{
	for (int i = 0; i < s->count; i++)
		if (!s->inputs[i].first_turn_done && !s->inputs[i].done)
			return;
	s->setup_phase = false;
	if (s->any_reset)
		push(s, (struct trace_event){ .op = EV_RESET });
}

/* Pass the next turn to the next input that has not ended. */
static void next_turn(struct mix_source *s)
{
	if (s->turn >= 0)
		s->inputs[s->turn].first_turn_done = true;
	if (s->setup_phase)
		end_setup_phase(s);
	for (int k = 1; k <= s->count; k++) {
		int i = ((s->turn < 0 ? -1 : s->turn) + k) % s->count;

		if (!s->inputs[i].done) {
			s->turn = i;
			s->turn_left = s->quantum;
			return;
		}
	}
	s->ended = true;
}

/* in's batch is used up: read the next one or end the input. */
static enum step refill(struct mix_source *s, struct mix_input *in)
{
	int got;

	if (in->text_out)
		return STEP_END_BATCH;
	got = in->src->fill(in->src, in->batch, INPUT_BATCH, s->message, sizeof s->message);
	if (got < 0) {
		s->failed = true;
		return STEP_FAILED;
	}
	in->count = got;
	in->pos = 0;
	if (got == 0) {
		if (in->started && !in->exited) {
			push_switch_to(s, in);
			push(s, (struct trace_event){ .op = EV_EXIT });
		}
		in->done = true;
	}
	return STEP_MORE;
}

/* The first event of an input: its start. */
static enum step take_start(struct mix_source *s, struct mix_input *in,
			    const struct trace_event *ev)
{
	struct trace_event out = *ev;

	if (ev->op != EV_START)
		return fail(s, in, ev, "a trace to mix begins with start, not %s",
			    event_op_name(ev->op));
	in->started = true;
	in->block_offset = s->blocks_used;
	in->pid = ev->pid;
	out.pid = pid_of(s, in);
	push(s, out);
	s->current = 0;   /* whether start makes its process current is the machine's business */
	return STEP_MORE;
}

static bool covers(const struct trace_event *ev, uint64_t addr)
{
	uint64_t size = ev->op == EV_WRITE_TEXT ? ev->arg + 1 : ev->arg;
	return addr >= ev->addr && addr - ev->addr < size;
}

/* Follow where the input keeps the importers' data file name: a text
 * store of exactly that name, until something overwrites or discards it. */
static void track_name(struct mix_input *in, const struct trace_event *ev)
{
	static const char data_file[] = IMPORT_DATA_FILE;
	if (ev->op == EV_WRITE_TEXT && ev->arg == sizeof data_file - 1 &&
	    memcmp(ev->text, data_file, ev->arg) == 0) {
		in->name_known = true;
		in->name_addr = ev->addr;
	} else if (in->name_known && (ev->op == EV_WRITE || ev->op == EV_WRITE_TEXT) &&
		   covers(ev, in->name_addr)) {
		in->name_known = false;
	} else if (ev->op == EV_DISCARD && ev->addr == in->name_addr) {
		in->name_known = false; /* the importers' discard of the name page */
	}
}

/* A map of the data file gets the input's own blocks: every input maps
 * blocks 0, 1, ... of the same empty file, which must not make two
 * processes share a page. Each input's blocks start where the blocks
 * of the inputs before it end (their maps all come first, in their
 * set-up); input 1's stay as they are. */
static enum step own_blocks(struct mix_source *s, struct mix_input *in,
			    const struct trace_event *ev, struct trace_event *out)
{
	if (ev->op != EV_MAP_FILE || !in->name_known || ev->addr != in->name_addr)
		return STEP_MORE;
	const struct mix_input *next = in + 1 < s->inputs + s->count ? in + 1 : NULL;
	if (ev->arg > UINT64_MAX - in->block_offset - 1 ||
	    (next && next->started && in->block_offset + ev->arg >= next->block_offset))
		return fail(s, in, ev, "mix: block %" PRIu64 " of %s would be another "
			    "input's (each input's maps of it must come before the next "
			    "input starts)", ev->arg, IMPORT_DATA_FILE);
	out->arg = in->block_offset + ev->arg;
	if (out->arg >= s->blocks_used)
		s->blocks_used = out->arg + 1;
	return STEP_MORE;
}

static enum step take(struct mix_source *s, struct mix_input *in,
		      const struct trace_event *ev)
{
	if (!in->started)
		return take_start(s, in, ev);
	if (in->exited)
		return fail(s, in, ev, "mix takes one process per trace: %s after its exit",
			    event_op_name(ev->op));
	switch (ev->op) {
	case EV_START:
		return fail(s, in, ev, "mix takes one process per trace: a second start");
	case EV_FORK:
		return fail(s, in, ev, "mix takes one process per trace: fork");
	case EV_SWITCH:
		if (ev->pid != in->pid)
			return fail(s, in, ev, "mix takes one process per trace: switch to "
				    "%" PRId32 ", not %" PRId32, ev->pid, in->pid);
		return STEP_MORE;   /* the mix writes its own switches */
	case EV_EXIT:
		in->exited = true;
		break;
	case EV_RESET:
		if (in->first_turn_done)
			break;          /* a later reset is written as it is */
		s->any_reset = true;    /* the end of its set-up: one reset for all */
		s->turn_left = 0;
		return STEP_MORE;
	default:
		break;
	}
	struct trace_event out = *ev;
	if (own_blocks(s, in, ev, &out) != STEP_MORE)
		return STEP_FAILED;
	track_name(in, ev);
	push_switch_to(s, in);
	push(s, out);
	if (event_holds_text(ev->op))
		in->text_out = true;
	/* in a first turn, text stores (a file name for a map) are set-up,
	 * not the input's work: they do not use up the quantum */
	if (event_is_access(ev->op) && (in->first_turn_done || !event_holds_text(ev->op)))
		s->turn_left--;
	return STEP_MORE;
}

static enum step step(struct mix_source *s)
{
	struct mix_input *in;
	enum step got;

	if (s->turn < 0 || s->turn_left == 0 || s->inputs[s->turn].done) {
		next_turn(s);
		if (s->ended)
			return STEP_MORE;
	}
	in = &s->inputs[s->turn];
	if (in->pos == in->count)
		return refill(s, in);
	got = take(s, in, &in->batch[in->pos]);
	if (got == STEP_MORE)
		in->pos++;
	return got;
}

static int mix_fill(struct event_source *src, struct trace_event *events, int cap,
		    char *err, size_t err_len)
{
	struct mix_source *s = (struct mix_source *)src;
	int n = 0;

	for (int i = 0; i < s->count; i++)
		s->inputs[i].text_out = false;
	while (n < cap) {
		if (s->taken < s->queued) {
			events[n] = s->queue[s->taken++];
			if (s->line < UINT32_MAX)
				s->line++;
			events[n++].line = s->line;
			continue;
		}
		s->queued = s->taken = 0;
		if (s->ended || s->failed || step(s) == STEP_END_BATCH)
			break;
	}
	if (n == 0 && s->failed) {
		snprintf(err, err_len, "%s", s->message);
		return -1;
	}
	return n;
}

static void mix_close(struct event_source *src)
{
	struct mix_source *s = (struct mix_source *)src;

	for (int i = 0; i < s->count; i++) {
		s->inputs[i].src->close(s->inputs[i].src);
		free(s->inputs[i].batch);
	}
	free(s->inputs);
	free(s);
}

struct event_source *mix_open(struct event_source **inputs, int count, uint64_t quantum,
			      char *err, size_t err_len)
{
	struct mix_source *s = NULL;
	bool ok = count >= 1 && quantum >= 1;

	if (!ok)
		snprintf(err, err_len, count < 1 ? "mix: needs at least one trace"
			 : "mix: the quantum must be at least 1");
	if (ok && (!(s = calloc(1, sizeof *s)) ||
		   !(s->inputs = calloc((size_t)count, sizeof *s->inputs)))) {
		snprintf(err, err_len, "mix: out of memory");
		ok = false;
	}
	for (int i = 0; ok && i < count; i++) {
		s->inputs[i].batch = malloc(INPUT_BATCH * sizeof *s->inputs[i].batch);
		if (!s->inputs[i].batch) {
			snprintf(err, err_len, "mix: out of memory");
			ok = false;
		}
	}
	if (!ok) {
		for (int i = 0; s && s->inputs && i < count; i++)
			free(s->inputs[i].batch);
		if (s)
			free(s->inputs);
		free(s);
		for (int i = 0; i < count; i++)
			inputs[i]->close(inputs[i]);
		return NULL;
	}
	for (int i = 0; i < count; i++)
		s->inputs[i].src = inputs[i];
	s->count = count;
	s->quantum = quantum;
	s->turn = -1;
	s->setup_phase = true;
	s->base.fill = mix_fill;
	s->base.close = mix_close;
	s->base.path = inputs[0]->path;
	return &s->base;
}
