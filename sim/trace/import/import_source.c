/*
 * sim/trace/import/import_source.c: accesses in the traced program's address space to
 * events in a compacted arena (the layout is described in import.h).
 *
 * Two passes over the input. The survey (first pass) numbers the pages
 * in first-touch order and notes whether each was first read or written;
 * the second pass writes the preamble, a map for every page surveyed, and
 * then the accesses. Each access is cut at the program's page boundaries
 * into pieces; a piece is one access event (plus a map if its page was
 * not surveyed: single-pass mode, or past the point where the survey
 * stopped on an error). Events go through a small queue so that fill()
 * can stop anywhere. A modify (lackey M) is its read pieces, then its
 * write pieces, as the machine would split a load then a store.
 */
#include "import_source.h"
#include "page_compact.h"
#include "page_geometry.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { QUEUE_MAX = 4, MESSAGE_MAX = 512 };

static const char data_file_name[] = IMPORT_DATA_FILE;

struct import_source {
	struct event_source base;      /* first: callers only see this */
	char *name;
	struct import_parser *parser;
	struct import_options opt;
	struct page_geometry geo;      /* opt's page size and arena base */
	struct page_compact pages;
	uint8_t *first_write;          /* bit per index: the survey saw a write first */
	size_t first_write_bytes;
	uint32_t premapped;            /* pages the survey found: mapped up front */
	uint32_t next_premap;          /* the next of them to map */
	bool window_open;              /* the set-up's discard and reset are out */
	bool surveyed;
	uint64_t last_page;            /* one-entry cache in front of `pages` */
	uint32_t last_index;
	bool have_last;
	uint64_t accesses;             /* taken from the parser so far */
	struct trace_event queue[QUEUE_MAX];
	int queued, taken;
	/* the access being cut into pieces */
	bool cutting;
	bool then_write;               /* a modify: write the same bytes next */
	uint8_t op;                    /* EV_READ or EV_WRITE */
	uint64_t first, addr, left, size;
	uint32_t line;
	bool started, ended;
	bool failed;
	char message[MESSAGE_MAX];
};

