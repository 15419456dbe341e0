/*
 * live/app/app_core.c: the program's side of the live mode: the connection
 * to the pager, the arena's mappings, the SIGSEGV handler that turns a
 * missing permission into vm_fault, and vm_map / vm_yield.
 *
 * The state below is the process's own (each program process has one
 * connection and one arena): the library is loaded once per process, so it
 * cannot be handed around as an argument to the program's calls.
 */
#include "app_internal.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <ucontext.h>
#include <unistd.h>

#include "vm_app.h"

struct live_app live_app = {.socket = -1, .memory = -1};

/* A message without stdio (signal handlers, half-initialised processes). */
void live_app_say(const char *a, const char *b)
{
	const char *parts[] = {"mmusim live: ", a, b, "\n"};
	for (size_t i = 0; i < 4; i++)
		if (parts[i]) {
			ssize_t n = write(2, parts[i], strlen(parts[i]));
			(void)n;
		}
}

static void not_under_live(const char *call)
{
	live_app_say(call, ": this program uses the mmusim application library; "
			   "run it with `mmusim live PROGRAM` (docs/live.md)");
	exit(2);
}

/* Apply every changed entry the pager sent: mapped from the physical
 * memory file with the entry's permissions, or no access at all. */
static void apply(const struct live_reply *r)
{
	for (uint32_t i = 0; i < r->count && i < LIVE_MAX_ARENA_PAGES; i++) {
		const struct live_change *c = &r->changes[i];
		void *at = (void *)(uintptr_t)(live_app.arena_base +
					       (uint64_t)c->vpn * live_app.page_size);
		void *got;
		if (c->prot == LIVE_PROT_NONE)
			got = mmap(at, live_app.page_size, PROT_NONE,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
		else
			got = mmap(at, live_app.page_size,
				   c->prot == LIVE_PROT_RW ? PROT_READ | PROT_WRITE : PROT_READ,
				   MAP_SHARED | MAP_FIXED, live_app.memory,
				   (off_t)((uint64_t)c->ppage * live_app.page_size));
		if (got == MAP_FAILED) {
			live_app_say("cannot map an arena page: ", strerror(errno));
			_exit(2);
		}
	}
}

int live_app_send(const struct live_request *req, int pass_fd)
{
	struct iovec iov = {.iov_base = (void *)req, .iov_len = sizeof *req};
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	if (pass_fd >= 0) {
		memset(&control, 0, sizeof control);
		msg.msg_control = control.buf;
		msg.msg_controllen = sizeof control.buf;
		struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &pass_fd, sizeof(int));
	}
	ssize_t n;
	do
		n = sendmsg(live_app.socket, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)sizeof *req ? 0 : -1;
}

void live_app_wait(struct live_reply *reply)
{
	ssize_t n;
	do
		n = recv(live_app.socket, reply, sizeof *reply, 0);
	while (n < 0 && errno == EINTR);
	if (n < (ssize_t)offsetof(struct live_reply, changes)) {
		/* the pager is gone (killed, or it ended the run): so are we */
		_exit(2);
	}
	live_app.page_size = reply->page_size;
	live_app.arena_base = reply->arena_base;
	live_app.arena_pages = reply->arena_pages;
	if (reply->verdict == LIVE_FAIL)
		_exit(2);
	apply(reply);
}

/* One request, one reply; the changes are applied on return. */
static void call(struct live_request *req, struct live_reply *reply)
{
	int saved = errno;
	if (live_app_send(req, -1) != 0)
		_exit(2);
	live_app_wait(reply);
	errno = saved;
}

static bool in_arena(uintptr_t addr)
{
	return addr >= live_app.arena_base &&
	       (addr - live_app.arena_base) / live_app.page_size < live_app.arena_pages;
}

/* x86-64: bit 1 of the page-fault error code says the access was a store. */
static bool fault_was_write(const void *context)
{
#if defined(__x86_64__)
	const ucontext_t *uc = context;
	return (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
#else
#error "the live mode reads the fault's write flag from the x86-64 context: port fault_was_write"
#endif
}

static void die_natively(void)
{
	signal(SIGSEGV, SIG_DFL); /* returning re-runs the access, which faults again */
}

static void on_segv(int sig, siginfo_t *info, void *context)
{
	(void)sig;
	uintptr_t addr = (uintptr_t)info->si_addr;
	struct live_request req = {.addr = addr};
	struct live_reply reply;
	if (live_app.socket < 0 || !in_arena(addr)) {
		if (live_app.socket >= 0) {
			req.op = LIVE_CRASH;
			call(&req, &reply);
		}
		die_natively();
		return;
	}
	req.op = LIVE_FAULT;
	req.write = fault_was_write(context);
	call(&req, &reply);
	if (reply.verdict == LIVE_KILL)
		die_natively();
}

static void reserve_arena(void)
{
	size_t len = (size_t)(live_app.arena_pages * live_app.page_size);
	void *at = (void *)(uintptr_t)live_app.arena_base;
	if (mmap(at, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
		 MAP_FIXED_NOREPLACE, -1, 0) != at) {
		live_app_say("cannot reserve the arena: ", strerror(errno));
		_exit(2);
	}
}

/* Early (priority 101), before C++ static constructors that may map pages. */
__attribute__((constructor(101))) static void live_app_start(void)
{
	const char *sock = getenv(LIVE_ENV_SOCKET), *mem = getenv(LIVE_ENV_MEMORY);
	if (!sock || !mem)
		return;
	live_app.socket = atoi(sock);
	live_app.memory = atoi(mem);
	unsetenv(LIVE_ENV_SOCKET);
	unsetenv(LIVE_ENV_MEMORY);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	struct live_request req = {.op = LIVE_HELLO, .pid = getpid()};
	if (live_app_send(&req, -1) != 0)
		_exit(2);
	struct live_reply reply;
	/* the geometry comes with the reply; reserve before applying */
	ssize_t n;
	do
		n = recv(live_app.socket, &reply, sizeof reply, MSG_PEEK);
	while (n < 0 && errno == EINTR);
	if (n < (ssize_t)offsetof(struct live_reply, changes))
		_exit(2);
	live_app.page_size = reply.page_size;
	live_app.arena_base = reply.arena_base;
	live_app.arena_pages = reply.arena_pages;
	reserve_arena();
	live_app_wait(&reply);
	live_app_link_intercepts();
}

void *vm_map(const char *filename, unsigned int block)
{
	if (live_app.socket < 0)
		not_under_live("vm_map");
	struct live_request req = {.op = LIVE_MAP, .addr = (uintptr_t)filename,
				   .block = block, .write = filename != NULL};
	struct live_reply reply;
	call(&req, &reply);
	return (void *)(uintptr_t)reply.result;
}

void vm_yield(void)
{
	if (live_app.socket < 0)
		not_under_live("vm_yield");
	struct live_request req = {.op = LIVE_YIELD};
	struct live_reply reply;
	call(&req, &reply);
}
