/*
 * tests/trace/import/test_compressed.c: gzip and zstd inputs (made here with
 * zlib and libzstd), read by every reader through trace_open, and the
 * compressing writer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "instream.h"
#include "outstream.h"
#include "trace_binary.h"
#include "trace_open.h"

static const char text_trace[] =
	"start 1\nswitch 1\nmap swap\nw 0x600000000 \"hello\"\nr 0x600000000 \"hello\"\n"
	"w 0x600000008 8\nexit\n";

/* A long text trace: enough bytes for many decompressor calls. */
static char *long_trace(size_t *len)
{
	size_t cap = 64 + 200000 * 24, used = 0;
	char *t = malloc(cap);

	assert_non_null(t);
	used += (size_t)snprintf(t, cap, "start 1\nswitch 1\nmap swap\n");
	for (int i = 0; i < 200000; i++)
		used += (size_t)snprintf(t + used, cap - used, "r 0x%llx %d\n",
					 0x600000000ULL + (unsigned)(i * 13 % 65536), 1 + i % 8);
	used += (size_t)snprintf(t + used, cap - used, "exit\n");
	*len = used;
	return t;
}

static void open_all(const char *path, enum trace_format format, struct event_list *out)
{
	char err[512];
	struct event_source *src = trace_open(path, format, 4096, 0x600000000, err, sizeof err);

	if (!src)
		fail_msg("%s", err);
	drain(src, 333, out);
	if (out->failed)
		fail_msg("%s", out->error);
}

/* Compress `len` bytes of `data` with `pack` (gzip_bytes or zstd_bytes)
 * into the scratch file `name`. */
static void write_packed(const char *name, void *(*pack)(const void *, size_t, size_t *),
			 const void *data, size_t len)
{
	size_t n;
	void *c = pack(data, len, &n);

	write_file(scratch_path(name), c, n);
	free(c);
}

static void assert_same(const struct event_list *a, const struct event_list *b)
{
	assert_int_equal(a->count, b->count);
	for (int i = 0; i < a->count; i++)
		assert_true(events_equal(&a->events[i], &b->events[i], true));
}

static void text_in_every_codec(void **state)
{
	size_t len, glen, zlen;
	char *t = long_trace(&len);
	void *gz = gzip_bytes(t, len, &glen), *zs = zstd_bytes(t, len, &zlen);
	struct event_list plain, g, z;

	(void)state;
	write_file(scratch_path("t.trace"), t, len);
	write_file(scratch_path("t.trace.gz"), gz, glen);
	write_file(scratch_path("t.trace.zst"), zs, zlen);
	open_all(scratch_path("t.trace"), TRACE_AUTO, &plain);
	open_all(scratch_path("t.trace.gz"), TRACE_AUTO, &g);
	open_all(scratch_path("t.trace.zst"), TRACE_TEXT, &z);
	assert_int_equal(plain.count, 200004);
	assert_same(&plain, &g);
	assert_same(&plain, &z);
	event_list_free(&plain);
	event_list_free(&g);
	event_list_free(&z);
	free(gz);
	free(zs);
	free(t);
}

