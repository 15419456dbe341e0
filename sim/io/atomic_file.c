/* sim/io/atomic_file.c: temp + rename (atomic_file.h). */
#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "-", or an existing file rename() must not replace. */
static bool written_directly(const char *path)
{
	struct stat st;
	return strcmp(path, "-") == 0 || (stat(path, &st) == 0 && !S_ISREG(st.st_mode));
}

static FILE *open_directly(const char *path, char *err, size_t err_len)
{
	FILE *f = strcmp(path, "-") == 0 ? fdopen(dup(STDOUT_FILENO), "w") : fopen(path, "w");
	if (!f)
		snprintf(err, err_len, "%s: %s", strcmp(path, "-") == 0 ? "<stdout>" : path,
			 strerror(errno));
	return f;
}

/* Not mkstemp: its mode 0600 would make a trace or a plot private; open()'s
 * 0666 goes through the umask like any file the user makes. */
static int open_temp(struct atomic_target *t, char *err, size_t err_len)
{
	for (unsigned attempt = 0; attempt < 100; attempt++) {
		if (asprintf(&t->tmp, "%s.tmp-%ld-%u", t->path, (long)getpid(), attempt) < 0) {
			t->tmp = NULL;
			snprintf(err, err_len, "%s: out of memory", t->path);
			return -1;
		}
		int fd = open(t->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0)
			return fd;
		int saved = errno;
		free(t->tmp);
		t->tmp = NULL;
		if (saved != EEXIST) {
			snprintf(err, err_len, "%s: cannot create a file there: %s", t->path,
				 strerror(saved));
			return -1;
		}
	}
	snprintf(err, err_len, "%s: cannot create: too many stale temporary files beside it",
		 t->path);
	return -1;
}

static void target_free(struct atomic_target *t)
{
	free(t->path);
	free(t->tmp);
	*t = (struct atomic_target){ .fd = -1 };
}

/* The stream's bytes go out through write(2) (stdio's own writes cannot be
 * seen by a fault-injecting shim, and keep no errno of their own). */
static ssize_t temp_write(void *cookie, const char *buf, size_t size)
{
	struct atomic_target *t = cookie;
	size_t put = 0;
	while (put < size) {
		ssize_t n = write(t->fd, buf + put, size - put);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			if (!t->error)
				t->error = errno;
			return put ? (ssize_t)put : -1;
		}
		put += (size_t)n;
	}
	return (ssize_t)size;
}

/* Closing the stream keeps the descriptor: atomic_file_place syncs it. */
static int temp_close(void *cookie)
{
	(void)cookie;
	return 0;
}

/* An existing regular file that may not be written must stay as it is. */
static int check_replaceable(const char *path, mode_t *mode, char *err, size_t err_len)
{
	struct stat st;
	*mode = 0;
	if (stat(path, &st) != 0)
		return 0; /* a new file */
	*mode = st.st_mode & 07777;
	if ((st.st_mode & 0222) == 0 || access(path, W_OK) != 0) {
		snprintf(err, err_len, "%s: %s (the file is read-only)", path, strerror(EACCES));
		return -1;
	}
	return 0;
}

FILE *atomic_file_open(struct atomic_target *t, const char *path, char *err, size_t err_len)
{
	*t = (struct atomic_target){ .path = strdup(path), .fd = -1 };
	if (!t->path) {
		snprintf(err, err_len, "%s: out of memory", path);
		return NULL;
	}
	if (written_directly(path)) {
		FILE *f = open_directly(path, err, err_len);
		if (!f)
			target_free(t);
		return f;
	}
	mode_t mode;
	if (check_replaceable(path, &mode, err, err_len) != 0) {
		target_free(t);
		return NULL;
	}
	t->fd = open_temp(t, err, err_len);
	if (t->fd < 0) {
		atomic_file_discard(t);
		return NULL;
	}
	if (mode && fchmod(t->fd, mode) != 0) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		atomic_file_discard(t);
		return NULL;
	}
	cookie_io_functions_t io = { .write = temp_write, .close = temp_close };
	FILE *f = fopencookie(t, "w", io);
	if (!f) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		atomic_file_discard(t);
	}
	return f;
}

