/*
 * sim/replay/run.c: the replay loop. One function per kind of event; the access
 * path (replay_access) is the hot one: no allocation, no indirect call per
 * access, the TLB hit inline (sim_machine.h).
 */
#include "run.h"
#include "run_impl.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "disk.h"
#include "future.h"
#include "log.h"
#include "page_data.h"
#include "shadow.h"
#include "trace_text.h"

void run_options_default(struct run_options *o)
{
	*o = (struct run_options){.shadow = true, .data = RUN_DATA_AUTO, .from = TRACE_AUTO};
}

struct event_source *run_reopen(const struct run *r, char *err, size_t err_len)
{
	struct trace_open_options opt = trace_open_defaults(r->opt.from, r->config.page_size,
							    r->config.arena_base);
	opt.arena_pages = r->config.arena_pages; /* an import too big says so */
	return trace_open_with(r->path, &opt, err, err_len);
}

int run_exit_code(enum run_status s)
{
	switch (s) {
	case RUN_STEPPED:
	case RUN_DONE:
		return 0;
	case RUN_CHECK_FAILED:
		return 1;
	case RUN_BAD_INPUT:
		return 2;
	}
	return 2;
}

/* End the run with "TRACE:LINE: what" (line 0: "TRACE: what"). */
static enum run_status stop(struct run *r, uint32_t line, enum run_status s,
			    const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static enum run_status stop(struct run *r, uint32_t line, enum run_status s,
			    const char *fmt, ...)
{
	int n = line ? snprintf(r->final_err, sizeof r->final_err, "%s:%" PRIu32 ": ",
				r->path, line)
		     : snprintf(r->final_err, sizeof r->final_err, "%s: ", r->path);
	if (n < 0 || (size_t)n >= sizeof r->final_err)
		n = 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->final_err + n, sizeof r->final_err - (size_t)n, fmt, ap);
	va_end(ap);
	r->final = s;
	return s;
}

static bool reserve(uint8_t **buf, size_t *cap, size_t want)
{
	if (want <= *cap)
		return true;
	size_t n = *cap ? *cap : 64;
	while (n < want)
		n *= 2;
	uint8_t *p = realloc(*buf, n);
	if (!p)
		return false;
	*buf = p;
	*cap = n;
	return true;
}

/* ---- callbacks from the machine ---------------------------------------- */

static void on_note(void *arg, const struct pager_note *note)
{
	struct run *r = arg;
	if (r->logging)
		log_note(&r->log, note);
	if (r->opt.on_note)
		r->opt.on_note(r->opt.note_ctx, note);
}

/* While an event is replayed, the pager asks mostly about the page that
 * event accesses (OPT is told each access's next use): the future has that
 * answer by event number when the page is the event's first one. */
static uint64_t on_next_use(void *arg, pid_t pid, uint64_t vaddr)
{
	struct run *r = arg;
	if (r->replaying && pid == r->current &&
	    (vaddr ^ r->last->addr) >> r->machine.geo.shift == 0)
		return future_next_use_of_event(r->future, r->events, pid, vaddr);
	return future_next_use(r->future, pid, vaddr, r->events);
}

/* The shadow's view of a file block before any write: the file store. */
static int load_file_block(void *ctx, const char *name, uint64_t block,
			   uint8_t *out)
{
	struct run *r = ctx;
	return machine_read_block(&r->machine, name, block, out);
}

/* ---- expectations ------------------------------------------------------- */

static bool is_map(const struct trace_event *e)
{
	return e->op == EV_MAP_SWAP || e->op == EV_MAP_FILE;
}

/* The outcome an expectation names, spelt as run outcomes are. */
static void expected_outcome(const struct trace_event *e, char *buf, size_t n)
{
	switch (e->expect) {
	case EXPECT_VALUE:
		snprintf(buf, n, is_map(e) ? "0x%" PRIx64 : "%" PRIu64,
			 e->expect_value);
		break;
	case EXPECT_FAIL: snprintf(buf, n, "-1"); break;
	case EXPECT_NULL: snprintf(buf, n, "null"); break;
	case EXPECT_SEGV: snprintf(buf, n, "segv"); break;
	case EXPECT_OK: snprintf(buf, n, "ok"); break;
	default: snprintf(buf, n, "?"); break;
	}
}

static enum run_status expect(struct run *r, const struct trace_event *e,
			      const char *got)
{
	if (e->expect == EXPECT_NONE)
		return RUN_STEPPED;
	char want[32];
	expected_outcome(e, want, sizeof want);
	if (strcmp(want, got) == 0)
		return RUN_STEPPED;
	return stop(r, e->line, RUN_CHECK_FAILED, "expected %s, got %s", want,
		    got);
}

/* ---- processes ----------------------------------------------------------- */

static enum run_status no_process(struct run *r, const struct trace_event *e)
{
	if (r->gone[0])
		return stop(r, e->line, RUN_BAD_INPUT,
			    "%s: no process is running: %s; switch to one first",
			    event_op_name(e->op), r->gone);
	return stop(r, e->line, RUN_BAD_INPUT,
		    "%s: no process is running (after exit or a kill, "
		    "switch to one first)",
		    event_op_name(e->op));
}

/* Why the process left, for a later no_process(): the cause of an error
 * that shows only lines further on. */
