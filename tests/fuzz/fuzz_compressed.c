/*
 * tests/fuzz/fuzz_compressed.c: gzip or zstd input (sim/io/instream.c),
 * chosen when it is compiled: -DCODEC_GZIP or -DCODEC_ZSTD.
 *
 * The input is a compressed file (inputs without the codec's magic are
 * left alone: the text harness reads plain input). It is opened from
 * memory, as a regular file and through a pipe, and each is read twice
 * (instream_keep_for_rewind, instream_rewind) in chunks of different
 * sizes: all six readings must give the same bytes and the same error,
 * and instream_peek the first of them. Then the bytes go through stdio
 * into the text reader, the way trace_open reads a compressed text trace:
 * a damaged input must end in an error there too, never in a quiet end of
 * the trace. At most MAX_OUT decompressed bytes are read (a few bytes of
 * zstd can stand for gigabytes).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "instream.h"
#include "trace_text.h"

enum {
	MAX_OUT = 1 << 20,
	MAX_EVENTS = 20000,
	PIPE_MAX = 60000,   /* inputs that fit a pipe's buffer go through one */
};

#if defined CODEC_GZIP
static const uint8_t magic[] = { 0x1f, 0x8b };
#define NAME "fuzz.gz"
#elif defined CODEC_ZSTD
static const uint8_t magic[] = { 0x28, 0xb5, 0x2f, 0xfd };
#define NAME "fuzz.zst"
#else
#error "which codec? -DCODEC_GZIP or -DCODEC_ZSTD"
#endif

struct reading {
	uint64_t hash;
	size_t bytes;
	bool failed, capped;
	uint8_t head[8];
	char err[512];      /* without the input's name */
};

static uint64_t mix(uint64_t h, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * UINT64_C(0x100000001b3);
	return h;
}

/* Read to the end (or MAX_OUT) in chunks of `chunk` bytes. */
static void read_all(struct instream *in, const char *name, size_t chunk,
		     struct reading *r)
{
	static uint8_t buf[65536];
	char err[600];
	*r = (struct reading){ .hash = UINT64_C(0xcbf29ce484222325) };
	while (r->bytes < MAX_OUT) {
		size_t want = chunk;
		if (want > MAX_OUT - r->bytes)
			want = MAX_OUT - r->bytes;
		ssize_t got = instream_read(in, buf, want, err, sizeof err);
		if (got < 0) {
			fuzz_names_input(err, name);
			r->failed = true;
			snprintf(r->err, sizeof r->err, "%s", err + strlen(name));
			return;
		}
		if (got == 0)
			return;
		if ((size_t)got > want)
			fuzz_fail("instream_read gave %zd bytes for %zu", got, want);
		if (r->bytes < sizeof r->head)
			memcpy(r->head + r->bytes, buf,
			       (size_t)got < sizeof r->head - r->bytes
				       ? (size_t)got : sizeof r->head - r->bytes);
		r->hash = mix(r->hash, buf, (size_t)got);
		r->bytes += (size_t)got;
	}
	r->capped = true;
}

static void same(const struct reading *a, const struct reading *b, const char *what)
{
	if (a->bytes != b->bytes || a->hash != b->hash || a->failed != b->failed ||
	    (a->failed && strcmp(a->err, b->err) != 0))
		fuzz_fail("%s: %zu bytes%s%s, then %zu bytes%s%s", what, a->bytes,
			  a->failed ? " and" : "", a->failed ? a->err : "",
			  b->bytes, b->failed ? " and" : "", b->failed ? b->err : "");
}

/* Peek, read, rewind, read again: both readings in r[0], r[1]. */
static void twice(struct instream *in, const char *name, struct reading r[2])
{
	char err[600];
	uint8_t head[8];
	if (instream_keep_for_rewind(in, err, sizeof err) != 0)
		fuzz_fail("instream_keep_for_rewind: %s", err);
	ssize_t peeked = instream_peek(in, head, sizeof head, err, sizeof err);
	read_all(in, name, 65536, &r[0]);
	if (peeked >= 0 && memcmp(head, r[0].head, (size_t)peeked) != 0)
		fuzz_fail("instream_peek showed other bytes than were read");
	if (peeked < 0 && (!r[0].failed || r[0].bytes != 0))
		fuzz_fail("peek failed (%s), reading did not", err);
	if (r[0].failed) {
		r[1] = r[0];
		instream_close(in);
		return;
	}
	if (instream_rewind(in, err, sizeof err) != 0)
		fuzz_fail("instream_rewind: %s", err);
	read_all(in, name, 1000, &r[1]);
	same(&r[0], &r[1], "read again after a rewind");
	instream_close(in);
}

/* The text reader over the instream, as trace_open reads compressed text. */
static void as_text(const uint8_t *data, size_t size, const struct reading *raw)
{
	char err[512];
	struct instream *in = instream_open_memory(NAME, data, size, err, sizeof err);
	if (!in)
		fuzz_fail("instream_open_memory: %s", err);
	FILE *f = instream_to_file(in);
	if (!f)
		fuzz_fail("instream_to_file failed");
	struct event_source *src = trace_text_open_stream(NAME, f, true, err, sizeof err);
	if (!src)
		fuzz_fail("trace_text_open_stream: %s", err);
	struct fuzz_drain d;
	fuzz_drain(src, MAX_EVENTS, NULL, &d);
	if (raw->failed && !raw->capped && !d.capped && !d.failed)
		fuzz_fail("damaged %s input read as a whole text trace of %llu "
			  "events (the stream said%s)", NAME,
			  (unsigned long long)d.events, raw->err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < sizeof magic || memcmp(data, magic, sizeof magic) != 0)
		return 0;
	char err[600];
	struct reading mem[2], file[2], pipe_[2];

	struct instream *in = instream_open_memory(NAME, data, size, err, sizeof err);
	if (!in)
		fuzz_fail("instream_open_memory: %s", err);
	twice(in, NAME, mem);

	char path[PATH_MAX];
	fuzz_put(NAME, data, size, path);
	in = instream_open(path, err, sizeof err);
	if (!in)
		fuzz_fail("instream_open %s: %s", path, err);
	twice(in, path, file);
	same(&mem[0], &file[0], "memory and a file");
	same(&mem[1], &file[1], "memory and a file, rewound");

	if (size <= PIPE_MAX) {
		int fds[2];
		if (pipe(fds) != 0)
			fuzz_fail("pipe: %s", strerror(errno));
		if (fcntl(fds[1], F_SETPIPE_SZ, 65536) < 0 ||
		    write(fds[1], data, size) != (ssize_t)size)
			fuzz_fail("cannot fill a pipe: %s", strerror(errno));
		close(fds[1]);
		char name[64];
		snprintf(name, sizeof name, "/proc/self/fd/%d", fds[0]);
		in = instream_open(name, err, sizeof err);
		close(fds[0]);
		if (!in)
			fuzz_fail("instream_open %s: %s", name, err);
		twice(in, name, pipe_);
		same(&mem[0], &pipe_[0], "memory and a pipe");
		same(&mem[1], &pipe_[1], "memory and a pipe, rewound");
	}

	as_text(data, size, &mem[0]);
	return 0;
}
