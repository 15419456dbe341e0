/* sim/replay/log.c: the --log lines (docs/log.md), buffered per event so an
 * event's header line can be placed before the pager work it caused. */
#include "log.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Write out once this much is buffered (at an event boundary). */
#define LOG_FLUSH_AT (1u << 20)

void log_init(struct run_log *log, FILE *out)
{
	memset(log, 0, sizeof *log);
	log->out = out;
}

void log_flush(struct run_log *log)
{
	if (log->len)
		fwrite(log->buf, 1, log->len, log->out);
	log->len = log->mark = 0;
}

void log_fini(struct run_log *log)
{
	log_flush(log);
	fflush(log->out);
	free(log->buf);
	memset(log, 0, sizeof *log);
}

void log_begin(struct run_log *log, uint32_t line)
{
	if (log->len >= LOG_FLUSH_AT)
		log_flush(log);
	log->mark = log->len;
	log->line = line;
}

static void reserve(struct run_log *log, size_t more)
{
	if (log->len + more <= log->cap)
		return;
	size_t cap = log->cap ? log->cap : 4096;
	while (cap < log->len + more)
		cap *= 2;
	char *buf = realloc(log->buf, cap);
	if (!buf) {
		fputs("mmusim: out of memory for the log\n", stderr);
		abort();
	}
	log->buf = buf;
	log->cap = cap;
}

/* Append "LINE " + formatted text + "\n". */
static void append(struct run_log *log, const char *fmt, va_list ap)
{
	char prefix[16];
	int plen = snprintf(prefix, sizeof prefix, "%" PRIu32 " ", log->line);
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	reserve(log, (size_t)plen + (size_t)n + 2);
	memcpy(log->buf + log->len, prefix, (size_t)plen);
	log->len += (size_t)plen;
	vsnprintf(log->buf + log->len, (size_t)n + 1, fmt, ap);
	log->len += (size_t)n;
	log->buf[log->len++] = '\n';
}

void log_line(struct run_log *log, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	append(log, fmt, ap);
	va_end(ap);
}

void log_header(struct run_log *log, const char *fmt, ...)
{
	size_t before = log->len;
	va_list ap;
	va_start(ap, fmt);
	append(log, fmt, ap);
	va_end(ap);
	/* rotate the new line to the mark: [mark, before) [before, len) */
	size_t head = log->len - before, tail = before - log->mark;
	if (tail == 0)
		return;
	reserve(log, head);
	char *b = log->buf;
	memcpy(b + log->len, b + before, head);           /* save the header */
	memmove(b + log->mark + head, b + log->mark, tail); /* shift lines */
	memcpy(b + log->mark, b + log->len, head);
}

const char *log_cause_name(enum fault_cause cause)
{
	switch (cause) {
	case CAUSE_INVALID: return "invalid";
	case CAUSE_ZERO_FILL: return "zero-fill";
	case CAUSE_READ_IN: return "read-in";
	case CAUSE_REFERENCE: return "reference";
	case CAUSE_DIRTY: return "dirty";
	case CAUSE_COW: return "cow";
	case CAUSE_NONE: return "none";
	}
	return "?";
}

const char *log_quote(const uint8_t *bytes, size_t len, char *buf, size_t cap)
{
	size_t n = 0;
	buf[n++] = '"';
	size_t i = 0;
	for (; i < len && n + 10 < cap; i++) {
		uint8_t c = bytes[i];
		if (c == '"' || c == '\\')
			n += (size_t)snprintf(buf + n, cap - n, "\\%c", c);
		else if (c == '\n')
			n += (size_t)snprintf(buf + n, cap - n, "\\n");
		else if (c == '\t')
			n += (size_t)snprintf(buf + n, cap - n, "\\t");
		else if (c == 0)
			n += (size_t)snprintf(buf + n, cap - n, "\\0");
		else if (c < 0x20 || c > 0x7e)
			n += (size_t)snprintf(buf + n, cap - n, "\\x%02x", c);
		else
			buf[n++] = (char)c;
	}
	buf[n++] = '"';
	if (i < len && n + 4 <= cap) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
	return buf;
}

static void log_io(struct run_log *log, const char *verb,
		   const struct pager_note *n)
{
	const char *failed = n->failed ? " failed" : "";
	if (!n->file) {
		log_line(log, "%s swap block=%" PRIu64 " frame=%" PRIu32 "%s",
			 verb, n->block, n->frame, failed);
		return;
	}
	char name[1024];
	log_line(log, "%s file %s block=%" PRIu64 " frame=%" PRIu32 "%s", verb,
		 log_quote((const uint8_t *)n->file, strlen(n->file), name,
			   sizeof name), n->block, n->frame, failed);
}

void log_note(struct run_log *log, const struct pager_note *n)
{
	switch (n->kind) {
	case NOTE_FAULT:
		log_line(log, "fault pid=%d va=0x%" PRIx64 " %s cause=%s",
			 (int)n->pid, n->vaddr, n->write ? "write" : "read",
			 log_cause_name(n->cause));
		break;
	case NOTE_ZERO_FILL:
		log_line(log, "zero-fill frame=%" PRIu32, n->frame);
		break;
	case NOTE_COPY:
		if (n->from == UINT32_MAX)
			log_line(log, "copy frame=%" PRIu32 " from=swap", n->frame);
		else
			log_line(log, "copy frame=%" PRIu32 " from=%" PRIu32,
				 n->frame, n->from);
		break;
	case NOTE_READ:
		log_io(log, "read", n);
		break;
	case NOTE_WRITE:
		log_io(log, "write", n);
		break;
	case NOTE_EVICT:
		log_line(log, "evict frame=%" PRIu32 " %s", n->frame,
			 n->dirty ? "dirty" : "clean");
		break;
	case NOTE_REF_CLEAR:
		log_line(log, "ref-clear frame=%" PRIu32, n->frame);
		break;
	case NOTE_PIN_SKIP:
		log_line(log, "pin-skip frame=%" PRIu32, n->frame);
		break;
	case NOTE_FREE:
		log_line(log, "free frame=%" PRIu32, n->frame);
		break;
	}
}
