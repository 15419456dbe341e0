/*
 * sim/replay/report.h: a run's figures, as the human table and as the JSON report
 * of ../shared/spec/report.md (docs/report.md lists the extra keys).
 */
#ifndef MMUSIM_SIM_REPORT_H
#define MMUSIM_SIM_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "sim_machine.h"

/* What hardware reference bits save against software emulation: the same
 * trace replayed with ref_bits "software" (`mmusim run` does it when the
 * configuration says "hardware"; docs/report.md, "hardware_bits"). */
struct ref_bits_baseline {
	bool present;                 /* false: no second run */
	uint64_t software_faults, software_cycles;
};

/* Where the measurement window starts: after the last `reset` line, or
 * after --warmup's N events (../shared/spec/trace.md, docs/report.md). */
struct run_window {
	bool set;                     /* false: every event is measured */
	bool by_warmup;               /* --warmup, not a reset line */
	uint64_t after_event;         /* the window starts after this event (1-based) */
	uint32_t line;                /* that event's line (record, for binary) */
};

struct run_result {
	struct mmusim_config config;
	char trace_path[4096];        /* as given by the user */
	uint64_t events;              /* trace events replayed */
	uint64_t reads, writes;       /* access pieces (one per page touched) */
	uint64_t tlb_hits, tlb_misses;
	uint64_t faults, faults_invalid;  /* MMU faults (vm_fault calls) */
	uint64_t faults_major;        /* = misses: a frame received a page */
	uint64_t faults_minor;        /* faults = major + minor + invalid */
	uint64_t zero_fills, cow_copies, evictions, evictions_dirty, ref_clears;
	uint64_t swap_reads, swap_writes, file_reads, file_writes;
	uint64_t maps_ok, maps_failed, creates_ok, creates_failed;
	uint64_t killed;
	uint64_t cycles;              /* the sum of the breakdown */
	struct machine_cycles breakdown;
	struct mmu_stats mmu;         /* walks, reads, PWC hits (mmu.format not flat) */
	uint32_t tlb_levels;          /* machine_tlb_levels */
	uint64_t tlb_level_hits[TLB_MAX_LEVELS], tlb_level_misses[TLB_MAX_LEVELS];
	struct ref_bits_baseline software;  /* zero unless filled by the caller */
	struct run_window window;     /* the counters above cover its events */
};

/* The pager's counters into a result: every field the pager counts
 * (faults by kind, fills, evictions, I/O, maps, creates), the one place
 * that copies them, for the replay and the live mode alike. */
void report_take_pager_stats(struct run_result *out, const struct pager_stats *st);

/* Misses over accesses, 0 when there were no accesses. */
double report_miss_ratio(const struct run_result *r);

/* The JSON report, one object and a newline; free(). */
char *report_json(const struct run_result *r);
/* The human table. */
void report_table(FILE *out, const struct run_result *r);

#endif