static void note_kill(struct run *r, const struct trace_event *e, uint64_t va)
{
	const struct mmusim_config *c = &r->config;
	uint64_t end = c->arena_base + (uint64_t)c->arena_pages * c->page_size;
	bool outside = va < c->arena_base || va >= end;
	snprintf(r->gone, sizeof r->gone,
		 "process %d was killed at line %u by an invalid fault at 0x%" PRIx64 "%s",
		 r->current, e->line, va,
		 outside ? ", outside its arena (was the trace made for another "
			   "page_size or arena_pages?)"
			 : " (not mapped, or a file read failed; was the trace "
			   "made for another page_size?)");
}

/* The current process is gone (exit or kill): forget it everywhere. */
static void process_gone(struct run *r)
{
	machine_process_gone(&r->machine, r->current);
	if (r->shadow)
		shadow_exit(r->shadow, r->current);
	r->current = -1;
}

static void switch_to(struct run *r, int32_t pid)
{
	pager_switch(r->pager, pid);
	machine_switched(&r->machine);
	r->current = pid;
}

static enum run_status replay_start(struct run *r, const struct trace_event *e)
{
	if (pager_alive(r->pager, e->pid))
		return stop(r, e->line, RUN_BAD_INPUT,
			    "start: process %d is already running", e->pid);
	int rc = pager_fork(r->pager, -1, e->pid);
	if (rc == 0 && r->shadow)
		shadow_start(r->shadow, e->pid);
	if (r->logging)
		log_header(&r->log, "start pid=%d => %d", e->pid, rc);
	/* the trace's first process runs at once; later ones wait for a
	 * switch, as after an exit or a kill (trace.md) */
	if (rc == 0 && !r->started)
		switch_to(r, e->pid);
	r->started |= rc == 0;
	return expect(r, e, rc == 0 ? "0" : "-1");
}

static enum run_status replay_fork(struct run *r, const struct trace_event *e)
{
	if (!pager_alive(r->pager, e->pid))
		return stop(r, e->line, RUN_BAD_INPUT,
			    "fork: parent process %d is not running", e->pid);
	if (pager_alive(r->pager, e->child))
		return stop(r, e->line, RUN_BAD_INPUT,
			    "fork: process %d is already running", e->child);
	int rc = pager_fork(r->pager, e->pid, e->child);
	if (rc == 0 && r->shadow && shadow_fork(r->shadow, e->pid, e->child) != 0) {
		uint32_t pages = 0;
		pager_page_table(r->pager, e->child, &pages);
		return stop(r, e->line, RUN_BAD_INPUT,
			    "out of memory for the shadow page table of process %d "
			    "(%" PRIu32 " entries); the run stops", e->child, pages);
	}
	if (r->logging)
		log_header(&r->log, "fork parent=%d child=%d => %d", e->pid,
			   e->child, rc);
	return expect(r, e, rc == 0 ? "0" : "-1");
}

static enum run_status replay_switch(struct run *r, const struct trace_event *e)
{
	if (!pager_alive(r->pager, e->pid))
		return stop(r, e->line, RUN_BAD_INPUT,
			    "switch: process %d is not running", e->pid);
	switch_to(r, e->pid);
	if (r->logging)
		log_header(&r->log, "switch pid=%d", e->pid);
	return RUN_STEPPED;
}

static enum run_status replay_exit(struct run *r, const struct trace_event *e)
{
	if (r->current < 0)
		return no_process(r, e);
	if (r->logging)
		log_header(&r->log, "exit pid=%d", r->current);
	snprintf(r->gone, sizeof r->gone, "process %d exited at line %u",
		 r->current, e->line);
	pager_exit(r->pager);
	process_gone(r);
	return RUN_STEPPED;
}

/* ---- maps ---------------------------------------------------------------- */

/* One byte of the current process's memory at va, without any fault: from
 * its frame when the page table lets it be read, else from the shadow
 * (the pager's own read of the name may have evicted an earlier page of
 * it). False when va is not in a valid page. */
static bool peek_byte(struct run *r, uint64_t va, uint8_t *out, bool *from_mem)
{
	uint32_t valid = 0, vpn = 0;
	const struct pte *table = pager_page_table(r->pager, r->current, &valid);
	const struct machine *m = &r->machine;
	if (!table || !machine_vpn(m, va, valid, &vpn))
		return false;
	const struct pte *pte = &table[vpn];
	*from_mem = pte->read_enable;
	if (pte->read_enable) {
		*out = *machine_bytes(m, pte->ppage, va);
		return true;
	}
	uint8_t zero = 0;
	if (shadow_verify(r->shadow, r->current, va, &zero, 1, NULL, out))
		*out = 0;
	return true;
}

/* The name the pager just read for `map file` at addr, for the shadow;
 * bytes read from memory are checked against the shadow on the way. */
