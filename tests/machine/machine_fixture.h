/*
 * tests/machine/machine_fixture.h: what the machine tests share: a fresh
 * folder under /tmp, files written into it, files read back whole.
 */
#ifndef MMUSIM_TESTS_MACHINE_FIXTURE_H
#define MMUSIM_TESTS_MACHINE_FIXTURE_H

#include <stddef.h>

/* Make the folder /tmp/mmusim-TAG-XXXXXX (X's filled in) into dir, of
 * `size` bytes; the test fails when it cannot. */
void fixture_dir_make(char *dir, size_t size, const char *tag);
/* Remove the folder and everything in it (rm -rf); the test fails when
 * that fails. */
void fixture_dir_remove(const char *dir);
/* Write `text` into dir/name. */
void fixture_put_file(const char *dir, const char *name, const char *text);
/* The whole file, NUL-terminated; free(). */
char *fixture_slurp(const char *path);

#endif
