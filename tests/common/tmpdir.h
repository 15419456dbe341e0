/*
 * tests/common/tmpdir.h: the one scratch-folder helper every test uses: a
 * fresh folder under $TMPDIR (or /tmp), files written into it, files read
 * back whole, the folder removed with everything in it. Each call fails the
 * cmocka test when the file system refuses.
 */
#ifndef MMUSIM_TESTS_TMPDIR_H
#define MMUSIM_TESTS_TMPDIR_H

#include <stddef.h>

/* Make the folder $TMPDIR/mmusim-TAG-XXXXXX (X's filled in) into dir, of
 * `size` bytes. */
void tmpdir_make(char *dir, size_t size, const char *tag);
/* Remove the folder and everything in it, without following links. */
void tmpdir_remove(const char *dir);
/* Write `text` into dir/name. */
void tmpdir_put(const char *dir, const char *name, const char *text);
/* The whole file, NUL-terminated (its length in *len when len is not
 * NULL); free(). */
char *tmpdir_slurp(const char *path, size_t *len);

#endif
