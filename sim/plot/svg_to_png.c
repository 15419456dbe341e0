/*
 * sim/plot/svg_to_png.c: running rsvg-convert (svg_to_png.h) with posix_spawnp:
 * no shell, so no quoting of file names; the renderer's own messages go
 * to our stderr.
 */
#include "svg_to_png.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomic_file.h"

extern char **environ;

static enum svg_to_png_status run_renderer(const char *svg, const char *out,
					   char *err, size_t err_len)
{
	char *argv[] = {SVG_RENDERER, "-z", "2", "-o", (char *)out,
			(char *)svg, NULL};
	pid_t pid;
	int rc = posix_spawnp(&pid, SVG_RENDERER, NULL, NULL, argv, environ);
	if (rc == ENOENT)
		return PNG_NO_RENDERER;
	if (rc != 0) {
		snprintf(err, err_len, "cannot run %s: %s", SVG_RENDERER,
			 strerror(rc));
		return PNG_FAILED;
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			snprintf(err, err_len, "%s: %s", SVG_RENDERER,
				 strerror(errno));
			return PNG_FAILED;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(err, err_len, "%s failed on %s", SVG_RENDERER, svg);
		return PNG_FAILED;
	}
	return PNG_WRITTEN;
}

enum svg_to_png_status svg_to_png_render(const char *svg_path, const char *png_file,
					 char *err, size_t err_len)
{
	return run_renderer(svg_path, png_file, err, err_len);
}

enum svg_to_png_status svg_to_png(const char *svg_path, const char *png_path,
				  char *err, size_t err_len)
{
	struct atomic_target t;
	FILE *f = atomic_file_open(&t, png_path, err, err_len);
	if (!f)
		return PNG_FAILED;
	fclose(f); /* the renderer writes the file by its name */
	enum svg_to_png_status s = run_renderer(svg_path, t.tmp ? t.tmp : png_path, err, err_len);
	if (s != PNG_WRITTEN)
		atomic_file_discard(&t);
	else if (atomic_file_place(&t, err, err_len) != 0)
		s = PNG_FAILED;
	return s;
}
