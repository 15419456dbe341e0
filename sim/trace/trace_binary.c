/*
 * sim/trace/trace_binary.c: reader and writer of the binary trace format
 * (docs/trace-formats.md).
 *
 * The reader keeps bytes [pos, end) of the decompressed input in `buf`
 * and decodes whole records in place: a record is three loads and a
 * handful of compares, so a batch of plain accesses costs a few
 * nanoseconds an event. An uncompressed file is not read at all but
 * mapped (instream_map): `buf` is then the whole file, nothing is copied
 * into the process, and the pages already decoded are given back as the
 * reading goes on; compressed input and pipes are read into `own`. Text payloads are copied into `text`, which only
 * resets at the start of a fill, so they stay valid until the next fill
 * whatever the buffer does meanwhile; a batch ends early rather than grow
 * `text` under pointers already handed out.
 */
#include "trace_binary.h"
#include "buffered_sink.h"
#include "event_check.h"

#include <endian.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum {
	REC = TRACE_BINARY_RECORD_SIZE,
	READ_BUFFER = REC * 43690,        /* ~1 MiB of whole records */
	WRITE_BUFFER = REC * 43690,
	TEXT_START = 64 << 10,
	MESSAGE_MAX = 512,
};

/* Opcodes of the file format, fixed forever (event.h's enum may change). */
enum wire_op {
	WIRE_START = 1, WIRE_FORK = 2, WIRE_SWITCH = 3, WIRE_MAP_SWAP = 4,
	WIRE_MAP_FILE = 5, WIRE_READ = 6, WIRE_WRITE = 7, WIRE_READ_TEXT = 8,
	WIRE_WRITE_TEXT = 9, WIRE_EXIT = 10, WIRE_COMPUTE = 11,
	WIRE_RESET = 12, WIRE_DISCARD = 13, WIRE_PUT = 14,
	WIRE_VALUE = 255,                 /* the expected value of the event before */
};

enum wire_expect {
	WIRE_EXPECT_NONE = 0, WIRE_EXPECT_VALUE = 1, WIRE_EXPECT_FAIL = 2,
	WIRE_EXPECT_NULL = 3, WIRE_EXPECT_SEGV = 4, WIRE_EXPECT_OK = 5,
	WIRE_EXPECT_COUNT
};

/* The event op of each wire opcode, plus one: 0 marks "not an event". */
static const uint8_t op_from_wire_plus1[256] = {
	[WIRE_START] = EV_START + 1, [WIRE_FORK] = EV_FORK + 1,
	[WIRE_SWITCH] = EV_SWITCH + 1, [WIRE_MAP_SWAP] = EV_MAP_SWAP + 1,
	[WIRE_MAP_FILE] = EV_MAP_FILE + 1, [WIRE_READ] = EV_READ + 1,
	[WIRE_WRITE] = EV_WRITE + 1, [WIRE_READ_TEXT] = EV_READ_TEXT + 1,
	[WIRE_WRITE_TEXT] = EV_WRITE_TEXT + 1, [WIRE_EXIT] = EV_EXIT + 1,
	[WIRE_COMPUTE] = EV_COMPUTE + 1, [WIRE_RESET] = EV_RESET + 1,
	[WIRE_DISCARD] = EV_DISCARD + 1, [WIRE_PUT] = EV_PUT + 1,
};

static const uint8_t op_to_wire[EV_OP_COUNT] = {
	[EV_START] = WIRE_START, [EV_FORK] = WIRE_FORK, [EV_SWITCH] = WIRE_SWITCH,
	[EV_MAP_SWAP] = WIRE_MAP_SWAP, [EV_MAP_FILE] = WIRE_MAP_FILE,
	[EV_READ] = WIRE_READ, [EV_WRITE] = WIRE_WRITE,
	[EV_READ_TEXT] = WIRE_READ_TEXT, [EV_WRITE_TEXT] = WIRE_WRITE_TEXT,
	[EV_EXIT] = WIRE_EXIT, [EV_COMPUTE] = WIRE_COMPUTE,
	[EV_RESET] = WIRE_RESET, [EV_DISCARD] = WIRE_DISCARD, [EV_PUT] = WIRE_PUT,
};

