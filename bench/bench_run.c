/*
 * bench/bench_run.c: replay speed and peak memory of `mmusim run` on
 * generated text traces (figures in docs/performance.md).
 *
 *   bench_run [ACCESSES [FOLDER]]     default 10000000, $TMPDIR or /tmp
 *
 * Scenarios, each run in a child process (its peak RSS is its own):
 *   tlb-hit        16 resident pages, 8-byte accesses (3 loads : 1 store),
 *                  a 16-entry TLB: every access after the first few hits.
 *                  Shadow checker on, then off. Also at a tenth of the
 *                  length, to show that memory does not grow with it.
 *   wide-tlb       256 resident pages (300 frames) visited with a stride
 *                  of 37, a 256-entry fully associative TLB: every
 *                  access hits, never the last entry hit (issue 12: the
 *                  lookup of a large fully associative TLB). No shadow.
 *   fault-heavy    3 frames, 64 pages visited with a stride of 7, a store
 *                  every third access: nearly every access faults, evicts
 *                  a dirty page (swap write) and reads one back (swap
 *                  read). Its cost is the pager's real work: copying
 *                  64 KiB pages to and from the swap device.
 * Prints one line per scenario: accesses, seconds, accesses per second,
 * the same for the replay's CPU time (steadier on a shared machine),
 * faults, peak RSS. Exit 0 unless a run fails.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"
#include "config.h"
#include "run.h"

enum shape { TLB_HIT, FAULT_HEAVY, WIDE_TLB };

static int generate(const char *path, enum shape shape, uint64_t accesses)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		return -1;
	}
	static char buf[1 << 20];
	setvbuf(f, buf, _IOFBF, sizeof buf);
	uint64_t pages = shape == TLB_HIT ? 16 : shape == WIDE_TLB ? 256 : 64;
	fputs("start 1\nswitch 1\n", f);
	for (uint64_t p = 0; p < pages; p++)
		fputs("map swap\n", f);
	for (uint64_t i = 0; i < accesses; i++) {
		uint64_t page, offset;
		bool store;
		if (shape == WIDE_TLB) {
			page = (i * 37) % pages;
			offset = (i * 8) % 65536;
			store = i % 4 == 0;
		} else if (shape == TLB_HIT) {
			page = i % pages;
			offset = (i * 8) % 65536;
			store = i % 4 == 0;
		} else {
			page = (i * 7) % pages;
			offset = (i * 8) % 65536;
			store = i % 3 == 0;
		}
		fprintf(f, "%c 0x%" PRIx64 " 8\n", store ? 'w' : 'r',
			(uint64_t)0x600000000 + page * 65536 + offset);
	}
	fputs("exit\n", f);
	return fclose(f);
}

/* In a child: replay, print the figures. */
static int replay(const char *name, const char *path, uint32_t memory_pages,
		  bool shadow, uint32_t tlb_entries)
{
	struct mmusim_config config;
	config_defaults(&config);
	config.memory_pages = memory_pages;
	config.tlb.entries = tlb_entries;
	struct run_options opt;
	run_options_default(&opt);
	opt.shadow = shadow;
	struct run_result res;
	char err[1024];
	double t0 = bench_now(), c0 = bench_cpu();
	int code = run_trace(&config, path, &opt, &res, err, sizeof err);
	double secs = bench_now() - t0, cpu = bench_cpu() - c0;
	if (code != 0) {
		fprintf(stderr, "%s: %s\n", name, err);
		return 1;
	}
	uint64_t acc = res.reads + res.writes;
	printf("%-22s %11" PRIu64 " accesses %7.2f s %12.0f accesses/s "
	       "(CPU %6.2f s, %12.0f/s) %9" PRIu64 " faults",
	       name, acc, secs, (double)acc / secs, cpu, (double)acc / cpu,
	       res.faults);
	fflush(stdout);
	return 0;
}

static int scenario_tlb(const char *name, const char *path,
			uint32_t memory_pages, bool shadow, uint32_t tlb_entries)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(replay(name, path, memory_pages, shadow, tlb_entries));
	struct rusage ru;
	if (!bench_child_ok(pid, &ru))
		return -1;
	printf(" %8ld KiB peak RSS\n", ru.ru_maxrss);
	return 0;
}

static int scenario(const char *name, const char *path, uint32_t memory_pages,
		    bool shadow)
{
	return scenario_tlb(name, path, memory_pages, shadow, 16);
}

int main(int argc, char **argv)
{
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 0) : 10000000;
	const char *dir = argc > 2 ? argv[2] : getenv("TMPDIR");
	if (!dir)
		dir = "/tmp";
	char hit[512], hit_small[512], fault[512], wide[512];
	snprintf(wide, sizeof wide, "%s/mmusim-bench-wide-%d.trace", dir, (int)getpid());
	snprintf(hit, sizeof hit, "%s/mmusim-bench-hit-%d.trace", dir, (int)getpid());
	snprintf(hit_small, sizeof hit_small, "%s/mmusim-bench-hit10-%d.trace", dir, (int)getpid());
	snprintf(fault, sizeof fault, "%s/mmusim-bench-fault-%d.trace", dir, (int)getpid());
	int rc = 0;
	if (generate(hit, TLB_HIT, n) != 0 || generate(hit_small, TLB_HIT, n / 10) != 0 ||
	    generate(fault, FAULT_HEAVY, n) != 0 || generate(wide, WIDE_TLB, n) != 0)
		rc = 1;
	if (rc == 0)
		rc |= scenario("tlb-hit shadow", hit, 32, true) |
		      scenario("tlb-hit no-shadow", hit, 32, false) |
		      scenario("tlb-hit/10 shadow", hit_small, 32, true) |
		      scenario_tlb("wide-tlb no-shadow", wide, 300, false, 256) |
		      scenario("fault-heavy shadow", fault, 4, true) |
		      scenario("fault-heavy no-shadow", fault, 4, false);
	unlink(hit);
	unlink(hit_small);
	unlink(fault);
	unlink(wide);
	return rc ? 1 : 0;
}