static enum run_status read_map_name(struct run *r, const struct trace_event *e)
{
	size_t len = 0;
	for (uint64_t va = e->addr;; va++) {
		uint8_t byte = 0, want = 0;
		bool from_mem = false;
		if (!peek_byte(r, va, &byte, &from_mem))
			return stop(r, e->line, RUN_CHECK_FAILED,
				    "internal: the name at 0x%" PRIx64
				    " that the pager mapped is not readable",
				    e->addr);
		if (from_mem &&
		    !shadow_verify(r->shadow, r->current, va, &byte, 1, NULL, &want))
			return stop(r, e->line, RUN_CHECK_FAILED,
				    "data check failed: pid %d read 0x%02x at "
				    "0x%" PRIx64 " (map file name), expected 0x%02x",
				    r->current, byte, va, want);
		if (!reserve((uint8_t **)&r->name, &r->name_cap, len + 1))
			return stop(r, e->line, RUN_CHECK_FAILED, "out of memory");
		r->name[len++] = (char)byte;
		if (byte == 0)
			return RUN_STEPPED;
	}
}

static enum run_status replay_map(struct run *r, const struct trace_event *e)
{
	if (r->current < 0)
		return no_process(r, e);
	bool file = e->op == EV_MAP_FILE;
	uint64_t va = 0;
	int rc = pager_map(r->pager, file, e->addr, e->arg, &va);
	/* formatted only when a log line or an expected outcome reads it:
	 * an importer maps every page of its file, so this is per page */
	char got[32] = "";
	if (r->logging || e->expect != EXPECT_NONE)
		snprintf(got, sizeof got, rc == 0 ? "0x%" PRIx64 : "null", va);
	if (r->logging) {
		if (file)
			log_header(&r->log,
				   "map file pid=%d name=0x%" PRIx64
				   " block=%" PRIu64 " => %s",
				   r->current, e->addr, e->arg, got);
		else
			log_header(&r->log, "map swap pid=%d => %s", r->current,
				   got);
	}
	if (rc == 0 && r->shadow) {
		uint64_t vpn = 0;
		page_geometry_vpn(&r->machine.geo, va, &vpn); /* pager_map's page */
		if (!file) {
			shadow_map_swap(r->shadow, r->current, vpn);
		} else {
			enum run_status s = read_map_name(r, e);
			if (s != RUN_STEPPED)
				return s;
			shadow_map_file(r->shadow, r->current, vpn, r->name, e->arg);
		}
	}
	return expect(r, e, got);
}

/* ---- the measurement window -------------------------------------------- */

/* `reset`, or the end of --warmup: every counter and the cycle count go
 * back to zero; memory, TLB, tables and the policy's order stay. */
static void start_window(struct run *r, const struct trace_event *e, bool by_warmup)
{
	pager_reset_stats(r->pager);
	machine_reset_counters(&r->machine);
	r->reads = r->writes = r->killed = 0;
	r->window = (struct run_window){ .set = true, .by_warmup = by_warmup,
					 .after_event = r->events + 1, .line = e->line };
	if (r->logging)
		log_header(&r->log, "%s: the counters start from zero",
			   by_warmup ? "end of warm-up" : "reset");
}

static enum run_status replay_discard(struct run *r, const struct trace_event *e)
{
	if (r->current < 0)
		return no_process(r, e);
	uint64_t vpn = 0;
	if (r->logging)
		log_header(&r->log, "discard pid=%d addr=0x%" PRIx64, r->current, e->addr);
	if (pager_discard(r->pager, e->addr) != 0)
		return stop(r, e->line, RUN_BAD_INPUT,
			    "discard: 0x%" PRIx64 " is not a valid page of process %d",
			    e->addr, r->current);
	if (r->shadow && page_geometry_vpn(&r->machine.geo, e->addr, &vpn))
		shadow_discard(r->shadow, r->current, (uint32_t)vpn);
	return RUN_STEPPED;
}

/* ---- accesses ------------------------------------------------------------ */

/* The pager found the fault on va invalid: the process is killed. */
static void kill_current(struct run *r, const struct trace_event *e, uint64_t va)
{
	r->killed++;
	note_kill(r, e, va);
	if (r->logging)
		log_line(&r->log, "kill pid=%d va=0x%" PRIx64, r->current, va);
	pager_exit(r->pager);
	process_gone(r);
}

/* Bytes i = from .. from+len-1 of `w ADDR SIZE` on `line`, in scratch. */
static const uint8_t *store_pattern(struct run *r, uint32_t line,
				    uint64_t from, size_t len)
{
	event_store_fill(line, from, r->scratch, len);
	return r->scratch;
}

static enum run_status data_check_failed(struct run *r,
					 const struct trace_event *e,
					 uint64_t va, const uint8_t *mem,
					 size_t len)
{
	size_t off = 0;
	uint8_t want = 0;
	shadow_verify(r->shadow, r->current, va, mem, len, &off, &want);
	return stop(r, e->line, RUN_CHECK_FAILED,
		    "data check failed: pid %d read 0x%02x at 0x%" PRIx64
		    ", expected 0x%02x",
		    r->current, mem[off], va + off, want);
}

/* The outcome of a text load: its bytes must be the text's. */
static enum run_status check_text(struct run *r, const struct trace_event *e,
				  bool killed)
{
	char want[256], got[256];
	log_quote(e->text, e->arg, want, sizeof want);
	if (killed)
		return e->expect == EXPECT_SEGV
			       ? RUN_STEPPED
			       : stop(r, e->line, RUN_CHECK_FAILED,
				      "expected %s, got segv", want);
	if (memcmp(r->scratch, e->text, e->arg) == 0)
		return RUN_STEPPED;
	log_quote(r->scratch, e->arg, got, sizeof got);
	return stop(r, e->line, RUN_CHECK_FAILED, "expected %s, got %s", want,
		    got);
}

