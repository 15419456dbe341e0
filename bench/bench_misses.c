/*
 * bench/bench_misses.c: data-less replay of page lists at cache sizes
 * researchers study (issue 12, "Show"; figures in docs/performance.md).
 *
 *   bench_misses [REFS [PAGES [FRAMES [POLICIES [FOLDER]]]]]
 *       defaults 10000000 1000000 100000 fifo,lru,clock,opt,sieve $TMPDIR|/tmp
 *
 * Two page lists of REFS references, imported as `--from pages` does (4 KiB
 * pages; every reference a one-byte read, so a page's first touch reads
 * its block of the empty pages.bin) and written as binary traces:
 *   zipf    Zipf(0.9) over PAGES pages (rank 1 the hottest), seeded
 *   loop    pages 0, 1, ..., PAGES-1, 0, 1, ...: with FRAMES < PAGES every
 *           reference misses under fifo, lru and clock
 * Each (trace, policy) is replayed by run_trace, data-less (RUN_DATA_NONE,
 * no shadow), with FRAMES frames for pages (memory_pages FRAMES + 1: the
 * zero page) and an arena of PAGES + 1 pages (the import's name page), in
 * a child process so that its peak RSS is its own. One line each: misses,
 * CPU seconds of the replay, requests per second (REFS / CPU seconds), peak
 * RSS, what the replay added to the child's resident memory before it (the
 * program and its libraries), and that against the goal of 64 bytes a
 * frame plus 64 bytes a virtual page. Exit 0 unless a step fails.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"
#include "config.h"
#include "event_sink.h"
#include "run.h"
#include "trace_binary.h"
#include "trace_open.h"

#define PAGE_SIZE 4096u
#define ARENA_BASE 0x600000000ull

static uint64_t next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Zipf(alpha) ranks 0..n-1 by inverse CDF: cdf[k] = P(rank <= k). */
static double *zipf_cdf(uint64_t n, double alpha)
{
	double *cdf = malloc(sizeof *cdf * n);
	if (!cdf)
		return NULL;
	double sum = 0;
	for (uint64_t k = 0; k < n; k++)
		cdf[k] = (sum += 1.0 / pow((double)(k + 1), alpha));
	for (uint64_t k = 0; k < n; k++)
		cdf[k] /= sum;
	return cdf;
}