static void binary_found_under_compression(void **state)
{
	const char *bin = scratch_path("b.btrace");
	struct event_list text, from_gz, from_zst;
	char err[512], *bytes;
	void *gz, *zs;
	size_t len, glen, zlen;
	struct event_source *src = trace_open(scratch_path("t2.trace"), TRACE_AUTO, 0, 0, err,
					      sizeof err);

	(void)state;
	assert_null(src);   /* not written yet */
	write_file(scratch_path("t2.trace"), text_trace, sizeof text_trace - 1);
	open_all(scratch_path("t2.trace"), TRACE_AUTO, &text);
	struct event_sink *sink = trace_binary_writer(fopen(bin, "wb"), bin, NULL, err, sizeof err);
	assert_int_equal(sink->write(sink, text.events, text.count, err, sizeof err), 0);
	assert_int_equal(sink->finish(sink, err, sizeof err), 0);
	bytes = read_file(bin, &len);
	gz = gzip_bytes(bytes, len, &glen);
	zs = zstd_bytes(bytes, len, &zlen);
	write_file(scratch_path("b.btrace.gz"), gz, glen);
	write_file(scratch_path("b.btrace.zst"), zs, zlen);
	open_all(scratch_path("b.btrace.gz"), TRACE_AUTO, &from_gz);
	open_all(scratch_path("b.btrace.zst"), TRACE_BINARY, &from_zst);
	assert_same(&text, &from_gz);
	assert_same(&text, &from_zst);
	event_list_free(&text);
	event_list_free(&from_gz);
	event_list_free(&from_zst);
	free(bytes);
	free(gz);
	free(zs);
}

static void importers_read_compressed_input(void **state)
{
	static const char lackey[] = "==1== hi\nI  1000,4\n L 2000,8\n";
	static const char din[] = "0 1000\n1 2000\n";
	static const char pages[] = "1, 2, 1\n";
	struct event_list a, b;

	(void)state;
	write_packed("l.gz", gzip_bytes, lackey, sizeof lackey - 1);
	write_file(scratch_path("l"), lackey, sizeof lackey - 1);
	open_all(scratch_path("l"), TRACE_LACKEY, &a);
	open_all(scratch_path("l.gz"), TRACE_LACKEY, &b);
	assert_int_equal(a.count, 4 + 4 + 2 + 1);   /* preamble, 2 maps + 2 accesses, window, exit */
	assert_same(&a, &b);
	event_list_free(&a);
	event_list_free(&b);

	write_packed("d.zst", zstd_bytes, din, sizeof din - 1);
	open_all(scratch_path("d.zst"), TRACE_DIN, &a);
	assert_int_equal(a.count, 4 + 4 + 2 + 1);   /* preamble, 2 maps + 2 accesses, window, exit */
	assert_int_equal(a.events[9].op, EV_WRITE);
	event_list_free(&a);

	write_packed("p.zst", zstd_bytes, pages, sizeof pages - 1);
	open_all(scratch_path("p.zst"), TRACE_PAGES, &a);
	assert_int_equal(a.count, 4 + 5 + 2 + 1);
	assert_int_equal(a.events[10].addr, 0x600001000);   /* page 1 again: arena page 1 */
	event_list_free(&a);
	/* trace_open made the data file beside the inputs. */
	assert_true(file_exists(scratch_path("pages.bin")));
}

static void concatenated_members_and_frames(void **state)
{
	static const char one[] = "start 1\nswitch 1\n", two[] = "map swap\nexit\n";
	size_t n1, n2;
	void *a, *b;
	char *both;
	struct event_list list;

	(void)state;
	for (int codec = 0; codec < 2; codec++) {
		a = codec ? zstd_bytes(one, sizeof one - 1, &n1) : gzip_bytes(one, sizeof one - 1, &n1);
		b = codec ? zstd_bytes(two, sizeof two - 1, &n2) : gzip_bytes(two, sizeof two - 1, &n2);
		both = malloc(n1 + n2);
		memcpy(both, a, n1);
		memcpy(both + n1, b, n2);
		write_file(scratch_path("cat"), both, n1 + n2);
		open_all(scratch_path("cat"), TRACE_AUTO, &list);
		assert_int_equal(list.count, 4);
		assert_int_equal(list.events[3].op, EV_EXIT);
		assert_int_equal(list.events[3].line, 4);
		event_list_free(&list);
		free(a);
		free(b);
		free(both);
	}
}

