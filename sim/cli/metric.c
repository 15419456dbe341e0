/*
 * sim/cli/metric.c: the table of metrics (metric.h).
 */
#include "metric.h"

#include <string.h>

static const struct {
	const char *name, *title, *axis;
	bool integer;
} table[METRIC_COUNT] = {
	[METRIC_MISSES] = {"misses", "Misses",
			   "misses (faults that filled a frame)", true},
	[METRIC_MISS_RATIO] = {"miss_ratio", "Miss ratio",
			       "miss ratio (misses / accesses)", false},
	[METRIC_FAULTS] = {"faults", "Faults",
			   "faults (all MMU faults: major + minor + invalid)", true},
	[METRIC_MINOR_FAULTS] = {"minor_faults", "Minor faults",
				 "minor faults (no frame filled)", true},
	[METRIC_CYCLES] = {"cycles", "Cycles", "cycles (simulated)", true},
	[METRIC_DISK_WRITES] = {"disk_writes", "Disk writes",
				"disk writes (blocks, swap + files)", true},
};

const char metric_names[] =
	"misses|miss_ratio|faults|minor_faults|cycles|disk_writes";

bool metric_parse(const char *name, enum metric *out)
{
	for (int m = 0; m < METRIC_COUNT; m++)
		if (strcmp(name, table[m].name) == 0) {
			*out = (enum metric)m;
			return true;
		}
	return false;
}

const char *metric_name(enum metric m) { return table[m].name; }
const char *metric_title(enum metric m) { return table[m].title; }
const char *metric_axis(enum metric m) { return table[m].axis; }
bool metric_integer(enum metric m) { return table[m].integer; }

double metric_value(enum metric m, const struct run_result *r)
{
	switch (m) {
	case METRIC_MISSES:
		return (double)r->faults_major;
	case METRIC_MISS_RATIO:
		return report_miss_ratio(r);
	case METRIC_FAULTS:
		return (double)r->faults;
	case METRIC_MINOR_FAULTS:
		return (double)r->faults_minor;
	case METRIC_CYCLES:
		return (double)r->cycles;
	case METRIC_DISK_WRITES:
		return (double)(r->swap_writes + r->file_writes);
	case METRIC_COUNT:
		break;
	}
	return 0;
}
