/*
 * live/live_run.c: the live pager's loop (live.h, docs/live.md). One
 * program process runs at a time; every other one waits for its reply on
 * its socket. A request is handled the way the trace replay handles the
 * same event (sim/replay/run.c), numbered as the line --record writes for
 * it, and answered with the entries of the process's page table that
 * changed since it last ran.
 */
#include "live.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "live_classic.h"
#include "live_machine.h"
#include "live_procs.h"
#include "live_record.h"
#include "live_spawn.h"
#include "log.h"
#include "page_data.h"
#include "pager.h"
#include "policy.h"

#define NONE UINT32_MAX
#define MAX_FAULTS_PER_ACCESS 4

struct live {
	const struct live_options *opt;
	const struct mmusim_config *config;
	struct live_machine machine;
	struct pager *pager;
	struct live_procs procs;
	struct live_record rec;
	struct run_log log;
	bool logging;
	struct classic_trace classic;
	uint32_t current;            /* the running process, NONE */
	bool started;                /* the first process said hello */
	int32_t last_id;
	uint64_t faults, faults_invalid, killed, reads, writes;
	int first_status;
	bool first_reaped;
	char failed[512];            /* an internal error ends the run */
	struct live_reply reply;
};

/* ---- the pager trace and the log ----------------------------------------- */

static void on_note(void *ctx, const struct pager_note *note)
{
	struct live *l = ctx;
	if (l->logging)
		log_note(&l->log, note);
}

static void on_io(void *ctx, bool write, const char *file, uint64_t block)
{
	struct live *l = ctx;
	classic_io(&l->classic, write, file, block);
}

/* A new event: its line of the recording, and the log's lines under it. */
static uint32_t event(struct live *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static uint32_t event(struct live *l, const char *fmt, ...)
{
	char *text = NULL; /* a name's store may be long: no fixed buffer */
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fputs("mmusim live: out of memory\n", stderr);
		abort();
	}
	uint32_t line = record_event(&l->rec, "%s", text);
	free(text);
	if (l->logging)
		log_begin(&l->log, line);
	return line;
}

static void event_done(struct live *l)
{
	if (l->logging)
		log_flush(&l->log);
	if (l->opt->log)
		fflush(l->opt->log);
}

static int32_t id_of(const struct live *l, uint32_t index)
{
	return l->procs.procs[index].id;
}

/* ---- answering a process ----------------------------------------------- */

/* Let process `index` go on: its changed entries, then the verdict. */
static void resume(struct live *l, uint32_t index, enum live_verdict verdict, int64_t result,
		   bool announce)
{
	struct live_proc *proc = &l->procs.procs[index];
	uint32_t valid = 0;
	const struct pte *table = proc->alive ? pager_page_table(l->pager, proc->id, &valid) : NULL;
	struct live_reply *r = &l->reply;
	r->verdict = verdict;
	r->result = result;
	r->page_size = l->config->page_size;
	r->arena_base = l->config->arena_base;
	r->arena_pages = l->config->arena_pages;
	r->count = verdict == LIVE_RUN ? live_procs_diff(proc, table, valid, l->config->arena_pages,
						    r->changes)
				       : 0;
	if (announce && verdict == LIVE_RUN)
		classic_returning(&l->classic, proc->id, table, valid);
	if (l->opt->log)
		fflush(l->opt->log);
	size_t len = offsetof(struct live_reply, changes) + r->count * sizeof r->changes[0];
	if (proc->socket >= 0)
		(void)send(proc->socket, r, len, MSG_NOSIGNAL); /* a dead one shows as EOF */
}

static void switch_to(struct live *l, uint32_t index)
{
	int32_t id = id_of(l, index);
	event(l, "switch %" PRId32, id);
	pager_switch(l->pager, id);
	if (l->logging)
		log_header(&l->log, "switch pid=%" PRId32, id);
	classic_switch(&l->classic, id);
	event_done(l);
	l->current = index;
}

/* The next ready process runs (after a yield, an exit or a kill). */
static void run_next(struct live *l)
{
	uint32_t next = live_procs_ready_pop(&l->procs);
	l->current = NONE;
	if (next == NONE)
		return;
	switch_to(l, next);
	resume(l, next, LIVE_RUN, 0, true);
}

/* ---- requests ------------------------------------------------------------ */

