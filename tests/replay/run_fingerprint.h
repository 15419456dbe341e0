/*
 * tests/replay/run_fingerprint.h: a hash of everything a run's state holds
 * that the replay depends on or the pictures show: memory, TLB, cycles,
 * counters, every frame, block, page table (pids 0..9) and the replacement
 * order. Two runs with equal fingerprints continue identically; the
 * checkpoint and viz tests compare them after stepping back and forth.
 */
#ifndef MMUSIM_TESTS_RUN_FINGERPRINT_H
#define MMUSIM_TESTS_RUN_FINGERPRINT_H

#include <stdint.h>

struct run;

uint64_t run_fingerprint(const struct run *run);

#endif
