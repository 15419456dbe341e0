/*
 * live/app/live_proto.h: the messages between a program's application
 * library and the live pager (docs/live.md, "How it works"). One
 * SOCK_SEQPACKET socket per process; every request gets one reply, and
 * the process does nothing else until the reply came and its mappings are
 * applied. The pager passes the socket and the physical-memory file as
 * the descriptors named by the environment variables below.
 */
#ifndef MMUSIM_LIVE_PROTO_H
#define MMUSIM_LIVE_PROTO_H

#include <stdint.h>

#define LIVE_ENV_SOCKET "MMUSIM_LIVE_SOCKET"
#define LIVE_ENV_MEMORY "MMUSIM_LIVE_MEMORY"
#define LIVE_MAX_ARENA_PAGES 256

enum live_op {
	LIVE_HELLO = 1, /* the first program started: vm_create(pager, pid) */
	LIVE_FAULT,     /* addr, write: vm_fault */
	LIVE_MAP,       /* addr (0: swap), block, file: vm_map */
	LIVE_YIELD,     /* vm_yield */
	LIVE_FORK,      /* pid: the new child, its socket passed along */
	LIVE_CRASH,     /* addr: a SIGSEGV outside the arena, dying natively */
};

struct live_request {
	uint32_t op;
	uint32_t write;  /* LIVE_FAULT; LIVE_MAP: 1 for a file */
	uint64_t addr;
	uint64_t block;
	int64_t pid;     /* LIVE_HELLO: own pid; LIVE_FORK: the child's */
};

/* Reply: run on (after applying the changes), or die. */
enum live_verdict { LIVE_RUN = 1, LIVE_KILL, LIVE_FAIL };

enum live_prot { LIVE_PROT_NONE = 0, LIVE_PROT_READ = 1, LIVE_PROT_RW = 3 };

struct live_change {
	uint32_t vpn;
	uint32_t ppage;
	uint32_t prot;   /* enum live_prot */
};

struct live_reply {
	uint32_t verdict;
	uint32_t count;          /* changes that follow */
	int64_t result;          /* fork: 0 or -1; map: the address, 0 null */
	uint64_t page_size;      /* every reply: the arena's geometry */
	uint64_t arena_base;
	uint64_t arena_pages;
	struct live_change changes[LIVE_MAX_ARENA_PAGES];
};

#endif
