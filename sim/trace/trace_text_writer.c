/*
 * sim/trace/trace_text_writer.c: the text writer. Lines are formatted by hand into a
 * big buffer (no printf per event), so converting a long trace to text
 * runs at memory speed rather than stdio's.
 */
#include "trace_text_writer.h"
#include "buffered_sink.h"
#include "event_check.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum {
	OUT_BUFFER = 1 << 20,
	LINE_FIXED_MAX = 96,   /* longest line without text: keyword, two numbers, expectation */
};

/* ---- formatting ------------------------------------------------------ */

static char *put_str(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

static char *put_dec(char *p, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_hex(char *p, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[16];
	int n = 0;

	do {
		tmp[n++] = digits[v & 15];
		v >>= 4;
	} while (v);
	*p++ = '0';
	*p++ = 'x';
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_text(char *p, const uint8_t *text, uint64_t len)
{
	static const char digits[] = "0123456789abcdef";

	*p++ = '"';
	for (uint64_t i = 0; i < len; i++) {
		uint8_t c = text[i];

		switch (c) {
		case '"':  *p++ = '\\'; *p++ = '"'; continue;
		case '\\': *p++ = '\\'; *p++ = '\\'; continue;
		case '\n': *p++ = '\\'; *p++ = 'n'; continue;
		case '\t': *p++ = '\\'; *p++ = 't'; continue;
		case 0:    *p++ = '\\'; *p++ = '0'; continue;
		}
		if (c < 0x20 || c == 0x7f) {
			*p++ = '\\';
			*p++ = 'x';
			*p++ = digits[c >> 4];
			*p++ = digits[c & 15];
		} else {
			*p++ = (char)c;
		}
	}
	*p++ = '"';
	return p;
}

static char *put_expect(char *p, const struct trace_event *ev)
{
	switch (ev->expect) {
	case EXPECT_VALUE:
		p = put_str(p, " => ");
		return ev->op == EV_MAP_SWAP || ev->op == EV_MAP_FILE
		       ? put_hex(p, ev->expect_value) : put_dec(p, ev->expect_value);
	case EXPECT_FAIL:
		return put_str(p, " => -1");
	case EXPECT_NULL:
		return put_str(p, " => null");
	case EXPECT_SEGV:
		return put_str(p, " => segv");
	case EXPECT_OK:
		return put_str(p, " => ok");
	}
	return p;
}

size_t trace_write_line_max(const struct trace_event *ev)
{
	/* Each text byte takes at most 4 characters (\xHH). */
	return LINE_FIXED_MAX + (event_holds_text(ev->op) ? 4 * (size_t)ev->arg + 2 : 0);
}

size_t trace_write_line(char *buf, const struct trace_event *ev)
{
	char *p = buf;

	switch (ev->op) {
	case EV_START:
		p = put_dec(put_str(p, "start "), (uint64_t)ev->pid);
		break;
	case EV_FORK:
		p = put_dec(put_str(p, "fork "), (uint64_t)ev->pid);
		p = put_dec(put_str(p, " "), (uint64_t)ev->child);
		break;
	case EV_SWITCH:
		p = put_dec(put_str(p, "switch "), (uint64_t)ev->pid);
		break;
	case EV_MAP_SWAP:
		p = put_str(p, "map swap");
		break;
	case EV_MAP_FILE:
		p = put_hex(put_str(p, "map file "), ev->addr);
		p = put_dec(put_str(p, " "), ev->arg);
		break;
	case EV_READ:
	case EV_WRITE:
		p = put_hex(put_str(p, ev->op == EV_READ ? "r " : "w "), ev->addr);
		if (ev->arg != 1)
			p = put_dec(put_str(p, " "), ev->arg);
		break;
	case EV_READ_TEXT:
	case EV_WRITE_TEXT:
		p = put_hex(put_str(p, ev->op == EV_READ_TEXT ? "r " : "w "), ev->addr);
		p = put_text(put_str(p, " "), ev->text, ev->arg);
		break;
	case EV_EXIT:
		p = put_str(p, "exit");
		break;
	case EV_COMPUTE:
		p = put_dec(put_str(p, "compute "), ev->arg);
		break;
	case EV_RESET:
		p = put_str(p, "reset");
		break;
	case EV_DISCARD:
		p = put_hex(put_str(p, "discard "), ev->addr);
		break;
	case EV_PUT:
		p = put_hex(put_str(p, "put "), ev->addr);
		p = put_text(put_str(p, " "), ev->text, ev->arg);
		break;
	}
	return (size_t)(put_expect(p, ev) - buf);
}

/* ---- the sink -------------------------------------------------------- */

struct text_sink {
	struct buffered_sink io;  /* first */
	bool keep_lines;
	uint64_t lines;           /* lines written so far */
};

/* Room for `len` more bytes in the buffer, or a buffer of its own for a
 * line longer than the whole buffer (returned in *own, to free). */
static char *room(struct text_sink *w, size_t len, char **own, char *err, size_t err_len)
{
	*own = NULL;
	if (OUT_BUFFER - w->io.used >= len)
		return w->io.buf + w->io.used;
	if (!buffered_sink_flush(&w->io, err, err_len))
		return NULL;
	if (len <= OUT_BUFFER)
		return w->io.buf;
	*own = malloc(len);
	if (!*own)
		snprintf(err, err_len, "%s: out of memory", w->io.name);
	return *own;
}

static bool pad_lines(struct text_sink *w, uint32_t line, char *err, size_t err_len)
{
	while (w->keep_lines && w->lines + 1 < line) {
		size_t n = line - (w->lines + 1), space = OUT_BUFFER - w->io.used;

		if (space == 0) {
			if (!buffered_sink_flush(&w->io, err, err_len))
				return false;
			continue;
		}
		if (n > space)
			n = space;
		memset(w->io.buf + w->io.used, '\n', n);
		w->io.used += n;
		w->lines += n;
	}
	return true;
}

static bool write_one(struct text_sink *w, const struct trace_event *ev,
		      char *err, size_t err_len)
{
	size_t max, len;
	char *own, *p;

	if (!buffered_sink_check(&w->io, ev, err, err_len) ||
	    !pad_lines(w, ev->line, err, err_len))
		return false;
	max = trace_write_line_max(ev) + 1;
	p = room(w, max, &own, err, err_len);
	if (!p)
		return false;
	len = trace_write_line(p, ev);
	p[len++] = '\n';
	w->lines++;
	if (own) {
		bool ok = fwrite(own, 1, len, w->io.out) == len;

		free(own);
		if (!ok) {
			snprintf(err, err_len, "%s: write error: %s", w->io.name, strerror(errno));
			return false;
		}
		return true;
	}
	w->io.used += len;
	return true;
}

static int text_write(struct event_sink *sink, const struct trace_event *events, int n,
		      char *err, size_t err_len)
{
	struct text_sink *w = (struct text_sink *)sink;

	for (int i = 0; i < n; i++)
		if (!write_one(w, &events[i], err, err_len))
			return -1;
	return 0;
}

struct event_sink *trace_text_writer(FILE *out, const char *name, bool keep_lines,
				     char *err, size_t err_len)
{
	struct text_sink *w = buffered_sink_new(sizeof *w, OUT_BUFFER, out, name, text_write,
						err, err_len);

	if (!w)
		return NULL;
	w->keep_lines = keep_lines;
	return &w->io.base;
}
