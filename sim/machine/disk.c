/*
 * sim/machine/disk.c: the swap device (blocks allocated at first write) and
 * the file store: names resolved beneath the trace's folder, reads past a
 * file's end as zeroes, writes to an overlay unless write_files is set.
 * The contract is in disk.h.
 */
#include "disk.h"

#include <errno.h>
#include <fcntl.h>
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
	uint8_t *bytes;           /* page_size bytes */
};

/* One regular file inside the folder, however many names lead to it. */
struct store_file {
	char *path;               /* resolved, absolute */
	int fd;                   /* open for reading (and writing if asked) */
	bool writable;            /* fd was opened read-write */
	void *overlay;            /* tsearch tree of struct overlay_block */
};

/* What one name from the trace resolved to (cached: the folder's contents
 * do not change under the run, except file bytes with write_files). */
struct name_ref {
	char *name;
	struct store_file *file;  /* NULL: cannot be read */
};

struct disk {
	uint32_t page_size;
	uint32_t swap_blocks;
	uint8_t **swap;           /* swap_blocks buffers, NULL = zeroes */
	char *folder;             /* realpath of the trace's folder */
	bool write_files;
	void *names;              /* tsearch tree of struct name_ref */
	void *files;              /* tsearch tree of struct store_file */
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
	return strcmp(((const struct store_file *)a)->path,
		      ((const struct store_file *)b)->path);
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
	d->swap = calloc(swap_blocks ? swap_blocks : 1, sizeof *d->swap);
	d->folder = realpath(folder, NULL);
	if (!d->swap || !d->folder) {
		snprintf(err, err_len, "%s: %s", folder,
			 d->swap ? strerror(errno) : "out of memory");
		disk_destroy(d);
		return NULL;
	}
	return d;
}

static void free_overlay_block(void *node)
{
	struct overlay_block *b = node;
	free(b->bytes);
	free(b);
}

static void free_file(void *node)
{
	struct store_file *f = node;
	tdestroy(f->overlay, free_overlay_block);
	if (f->fd >= 0)
		close(f->fd);
	free(f->path);
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
		free(d->swap[b]);
	free(d->swap);
	tdestroy(d->names, free_name);
	tdestroy(d->files, free_file);
	free(d->folder);
	free(d);
}

/* A name may not be empty or absolute, nor go above the folder with `..`
 * at any point (even to come back: `../here/a.bin`). */
static bool name_stays_inside(const char *name)
{
	if (name[0] == '\0' || name[0] == '/')
		return false;
	long depth = 0;
	for (const char *p = name; *p;) {
		size_t len = strcspn(p, "/");
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (--depth < 0)
				return false;
		} else if (len > 0 && !(len == 1 && p[0] == '.')) {
			depth++;
		}
		p += len;
		p += *p == '/';
	}
	return true;
}

/* realpath of folder/name when it is a regular file inside the folder. */
static char *resolve_inside(const struct disk *d, const char *name)
{
	if (!name_stays_inside(name))
		return NULL;
	char *joined;
	if (asprintf(&joined, "%s/%s", d->folder, name) < 0)
		return NULL;
	char *real = realpath(joined, NULL);
	free(joined);
	if (!real)
		return NULL;
	size_t flen = strlen(d->folder);
	bool root = flen == 1; /* the folder is "/" */
	struct stat st;
	if ((root ? real[0] != '/'
		  : strncmp(real, d->folder, flen) != 0 || real[flen] != '/') ||
	    stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
		free(real);
		return NULL;
	}
	return real;
}

/* Open a checked path; NULL if it is no longer a regular file. */
static struct store_file *open_file(const struct disk *d, char *path)
{
	int flags = O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
	bool writable = d->write_files;
	int fd = open(path, flags | (writable ? O_RDWR : O_RDONLY));
	if (fd < 0 && writable) {
		writable = false;
		fd = open(path, flags | O_RDONLY);
	}
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	struct store_file *f = calloc(1, sizeof *f);
	if (!f) {
		close(fd);
		return NULL;
	}
	f->path = path;
	f->fd = fd;
	f->writable = writable;
	return f;
}

/* The file a name leads to (resolved once per name), or NULL. */
static struct store_file *lookup(struct disk *d, const char *name)
{
	struct name_ref key = {.name = (char *)name};
	struct name_ref **found = tfind(&key, &d->names, cmp_name);
	if (found)
		return (*found)->file;

	struct name_ref *ref = calloc(1, sizeof *ref);
	if (!ref || !(ref->name = strdup(name))) {
		free(ref);
		return NULL;
	}
	char *path = resolve_inside(d, name);
	if (path) {
		struct store_file fkey = {.path = path};
		struct store_file **same = tfind(&fkey, &d->files, cmp_path);
		if (same) {
			free(path);
			ref->file = *same;
		} else if ((ref->file = open_file(d, path)) != NULL) {
			if (!tsearch(ref->file, &d->files, cmp_path)) {
				free_file(ref->file);
				ref->file = NULL;
			}
		} else {
			free(path);
		}
	}
	if (!tsearch(ref, &d->names, cmp_name)) {
		free_name(ref);
		return NULL;
	}
	return ref->file;
}

bool disk_file_readable(struct disk *d, const char *file)
{
	return lookup(d, file) != NULL;
}

static struct overlay_block *overlay_find(struct store_file *f,
					  uint64_t block)
{
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
	while (off >= 0 && got < d->page_size) {
		ssize_t n = pread(f->fd, out + got, d->page_size - got,
				  off + (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
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
		if (!f->writable || off < 0)
			return -1;
		for (size_t put = 0; put < d->page_size;) {
			ssize_t n = pwrite(f->fd, in + put, d->page_size - put,
					   off + (off_t)put);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return -1;
			put += (size_t)n;
		}
		return 0;
	}
	struct overlay_block *ob = overlay_find(f, block);
	if (!ob) {
		ob = calloc(1, sizeof *ob);
		if (!ob || !(ob->bytes = malloc(d->page_size))) {
			free(ob);
			return -1;
		}
		ob->block = block;
		if (!tsearch(ob, &f->overlay, cmp_block)) {
			free_overlay_block(ob);
			return -1;
		}
	}
	memcpy(ob->bytes, in, d->page_size);
	return 0;
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
		if (block >= d->swap_blocks)
			return -1;
		if (!d->swap[block] && !(d->swap[block] = malloc(d->page_size)))
			return -1;
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
	memcpy(b->bytes, from->bytes, w->to->page_size);
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
	if (!f || !(f->path = strdup(from->path))) {
		free(f);
		w->ok = false;
		return;
	}
	f->writable = from->writable;
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
		struct store_file key = {.path = from->file->path};
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
	bool ok = d->swap && d->folder;
	for (uint32_t b = 0; ok && b < from->swap_blocks; b++) {
		if (!from->swap[b])
			continue;
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
		n += d->swap[b] ? d->page_size : 0;
	return n;
}
