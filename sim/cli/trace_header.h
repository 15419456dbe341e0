/*
 * sim/cli/trace_header.h: a trace that names the configuration it was
 * written for (docs/trace.md, "The configuration header"). In the comment
 * lines at the top of a text trace, before its first event:
 *
 *     # mmusim-config: ../configs/tiny.json   (relative to the trace)
 *     # mmusim-set: memory_pages=4             (as --set; repeatable)
 *
 * Other readers see comments. mmusim's commands start from that
 * configuration instead of the built-in defaults; what the command line
 * gives (--config, --set) still wins, with a warning for each key it
 * changes from the trace's.
 */
#ifndef MMUSIM_SIM_TRACE_HEADER_H
#define MMUSIM_SIM_TRACE_HEADER_H

#include <stddef.h>

#include "config.h"

#define TRACE_HEADER_CONFIG "# mmusim-config: "
#define TRACE_HEADER_SET "# mmusim-set: "

/*
 * The configuration for running `trace`: its header's (if it has one),
 * then `config_path` (which replaces the header's file and keys) and
 * `sets`. Warnings "CMD: warning: ..." go to stderr. 0, or -1 with
 * "TRACE:LINE: ..." or the configuration's error in err.
 */
int trace_config_load(const char *cmd, const char *trace, const char *config_path,
		      const char *const *sets, int set_count,
		      struct mmusim_config *out, char *err, size_t err_len);

#endif