static void hello(struct live *l, uint32_t index)
{
	int32_t id = id_of(l, index);
	long parent = l->opt->stable_pids ? 0 : (long)getpid();
	event(l, "start %" PRId32, id);
	int rc = pager_fork(l->pager, -1, id);
	if (l->logging)
		log_header(&l->log, "start pid=%" PRId32 " => %d", id, rc);
	record_outcome(&l->rec, rc == 0 ? "0" : "-1");
	classic_create(&l->classic, parent, id, rc);
	l->started = true;
	l->procs.procs[index].alive = rc == 0;
	/* the first process runs at once, as a trace's first start does */
	pager_switch(l->pager, id);
	classic_switch(&l->classic, id);
	event_done(l);
	l->current = index;
	resume(l, index, LIVE_RUN, 0, true);
}

static bool permits(struct live *l, int32_t id, uint64_t addr, bool write)
{
	uint32_t valid = 0;
	const struct pte *table = pager_page_table(l->pager, id, &valid);
	uint64_t vpn = (addr - l->config->arena_base) / l->config->page_size;
	if (!table || vpn >= valid)
		return false;
	return write ? table[vpn].write_enable : table[vpn].read_enable;
}

/* The access faulted: vm_fault until the entry allows it, as the replay's
 * MMU retries; -1 kills the process. */
static void fault(struct live *l, uint32_t index, uint64_t addr, bool write)
{
	int32_t id = id_of(l, index);
	if (permits(l, id, addr, write)) {
		/* the entry changed while the process ran (another one, killed
		 * from outside, left a page it shared): no fault for the pager,
		 * as the replay's MMU would have walked to the new entry */
		resume(l, index, LIVE_RUN, 0, false);
		return;
	}
	event(l, "%s 0x%" PRIx64, write ? "w" : "r", addr);
	if (write)
		l->writes++;
	else
		l->reads++;
	for (int i = 0; i < MAX_FAULTS_PER_ACCESS; i++) {
		l->faults++;
		classic_fault(&l->classic, id, addr, write);
		int rc = pager_fault(l->pager, addr, write);
		classic_fault_returned(&l->classic, rc);
		if (rc != 0) {
			l->faults_invalid++;
			l->killed++;
			if (l->logging)
				log_line(&l->log, "kill pid=%" PRId32 " va=0x%" PRIx64, id, addr);
			record_outcome(&l->rec, "segv");
			pager_exit(l->pager);
			classic_destroy(&l->classic, id);
			l->procs.procs[index].alive = false;
			event_done(l);
			fprintf(stderr, "mmusim live: process %" PRId32 " killed: %s of 0x%" PRIx64
				" (vm_fault returned -1)\n", id, write ? "write" : "read", addr);
			resume(l, index, LIVE_KILL, 0, false);
			run_next(l);
			return;
		}
		if (permits(l, id, addr, write)) {
			event_done(l);
			resume(l, index, LIVE_RUN, 0, true);
			return;
		}
	}
	snprintf(l->failed, sizeof l->failed,
		 "internal: the pager handled %d faults on 0x%" PRIx64 " but the %s still faults",
		 MAX_FAULTS_PER_ACCESS, addr, write ? "store" : "load");
}

/*
 * A file name that lies in pages the process may write: the program wrote
 * it without faults, so the recording writes it too, just before the map
 * (an access that cannot fault, and that the replay's policy sees as this
 * run's does). Bytes that run off the last valid page without a NUL (the
 * map fails) are written as a sized store, whose bytes are never zero.
 * Returns whether it wrote them.
 */