/* A data-less run met what needs the bytes: it stops; run_trace's
 * RUN_DATA_AUTO replays the trace again with them. */
static enum run_status needs_data(struct run *r, const struct trace_event *e,
				  const char *what)
{
	r->needed_data = true;
	return stop(r, e->line, RUN_BAD_INPUT,
		    "%s, and this replay is data-less (--no-data): replay it with "
		    "the data (run without --no-data; compare and sweep: --check-data)",
		    what);
}

/* The frame's bytes of a load, or NULL when the run keeps none (data-less:
 * only a text load needs them, and it stopped the run before). */
static const uint8_t *loaded(const struct machine *m, uint32_t frame, uint64_t va)
{
	return m->physmem ? machine_bytes(m, frame, va) : NULL;
}

/* An access over several pages: OPT must know now that the later pages are
 * used in this event (their next use is past it), since a fault on an
 * earlier piece may choose a victim before their pieces come. Only pages
 * of the process's page table: a piece past it kills the process, so a
 * SIZE near 2^64 costs no more than the pages the process has. */
static void announce_later_pages(struct run *r, uint64_t va, uint64_t size)
{
	const struct machine *m = &r->machine;
	uint64_t room = page_geometry_room(&m->geo, va);
	uint32_t vpn;
	for (uint64_t done = room; done < size && va + done > va &&
	     machine_vpn(m, va + done, m->page_table_len, &vpn);
	     done += m->geo.size)
		pager_will_use(r->pager, va + done);
}

/* `looked_up`: the first piece's TLB lookup was made and missed (by
 * replay_hit), so it goes straight to machine_access_miss. */
static enum run_status replay_access(struct run *r, const struct trace_event *e,
				     bool looked_up)
{
	if (r->current < 0)
		return no_process(r, e);
	if (r->dataless && e->op == EV_READ_TEXT)
		return needs_data(r, e, "`r ADDR \"TEXT\"` compares the bytes read");
	struct machine *m = &r->machine;
	const bool write = e->op == EV_WRITE || e->op == EV_WRITE_TEXT;
	const bool text = e->op == EV_READ_TEXT || e->op == EV_WRITE_TEXT;
	uint64_t size = e->op == EV_WRITE_TEXT ? e->arg + 1 : e->arg;
	if (text) {
		if (!reserve(&r->scratch, &r->scratch_cap, size + 1))
			return stop(r, e->line, RUN_CHECK_FAILED, "out of memory");
		if (write) {
			memcpy(r->scratch, e->text, e->arg);
			r->scratch[e->arg] = 0;
		}
	}
	const int32_t pid = r->current;
	uint64_t va = e->addr, done = 0;
	bool killed = false;
	if (size > page_geometry_room(&m->geo, va) && pager_reads_future(r->pager))
		announce_later_pages(r, va, size);
	while (done < size) {
		uint64_t room = page_geometry_room(&m->geo, va);
		size_t len = (size_t)(size - done < room ? size - done : room);
		if (write)
			r->writes++;
		else
			r->reads++;
		uint32_t frame;
		enum machine_result got = looked_up && done == 0
			? machine_access_miss(m, pid, va, write, &frame)
			: machine_access(m, pid, va, write, &frame);
		if (got == MACHINE_SEGV) {
			kill_current(r, e, va);
			killed = true;
			break;
		}
		if (got == MACHINE_STUCK)
			return stop(r, e->line, RUN_CHECK_FAILED,
				    "internal: the pager handled %d faults on 0x%" PRIx64
				    " but the %s still faults",
				    MACHINE_MAX_FAULTS, va, write ? "store" : "load");
		if (write && (r->shadow || machine_keeps(m, frame))) {
			const uint8_t *bytes = text ? r->scratch + done
						    : store_pattern(r, e->line, done, len);
			machine_store(m, frame, va, bytes, len, text);
			if (r->shadow)
				shadow_write(r->shadow, pid, va, bytes, len);
		} else if (!write) {
			const uint8_t *mem = loaded(m, frame, va);
			if (r->shadow &&
			    !shadow_verify(r->shadow, pid, va, mem, len, NULL, NULL))
				return data_check_failed(r, e, va, mem, len);
			if (text)
				memcpy(r->scratch + done, mem, len);
		}
		done += len;
		va += len;
	}
	enum run_status s = expect(r, e, killed ? "segv" : "ok");
	if (s == RUN_STEPPED && e->op == EV_READ_TEXT)
		s = check_text(r, e, killed);
	return s;
}

/* The shadow learns a put's piece for every page that shares it. */
struct put_piece {
	struct shadow *shadow;
	uint64_t page_offset;
	const uint8_t *bytes;
	size_t len;
};

static void put_in_shadow(void *arg, pid_t pid, uint64_t page_vaddr)
{
	const struct put_piece *p = arg;
	shadow_write(p->shadow, pid, page_vaddr + p->page_offset, p->bytes, p->len);
}

