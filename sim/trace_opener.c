/*
 * sim/trace_opener.c: one context-free opener per format, since
 * run_options.open carries no argument to say which.
 */
#include "trace_opener.h"

#include <inttypes.h>
#include <stdio.h>

#define OPENER(name, format)                                                 \
	static struct event_source *open_##name(const char *path, char *err,   \
						size_t err_len)                \
	{                                                                      \
		return trace_open(path, format, 0, 0, err, err_len);           \
	}

OPENER(auto, TRACE_AUTO)
OPENER(text, TRACE_TEXT)
OPENER(binary, TRACE_BINARY)
OPENER(lackey, TRACE_LACKEY)
OPENER(din, TRACE_DIN)
OPENER(pages, TRACE_PAGES)
OPENER(addrs, TRACE_ADDRS)
#undef OPENER

trace_open_fn *trace_opener(enum trace_format format)
{
	switch (format) {
	case TRACE_AUTO: return open_auto;
	case TRACE_TEXT: return open_text;
	case TRACE_BINARY: return open_binary;
	case TRACE_LACKEY: return open_lackey;
	case TRACE_DIN: return open_din;
	case TRACE_PAGES: return open_pages;
	case TRACE_ADDRS: return open_addrs;
	case TRACE_FORMAT_COUNT: break;
	}
	return open_auto;
}

int trace_opener_check(enum trace_format format,
		       const struct mmusim_config *config, char *err,
		       size_t err_len)
{
	if (!trace_format_is_import(format))
		return 0;
	struct mmusim_config defaults;
	config_defaults(&defaults);
	if (config->page_size != defaults.page_size) {
		snprintf(err, err_len,
			 "page_size: an imported trace (--from %s) is replayed "
			 "with %" PRIu32 "-byte pages here; convert it first "
			 "(mmusim convert --config) to use %" PRIu32,
			 trace_format_name(format), defaults.page_size,
			 config->page_size);
		return -1;
	}
	if (config->arena_base != defaults.arena_base) {
		snprintf(err, err_len,
			 "arena_base: an imported trace (--from %s) is replayed "
			 "at 0x%" PRIx64 " here; convert it first (mmusim "
			 "convert --config) to use 0x%" PRIx64,
			 trace_format_name(format), defaults.arena_base,
			 config->arena_base);
		return -1;
	}
	return 0;
}
