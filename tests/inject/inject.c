/*
 * tests/inject/inject.c: a fault-injecting LD_PRELOAD shim (docs/testing.md,
 * "Fault injection"). It fails one chosen call of the program it is
 * loaded into, as a failing or full disk would:
 *
 *   MMUSIM_FAIL=KIND:N[+][:ERRNO]
 *
 *   KIND   read (read, pread, pread64), write (write, pwrite, pwrite64),
 *          fsync (fsync, fdatasync) or rename (rename, renameat, renameat2)
 *   N      the Nth such call fails (1 = the first); N+ fails it and every
 *          later one
 *   ERRNO  EIO (the default), ENOSPC, EROFS or EDQUOT
 *
 *   MMUSIM_FAIL_PATH=TEXT  count only calls on files whose path contains
 *                          TEXT (for rename: either name)
 *   MMUSIM_FAIL_LOG=1      print every counted call to stderr
 *
 * Only calls on regular files are counted (not the terminal, pipes or the
 * dynamic loader's own reads); a failed call does nothing and returns -1
 * with the errno. The shim takes itself out of LD_PRELOAD when it loads,
 * so programs the tested one starts (rsvg-convert) run normally.
 *
 * Interposition sees calls through the C library's exported functions:
 * stdio's own internal writes do not pass through write(), which is why
 * mmusim's all-or-nothing writer (sim/io/atomic_file.c) writes with
 * write(2). It does not work under AddressSanitizer or valgrind, which
 * interpose the same functions: meson runs the `inject` suite in the
 * normal build only.
 */
/* pread and pread64 are two symbols to interpose, not one name for the
 * other (as -D_FILE_OFFSET_BITS=64 would make them). */
#undef _FILE_OFFSET_BITS
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum kind { K_NONE, K_READ, K_WRITE, K_FSYNC, K_RENAME };

static enum kind fail_kind;
static unsigned long fail_at;
static bool fail_after;
static int fail_errno = EIO;
static const char *fail_path;
static bool fail_log;
static atomic_ulong counted;

__attribute__((constructor)) static void inject_init(void)
{
	const char *spec = getenv("MMUSIM_FAIL");
	fail_path = getenv("MMUSIM_FAIL_PATH");
	fail_log = getenv("MMUSIM_FAIL_LOG") != NULL;
	unsetenv("LD_PRELOAD"); /* not in programs this one starts */
	if (!spec)
		return;
	static const struct { const char *name; enum kind kind; } kinds[] = {
		{ "read", K_READ }, { "write", K_WRITE }, { "fsync", K_FSYNC }, { "rename", K_RENAME },
	};
	size_t len = strcspn(spec, ":");
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strlen(kinds[i].name) == len && strncmp(spec, kinds[i].name, len) == 0)
			fail_kind = kinds[i].kind;
	const char *p = spec + len;
	char *end = NULL;
	if (*p == ':')
		fail_at = strtoul(p + 1, &end, 10);
	if (fail_kind == K_NONE || !end || fail_at == 0) {
		fprintf(stderr, "inject: MMUSIM_FAIL=%s: want KIND:N[+][:ERRNO]\n", spec);
		_exit(125);
	}
	if (*end == '+') {
		fail_after = true;
		end++;
	}
	if (*end == ':') {
		static const struct { const char *name; int err; } errs[] = {
			{ "EIO", EIO }, { "ENOSPC", ENOSPC }, { "EROFS", EROFS }, { "EDQUOT", EDQUOT },
		};
		fail_errno = 0;
		for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++)
			if (strcmp(end + 1, errs[i].name) == 0)
				fail_errno = errs[i].err;
		if (!fail_errno) {
			fprintf(stderr, "inject: unknown errno '%s'\n", end + 1);
			_exit(125);
		}
	}
}

static void *next(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);
	if (!f) {
		fprintf(stderr, "inject: no %s to call\n", name);
		abort();
	}
	return f;
}

static bool path_matches(const char *path)
{
	return !fail_path || (path && strstr(path, fail_path));
}

