/*
 * sim/machine/disk.c: the swap device (blocks allocated at first write) and
 * the file store: names resolved beneath the trace's folder, reads past a
 * file's end as zeroes, writes to an overlay unless write_files is set.
 * The contract is in disk.h.
 */
#include "disk.h"

#include "beneath.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One block written while files are not written for real. */
struct overlay_block {
	uint64_t block;
	uint8_t *bytes;           /* page_size bytes; data-less: NULL zeroes,
				   * UNKNOWN not known */
};

/* A data-less block whose bytes are not known (disk_write_kept): never
 * read, written or freed, only compared. */
static uint8_t unknown_mark;
#define UNKNOWN (&unknown_mark)

static void free_bytes(uint8_t *bytes)
{
	if (bytes != UNKNOWN)
		free(bytes);
}

/* One regular file inside the folder, however many names lead to it. */
struct store_file {
	dev_t dev;                /* which file: device and inode */
	ino_t ino;
	int fd;                   /* open for reading (and writing if asked) */
	bool writable;            /* fd was opened read-write */
	int write_errno;          /* !writable under write_files: why not */
	off_t size;               /* bytes at open (and as written_files grow it):
				   * a block past it reads as zeroes, no pread */
	void *overlay;            /* tsearch tree of struct overlay_block */
};

/* What one name from the trace resolved to (cached: the folder's contents
 * do not change under the run, except file bytes with write_files). */
struct name_ref {
	char *name;
	struct store_file *file;  /* NULL: cannot be read */
	int open_errno;           /* file NULL: why */
};

struct disk {
	uint32_t page_size;
	uint32_t swap_blocks;
	uint8_t **swap;           /* swap_blocks buffers, NULL = zeroes,
				   * UNKNOWN (data-less) not known */
	char *folder;             /* the trace's folder, for messages */
	int folder_fd;            /* O_PATH descriptor names resolve beneath */
	bool write_files;
	void *names;              /* tsearch tree of struct name_ref */
	void *files;              /* tsearch tree of struct store_file */
	struct name_ref *last;    /* the name looked up last: most reads
				   * of a run are of one data file */
};

static int cmp_block(const void *a, const void *b)
{
	uint64_t x = ((const struct overlay_block *)a)->block;
	uint64_t y = ((const struct overlay_block *)b)->block;
	return x < y ? -1 : x > y;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct name_ref *)a)->name,
		      ((const struct name_ref *)b)->name);
}

