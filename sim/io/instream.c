/*
 * sim/io/instream.c: plain, gzip (zlib) and zstd (libzstd) inputs behind one
 * read call.
 *
 * Compressed bytes come from the file descriptor (or memory) into `raw`;
 * the decoder writes straight into the caller's buffer. Plain inputs skip
 * `raw` once the bytes read to sniff the magic are used up, so a big read
 * is one read(2) into the caller's buffer. `ahead` holds decompressed
 * bytes that instream_peek() showed but nobody consumed yet.
 *
 * Rewinding a regular file seeks back; a pipe cannot, so once asked to
 * (instream_keep_for_rewind) every byte read from it is also written to
 * an unlinked temporary file, the spool, and a rewind reads the spool
 * first and the pipe after it.
 */
#include "instream.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

enum {
	RAW_SIZE = 256 << 10,  /* compressed bytes per read(2) */
	AHEAD_MAX = 64,        /* most bytes instream_peek() shows */
	MESSAGE_MAX = 512,
};

struct instream {
	char *name;                   /* for messages */
	int fd;                       /* -1 for memory */
	bool close_fd;
	bool seekable;                /* a regular file: rewind seeks */
	int spool_fd;                 /* copy of what was read from a pipe; -1: none */
	bool replaying;               /* reading the spool before the pipe */
	uint8_t *mem;                 /* memory input (owned copy) */
	size_t mem_len, mem_pos;
	enum instream_codec codec;
	uint8_t *raw;                 /* compressed (or sniffed) bytes */
	size_t raw_pos, raw_len;
	bool raw_eof;                 /* the file has nothing more */
	uint8_t ahead[AHEAD_MAX];     /* peeked decompressed bytes */
	size_t ahead_pos, ahead_len;
	z_stream z;
	bool z_ready;                 /* inflateInit2 done */
	bool z_between_members;       /* a gzip member ended */
	ZSTD_DCtx *zd;
	size_t zstd_pending;          /* last ZSTD_decompressStream result: 0 = frame complete */
	uint8_t *map;                 /* instream_map: the whole file */
	size_t map_len, map_from;     /* its length; the offset handed out */
	size_t map_dropped;           /* bytes from map_from given back */
	bool failed;
	char message[MESSAGE_MAX];
};

static ssize_t fail(struct instream *in, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static ssize_t fail(struct instream *in, const char *fmt, ...)
{
	char what[MESSAGE_MAX / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(in->message, sizeof in->message, "%s: %s", in->name, what);
	in->failed = true;
	return -1;
}

static ssize_t report(struct instream *in, char *err, size_t err_len)
{
	if (err && err_len)
		snprintf(err, err_len, "%s", in->message);
	return -1;
}

/* ---- raw bytes -------------------------------------------------------- */

static bool write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t done = write(fd, p, n);

		if (done < 0 && errno == EINTR)
			continue;
		if (done <= 0)
			return false;
		p += done;
		n -= (size_t)done;
	}
	return true;
}

static ssize_t fd_read(struct instream *in, int fd, void *buf, size_t len)
{
	for (;;) {
		ssize_t got = read(fd, buf, len);

		if (got >= 0)
			return got;
		if (errno != EINTR)
			return fail(in, "read error: %s", strerror(errno));
	}
}

/* Bytes from the file or memory, bypassing `raw`. */
static ssize_t source_read(struct instream *in, void *buf, size_t len)
{
	ssize_t got;

	if (in->fd < 0) {
		size_t n = in->mem_len - in->mem_pos;

		if (n > len)
			n = len;
		memcpy(buf, in->mem + in->mem_pos, n);
		in->mem_pos += n;
		return (ssize_t)n;
	}
	if (in->replaying) {
		got = fd_read(in, in->spool_fd, buf, len);
		if (got != 0)
			return got;
		in->replaying = false;   /* the spool is used up: on with the pipe */
		close(in->spool_fd);
		in->spool_fd = -1;
	}
	got = fd_read(in, in->fd, buf, len);
	if (got > 0 && in->spool_fd >= 0 && !write_all(in->spool_fd, buf, (size_t)got))
		return fail(in, "cannot keep a copy of the input to read it twice: %s",
			    strerror(errno));
	return got;
}

/* Refill `raw` once it is used up; false on a read error. */
static bool raw_refill(struct instream *in)
{
	ssize_t got;

	if (in->raw_pos < in->raw_len || in->raw_eof)
		return true;
	got = source_read(in, in->raw, RAW_SIZE);
	if (got < 0)
		return false;
	in->raw_pos = 0;
	in->raw_len = (size_t)got;
	in->raw_eof = got == 0;
	return true;
}

/* ---- decoders ----------------------------------------------------------- */