static const uint8_t expect_from_wire[WIRE_EXPECT_COUNT] = {
	[WIRE_EXPECT_NONE] = EXPECT_NONE, [WIRE_EXPECT_VALUE] = EXPECT_VALUE,
	[WIRE_EXPECT_FAIL] = EXPECT_FAIL, [WIRE_EXPECT_NULL] = EXPECT_NULL,
	[WIRE_EXPECT_SEGV] = EXPECT_SEGV, [WIRE_EXPECT_OK] = EXPECT_OK,
};

static const uint8_t expect_to_wire[] = {
	[EXPECT_NONE] = WIRE_EXPECT_NONE, [EXPECT_VALUE] = WIRE_EXPECT_VALUE,
	[EXPECT_FAIL] = WIRE_EXPECT_FAIL, [EXPECT_NULL] = WIRE_EXPECT_NULL,
	[EXPECT_SEGV] = WIRE_EXPECT_SEGV, [EXPECT_OK] = WIRE_EXPECT_OK,
};

/* ---- little-endian fields ---------------------------------------------- */

static uint16_t get16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return le16toh(v); }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return le32toh(v); }
static uint64_t get64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return le64toh(v); }
static void put16(uint8_t *p, uint16_t v) { v = htole16(v); memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { v = htole32(v); memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { v = htole64(v); memcpy(p, &v, 8); }

bool trace_binary_is_magic(const void *head, size_t len)
{
	return len >= TRACE_BINARY_MAGIC_LEN &&
	       memcmp(head, TRACE_BINARY_MAGIC, TRACE_BINARY_MAGIC_LEN) == 0;
}

/* ---- which fields each event uses (shared by reader and writer) -------- */

/* The record's two 64-bit fields for ev. */
static void fields_of(const struct trace_event *ev, uint64_t *a, uint64_t *b)
{
	switch (ev->op) {
	case EV_START:
	case EV_SWITCH:
		*a = (uint64_t)ev->pid, *b = 0;
		return;
	case EV_FORK:
		*a = (uint64_t)ev->pid, *b = (uint64_t)ev->child;
		return;
	case EV_MAP_SWAP:
	case EV_EXIT:
	case EV_RESET:
		*a = 0, *b = 0;
		return;
	case EV_DISCARD:
		*a = ev->addr, *b = 0;
		return;
	case EV_COMPUTE:
		*a = 0, *b = ev->arg;
		return;
	default:   /* map file, r, w: addr and block, size or length */
		*a = ev->addr, *b = ev->arg;
		return;
	}
}

/* ======================================================================== */
/* Reader                                                                   */
/* ======================================================================== */

struct binary_source {
	struct event_source base;     /* first: callers only see this */
	struct instream *in;
	char *name;
	struct trace_binary_info info;
	const uint8_t *buf;           /* `own`, or the mapped file */
	uint8_t *own;                 /* READ_BUFFER bytes read from `in` */
	bool mapped;
	size_t pos, end;
	bool at_eof;
	uint64_t record;              /* records consumed so far */
	uint8_t *text;                /* payloads of this batch */
	size_t text_cap, text_used;
	bool failed;
	char message[MESSAGE_MAX];
};

static bool fail_at(struct binary_source *s, uint64_t record, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail_at(struct binary_source *s, uint64_t record, const char *fmt, ...)
{
	char what[MESSAGE_MAX / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (record)
		snprintf(s->message, sizeof s->message, "%s: record %" PRIu64 ": %s",
			 s->name, record, what);
	else
		snprintf(s->message, sizeof s->message, "%s: %s", s->name, what);
	s->failed = true;
	return false;
}

/* Make at least `want` bytes available at pos unless the input ends;
 * false on a read error. */
static bool ensure(struct binary_source *s, size_t want)
{
	char err[MESSAGE_MAX];

	if (s->end - s->pos >= want || s->mapped)
		return true;       /* a mapped file is all there already */
	memmove(s->own, s->own + s->pos, s->end - s->pos);
	s->end -= s->pos;
	s->pos = 0;
	while (s->end < want && !s->at_eof) {
		ssize_t got = instream_read(s->in, s->own + s->end, READ_BUFFER - s->end,
					    err, sizeof err);

		if (got < 0) {
			snprintf(s->message, sizeof s->message, "%s", err);
			s->failed = true;
			return false;
		}
		s->at_eof = got == 0;
		s->end += (size_t)got;
	}
	return true;
}

/* Decode the record at p into ev (number `record`); false on error. */
static bool decode(struct binary_source *s, const uint8_t *p, uint64_t record,
		   struct trace_event *ev)
{
	uint8_t op_plus1 = op_from_wire_plus1[p[0]], op = (uint8_t)(op_plus1 - 1);
	uint8_t wexpect = p[1];
	uint64_t a = get64(p + 8), b = get64(p + 16);
	const char *problem;

	if (op_plus1 == 0)
		return p[0] == WIRE_VALUE
		       ? fail_at(s, record, "value record without an event expecting a value")
		       : fail_at(s, record, "unknown record type %u", p[0]);
	if (wexpect >= WIRE_EXPECT_COUNT)
		return fail_at(s, record, "unknown expectation %u", wexpect);
	if (get16(p + 2) != 0)
		return fail_at(s, record, "reserved bytes are not zero");
	*ev = (struct trace_event){ .op = op, .expect = expect_from_wire[wexpect],
				    .line = get32(p + 4), .addr = a, .arg = b };
	switch (op) {
	case EV_START:
	case EV_SWITCH:
	case EV_FORK:
		if (a > INT32_MAX || b > INT32_MAX)
			return fail_at(s, record, "PID out of range (0 to 2147483647)");
		if (op != EV_FORK && b != 0)
			return fail_at(s, record, "unused field is not zero");
		ev->pid = (int32_t)a;
		ev->child = (int32_t)b;
		ev->addr = ev->arg = 0;
		break;
	case EV_MAP_SWAP:
	case EV_EXIT:
	case EV_RESET:
	case EV_COMPUTE:
		if (a != 0 || (op != EV_COMPUTE && b != 0))
			return fail_at(s, record, "unused field is not zero");
		ev->addr = 0;
		break;
	case EV_DISCARD:
		if (b != 0)
			return fail_at(s, record, "unused field is not zero");
		break;
	default:
		break;
	}
	/* With a value to come, everything else is checked now all the same:
	 * a text payload's length before room is made for it. */
	struct trace_event now = *ev;
	if (now.expect == EXPECT_VALUE)
		now.expect = EXPECT_NONE;
	problem = event_check(&now);
	return problem ? fail_at(s, record, "%s", problem) : true;
}

/* The value record after an event that expects a value. */
static bool read_value(struct binary_source *s, struct trace_event *ev)
{
	const uint8_t *p;
	const char *problem;

	if (!ensure(s, REC))
		return false;
	if (s->end - s->pos < REC)
		return fail_at(s, s->record + 1, "the file ends before the expected value");
	p = s->buf + s->pos;
	s->pos += REC;
	s->record++;
	if (p[0] != WIRE_VALUE || p[1] != 0 || get16(p + 2) != 0 || get64(p + 16) != 0)
		return fail_at(s, s->record, "expected a value record");
	ev->expect_value = get64(p + 8);
	problem = event_check(ev);
	return problem ? fail_at(s, s->record - 1, "%s", problem) : true;
}

/* Copy ev's payload (ev->arg bytes, padded to whole records) into `text`,
 * which has room for it. */
static bool read_text(struct binary_source *s, struct trace_event *ev)
{
	size_t len = (size_t)ev->arg, padded = (len + REC - 1) / REC * REC;
	uint8_t *dst = s->text + s->text_used;
	size_t done = 0;

	while (done < padded) {
		size_t n;

		if (!ensure(s, 1))
			return false;
		if (s->pos == s->end)
			return fail_at(s, s->record + done / REC + 1,
				       "the file ends inside a text payload");
		n = s->end - s->pos;
		if (n > padded - done)
			n = padded - done;
		if (done < len)
			memcpy(dst + done, s->buf + s->pos, (done + n > len ? len : done + n) - done);
		s->pos += n;
		done += n;
	}
	s->record += padded / REC;
	ev->text = dst;
	s->text_used += len;
	return true;
}

/* Make room for `len` payload bytes; false (and no error) when the batch
 * must end first because growing would move earlier payloads. */
static bool text_room(struct binary_source *s, size_t len, bool *oom)
{
	size_t cap = s->text_cap;
	uint8_t *grown;

	*oom = false;
	if (s->text_used + len <= cap)
		return true;
	if (s->text_used > 0)
		return false;
	while (cap < len)
		cap *= 2;
	grown = realloc(s->text, cap);
	if (!grown) {
		*oom = true;
		return false;
	}
	s->text = grown;
	s->text_cap = cap;
	return true;
}

/* An event that needs more than its record: a value or a payload.
 * Returns 1 done, 0 when the batch must end before it (nothing consumed),
 * -1 on error. The record is at pos, already decoded into ev. */
static int decode_extended(struct binary_source *s, struct trace_event *ev)
{
	bool oom;

	if (event_holds_text(ev->op) && !text_room(s, (size_t)ev->arg, &oom)) {
		if (oom)
			return fail_at(s, s->record + 1, "out of memory for a text payload"), -1;
		return 0;
	}
	s->pos += REC;
	s->record++;
	if (ev->expect == EXPECT_VALUE && !read_value(s, ev))
		return -1;
	if (event_holds_text(ev->op) && !read_text(s, ev))
		return -1;
	return 1;
}

/* Plain loads and stores with no expectation, straight from the buffer,
 * until anything else (or the buffer's end) comes: the hot path. */
static int decode_plain_accesses(struct binary_source *s, struct trace_event *events,
				 int n, int cap)
{
	size_t pos = s->pos, whole = s->pos + (s->end - s->pos) / REC * REC;

	while (n < cap && pos < whole) {
		const uint8_t *p = s->buf + pos;

		__builtin_prefetch(p + 4096);   /* mapped pages: ahead of the faults */
		uint64_t size = get64(p + 16);
		uint32_t head;

		memcpy(&head, p, 4);   /* op, expect, reserved: [6|7] 0 0 0 */
		head = le32toh(head);
		if ((head != WIRE_READ && head != WIRE_WRITE) || size == 0)
			break;
		events[n++] = (struct trace_event){
			.op = head == WIRE_READ ? EV_READ : EV_WRITE,
			.line = get32(p + 4), .addr = get64(p + 8), .arg = size };
		pos += REC;
	}
	s->record += (pos - s->pos) / REC;
	s->pos = pos;
	return n;
}

static int binary_fill(struct event_source *src, struct trace_event *events, int cap,
		       char *err, size_t err_len)
{
	struct binary_source *s = (struct binary_source *)src;
	int n = 0;

	s->text_used = 0;
	if (s->mapped)
		instream_map_done(s->in, s->pos);
	while (n < cap && !s->failed) {
		n = decode_plain_accesses(s, events, n, cap);
		if (n == cap)
			break;
		struct trace_event *ev = &events[n];
		const uint8_t *p;
		int got;

		if (s->end - s->pos < REC) {
			if (!ensure(s, REC))
				break;
			if (s->end == s->pos)
				break;
			if (s->end - s->pos < REC) {
				fail_at(s, s->record + 1, "the file ends inside a record");
				break;
			}
		}
		p = s->buf + s->pos;
		if (!decode(s, p, s->record + 1, ev))
			break;
		if (ev->expect != EXPECT_VALUE && !event_holds_text(ev->op)) {
			s->pos += REC;
			s->record++;
			n++;
			continue;
		}
		got = decode_extended(s, ev);
		if (got <= 0)
			break;
		n++;
	}
	if (n == 0 && s->failed) {
		snprintf(err, err_len, "%s", s->message);
		return -1;
	}
	return n;
}

static void binary_close(struct event_source *src)
{
	struct binary_source *s = (struct binary_source *)src;

	if (!s)
		return;
	instream_close(s->in);
	free(s->own);
	free(s->text);
	free(s->name);
	free(s);
}

/* Read and check the header. */
static bool read_header(struct binary_source *s)
{
	const uint8_t *h;
	uint16_t version, header_size, record_size;

	if (!ensure(s, TRACE_BINARY_HEADER_SIZE))
		return false;
	h = s->buf + s->pos;
	if (!trace_binary_is_magic(h, s->end - s->pos))
		return fail_at(s, 0, "not an mmusim binary trace (no \"%s\" header)",
			       TRACE_BINARY_MAGIC);
	if (s->end - s->pos < TRACE_BINARY_HEADER_SIZE)
		return fail_at(s, 0, "the file ends inside the binary trace header");
	version = get16(h + 8);
	header_size = get16(h + 10);
	record_size = get16(h + 12);
	if (version != TRACE_BINARY_VERSION)
		return fail_at(s, 0, "binary trace version %u; this mmusim reads version %d",
			       version, TRACE_BINARY_VERSION);
	if (header_size != TRACE_BINARY_HEADER_SIZE || record_size != REC ||
	    get16(h + 14) != 0)
		return fail_at(s, 0, "corrupt binary trace header (sizes %u and %u)",
			       header_size, record_size);
	s->info.flags = get32(h + 16);
	s->info.page_size = get32(h + 20);
	s->info.arena_base = get64(h + 24);
	if (s->info.flags & ~(uint32_t)TRACE_BINARY_KNOWN_FLAGS)
		return fail_at(s, 0, "binary trace header has unknown flags 0x%" PRIx32,
			       s->info.flags & ~(uint32_t)TRACE_BINARY_KNOWN_FLAGS);
	s->pos += TRACE_BINARY_HEADER_SIZE;
	return true;
}

struct event_source *trace_binary_open_instream(const char *name, struct instream *in,
						char *err, size_t err_len)
{
	struct binary_source *s = calloc(1, sizeof *s);

	if (s) {
		const uint8_t *data;
		size_t len;

		s->in = in;
		s->name = strdup(name);
		s->mapped = instream_map(in, &data, &len) == 1;
		if (s->mapped) {
			s->buf = data;
			s->end = len;
			s->at_eof = true;
		} else {
			s->buf = s->own = malloc(READ_BUFFER);
		}
		s->text = malloc(TEXT_START);
		s->text_cap = TEXT_START;
	}
	if (!s || !s->name || !s->buf || !s->text) {
		snprintf(err, err_len, "%s: out of memory", name);
		if (s)
			binary_close(&s->base);
		else
			instream_close(in);
		return NULL;
	}
	s->base.fill = binary_fill;
	s->base.close = binary_close;
	s->base.path = s->name;
	if (!read_header(s)) {
		snprintf(err, err_len, "%s", s->message);
		binary_close(&s->base);
		return NULL;
	}
	return &s->base;
}

struct event_source *trace_binary_open(const char *path, char *err, size_t err_len)
{
	struct instream *in = instream_open(path, err, err_len);

	return in ? trace_binary_open_instream(path, in, err, err_len) : NULL;
}

bool trace_binary_source_info(const struct event_source *src,
			      struct trace_binary_info *info)
{
	if (!src || src->fill != binary_fill)
		return false;
	*info = ((const struct binary_source *)src)->info;
	return true;
}

/* ======================================================================== */
/* Writer                                                                   */
/* ======================================================================== */

/* Append `len` bytes (any length: flushes as it fills). */
static bool append(struct buffered_sink *w, const void *data, size_t len,
		   char *err, size_t err_len)
{
	const uint8_t *p = data;

	while (len > 0) {
		size_t n = WRITE_BUFFER - w->used;

		if (n == 0) {
			if (!buffered_sink_flush(w, err, err_len))
				return false;
			continue;
		}
		if (n > len)
			n = len;
		memcpy(w->buf + w->used, p, n);
		w->used += n;
		p += n;
		len -= n;
	}
	return true;
}

static void encode(uint8_t *rec, uint8_t wire_op, uint8_t wire_expect, uint32_t line,
		   uint64_t a, uint64_t b)
{
	rec[0] = wire_op;
	rec[1] = wire_expect;
	put16(rec + 2, 0);
	put32(rec + 4, line);
	put64(rec + 8, a);
	put64(rec + 16, b);
}

static bool write_one(struct buffered_sink *w, const struct trace_event *ev,
		      char *err, size_t err_len)
{
	static const uint8_t zeroes[REC];
	uint8_t rec[REC];
	uint64_t a, b;

	if (!buffered_sink_check(w, ev, err, err_len))
		return false;
	fields_of(ev, &a, &b);
	encode(rec, op_to_wire[ev->op], expect_to_wire[ev->expect], ev->line, a, b);
	if (!append(w, rec, REC, err, err_len))
		return false;
	if (ev->expect == EXPECT_VALUE) {
		encode(rec, WIRE_VALUE, 0, ev->line, ev->expect_value, 0);
		if (!append(w, rec, REC, err, err_len))
			return false;
	}
	if (event_holds_text(ev->op)) {
		size_t len = (size_t)ev->arg, pad = (REC - len % REC) % REC;

		if (!append(w, ev->text, len, err, err_len) ||
		    !append(w, zeroes, pad, err, err_len))
			return false;
	}
	return true;
}

static int binary_write(struct event_sink *sink, const struct trace_event *events,
			int n, char *err, size_t err_len)
{
	struct buffered_sink *w = (struct buffered_sink *)sink;

	for (int i = 0; i < n; i++) {
		const struct trace_event *ev = &events[i];

		/* Plain accesses skip the general checks: only SIZE can be wrong. */
		if ((ev->op == EV_READ || ev->op == EV_WRITE) && ev->expect == EXPECT_NONE &&
		    ev->arg != 0 && WRITE_BUFFER - w->used >= REC) {
			encode((uint8_t *)w->buf + w->used, op_to_wire[ev->op], WIRE_EXPECT_NONE,
			       ev->line, ev->addr, ev->arg);
			w->used += REC;
			continue;
		}
		if (!write_one(w, ev, err, err_len))
			return -1;
	}
	return 0;
}

struct event_sink *trace_binary_writer(FILE *out, const char *name,
				       const struct trace_binary_info *info,
				       char *err, size_t err_len)
{
	struct buffered_sink *w = buffered_sink_new(sizeof *w, WRITE_BUFFER, out, name,
						    binary_write, err, err_len);
	uint8_t header[TRACE_BINARY_HEADER_SIZE] = { 0 };

	if (!w)
		return NULL;
	memcpy(header, TRACE_BINARY_MAGIC, TRACE_BINARY_MAGIC_LEN);
	put16(header + 8, TRACE_BINARY_VERSION);
	put16(header + 10, TRACE_BINARY_HEADER_SIZE);
	put16(header + 12, REC);
	put32(header + 16, info ? info->flags : 0);
	put32(header + 20, info ? info->page_size : 0);
	put64(header + 24, info ? info->arena_base : 0);
	append(w, header, sizeof header, err, err_len);   /* the buffer is empty: cannot fail */
	return &w->base;
}
