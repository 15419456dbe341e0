/* sim/cli/progress.c: the progress note of progress.h. */
#include "progress.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

enum { REDRAW_MS = 200, DEFAULT_DELAY_MS = 1000 };

static uint64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

void progress_begin(struct progress *p, const char *command)
{
	*p = (struct progress){.command = command, .delay_ms = DEFAULT_DELAY_MS};
	if (!isatty(STDERR_FILENO))
		return;
	const char *delay = getenv("MMUSIM_PROGRESS_DELAY_MS");
	if (delay && *delay) {
		char *end;
		unsigned long long v = strtoull(delay, &end, 10);
		if (*end == '\0')
			p->delay_ms = v;
	}
	p->out = stderr;
	p->start_ms = now_ms();
}

void progress_note(struct progress *p, const char *fmt, ...)
{
	if (!p->out)
		return;
	uint64_t t = now_ms();
	if (t - p->start_ms < p->delay_ms || (p->shown && t - p->last_ms < REDRAW_MS))
		return;
	p->last_ms = t;
	p->shown = true;
	fprintf(p->out, "\r\033[Kmmusim %s: ", p->command);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(p->out, fmt, ap);
	va_end(ap);
	fflush(p->out);
}

void progress_end(struct progress *p)
{
	if (p->out && p->shown) {
		fprintf(p->out, "\r\033[K");
		fflush(p->out);
	}
	p->shown = false;
}

const char *progress_grouped(uint64_t v, char *buf, size_t n)
{
	char digits[24];
	int len = snprintf(digits, sizeof digits, "%" PRIu64, v);
	size_t o = 0;
	for (int i = 0; i < len && o + 2 < n; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}