static void expect_open_or_read_error(const char *path, enum trace_format format,
				      const char *message)
{
	char err[512], want[600];
	struct event_source *src = trace_open(path, format, 4096, 0x600000000, err, sizeof err);
	struct event_list list;

	snprintf(want, sizeof want, "%s: %s", path, message);
	if (!src) {
		assert_string_equal(err, want);
		return;
	}
	drain(src, 100, &list);
	assert_true(list.failed);
	assert_string_equal(list.error, want);
	event_list_free(&list);
}

static void corrupt_and_truncated_data(void **state)
{
	size_t len, glen, zlen;
	char *t = long_trace(&len);
	unsigned char *gz = gzip_bytes(t, len, &glen), *zs = zstd_bytes(t, len, &zlen);
	const char *path = scratch_path("broken");

	(void)state;
	/* Cut short: the reader says so, naming the file. */
	write_file(path, gz, glen / 2);
	expect_open_or_read_error(path, TRACE_TEXT, "truncated gzip data");
	write_file(path, zs, zlen / 2);
	expect_open_or_read_error(path, TRACE_AUTO, "truncated zstd data");

	/* Damaged: a bad check value at the end, a bad method in the header. */
	gz[glen - 6] ^= 0x55;
	write_file(path, gz, glen);
	expect_open_or_read_error(path, TRACE_TEXT, "corrupt gzip data: incorrect data check");
	gz[2] = 7;
	write_file(path, gz, glen);
	expect_open_or_read_error(path, TRACE_TEXT, "corrupt gzip data: unknown compression method");
	memset(zs + 4, 0xff, 8);
	write_file(path, zs, zlen);
	expect_open_or_read_error(path, TRACE_AUTO,
				  "corrupt zstd data: Unsupported frame parameter");
	free(gz);
	free(zs);

	/* The importers see the same errors: a long din trace of reads, cut. */
	for (size_t i = 0; i + 7 <= len; i += 7)
		memcpy(t + i, "0 1000\n", 7);
	len -= len % 7;
	gz = gzip_bytes(t, len, &glen);
	zs = zstd_bytes(t, len, &zlen);
	write_file(path, gz, glen - 1);
	expect_open_or_read_error(path, TRACE_DIN, "truncated gzip data");
	write_file(path, zs, zlen - 1);
	expect_open_or_read_error(path, TRACE_DIN, "truncated zstd data");
	free(gz);
	free(zs);
	free(t);
}

static void empty_and_tiny_files(void **state)
{
	struct event_list list;
	const char *path = scratch_path("tiny");

	(void)state;
	write_file(path, "", 0);
	open_all(path, TRACE_AUTO, &list);
	assert_int_equal(list.count, 0);
	event_list_free(&list);
	write_file(path, "\x1f", 1);   /* half a gzip magic: plain text, and not valid text */
	expect_open_or_read_error(path, TRACE_BINARY,
				  "not an mmusim binary trace (no \"MMUSIMTR\" header)");
}

static void byte_by_byte_reads(void **state)
{
	size_t len, zlen;
	char *t = long_trace(&len), err[256], *back = malloc(len + 1);
	void *zs = zstd_bytes(t, len, &zlen);
	struct instream *in = instream_open_memory("m", zs, zlen, err, sizeof err);
	uint8_t head[8];
	size_t got = 0;

	(void)state;
	assert_int_equal(instream_codec(in), INSTREAM_ZSTD);
	assert_int_equal(instream_peek(in, head, 8, err, sizeof err), 8);
	assert_memory_equal(head, "start 1\n", 8);
	for (;;) {
		ssize_t n = instream_read(in, back + got, got % 3 ? 1 : 7, err, sizeof err);

		assert_true(n >= 0);
		if (n == 0)
			break;
		got += (size_t)n;
	}
	assert_int_equal(got, len);
	assert_memory_equal(back, t, len);
	instream_close(in);
	free(zs);
	free(back);
	free(t);
}

