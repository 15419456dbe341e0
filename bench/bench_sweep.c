/*
 * bench/bench_sweep.c: throughput of the sweep's worker pool (run_pool.h)
 * with one worker and with every core; figures in docs/performance.md.
 *
 *   bench_sweep [ACCESSES [FOLDER]]    default 200000, $TMPDIR or /tmp
 *
 * Writes one text trace (24 pages, 80 % of the accesses on 6 hot pages,
 * a store in four, a fixed generator so every run sees the same trace),
 * then runs the grid `sweep --vary memory_pages=4..19 --policies
 * clock,fifo,lru` (48 runs, shadow on, as `mmusim sweep` does) with
 * 1, 2, ... up to the number of cores, workers, checking that every
 * worker count gives the same figures. Prints runs/s and the speedup
 * over one worker. Exit 0 unless a run fails or the figures differ.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"
#include "config.h"
#include "run_pool.h"

#define PAGES 24
#define HOT 6
static const char *const policies[] = {"clock", "fifo", "lru"};
#define POLICIES (sizeof policies / sizeof policies[0])
#define FIRST_MEMORY 4
#define VALUES 16
#define RUNS (VALUES * POLICIES)

static uint64_t next_random(uint64_t *state)
{
	/* splitmix64: a fixed sequence, no libc state. */
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static int generate(const char *path, uint64_t accesses)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		return -1;
	}
	uint64_t state = 42;
	fputs("start 1\nswitch 1\n", f);
	for (int p = 0; p < PAGES; p++)
		fputs("map swap\n", f);
	for (uint64_t i = 0; i < accesses; i++) {
		uint64_t r = next_random(&state);
		uint64_t page = r % 10 < 8 ? (r >> 8) % HOT : (r >> 8) % PAGES;
		uint64_t offset = ((r >> 24) % 8192) * 8;
		fprintf(f, "%c 0x%" PRIx64 " 8\n", (r >> 40) % 4 == 0 ? 'w' : 'r',
			(uint64_t)0x600000000 + page * 65536 + offset);
	}
	fputs("exit\n", f);
	return fclose(f);
}

static void fill_grid(struct run_job *jobs)
{
	for (size_t j = 0; j < RUNS; j++) {
		memset(&jobs[j], 0, sizeof jobs[j]);
		config_defaults(&jobs[j].config);
		jobs[j].config.memory_pages = FIRST_MEMORY + (uint32_t)(j / POLICIES);
		snprintf(jobs[j].config.policy, sizeof jobs[j].config.policy, "%s",
			 policies[j % POLICIES]);
	}
}

/* Seconds for the grid with `workers`; -1 if a run failed. */
static double time_grid(const char *trace, struct run_job *jobs,
			unsigned workers)
{
	fill_grid(jobs);
	double t0 = bench_now();
	int code = run_pool(trace, NULL, jobs, RUNS, workers);
	double t = bench_now() - t0;
	for (size_t j = 0; code != 0 && j < RUNS; j++)
		if (jobs[j].code != 0) {
			fprintf(stderr, "bench_sweep: %s\n", jobs[j].err);
			return -1;
		}
	return t;
}

static bool same_figures(const struct run_job *a, const struct run_job *b)
{
	for (size_t j = 0; j < RUNS; j++)
		if (a[j].result.faults != b[j].result.faults ||
		    a[j].result.cycles != b[j].result.cycles)
			return false;
	return true;
}

int main(int argc, char **argv)
{
	uint64_t accesses = argc > 1 ? strtoull(argv[1], NULL, 10) : 200000;
	const char *folder = argc > 2 ? argv[2] : getenv("TMPDIR");
	char trace[4096];
	snprintf(trace, sizeof trace, "%s/mmusim-bench-sweep-%ld.trace",
		 folder && *folder ? folder : "/tmp", (long)getpid());
	if (generate(trace, accesses) != 0)
		return 1;
	struct run_job *base = calloc(RUNS, sizeof *base);
	struct run_job *jobs = calloc(RUNS, sizeof *jobs);
	int status = base && jobs ? 0 : 1;
	unsigned cores = run_pool_cores();
	printf("sweep grid: %zu runs (memory_pages %d..%d x clock,fifo,lru), "
	       "%" PRIu64 " accesses each, %u cores\n", (size_t)RUNS,
	       FIRST_MEMORY, FIRST_MEMORY + VALUES - 1, accesses, cores);
	double one = status == 0 ? time_grid(trace, base, 1) : -1;
	if (one < 0)
		status = 1;
	else
		printf("workers  1: %7.3f s  %8.1f runs/s  speedup 1.00\n", one,
		       RUNS / one);
	unsigned most = cores < 2 ? 2 : cores;
	for (unsigned w = 2; status == 0 && w <= most; w++) {
		double t = time_grid(trace, jobs, w);
		if (t < 0 || !same_figures(base, jobs)) {
			fprintf(stderr, "bench_sweep: %u workers: %s\n", w,
				t < 0 ? "a run failed" : "figures differ");
			status = 1;
			break;
		}
		printf("workers %2u: %7.3f s  %8.1f runs/s  speedup %.2f\n", w, t,
		       RUNS / t, one / t);
	}
	unlink(trace);
	free(base);
	free(jobs);
	return status;
}
