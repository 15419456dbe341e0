/*
 * sim/atomic_file.h: write a file so that readers see the old one or the
 * whole new one, never a part: a temporary file beside it, then rename.
 */
#ifndef MMUSIM_SIM_ATOMIC_FILE_H
#define MMUSIM_SIM_ATOMIC_FILE_H

#include <stddef.h>
#include <stdio.h>

/* Call write(out, ctx) on "PATH.tmp-PID-N" and rename it to PATH. 0, or
 * -1 with "PATH: what went wrong" in err (the temporary file removed) when
 * the file cannot be made, write() returns non-zero or the data cannot be
 * written out. */
int atomic_file_write(const char *path, int (*write)(FILE *out, void *ctx),
		      void *ctx, char *err, size_t err_len);

/* A temporary name beside PATH, made (empty, mode 0644) and open: its
 * descriptor, or -1 with err set. *tmp is to be free()d. */
int atomic_file_temp(const char *path, char **tmp, char *err, size_t err_len);

#endif
