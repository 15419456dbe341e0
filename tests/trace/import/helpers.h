/*
 * tests/trace/import/helpers.h: what the import tests share: a scratch folder,
 * files written into it, and whole traces read into arrays of events
 * (text bytes copied, so they outlive the source).
 */
#ifndef MMUSIM_TESTS_IMPORT_HELPERS_H
#define MMUSIM_TESTS_IMPORT_HELPERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "import.h"

struct event_list {
	struct trace_event *events;   /* text points into `texts` storage */
	int count;
	char error[1024];             /* the source's message when it failed */
	bool failed;
};

/* A fresh folder under /tmp; scratch_path() names a file in it. */
const char *scratch_dir(void);
char *scratch_path(const char *name);   /* static buffer, one at a time is enough */
void scratch_remove(void);
/* scratch_remove() as a cmocka group teardown. */
int scratch_teardown(void **state);

/* Write `len` bytes (or the whole string when len is (size_t)-1). */
void write_file(const char *path, const void *data, size_t len);
/* The whole file, NUL-terminated; *len set if not NULL. free(). */
char *read_file(const char *path, size_t *len);
bool file_exists(const char *path);

/* Drain a source (closing it) with batches of `batch` events. */
void drain(struct event_source *src, int batch, struct event_list *out);
void event_list_free(struct event_list *list);

/* Equal events: every field the op uses, text bytes compared. */
bool events_equal(const struct trace_event *a, const struct trace_event *b, bool lines);

/* One event as a text line (trace_write_line), in a static buffer. */
const char *event_text(const struct trace_event *ev);

enum importer { IMPORT_WITH_LACKEY, IMPORT_WITH_DIN, IMPORT_WITH_LIST };

/* Import `data` (named "in") with options `opt`, in batches of `batch`. A
 * failure to open is reported in out->error too. */
void import_data(enum importer which, const char *data, const struct import_options *opt,
		 int batch, struct event_list *out);

/* The events as text lines (one a line, LF after each); free(). */
char *list_text(const struct event_list *list);

/* gzip or zstd of `len` bytes, made with zlib or libzstd; free(). */
void *gzip_bytes(const void *data, size_t len, size_t *out_len);
void *zstd_bytes(const void *data, size_t len, size_t *out_len);

#endif