/* Whether this call on fd (or on the names) is the one to fail. */
static bool fail_now(enum kind kind, const char *call, int fd, const char *a, const char *b)
{
	if (kind != fail_kind)
		return false;
	char buf[PATH_MAX] = "";
	if (fd >= 0) {
		struct stat st;
		if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
			return false;
		char link[64];
		snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
		ssize_t n = readlink(link, buf, sizeof buf - 1);
		buf[n > 0 ? n : 0] = '\0';
		if (!path_matches(buf))
			return false;
	} else if (!path_matches(a) && !path_matches(b)) {
		return false;
	}
	unsigned long n = atomic_fetch_add(&counted, 1) + 1;
	bool fail = n == fail_at || (fail_after && n > fail_at);
	if (fail_log)
		fprintf(stderr, "inject: %s #%lu %s%s%s%s\n", call, n, fd >= 0 ? buf : a ? a : "",
			fd < 0 && b ? " -> " : "", fd < 0 && b ? b : "", fail ? " FAILED" : "");
	if (fail)
		errno = fail_errno;
	return fail;
}

ssize_t read(int fd, void *buf, size_t count)
{
	static ssize_t (*real)(int, void *, size_t);
	if (!real)
		real = next("read");
	return fail_now(K_READ, "read", fd, NULL, NULL) ? -1 : real(fd, buf, count);
}

ssize_t pread(int fd, void *buf, size_t count, off_t offset)
{
	static ssize_t (*real)(int, void *, size_t, off_t);
	if (!real)
		real = next("pread");
	return fail_now(K_READ, "pread", fd, NULL, NULL) ? -1 : real(fd, buf, count, offset);
}

ssize_t pread64(int fd, void *buf, size_t count, off64_t offset)
{
	static ssize_t (*real)(int, void *, size_t, off64_t);
	if (!real)
		real = next("pread64");
	return fail_now(K_READ, "pread", fd, NULL, NULL) ? -1 : real(fd, buf, count, offset);
}

ssize_t write(int fd, const void *buf, size_t count)
{
	static ssize_t (*real)(int, const void *, size_t);
	if (!real)
		real = next("write");
	return fail_now(K_WRITE, "write", fd, NULL, NULL) ? -1 : real(fd, buf, count);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset)
{
	static ssize_t (*real)(int, const void *, size_t, off_t);
	if (!real)
		real = next("pwrite");
	return fail_now(K_WRITE, "pwrite", fd, NULL, NULL) ? -1 : real(fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off64_t offset)
{
	static ssize_t (*real)(int, const void *, size_t, off64_t);
	if (!real)
		real = next("pwrite64");
	return fail_now(K_WRITE, "pwrite", fd, NULL, NULL) ? -1 : real(fd, buf, count, offset);
}

int fsync(int fd)
{
	static int (*real)(int);
	if (!real)
		real = next("fsync");
	return fail_now(K_FSYNC, "fsync", fd, NULL, NULL) ? -1 : real(fd);
}

int fdatasync(int fd)
{
	static int (*real)(int);
	if (!real)
		real = next("fdatasync");
	return fail_now(K_FSYNC, "fdatasync", fd, NULL, NULL) ? -1 : real(fd);
}

int rename(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);
	if (!real)
		real = next("rename");
	return fail_now(K_RENAME, "rename", -1, from, to) ? -1 : real(from, to);
}

int renameat(int fromfd, const char *from, int tofd, const char *to)
{
	static int (*real)(int, const char *, int, const char *);
	if (!real)
		real = next("renameat");
	return fail_now(K_RENAME, "renameat", -1, from, to) ? -1 : real(fromfd, from, tofd, to);
}

int renameat2(int fromfd, const char *from, int tofd, const char *to, unsigned flags)
{
	static int (*real)(int, const char *, int, const char *, unsigned);
	if (!real)
		real = next("renameat2");
	return fail_now(K_RENAME, "renameat2", -1, from, to) ? -1
							      : real(fromfd, from, tofd, to, flags);
}
