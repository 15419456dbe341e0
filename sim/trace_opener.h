/*
 * sim/trace_opener.h: the run_options.open function (run.h) that reads a
 * --from format (trace_open.h), for commands that replay a trace more
 * than once (compare, sweep).
 *
 * run_options.open takes no context, so the opener cannot know the
 * configuration: importers (lackey, din, pages, addrs) compact to the
 * default page size (65536) at the default arena base. trace_opener_check
 * refuses a configuration with another page size or arena base for an
 * imported trace instead of replaying a different workload.
 */
#ifndef MMUSIM_SIM_TRACE_OPENER_H
#define MMUSIM_SIM_TRACE_OPENER_H

#include <stddef.h>

#include "config.h"
#include "event.h"
#include "trace_open.h"

typedef struct event_source *trace_open_fn(const char *path, char *err,
					   size_t err_len);

/* The opener of `format` (TRACE_AUTO: text or binary, compressed or not). */
trace_open_fn *trace_opener(enum trace_format format);

/* 0, or -1 with "page_size: ..." in err when `config` cannot replay an
 * imported trace (see above). */
int trace_opener_check(enum trace_format format,
		       const struct mmusim_config *config, char *err,
		       size_t err_len);

#endif