/* `put ADDR "TEXT"`: the bytes and their NUL where the process's earlier
 * stores would have left them, without an access (docs/trace.md). */
static enum run_status replay_put(struct run *r, const struct trace_event *e)
{
	if (r->current < 0)
		return no_process(r, e);
	if (r->dataless) /* rare (recordings of live runs): not worth keeping bytes for */
		return needs_data(r, e, "`put` places bytes");
	struct machine *m = &r->machine;
	size_t len = (size_t)e->arg + 1;
	if (!reserve(&r->scratch, &r->scratch_cap, len))
		return stop(r, e->line, RUN_BAD_INPUT, "out of memory");
	memcpy(r->scratch, e->text, e->arg);
	r->scratch[e->arg] = 0;
	const struct page_data_store store = {
		.pager = r->pager, .disk = m->disk, .physmem = m->physmem, .page_size = m->geo.size,
	};
	switch (page_data_put(&store, r->current, e->addr, r->scratch, len)) {
	case PAGE_DATA_OK:
		break;
	case PAGE_DATA_OUTSIDE:
		return stop(r, e->line, RUN_BAD_INPUT,
			    "put: its %zu bytes do not lie in valid pages of process %d", len,
			    (int)r->current);
	case PAGE_DATA_NEVER_WRITTEN:
		return stop(r, e->line, RUN_BAD_INPUT,
			    "put: a page it writes was never written (it reads as zeroes), so no "
			    "earlier store can have left these bytes there");
	case PAGE_DATA_IO_FAILED:
		return stop(r, e->line, RUN_BAD_INPUT, "put: a block could not be read or "
			    "written: %s", strerror(errno));
	}
	for (size_t done = 0; r->shadow && done < len;) {
		uint64_t va = e->addr + done, room = page_geometry_room(&m->geo, va);
		struct put_piece piece = { .shadow = r->shadow, .page_offset = va & m->geo.mask,
					   .bytes = r->scratch + done,
					   .len = len - done < room ? len - done : (size_t)room };
		pager_page_owners(r->pager, r->current, va, put_in_shadow, &piece);
		done += piece.len;
	}
	return RUN_STEPPED;
}

/* ---- the loop ------------------------------------------------------------ */

/* The end of a plain access that completed without a fault in `frame`:
 * the bytes a store keeps, the shadow's view and check. */
static inline enum run_status finish_plain(struct run *r, const struct trace_event *e,
					   uint32_t frame, bool write)
{
	struct machine *m = &r->machine;
	size_t len = (size_t)e->arg;
	if (write) {
		r->writes++;
		if (!machine_keeps(m, frame))
			return RUN_STEPPED; /* data-less, bytes unknown: nothing to keep */
		const uint8_t *bytes = store_pattern(r, e->line, 0, len);
		machine_store(m, frame, e->addr, bytes, len, false);
		if (r->shadow)
			shadow_write(r->shadow, r->current, e->addr, bytes, len);
	} else {
		r->reads++;
		if (r->shadow) {
			const uint8_t *mem = machine_bytes(m, frame, e->addr);
			if (!shadow_verify(r->shadow, r->current, e->addr, mem, len, NULL, NULL))
				return data_check_failed(r, e, e->addr, mem, len);
		}
	}
	return RUN_STEPPED;
}

/*
 * The hot case of every trace, kept apart so that it stays a short straight
 * line: a plain load or store inside one page that hits the TLB, with no
 * expectation and no policy that wants every access. Anything else returns
 * false and takes replay_access, which counts the same things.
 */
static inline bool replay_hit(struct run *r, const struct trace_event *e, enum run_status *status,
			      bool *looked_up)
{
	struct machine *m = &r->machine;
	const bool write = e->op == EV_WRITE;
	if ((e->op != EV_READ && !write) || e->expect != EXPECT_NONE || r->current < 0 ||
	    e->arg > page_geometry_room(&m->geo, e->addr))
		return false;
	uint32_t frame;
	if (!machine_access_fast(m, r->current, e->addr, write, &frame)) {
		/* unless the policy wants every access, the TLB was looked
		 * up and missed: a miss need not scan it twice */
		*looked_up = !m->wants_accesses;
		return false;
	}
	*status = finish_plain(r, e, frame, write);
	return true;
}

/*
 * The next hot case, for run_hits: a plain access that replay_hit looked up
 * and missed (`looked_up`), whose page-table entry permits it. Its walk and
 * TLB fill cannot fault, so they complete here as a hit does, without
 * replay_access's pieces and checks, which would count the same things.
 * False, with nothing counted, when the entry does not permit the access.
 */
static inline bool replay_walk(struct run *r, const struct trace_event *e,
			       enum run_status *status)
{
	struct machine *m = &r->machine;
	const bool write = e->op == EV_WRITE;
	uint32_t frame;
	if (!machine_entry_permits(m, e->addr, write))
		return false;
	if (machine_access_miss(m, r->current, e->addr, write, &frame) != MACHINE_OK)
		*status = stop(r, e->line, RUN_CHECK_FAILED,
			       "internal: the page-table entry of 0x%" PRIx64
			       " permits the %s, but its walk faulted", e->addr,
			       write ? "store" : "load");
	else
		*status = finish_plain(r, e, frame, write);
	return true;
}

