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
	*t = (struct atomic_target){ 0 };
}

FILE *atomic_file_open(struct atomic_target *t, const char *path, char *err, size_t err_len)
{
	*t = (struct atomic_target){ .path = strdup(path) };
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
	int fd = open_temp(t, err, err_len);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		if (fd >= 0) {
			snprintf(err, err_len, "%s: %s", path, strerror(errno));
			close(fd);
		}
		atomic_file_discard(t);
	}
	return f;
}

int atomic_file_place(struct atomic_target *t, char *err, size_t err_len)
{
	if (t->tmp && rename(t->tmp, t->path) != 0) {
		snprintf(err, err_len, "%s: cannot write: %s", t->path, strerror(errno));
		atomic_file_discard(t);
		return -1;
	}
	target_free(t);
	return 0;
}

void atomic_file_discard(struct atomic_target *t)
{
	if (t->tmp)
		unlink(t->tmp);
	target_free(t);
}

int atomic_file_write(const char *path, int (*write)(FILE *out, void *ctx), void *ctx,
		      char *err, size_t err_len)
{
	struct atomic_target t;
	FILE *out = atomic_file_open(&t, path, err, err_len);
	if (!out)
		return -1;
	int rc = write(out, ctx);
	int saved = errno;
	if (fflush(out) != 0 || ferror(out)) {
		rc = -1;
		saved = errno;
	}
	if (fclose(out) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc != 0) {
		snprintf(err, err_len, "%s: cannot write: %s", path,
			 saved ? strerror(saved) : "write failed");
		atomic_file_discard(&t);
		return -1;
	}
	return atomic_file_place(&t, err, err_len);
}