static bool place_name(struct live *l, uint32_t index, uint64_t addr)
{
	int32_t id = id_of(l, index);
	uint32_t valid = 0;
	const struct pte *table = pager_page_table(l->pager, id, &valid);
	const uint64_t base = l->config->arena_base, page = l->config->page_size;
	size_t len = 0, cap = 64;
	uint8_t *name = malloc(cap);
	uint32_t frames[LIVE_MAX_ARENA_PAGES + 1], pieces = 0;
	bool found = false, ran_off = false;
	for (uint64_t va = addr; name && !found; va++) {
		uint64_t vpn = (va - base) / page;
		if (va < base || vpn >= valid || !table[vpn].write_enable) {
			ran_off = va >= base && vpn >= valid && va > addr;
			break;
		}
		if (va == addr || (va - base) % page == 0) {
			if (pieces == LIVE_MAX_ARENA_PAGES + 1)
				break;
			frames[pieces++] = table[vpn].ppage;
		}
		if (len == cap) {
			uint8_t *more = realloc(name, cap *= 2);
			if (!more)
				break;
			name = more;
		}
		name[len] = l->machine.physmem[(size_t)table[vpn].ppage * page + (va - base) % page];
		found = name[len++] == 0;
	}
	char *quoted = found ? malloc(len * 4 + 3) : NULL;
	bool placed = quoted || ran_off;
	if (quoted) {
		record_quote(name, len - 1, quoted, len * 4 + 3);
		event(l, "w 0x%" PRIx64 " %s", addr, quoted);
		free(quoted);
	} else if (ran_off) {
		event(l, "w 0x%" PRIx64 " %zu", addr, len);
	}
	if (placed) {
		l->writes += pieces;
		if (pager_wants_accesses(l->pager))
			for (uint32_t i = 0; i < pieces; i++)
				pager_accessed(l->pager, frames[i], true);
		event_done(l);
	}
	free(name);
	return placed;
}

/* The NUL-terminated bytes at addr as the process's memory holds them
 * (frames and blocks, read without an access), malloc'd; NULL when they
 * run off its valid pages or a block cannot be read. */
static uint8_t *stored_name(struct live *l, int32_t id, uint64_t addr, size_t *len)
{
	const struct page_data_store store = {
		.pager = l->pager, .disk = l->machine.disk, .physmem = l->machine.physmem,
		.page_size = l->config->page_size,
	};
	uint8_t *name = NULL;
	size_t have = 0;
	for (uint64_t va = addr;;) {
		size_t room = store.page_size - va % store.page_size;
		uint8_t *more = realloc(name, have + room);
		if (!more || page_data_read(&store, id, va, more + have, room) != PAGE_DATA_OK) {
			free(more ? more : name);
			return NULL;
		}
		name = more;
		uint8_t *nul = memchr(name + have, 0, room);
		if (nul) {
			*len = (size_t)(nul - name);
			return name;
		}
		have += room;
		va += room;
	}
}

/*
 * A file name in pages the process may not write now (evicted, its bit
 * cleared, copy-on-write) was stored before that: `put ADDR "name"` just
 * before the map places it in the replay's memory where the program's
 * stores left it, without an access (docs/trace.md). Returns whether it
 * did: not when the name runs off the valid pages (the map fails; the
 * replay reads what its memory holds there). Done with or without
 * --record: the line is numbered either way, so the --log of a run says
 * the same line numbers whether it is recorded or not.
 */
static bool put_name(struct live *l, uint32_t index, uint64_t addr)
{
	size_t len;
	uint8_t *name = stored_name(l, id_of(l, index), addr, &len);
	char *quoted = name ? malloc(len * 4 + 3) : NULL;
	if (quoted) {
		record_quote(name, len, quoted, len * 4 + 3);
		event(l, "put 0x%" PRIx64 " %s", addr, quoted);
		event_done(l);
	}
	free(quoted);
	free(name);
	return quoted != NULL;
}

static void map(struct live *l, uint32_t index, bool file, uint64_t addr, uint64_t block)
{
	int32_t id = id_of(l, index);
	bool placed = file && (place_name(l, index, addr) || put_name(l, index, addr));
	if (file)
		event(l, "map file 0x%" PRIx64 " %" PRIu64, addr, block);
	else
		event(l, "map swap");
	classic_map(&l->classic, id, file ? addr : 0, block);
	uint64_t va = 0;
	int rc = pager_map(l->pager, file, addr, block, &va);
	char got[32];
	snprintf(got, sizeof got, rc == 0 ? "0x%" PRIx64 : "null", va);
	if (l->logging) {
		if (file)
			log_header(&l->log, "map file pid=%" PRId32 " name=0x%" PRIx64
				   " block=%" PRIu64 " => %s", id, addr, block, got);
		else
			log_header(&l->log, "map swap pid=%" PRId32 " => %s", id, got);
	}
	record_outcome(&l->rec, got);
	uint32_t valid = 0;
	pager_page_table(l->pager, id, &valid);
	bool readable = addr >= l->config->arena_base &&
			(addr - l->config->arena_base) / l->config->page_size < valid;
	/* a name outside the valid pages cannot be read in the replay either */
	if (file && !placed && readable && l->opt->record)
		fprintf(stderr, "mmusim live: warning: --record: the file name at 0x%" PRIx64
			" runs off the valid pages and could not be placed in the recording; "
			"its replay reads what its memory holds there (docs/live.md)\n", addr);
	classic_map_returned(&l->classic, rc == 0 ? va : 0);
	event_done(l);
	resume(l, index, LIVE_RUN, rc == 0 ? (int64_t)va : 0, true);
}