static ssize_t plain_read(struct instream *in, uint8_t *buf, size_t len)
{
	if (in->raw_pos < in->raw_len) {
		size_t n = in->raw_len - in->raw_pos;

		if (n > len)
			n = len;
		memcpy(buf, in->raw + in->raw_pos, n);
		in->raw_pos += n;
		return (ssize_t)n;
	}
	if (in->raw_eof)
		return 0;
	return source_read(in, buf, len);
}

static ssize_t gzip_read(struct instream *in, uint8_t *buf, size_t len)
{
	in->z.next_out = buf;
	in->z.avail_out = len > UINT32_MAX ? UINT32_MAX : (uInt)len;
	while (in->z.avail_out > 0) {
		int rc;

		if (!raw_refill(in))
			return -1;
		if (in->z_between_members) {
			if (in->raw_pos == in->raw_len)
				break;   /* the last member ended with the file */
			if (inflateReset(&in->z) != Z_OK)
				return fail(in, "corrupt gzip data");
			in->z_between_members = false;
		}
		if (in->raw_pos == in->raw_len)
			return fail(in, "truncated gzip data");
		in->z.next_in = in->raw + in->raw_pos;
		in->z.avail_in = (uInt)(in->raw_len - in->raw_pos);
		rc = inflate(&in->z, Z_NO_FLUSH);
		in->raw_pos = in->raw_len - in->z.avail_in;
		if (rc == Z_STREAM_END)
			in->z_between_members = true;
		else if (rc != Z_OK && rc != Z_BUF_ERROR)
			return fail(in, "corrupt gzip data: %s",
				    in->z.msg ? in->z.msg : zError(rc));
	}
	return (ssize_t)(len - in->z.avail_out);
}

static ssize_t zstd_read(struct instream *in, uint8_t *buf, size_t len)
{
	ZSTD_outBuffer out = { buf, len, 0 };

	while (out.pos < out.size) {
		ZSTD_inBuffer src;

		if (!raw_refill(in))
			return -1;
		if (in->raw_pos == in->raw_len) {
			if (in->zstd_pending != 0)
				return fail(in, "truncated zstd data");
			break;
		}
		src = (ZSTD_inBuffer){ in->raw, in->raw_len, in->raw_pos };
		in->zstd_pending = ZSTD_decompressStream(in->zd, &out, &src);
		in->raw_pos = src.pos;
		if (ZSTD_isError(in->zstd_pending))
			return fail(in, "corrupt zstd data: %s",
				    ZSTD_getErrorName(in->zstd_pending));
	}
	return (ssize_t)out.pos;
}

/* Decoded bytes, bypassing `ahead`. */
static ssize_t decode(struct instream *in, uint8_t *buf, size_t len)
{
	if (in->failed)
		return -1;
	switch (in->codec) {
	case INSTREAM_GZIP:
		return gzip_read(in, buf, len);
	case INSTREAM_ZSTD:
		return zstd_read(in, buf, len);
	case INSTREAM_PLAIN:
		break;
	}
	return plain_read(in, buf, len);
}

/* ---- opening ------------------------------------------------------------ */

static bool starts_with(const struct instream *in, const uint8_t *magic, size_t n)
{
	return in->raw_len - in->raw_pos >= n && memcmp(in->raw + in->raw_pos, magic, n) == 0;
}

/* Read until `raw` holds 4 bytes (or the input ends) and choose the codec. */
static bool sniff(struct instream *in)
{
	static const uint8_t gzip_magic[] = { 0x1f, 0x8b };
	static const uint8_t zstd_magic[] = { 0x28, 0xb5, 0x2f, 0xfd };

	while (in->raw_len < sizeof zstd_magic && !in->raw_eof) {
		ssize_t got = source_read(in, in->raw + in->raw_len, RAW_SIZE - in->raw_len);

		if (got < 0)
			return false;
		in->raw_len += (size_t)got;
		in->raw_eof = got == 0;
	}
	in->raw_eof = false;   /* sniffing may stop early: ask again later */
	if (starts_with(in, zstd_magic, sizeof zstd_magic)) {
		in->codec = INSTREAM_ZSTD;
		in->zd = ZSTD_createDCtx();
		if (!in->zd)
			return fail(in, "out of memory"), false;
	} else if (starts_with(in, gzip_magic, sizeof gzip_magic)) {
		in->codec = INSTREAM_GZIP;
		if (inflateInit2(&in->z, 15 + 16) != Z_OK)
			return fail(in, "out of memory"), false;
		in->z_ready = true;
	}
	return true;
}

static struct instream *create(const char *name, char *err, size_t err_len)
{
	struct instream *in = calloc(1, sizeof *in);

