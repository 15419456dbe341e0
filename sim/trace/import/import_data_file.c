/*
 * sim/trace/import/import_data_file.c: the (empty) data file that imported traces map
 * their read-first pages from, beside the trace.
 */
#include "import.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int import_ensure_data_file(const char *trace_path, char *err, size_t err_len)
{
	const char *slash = strcmp(trace_path, "-") == 0 ? NULL : strrchr(trace_path, '/');
	int dir_len = slash ? (int)(slash - trace_path) + 1 : 0;
	char *path = NULL;
	struct stat st;
	int fd;

	if (asprintf(&path, "%.*s%s", dir_len, trace_path, IMPORT_DATA_FILE) < 0) {
		snprintf(err, err_len, "%s: out of memory", trace_path);
		return -1;
	}
	if (lstat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			snprintf(err, err_len, "%s: imported traces read their pages from this "
				 "file, but it is not a regular file", path);
			free(path);
			return -1;
		}
		free(path);
		return 0;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 && errno != EEXIST) {
		snprintf(err, err_len, "%s: cannot create the data file of imported traces: %s",
			 path, strerror(errno));
		free(path);
		return -1;
	}
	if (fd >= 0)
		close(fd);
	free(path);
	return 0;
}
