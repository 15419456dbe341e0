/*
 * sim/io/atomic_file.h: write a file so that readers see the old one or the
 * whole new one, never a part: a temporary file beside it, then rename.
 *
 * Two destinations are written directly instead, since nothing may be
 * renamed over them: "-" (standard output) and an existing file that is
 * not a regular file (a device such as /dev/null, a pipe).
 *
 * The new file's bytes are written with write(2) and made durable with
 * fsync(2) before the rename, so a failing or full disk (EIO, ENOSPC) is
 * an error here, named in err, and the old file stays as it was. An
 * existing file without write permission is not replaced (EACCES, even
 * for root, as `cp` would refuse it); an existing file's permission bits
 * carry over to its replacement.
 */
#ifndef MMUSIM_SIM_ATOMIC_FILE_H
#define MMUSIM_SIM_ATOMIC_FILE_H

#include <stddef.h>
#include <stdio.h>

struct atomic_target {
	char *path;   /* the destination */
	char *tmp;    /* the temporary file, NULL when written directly */
	int fd;       /* the temporary file's descriptor, -1 once closed */
	int error;    /* the first write(2) error, 0 if none */
};

/* Open the stream to write: NULL with "PATH: what went wrong" in err. A
 * temporary file gets the mode a new file gets (0666 less the umask). */
FILE *atomic_file_open(struct atomic_target *t, const char *path, char *err, size_t err_len);
/* After the stream was closed with no error: put the file in place. 0, or
 * -1 with err (the temporary file is removed). Frees the target. */
int atomic_file_place(struct atomic_target *t, char *err, size_t err_len);
/* After an error: remove the temporary file. Frees the target. */
void atomic_file_discard(struct atomic_target *t);

/* Flush and close the stream of atomic_file_open, with `write_rc` what
 * writing it returned (non-zero: failed). 0 (the target waits to be
 * placed), or -1 with "PATH: cannot write: why" in err and the target
 * discarded. */
int atomic_file_close(struct atomic_target *t, FILE *out, int write_rc, char *err,
		      size_t err_len);

/* Put several files in place, all or none: each new file is synced, each
 * old one kept under a backup name until every rename succeeded; if one
 * fails, the files already renamed get their old contents (or, if they
 * were new, are removed) back. 0, or -1 with err. Frees the targets,
 * which must be closed (atomic_file_close). */
int atomic_file_place_all(struct atomic_target *targets, size_t count, char *err,
			  size_t err_len);

/* The whole cycle: call write(out, ctx), close, place. 0, or -1 with
 * "PATH: what went wrong" in err when write() returns non-zero or the data
 * cannot be written out. */
int atomic_file_write(const char *path, int (*write)(FILE *out, void *ctx),
		      void *ctx, char *err, size_t err_len);

#endif