static uint64_t zipf_draw(const double *cdf, uint64_t n, uint64_t *seed)
{
	double u = (double)(next_random(seed) >> 11) / 9007199254740992.0;
	uint64_t lo = 0, hi = n - 1;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The page list (one number a line) of `refs` references. */
static int write_pages(const char *path, bool zipf, uint64_t refs, uint64_t pages)
{
	FILE *f = fopen(path, "w");
	double *cdf = zipf ? zipf_cdf(pages, 0.9) : NULL;
	if (!f || (zipf && !cdf)) {
		perror(path);
		free(cdf);
		if (f)
			fclose(f);
		return -1;
	}
	static char buf[1 << 20];
	setvbuf(f, buf, _IOFBF, sizeof buf);
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	for (uint64_t i = 0; i < refs; i++)
		fprintf(f, "%" PRIu64 "\n", zipf ? zipf_draw(cdf, pages, &seed) : i % pages);
	free(cdf);
	return fclose(f);
}

/* The page list imported (pages.bin made beside it) into a binary trace. */
static int import_binary(const char *list, const char *out_path, uint64_t pages)
{
	char err[1024];
	struct trace_open_options opt = trace_open_defaults(TRACE_PAGES, PAGE_SIZE, ARENA_BASE);
	opt.arena_pages = pages + 1;
	opt.ensure_data_file = true;
	struct event_source *src = trace_open_with(list, &opt, err, sizeof err);
	FILE *out = src ? fopen(out_path, "wb") : NULL;
	struct trace_binary_info info = {.flags = TRACE_BINARY_IMPORTED,
					 .page_size = PAGE_SIZE, .arena_base = ARENA_BASE};
	struct event_sink *sink = out ? trace_binary_writer(out, out_path, &info, err, sizeof err)
				      : NULL;
	int rc = sink && event_pour(src, sink, err, sizeof err) >= 0 &&
			 sink->finish(sink, err, sizeof err) == 0
		 ? 0 : -1;
	if (rc != 0) {
		fprintf(stderr, "bench_misses: %s\n", err);
		if (sink)
			sink->discard(sink);
	}
	if (src)
		src->close(src);
	return rc;
}

struct scenario {
	const char *trace_name, *path, *policy;
	const char *base_path;    /* where the child writes its resident bytes
				   * before the replay */
	uint64_t refs, pages, frames;
};

/* This process's resident bytes now (/proc/self/statm), 0 if unknown. */
static double resident_bytes(void)
{
	unsigned long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (!f)
		return 0;
	int n = fscanf(f, "%lu %lu", &size, &resident);
	fclose(f);
	return n == 2 ? (double)resident * (double)sysconf(_SC_PAGESIZE) : 0;
}

/* In a child: replay data-less, print misses, the CPU time and the
 * resident bytes before the replay (the program and its libraries). */
static int replay(const struct scenario *s)
{
	double before = resident_bytes();
	struct mmusim_config c;
	config_defaults(&c);
	snprintf(c.policy, sizeof c.policy, "%s", s->policy);
	c.page_size = PAGE_SIZE;
	c.memory_pages = (uint32_t)(s->frames + 1);
	c.arena_pages = (uint32_t)(s->pages + 1);
	struct run_options opt;
	run_options_default(&opt);
	opt.shadow = false;
	opt.data = RUN_DATA_NONE;
	struct run_result res;
	char err[1024];
	double cpu = bench_cpu();
	int code = run_trace(&c, s->path, &opt, &res, err, sizeof err);
	cpu = bench_cpu() - cpu;
	if (code != 0) {
		fprintf(stderr, "bench_misses: %s: %s\n", s->policy, err);
		return 1;
	}
	printf("%-5s %-6s misses %10" PRIu64 " (%5.1f%%)  %6.2f s CPU  %6.2f M req/s",
	       s->trace_name, s->policy, res.faults_major,
	       100.0 * (double)res.faults_major / (double)s->refs, cpu, (double)s->refs / cpu / 1e6);
	fflush(stdout);
	/* for the parent, which reads the peak from wait4 */
	FILE *f = fopen(s->base_path, "w");
	if (f) {
		fprintf(f, "%.0f\n", before);
		fclose(f);
	}
	return 0;
}

static int run_scenario(const struct scenario *s)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		_exit(replay(s));
	struct rusage ru;
	if (pid < 0 || !bench_child_ok(pid, &ru)) {
		printf("\n");
		return 1;
	}
	double peak = (double)ru.ru_maxrss * 1024, base = 0;
	FILE *f = fopen(s->base_path, "r");
	if (!f || fscanf(f, "%lf", &base) != 1)
		base = 0;
	if (f)
		fclose(f);
	unlink(s->base_path);
	/* the goal: under 64 bytes a frame plus 64 a virtual page, counted
	 * over what the replay added to the process (program, libraries and
	 * the configuration come before it) */
	double goal = 64.0 * (double)(s->frames + s->pages);
	printf("  peak %6.1f MiB, replay %6.1f MiB = %5.1f B/(frame+page), goal %s\n",
	       peak / 1048576, (peak - base) / 1048576,
	       (peak - base) / (double)(s->frames + s->pages), peak - base < goal ? "met" : "MISSED");
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t refs = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000;
	uint64_t pages = argc > 2 ? strtoull(argv[2], NULL, 10) : 1000000;
	uint64_t frames = argc > 3 ? strtoull(argv[3], NULL, 10) : 100000;
	const char *policies = argc > 4 ? argv[4] : "fifo,lru,clock,opt,sieve";
	const char *tmp = getenv("TMPDIR");
	const char *base = argc > 5 ? argv[5] : tmp && *tmp ? tmp : "/tmp";
	if (!refs || pages < 2 || !frames || frames >= pages || pages >= UINT32_MAX) {
		fprintf(stderr, "bench_misses: need REFS >= 1, 1 <= FRAMES < PAGES < 2^32\n");
		return 2;
	}
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/bench-misses-XXXXXX", base);
	if (!mkdtemp(dir)) {
		perror(dir);
		return 2;
	}
	printf("%" PRIu64 " references over %" PRIu64 " pages of 4 KiB, %" PRIu64
	       " frames, data-less, binary traces\n", refs, pages, frames);
	int rc = 0;
	static const char *const names[] = {"zipf", "loop"};
	char lists[2][4200], traces[2][4200];
	for (int t = 0; t < 2 && rc == 0; t++) {
		snprintf(lists[t], sizeof lists[t], "%s/%s.pages", dir, names[t]);
		snprintf(traces[t], sizeof traces[t], "%s/%s.btrace", dir, names[t]);
		double t0 = bench_now();
		rc = write_pages(lists[t], t == 0, refs, pages) != 0 ||
		     import_binary(lists[t], traces[t], pages) != 0;
		unlink(lists[t]);
		printf("%s: generated and imported in %.1f s\n", names[t], bench_now() - t0);
	}
	for (int t = 0; t < 2 && rc == 0; t++) {
		char *list = strdup(policies);
		for (char *p = strtok(list, ","); p && rc == 0; p = strtok(NULL, ",")) {
			char base_path[4300];
			snprintf(base_path, sizeof base_path, "%s/base", dir);
			struct scenario s = {names[t], traces[t], p, base_path, refs, pages, frames};
			rc = run_scenario(&s);
		}
		free(list);
	}
	for (int t = 0; t < 2; t++)
		unlink(traces[t]);
	char data[4200];
	snprintf(data, sizeof data, "%s/pages.bin", dir);
	unlink(data);
	rmdir(dir);
	return rc;
}
