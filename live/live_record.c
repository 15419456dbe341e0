/*
 * live/live_record.c: the recorded trace (live_record.h), numbered line by
 * line as it grows; the text is written out at the end, all or nothing.
 */
#include "live_record.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"

static void append(struct live_record *r, const char *s, size_t n)
{
	if (!r->keep)
		return;
	if (r->len + n + 1 > r->cap) {
		size_t cap = r->cap ? r->cap : 4096;
		while (cap < r->len + n + 1)
			cap *= 2;
		char *text = realloc(r->text, cap);
		if (!text) {
			fputs("mmusim live: out of memory for the recording\n", stderr);
			abort();
		}
		r->text = text;
		r->cap = cap;
	}
	memcpy(r->text + r->len, s, n);
	r->len += n;
	r->text[r->len] = '\0';
}

/* Line r->line + 1 starts here. */
static void mark_line(struct live_record *r)
{
	if (!r->keep)
		return;
	if (r->line >= r->starts_cap) {
		uint32_t cap = r->starts_cap ? r->starts_cap * 2 : 256;
		size_t *starts = realloc(r->starts, cap * sizeof *starts);
		if (!starts) {
			fputs("mmusim live: out of memory for the recording\n", stderr);
			abort();
		}
		r->starts = starts;
		r->starts_cap = cap;
	}
	r->starts[r->line] = r->len;
}

static void comment(struct live_record *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void comment(struct live_record *r, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	size_t n = strlen(line);
	/* a comment is ASCII without control bytes (docs/trace.md) */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)line[i] < 0x20 || (unsigned char)line[i] >= 0x7f)
			line[i] = '?';
	mark_line(r);
	append(r, line, n);
	append(r, "\n", 1);
	r->line++;
}

static bool plain(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

void record_init(struct live_record *r, bool keep, const struct mmusim_config *c,
		 char *const *argv)
{
	memset(r, 0, sizeof *r);
	r->keep = keep;
	char args[256] = "";
	size_t used = 0;
	for (char *const *a = argv; *a && used + 1 < sizeof args; a++)
		used += (size_t)snprintf(args + used, sizeof args - used, "%s%s",
					 a == argv ? "" : " ", *a);
	comment(r, "# mmusim live: what the pager saw of %s", args);
	comment(r, "# (replay: mmusim run THIS-FILE; docs/live.md)");
	if (plain(c->name))
		comment(r, "# mmusim-set: name=%s", c->name);
	else
		comment(r, "#");
	comment(r, "# mmusim-set: memory_pages=%" PRIu32, c->memory_pages);
	comment(r, "# mmusim-set: swap_blocks=%" PRIu32, c->swap_blocks);
	comment(r, "# mmusim-set: page_size=%" PRIu32, c->page_size);
	comment(r, "# mmusim-set: arena_base=0x%" PRIx64, c->arena_base);
	comment(r, "# mmusim-set: arena_pages=%" PRIu32, c->arena_pages);
	comment(r, "# mmusim-set: policy=%s", c->policy);
	comment(r, "# mmusim-set: ref_bits=%s", c->hardware_ref_bits ? "hardware" : "software");
	comment(r, "# mmusim-set: seed=%" PRIu64, c->seed);
	comment(r, "# mmusim-set: tlb.entries=%" PRIu32, c->tlb.entries);
	comment(r, "# mmusim-set: tlb.ways=%" PRIu32, c->tlb.ways);
	comment(r, "# mmusim-set: tlb.asid=%s", c->tlb.asid ? "true" : "false");
	const struct { const char *key; uint64_t v; } lat[] = {
		{"tlb_hit", c->latency.tlb_hit}, {"walk", c->latency.walk},
		{"memory", c->latency.memory}, {"fault", c->latency.fault},
		{"disk_read", c->latency.disk_read}, {"disk_write", c->latency.disk_write},
		{"zero_fill", c->latency.zero_fill}, {"copy", c->latency.copy},
	};
	for (size_t i = 0; i < sizeof lat / sizeof lat[0]; i++)
		comment(r, "# mmusim-set: latency.%s=%" PRIu64, lat[i].key, lat[i].v);
}

void record_fini(struct live_record *r)
{
	free(r->text);
	free(r->starts);
	memset(r, 0, sizeof *r);
}

uint32_t record_event(struct live_record *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	mark_line(r);
	if (r->keep && n > 0) {
		char *line = malloc((size_t)n + 1);
		if (!line) {
			fputs("mmusim live: out of memory for the recording\n", stderr);
			abort();
		}
		va_start(ap, fmt);
		vsnprintf(line, (size_t)n + 1, fmt, ap);
		va_end(ap);
		append(r, line, (size_t)n);
		append(r, "\n", 1);
		free(line);
	}
	r->events++;
	return ++r->line;
}

void record_outcome(struct live_record *r, const char *what)
{
	if (!r->keep || r->len == 0)
		return;
	r->len--; /* the newline */
	append(r, " => ", 4);
	append(r, what, strlen(what));
	append(r, "\n", 1);
}

const char *record_text(const struct live_record *r, uint32_t line, size_t *len)
{
	if (!r->keep || line == 0 || line > r->line)
		return NULL;
	size_t start = r->starts[line - 1];
	size_t end = line < r->line ? r->starts[line] : r->len;
	*len = end - start - 1;
	return r->text + start;
}

void record_replace(struct live_record *r, uint32_t line, const char *text)
{
	size_t old_len;
	if (!record_text(r, line, &old_len))
		return;
	size_t start = r->starts[line - 1], n = strlen(text);
	size_t tail = r->len - (start + old_len);  /* from the old newline on */
	char *copy = malloc(tail + 1);
	if (!copy)
		abort();
	memcpy(copy, r->text + start + old_len, tail);
	r->len = start;
	append(r, text, n);
	append(r, copy, tail);
	free(copy);
	for (uint32_t i = line; i < r->line; i++)
		r->starts[i] = r->starts[i] + n - old_len;
}

void record_quote(const uint8_t *b, size_t len, char *out, size_t cap)
{
	size_t n = 0;
	out[n++] = '"';
	for (size_t i = 0; i < len && n + 6 < cap; i++) {
		uint8_t c = b[i];
		if (c == '"' || c == '\\') {
			out[n++] = '\\';
			out[n++] = (char)c;
		} else if (c == '\n') {
			out[n++] = '\\';
			out[n++] = 'n';
		} else if (c == '\t') {
			out[n++] = '\\';
			out[n++] = 't';
		} else if (c < 0x20 || c == 0x7f) {
			n += (size_t)snprintf(out + n, cap - n, "\\x%02x", c);
		} else {
			out[n++] = (char)c; /* a string holds any other byte as it is */
		}
	}
	out[n++] = '"';
	out[n] = '\0';
}

static int write_text(FILE *out, void *ctx)
{
	const struct live_record *r = ctx;
	return r->len && fwrite(r->text, 1, r->len, out) != r->len ? -1 : 0;
}

int record_write(const struct live_record *r, const char *path, char *err, size_t err_len)
{
	return atomic_file_write(path, write_text, (void *)r, err, err_len);
}