static int cmp_path(const void *a, const void *b)
{
	const struct store_file *x = a, *y = b;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

char *disk_folder_of(const char *trace_path)
{
	const char *slash = trace_path ? strrchr(trace_path, '/') : NULL;
	if (!slash)
		return strdup(".");
	if (slash == trace_path)
		return strdup("/");
	return strndup(trace_path, (size_t)(slash - trace_path));
}

struct disk *disk_create(uint32_t page_size, uint32_t swap_blocks,
			 const char *folder, bool write_files, char *err,
			 size_t err_len)
{
	struct disk *d = calloc(1, sizeof *d);
	if (!d) {
		snprintf(err, err_len, "disk: out of memory");
		return NULL;
	}
	d->page_size = page_size;
	d->swap_blocks = swap_blocks;
	d->write_files = write_files;
	d->folder_fd = -1;
	d->swap = calloc(swap_blocks ? swap_blocks : 1, sizeof *d->swap);
	if (!d->swap) {
		snprintf(err, err_len, "swap_blocks: out of memory for %" PRIu32 " blocks",
			 swap_blocks);
		disk_destroy(d);
		return NULL;
	}
	d->folder = strdup(folder);
	d->folder_fd = open(folder, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (!d->folder || d->folder_fd < 0) {
		snprintf(err, err_len, "%s: %s", folder,
			 d->folder ? strerror(errno) : "out of memory");
		disk_destroy(d);
		return NULL;
	}
	return d;
}

static void free_overlay_block(void *node)
{
	struct overlay_block *b = node;
	free_bytes(b->bytes);
	free(b);
}

static void free_file(void *node)
{
	struct store_file *f = node;
	tdestroy(f->overlay, free_overlay_block);
	if (f->fd >= 0)
		close(f->fd);
	free(f);
}

static void free_name(void *node)
{
	struct name_ref *n = node;
	free(n->name);
	free(n);
}

void disk_destroy(struct disk *d)
{
	if (!d)
		return;
	for (uint32_t b = 0; d->swap && b < d->swap_blocks; b++)
		free_bytes(d->swap[b]);
	free(d->swap);
	tdestroy(d->names, free_name);
	tdestroy(d->files, free_file);
	if (d->folder_fd >= 0)
		close(d->folder_fd);
	free(d->folder);
	free(d);
}

/* Open a name beneath the folder, checked and opened in one step (a check
 * by path and a second open by path could follow a folder swapped for a
 * symbolic link in between); NULL unless it is a regular file. When the
 * file is already open under another name, that one is returned. */
static struct store_file *open_file(struct disk *d, const char *name)
{
	int flags = O_NONBLOCK;
	bool writable = d->write_files;
	int write_errno = 0;
	int fd = beneath_open(d->folder_fd, name, flags | (writable ? O_RDWR : O_RDONLY),
			      BENEATH_ANY);
	if (fd < 0 && writable && (errno == EACCES || errno == EROFS || errno == EPERM)) {
		writable = false;
		write_errno = errno;
		fd = beneath_open(d->folder_fd, name, flags | O_RDONLY, BENEATH_ANY);
	}
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		int saved = fd < 0 ? errno : EINVAL; /* EINVAL: not a regular file */
		if (fd >= 0)
			close(fd);
		errno = saved;
		return NULL;
	}
	struct store_file key = {.dev = st.st_dev, .ino = st.st_ino};
	struct store_file **same = tfind(&key, &d->files, cmp_path);
	if (same) {
		close(fd);
		return *same;
	}
	struct store_file *f = calloc(1, sizeof *f);
	if (!f) {
		close(fd);
		return NULL;
	}
	*f = key;
	f->fd = fd;
	f->writable = writable;
	f->write_errno = write_errno;
	f->size = st.st_size;
	if (!tsearch(f, &d->files, cmp_path)) {
		free_file(f);
		return NULL;
	}
	return f;
}

/* The file a name leads to (resolved once per name), or NULL. */
static struct store_file *lookup(struct disk *d, const char *name)
{
	if (d->last && strcmp(d->last->name, name) == 0) {
		errno = d->last->open_errno;
		return d->last->file;
	}
	struct name_ref key = {.name = (char *)name};
	struct name_ref **found = tfind(&key, &d->names, cmp_name);
	if (found) {
		d->last = *found;
		errno = (*found)->open_errno;
		return (*found)->file;
	}

	struct name_ref *ref = calloc(1, sizeof *ref);
	if (!ref || !(ref->name = strdup(name))) {
		free(ref);
		return NULL;
	}
	ref->file = open_file(d, name);
	ref->open_errno = ref->file ? 0 : errno;
	if (!tsearch(ref, &d->names, cmp_name)) {
		free_name(ref);
		errno = ENOMEM;
		return NULL;
	}
	d->last = ref;
	errno = ref->open_errno;
	return ref->file;
}

const char *disk_folder(const struct disk *d)
{
	return d->folder;
}

bool disk_file_readable(struct disk *d, const char *file)
{
	return lookup(d, file) != NULL;
}

static struct overlay_block *overlay_find(struct store_file *f,
					  uint64_t block)
{
	if (!f->overlay) /* nothing written: no search */
		return NULL;
	struct overlay_block key = {.block = block};
	struct overlay_block **b = tfind(&key, &f->overlay, cmp_block);
	return b ? *b : NULL;
}

/* Byte offset of a block, or -1 when it lies beyond what a file can hold. */
static off_t block_offset(const struct disk *d, uint64_t block)
{
	if (block > (uint64_t)INT64_MAX / d->page_size - 1)
		return -1;
	return (off_t)(block * d->page_size);
}

static int file_read(struct disk *d, struct store_file *f, uint64_t block,
		     uint8_t *out)
{
	struct overlay_block *ob = overlay_find(f, block);
	if (ob) {
		memcpy(out, ob->bytes, d->page_size);
		return 0;
	}
	off_t off = block_offset(d, block);
	size_t got = 0;
	while (off >= 0 && off + (off_t)got < f->size && got < d->page_size) {
		ssize_t n = pread(f->fd, out + got, d->page_size - got,
				  off + (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -2; /* the device failed; errno says how */
		if (n == 0)
			break;
		got += (size_t)n;
	}
	memset(out + got, 0, d->page_size - got);
	return 0;
}

static int file_write(struct disk *d, struct store_file *f, uint64_t block,
		      const uint8_t *in)
{
	if (d->write_files) {
		off_t off = block_offset(d, block);
		if (!f->writable || off < 0) {
			errno = !f->writable ? f->write_errno : EFBIG;
			return -1;
		}
		for (size_t put = 0; put < d->page_size;) {
			ssize_t n = pwrite(f->fd, in + put, d->page_size - put,
					   off + (off_t)put);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				if (n == 0)
					errno = ENOSPC;
				return -1;
			}
			put += (size_t)n;
		}
		if (off + (off_t)d->page_size > f->size)
			f->size = off + (off_t)d->page_size;
		return 0;
	}
	struct overlay_block *ob = overlay_find(f, block);
	if (!ob) {
		ob = calloc(1, sizeof *ob);
		if (!ob || !(ob->bytes = malloc(d->page_size))) {
			free(ob);
			errno = ENOMEM;
			return -1;
		}
		ob->block = block;
		if (!tsearch(ob, &f->overlay, cmp_block)) {
			free_overlay_block(ob);
			errno = ENOMEM;
			return -1;
		}
	}
	memcpy(ob->bytes, in, d->page_size);
	return 0;
}

/* Past the file's end (or past what a file can hold): zeroes, no pread. */
static bool past_end(const struct disk *d, const struct store_file *f, uint64_t block)
{
	off_t off = block_offset(d, block);
	return off < 0 || off >= f->size;
}

int disk_read(struct disk *d, const char *file, uint64_t block, uint8_t *out)
{
	if (!file) {
		if (block >= d->swap_blocks)
			return -1;
		if (d->swap[block])
			memcpy(out, d->swap[block], d->page_size);
		else
			memset(out, 0, d->page_size);
		return 0;
	}
	struct store_file *f = lookup(d, file);
	return f ? file_read(d, f, block, out) : -1;
}

int disk_write(struct disk *d, const char *file, uint64_t block,
	       const uint8_t *in)
{
	if (!file) {
		if (block >= d->swap_blocks) {
			errno = EINVAL;
			return -1;
		}
		if (!d->swap[block] && !(d->swap[block] = malloc(d->page_size))) {
			errno = ENOMEM;
			return -1;
		}
		memcpy(d->swap[block], in, d->page_size);
		return 0;
	}
	struct store_file *f = lookup(d, file);
	return f ? file_write(d, f, block, in) : -1;
}

/* ---- disk_clone ---------------------------------------------------------- */

struct clone_walk {
	struct disk *to;
	void **tree;              /* the tree being filled */
	bool ok;
};

static bool visited_once(VISIT which)
{
	return which == postorder || which == leaf;
}

static void clone_overlay_block(const void *node, VISIT which, void *arg)
{
	struct clone_walk *w = arg;
	const struct overlay_block *from = *(const struct overlay_block *const *)node;
	if (!visited_once(which) || !w->ok)
		return;
	struct overlay_block *b = calloc(1, sizeof *b);
	if (!b || !(b->bytes = malloc(w->to->page_size))) {
		free(b);
		w->ok = false;
		return;
	}
	b->block = from->block;
	if (from->bytes == UNKNOWN || !from->bytes) {
		free(b->bytes);
		b->bytes = from->bytes;
	} else {
		memcpy(b->bytes, from->bytes, w->to->page_size);
	}
	if (!tsearch(b, w->tree, cmp_block)) {
		free_overlay_block(b);
		w->ok = false;
	}
}

static void clone_file(const void *node, VISIT which, void *arg)
{
	struct clone_walk *w = arg;
	const struct store_file *from = *(const struct store_file *const *)node;
	if (!visited_once(which) || !w->ok)
		return;
	struct store_file *f = calloc(1, sizeof *f);
	if (!f) {
		w->ok = false;
		return;
	}
	f->dev = from->dev;
	f->ino = from->ino;
	f->writable = from->writable;
	f->size = from->size;
	f->fd = fcntl(from->fd, F_DUPFD_CLOEXEC, 0);
	struct clone_walk blocks = {.to = w->to, .tree = &f->overlay, .ok = true};
	twalk_r(from->overlay, clone_overlay_block, &blocks);
	if (f->fd < 0 || !blocks.ok || !tsearch(f, &w->to->files, cmp_path)) {
		free_file(f);
		w->ok = false;
	}
}

static void clone_name(const void *node, VISIT which, void *arg)
{
	struct clone_walk *w = arg;
	const struct name_ref *from = *(const struct name_ref *const *)node;
	if (!visited_once(which) || !w->ok)
		return;
	struct name_ref *n = calloc(1, sizeof *n);
	if (!n || !(n->name = strdup(from->name))) {
		free(n);
		w->ok = false;
		return;
	}
	if (from->file) {
		struct store_file key = {.dev = from->file->dev, .ino = from->file->ino};
		struct store_file **same = tfind(&key, &w->to->files, cmp_path);
		n->file = same ? *same : NULL;
	}
	if (!tsearch(n, &w->to->names, cmp_name)) {
		free_name(n);
		w->ok = false;
	}
}

struct disk *disk_clone(const struct disk *from)
{
	struct disk *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->page_size = from->page_size;
	d->swap_blocks = from->swap_blocks;
	d->write_files = from->write_files;
	d->swap = calloc(from->swap_blocks ? from->swap_blocks : 1, sizeof *d->swap);
	d->folder = strdup(from->folder);
	d->folder_fd = fcntl(from->folder_fd, F_DUPFD_CLOEXEC, 0);
	bool ok = d->swap && d->folder && d->folder_fd >= 0;
	for (uint32_t b = 0; ok && b < from->swap_blocks; b++) {
		if (!from->swap[b] || from->swap[b] == UNKNOWN) {
			d->swap[b] = from->swap[b];
			continue;
		}
		if (!(d->swap[b] = malloc(from->page_size)))
			ok = false;
		else
			memcpy(d->swap[b], from->swap[b], from->page_size);
	}
	struct clone_walk w = {.to = d, .ok = ok};
	if (w.ok)
		twalk_r(from->files, clone_file, &w);
	if (w.ok)
		twalk_r(from->names, clone_name, &w);
	if (!w.ok) {
		disk_destroy(d);
		return NULL;
	}
	return d;
}

size_t disk_swap_bytes(const struct disk *d)
{
	size_t n = 0;
	for (uint32_t b = 0; b < d->swap_blocks; b++)
		n += d->swap[b] && d->swap[b] != UNKNOWN ? d->page_size : 0;
	return n;
}

/* ---- data-less transfers ------------------------------------------------- */

static enum disk_kept kept_of(const uint8_t *stored, const uint8_t **bytes)
{
	*bytes = stored == UNKNOWN ? NULL : stored;
	return stored == UNKNOWN ? DISK_KEPT_UNKNOWN : stored ? DISK_KEPT_BYTES : DISK_KEPT_ZEROES;
}

/* What to store for kind: NULL zeroes, UNKNOWN, or a copy in *slot's
 * buffer (reused when it has one); false when out of memory. */
static bool store_kept(const struct disk *d, uint8_t **slot, enum disk_kept kind,
		       const uint8_t *bytes)
{
	if (kind != DISK_KEPT_BYTES) {
		free_bytes(*slot);
		*slot = kind == DISK_KEPT_ZEROES ? NULL : UNKNOWN;
		return true;
	}
	if (!*slot || *slot == UNKNOWN)
		*slot = malloc(d->page_size);
	if (!*slot)
		return false;
	memcpy(*slot, bytes, d->page_size);
	return true;
}

int disk_read_kept(struct disk *d, const char *file, uint64_t block,
		   enum disk_kept *kind, const uint8_t **bytes)
{
	if (!file) {
		if (block >= d->swap_blocks)
			return -1;
		*kind = kept_of(d->swap[block], bytes);
		return 0;
	}
	struct store_file *f = lookup(d, file);
	if (!f)
		return -1;
	struct overlay_block *ob = overlay_find(f, block);
	if (ob)
		*kind = kept_of(ob->bytes, bytes);
	else
		*kind = past_end(d, f, block) ? DISK_KEPT_ZEROES : DISK_KEPT_UNKNOWN;
	if (*kind != DISK_KEPT_BYTES)
		*bytes = NULL;
	return 0;
}

int disk_write_kept(struct disk *d, const char *file, uint64_t block,
		    enum disk_kept kind, const uint8_t *bytes)
{
	if (!file) {
		if (block >= d->swap_blocks) {
			errno = EINVAL;
			return -1;
		}
		if (!store_kept(d, &d->swap[block], kind, bytes)) {
			errno = ENOMEM;
			return -1;
		}
		return 0;
	}
	struct store_file *f = lookup(d, file);
	if (!f)
		return -1;
	if (d->write_files) { /* the machine refuses this pair; say so anyway */
		errno = ENOTSUP;
		return -1;
	}
	struct overlay_block *ob = overlay_find(f, block);
	if (!ob) {
		ob = calloc(1, sizeof *ob);
		if (!ob) {
			errno = ENOMEM;
			return -1;
		}
		ob->block = block;
		if (!tsearch(ob, &f->overlay, cmp_block)) {
			free(ob);
			errno = ENOMEM;
			return -1;
		}
	}
	if (!store_kept(d, &ob->bytes, kind, bytes)) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}