/* Sync and close a temporary file; 0 or an errno. */
static int temp_sync(struct atomic_target *t)
{
	int saved = t->error;
	if (!saved && fsync(t->fd) != 0)
		saved = errno;
	if (close(t->fd) != 0 && !saved)
		saved = errno;
	t->fd = -1;
	return saved;
}

int atomic_file_place(struct atomic_target *t, char *err, size_t err_len)
{
	if (t->tmp) {
		const char *step = "cannot write";
		int saved = temp_sync(t);
		if (!saved && rename(t->tmp, t->path) != 0) {
			saved = errno;
			step = "cannot put the new file in place";
		}
		if (saved) {
			snprintf(err, err_len, "%s: %s: %s", t->path, step, strerror(saved));
			atomic_file_discard(t);
			return -1;
		}
	}
	target_free(t);
	return 0;
}

void atomic_file_discard(struct atomic_target *t)
{
	if (t->fd >= 0)
		close(t->fd);
	if (t->tmp)
		unlink(t->tmp);
	target_free(t);
}

int atomic_file_close(struct atomic_target *t, FILE *out, int write_rc, char *err,
		      size_t err_len)
{
	int rc = write_rc;
	int saved = errno;
	if (fflush(out) != 0 || ferror(out)) {
		rc = -1;
		saved = errno;
	}
	if (fclose(out) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (t->error) /* write(2)'s own errno, not what stdio made of it */
		saved = t->error;
	if (rc != 0) {
		snprintf(err, err_len, "%s: cannot write: %s", t->path,
			 saved ? strerror(saved) : "write failed");
		atomic_file_discard(t);
		return -1;
	}
	return 0;
}

int atomic_file_write(const char *path, int (*write)(FILE *out, void *ctx), void *ctx,
		      char *err, size_t err_len)
{
	struct atomic_target t;
	FILE *out = atomic_file_open(&t, path, err, err_len);
	if (!out)
		return -1;
	if (atomic_file_close(&t, out, write(out, ctx), err, err_len) != 0)
		return -1;
	return atomic_file_place(&t, err, err_len);
}

int atomic_file_place_all(struct atomic_target *targets, size_t count, char *err,
			  size_t err_len)
{
	char **backup = calloc(count ? count : 1, sizeof *backup);
	size_t placed = 0;
	int saved = backup ? 0 : ENOMEM;
	const char *step = "cannot write", *path = count ? targets[0].path : "";
	for (size_t i = 0; !saved && i < count; i++) {
		path = targets[i].path;
		if (targets[i].tmp && (saved = temp_sync(&targets[i])) != 0)
			break;
		if (!targets[i].tmp || access(targets[i].path, F_OK) != 0)
			continue; /* written directly, or nothing to keep */
		if (asprintf(&backup[i], "%s.old-%ld", targets[i].path, (long)getpid()) < 0) {
			backup[i] = NULL;
			saved = ENOMEM;
		} else if (unlink(backup[i]), link(targets[i].path, backup[i]) != 0) {
			saved = errno;
			step = "cannot keep the old file while the new ones go in place";
			free(backup[i]);
			backup[i] = NULL;
		}
	}
	for (; !saved && placed < count; placed++) {
		path = targets[placed].path;
		if (targets[placed].tmp && rename(targets[placed].tmp, targets[placed].path) != 0) {
			saved = errno;
			step = "cannot put the new file in place";
			break;
		}
	}
	if (saved) { /* undo: the files already placed get their old selves back */
		for (size_t i = 0; i < placed; i++) {
			if (!targets[i].tmp)
				continue;
			if (backup[i])
				rename(backup[i], targets[i].path);
			else
				unlink(targets[i].path);
			free(backup[i]);
			backup[i] = NULL;
			free(targets[i].tmp); /* renamed away: nothing to remove */
			targets[i].tmp = NULL;
		}
		snprintf(err, err_len, "%s: %s: %s", path, step, strerror(saved));
	}
	for (size_t i = 0; i < count; i++) {
		if (backup && backup[i]) {
			unlink(backup[i]);
			free(backup[i]);
		}
		if (saved)
			atomic_file_discard(&targets[i]);
		else
			target_free(&targets[i]);
	}
	free(backup);
	return saved ? -1 : 0;
}
