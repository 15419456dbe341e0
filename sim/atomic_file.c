/* sim/atomic_file.c: temp + rename (atomic_file.h). */
#include "atomic_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

int atomic_file_temp(const char *path, char **tmp, char *err, size_t err_len)
{
	/* Not mkstemp: its mode 0600 would make a plot private; open()'s
	 * 0666 goes through the umask like any file the user makes. */
	for (unsigned attempt = 0; attempt < 100; attempt++) {
		if (asprintf(tmp, "%s.tmp-%ld-%u", path, (long)getpid(),
			     attempt) < 0) {
			*tmp = NULL;
			snprintf(err, err_len, "%s: out of memory", path);
			return -1;
		}
		int fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0)
			return fd;
		int saved = errno;
		free(*tmp);
		*tmp = NULL;
		if (saved != EEXIST) {
			snprintf(err, err_len, "%s: cannot create: %s", path,
				 strerror(saved));
			return -1;
		}
	}
	snprintf(err, err_len, "%s: cannot create: too many stale temporary "
		 "files beside it", path);
	return -1;
}

int atomic_file_write(const char *path, int (*write)(FILE *out, void *ctx),
		      void *ctx, char *err, size_t err_len)
{
	char *tmp;
	int fd = atomic_file_temp(path, &tmp, err, err_len);
	if (fd < 0)
		return -1;
	FILE *out = fdopen(fd, "w");
	if (!out) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	int rc = write(out, ctx);
	int saved = errno;
	if (fflush(out) != 0 || ferror(out) || fsync(fileno(out)) != 0) {
		rc = -1;
		saved = errno;
	}
	if (fclose(out) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		rc = -1;
		saved = errno;
	}
	if (rc != 0) {
		snprintf(err, err_len, "%s: cannot write: %s", path,
			 saved ? strerror(saved) : "write failed");
		unlink(tmp);
	}
	free(tmp);
	return rc == 0 ? 0 : -1;
}