static void compressing_writer_round_trip(void **state)
{
	static const enum instream_codec codecs[] = { INSTREAM_GZIP, INSTREAM_ZSTD,
						      INSTREAM_PLAIN };
	size_t len;
	char *t = long_trace(&len), err[256];

	(void)state;
	for (int codec = 0; codec < 3; codec++) {
		const char *name = codec == 0 ? "w.gz" : codec == 1 ? "w.zst" : "w.txt";
		const char *path = scratch_path(name);
		FILE *f = outstream_wrap(fopen(path, "wb"), outstream_codec_for(name), path, err,
					 sizeof err);
		size_t back_len;
		char *back;
		struct instream *in;

		assert_non_null(f);
		assert_int_equal(fwrite(t, 1, len, f), len);
		assert_int_equal(fclose(f), 0);
		back = read_file(path, &back_len);
		in = instream_open_memory(name, back, back_len, err, sizeof err);
		assert_int_equal(instream_codec(in), codecs[codec]);
		char *plain = malloc(len + 16);
		size_t got = 0;
		ssize_t n;
		while ((n = instream_read(in, plain + got, len + 16 - got, err, sizeof err)) > 0)
			got += (size_t)n;
		assert_int_equal(n, 0);
		assert_int_equal(got, len);
		assert_memory_equal(plain, t, len);
		if (codec < 2)
			assert_true(back_len < len / 3);
		free(plain);
		free(back);
		instream_close(in);
	}
	free(t);
}

static void compressing_writer_reports_errors(void **state)
{
	char err[256];

	(void)state;
	for (int codec = 0; codec < 2; codec++) {
		FILE *f = outstream_wrap(fopen("/dev/full", "wb"),
					 codec ? INSTREAM_ZSTD : INSTREAM_GZIP, "/dev/full",
					 err, sizeof err);

		assert_non_null(f);
		fputs("start 1\n", f);
		assert_int_equal(fclose(f), EOF);
	}
	assert_int_equal(outstream_codec_for("a.trace.gz"), INSTREAM_GZIP);
	assert_int_equal(outstream_codec_for("a.zst"), INSTREAM_ZSTD);
	assert_int_equal(outstream_codec_for("a.zst.trace"), INSTREAM_PLAIN);
}

/* A child writes `len` bytes into the FIFO at path, then exits. */
static pid_t feed_fifo(const char *path, const void *data, size_t len)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		FILE *f = fopen(path, "wb");

		fwrite(data, 1, len, f);
		fclose(f);
		_exit(0);
	}
	return pid;
}

static void pipes_are_read_twice_through_a_spool(void **state)
{
	static const char lackey[] = " L 1000,4\n S 2000,4\n L 1000,4\n";
	const char *fifo = scratch_path("fifo");
	size_t zlen;
	void *zs = zstd_bytes(lackey, sizeof lackey - 1, &zlen);
	struct event_list list;
	char *text;
	int status;

	(void)state;
	assert_int_equal(mkfifo(fifo, 0600), 0);
	for (int compressed = 0; compressed < 2; compressed++) {
		pid_t pid = compressed ? feed_fifo(fifo, zs, zlen)
				       : feed_fifo(fifo, lackey, sizeof lackey - 1);

		open_all(fifo, TRACE_LACKEY, &list);
		waitpid(pid, &status, 0);
		text = list_text(&list);
		/* Maps up front: the pipe was read twice. */
		assert_string_equal(text, "start 1\nswitch 1\nmap swap\nw 0x600000000 \"pages.bin\"\n"
				    "map file 0x600000000 0\nmap swap\ndiscard 0x600000000\nreset\n"
				    "r 0x600001000 4\nw 0x600002000 4\nr 0x600001000 4\nexit\n");
		free(text);
		event_list_free(&list);
	}
	free(zs);
}

