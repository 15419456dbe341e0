/*
 * sim/png_render.c: running rsvg-convert (png_render.h) with posix_spawnp:
 * no shell, so no quoting of file names; the renderer's own messages go
 * to our stderr.
 */
#include "png_render.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomic_file.h"

extern char **environ;

static enum png_render_status run_renderer(const char *svg, const char *out,
					   char *err, size_t err_len)
{
	char *argv[] = {PNG_RENDERER, "-z", "2", "-o", (char *)out,
			(char *)svg, NULL};
	pid_t pid;
	int rc = posix_spawnp(&pid, PNG_RENDERER, NULL, NULL, argv, environ);
	if (rc == ENOENT)
		return PNG_NO_RENDERER;
	if (rc != 0) {
		snprintf(err, err_len, "cannot run %s: %s", PNG_RENDERER,
			 strerror(rc));
		return PNG_FAILED;
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			snprintf(err, err_len, "%s: %s", PNG_RENDERER,
				 strerror(errno));
			return PNG_FAILED;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(err, err_len, "%s failed on %s", PNG_RENDERER, svg);
		return PNG_FAILED;
	}
	return PNG_WRITTEN;
}

enum png_render_status png_render(const char *svg_path, const char *png_path,
				  char *err, size_t err_len)
{
	struct atomic_target t;
	FILE *f = atomic_file_open(&t, png_path, err, err_len);
	if (!f)
		return PNG_FAILED;
	fclose(f); /* the renderer writes the file by its name */
	enum png_render_status s = run_renderer(svg_path, t.tmp ? t.tmp : png_path, err, err_len);
	if (s != PNG_WRITTEN)
		atomic_file_discard(&t);
	else if (atomic_file_place(&t, err, err_len) != 0)
		s = PNG_FAILED;
	return s;
}