static enum run_status replay_event(struct run *r, const struct trace_event *e);

/* A host failure the pager or the machine met in the event (a write-back
 * that failed, no memory for a page table) ends the run: exit 2, no
 * report. A TLB hit touches neither, so only the slow path asks. */
static enum run_status replay(struct run *r, const struct trace_event *e)
{
	enum run_status hit;
	bool looked_up = false;
	if (replay_hit(r, e, &hit, &looked_up))
		return hit;
	enum run_status s = looked_up ? replay_access(r, e, true) : replay_event(r, e);
	char why[768];
	if (s != RUN_BAD_INPUT && machine_failed(&r->machine, r->pager, why, sizeof why))
		s = stop(r, e->line, RUN_BAD_INPUT, "%s", why); /* not what a check saw */
	else if (s != RUN_BAD_INPUT && r->machine.data_needed)
		s = needs_data(r, e, "the pager read a `map file` name from bytes a "
			       "data-less replay does not keep (a page written by "
			       "`w ADDR SIZE` or read from a file)");
	return s;
}

static enum run_status replay_event(struct run *r, const struct trace_event *e)
{
	switch (e->op) {
	case EV_READ:
	case EV_WRITE:
	case EV_READ_TEXT:
	case EV_WRITE_TEXT:
		return replay_access(r, e, false);
	case EV_START:
		return replay_start(r, e);
	case EV_FORK:
		return replay_fork(r, e);
	case EV_SWITCH:
		return replay_switch(r, e);
	case EV_MAP_SWAP:
	case EV_MAP_FILE:
		return replay_map(r, e);
	case EV_EXIT:
		return replay_exit(r, e);
	case EV_PUT:
		return replay_put(r, e);
	case EV_COMPUTE:
		if (!machine_compute(&r->machine, e->arg))
			return stop(r, e->line, RUN_BAD_INPUT,
				    "compute: %" PRIu64 " cycles would overflow the cycle count",
				    e->arg);
		return RUN_STEPPED;
	case EV_RESET:
		start_window(r, e, false);
		return RUN_STEPPED;
	case EV_DISCARD:
		return replay_discard(r, e);
	}
	return stop(r, e->line, RUN_BAD_INPUT, "unknown event %u", e->op);
}

/* --check: the pager's invariants, then the TLB against the page tables.
 * What the event changed is checked after every event; the whole state
 * after events 1, 2, 4, 8, ... and at the end, so --check costs what the
 * events did (an access over 100,000 pages is not 100,000 whole checks). */
static enum run_status check_after(struct run *r, const struct trace_event *e, bool whole)
{
	uint32_t line = e ? e->line : 0; /* no event: an empty trace's end */
	pager_check_changes(r->pager);
	if (whole)
		pager_check(r->pager);
	char why[512];
	if (!(whole ? machine_check(&r->machine, r->pager, why, sizeof why)
		    : machine_check_tlb(&r->machine, r->pager, why, sizeof why)))
		return stop(r, line, RUN_CHECK_FAILED, "--check: %s", why);
	const struct pager_stats *st = pager_stats(r->pager);
	const struct machine *m = &r->machine;
	if (st->faults != m->faults || st->faults_invalid != m->faults_invalid)
		return stop(r, line, RUN_CHECK_FAILED,
			    "--check: the pager counted %" PRIu64 " faults (%" PRIu64
			    " invalid), the MMU raised %" PRIu64 " (%" PRIu64 ")",
			    st->faults, st->faults_invalid, m->faults,
			    m->faults_invalid);
	if (st->faults != st->faults_major + st->faults_minor + st->faults_invalid)
		return stop(r, line, RUN_CHECK_FAILED,
			    "--check: %" PRIu64 " faults are not %" PRIu64 " major + %" PRIu64
			    " minor + %" PRIu64 " invalid",
			    st->faults, st->faults_major, st->faults_minor, st->faults_invalid);
	return RUN_STEPPED;
}

static enum run_status final_status(struct run *r, char *err, size_t err_len)
{
	if (err && err_len)
		snprintf(err, err_len, "%s", r->final_err);
	return r->final;
}

/* Events ahead of the one replayed whose page-table entries a walking
 * replay asks the host for (machine_prefetch): far enough for a host
 * memory read to arrive before its walk (docs/performance.md). */
enum { PREFETCH_AHEAD = 16 };

/* The event PREFETCH_AHEAD after the current one (batch_pos - 1), if it is
 * in the batch and an access: its entry is fetched while the events
 * before it replay. */
__attribute__((always_inline)) /* a call would be dropped: sim_machine.h */
static inline void prefetch_ahead(struct run *r)
{
	int ahead = r->batch_pos - 1 + PREFETCH_AHEAD;
	if (ahead >= r->batch_len)
		return;
	const struct trace_event *f = &r->batch[ahead];
	if (f->op == EV_READ || f->op == EV_WRITE)
		machine_prefetch(&r->machine, f->addr);
}