static void yield(struct live *l, uint32_t index)
{
	if (l->procs.ready_len == 0) {
		resume(l, index, LIVE_RUN, 0, true);
		return;
	}
	live_procs_ready_push(&l->procs, index);
	run_next(l);
}

static void fork_child(struct live *l, uint32_t index, pid_t real, int socket)
{
	int32_t id = id_of(l, index);
	int32_t child = l->opt->stable_pids ? ++l->last_id : (int32_t)real;
	event(l, "fork %" PRId32 " %" PRId32, id, child);
	int rc = socket >= 0 ? pager_fork(l->pager, id, child) : -1;
	if (l->logging)
		log_header(&l->log, "fork parent=%" PRId32 " child=%" PRId32 " => %d", id, child, rc);
	record_outcome(&l->rec, rc == 0 ? "0" : "-1");
	classic_create(&l->classic, id, child, rc);
	if (rc == 0) {
		uint32_t c = live_procs_add(&l->procs, real, child, socket);
		struct live_proc *kid = &l->procs.procs[c], *parent = &l->procs.procs[index];
		memcpy(kid->mapped, parent->mapped, sizeof kid->mapped);
		live_procs_ready_push(&l->procs, c);
	} else if (socket >= 0) {
		struct live_reply fail = {.verdict = LIVE_FAIL};
		(void)send(socket, &fail, offsetof(struct live_reply, changes), MSG_NOSIGNAL);
		close(socket);
	}
	event_done(l);
	resume(l, index, LIVE_RUN, rc, true);
}

/* ---- processes that end ---------------------------------------------------- */

static void reap_first(struct live *l)
{
	if (l->first_reaped)
		return;
	int status = 0;
	pid_t got;
	do
		got = waitpid(l->procs.procs[0].real, &status, 0);
	while (got < 0 && errno == EINTR);
	l->first_reaped = true;
	if (got < 0)
		l->first_status = 2;
	else if (WIFSIGNALED(status))
		l->first_status = 128 + WTERMSIG(status);
	else
		l->first_status = WEXITSTATUS(status);
}

static void destroy(struct live *l, uint32_t index)
{
	int32_t id = id_of(l, index);
	event(l, "exit");
	if (l->logging)
		log_header(&l->log, "exit pid=%" PRId32, id);
	classic_destroy(&l->classic, id);
	pager_exit(l->pager);
	l->procs.procs[index].alive = false;
	event_done(l);
}

/* The process's socket closed: it exited, crashed or was killed. */
static void gone(struct live *l, uint32_t index)
{
	struct live_proc *proc = &l->procs.procs[index];
	close(proc->socket);
	proc->socket = -1;
	if (index == 0)
		reap_first(l);
	if (!proc->alive)
		return;
	if (index == l->current) {
		destroy(l, index);
		run_next(l);
		return;
	}
	/* killed from outside while it waited for its turn */
	uint32_t running = l->current;
	live_procs_ready_remove(&l->procs, index);
	switch_to(l, index);
	destroy(l, index);
	l->current = NONE;
	if (running != NONE && l->procs.procs[running].alive)
		switch_to(l, running);
}

/* ---- the loop ------------------------------------------------------------ */

