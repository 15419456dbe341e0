/*
 * bench/bench_formats.c: how fast each trace format is read, and replayed
 * (figures in docs/performance.md, "Trace formats").
 *
 *   bench_formats [ACCESSES [FOLDER]]   default 10000000, $TMPDIR or /tmp
 *
 * Writes one trace of ACCESSES TLB-hit accesses (16 resident pages,
 * 8-byte accesses, 3 loads : 1 store, the shape bench_run uses) as text,
 * binary and zstd-compressed binary, and a synthetic lackey log of
 * ACCESSES / 4 lines. Then, each in a child process (so its peak RSS is
 * its own):
 *   read     drain the trace through trace_open (what run, convert and
 *            mix read with), 4096 events a batch: the reader alone
 *   replay   run_trace (the code of `mmusim run`) with the shadow off and
 *            32 frames: reader plus machine
 *   import   the lackey log through the lackey importer
 * Prints one line each: events, seconds, events/s, file size, peak RSS,
 * the child's CPU time.
 * Exit 0 unless something fails.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_util.h"
#include "config.h"
#include "event_sink.h"
#include "outstream.h"
#include "run.h"
#include "trace_binary.h"
#include "trace_open.h"
#include "trace_text_writer.h"

enum { PAGES = 16, BATCH = 4096 };

/* The i-th event of the TLB-hit trace (after its 2 + PAGES opening ones). */
static struct trace_event access_event(uint64_t i, uint32_t line)
{
	return (struct trace_event){
		.op = i % 4 == 0 ? EV_WRITE : EV_READ, .line = line, .arg = 8,
		.addr = 0x600000000 + (i % PAGES) * 65536 + (i * 8) % 65536 };
}

/* The same events into every sink. */
static int generate(struct event_sink **sinks, int count, uint64_t accesses)
{
	static struct trace_event batch[BATCH];
	char err[512];
	uint64_t line = 0;
	int n = 0;

	batch[n++] = (struct trace_event){ .op = EV_START, .line = (uint32_t)++line, .pid = 1 };
	batch[n++] = (struct trace_event){ .op = EV_SWITCH, .line = (uint32_t)++line, .pid = 1 };
	for (int p = 0; p < PAGES; p++)
		batch[n++] = (struct trace_event){ .op = EV_MAP_SWAP, .line = (uint32_t)++line };
	for (uint64_t i = 0; i <= accesses; i++) {
		if (n == BATCH || i == accesses) {
			if (i == accesses)
				batch[n++] = (struct trace_event){ .op = EV_EXIT,
								   .line = (uint32_t)++line };
			for (int s = 0; s < count; s++)
				if (sinks[s]->write(sinks[s], batch, n, err, sizeof err) < 0) {
					fprintf(stderr, "%s\n", err);
					return -1;
				}
			n = 0;
		}
		if (i < accesses)
			batch[n++] = access_event(i, (uint32_t)++line);
	}
	for (int s = 0; s < count; s++)
		if (sinks[s]->finish(sinks[s], err, sizeof err) < 0) {
			fprintf(stderr, "%s\n", err);
			return -1;
		}
	return 0;
}

static struct event_sink *sink_for(const char *path, bool binary)
{
	char err[512];
	FILE *raw = fopen(path, "wb");
	FILE *f = raw ? outstream_wrap(raw, outstream_codec_for(path), path, err, sizeof err)
		      : NULL;
	struct event_sink *sink = NULL;

	if (f)
		sink = binary ? trace_binary_writer(f, path, NULL, err, sizeof err)
			      : trace_text_writer(f, path, false, err, sizeof err);
	if (!sink)
		fprintf(stderr, "%s: cannot write\n", path);
	return sink;
}

/* A lackey log: code in 64 pages, data in 256, like a small program. */
static int generate_lackey(const char *path, uint64_t lines)
{
	FILE *f = fopen(path, "w");
	static char buf[1 << 20];

	if (!f)
		return -1;
	setvbuf(f, buf, _IOFBF, sizeof buf);
	fputs("==4242== Lackey, an example Valgrind tool\n", f);
	for (uint64_t i = 0; i < lines; i++) {
		uint64_t x = i * 2654435761u;

		if (i % 3 == 0)
			fprintf(f, "I  %08" PRIx64 ",%u\n", 0x400000 + (x % (64 * 4096)),
				(unsigned)(1 + i % 7));
		else
			fprintf(f, " %c %010" PRIx64 ",%u\n", "LLSM"[i % 4],
				UINT64_C(0x1fff000000) + (x % (256 * 4096)) / 8 * 8, 8u);
	}
	fputs("==4242== Exit code: 0\n", f);
	return fclose(f);
}

