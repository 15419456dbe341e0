/*
 * bench/bench_viz.c: the visualiser's two goals (issue 6, docs/viz.md).
 *
 *  1. Frames per second drawing 1,024 frames and 4,096 swap blocks (all in
 *     use, many shared), headless with SDL's software renderer, the worst
 *     case: a window's renderer draws on the GPU. Drawing only, and reading
 *     the scene from the pager then drawing (what playing does each frame).
 *  2. The time to step back one event on a one-million-event trace (goal:
 *     under 100 ms), through checkpoints; and for comparison the replay
 *     from the start that stepping back would cost without them.
 *
 * The traces are generated into a temporary folder.
 * Usage: bench_viz [EVENTS]   (default 1000000)
 */
#include <ftw.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "session.h"
#include "renderer.h"

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void die(const char *what, const char *err)
{
	fprintf(stderr, "bench_viz: %s: %s\n", what, err);
	exit(1);
}

static struct viz_session *open_session(const char *dir, const char *trace,
					const char *json)
{
	char path[512], err[1024];
	snprintf(path, sizeof path, "%s/bench.json", dir);
	FILE *f = fopen(path, "w");
	if (!f || fputs(json, f) < 0 || fclose(f) != 0)
		die(path, "cannot write");
	struct mmusim_config c;
	config_defaults(&c);
	if (config_load(&c, path, NULL, 0, err, sizeof err) != 0)
		die("config", err);
	struct viz_session *s = viz_session_open(&c, trace, err, sizeof err);
	if (!s)
		die("session", err);
	return s;
}

/* ---- 1. frames per second ------------------------------------------------- */

/* 3,000 pages in 1,023 frames (the rest on swap), then a fork and 500
 * copy-on-write breaks: every frame in use, ~3,500 blocks bound. */
static void write_big_state(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		die(path, "cannot write");
	fputs("start 1\nswitch 1\n", f);
	for (int i = 0; i < 3000; i++)
		fputs("map swap\n", f);
	for (int i = 0; i < 3000; i++)
		fprintf(f, "w 0x%llx 8\n", 0x600000000ULL + (unsigned long long)i * 4096);
	fputs("fork 1 2\nswitch 2\n", f);
	for (int i = 2500; i < 3000; i++)
		fprintf(f, "w 0x%llx 8\n", 0x600000000ULL + (unsigned long long)i * 4096);
	for (int i = 2000; i < 2500; i++)
		fprintf(f, "r 0x%llx 8\n", 0x600000000ULL + (unsigned long long)i * 4096);
	fclose(f);
}

static void fps(const char *dir, int w, int h)
{
	char trace[512], err[1024];
	snprintf(trace, sizeof trace, "%s/big.trace", dir);
	write_big_state(trace);
	struct viz_session *s = open_session(dir, trace,
		"{\"memory_pages\": 1024, \"swap_blocks\": 4096, \"page_size\": 4096,"
		" \"arena_pages\": 4096, \"tlb\": {\"entries\": 64}}");
	if (viz_session_seek(s, viz_session_total(s), err, sizeof err) != 0)
		die("seek", err);
	SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32,
							      SDL_PIXELFORMAT_ARGB8888);
	SDL_Renderer *r = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
	struct viz_view v;
	if (!r || viz_view_init(&v, r, err, sizeof err) != 0 ||
	    viz_view_update(&v, s, true, w, h, err, sizeof err) != 0)
		die("renderer", r ? err : SDL_GetError());
	uint32_t used = 0, bound = 0;
	for (uint32_t i = 0; i < v.scene.frame_count; i++)
		used += v.scene.frames[i].kind != VIZ_FRAME_FREE;
	for (uint32_t i = 0; i < v.scene.block_count; i++)
		bound += v.scene.blocks[i].use != BLOCK_FREE;
	enum { FRAMES = 120 };
	double t0 = now_ms();
	for (int i = 0; i < FRAMES; i++)
		viz_view_draw(&v);
	double draw = (now_ms() - t0) / FRAMES;
	t0 = now_ms();
	for (int i = 0; i < FRAMES; i++) {
		viz_view_update(&v, s, true, w, h, err, sizeof err);
		viz_view_draw(&v);
	}
	double both = (now_ms() - t0) / FRAMES;
	printf("%dx%d, %u frames (%u in use), %u swap blocks (%u bound), ring of %u:\n"
	       "  draw only          %6.2f ms a picture = %6.1f fps\n"
	       "  read scene + draw  %6.2f ms a picture = %6.1f fps\n",
	       w, h, v.scene.frame_count, used, v.scene.block_count, bound,
	       v.scene.ring_count, draw, 1e3 / draw, both, 1e3 / both);
	viz_view_fini(&v);
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(surface);
	viz_session_close(s);
}

