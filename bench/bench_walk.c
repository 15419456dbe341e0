/*
 * bench/bench_walk.c: the cost of multi-level page walks (issue 14;
 * figures in docs/performance.md, "Multi-level walks").
 *
 *   bench_walk [ACCESSES [FOLDER [keep]]]   default 4000000, $TMPDIR or /tmp
 *
 * Two binary traces, each replayed by run_trace (the code of `mmusim
 * run`) with the shadow off, in `flat` and in `x86-64` (4 levels, the
 * default page-walk caches), three interleaved rounds:
 *   tlb-hit    16 resident pages of 4 KiB, 8-byte accesses (3 loads : 1
 *              store), a 16-entry TLB: nearly every access hits, so the
 *              walker is almost never reached. The issue asks x86-64 to
 *              stay within 10 % of flat.
 *   tlb-miss   2^20 pages of 4 KiB mapped (fresh: a load maps the zero
 *              page, so no frame and no fault is needed), then ACCESSES
 *              8-byte loads at uniformly random pages, a 64-entry 4-way
 *              TLB: nearly every access misses and walks. The rate is of
 *              the loads alone: the CPU time of a run of the maps alone
 *              is subtracted. Loads only: a store to a fresh page would
 *              fault (a zero-fill) and measure the fault path instead.
 *              No shadow, so the replay is data-less (RUN_DATA_AUTO).
 * Prints, per scenario and format, accesses, CPU seconds and accesses per
 * CPU second (the best of the rounds), walks and page-table reads.
 * With `keep`, the traces stay in FOLDER (their names are printed), for
 * `mmusim run` with other settings (docs/performance.md does so).
 * Exit 0 unless a run fails.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"
#include "config.h"
#include "event_sink.h"
#include "outstream.h"
#include "run.h"
#include "trace_binary.h"

enum { BATCH = 4096, HIT_PAGES = 16, ROUNDS = 3 };
#define MISS_PAGES (UINT64_C(1) << 20)
#define BASE UINT64_C(0x600000000)

struct writer {
	struct event_sink *sink;
	struct trace_event batch[BATCH];
	int n;
	uint32_t line;
};

static int put(struct writer *w, struct trace_event e)
{
	char err[512];
	e.line = ++w->line;
	w->batch[w->n++] = e;
	if (w->n < BATCH)
		return 0;
	w->n = 0;
	if (w->sink->write(w->sink, w->batch, BATCH, err, sizeof err) >= 0)
		return 0;
	fprintf(stderr, "%s\n", err);
	return -1;
}

static int finish(struct writer *w)
{
	char err[512];
	if ((w->n && w->sink->write(w->sink, w->batch, w->n, err, sizeof err) < 0) ||
	    w->sink->finish(w->sink, err, sizeof err) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

/* xorshift64*: the same pages every run */
static uint64_t next_random(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * UINT64_C(2685821657736338717);
}

/* tlb-hit (miss false) or tlb-miss, with `accesses` accesses after the
 * maps. */
static int generate(const char *path, bool miss, uint64_t accesses)
{
	char err[512];
	FILE *raw = fopen(path, "wb");
	FILE *f = raw ? outstream_wrap(raw, outstream_codec_for(path), path, err, sizeof err) : NULL;
	struct writer *w = calloc(1, sizeof *w);
	if (!f || !w || !(w->sink = trace_binary_writer(f, path, NULL, err, sizeof err))) {
		fprintf(stderr, "%s: cannot write\n", path);
		free(w);
		return -1;
	}
	int rc = put(w, (struct trace_event){ .op = EV_START, .pid = 1 }) |
		 put(w, (struct trace_event){ .op = EV_SWITCH, .pid = 1 });
	uint64_t pages = miss ? MISS_PAGES : HIT_PAGES, seed = 14;
	for (uint64_t p = 0; p < pages && rc == 0; p++)
		rc = put(w, (struct trace_event){ .op = EV_MAP_SWAP });
	for (uint64_t i = 0; i < accesses && rc == 0; i++) {
		struct trace_event e = { .op = EV_READ, .arg = 8 };
		if (miss) {
			e.addr = BASE + (next_random(&seed) % MISS_PAGES) * 4096 +
				 (i * 8) % 4096;
		} else {
			e.op = i % 4 == 0 ? EV_WRITE : EV_READ;
			e.addr = BASE + (i % HIT_PAGES) * 4096 + (i * 8) % 4096;
		}
		rc = put(w, e);
	}
	rc = rc || put(w, (struct trace_event){ .op = EV_EXIT }) || finish(w);
	free(w);
	return rc;
}

