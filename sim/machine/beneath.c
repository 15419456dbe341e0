/*
 * sim/machine/beneath.c: a name checked and opened beneath a folder's
 * descriptor in one step: openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS),
 * or, where the kernel lacks it, a walk opening one component at a time
 * with O_NOFOLLOW (contract in beneath.h).
 */
#include "beneath.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

bool beneath_name_ok(const char *name)
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

/* The fallback: a stack of descriptors, one per folder walked into, so `..`
 * goes back to the descriptor it came from instead of asking the kernel for
 * a parent that a rename may have changed. */
static int walk_open(int dirfd, const char *name, int flags)
{
	size_t count = 1;
	for (const char *c = name; *c; c++)
		count += *c == '/';
	int *stack = malloc(sizeof *stack * (count + 1));
	char *copy = strdup(name);
	if (!stack || !copy) {
		free(stack);
		free(copy);
		errno = ENOMEM;
		return -1;
	}
	size_t depth = 0;
	int fd = -1, saved = 0;
	char *rest = copy;
	for (;;) {
		char *part = rest;
		char *slash = strchr(rest, '/');
		if (slash)
			*slash = '\0';
		rest = slash ? slash + 1 : NULL;
		int at = depth ? stack[depth - 1] : dirfd;
		bool last = !rest || strspn(rest, "/") == strlen(rest);
		if (part[0] == '\0' || strcmp(part, ".") == 0) {
			if (last) { /* "dir/" or "dir/.": the folder itself */
				fd = openat(at, ".", flags | O_NOFOLLOW | O_CLOEXEC);
				saved = errno;
				break;
			}
			continue;
		}
		if (strcmp(part, "..") == 0) {
			if (depth == 0) {
				saved = EXDEV;
				break;
			}
			close(stack[--depth]);
			if (last) {
				at = depth ? stack[depth - 1] : dirfd;
				fd = openat(at, ".", flags | O_NOFOLLOW | O_CLOEXEC);
				saved = errno;
				break;
			}
			continue;
		}
		if (last) {
			/* "a.bin/" names a folder, as in the kernel's own
			 * lookup: a file there is ENOTDIR, as openat2 says */
			int folder = rest ? O_DIRECTORY : 0;
			fd = openat(at, part, flags | folder | O_NOFOLLOW | O_CLOEXEC);
			saved = errno;
			break;
		}
		int next = openat(at, part, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0) {
			/* O_PATH|O_NOFOLLOW opens a symbolic link itself, which
			 * O_DIRECTORY then refuses with ENOTDIR: say ELOOP, as
			 * openat2 does. */
			saved = errno;
			break;
		}
		stack[depth++] = next;
	}
	while (depth)
		close(stack[--depth]);
	free(stack);
	free(copy);
	errno = fd < 0 ? saved : 0;
	return fd;
}

int beneath_open(int dirfd, const char *name, int flags, enum beneath_how how)
{
	if (!beneath_name_ok(name)) {
		errno = EXDEV;
		return -1;
	}
#ifdef SYS_openat2
	if (how == BENEATH_ANY) {
		struct open_how req = {
			.flags = (uint64_t)(flags | O_NOFOLLOW | O_CLOEXEC),
			.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
		};
		long fd;
		int tries = 0;
		do /* EAGAIN: a rename raced the kernel's walk; try again */
			fd = syscall(SYS_openat2, dirfd, name, &req, sizeof req);
		while (fd < 0 && errno == EAGAIN && ++tries < 64);
		if (fd >= 0 || (errno != ENOSYS && errno != EPERM && errno != EAGAIN))
			return (int)fd;
		/* ENOSYS: an old kernel; EPERM: a seccomp filter refusing it;
		 * EAGAIN: renames keep racing; the walk does not retry */
	}
#else
	(void)how;
#endif
	return walk_open(dirfd, name, flags);
}
