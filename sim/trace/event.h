/*
 * sim/trace/event.h: one trace event, whatever format it was read from
 * (../shared/spec/trace.md; docs/trace-formats.md for the binary form), and the
 * interface every trace reader implements.
 */
#ifndef MMUSIM_SIM_EVENT_H
#define MMUSIM_SIM_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum event_op {
	EV_START,      /* start PID                 : pid */
	EV_FORK,       /* fork PARENT CHILD         : pid = parent, child */
	EV_SWITCH,     /* switch PID                : pid */
	EV_MAP_SWAP,   /* map swap */
	EV_MAP_FILE,   /* map file ADDR BLOCK       : addr, arg = block */
	EV_READ,       /* r ADDR [SIZE]             : addr, arg = size (>= 1) */
	EV_WRITE,      /* w ADDR [SIZE]             : addr, arg = size (>= 1) */
	EV_READ_TEXT,  /* r ADDR "TEXT"             : addr, text, arg = text_len */
	EV_WRITE_TEXT, /* w ADDR "TEXT" (+ NUL)     : addr, text, arg = text_len */
	EV_EXIT,       /* exit */
	EV_COMPUTE,    /* compute N                 : arg = N */
	EV_RESET,      /* reset: the measurement window starts (counters to 0) */
	EV_DISCARD,    /* discard ADDR: the page's data is dropped : addr */
	EV_PUT,        /* put ADDR "TEXT" (+ NUL)   : addr, text, arg = text_len */
	EV_OP_COUNT
};

enum expect_kind {
	EXPECT_NONE,
	EXPECT_VALUE,  /* => NUMBER: a map's address, or 0 for start/fork */
	EXPECT_FAIL,   /* => -1 (start, fork) */
	EXPECT_NULL,   /* => null (map) */
	EXPECT_SEGV,   /* => segv (r, w: the process is killed) */
	EXPECT_OK,     /* => ok   (r, w: the access completes) */
};

struct trace_event {
	uint8_t op;           /* enum event_op */
	uint8_t expect;       /* enum expect_kind */
	uint32_t line;        /* 1-based line (text), record number (binary) */
	int32_t pid;          /* START, FORK (parent), SWITCH */
	int32_t child;        /* FORK */
	uint64_t addr;        /* MAP_FILE, READ*, WRITE*, DISCARD */
	uint64_t arg;         /* size, block, text length, or compute cycles */
	uint64_t expect_value;
	/* READ_TEXT, WRITE_TEXT, PUT: the bytes (escapes decoded, no NUL added),
	 * valid until the next fill of the source that produced them. */
	const uint8_t *text;
};

/*
 * A trace source hands out events in batches, so the replay loop makes one
 * indirect call per batch, not per event.
 *   fill: write up to `cap` events; return how many (0 at the end), or -1
 *         after writing "FILE:LINE: what is wrong" into err.
 */
struct event_source {
	int (*fill)(struct event_source *src, struct trace_event *events, int cap,
		    char *err, size_t err_len);
	void (*close)(struct event_source *src);
	const char *path;     /* as given by the user */
};

/* The one store pattern: byte i of `w ADDR SIZE` on trace line `line`
 * (never zero). */
static inline uint8_t event_store_byte(uint32_t line, uint64_t i)
{
	return (uint8_t)(1 + ((uint64_t)line * 31 % 255 + i % 255) % 255);
}

/* Bytes from .. from+len-1 of the same pattern into out: out[k] ==
 * event_store_byte(line, from + k), two divisions for the whole piece
 * instead of two a byte (the replay's stores). */
static inline void event_store_fill(uint32_t line, uint64_t from,
				    uint8_t *out, size_t len)
{
	uint32_t v = (uint32_t)(((uint64_t)line * 31 % 255 + from % 255) % 255);
	for (size_t k = 0; k < len; k++) {
		out[k] = (uint8_t)(1 + v);
		v = v == 254 ? 0 : v + 1;
	}
}

const char *event_op_name(enum event_op op);

#endif
