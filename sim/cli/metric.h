/*
 * sim/cli/metric.h: the figures compare and sweep can rank and plot runs by
 * (--metric), each with its name, what it counts and its unit, so a table,
 * a ratio column and a plot's axis all say the same thing.
 */
#ifndef MMUSIM_SIM_METRIC_H
#define MMUSIM_SIM_METRIC_H

#include <stdbool.h>

#include "report.h"

enum metric {
	METRIC_MISSES,        /* faults.major: a frame received a page */
	METRIC_MISS_RATIO,    /* misses / accesses */
	METRIC_FAULTS,        /* faults.total: every MMU fault */
	METRIC_MINOR_FAULTS,  /* faults.minor */
	METRIC_CYCLES,
	METRIC_DISK_WRITES,   /* swap and file block writes */
	METRIC_COUNT
};

/* The names --metric takes, "misses|miss_ratio|...". */
extern const char metric_names[];

/* true and *out set when `name` is one of metric_names. */
bool metric_parse(const char *name, enum metric *out);
/* "misses": the --metric name, also the column key. */
const char *metric_name(enum metric m);
/* "Misses": for a plot's title. */
const char *metric_title(enum metric m);
/* "misses (page fills)": the axis label, with what it counts and its unit. */
const char *metric_axis(enum metric m);
/* false for a ratio (its ticks need not be whole numbers). */
bool metric_integer(enum metric m);
double metric_value(enum metric m, const struct run_result *r);

#endif
