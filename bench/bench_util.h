/*
 * bench/bench_util.h: what the benchmarks share: a clock, and the wait
 * for a scenario run in a child process (so its peak RSS is its own).
 */
#ifndef MMUSIM_BENCH_UTIL_H
#define MMUSIM_BENCH_UTIL_H

#include <stdbool.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>

/* Seconds on a clock that never steps back. */
static inline double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds of CPU this process has used (user and system): what a
 * benchmark costs even when other work shares the machine. */
static inline double bench_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Wait for the child `pid`, its resource use in *ru; true if it exited
 * with status 0. */
static inline bool bench_child_ok(pid_t pid, struct rusage *ru)
{
	int status;

	return wait4(pid, &status, 0, ru) >= 0 && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0;
}

#endif
