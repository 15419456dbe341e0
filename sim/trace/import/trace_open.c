/*
 * sim/trace/import/trace_open.c: one door to every trace reader. The instream layer
 * removes any compression first; then the header (or the format asked
 * for) picks the reader.
 */
#include "trace_open.h"
#include "import.h"
#include "instream.h"
#include "trace_binary.h"
#include "trace_text.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>

enum {
	DEFAULT_PAGE_SIZE = 65536,
	MESSAGE_MAX = 512,
};
#define DEFAULT_ARENA_BASE UINT64_C(0x600000000)

static const char *const format_names[TRACE_FORMAT_COUNT] = {
	[TRACE_AUTO] = "auto",     [TRACE_TEXT] = "text", [TRACE_BINARY] = "binary",
	[TRACE_LACKEY] = "lackey", [TRACE_DIN] = "din",   [TRACE_PAGES] = "pages",
	[TRACE_ADDRS] = "addrs",
};

bool trace_format_parse(const char *name, enum trace_format *format)
{
	for (int f = 0; f < TRACE_FORMAT_COUNT; f++) {
		if (strcmp(name, format_names[f]) == 0) {
			*format = (enum trace_format)f;
			return true;
		}
	}
	return false;
}

const char *trace_format_name(enum trace_format format)
{
	return (unsigned)format < TRACE_FORMAT_COUNT ? format_names[format] : "?";
}

bool trace_format_is_import(enum trace_format format)
{
	return format == TRACE_LACKEY || format == TRACE_DIN || format == TRACE_PAGES ||
	       format == TRACE_ADDRS;
}

const char *trace_format_list(void)
{
	return "text|binary|lackey|din|pages|addrs";
}

struct trace_open_options trace_open_defaults(enum trace_format format,
					      uint32_t page_size, uint64_t arena_base)
{
	return (struct trace_open_options){ .format = format, .page_size = page_size,
					    .arena_base = arena_base,
					    .ensure_data_file = true };
}

/* ---- compressed text: better messages than errno's --------------------- */

/* The text reader only sees errno from a failed read ("Bad message"); this
 * wrapper puts the decompressor's own words in its place. */
struct text_wrapper {
	struct event_source base;   /* first */
	struct event_source *text;
	struct instream *in;        /* owned by text's FILE; valid until text closes */
};

static int wrapper_fill(struct event_source *src, struct trace_event *events, int cap,
			char *err, size_t err_len)
{
	struct text_wrapper *w = (struct text_wrapper *)src;
	int n = w->text->fill(w->text, events, cap, err, err_len);

	if (n < 0 && instream_error(w->in))
		snprintf(err, err_len, "%s", instream_error(w->in));
	return n;
}

static void wrapper_close(struct event_source *src)
{
	struct text_wrapper *w = (struct text_wrapper *)src;

	w->text->close(w->text);
	free(w);
}

static struct event_source *open_text(const char *path, struct instream *in,
				      char *err, size_t err_len)
{
	struct text_wrapper *w = calloc(1, sizeof *w);
	FILE *f = w ? instream_to_file(in) : NULL;

	if (!f) {
		snprintf(err, err_len, "%s: out of memory", path);
		free(w);
		instream_close(in);
		return NULL;
	}
	w->text = trace_text_open_stream(path, f, true, err, err_len);
	if (!w->text) {
		fclose(f);
		free(w);
		return NULL;
	}
	w->in = in;
	w->base.fill = wrapper_fill;
	w->base.close = wrapper_close;
	w->base.path = w->text->path;
	return &w->base;
}

/* ---- binary: refuse a trace made for another page size or arena -------- */

static struct event_source *open_binary(const char *path, struct instream *in,
					const struct trace_open_options *opt,
					char *err, size_t err_len)
{
	struct event_source *src = trace_binary_open_instream(path, in, err, err_len);
	struct trace_binary_info info;

	if (!src || !trace_binary_source_info(src, &info))
		return src;
	if (opt->page_size && info.page_size && info.page_size != opt->page_size) {
		snprintf(err, err_len, "%s: this trace was made for page size %" PRIu32
			 ", not %" PRIu32 ": import the original again with that page size",
			 path, info.page_size, opt->page_size);
		src->close(src);
		return NULL;
	}
	if (opt->page_size && info.arena_base && info.arena_base != opt->arena_base) {
		snprintf(err, err_len, "%s: this trace was made for arena base 0x%" PRIx64
			 ", not 0x%" PRIx64 ": import the original again with that arena base",
			 path, info.arena_base, opt->arena_base);
		src->close(src);
		return NULL;
	}
	return src;
}

/* ---- importers ---------------------------------------------------------- */

static struct event_source *open_import(const char *path, struct instream *in,
					const struct trace_open_options *opt,
					char *err, size_t err_len)
{
	struct import_options io = {
		.page_size = opt->page_size ? opt->page_size : DEFAULT_PAGE_SIZE,
		.arena_base = opt->page_size ? opt->arena_base : DEFAULT_ARENA_BASE,
		.arena_pages = opt->arena_pages,
		.limit = opt->limit,
		.data_only = opt->data_only,
		.page_numbers = opt->format == TRACE_PAGES,
	};

	if (opt->ensure_data_file && import_ensure_data_file(path, err, err_len) < 0) {
		instream_close(in);
		return NULL;
	}
	switch (opt->format) {
	case TRACE_LACKEY:
		return import_lackey_open(path, in, &io, err, err_len);
	case TRACE_DIN:
		return import_din_open(path, in, &io, err, err_len);
	default:
		return import_list_open(path, in, &io, err, err_len);
	}
}

int trace_rereadable(const char *path, const char *why, char *err, size_t err_len)
{
	struct stat st;
	const char *what = NULL;
	if (strcmp(path, "-") == 0)
		what = "standard input";
	else if (stat(path, &st) != 0) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return -1;
	} else if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
		what = "a pipe";
	else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		what = "a device";
	else if (!S_ISREG(st.st_mode))
		what = "not a regular file";
	if (!what)
		return 0;
	snprintf(err, err_len, "%s: %s, which cannot be read twice; %s: give a regular file",
		 strcmp(path, "-") == 0 ? "<stdin>" : path, what, why);
	return -1;
}

struct event_source *trace_open_with(const char *path, const struct trace_open_options *opt,
				     char *err, size_t err_len)
{
	struct instream *in;
	enum trace_format format = opt->format;

	if ((unsigned)format >= TRACE_FORMAT_COUNT) {
		snprintf(err, err_len, "%s: unknown trace format %d", path, (int)format);
		return NULL;
	}
	in = instream_open(path, err, err_len);
	if (!in)
		return NULL;
	if (format == TRACE_AUTO) {
		uint8_t head[TRACE_BINARY_MAGIC_LEN];
		ssize_t got = instream_peek(in, head, sizeof head, err, err_len);

		if (got < 0) {
			instream_close(in);
			return NULL;
		}
		format = trace_binary_is_magic(head, (size_t)got) ? TRACE_BINARY : TRACE_TEXT;
	}
	if (format == TRACE_TEXT)
		return open_text(path, in, err, err_len);
	if (format == TRACE_BINARY)
		return open_binary(path, in, opt, err, err_len);
	return open_import(path, in, opt, err, err_len);
}

struct event_source *trace_open(const char *path, enum trace_format format,
				uint32_t page_size, uint64_t arena_base,
				char *err, size_t err_len)
{
	struct trace_open_options opt = trace_open_defaults(format, page_size, arena_base);

	return trace_open_with(path, &opt, err, err_len);
}
