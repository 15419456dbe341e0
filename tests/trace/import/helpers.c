/* tests/trace/import/helpers.c */
#include "event_check.h"
#include "helpers.h"
#include "tmpdir.h"
#include "trace_text_writer.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

static char dir[256];

const char *scratch_dir(void)
{
	if (dir[0] == '\0')
		tmpdir_make(dir, sizeof dir, "import");
	return dir;
}

char *scratch_path(const char *name)
{
	static char path[4][512];
	static int next;
	char *p = path[next++ % 4];

	snprintf(p, sizeof path[0], "%s/%s", scratch_dir(), name);
	return p;
}

void scratch_remove(void)
{
	if (dir[0] != '\0')
		tmpdir_remove(dir);
	dir[0] = '\0';
}

int scratch_teardown(void **state)
{
	(void)state;
	scratch_remove();
	return 0;
}

void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (len == (size_t)-1)
		len = strlen(data);
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;

	assert_non_null(f);
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		size_t got = fread(buf + n, 1, 4096, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

bool file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

void drain(struct event_source *src, int batch, struct event_list *out)
{
	struct trace_event *buf = malloc((size_t)batch * sizeof *buf);
	int cap = 0;

	assert_non_null(buf);
	*out = (struct event_list){ 0 };
	for (;;) {
		int n = src->fill(src, buf, batch, out->error, sizeof out->error);

		if (n < 0) {
			out->failed = true;
			break;
		}
		if (n == 0)
			break;
		for (int i = 0; i < n; i++) {
			struct trace_event ev = buf[i];

			if (out->count == cap) {
				cap = cap ? cap * 2 : 64;
				out->events = realloc(out->events, (size_t)cap * sizeof *out->events);
				assert_non_null(out->events);
			}
			if (event_holds_text(ev.op)) {
				uint8_t *copy = malloc(ev.arg + 1);

				assert_non_null(copy);
				memcpy(copy, ev.text, ev.arg);
				ev.text = copy;
			} else {
				ev.text = NULL;
			}
			out->events[out->count++] = ev;
		}
	}
	free(buf);
	src->close(src);
}

void event_list_free(struct event_list *list)
{
	for (int i = 0; i < list->count; i++)
		free((void *)list->events[i].text);
	free(list->events);
	*list = (struct event_list){ 0 };
}

bool events_equal(const struct trace_event *a, const struct trace_event *b, bool lines)
{
	if (a->op != b->op || a->expect != b->expect || (lines && a->line != b->line))
		return false;
	if (a->expect == EXPECT_VALUE && a->expect_value != b->expect_value)
		return false;
	switch (a->op) {
	case EV_START:
	case EV_SWITCH:
		return a->pid == b->pid;
	case EV_FORK:
		return a->pid == b->pid && a->child == b->child;
	case EV_MAP_SWAP:
	case EV_EXIT:
		return true;
	case EV_COMPUTE:
		return a->arg == b->arg;
	case EV_READ_TEXT:
	case EV_WRITE_TEXT:
	case EV_PUT:
		return a->addr == b->addr && a->arg == b->arg &&
		       memcmp(a->text, b->text, a->arg) == 0;
	default:
		return a->addr == b->addr && a->arg == b->arg;
	}
}

const char *event_text(const struct trace_event *ev)
{
	static char buf[4096];

	if (trace_write_line_max(ev) >= sizeof buf)
		return "(long)";
	buf[trace_write_line(buf, ev)] = '\0';
	return buf;
}

void *gzip_bytes(const void *data, size_t len, size_t *out_len)
{
	z_stream z = { 0 };
	size_t cap = compressBound(len) + 64;
	unsigned char *out = malloc(cap);

	assert_non_null(out);
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*out_len = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

void *zstd_bytes(const void *data, size_t len, size_t *out_len)
{
	size_t cap = ZSTD_compressBound(len);
	void *out = malloc(cap);

	assert_non_null(out);
	*out_len = ZSTD_compress(out, cap, data, len, 3);
	assert_false(ZSTD_isError(*out_len));
	return out;
}

char *list_text(const struct event_list *list)
{
	size_t cap = 1, used = 0;
	char *out;

	for (int i = 0; i < list->count; i++)
		cap += trace_write_line_max(&list->events[i]) + 1;
	out = malloc(cap);
	assert_non_null(out);
	for (int i = 0; i < list->count; i++) {
		used += trace_write_line(out + used, &list->events[i]);
		out[used++] = '\n';
	}
	out[used] = '\0';
	return out;
}

void import_data(enum importer which, const char *data, const struct import_options *opt,
		 int batch, struct event_list *out)
{
	char err[1024];
	struct instream *in = instream_open_memory("in", data, strlen(data), err, sizeof err);
	struct event_source *src;

	assert_non_null(in);
	src = which == IMPORT_WITH_LACKEY ? import_lackey_open("in", in, opt, err, sizeof err)
	      : which == IMPORT_WITH_DIN ? import_din_open("in", in, opt, err, sizeof err)
	      : import_list_open("in", in, opt, err, sizeof err);
	if (!src) {
		*out = (struct event_list){ .failed = true };
		snprintf(out->error, sizeof out->error, "%s", err);
		return;
	}
	drain(src, batch, out);
}