static void fail(struct import_source *s, uint64_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct import_source *s, uint64_t line, const char *fmt, ...)
{
	char what[MESSAGE_MAX / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(s->message, sizeof s->message, "%s:%" PRIu64 ": %s", s->name, line, what);
	s->failed = true;
}

static uint32_t line32(uint64_t line)
{
	return line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
}

/* How many of the program's pages fit above the name page (the arena
 * base is page aligned, so the space above it holds whole pages). */
static uint64_t page_room(const struct import_source *s)
{
	return (UINT64_MAX - s->geo.arena_base) >> s->geo.shift;
}

/* How many of the program's pages the arena holds (arena_pages, less the
 * name page); unchecked, the most any arena holds (arena_pages is a
 * 32-bit count, and so is an arena page's index here). */
static uint64_t page_limit(const struct import_source *s)
{
	return s->opt.arena_pages ? s->opt.arena_pages - 1 : UINT32_MAX - 1;
}

/* Does the access at addr (size bytes, not past 2^64 - 1) touch more of
 * the program's pages than the arena could hold? Told at once, before the
 * survey or the cutting walks its pages one by one (one line of din or
 * lackey can name 10^12 pages). */
static bool too_many_pages(const struct import_source *s, uint64_t addr, uint64_t size)
{
	uint64_t span = ((addr + (size - 1)) >> s->geo.shift) - (addr >> s->geo.shift);
	return span >= page_limit(s);
}

/* The program needs more pages than opt.arena_pages holds. */
static void arena_too_small(struct import_source *s, uint64_t line)
{
	fail(s, line, "the program touches more than %" PRIu64 " pages: the arena holds "
	     "%" PRIu64 " (one of them the name page); raise arena_pages or page_size",
	     page_limit(s), (uint64_t)s->opt.arena_pages);
}

static void push(struct import_source *s, struct trace_event ev)
{
	s->queue[s->queued++] = ev;
}

/* start 1, switch 1, map swap, w ARENA_BASE "pages.bin": the process and
 * its name page. */
static void push_preamble(struct import_source *s)
{
	push(s, (struct trace_event){ .op = EV_START, .line = 1, .pid = IMPORT_PID });
	push(s, (struct trace_event){ .op = EV_SWITCH, .line = 1, .pid = IMPORT_PID });
	push(s, (struct trace_event){ .op = EV_MAP_SWAP, .line = 1 });
	push(s, (struct trace_event){ .op = EV_WRITE_TEXT, .line = 1,
				      .addr = s->opt.arena_base,
				      .arg = sizeof data_file_name - 1,
				      .text = (const uint8_t *)data_file_name });
	s->started = true;
}

/* The arena index of the program's page `page`, pushing its map event on
 * a first touch the survey did not see; false on error. */
static bool arena_index(struct import_source *s, uint64_t page, uint32_t *index)
{
	bool is_new;

	if (s->have_last && s->last_page == page) {
		*index = s->last_index;
		return true;
	}
	if (!page_compact_find(&s->pages, page, index)) {
		if (s->pages.count >= page_limit(s)) {
			arena_too_small(s, s->line);
			return false;
		}
		if ((uint64_t)s->pages.count + 1 > page_room(s)) {
			fail(s, s->line, "the program touches more pages than fit above arena_base");
			return false;
		}
		if (!page_compact_lookup(&s->pages, page, index, &is_new)) {
			fail(s, s->line, "out of memory for the page table");
			return false;
		}
		if (s->op == EV_READ)
			push(s, (struct trace_event){ .op = EV_MAP_FILE, .line = s->line,
						      .addr = s->opt.arena_base, .arg = *index });
		else
			push(s, (struct trace_event){ .op = EV_MAP_SWAP, .line = s->line });
	}
	s->have_last = true;
	s->last_page = page;
	s->last_index = *index;
	return true;
}

/* Queue the next piece of the access being cut; false on error. */
static bool push_piece(struct import_source *s)
{
	uint64_t offset = s->addr & s->geo.mask;
	uint64_t len = page_geometry_room(&s->geo, s->addr);
	uint32_t index;

	if (len > s->left)
		len = s->left;
	if (!arena_index(s, s->addr >> s->geo.shift, &index))
		return false;
	push(s, (struct trace_event){
		.op = s->op, .line = s->line, .arg = len,
		.addr = page_geometry_vaddr(&s->geo, (uint64_t)index + 1) + offset });
	s->left -= len;
	s->addr += len;   /* may wrap to 0 after the last byte: then left is 0 */
	if (s->left == 0) {
		s->cutting = s->then_write;
		s->then_write = false;
		s->op = EV_WRITE;
		s->addr = s->first;
		s->left = s->size;
	}
	return true;
}

/* Start cutting the parser's next access; 0 at the end, -1 on error. */
static int begin_access(struct import_source *s)
{
	struct import_access acc;
	char err[MESSAGE_MAX];
	int got;

	if (s->opt.limit && s->accesses >= s->opt.limit)
		return 0;
	got = s->parser->next(s->parser, &acc, err, sizeof err);
	if (got < 0) {
		snprintf(s->message, sizeof s->message, "%s", err);
		s->failed = true;
	}
	if (got <= 0)
		return got;
	s->accesses++;
	s->line = line32(acc.line);
	if (acc.size - 1 > UINT64_MAX - acc.addr) {
		fail(s, acc.line, "%" PRIu64 " bytes at 0x%" PRIx64 " run past the end of the "
		     "64-bit address space", acc.size, acc.addr);
		return -1;
	}
	if (too_many_pages(s, acc.addr, acc.size)) {
		if (s->opt.arena_pages)
			arena_too_small(s, acc.line);
		else
			fail(s, acc.line, "%" PRIu64 " bytes at 0x%" PRIx64 " span more than %"
			     PRIu64 " pages, more than any arena holds", acc.size, acc.addr,
			     page_limit(s));
		return -1;
	}
	s->cutting = true;
	s->then_write = acc.kind == IMPORT_MODIFY;
	s->op = acc.kind == IMPORT_WRITE ? EV_WRITE : EV_READ;
	s->first = s->addr = acc.addr;
	s->left = s->size = acc.size;
	return 1;
}

/* ---- the survey (first pass) ------------------------------------------ */

/* Note `page`'s first touch; false where the second pass will stop with
 * an error (too many pages), or out of memory (then s->failed). */
static bool survey_page(struct import_source *s, uint64_t page, bool write)
{
	uint32_t index;
	bool is_new;

	if (page_compact_find(&s->pages, page, &index))
		return true;
	if (s->pages.count >= page_limit(s) || (uint64_t)s->pages.count + 1 > page_room(s))
		return false;
	if ((size_t)s->pages.count / 8 >= s->first_write_bytes) {
		size_t bytes = s->first_write_bytes ? s->first_write_bytes * 2 : 1024;
		uint8_t *grown = realloc(s->first_write, bytes);

		if (!grown) {
			fail(s, 1, "out of memory for the page table");
			return false;
		}
		memset(grown + s->first_write_bytes, 0, bytes - s->first_write_bytes);
		s->first_write = grown;
		s->first_write_bytes = bytes;
	}
	if (!page_compact_lookup(&s->pages, page, &index, &is_new)) {
		fail(s, 1, "out of memory for the page table");
		return false;
	}
	if (write)
		s->first_write[index / 8] |= (uint8_t)(1u << (index % 8));
	return true;
}

/* Read the input once for its pages, then rewind it. Where the input is
 * wrong the survey just stops: the second pass meets the same error at
 * the same place and reports it then. */
static bool survey(struct import_source *s)
{
	struct import_access acc;
	char err[MESSAGE_MAX];
	uint64_t count = 0;

	s->surveyed = true;
	if (s->opt.single_pass)
		return true;
	if (s->parser->prepare(s->parser, err, sizeof err) < 0)
		goto fail;
	while ((!s->opt.limit || count < s->opt.limit) &&
	       s->parser->next(s->parser, &acc, err, sizeof err) > 0) {
		uint64_t page, last;

		count++;
		if (acc.size - 1 > UINT64_MAX - acc.addr ||
		    too_many_pages(s, acc.addr, acc.size))
			break;
		page = acc.addr >> s->geo.shift;
		last = (acc.addr + (acc.size - 1)) >> s->geo.shift;
		for (;;) {
			if (!survey_page(s, page, acc.kind == IMPORT_WRITE))
				goto stop;
			if (page++ == last)
				break;
		}
	}
stop:
	if (s->failed)
		return false;
	if (s->parser->rewind(s->parser, err, sizeof err) < 0)
		goto fail;
	s->premapped = s->pages.count;
	return true;
fail:
	snprintf(s->message, sizeof s->message, "%s", err);
	s->failed = true;
	return false;
}

/* Queue the map of the next surveyed page. */
static void push_premap(struct import_source *s)
{
	uint32_t index = s->next_premap++;

	if (s->first_write[index / 8] & (1u << (index % 8)))
		push(s, (struct trace_event){ .op = EV_MAP_SWAP, .line = 1 });
	else
		push(s, (struct trace_event){ .op = EV_MAP_FILE, .line = 1,
					      .addr = s->opt.arena_base, .arg = index });
}

/* The end of the set-up: with every map done, the name page is read no
 * more, so `discard` frees its frame and takes it out of the policy's
 * order, and `reset` starts the measurement there: the counts are the
 * program's alone. In single-pass mode later maps read the name again,
 * so it stays (and so does its frame); only the reset comes. */
static void push_window(struct import_source *s)
{
	if (!s->opt.single_pass)
		push(s, (struct trace_event){ .op = EV_DISCARD, .line = 1,
					      .addr = s->opt.arena_base });
	push(s, (struct trace_event){ .op = EV_RESET, .line = 1 });
	s->window_open = true;
}

/* ---- events --------------------------------------------------------------- */

/* Queue the next events; false when there are none (the end, or an error). */
static bool produce(struct import_source *s)
{
	s->queued = s->taken = 0;
	if (!s->surveyed && !survey(s))
		return false;
	if (!s->started) {
		push_preamble(s);
		return true;
	}
	if (s->next_premap < s->premapped) {
		push_premap(s);
		return true;
	}
	if (!s->window_open) {
		push_window(s);
		return true;
	}
	if (!s->cutting) {
		int got = begin_access(s);

		if (got < 0)
			return false;
		if (got == 0) {
			push(s, (struct trace_event){ .op = EV_EXIT, .line = s->line ? s->line : 1 });
			s->ended = true;
			return true;
		}
	}
	return push_piece(s);
}

static int import_fill(struct event_source *src, struct trace_event *events, int cap,
		       char *err, size_t err_len)
{
	struct import_source *s = (struct import_source *)src;
	int n = 0;

	while (n < cap) {
		if (s->taken < s->queued) {
			events[n++] = s->queue[s->taken++];
			continue;
		}
		if (s->ended || s->failed || !produce(s))
			break;
	}
	if (n == 0 && s->failed) {
		snprintf(err, err_len, "%s", s->message);
		return -1;
	}
	return n;
}

static void import_close(struct event_source *src)
{
	struct import_source *s = (struct import_source *)src;

	if (!s)
		return;
	s->parser->close(s->parser);
	page_compact_free(&s->pages);
	free(s->first_write);
	free(s->name);
	free(s);
}

/* The options' geometry into *geo (the one check of page_geometry.h: the
 * name page is the arena's first); false with err set. */
static bool valid_options(const struct import_options *opt, const char *name,
			  struct page_geometry *geo, char *err, size_t err_len)
{
	switch (page_geometry_init(geo, opt->page_size, opt->arena_base, 1)) {
	case PAGE_GEOMETRY_OK:
		break;
	case PAGE_GEOMETRY_SIZE:
		snprintf(err, err_len, "%s: page size %" PRIu32 " is not a power of two "
			 "from 256 to 1048576", name, opt->page_size);
		return false;
	case PAGE_GEOMETRY_ALIGN:
		snprintf(err, err_len, "%s: arena base 0x%" PRIx64 " is not page aligned",
			 name, opt->arena_base);
		return false;
	default:  /* an aligned base leaves room for one page */
		snprintf(err, err_len, "%s: arena base 0x%" PRIx64 ": no room for a page",
			 name, opt->arena_base);
		return false;
	}
	if (opt->arena_pages == 1) {
		snprintf(err, err_len, "%s: an imported trace needs at least 2 arena pages "
			 "(the name page and one of the program's)", name);
		return false;
	}
	return true;
}

struct event_source *import_source_create(const char *name, struct import_parser *parser,
					  const struct import_options *opt,
					  char *err, size_t err_len)
{
	struct import_source *s;

	struct page_geometry geo;
	if (!valid_options(opt, name, &geo, err, err_len)) {
		parser->close(parser);
		return NULL;
	}
	s = calloc(1, sizeof *s);
	if (!s || !(s->name = strdup(name)) || !page_compact_init(&s->pages)) {
		snprintf(err, err_len, "%s: out of memory", name);
		if (s)
			free(s->name);
		free(s);
		parser->close(parser);
		return NULL;
	}
	s->parser = parser;
	s->opt = *opt;
	s->geo = geo;
	s->base.fill = import_fill;
	s->base.close = import_close;
	s->base.path = s->name;
	return &s->base;
}
