/*
 * sim/replay/steps.c: the per-reference table (steps.h, docs/steps.md).
 * It only watches: the pager's notes say what an access did, the pager's
 * read-only views say what is resident and in which order.
 */
#include "event_check.h"
#include "steps.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

int steps_init(struct steps *s, FILE *out, const struct mmusim_config *config)
{
	*s = (struct steps){.out = out, .config = config};
	s->labels = calloc(config->memory_pages, sizeof *s->labels);
	s->order = calloc(config->memory_pages, sizeof *s->order);
	return s->labels && s->order ? 0 : -1;
}

void steps_fini(struct steps *s)
{
	free(s->labels);
	free(s->order);
	s->labels = NULL;
	s->order = NULL;
}

void steps_page_name(const struct mmusim_config *config, int32_t pid, uint64_t vaddr,
		     char *buf, size_t cap)
{
	uint64_t page = (vaddr - config->arena_base) / config->page_size;
	if (vaddr < config->arena_base)
		snprintf(buf, cap, "%d:0x%" PRIx64, (int)pid, vaddr);
	else if (pid == 1)
		snprintf(buf, cap, "%" PRIu64, page);
	else
		snprintf(buf, cap, "%d:%" PRIu64, (int)pid, page);
}

void steps_note(void *ctx, const struct pager_note *note)
{
	struct steps *s = ctx;
	switch (note->kind) {
	case NOTE_FAULT:
		/* The first fault of an access says what it was; a later one
		 * (a reference fault, then a dirty one) adds nothing. */
		if (!s->faulted) {
			s->faulted = true;
			s->cause = note->cause;
		}
		if (note->cause == CAUSE_INVALID)
			s->invalid = true;
		break;
	case NOTE_ZERO_FILL:
	case NOTE_COPY:
		s->filled = true;
		break;
	case NOTE_READ:
		s->filled = true;
		s->read_disk = true;
		break;
	case NOTE_EVICT:
		if (s->victim_count < sizeof s->victims / sizeof s->victims[0])
			s->victims[s->victim_count] = note->frame;
		s->victim_count++;
		break;
	default:
		break;
	}
}

/* The order's name: what comes first in the resident column. */
static const char *order_name(const char *policy)
{
	if (strcmp(policy, "fifo") == 0)
		return "first in first";
	if (strcmp(policy, "lru") == 0)
		return "least recently used first";
	if (strcmp(policy, "opt") == 0)
		return "frame order";
	if (strncmp(policy, "clock", 5) == 0)
		return "from the hand";
	return "next victim first";
}

static void frame_label(const struct steps *s, const struct pager *p, uint32_t f,
			char *buf, size_t cap)
{
	struct frame_view v;
	pager_frame_view(p, f, &v);
	if (v.use == FRAME_ZERO_PAGE)
		snprintf(buf, cap, "zero");
	else if (v.use == FRAME_FREE)
		snprintf(buf, cap, "-");
	else if (v.first_pid < 0 && v.use == FRAME_FILE)
		snprintf(buf, cap, "b%" PRIu64, v.block); /* cached, unmapped */
	else {
		steps_page_name(s->config, v.first_pid, v.first_vaddr, buf, cap);
		size_t n = strlen(buf);
		if (v.sharers > 1 && n + 1 < cap) /* shared: after a fork, or a file */
			memcpy(buf + n, "+", 2);
	}
}

static void header(struct steps *s)
{
	s->header_done = true;
	fprintf(s->out, "# policy %s, %" PRIu32 " usable frames (+ the zero page); "
		"resident pages %s\n", s->config->policy, s->config->memory_pages - 1,
		order_name(s->config->policy));
	fprintf(s->out, "%6s %-6s %-22s %-6s %s\n", "access", "page", "result", "victim",
		"resident");
}

static const char *result_of(const struct steps *s, char *buf, size_t cap)
{
	if (s->invalid)
		return "invalid (killed)";
	if (s->filled) {
		snprintf(buf, cap, "miss (%s)", s->read_disk ? "read-in"
			 : s->cause == CAUSE_COW ? "cow" : "zero-fill");
		return buf;
	}
	if (s->faulted && s->cause != CAUSE_NONE) {
		snprintf(buf, cap, "hit (%s fault)", log_cause_name(s->cause));
		return buf;
	}
	return "hit";
}

void steps_event(struct steps *s, const struct run *run)
{
	const struct trace_event *e = run_last_event(run);
	const struct pager *p = run_pager(run);
	bool access = e && event_is_access(e->op);
	if (access) {
		if (!s->header_done)
			header(s);
		s->accesses++;
		char page[24], result[40], victim[24] = "-";
		steps_page_name(s->config, run_current_pid(run) >= 0 ? run_current_pid(run)
				: e->pid, e->addr, page, sizeof page);
		if (s->filled)
			s->misses++;
		else
			s->hits++;
		if (s->faulted && !s->filled && !s->invalid && s->cause != CAUSE_NONE)
			s->minor++;
		if (s->victim_count)
			snprintf(victim, sizeof victim, "%s%s", s->labels[s->victims[0]],
				 s->victim_count > 1 ? "+" : "");
		fprintf(s->out, "%6" PRIu64 " %-6s %-22s %-6s", s->accesses, page,
			result_of(s, result, sizeof result), victim);
		uint32_t n = pager_policy_order(p, s->order, s->config->memory_pages);
		for (uint32_t i = 0; i < n && i < s->config->memory_pages; i++) {
			char name[24];
			frame_label(s, p, s->order[i], name, sizeof name);
			fprintf(s->out, " %s", name);
		}
		fputc('\n', s->out);
	}
	const struct run_window *w = run_window(run);
	if (w->set && w->after_event == run_events(run)) {
		/* the table goes on (the memory is kept); its counts restart */
		fprintf(s->out, "# %s at line %" PRIu32 ": the counts start again from zero\n",
			w->by_warmup ? "end of --warmup" : "reset", w->line);
		s->accesses = s->hits = s->misses = s->minor = 0;
	}
	/* what each frame holds now, for the next event's victim */
	for (uint32_t f = 0; f < s->config->memory_pages; f++)
		frame_label(s, p, f, s->labels[f], sizeof s->labels[f]);
	s->faulted = s->filled = s->read_disk = s->invalid = false;
	s->victim_count = 0;
}

void steps_summary(const struct steps *s)
{
	fprintf(s->out, "# %" PRIu64 " accesses: %" PRIu64 " hits, %" PRIu64
		" misses, %" PRIu64 " minor faults among the hits\n", s->accesses,
		s->hits, s->misses, s->minor);
}

int steps_run(const struct mmusim_config *config, const char *trace,
	      const struct run_options *base, FILE *out, char *err, size_t err_len)
{
	struct steps st;
	if (steps_init(&st, out, config) != 0) {
		steps_fini(&st);
		snprintf(err, err_len, "out of memory");
		return 2;
	}
	struct run_options options = *base;
	options.log = NULL;
	options.on_note = steps_note;
	options.note_ctx = &st;
	struct run *r = run_open(config, trace, &options, err, err_len);
	if (!r) {
		steps_fini(&st);
		return 2;
	}
	enum run_status s;
	while ((s = run_step(r, err, err_len)) == RUN_STEPPED)
		steps_event(&st, r);
	int code = run_exit_code(s);
	if (code == 0)
		steps_summary(&st);
	run_close(r);
	steps_fini(&st);
	return code;
}