/* One message from the running process; false when its socket closed. */
static bool receive(struct live *l, uint32_t index)
{
	struct live_proc *proc = &l->procs.procs[index];
	struct live_request req;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	struct iovec iov = {.iov_base = &req, .iov_len = sizeof req};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = control.buf, .msg_controllen = sizeof control.buf};
	ssize_t n;
	do
		n = recvmsg(proc->socket, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	int passed = -1;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); n > 0 && c; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			memcpy(&passed, CMSG_DATA(c), sizeof passed);
	if (n != (ssize_t)sizeof req) {
		if (passed >= 0)
			close(passed);
		return false;
	}
	if (index != l->current) {
		if (passed >= 0)
			close(passed);
		return true; /* a process that waits says nothing; ignore it */
	}
	bool in_arena = req.addr >= l->config->arena_base &&
			(req.addr - l->config->arena_base) / l->config->page_size <
				l->config->arena_pages;
	switch (req.op) {
	case LIVE_HELLO:
		if (!l->started && index == 0) {
			hello(l, index);
			return true;
		}
		break;
	case LIVE_FAULT:
		if (l->started && in_arena) {
			fault(l, index, req.addr, req.write != 0);
			return true;
		}
		break;
	case LIVE_MAP:
		if (l->started) {
			map(l, index, req.write != 0, req.addr, req.block);
			return true;
		}
		break;
	case LIVE_YIELD:
		if (l->started) {
			yield(l, index);
			return true;
		}
		break;
	case LIVE_FORK:
		if (l->started) {
			fork_child(l, index, (pid_t)req.pid, passed);
			return true;
		}
		break;
	case LIVE_CRASH:
		fprintf(stderr, "mmusim live: process %" PRId32 ": segmentation fault at 0x%"
			PRIx64 ", outside the arena\n", proc->id, req.addr);
		resume(l, index, LIVE_RUN, 0, false);
		return true;
	}
	if (passed >= 0)
		close(passed);
	return false; /* not the protocol: treat it as gone */
}