	if (in) {
		in->fd = -1;
		in->spool_fd = -1;
		in->name = strdup(name);
		in->raw = malloc(RAW_SIZE);
	}
	if (!in || !in->name || !in->raw) {
		if (in) {
			free(in->name);
			free(in->raw);
			free(in);
		}
		snprintf(err, err_len, "%s: out of memory", name);
		return NULL;
	}
	return in;
}

static struct instream *finish_open(struct instream *in, char *err, size_t err_len)
{
	if (!sniff(in)) {
		report(in, err, err_len);
		instream_close(in);
		return NULL;
	}
	return in;
}

struct instream *instream_open(const char *path, char *err, size_t err_len)
{
	bool is_stdin = strcmp(path, "-") == 0;
	struct instream *in = create(is_stdin ? "<stdin>" : path, err, err_len);
	struct stat st;

	if (!in)
		return NULL;
	if (is_stdin) {
		in->fd = STDIN_FILENO;
		return finish_open(in, err, err_len);
	}
	in->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (in->fd < 0 || fstat(in->fd, &st) != 0 || S_ISDIR(st.st_mode)) {
		snprintf(err, err_len, "%s: %s", path,
			 strerror(in->fd < 0 ? errno : EISDIR));
		in->close_fd = in->fd >= 0;
		instream_close(in);
		return NULL;
	}
	in->close_fd = true;
	in->seekable = S_ISREG(st.st_mode);
	return finish_open(in, err, err_len);
}

struct instream *instream_open_memory(const char *name, const void *data,
				      size_t len, char *err, size_t err_len)
{
	struct instream *in = create(name, err, err_len);

	if (!in)
		return NULL;
	in->mem = malloc(len ? len : 1);
	if (!in->mem) {
		snprintf(err, err_len, "%s: out of memory", name);
		instream_close(in);
		return NULL;
	}
	memcpy(in->mem, data, len);
	in->mem_len = len;
	return finish_open(in, err, err_len);
}

/* ---- reading ------------------------------------------------------------ */

enum instream_codec instream_codec(const struct instream *in)
{
	return in->codec;
}

const char *instream_codec_name(enum instream_codec codec)
{
	switch (codec) {
	case INSTREAM_GZIP:
		return "gzip";
	case INSTREAM_ZSTD:
		return "zstd";
	case INSTREAM_PLAIN:
		break;
	}
	return "plain";
}

ssize_t instream_peek(struct instream *in, void *out, size_t want,
		      char *err, size_t err_len)
{
	if (want > AHEAD_MAX)
		want = AHEAD_MAX;
	if (in->ahead_pos > 0) {
		memmove(in->ahead, in->ahead + in->ahead_pos, in->ahead_len - in->ahead_pos);
		in->ahead_len -= in->ahead_pos;
		in->ahead_pos = 0;
	}
	while (in->ahead_len < want) {
		ssize_t got = decode(in, in->ahead + in->ahead_len, want - in->ahead_len);

		if (got < 0)
			return report(in, err, err_len);
		if (got == 0)
			break;
		in->ahead_len += (size_t)got;
	}
	if (want > in->ahead_len)
		want = in->ahead_len;
	memcpy(out, in->ahead, want);
	return (ssize_t)want;
}

ssize_t instream_read(struct instream *in, void *buf, size_t len,
		      char *err, size_t err_len)
{
	size_t from_ahead = in->ahead_len - in->ahead_pos;
	ssize_t got;

	if (from_ahead > 0) {
		if (from_ahead > len)
			from_ahead = len;
		memcpy(buf, in->ahead + in->ahead_pos, from_ahead);
		in->ahead_pos += from_ahead;
		return (ssize_t)from_ahead;
	}
	got = decode(in, buf, len);
	if (got < 0)
		return report(in, err, err_len);
	return got;
}

static void unmap(struct instream *in)
{
	if (in->map)
		munmap(in->map, in->map_len);
	in->map = NULL;
	in->map_len = in->map_from = in->map_dropped = 0;
}

int instream_map(struct instream *in, const uint8_t **data, size_t *len)
{
	struct stat st;

	if (in->map) {
		*data = in->map + in->map_from;
		*len = in->map_len - in->map_from;
		return 1;
	}
	if (in->fd < 0 || !in->seekable || in->codec != INSTREAM_PLAIN ||
	    in->failed || fstat(in->fd, &st) != 0 || st.st_size <= 0 ||
	    (uint64_t)st.st_size > SIZE_MAX)
		return 0;
	/* where the next unconsumed byte is: the descriptor's offset less
	 * what waits in raw and in ahead */
	off_t at = lseek(in->fd, 0, SEEK_CUR);
	size_t waiting = (in->raw_len - in->raw_pos) + (in->ahead_len - in->ahead_pos);
	if (at < 0 || (uint64_t)at < waiting || (uint64_t)at > (uint64_t)st.st_size)
		return 0;
	void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, in->fd, 0);
	if (map == MAP_FAILED)
		return 0;
	/* advice only: the reading is right without it */
	(void)madvise(map, (size_t)st.st_size, MADV_SEQUENTIAL);
	in->map = map;
	in->map_len = (size_t)st.st_size;
	in->map_from = (size_t)at - waiting;
	in->map_dropped = 0;
	/* everything is handed out: reads now find the end */
	in->raw_pos = in->raw_len = 0;
	in->raw_eof = true;
	in->ahead_pos = in->ahead_len = 0;
	*data = in->map + in->map_from;
	*len = in->map_len - in->map_from;
	return 1;
}

