/*
 * sim/machine/disk.h: the machine's block devices (docs/machine.md, "Disks").
 *
 * The swap device: swap_blocks blocks of page_size bytes, held in memory,
 * one buffer per block allocated at its first write (an unwritten block
 * reads as zeroes).
 *
 * The file store: a file name from the trace resolves relative to the
 * trace's folder, opened once (disk_create) and every name resolved beneath
 * that descriptor, checked and opened in one step (beneath.h). A name that
 * is empty, absolute, climbs above the folder with `..` at any point, passes
 * through a symbolic link (even one pointing inside), or names something
 * that is not a regular file cannot be read: the call fails. Two names are
 * one file when they open the same inode. Block b of a file
 * is bytes b * page_size .. (b + 1) * page_size - 1; bytes past the end of
 * the file read as zeroes, and such a read succeeds (without a read of
 * the host's file: its size is known from the open). Writes go to an
 * in-memory overlay keyed by the resolved file (so two names of one file
 * see each other's writes), unless write_files is set, in which case they
 * go to the file itself. Either way a later read sees them.
 *
 * The devices count nothing and charge nothing: the machine does that.
 */
#ifndef MMUSIM_SIM_DISK_H
#define MMUSIM_SIM_DISK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct disk;

/*
 * `folder` is the folder file names resolve in (the trace's folder); it
 * must exist. Returns NULL with a reason in err.
 */
struct disk *disk_create(uint32_t page_size, uint32_t swap_blocks,
			 const char *folder, bool write_files, char *err,
			 size_t err_len);
void disk_destroy(struct disk *disk);

/* The folder of a trace file path ("." for a bare name or "-"); free(). */
char *disk_folder_of(const char *trace_path);

/* Read block `block` of `file` (NULL: swap) into out (page_size bytes).
 * 0; -1 when the file cannot be read (missing, forbidden, not a regular
 * file: errno says which); -2 when reading it failed (an I/O error of the
 * host, errno says which). out then holds nothing useful. */
int disk_read(struct disk *disk, const char *file, uint64_t block,
	      uint8_t *out);
/* Write page_size bytes to block `block` of `file` (NULL: swap).
 * 0, or -1 with errno set (a swap block out of range, a file that cannot
 * be read, or one that cannot be written: opened read-only, a full disk,
 * an I/O error). */
int disk_write(struct disk *disk, const char *file, uint64_t block,
	       const uint8_t *in);

/*
 * Data-less transfers (docs/machine.md, "Data-less replay"): the same
 * blocks, names and answers as disk_read and disk_write, but what moves is
 * what is known of a block's bytes, not the bytes: zeroes, a page of bytes
 * (`bytes`), or unknown. A swap block never written is zeroes; a file
 * block not written is zeroes past the file's end and unknown before it
 * (nothing is read). A disk is used either this way or with bytes, never
 * both; write_files needs the bytes (-1, ENOTSUP).
 */
enum disk_kept { DISK_KEPT_UNKNOWN, DISK_KEPT_ZEROES, DISK_KEPT_BYTES };
/* 0 with *kind (and *bytes, page_size bytes valid until the block is
 * written again, for DISK_KEPT_BYTES; else NULL), or -1 as disk_read. */
int disk_read_kept(struct disk *disk, const char *file, uint64_t block,
		   enum disk_kept *kind, const uint8_t **bytes);
/* 0, or -1 with errno set as disk_write. */
int disk_write_kept(struct disk *disk, const char *file, uint64_t block,
		    enum disk_kept kind, const uint8_t *bytes);

/* The folder names resolve in, as given to disk_create (messages). */
const char *disk_folder(const struct disk *disk);

/* Whether `file` names a readable file (tests, the log). */
bool disk_file_readable(struct disk *disk, const char *file);

/* An independent copy (a checkpoint of the run): the swap blocks, the
 * overlay and what each name resolved to; open files are shared through
 * dup(). NULL when out of memory. */
struct disk *disk_clone(const struct disk *disk);
/* Bytes held by written swap blocks (a checkpoint's size). */
size_t disk_swap_bytes(const struct disk *disk);

#endif