/* In a child: read (or replay) and print events, seconds, rate. */
static int measure(const char *name, const char *path, enum trace_format format, bool replay)
{
	char err[1024];
	double t0 = bench_now(), secs;
	uint64_t events = 0;

	if (replay) {
		struct mmusim_config config;
		struct run_options opt;
		struct run_result res;

		config_defaults(&config);
		config.memory_pages = 32;
		run_options_default(&opt);
		opt.shadow = false;
		if (run_trace(&config, path, &opt, &res, err, sizeof err) != 0) {
			fprintf(stderr, "%s: %s\n", name, err);
			return 1;
		}
		events = res.reads + res.writes;
	} else {
		static struct trace_event batch[BATCH];
		struct trace_open_options o = trace_open_defaults(format, 65536, 0x600000000);
		struct event_source *src;
		int n;

		o.ensure_data_file = false;
		src = trace_open_with(path, &o, err, sizeof err);
		if (!src) {
			fprintf(stderr, "%s: %s\n", name, err);
			return 1;
		}
		while ((n = src->fill(src, batch, BATCH, err, sizeof err)) > 0)
			events += (uint64_t)n;
		src->close(src);
		if (n < 0) {
			fprintf(stderr, "%s: %s\n", name, err);
			return 1;
		}
	}
	secs = bench_now() - t0;
	printf("%-24s %11" PRIu64 " %s %7.2f s %7.1f M/s", name, events,
	       replay ? "accesses" : "events  ", secs, (double)events / secs / 1e6);
	fflush(stdout);
	return 0;
}

static int scenario(const char *name, const char *path, enum trace_format format, bool replay)
{
	struct rusage ru;
	struct stat st;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0)
		_exit(measure(name, path, format, replay));
	if (!bench_child_ok(pid, &ru))
		return 1;
	/* the child's CPU time: elapsed time on a shared machine includes waiting */
	printf("  %8.1f MiB file  %7.1f MiB peak RSS  CPU %6.3f s\n",
	       stat(path, &st) == 0 ? (double)st.st_size / 1048576 : 0.0,
	       (double)ru.ru_maxrss / 1024,
	       (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 0) : 10000000;
	const char *dir = argc > 2 ? argv[2] : getenv("TMPDIR");
	char text[512], bin[512], zst[512], lackey[512];
	struct event_sink *sinks[3];
	int rc = 0;

	if (!dir)
		dir = "/tmp";
	snprintf(text, sizeof text, "%s/mmusim-formats-%d.trace", dir, (int)getpid());
	snprintf(bin, sizeof bin, "%s/mmusim-formats-%d.btrace", dir, (int)getpid());
	snprintf(zst, sizeof zst, "%s/mmusim-formats-%d.btrace.zst", dir, (int)getpid());
	snprintf(lackey, sizeof lackey, "%s/mmusim-formats-%d.lackey", dir, (int)getpid());
	sinks[0] = sink_for(text, false);
	sinks[1] = sink_for(bin, true);
	sinks[2] = sink_for(zst, true);
	if (!sinks[0] || !sinks[1] || !sinks[2] || generate(sinks, 3, n) < 0 ||
	    generate_lackey(lackey, n / 4) < 0) {
		fprintf(stderr, "bench_formats: cannot write the traces in %s\n", dir);
		rc = 1;
	}
	if (rc == 0) {
		printf("TLB-hit trace of %" PRIu64 " accesses; lackey log of %" PRIu64 " lines\n",
		       n, n / 4);
		rc |= scenario("read text", text, TRACE_AUTO, false);
		rc |= scenario("read binary", bin, TRACE_AUTO, false);
		rc |= scenario("read binary.zst", zst, TRACE_AUTO, false);
		rc |= scenario("replay text", text, TRACE_AUTO, true);
		rc |= scenario("replay binary", bin, TRACE_AUTO, true);
		rc |= scenario("replay binary.zst", zst, TRACE_AUTO, true);
		rc |= scenario("import lackey", lackey, TRACE_LACKEY, false);
	}
	unlink(text);
	unlink(bin);
	unlink(zst);
	unlink(lackey);
	return rc ? 1 : 0;
}
