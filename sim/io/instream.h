/*
 * sim/io/instream.h: read a trace file's bytes whatever it was compressed
 * with (docs/trace-formats.md, "Compressed inputs").
 *
 * instream_open() looks at the first bytes of the file: gzip (1f 8b) and
 * zstd (28 b5 2f fd) inputs are decompressed on the fly, anything else is
 * read as it is. Concatenated gzip members and zstd frames are read one
 * after the other, as gzip -dc and zstd -dc do. The caller then reads the
 * decompressed bytes with instream_read() (the binary reader, the
 * importers), or through a stdio stream from instream_to_file() (the text
 * reader). instream_peek() shows the first decompressed bytes without
 * consuming them, so a reader can tell binary from text first.
 *
 * Memory is fixed (a few hundred KiB of buffers plus the decompressor's
 * window), whatever the length of the input. Importers read their input
 * twice (instream_rewind); a pipe is then kept in a temporary file.
 */
#ifndef MMUSIM_SIM_INSTREAM_H
#define MMUSIM_SIM_INSTREAM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

enum instream_codec { INSTREAM_PLAIN, INSTREAM_GZIP, INSTREAM_ZSTD };

struct instream;

/* Open `path` ("-" = standard input, never closed). NULL with
 * "PATH: reason" in err on failure. */
struct instream *instream_open(const char *path, char *err, size_t err_len);

/* Read from memory (tests): the bytes are copied. */
struct instream *instream_open_memory(const char *name, const void *data,
				      size_t len, char *err, size_t err_len);

enum instream_codec instream_codec(const struct instream *in);
const char *instream_codec_name(enum instream_codec codec);

/* The first min(want, available) decompressed bytes, not consumed; returns
 * how many were stored in `out` (fewer than `want` only at the end of the
 * input), or -1 with "NAME: reason" in err. want <= 64. */
ssize_t instream_peek(struct instream *in, void *out, size_t want,
		      char *err, size_t err_len);

/* Up to `len` decompressed bytes into buf: how many (0 at the end), or -1
 * with "NAME: reason" in err (read error, corrupt or truncated data). */
ssize_t instream_read(struct instream *in, void *buf, size_t len,
		      char *err, size_t err_len);

/* Hand the stream over to stdio: reading the FILE reads the instream,
 * fclose() closes it (the instream then belongs to the FILE; do not
 * close it yourself, but instream_error() may be asked until fclose). A
 * read error sets errno to EIO, or EBADMSG for corrupt or truncated
 * compressed data. NULL on failure (the instream stays yours). */
FILE *instream_to_file(struct instream *in);

/* Make instream_rewind() possible later: nothing to do for files and
 * memory; a pipe is copied to an unlinked temporary file as it is read
 * (disk use grows with what is read). Call before reading. 0, or -1. */
int instream_keep_for_rewind(struct instream *in, char *err, size_t err_len);

/* Start again from the first byte: 0, or -1 with "NAME: reason" (a pipe
 * that was not kept, a seek that fails). A pipe is rewound once. */
int instream_rewind(struct instream *in, char *err, size_t err_len);

/*
 * The rest of an uncompressed regular file as read-only memory, with no
 * copy: the file is mmap(2)ed and madvise(MADV_SEQUENTIAL)d. *data points
 * at the first byte not yet consumed (peeked bytes are not consumed), *len
 * counts the bytes from there to the file's end. Returns 1 when mapped,
 * 0 when this input cannot be (gzip or zstd, a pipe, memory, an empty
 * file, a refused mmap): read it with instream_read as before. Once
 * mapped, the bytes are the caller's to read until instream_close (which
 * unmaps them) and instream_read returns 0; instream_rewind undoes it.
 */
int instream_map(struct instream *in, const uint8_t **data, size_t *len);

/* The first `done` bytes of the mapping (from *data) will not be read
 * again: their pages may leave the process's memory, so a long file read
 * through the mapping keeps a flat resident size. */
void instream_map_done(struct instream *in, size_t done);

/* The message of the error that made a read fail, or NULL if none did. */
const char *instream_error(const struct instream *in);

void instream_close(struct instream *in);

#endif