static int loop(struct live *l)
{
	struct pollfd *fds = NULL;
	uint32_t *who = NULL, cap = 0;
	while (!l->failed[0]) {
		if (l->started && l->current == NONE && l->procs.ready_len == 0)
			break;
		if (!l->started && l->procs.procs[0].socket < 0)
			break;
		if (l->procs.count > cap) {
			cap = l->procs.count * 2;
			fds = realloc(fds, cap * sizeof *fds);
			who = realloc(who, cap * sizeof *who);
			if (!fds || !who)
				abort();
		}
		nfds_t n = 0;
		for (uint32_t i = 0; i < l->procs.count; i++)
			if (l->procs.procs[i].socket >= 0) {
				fds[n] = (struct pollfd){.fd = l->procs.procs[i].socket, .events = POLLIN};
				who[n++] = i;
			}
		if (n == 0)
			break;
		if (poll(fds, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			snprintf(l->failed, sizeof l->failed, "poll: %s", strerror(errno));
			break;
		}
		for (nfds_t i = 0; i < n; i++) {
			if (!fds[i].revents)
				continue;
			if (!(fds[i].revents & POLLIN) || !receive(l, who[i]))
				gone(l, who[i]);
			break; /* the state changed: look again */
		}
	}
	free(fds);
	free(who);
	return l->failed[0] ? -1 : 0;
}

/* ---- setting up and ending ------------------------------------------------ */

int live_config_check(const struct mmusim_config *c, char *err, size_t err_len)
{
	const struct policy_ops *policy = policy_find(c->policy);
	if (c->page_size != 65536)
		snprintf(err, err_len, "page_size: the live mode's pages are vm_arena.h's "
			 "VM_PAGESIZE, 65536 bytes, not %" PRIu32, c->page_size);
	else if (c->arena_base != 0x600000000ull)
		snprintf(err, err_len, "arena_base: the live mode's arena is at vm_arena.h's "
			 "VM_ARENA_BASEADDR, 0x600000000");
	else if (c->arena_pages > LIVE_MAX_ARENA_PAGES)
		snprintf(err, err_len, "arena_pages: at most %d in the live mode (vm_arena.h's "
			 "VM_ARENA_SIZE), not %" PRIu32, LIVE_MAX_ARENA_PAGES, c->arena_pages);
	else if (c->hardware_ref_bits)
		snprintf(err, err_len, "ref_bits: \"hardware\" needs the simulated MMU; the live "
			 "mode sees faults only (record with --record and replay the trace)");
	else if (!policy)
		snprintf(err, err_len, "policy: unknown policy '%s'", c->policy);
	else if (policy->needs_future)
		snprintf(err, err_len, "policy: %s needs the whole run in advance; record it "
			 "with --record and replay the trace with mmusim run", c->policy);
	else
		return 0;
	return -1;
}

static void result_of(const struct live *l, struct run_result *out)
{
	const struct pager_stats *st = pager_stats(l->pager);
	memset(out, 0, sizeof *out);
	out->config = *l->config;
	snprintf(out->trace_path, sizeof out->trace_path, "%s", l->opt->argv[0]);
	out->events = l->rec.events;
	out->reads = l->reads;
	out->writes = l->writes;
	out->faults = l->faults;
	out->faults_invalid = l->faults_invalid;
	report_take_pager_stats(out, st);
	out->killed = l->killed;
}

/* The recording's folder must take a file before the program runs (the
 * file itself is written at the end, all or nothing). */
static int record_folder_ok(const char *path, char *err, size_t err_len)
{
	char *copy = strdup(path);
	if (!copy)
		return -1;
	char *slash = strrchr(copy, '/');
	const char *folder = !slash ? "." : slash == copy ? "/" : (*slash = '\0', copy);
	int ok = access(folder, W_OK | X_OK) == 0;
	if (!ok)
		snprintf(err, err_len, "%s: cannot write a file in %s: %s", path, folder,
			 strerror(errno));
	free(copy);
	return ok ? 0 : -1;
}

static int setup(struct live *l, char *err, size_t err_len)
{
	const struct mmusim_config *c = l->config;
	if (live_config_check(c, err, err_len) != 0)
		return -1;
	if (l->opt->record && record_folder_ok(l->opt->record, err, err_len) != 0)
		return -1;
	if (live_machine_init(&l->machine, c->memory_pages, c->page_size, c->swap_blocks,
			      l->opt->write_files, err, err_len) != 0)
		return -1;
	l->machine.on_note = on_note;
	l->machine.on_io = on_io;
	l->machine.observer = l;
	struct pager_config pc = {
		.memory_pages = c->memory_pages, .swap_blocks = c->swap_blocks,
		.page_size = c->page_size, .arena_base = c->arena_base,
		.arena_pages = c->arena_pages, .policy = policy_find(c->policy),
		.seed = c->seed, .hardware_ref_bits = false,
	};
	l->pager = pager_create(&pc, &l->machine.iface, err, err_len);
	return l->pager ? 0 : -1;
}

/* Every descendant has ended (the pager is their subreaper): reap them. */
static void reap_all(void)
{
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
}

int live_run(const struct live_options *opt, struct live_outcome *out, char *err,
	     size_t err_len)
{
	struct live *l = calloc(1, sizeof *l);
	if (!l) {
		snprintf(err, err_len, "out of memory");
		return 2;
	}
	l->opt = opt;
	l->config = opt->config;
	l->current = NONE;
	l->machine.memfd = -1;
	live_procs_init(&l->procs);
	record_init(&l->rec, opt->record != NULL, opt->config, opt->argv);
	l->logging = opt->log && opt->log_format == LIVE_LOG_MMUSIM;
	if (l->logging)
		log_init(&l->log, opt->log);
	l->classic = (struct classic_trace){
		.out = opt->log && opt->log_format != LIVE_LOG_MMUSIM ? opt->log : NULL,
		.newer = opt->log_format == LIVE_LOG_CLASSIC_B,
		.page_size = opt->config->page_size, .arena_base = opt->config->arena_base,
	};
	int code = 2;
	if (setup(l, err, err_len) == 0) {
		prctl(PR_SET_CHILD_SUBREAPER, 1);
		classic_started(&l->classic, l->config->memory_pages);
		int sock = -1;
		pid_t pid = live_spawn(opt->argv, l->machine.memfd, &sock, err, err_len);
		if (pid > 0) {
			l->last_id = opt->stable_pids ? 1 : (int32_t)pid;
			live_procs_add(&l->procs, pid, l->last_id, sock);
			l->procs.procs[0].alive = false; /* until its hello */
			l->current = 0;
			int rc = loop(l);
			for (uint32_t i = 0; i < l->procs.count; i++)
				if (l->procs.procs[i].socket >= 0)
					close(l->procs.procs[i].socket);
			reap_first(l);
			reap_all();
			if (rc != 0)
				snprintf(err, err_len, "%s", l->failed);
			else if (!l->started)
				snprintf(err, err_len, "%s ended (status %d) without connecting to the "
					 "pager: link it with the application library (pkg-config "
					 "--libs mmusim-app; docs/live.md)", opt->argv[0], l->first_status);
			else if (opt->record &&
				 record_write(&l->rec, opt->record, err, err_len) != 0)
				;
			else
				code = 0;
			if (code == 0) {
				result_of(l, &out->result);
				out->status = l->first_status;
			}
		}
	}
	if (l->logging)
		log_fini(&l->log);
	pager_destroy(l->pager);
	live_machine_fini(&l->machine);
	record_fini(&l->rec);
	live_procs_fini(&l->procs);
	free(l);
	return code;
}