enum run_status run_step(struct run *r, char *err, size_t err_len)
{
	if (r->final != RUN_STEPPED)
		return final_status(r, err, err_len);
	if (r->batch_pos == r->batch_len) {
		int n = r->src->fill(r->src, r->batch, BATCH, r->final_err,
				     sizeof r->final_err);
		if (n <= 0) {
			r->final = n == 0 ? RUN_DONE : RUN_BAD_INPUT;
			if (n == 0)
				r->final_err[0] = '\0';
			if (n == 0 && r->opt.check)
				check_after(r, r->last, true);
			if (n == 0 && r->opt.warmup > r->events && r->final == RUN_DONE)
				stop(r, 0, RUN_BAD_INPUT,
				     "--warmup %" PRIu64 ": the trace has only %" PRIu64
				     " events, so measurement never started",
				     r->opt.warmup, r->events);
			return final_status(r, err, err_len);
		}
		r->batch_len = n;
		r->batch_pos = 0;
	}
	const struct trace_event *e = &r->batch[r->batch_pos++];
	r->last = e;
	if (r->logging)
		log_begin(&r->log, e->line);
	r->replaying = true;
	uint64_t walks = r->machine.walks;
	enum run_status s = replay(r, e);
	if (r->machine.walks != walks) /* a trace that walks: fetch ahead */
		prefetch_ahead(r);
	if (s == RUN_STEPPED && r->opt.warmup && r->events + 1 == r->opt.warmup)
		start_window(r, e, true);
	r->replaying = false;
	r->events++;
	if (s == RUN_STEPPED && r->opt.check)
		s = check_after(r, e, (r->events & (r->events - 1)) == 0);
	if (s != RUN_STEPPED)
		return final_status(r, err, err_len);
	return RUN_STEPPED;
}

/* run_step's work for a run of plain TLB hits, and of plain misses whose
 * walk cannot fault, without a call per event: as long as the batch holds
 * those and nothing wants to see each event (a log, --check, a warm-up
 * still to end). Whatever else is left for run_step. */
static void run_hits(struct run *r)
{
	if (r->logging || r->opt.check || r->opt.warmup > r->events)
		return;
	while (r->batch_pos < r->batch_len) {
		const struct trace_event *e = &r->batch[r->batch_pos];
		enum run_status s;
		bool looked_up = false, walked = false;
		if (!replay_hit(r, e, &s, &looked_up)) {
			if (!looked_up || !replay_walk(r, e, &s))
				return;
			walked = true;
		}
		r->batch_pos++;
		r->last = e;
		r->events++;
		if (walked)
			prefetch_ahead(r);
		if (s != RUN_STEPPED)
			return; /* a data check failed: r->final says so */
	}
}

enum run_status run_all(struct run *r, char *err, size_t err_len)
{
	do
		run_hits(r);
	while (run_step(r, NULL, 0) == RUN_STEPPED);
	return final_status(r, err, err_len);
}

/* ---- opening and closing ------------------------------------------------- */

static struct pager_config pager_config_of(const struct mmusim_config *c,
					   const struct policy_ops *policy)
{
	struct pager_config pc = {
		.memory_pages = c->memory_pages,
		.swap_blocks = c->swap_blocks,
		.page_size = c->page_size,
		.arena_base = c->arena_base,
		.arena_pages = c->arena_pages,
		.policy = policy,
		.seed = c->seed,
		.hardware_ref_bits = c->hardware_ref_bits,
		.policy_setting_count = c->policy_param_count,
	};
	memcpy(pc.policy_settings, c->policy_params, sizeof pc.policy_settings);
	return pc;
}

/* OPT's pre-pass: read the whole trace once more (open_parts made sure
 * it can be: a regular file). */
static int build_future(struct run *r, char *err, size_t err_len)
{
	struct event_source *again = run_reopen(r, err, err_len);
	if (!again)
		return -1;
	r->future = future_build(again, &r->machine.geo, err, err_len);
	again->close(again);
	if (!r->future)
		return -1;
	r->machine.next_use = on_next_use;
	r->machine.next_use_arg = r;
	return 0;
}

static int open_parts(struct run *r, char *err, size_t err_len)
{
	const struct policy_ops *policy = policy_find(r->config.policy);
	if (!policy) {
		snprintf(err, err_len, "policy: unknown policy '%s'",
			 r->config.policy);
		return -1;
	}
	char why[64];
	snprintf(why, sizeof why, "policy %s reads the trace ahead", policy->name);
	if (policy->needs_future && trace_rereadable(r->path, why, err, err_len) != 0)
		return -1; /* before the first read: a pipe would lose what it gave */
	r->src = run_reopen(r, err, err_len);
	if (!r->src)
		return -1;
	char *folder = disk_folder_of(r->path);
	unsigned flags = (r->opt.write_files ? MACHINE_WRITE_FILES : 0) |
			 (r->dataless ? MACHINE_DATALESS : 0);
	int rc = folder ? machine_init(&r->machine, &r->config, folder, flags,
				       err, err_len)
			: -1;
	free(folder);
	if (rc != 0)
		return -1;
	if (policy->needs_future && build_future(r, err, err_len) != 0)
		return -1;
	if (r->logging || r->opt.on_note) {
		r->machine.observe = on_note;
		r->machine.observe_arg = r;
	}
	struct pager_config pc = pager_config_of(&r->config, policy);
	r->pager = pager_create(&pc, &r->machine.iface, err, err_len);
	if (!r->pager)
		return -1;
	if (r->opt.shadow) {
		r->shadow = shadow_create(&r->machine.geo, load_file_block, r);
		if (!r->shadow) {
			snprintf(err, err_len, "shadow: cannot model this arena");
			return -1;
		}
	}
	machine_attach(&r->machine, r->pager);
	pager_track_changes(r->pager, r->opt.check);
	if (!reserve(&r->scratch, &r->scratch_cap, r->config.page_size)) {
		snprintf(err, err_len, "out of memory");
		return -1;
	}
	return 0;
}

