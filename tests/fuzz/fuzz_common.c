/*
 * tests/fuzz/fuzz_common.c: the harnesses' scratch folder, event draining
 * and the text round trip every reader's events must survive.
 */
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event_check.h"
#include "event_sink.h"
#include "trace_text.h"
#include "trace_text_writer.h"

enum { BATCH = 256 };

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fuzz: broken property: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

/* ---- the scratch folder ------------------------------------------------ */

static char scratch[PATH_MAX];
static pid_t scratch_owner;

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void remove_scratch(void)
{
	/* A forked child (none here, but libFuzzer's -fork mode) leaves it. */
	if (scratch[0] && getpid() == scratch_owner)
		nftw(scratch, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fuzz_dir(void)
{
	if (scratch[0])
		return scratch;
	const char *tmp = getenv("TMPDIR");
	snprintf(scratch, sizeof scratch, "%s/mmusim-fuzz-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(scratch)) {
		fprintf(stderr, "fuzz: cannot make %s: %s\n", scratch,
			strerror(errno));
		exit(2);
	}
	scratch_owner = getpid();
	atexit(remove_scratch);
	return scratch;
}

void fuzz_put(const char *name, const void *data, size_t len, char *path)
{
	snprintf(path, PATH_MAX, "%s/%s", fuzz_dir(), name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "fuzz: cannot write %s: %s\n", path, strerror(errno));
		exit(2);
	}
	const uint8_t *p = data;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "fuzz: cannot write %s: %s\n", path,
				strerror(errno));
			exit(2);
		}
		p += n;
		len -= (size_t)n;
	}
	close(fd);
}

/* ---- events ------------------------------------------------------------ */

static bool same_event(const struct trace_event *a, const struct trace_event *b)
{
	if (a->op != b->op || a->expect != b->expect || a->pid != b->pid ||
	    a->child != b->child || a->addr != b->addr || a->arg != b->arg ||
	    a->expect_value != b->expect_value)
		return false;
	if (event_holds_text(a->op))
		return a->arg == 0 || memcmp(a->text, b->text, a->arg) == 0;
	return true;
}

static void describe(const struct trace_event *ev, char *buf, size_t len)
{
	snprintf(buf, len, "op %u expect %u pid %" PRId32 " child %" PRId32
		 " addr 0x%" PRIx64 " arg %" PRIu64 " value %" PRIu64,
		 ev->op, ev->expect, ev->pid, ev->child, ev->addr, ev->arg,
		 ev->expect_value);
}

/* Write events[0..n) as text lines and read them back: the same events. */
static void round_trip(const struct trace_event *events, int n)
{
	size_t cap = 1;
	for (int i = 0; i < n; i++)
		cap += trace_write_line_max(&events[i]) + 1;
	char *text = malloc(cap);
	if (!text)
		fuzz_fail("out of memory for %zu bytes of text", cap);
	text[0] = '\0';
	size_t len = 0;
	for (int i = 0; i < n; i++) {
		len += trace_write_line(text + len, &events[i]);
		text[len++] = '\n';
	}
	char err[512];
	struct event_source *back = trace_text_open_buffer("round-trip", text, len,
							    err, sizeof err);
	if (!back)
		fuzz_fail("the text reader cannot open written text: %s", err);
	struct trace_event got[BATCH];
	int have = 0;
	while (have < n) {
		int k = back->fill(back, got + have, n - have, err, sizeof err);
		if (k < 0)
			fuzz_fail("written text does not read back: %s\n%.*s", err,
				  (int)(len < 2000 ? len : 2000), text);
		if (k == 0)
			fuzz_fail("written text read back as %d events, not %d",
				  have, n);
		/* Compare now: the texts of got[] last until the next fill. */
		for (int i = have; i < have + k; i++) {
			if (!same_event(&events[i], &got[i])) {
				char want[256], was[256];
				describe(&events[i], want, sizeof want);
				describe(&got[i], was, sizeof was);
				fuzz_fail("event %d written and read back changed:\n"
					  "  was  %s\n  read %s", i, want, was);
			}
		}
		have += k;
	}
	if (back->fill(back, got, BATCH, err, sizeof err) != 0)
		fuzz_fail("written text holds more than its %d events", n);
	back->close(back);
	free(text);
}

void fuzz_round_trip(const struct trace_event *ev)
{
	round_trip(ev, 1);
}

static uint64_t mix(uint64_t h, const void *data, size_t len)
{
	const uint8_t *p = data;
	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * UINT64_C(0x100000001b3);
	return h;
}

static uint64_t hash_event(uint64_t h, const struct trace_event *ev)
{
	uint64_t f[] = { ev->op, ev->expect, (uint64_t)(int64_t)ev->pid,
			 (uint64_t)(int64_t)ev->child, ev->addr, ev->arg,
			 ev->expect_value };
	h = mix(h, f, sizeof f);
	if (event_holds_text(ev->op) && ev->arg)
		h = mix(h, ev->text, (size_t)ev->arg);
	return h;
}

void fuzz_names_input(const char *err, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(err, name, n) != 0 || err[n] != ':')
		fuzz_fail("the message does not name %s first: '%s'", name, err);
}

void fuzz_drain(struct event_source *src, uint64_t cap, struct event_sink *sink,
		struct fuzz_drain *out)
{
	struct trace_event events[BATCH];
	*out = (struct fuzz_drain){ .hash = UINT64_C(0xcbf29ce484222325) };
	for (;;) {
		if (out->events >= cap) {
			out->capped = true;
			break;
		}
		int n = src->fill(src, events, BATCH, out->err, sizeof out->err);
		if (n < 0) {
			out->failed = true;
			break;
		}
		if (n == 0)
			break;
		if (n > BATCH)
			fuzz_fail("fill returned %d events for room of %d", n, BATCH);
		for (int i = 0; i < n; i++) {
			const char *why = event_check(&events[i]);
			if (why)
				fuzz_fail("a reader handed out an event the text "
					  "form cannot say: %s", why);
			out->accesses += event_is_access(events[i].op);
			out->hash = hash_event(out->hash, &events[i]);
		}
		round_trip(events, n);
		char why[512];
		if (sink && sink->write(sink, events, n, why, sizeof why) != 0)
			fuzz_fail("a writer refused events a reader handed out: %s",
				  why);
		out->events += (uint64_t)n;
	}
	src->close(src);
}
