/*
 * sim/trace/trace_text.c: the text trace reader, scanned by hand in big chunks.
 *
 * The source keeps bytes [0, end) of the input in `buf`; `pos` is the first
 * unparsed byte and `complete` is one past the last LF, so every line that
 * starts before `complete` is whole and ends in LF. The scanners therefore
 * stop on LF and never check a bound: a byte that is not LF always has a
 * successor. When `pos` reaches `complete`, refill() moves the unparsed tail
 * to the front and appends the next chunk (doubling the buffer when one line
 * fills it); at the end of the input it adds the last line's missing LF.
 *
 * Strings are decoded in place (an escape never decodes to more bytes than
 * it is spelt with), so text events point into `buf`. The buffer only moves
 * in refill(), so a batch that holds text ends instead of refilling.
 */
#include "event_check.h"
#include "trace_text.h"
#include "trace_text_tuning.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum {
	DEFAULT_CHUNK = 1 << 20,       /* bytes per fread */
	DEFAULT_MAX_LINE = 64 << 20,   /* the buffer never grows past this */
	MESSAGE_MAX = 1024,            /* "NAME:LINE: what" */
	WHAT_MAX = 256,                /* the "what" part */
	TOKEN_SHOWN = 40,              /* longest token quoted in a message */
};

struct text_source {
	struct event_source base;      /* first: callers only see this */
	FILE *file;                    /* NULL for a memory buffer */
	bool close_file;
	bool at_eof;                   /* nothing left to read from `file` */
	bool failed;                   /* `message` holds the error, for good */
	char *path;                    /* as given; base.path points here */
	char *name;                    /* for messages: "<stdin>" for "-" */
	uint8_t *buf;
	size_t size;                   /* usable bytes of buf; one more holds an added LF */
	size_t pos, complete, end;
	size_t chunk_size, max_line;
	uint64_t line;                 /* lines started so far */
	char message[MESSAGE_MAX];
};

/* ---- errors ---------------------------------------------------------- */

/* Record "NAME:LINE: what" for the current line; NULL so scanners can
 * `return fail(...)`. */
