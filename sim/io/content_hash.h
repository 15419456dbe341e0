/*
 * sim/io/content_hash.h: SHA-256 of a file's bytes or of a text, as 64
 * lowercase hex digits: how a Slurm sweep recognises its trace and its
 * runs' configurations later, on another node (docs/slurm.md).
 */
#ifndef MMUSIM_SIM_CONTENT_HASH_H
#define MMUSIM_SIM_CONTENT_HASH_H

#include <stddef.h>

#define CONTENT_HASH_HEX 65   /* 64 digits and the NUL */

/* The hash of `len` bytes. */
void content_hash_bytes(const void *data, size_t len,
			char hex[CONTENT_HASH_HEX]);

/* The hash of the file's bytes as stored (a compressed trace's compressed
 * bytes). 0, or -1 with "PATH: what went wrong" in err. */
int content_hash_file(const char *path, char hex[CONTENT_HASH_HEX],
		      char *err, size_t err_len);

#endif