struct run *run_open(const struct mmusim_config *config,
		     const char *trace_path, const struct run_options *options,
		     char *err, size_t err_len)
{
	struct run *r = calloc(1, sizeof *r);
	if (!r || !(r->path = strdup(trace_path))) {
		free(r);
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	r->config = *config;
	run_options_default(&r->opt);
	if (options)
		r->opt = *options;
	r->current = -1;
	r->final = RUN_STEPPED;
	r->logging = r->opt.log != NULL;
	if (r->logging)
		log_init(&r->log, r->opt.log);
	r->dataless = r->opt.data == RUN_DATA_NONE;
	if (r->dataless && (r->opt.shadow || r->opt.write_files)) {
		snprintf(err, err_len, "a data-less replay keeps no bytes: not with %s",
			 r->opt.shadow ? "the shadow's check" : "--write-files");
		run_close(r);
		return NULL;
	}
	if (open_parts(r, err, err_len) != 0) {
		run_close(r);
		return NULL;
	}
	return r;
}

void run_close(struct run *r)
{
	if (!r)
		return;
	if (r->logging)
		log_fini(&r->log);
	if (r->src)
		r->src->close(r->src);
	pager_destroy(r->pager);
	shadow_destroy(r->shadow);
	future_destroy(r->future);
	if (machine_ready(&r->machine))
		machine_fini(&r->machine);
	free(r->scratch);
	free(r->name);
	free(r->path);
	free(r);
}

void run_result(const struct run *r, struct run_result *out)
{
	const struct pager_stats *st = pager_stats(r->pager);
	const struct machine *m = &r->machine;
	memset(out, 0, sizeof *out);
	out->config = r->config;
	snprintf(out->trace_path, sizeof out->trace_path, "%s", r->path);
	out->events = r->events;
	out->reads = r->reads;
	out->writes = r->writes;
	out->tlb_hits = m->tlb_hits;
	out->tlb_misses = m->tlb_misses;
	out->faults = m->faults;
	out->faults_invalid = m->faults_invalid;
	report_take_pager_stats(out, st);
	out->killed = r->killed;
	out->breakdown = m->cycles;
	out->mmu = m->mmu.stats;
	out->tlb_levels = machine_tlb_levels(m, out->tlb_level_hits,
					     out->tlb_level_misses);
	out->cycles = machine_total_cycles(m);
	out->window = r->window;
}

const struct pager *run_pager(const struct run *r) { return r->pager; }
const struct machine *run_machine(const struct run *r) { return &r->machine; }
const struct trace_event *run_last_event(const struct run *r) { return r->last; }
uint64_t run_events(const struct run *r) { return r->events; }
const struct run_window *run_window(const struct run *r) { return &r->window; }

uint64_t run_next_use(const struct run *r, int32_t pid, uint64_t vaddr)
{
	if (!r->future)
		return UINT64_MAX;
	/* future_next_use answers "after now"; event 0 is never an access
	 * (a process must start first), so 0 can stand for "from 0" */
	return future_next_use(r->future, pid, vaddr, r->events ? r->events - 1 : 0);
}
int32_t run_current_pid(const struct run *r) { return r->current; }

/* RUN_DATA_AUTO: can this run go without the bytes, and start again? */
static bool auto_dataless(const char *trace_path, const struct run_options *o)
{
	char err[256];
	return o->data == RUN_DATA_AUTO && !o->shadow && !o->write_files && !o->log &&
	       !o->on_note && trace_rereadable(trace_path, "", err, sizeof err) == 0;
}

static int run_once(const struct mmusim_config *config, const char *trace_path,
		    const struct run_options *options, struct run_result *out,
		    bool *needed_data, char *err, size_t err_len)
{
	struct run *r = run_open(config, trace_path, options, err, err_len);
	if (!r)
		return 2;
	enum run_status s = run_all(r, err, err_len);
	if (s == RUN_DONE && out)
		run_result(r, out);
	*needed_data = r->needed_data;
	run_close(r);
	return run_exit_code(s);
}

int run_trace(const struct mmusim_config *config, const char *trace_path,
	      const struct run_options *options, struct run_result *out,
	      char *err, size_t err_len)
{
	struct run_options o;
	run_options_default(&o);
	if (options)
		o = *options;
	bool needed_data = false;
	if (o.data != RUN_DATA_AUTO)
		return run_once(config, trace_path, &o, out, &needed_data, err, err_len);
	if (auto_dataless(trace_path, &o)) {
		o.data = RUN_DATA_NONE;
		int code = run_once(config, trace_path, &o, out, &needed_data, err, err_len);
		if (!needed_data)
			return code;
	}
	o.data = RUN_DATA_KEEP;
	return run_once(config, trace_path, &o, out, &needed_data, err, err_len);
}