/* ---- 2. stepping back ----------------------------------------------------- */

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Two processes (one forked from the other) over 200 pages in 64 frames:
 * most accesses fault and evict, the slowest kind of trace to replay. */
static void write_long_trace(const char *path, uint64_t events)
{
	FILE *f = fopen(path, "w");
	if (!f)
		die(path, "cannot write");
	fputs("start 1\nswitch 1\n", f);
	for (int i = 0; i < 200; i++)
		fputs("map swap\n", f);
	fputs("fork 1 2\n", f);
	int cur = 1;
	for (uint64_t n = 203; n < events; n++) {
		uint64_t x = next();
		if (x % 1000 == 0) {
			cur = 3 - cur;
			fprintf(f, "switch %d\n", cur);
			continue;
		}
		uint64_t a = 0x600000000ULL + (x >> 16) % 200 * 4096 + (x >> 40) % 4088;
		fprintf(f, "%s 0x%llx 8\n", x % 10 < 3 ? "w" : "r", (unsigned long long)a);
	}
	fclose(f);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void back_from(struct viz_session *s, uint64_t from, const char *label)
{
	char err[1024];
	enum { N = 15 };
	double t[N];
	uint64_t replayed = 0;
	if (viz_session_seek(s, from, err, sizeof err) != 0)
		die("seek", err);
	for (int i = 0; i < N; i++) {
		uint64_t to = viz_session_position(s) - 1;
		double t0 = now_ms();
		if (viz_session_seek(s, to, err, sizeof err) != 0)
			die("back", err);
		t[i] = now_ms() - t0;
		struct viz_session_stats st;
		viz_session_stats(s, &st);
		replayed = st.replayed > replayed ? st.replayed : replayed;
	}
	qsort(t, N, sizeof t[0], cmp_double);
	printf("  one event back from %-9s median %6.1f ms, worst %6.1f ms "
	       "(%" PRIu64 " events replayed at most)\n", label, t[N / 2], t[N - 1], replayed);
}

static void step_back(const char *dir, uint64_t events)
{
	char trace[512], err[1024];
	snprintf(trace, sizeof trace, "%s/long.trace", dir);
	write_long_trace(trace, events);
	double t0 = now_ms();
	struct viz_session *s = open_session(dir, trace,
		"{\"memory_pages\": 64, \"swap_blocks\": 512, \"page_size\": 4096,"
		" \"arena_pages\": 256, \"tlb\": {\"entries\": 16}}");
	double opened = now_ms() - t0;
	uint64_t total = viz_session_total(s);
	t0 = now_ms();
	if (viz_session_seek(s, total, err, sizeof err) != 0)
		die("seek", err);
	double forward = now_ms() - t0;
	const struct run *r = viz_session_run(s);
	struct viz_session_stats st;
	viz_session_stats(s, &st);
	printf("%" PRIu64 "-event trace, 64 frames, 512 swap blocks (%" PRIu64
	       " faults, %" PRIu64 " evictions):\n"
	       "  open (counting the events)     %7.1f ms\n"
	       "  replay to the end, first time  %7.1f ms (%.0f ns an event, "
	       "checkpoints included)\n"
	       "  checkpoints: %zu every %" PRIu64 " events, %.1f MiB\n",
	       total, pager_stats(run_pager(r))->faults, pager_stats(run_pager(r))->evictions,
	       opened, forward, forward * 1e6 / (double)total, st.checkpoints, st.interval,
	       (double)st.bytes / (1 << 20));
	back_from(s, total, "the end");
	back_from(s, total / 2 + 12345, "the middle");
	back_from(s, 1000, "event 1000");
	/* without checkpoints, going back is a replay from the start */
	t0 = now_ms();
	if (viz_session_seek(s, 0, err, sizeof err) != 0 ||
	    viz_session_seek(s, total - 1, err, sizeof err) != 0)
		die("seek", err);
	viz_session_stats(s, &st);
	printf("  without checkpoints (replay from 0 to the end - 1): %.1f ms\n",
	       now_ms() - t0);
	viz_session_close(s);
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

int main(int argc, char **argv)
{
	uint64_t events = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
	char dir[] = "/tmp/mmusim-bench-viz-XXXXXX";
	if (!mkdtemp(dir))
		die("mkdtemp", "failed");
	fps(dir, 1920, 1080);
	fps(dir, 3840, 2160);
	step_back(dir, events);
	return nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : 1;
}
