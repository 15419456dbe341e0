/*
 * tests/fuzz/fuzz.h: what the fuzz harnesses share (docs/testing.md,
 * "Fuzzing").
 *
 * Each harness is one LLVMFuzzerTestOneInput. It is linked either with
 * libFuzzer (meson -Dfuzz=true, clang: scripts/fuzz runs it) or with
 * driver.c, which feeds it every file of the saved corpus (the fuzz-*
 * tests of the ordinary builds, also under ASan + UBSan). A harness keeps
 * no state from one input to the next except its scratch folder, whose
 * files it rewrites for each input; it frees all it allocates, and a
 * broken property is reported with fuzz_fail(), which aborts, so libFuzzer
 * and the driver both count it as a crash.
 */
#ifndef MMUSIM_TESTS_FUZZ_H
#define MMUSIM_TESTS_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Print "fuzz: broken property: ..." to stderr and abort(). */
_Noreturn void fuzz_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* The harness's scratch folder: made at the first call under $TMPDIR
 * (or /tmp), removed with everything in it when the process exits. */
const char *fuzz_dir(void);

/* Write `len` bytes into the scratch folder's file `name` (replacing it);
 * the full path is stored in `path` (PATH_MAX bytes). */
void fuzz_put(const char *name, const void *data, size_t len, char *path);

/* The events of a source, at most `cap` of them (so an input that
 * expands to millions of events stays fast): how many were handed out,
 * a hash of them (every field but the line, and the texts), whether the
 * source ended in an error, and its message. Every event is checked on
 * the way: it must be one the text form can say (event_check), and
 * written as text and read back it must be the same event. Each batch
 * also goes to `sink` when it is not NULL (a write error aborts). Closes
 * the source. */
struct fuzz_drain {
	uint64_t events;
	uint64_t accesses;   /* r and w events */
	uint64_t hash;
	bool failed;         /* fill returned -1 */
	bool capped;         /* stopped at `cap` */
	char err[512];
};
struct event_sink;
void fuzz_drain(struct event_source *src, uint64_t cap, struct event_sink *sink,
		struct fuzz_drain *out);

/* Abort unless `err` starts with `name` then ':' (every reader's message
 * names its input first). */
void fuzz_names_input(const char *err, const char *name);

/* Abort unless `ev`, written with trace_write_line and read back by the
 * text reader, gives the same event (all fields but its line). */
void fuzz_round_trip(const struct trace_event *ev);

#endif