void instream_map_done(struct instream *in, size_t done)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t start, end;

	if (!in->map || done > in->map_len - in->map_from)
		return;
	/* whole pages only, from the first not given back yet */
	start = (in->map_from + in->map_dropped + page - 1) / page * page;
	end = (in->map_from + done) / page * page;
	if (end <= start || end - start < ((size_t)4 << 20))
		return;   /* in steps of 4 MiB: few system calls */
	(void)madvise(in->map + start, end - start, MADV_DONTNEED);
	in->map_dropped = end - in->map_from;
}

int instream_keep_for_rewind(struct instream *in, char *err, size_t err_len)
{
	const char *tmp = getenv("TMPDIR");
	char *path = NULL;

	if (in->fd < 0 || in->seekable || in->spool_fd >= 0)
		return 0;
	if (in->raw_pos != 0 || in->ahead_pos != 0 || in->ahead_len != 0) {
		fail(in, "cannot read this input twice: reading has begun");
		return (int)report(in, err, err_len);
	}
	if (asprintf(&path, "%s/mmusim-spool-XXXXXX", tmp && *tmp ? tmp : "/tmp") < 0) {
		fail(in, "out of memory");
		return (int)report(in, err, err_len);
	}
	in->spool_fd = mkstemp(path);
	if (in->spool_fd >= 0)
		unlink(path);
	free(path);
	/* The bytes read to sniff the codec are the input's first ones. */
	if (in->spool_fd < 0 || !write_all(in->spool_fd, in->raw, in->raw_len)) {
		fail(in, "cannot keep a copy of the input to read it twice: %s", strerror(errno));
		return (int)report(in, err, err_len);
	}
	return 0;
}

int instream_rewind(struct instream *in, char *err, size_t err_len)
{
	if (in->failed)
		return (int)report(in, err, err_len);
	if (in->fd < 0) {
		in->mem_pos = 0;
	} else if (in->seekable) {
		if (lseek(in->fd, 0, SEEK_SET) != 0) {
			fail(in, "cannot read the input again: %s", strerror(errno));
			return (int)report(in, err, err_len);
		}
	} else if (in->spool_fd >= 0 && !in->replaying) {
		if (lseek(in->spool_fd, 0, SEEK_SET) != 0) {
			fail(in, "cannot read the input again: %s", strerror(errno));
			return (int)report(in, err, err_len);
		}
		in->replaying = true;
	} else {
		fail(in, "cannot read this input twice (a pipe, and no copy was kept)");
		return (int)report(in, err, err_len);
	}
	unmap(in);
	in->raw_pos = in->raw_len = 0;
	in->raw_eof = false;
	in->ahead_pos = in->ahead_len = 0;
	if (in->z_ready && inflateReset(&in->z) != Z_OK) {
		fail(in, "corrupt gzip data");
		return (int)report(in, err, err_len);
	}
	in->z_between_members = false;
	if (in->zd)
		ZSTD_DCtx_reset(in->zd, ZSTD_reset_session_only);
	in->zstd_pending = 0;
	return 0;
}

const char *instream_error(const struct instream *in)
{
	return in->failed ? in->message : NULL;
}

/* ---- stdio ---------------------------------------------------------------- */

static ssize_t cookie_read(void *cookie, char *buf, size_t size)
{
	struct instream *in = cookie;
	ssize_t got = instream_read(in, buf, size, NULL, 0);

	if (got < 0)
		errno = in->codec == INSTREAM_PLAIN ? EIO : EBADMSG;
	return got;
}

static int cookie_close(void *cookie)
{
	instream_close(cookie);
	return 0;
}

FILE *instream_to_file(struct instream *in)
{
	cookie_io_functions_t io = { .read = cookie_read, .close = cookie_close };

	return fopencookie(in, "r", io);
}

void instream_close(struct instream *in)
{
	if (!in)
		return;
	if (in->z_ready)
		inflateEnd(&in->z);
	ZSTD_freeDCtx(in->zd);
	unmap(in);
	if (in->close_fd)
		close(in->fd);
	if (in->spool_fd >= 0)
		close(in->spool_fd);
	free(in->mem);
	free(in->raw);
	free(in->name);
	free(in);
}