struct outcome {
	double cpu;
	uint64_t accesses, walks, reads;
};

static int replay(const char *path, bool miss, bool x86, struct outcome *out)
{
	char err[1024];
	struct mmusim_config c;
	config_defaults(&c);
	const char *sets[8] = { "page_size=4096", "memory_pages=64" };
	int n = 2;
	if (miss) {
		sets[n++] = "arena_pages=1048576";
		sets[n++] = "swap_blocks=1048576";
		sets[n++] = "tlb={\"entries\":64,\"ways\":4}";
	}
	if (x86)
		sets[n++] = "mmu.format=x86-64";
	if (config_load(&c, NULL, sets, n, err, sizeof err) != 0) {
		fprintf(stderr, "config: %s\n", err);
		return -1;
	}
	struct run_options opt;
	struct run_result res;
	run_options_default(&opt);
	opt.shadow = false;
	double c0 = bench_cpu();
	if (run_trace(&c, path, &opt, &res, err, sizeof err) != 0) {
		fprintf(stderr, "%s: %s\n", path, err);
		return -1;
	}
	*out = (struct outcome){ bench_cpu() - c0, res.reads + res.writes,
				 res.tlb_misses, res.mmu.reads };
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t accesses = argc > 1 ? strtoull(argv[1], NULL, 10) : 4000000;
	const char *dir = argc > 2 ? argv[2] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char hit[1024], miss[1024], maps[1024];
	snprintf(hit, sizeof hit, "%s/bench_walk_hit.%d.bin", dir, (int)getpid());
	snprintf(miss, sizeof miss, "%s/bench_walk_miss.%d.bin", dir, (int)getpid());
	snprintf(maps, sizeof maps, "%s/bench_walk_maps.%d.bin", dir, (int)getpid());
	int rc = generate(hit, false, accesses) || generate(miss, true, accesses) ||
		 generate(maps, true, 0);
	/* best CPU time of the rounds: [scenario][format] */
	struct outcome best[2][2] = {{{0}}}, base[2] = {{0}};
	for (int round = 0; round < ROUNDS && rc == 0; round++)
		for (int s = 0; s < 2 && rc == 0; s++)
			for (int x = 0; x < 2 && rc == 0; x++) {
				struct outcome o;
				rc = replay(s ? miss : hit, s, x, &o);
				if (rc == 0 && (round == 0 || o.cpu < best[s][x].cpu))
					best[s][x] = o;
				if (rc == 0 && s == 1) {
					rc = replay(maps, true, x, &o);
					if (rc == 0 && (round == 0 || o.cpu < base[x].cpu))
						base[x] = o;
				}
			}
	for (int s = 0; s < 2 && rc == 0; s++)
		for (int x = 0; x < 2; x++) {
			const struct outcome *o = &best[s][x];
			double cpu = o->cpu - (s ? base[x].cpu : 0);
			printf("%-8s %-6s %10" PRIu64 " accesses %7.3f s CPU %7.2f M/s"
			       "   walks %" PRIu64 "  page-table reads %" PRIu64 "\n",
			       s ? "tlb-miss" : "tlb-hit", x ? "x86-64" : "flat",
			       o->accesses - (s ? base[x].accesses : 0), cpu,
			       (double)(o->accesses - (s ? base[x].accesses : 0)) / cpu / 1e6,
			       o->walks - (s ? base[x].walks : 0),
			       o->reads - (s ? base[x].reads : 0));
		}
	if (rc == 0)
		printf("tlb-hit: x86-64 at %.1f %% of flat's time\n",
		       100.0 * best[0][1].cpu / best[0][0].cpu);
	if (argc > 3 && strcmp(argv[3], "keep") == 0) {
		printf("kept: %s %s %s\n", hit, miss, maps);
	} else {
		unlink(hit);
		unlink(miss);
		unlink(maps);
	}
	return rc ? 1 : 0;
}