static uint8_t *fail(struct text_source *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static uint8_t *fail(struct text_source *s, const char *fmt, ...)
{
	char what[WHAT_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(s->message, sizeof s->message, "%s:%" PRIu64 ": %s", s->name,
		 s->line, what);
	s->failed = true;
	return NULL;
}

/* Printable ASCII: the only bytes allowed outside strings, besides blanks
 * and the line end. */
static inline bool is_plain(uint8_t c)
{
	return c >= 0x20 && c < 0x7f;
}

static uint8_t *stray_byte(struct text_source *s, uint8_t c)
{
	return fail(s, "%s byte 0x%02x outside a string",
		    c < 0x80 ? "control" : "non-ASCII", c);
}

/* ---- bytes and tokens ------------------------------------------------ */

static inline uint8_t *skip_blanks(uint8_t *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Whether p is the end of the line: LF, CR LF, or a comment. */
static inline bool ends_line(const uint8_t *p)
{
	return *p == '\n' || *p == '#' || (*p == '\r' && p[1] == '\n');
}

/* Whether a token stops at p: a blank or the end of the line. */
static inline bool ends_token(const uint8_t *p)
{
	return *p == ' ' || *p == '\t' || ends_line(p);
}

/* Whether p starts the token `word` (compared byte by byte: never reads
 * past the line's LF). */
static bool word_is(const uint8_t *p, const char *word)
{
	for (; *word; p++, word++)
		if (*p != (uint8_t)*word)
			return false;
	return ends_token(p);
}

static inline bool is_arrow(const uint8_t *p)
{
	return p[0] == '=' && p[1] == '>' && ends_token(p + 2);
}

static inline unsigned hex_digit(uint8_t c)
{
	if ((unsigned)(c - '0') < 10)
		return (unsigned)(c - '0');
	if ((unsigned)((c | 0x20) - 'a') < 6)
		return (unsigned)((c | 0x20) - 'a' + 10);
	return 16;
}

/* Reject the token at p as `what 'TOKEN'`, or name its stray byte. */
static uint8_t *token_error(struct text_source *s, const uint8_t *p, const char *what)
{
	const uint8_t *end = p;

	while (!ends_token(end))
		end++;
	for (const uint8_t *q = p; q < end; q++)
		if (!is_plain(*q))
			return stray_byte(s, *q);
	if (end - p > TOKEN_SHOWN)
		return fail(s, "%s '%.*s...'", what, (int)TOKEN_SHOWN, (const char *)p);
	return fail(s, "%s '%.*s'", what, (int)(end - p), (const char *)p);
}

/* ---- numbers --------------------------------------------------------- */

/* A decimal or 0x number at p into *value; returns the byte after it. */
static uint8_t *scan_number(struct text_source *s, uint8_t *p, uint64_t *value)
{
	uint8_t *q = p;
	uint64_t v = 0;
	unsigned d;

	if (p[0] == '0' && p[1] == 'x') {
		for (q = p + 2; (d = hex_digit(*q)) < 16; q++) {
			if (v >> 60)
				return fail(s, "number does not fit in 64 bits");
			v = v << 4 | d;
		}
		if (q == p + 2)
			return token_error(s, p, "invalid number");
	} else {
		for (; (d = (unsigned)(*q - '0')) < 10; q++) {
			if (v >= UINT64_MAX / 10 &&
			    (v > UINT64_MAX / 10 || d > UINT64_MAX % 10))
				return fail(s, "number does not fit in 64 bits");
			v = v * 10 + d;
		}
		if (q == p && *p == '"')
			return fail(s, "expected a number, not a string");
	}
	if (q == p || !ends_token(q))
		return token_error(s, p, "invalid number");
	*value = v;
	return q;
}

/* A PID (0 to INT32_MAX) at p; `role` names it in messages. */
static uint8_t *scan_pid(struct text_source *s, uint8_t *p, const char *role,
			 int32_t *pid)
{
	uint64_t v;

	p = scan_number(s, p, &v);
	if (!p)
		return NULL;
	if (v > INT32_MAX)
		return fail(s, "%s %" PRIu64 " is out of range (0 to %" PRId32 ")",
			    role, v, INT32_MAX);
	*pid = (int32_t)v;
	return p;
}

/* Skip to the next operand; an error `usage` if the line ends first. */
static uint8_t *next_operand(struct text_source *s, uint8_t *p, const char *usage)
{
	p = skip_blanks(p);
	if (ends_line(p))
		return fail(s, "%s", usage);
	return p;
}

/* ---- strings --------------------------------------------------------- */

/* Decode the escape at q (a backslash) into *out; returns the byte after. */
static uint8_t *decode_escape(struct text_source *s, uint8_t *q, uint8_t *out)
{
	unsigned hi, lo;

	switch (q[1]) {
	case 'n': *out = '\n'; return q + 2;
	case 't': *out = '\t'; return q + 2;
	case '\\': *out = '\\'; return q + 2;
	case '"': *out = '"'; return q + 2;
	case '0': *out = 0; return q + 2;
	case 'x':
		hi = hex_digit(q[2]);
		lo = hi < 16 ? hex_digit(q[3]) : 16;
		if (lo >= 16)
			return fail(s, "'\\x' needs exactly two hex digits");
		*out = (uint8_t)(hi << 4 | lo);
		return q + 4;
	case '\n':
		return fail(s, "unterminated string");
	case '\r':
		if (q[2] == '\n')
			return fail(s, "unterminated string");
		break;
	}
	if (is_plain(q[1]))
		return fail(s, "unknown escape '\\%c'", q[1]);
	return fail(s, "unknown escape: backslash before byte 0x%02x", q[1]);
}

/* The string at p (its opening quote) into ev->text and ev->arg, decoded in
 * place; returns the byte after the closing quote. Raw bytes are kept as
 * they are: only LF (and the CR of CR LF) cannot be inside a string. */
static uint8_t *scan_string(struct text_source *s, uint8_t *p, struct trace_event *ev)
{
	uint8_t *text = p + 1, *out = text, *q = text;

	for (;;) {
		uint8_t c = *q;

		if (c == '"')
			break;
		if (c == '\n' || (c == '\r' && q[1] == '\n'))
			return fail(s, "unterminated string");
		if (c == '\\') {
			q = decode_escape(s, q, out++);
			if (!q)
				return NULL;
		} else {
			*out++ = c;
			q++;
		}
	}
	q++;
	if (!ends_token(q)) {
		if (*q == '"')
			return fail(s, "unexpected string");
		return token_error(s, q, "unexpected text after string:");
	}
	ev->text = text;
	ev->arg = (uint64_t)(out - text);
	return q;
}

/* ---- end of line and expectations ------------------------------------ */

/* A comment from p (after '#') to the LF; returns the next line. */
static uint8_t *skip_comment(struct text_source *s, uint8_t *p)
{
	for (;; p++) {
		uint8_t c = *p;

		if (is_plain(c) || c == '\t')
			continue;
		if (c == '\n')
			return p + 1;
		if (c == '\r' && p[1] == '\n')
			return p + 2;
		return stray_byte(s, c);
	}
}

/* Nothing but blanks and a comment may follow; returns the next line. */
static uint8_t *end_of_line(struct text_source *s, uint8_t *p)
{
	p = skip_blanks(p);
	if (*p == '\n')
		return p + 1;
	if (*p == '\r' && p[1] == '\n')
		return p + 2;
	if (*p == '#')
		return skip_comment(s, p + 1);
	if (*p == '"')
		return fail(s, "unexpected string");
	return token_error(s, p, "unexpected");
}

static bool is_access(uint8_t op)
{
	return op == EV_READ || op == EV_WRITE || op == EV_READ_TEXT ||
	       op == EV_WRITE_TEXT;
}

/* Check that `kind` (spelt `tok`, `len` bytes) applies to ev's event. */
static bool expectation_applies(struct text_source *s, struct trace_event *ev,
				uint8_t kind, const uint8_t *tok, int len)
{
	bool process = ev->op == EV_START || ev->op == EV_FORK;
	bool map = ev->op == EV_MAP_SWAP || ev->op == EV_MAP_FILE;

	switch (kind) {
	case EXPECT_SEGV:
	case EXPECT_OK:
		if (is_access(ev->op))
			return true;
		fail(s, "'=> %.*s' only applies to r and w", len, (const char *)tok);
		return false;
	case EXPECT_NULL:
		if (map)
			return true;
		fail(s, "'=> null' only applies to map");
		return false;
	case EXPECT_FAIL:
		if (process)
			return true;
		fail(s, "'=> -1' only applies to start and fork");
		return false;
	default: /* EXPECT_VALUE */
		if (map || (process && ev->expect_value == 0))
			return true;
		if (process)
			fail(s, "%s can only expect 0 or -1, not '%.*s'",
			     event_op_name(ev->op), len, (const char *)tok);
		else
			fail(s, "'=> %.*s' only applies to map, start and fork",
			     len, (const char *)tok);
		return false;
	}
}

/* The expectation after "=> " at p into ev; returns the byte after it. */
static uint8_t *scan_expectation(struct text_source *s, uint8_t *p,
				 struct trace_event *ev)
{
	uint8_t *tok = p;
	uint8_t kind;

	if (ends_line(p))
		return fail(s, "'=>' needs an expectation");
	if (word_is(p, "segv")) {
		kind = EXPECT_SEGV, p += 4;
	} else if (word_is(p, "ok")) {
		kind = EXPECT_OK, p += 2;
	} else if (word_is(p, "null")) {
		kind = EXPECT_NULL, p += 4;
	} else if (word_is(p, "-1")) {
		kind = EXPECT_FAIL, p += 2;
	} else if ((unsigned)(*p - '0') < 10) {
		kind = EXPECT_VALUE;
		p = scan_number(s, p, &ev->expect_value);
		if (!p)
			return NULL;
	} else {
		return token_error(s, p, "unknown expectation");
	}
	if (!expectation_applies(s, ev, kind, tok, (int)(p - tok)))
		return NULL;
	ev->expect = kind;
	return p;
}

/* An optional "=> EXPECT", then the end of the line; returns the next line. */
static uint8_t *finish_line(struct text_source *s, uint8_t *p, struct trace_event *ev)
{
	p = skip_blanks(p);
	if (is_arrow(p)) {
		p = scan_expectation(s, skip_blanks(p + 2), ev);
		if (!p)
			return NULL;
	}
	return end_of_line(s, p);
}

/* ---- events ---------------------------------------------------------- */

/* r|w ADDR [SIZE | "TEXT"], from p just after the keyword. */
static uint8_t *parse_access(struct text_source *s, uint8_t *p, bool write,
			     struct trace_event *ev)
{
	p = next_operand(s, p, write ? "w needs ADDR" : "r needs ADDR");
	if (!p || !(p = scan_number(s, p, &ev->addr)))
		return NULL;
	ev->op = write ? EV_WRITE : EV_READ;
	ev->arg = 1;
	p = skip_blanks(p);
	if (*p == '"') {
		p = scan_string(s, p, ev);
		if (!p)
			return NULL;
		if (!write && ev->arg == 0)
			return fail(s, "r ADDR \"\" reads nothing: a text load needs at least one byte");
		ev->op = write ? EV_WRITE_TEXT : EV_READ_TEXT;
	} else if (!ends_line(p) && !is_arrow(p)) {
		p = scan_number(s, p, &ev->arg);
		if (!p)
			return NULL;
		if (ev->arg == 0)
			return fail(s, "SIZE must be at least 1");
	}
	return finish_line(s, p, ev);
}

/* map swap | map file ADDR BLOCK, from p just after "map". */
static uint8_t *parse_map(struct text_source *s, uint8_t *p, struct trace_event *ev)
{
	p = next_operand(s, p, "map needs 'swap' or 'file'");
	if (!p)
		return NULL;
	if (word_is(p, "swap")) {
		ev->op = EV_MAP_SWAP;
		return finish_line(s, p + 4, ev);
	}
	if (!word_is(p, "file"))
		return token_error(s, p, "map needs 'swap' or 'file', not");
	ev->op = EV_MAP_FILE;
	p = next_operand(s, p + 4, "map file needs ADDR BLOCK");
	if (!p || !(p = scan_number(s, p, &ev->addr)))
		return NULL;
	p = next_operand(s, p, "map file needs ADDR BLOCK");
	if (!p || !(p = scan_number(s, p, &ev->arg)))
		return NULL;
	return finish_line(s, p, ev);
}

/* put ADDR "TEXT", from p just after "put". */
static uint8_t *parse_put(struct text_source *s, uint8_t *p, struct trace_event *ev)
{
	ev->op = EV_PUT;
	p = next_operand(s, p, "put needs ADDR \"TEXT\"");
	if (!p || !(p = scan_number(s, p, &ev->addr)))
		return NULL;
	p = next_operand(s, p, "put needs ADDR \"TEXT\"");
	if (!p)
		return NULL;
	if (*p != '"')
		return token_error(s, p, "put needs a string, not");
	p = scan_string(s, p, ev);
	return p ? finish_line(s, p, ev) : NULL;
}

/* Every line that is not r or w: the keyword at p. */
static uint8_t *parse_keyword(struct text_source *s, uint8_t *p, struct trace_event *ev)
{
	if (word_is(p, "start")) {
		ev->op = EV_START;
		p = next_operand(s, p + 5, "start needs PID");
		p = p ? scan_pid(s, p, "PID", &ev->pid) : NULL;
	} else if (word_is(p, "fork")) {
		ev->op = EV_FORK;
		p = next_operand(s, p + 4, "fork needs PARENT CHILD");
		p = p ? scan_pid(s, p, "PARENT", &ev->pid) : NULL;
		p = p ? next_operand(s, p, "fork needs PARENT CHILD") : NULL;
		p = p ? scan_pid(s, p, "CHILD", &ev->child) : NULL;
	} else if (word_is(p, "switch")) {
		ev->op = EV_SWITCH;
		p = next_operand(s, p + 6, "switch needs PID");
		p = p ? scan_pid(s, p, "PID", &ev->pid) : NULL;
	} else if (word_is(p, "map")) {
		return parse_map(s, p + 3, ev);
	} else if (word_is(p, "exit")) {
		ev->op = EV_EXIT;
		p += 4;
	} else if (word_is(p, "put")) {
		return parse_put(s, p + 3, ev);
	} else if (word_is(p, "compute")) {
		ev->op = EV_COMPUTE;
		p = next_operand(s, p + 7, "compute needs N");
		p = p ? scan_number(s, p, &ev->arg) : NULL;
	} else if (word_is(p, "reset")) {
		ev->op = EV_RESET;
		p += 5;
	} else if (word_is(p, "discard")) {
		ev->op = EV_DISCARD;
		p = next_operand(s, p + 7, "discard needs ADDR");
		p = p ? scan_number(s, p, &ev->addr) : NULL;
	} else if (*p == '"') {
		return fail(s, "a line cannot start with a string");
	} else {
		return token_error(s, p, "unknown keyword");
	}
	return p ? finish_line(s, p, ev) : NULL;
}

/* The line at p into *ev; sets *next to the following line. Returns 1 for
 * an event, 0 for a blank or comment line, -1 on error. */
static int parse_line(struct text_source *s, uint8_t *p, uint8_t **next,
		      struct trace_event *ev)
{
	uint8_t *end;

	if (s->line == UINT32_MAX) {
		s->line++;
		fail(s, "a trace has at most %" PRIu32 " lines", UINT32_MAX);
		return -1;
	}
	s->line++;
	*ev = (struct trace_event){ .line = (uint32_t)s->line };
	p = skip_blanks(p);
	switch (*p) {
	case 'r':
	case 'w':
		if (ends_token(p + 1)) {
			end = parse_access(s, p + 1, *p == 'w', ev);
			break;
		}
		end = parse_keyword(s, p, ev);
		break;
	case '\n':
		*next = p + 1;
		return 0;
	case '#':
		end = skip_comment(s, p + 1);
		if (!end)
			return -1;
		*next = end;
		return 0;
	case '\r':
		if (p[1] == '\n') {
			*next = p + 2;
			return 0;
		}
		end = stray_byte(s, *p);
		break;
	default:
		end = parse_keyword(s, p, ev);
		break;
	}
	if (!end)
		return -1;
	*next = end;
	return 1;
}

/* ---- input ----------------------------------------------------------- */

/* Double the buffer for a line that fills it, up to max_line. */
static bool grow(struct text_source *s)
{
	size_t size = s->size;
	uint8_t *buf;

	if (size >= s->max_line) {
		snprintf(s->message, sizeof s->message,
			 "%s:%" PRIu64 ": line longer than %zu bytes", s->name,
			 s->line + 1, s->max_line);
		s->failed = true;
		return false;
	}
	size = size > s->max_line / 2 ? s->max_line : size * 2;
	buf = realloc(s->buf, size + 1);
	if (!buf) {
		snprintf(s->message, sizeof s->message, "%s: out of memory", s->name);
		s->failed = true;
		return false;
	}
	s->buf = buf;
	s->size = size;
	return true;
}

/* Move the unparsed tail to the front and read until it holds a whole
 * line or the input ends (then add the last line's missing LF). */
static bool refill(struct text_source *s)
{
	size_t tail = s->end - s->pos;

	memmove(s->buf, s->buf + s->pos, tail);
	s->pos = 0;
	s->end = tail;
	s->complete = 0;
	while (!s->at_eof) {
		size_t room = s->size - s->end, want, got;
		const uint8_t *lf;

		if (room == 0) {
			if (!grow(s))
				return false;
			continue;
		}
		want = room < s->chunk_size ? room : s->chunk_size;
		got = fread(s->buf + s->end, 1, want, s->file);
		if (got < want) {
			if (ferror(s->file)) {
				snprintf(s->message, sizeof s->message,
					 "%s: read error: %s", s->name, strerror(errno));
				s->failed = true;
				return false;
			}
			s->at_eof = true;
		}
		lf = memrchr(s->buf + s->end, '\n', got);
		s->end += got;
		if (lf) {
			s->complete = (size_t)(lf - s->buf) + 1;
			return true;
		}
	}
	if (s->end > 0 && s->buf[s->end - 1] != '\n')
		s->buf[s->end++] = '\n';
	s->complete = s->end;
	return true;
}

static bool holds_text(const struct trace_event *ev)
{
	return event_holds_text(ev->op);
}

static int text_fill(struct event_source *src, struct trace_event *events, int cap,
		     char *err, size_t err_len)
{
	struct text_source *s = (struct text_source *)src;
	bool batch_has_text = false;
	int n = 0;

	if (cap < 1) {
		snprintf(err, err_len, "%s: fill needs room for at least one event",
			 s->name);
		return -1;
	}
	while (n < cap && !s->failed) {
		uint8_t *next;
		int got;

		if (s->pos >= s->complete) {
			/* Refilling moves the bytes earlier text points to. */
			if ((s->at_eof && s->pos >= s->end) || batch_has_text)
				break;
			if (!refill(s))
				break;
			continue;
		}
		got = parse_line(s, s->buf + s->pos, &next, &events[n]);
		if (got < 0)
			break;
		s->pos = (size_t)(next - s->buf);
		if (got) {
			batch_has_text |= holds_text(&events[n]);
			n++;
		}
	}
	if (n == 0 && s->failed) {
		snprintf(err, err_len, "%s", s->message);
		return -1;
	}
	return n;
}

static void text_close(struct event_source *src)
{
	struct text_source *s = (struct text_source *)src;

	if (!s)
		return;
	if (s->close_file && s->file)
		fclose(s->file);
	free(s->buf);
	free(s->name);
	free(s->path);
	free(s);
}

/* ---- construction ---------------------------------------------------- */

struct trace_text_tuning trace_text_default_tuning(void)
{
	return (struct trace_text_tuning){
		.chunk_size = DEFAULT_CHUNK,
		.max_line = DEFAULT_MAX_LINE,
		.lines_before = 0,
	};
}

/* A source with a `size`-byte buffer (plus one for an added LF). */
static struct text_source *new_source(const char *path, const char *name,
				      size_t size,
				      const struct trace_text_tuning *tuning,
				      char *err, size_t err_len)
{
	struct text_source *s = calloc(1, sizeof *s);

	if (s) {
		s->path = strdup(path);
		s->name = strdup(name);
		s->buf = malloc(size + 1);
	}
	if (!s || !s->path || !s->name || !s->buf) {
		snprintf(err, err_len, "%s: out of memory", name);
		text_close(s ? &s->base : NULL);
		return NULL;
	}
	s->base.fill = text_fill;
	s->base.close = text_close;
	s->base.path = s->path;
	s->size = size;
	s->chunk_size = tuning->chunk_size ? tuning->chunk_size : 1;
	s->max_line = tuning->max_line;
	s->line = tuning->lines_before;
	return s;
}

struct event_source *trace_text_open_buffer_tuned(const char *name, const char *data,
						  size_t len,
						  const struct trace_text_tuning *tuning,
						  char *err, size_t err_len)
{
	struct text_source *s = new_source(name, name, len, tuning, err, err_len);

	if (!s)
		return NULL;
	if (len)
		memcpy(s->buf, data, len);
	s->end = len;
	s->at_eof = true;
	return &s->base;
}

struct event_source *trace_text_open_buffer(const char *name, const char *data,
					    size_t len, char *err, size_t err_len)
{
	struct trace_text_tuning tuning = trace_text_default_tuning();

	return trace_text_open_buffer_tuned(name, data, len, &tuning, err, err_len);
}

/* `path` is what base.path reports, `name` what messages say. */
static struct event_source *open_stream(const char *path, const char *name, FILE *f,
					bool close_file,
					const struct trace_text_tuning *tuning,
					char *err, size_t err_len)
{
	struct text_source *s;

	if (!f) {
		snprintf(err, err_len, "%s: no stream to read", name);
		return NULL;
	}
	s = new_source(path, name, tuning->chunk_size ? tuning->chunk_size : 1,
		       tuning, err, err_len);
	if (!s)
		return NULL;
	s->file = f;
	s->close_file = close_file;
	return &s->base;
}

struct event_source *trace_text_open_stream_tuned(const char *name, FILE *f,
						  bool close_file,
						  const struct trace_text_tuning *tuning,
						  char *err, size_t err_len)
{
	return open_stream(name, name, f, close_file, tuning, err, err_len);
}

struct event_source *trace_text_open_stream(const char *name, FILE *f,
					    bool close_file, char *err,
					    size_t err_len)
{
	struct trace_text_tuning tuning = trace_text_default_tuning();

	return open_stream(name, name, f, close_file, &tuning, err, err_len);
}

struct event_source *trace_text_open(const char *path, char *err, size_t err_len)
{
	struct trace_text_tuning tuning = trace_text_default_tuning();
	struct event_source *src;
	struct stat st;
	FILE *f;

	if (strcmp(path, "-") == 0)
		return open_stream(path, "<stdin>", stdin, false, &tuning, err, err_len);
	f = fopen(path, "rbe");
	if (!f) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, err_len, "%s: %s", path, strerror(EISDIR));
		fclose(f);
		return NULL;
	}
	src = open_stream(path, path, f, true, &tuning, err, err_len);
	if (!src)
		fclose(f);
	return src;
}
