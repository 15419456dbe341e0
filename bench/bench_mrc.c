/*
 * bench/bench_mrc.c: how fast `mmusim mrc` computes its curves (figures in
 * docs/performance.md, "mrc").
 *
 *   bench_mrc [REFERENCES [PAGES [FOLDER]]]   default 10000000, 1000000
 *
 * Writes two binary traces of REFERENCES one-byte loads, 4 KiB pages, one
 * process: a Zipf(0.9) page list over PAGES pages, and a loop over PAGES
 * pages (every reference a miss below PAGES frames). Then, each in a
 * child process (its peak RSS its own), the steps of `mmusim mrc`:
 * read the trace into references (mrc_trace.c), then LRU's histogram
 * (every size), then OPT's up to a depth. Prints references, elapsed
 * seconds (read, distances, total), references/s, the child's CPU time
 * and peak RSS for each.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"
#include "event_sink.h"
#include "mrc.h"
#include "mrc_trace.h"
#include "outstream.h"
#include "trace_binary.h"
#include "trace_open.h"

enum { BATCH = 4096, PAGE_SIZE = 4096 };
#define BASE UINT64_C(0x600000000)

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static double uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

/* Write the trace: page_of(i) for i < n. */
static int write_trace(const char *path, uint64_t n, const double *cdf,
		       uint64_t pages)
{
	static struct trace_event batch[BATCH];
	char err[512];
	FILE *f = fopen(path, "wb");
	struct event_sink *sink = f ? trace_binary_writer(f, path, NULL, err,
							  sizeof err) : NULL;
	if (!sink)
		return -1;
	int k = 0;
	batch[k++] = (struct trace_event){.op = EV_START, .line = 1, .pid = 1};
	batch[k++] = (struct trace_event){.op = EV_SWITCH, .line = 2, .pid = 1};
	for (uint64_t i = 0; i < n; i++) {
		uint64_t page;
		if (cdf) {
			double u = uniform();
			uint64_t lo = 0, hi = pages - 1;
			while (lo < hi) {
				uint64_t mid = (lo + hi) / 2;
				if (cdf[mid] < u)
					lo = mid + 1;
				else
					hi = mid;
			}
			page = lo;
		} else {
			page = i % pages;
		}
		batch[k++] = (struct trace_event){.op = EV_READ, .line = 3,
			.addr = BASE + page * PAGE_SIZE, .arg = 1};
		if (k == BATCH || i + 1 == n) {
			if (sink->write(sink, batch, k, err, sizeof err) < 0)
				return -1;
			k = 0;
		}
	}
	return sink->finish(sink, err, sizeof err);
}

static int measure(const char *name, const char *path, int what,
		   uint64_t depth)
{
	char err[1024];
	double t0 = bench_now();
	struct trace_open_options o = trace_open_defaults(TRACE_AUTO, PAGE_SIZE,
							  BASE);
	o.ensure_data_file = false;
	struct event_source *src = trace_open_with(path, &o, err, sizeof err);
	struct mrc_refs refs;
	if (!src || mrc_refs_read(src, PAGE_SIZE, BASE, &refs, err, sizeof err)) {
		fprintf(stderr, "%s: %s\n", name, err);
		return 1;
	}
	src->close(src);
	double t1 = bench_now();
	struct mrc_histogram h = {0};
	if (what == 1 && mrc_lru(refs.refs, refs.count, refs.pages, &h) != 0)
		return 1;
	if (what == 2 && mrc_opt(refs.refs, refs.count, refs.pages, depth, &h))
		return 1;
	double t2 = bench_now();
	printf("%-28s %9zu refs  read %5.2f s  %s %6.2f s  total %6.2f s "
	       "%6.1f M refs/s", name, refs.count, t1 - t0,
	       what == 0 ? "----" : what == 1 ? "lru " : "opt ", t2 - t1,
	       t2 - t0, (double)refs.count / (t2 - t0) / 1e6);
	if (what)
		printf("  misses(%" PRIu64 ") %" PRIu64, depth,
		       mrc_misses(&h, depth));
	mrc_histogram_free(&h);
	mrc_refs_free(&refs);
	fflush(stdout);
	return 0;
}

static int scenario(const char *name, const char *path, int what,
		    uint64_t depth)
{
	struct rusage ru;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0)
		_exit(measure(name, path, what, depth));
	if (!bench_child_ok(pid, &ru))
		return 1;
	/* CPU time too: on a shared machine elapsed time includes waiting */
	printf("  CPU %6.2f s  %6.1f MiB peak RSS\n",
	       (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6,
	       (double)ru.ru_maxrss / 1024);
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 0) : 10000000;
	uint64_t pages = argc > 2 ? strtoull(argv[2], NULL, 0) : 1000000;
	const char *dir = argc > 3 ? argv[3] : getenv("TMPDIR");
	char zipf[512], loop[512];
	int rc = 0;
	if (!dir)
		dir = "/tmp";
	if (n == 0 || pages == 0)
		return 1;
	snprintf(zipf, sizeof zipf, "%s/mmusim-mrc-zipf-%d.btrace", dir,
		 (int)getpid());
	snprintf(loop, sizeof loop, "%s/mmusim-mrc-loop-%d.btrace", dir,
		 (int)getpid());
	double *cdf = malloc(pages * sizeof *cdf), sum = 0;
	if (!cdf)
		return 1;
	for (uint64_t k = 0; k < pages; k++)
		sum += 1 / pow((double)(k + 1), 0.9);
	for (uint64_t k = 0; k < pages; k++)
		cdf[k] = (k ? cdf[k - 1] : 0) + 1 / pow((double)(k + 1), 0.9) / sum;
	if (write_trace(zipf, n, cdf, pages) != 0 ||
	    write_trace(loop, n, NULL, pages) != 0) {
		fprintf(stderr, "bench_mrc: cannot write the traces in %s\n", dir);
		rc = 1;
	}
	free(cdf);
	if (rc == 0) {
		printf("%" PRIu64 " references, %" PRIu64 " pages of 4 KiB, "
		       "binary traces\n", n, pages);
		rc |= scenario("zipf 0.9: read only", zipf, 0, 0);
		rc |= scenario("zipf 0.9: lru, every size", zipf, 1, pages);
		rc |= scenario("zipf 0.9: opt, to 1000", zipf, 2, 1000);
		rc |= scenario("zipf 0.9: opt, to PAGES/10", zipf, 2, pages / 10);
		rc |= scenario("loop: lru, every size", loop, 1, pages);
		rc |= scenario("loop: opt, to PAGES/10", loop, 2, pages / 10);
	}
	unlink(zipf);
	unlink(loop);
	return rc ? 1 : 0;
}