static void rewinding(void **state)
{
	const char *fifo = scratch_path("fifo2");
	char err[256], want[512], buf[8];
	struct instream *in;
	pid_t pid;

	(void)state;
	in = instream_open_memory("m", "abcdef", 6, err, sizeof err);
	assert_int_equal(instream_read(in, buf, 4, err, sizeof err), 4);
	assert_int_equal(instream_rewind(in, err, sizeof err), 0);
	assert_int_equal(instream_read(in, buf, 8, err, sizeof err), 6);
	assert_memory_equal(buf, "abcdef", 6);
	instream_close(in);

	/* A pipe read without keeping a copy cannot go back. */
	assert_int_equal(mkfifo(fifo, 0600), 0);
	pid = feed_fifo(fifo, "abcdef", 6);
	in = instream_open(fifo, err, sizeof err);
	assert_non_null(in);
	assert_int_equal(instream_read(in, buf, 8, err, sizeof err), 6);
	assert_int_equal(instream_keep_for_rewind(in, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s: cannot read this input twice: reading has begun", fifo);
	assert_string_equal(err, want);
	instream_close(in);
	waitpid(pid, NULL, 0);

	pid = feed_fifo(fifo, "abcdef", 6);
	in = instream_open(fifo, err, sizeof err);
	assert_int_equal(instream_rewind(in, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s: cannot read this input twice (a pipe, and no copy "
		 "was kept)", fifo);
	assert_string_equal(err, want);
	instream_close(in);
	waitpid(pid, NULL, 0);

	/* Kept: the spool first, then the rest of the pipe. */
	pid = feed_fifo(fifo, "abcdef", 6);
	in = instream_open(fifo, err, sizeof err);
	assert_int_equal(instream_keep_for_rewind(in, err, sizeof err), 0);
	assert_int_equal(instream_read(in, buf, 2, err, sizeof err), 2);
	assert_int_equal(instream_rewind(in, err, sizeof err), 0);
	memset(buf, 0, sizeof buf);
	size_t got = 0;
	ssize_t n;
	while ((n = instream_read(in, buf + got, sizeof buf - got, err, sizeof err)) > 0)
		got += (size_t)n;
	assert_int_equal(got, 6);
	assert_memory_equal(buf, "abcdef", 6);
	instream_close(in);
	waitpid(pid, NULL, 0);
}

/* instream_map: a plain regular file is handed out as memory from the
 * first unconsumed byte; nothing else is mapped. */
static void mapping(void **state)
{
	const char *plain = scratch_path("plain.bin"), *gz = scratch_path("p.gz");
	const char *fifo = scratch_path("fifo3"), *empty = scratch_path("empty");
	char err[256], buf[8];
	const uint8_t *data;
	size_t len;
	struct instream *in;

	(void)state;
	write_file(plain, "0123456789", 10);
	in = instream_open(plain, err, sizeof err);
	assert_int_equal(instream_peek(in, buf, 4, err, sizeof err), 4);
	assert_int_equal(instream_read(in, buf, 3, err, sizeof err), 3);
	assert_int_equal(instream_map(in, &data, &len), 1);
	assert_int_equal(len, 7);                 /* 3 read, peeked ones not */
	assert_memory_equal(data, "3456789", 7);
	assert_int_equal(instream_read(in, buf, 8, err, sizeof err), 0);
	instream_map_done(in, 7);
	/* asked again: the same bytes */
	assert_int_equal(instream_map(in, &data, &len), 1);
	assert_int_equal(len, 7);
	/* a rewind reads the file again */
	assert_int_equal(instream_rewind(in, err, sizeof err), 0);
	assert_int_equal(instream_read(in, buf, 8, err, sizeof err), 8);
	assert_memory_equal(buf, "01234567", 8);
	instream_close(in);

	write_packed("p.gz", gzip_bytes, "0123456789", 10);
	in = instream_open(gz, err, sizeof err);
	assert_int_equal(instream_map(in, &data, &len), 0);
	assert_int_equal(instream_read(in, buf, 8, err, sizeof err), 8);
	instream_close(in);

	in = instream_open_memory("m", "abc", 3, err, sizeof err);
	assert_int_equal(instream_map(in, &data, &len), 0);
	instream_close(in);

	write_file(empty, "", 0);
	in = instream_open(empty, err, sizeof err);
	assert_int_equal(instream_map(in, &data, &len), 0);
	instream_close(in);

	assert_int_equal(mkfifo(fifo, 0600), 0);
	pid_t pid = feed_fifo(fifo, "abcdef", 6);
	in = instream_open(fifo, err, sizeof err);
	assert_int_equal(instream_map(in, &data, &len), 0);
	assert_int_equal(instream_read(in, buf, 8, err, sizeof err), 6);
	instream_close(in);
	waitpid(pid, NULL, 0);
}

/* A binary trace longer than the pages the mapped reader gives back
 * (4 MiB): read mapped (plain file) and streamed (zstd), the same
 * events, and a record cut short is still an error naming it. */
static void mapped_and_streamed_binary_agree(void **state)
{
	enum { RECORDS = 800000 };   /* 18.3 MiB of records */
	const char *plain = scratch_path("long.btrace");
	size_t len = 32 + (size_t)RECORDS * 24;
	uint8_t *bytes = calloc(1, len);
	struct event_list mapped, streamed;

	(void)state;
	assert_non_null(bytes);
	memcpy(bytes, "MMUSIMTR\x01\x00\x20\x00\x18\x00", 14);
	for (uint32_t i = 0; i < RECORDS; i++) {
		uint8_t *r = bytes + 32 + (size_t)i * 24;
		uint64_t a = 0x600000000ULL + (i * 40503u) % 65536, b = 1 + i % 8;
		r[0] = i == 0 ? 1 : i == 1 ? 3 : (i % 3 ? 6 : 7);
		memcpy(r + 4, &i, 4);
		if (i < 2)
			a = 1, b = 0;    /* start 1, switch 1 */
		memcpy(r + 8, &a, 8);
		memcpy(r + 16, &b, 8);
	}
	write_file(plain, bytes, len);
	write_packed("long.btrace.zst", zstd_bytes, bytes, len);
	open_all(plain, TRACE_AUTO, &mapped);
	open_all(scratch_path("long.btrace.zst"), TRACE_AUTO, &streamed);
	assert_int_equal(mapped.count, RECORDS);
	assert_same(&mapped, &streamed);
	assert_int_equal(mapped.events[RECORDS - 1].line, RECORDS - 1);
	event_list_free(&mapped);
	event_list_free(&streamed);

	/* cut inside the last record */
	write_file(plain, bytes, len - 5);
	char err[512];
	struct event_source *src = trace_open(plain, TRACE_AUTO, 4096, 0x600000000,
					      err, sizeof err);
	assert_non_null(src);
	drain(src, 4096, &mapped);
	assert_true(mapped.failed);
	assert_int_equal(mapped.count, RECORDS - 1);
	char want[512];
	snprintf(want, sizeof want, "%s: record %d: the file ends inside a record",
		 plain, RECORDS);
	assert_string_equal(mapped.error, want);
	event_list_free(&mapped);
	free(bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_in_every_codec),
		cmocka_unit_test(binary_found_under_compression),
		cmocka_unit_test(importers_read_compressed_input),
		cmocka_unit_test(concatenated_members_and_frames),
		cmocka_unit_test(corrupt_and_truncated_data),
		cmocka_unit_test(empty_and_tiny_files),
		cmocka_unit_test(byte_by_byte_reads),
		cmocka_unit_test(compressing_writer_round_trip),
		cmocka_unit_test(compressing_writer_reports_errors),
		cmocka_unit_test(pipes_are_read_twice_through_a_spool),
		cmocka_unit_test(rewinding),
		cmocka_unit_test(mapping),
		cmocka_unit_test(mapped_and_streamed_binary_agree),
	};

	return cmocka_run_group_tests(tests, NULL, scratch_teardown);
}
