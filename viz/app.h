/*
 * viz/app.h: the interactive window (docs/viz.md, "Controls").
 *
 *   space      play / pause            up, down    faster / slower
 *   right      one event forward       left        one event back
 *   f          run to the next fault   r           back to the start
 *   s          save a PNG screenshot   q, Escape   quit
 *   + -        text size (a tenth at a time, as --scale)
 *   mouse      hover a frame, ring node, swap block, page or TLB entry for
 *              its details; click to keep them shown
 *
 * Forward steps at slow speeds animate the replacement scan from the
 * pager's notes: the hand visits each frame the policy looked at, which is
 * outlined yellow when its referenced bit is cleared, cyan when it is
 * skipped as pinned, red when it is chosen as the victim.
 *
 * The window is resizable and asks for a high-DPI drawable: everything is
 * laid out in the renderer's output pixels.
 */
#ifndef MMUSIM_VIZ_APP_H
#define MMUSIM_VIZ_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "session.h"
#include "renderer.h"

struct viz_app;

struct viz_window_options {
	int width, height;            /* the window, in screen points */
	double scale;                 /* text size factor (--scale); 0: automatic */
	const char *screenshot;       /* where `s` saves; NULL: mmusim-viz-EVENT.png */
	/* Tests: called at the top of every loop iteration; may push SDL
	 * events (SDL_PushEvent) and look at the app; false ends the loop. */
	bool (*script)(void *ctx, struct viz_app *app, unsigned long iteration);
	void *script_ctx;
};

/* Open the window on `session` and run until the user quits. 0, or -1
 * with err (no display, a renderer or font that fails). */
int viz_window_run(struct viz_session *session,
		   const struct viz_window_options *options, char *err,
		   size_t err_len);

/* For scripts. */
const struct viz_session *viz_app_session(const struct viz_app *app);
const struct viz_view *viz_app_view(const struct viz_app *app);
SDL_Window *viz_app_window(const struct viz_app *app);
/* Not playing, not animating, not running to a fault, no screenshot due. */
bool viz_app_idle(const struct viz_app *app);
bool viz_app_animating(const struct viz_app *app);
/* The scene drawn now: while a scan is animated, the state before the
 * event (with the event's sentence and scan); otherwise the view's. */
const struct viz_scene *viz_app_shown(const struct viz_app *app);
bool viz_app_playing(const struct viz_app *app);
/* Events per second while playing. */
double viz_app_speed(const struct viz_app *app);
/* Screenshots saved so far. */
unsigned viz_app_screenshots(const struct viz_app *app);

#endif
