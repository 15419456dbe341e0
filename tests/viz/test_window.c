/*
 * tests/viz/test_window.c: the real window, on a real (virtual) display:
 * meson runs this under xvfb-run. The test drives the window through SDL's
 * event queue (the queue X11 input arrives in) with key presses and mouse
 * moves, and checks what the window then shows: the position, the
 * sentence, the details line, a screenshot's pixels, a resize.
 * Without a display it fails: CI installs xvfb (scripts/setup).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "viz_helpers.h"

static const char trace[] =
	"start 1\n"                 /* 1 */
	"switch 1\n"                /* 2 */
	"map swap\n"                /* 3 */
	"map swap\n"                /* 4 */
	"w 0x600000000 8\n"         /* 5: fault, frame 1 */
	"r 0x600000000 8\n"         /* 6 */
	"w 0x600001000 8\n"         /* 7: fault, frame 2 */
	"fork 1 2\n"                /* 8 */
	"switch 2\n"                /* 9 */
	"r 0x600000000\n"           /* 10 */
	"w 0x600000000 4\n"         /* 11: copy-on-write, frame 1 copied to 3 */
	"r 0x600001000\n"           /* 12 */
	"exit\n"                    /* 13 */
	"switch 1\n"                /* 14 */
	"map swap\n"                /* 15 */
	"map swap\n"                /* 16 */
	"w 0x600002000 8\n"         /* 17: frame 3, memory full */
	"w 0x600003000 8\n";        /* 18: the clock clears 1, 2, 3, evicts 1 */
#define EVENTS 18

enum action { KEY, MOVE, RESIZE, CHECK };

struct scripted {
	enum action what;
	SDL_Keycode key;
	int x, y;                     /* MOVE: frame x's tile; RESIZE: size */
	int check;                    /* CHECK: which check */
	bool busy;                    /* act without waiting for the window to be idle */
};

static const struct scripted script[] = {
	{CHECK, .check = 0},
	{KEY, .key = SDLK_RIGHT}, {CHECK, .check = 1},
	{KEY, .key = SDLK_RIGHT}, {KEY, .key = SDLK_RIGHT}, {KEY, .key = SDLK_RIGHT}, {KEY, .key = SDLK_RIGHT},
	{KEY, .key = SDLK_RIGHT}, {KEY, .key = SDLK_RIGHT}, {KEY, .key = SDLK_RIGHT}, {KEY, .key = SDLK_RIGHT},
	{KEY, .key = SDLK_RIGHT}, {KEY, .key = SDLK_RIGHT}, {CHECK, .check = 2},
	{KEY, .key = SDLK_LEFT}, {CHECK, .check = 3},
	{KEY, .key = SDLK_f}, {CHECK, .check = 4},
	{MOVE, .x = 1}, {CHECK, .check = 5},
	{KEY, .key = SDLK_s}, {CHECK, .check = 6},
	{KEY, .key = SDLK_UP}, {KEY, .key = SDLK_UP}, {KEY, .key = SDLK_UP}, {KEY, .key = SDLK_UP},
	{KEY, .key = SDLK_SPACE}, {CHECK, .check = 7},
	{KEY, .key = SDLK_r}, {CHECK, .check = 8},
	{RESIZE, .x = 1000, .y = 640}, {CHECK, .check = 9},
	{KEY, .key = SDLK_DOWN}, {KEY, .key = SDLK_DOWN}, {KEY, .key = SDLK_DOWN},
	{KEY, .key = SDLK_DOWN}, {KEY, .key = SDLK_DOWN}, /* 1 event/s */
	{KEY, .key = SDLK_f}, {KEY, .key = SDLK_f},
	{CHECK, .check = 10},                             /* at 7 */
	{KEY, .key = SDLK_RIGHT}, {KEY, .key = SDLK_RIGHT}, {KEY, .key = SDLK_RIGHT},
	{KEY, .key = SDLK_RIGHT}, {KEY, .key = SDLK_RIGHT}, {KEY, .key = SDLK_RIGHT},
	{KEY, .key = SDLK_RIGHT}, {KEY, .key = SDLK_RIGHT}, {KEY, .key = SDLK_RIGHT},
	{KEY, .key = SDLK_RIGHT}, {CHECK, .check = 11},   /* at 17 */
	{KEY, .key = SDLK_RIGHT}, {CHECK, .check = 12, .busy = true},
	{CHECK, .check = 13},
	{KEY, .key = SDLK_PLUS}, {CHECK, .check = 14},
	{KEY, .key = SDLK_MINUS}, {KEY, .key = SDLK_MINUS}, {CHECK, .check = 15},
	{KEY, .key = SDLK_q}, /* the window closes: the loop ends */
};
#define ACTIONS (sizeof script / sizeof script[0])

struct driver {
	size_t at;                    /* next scripted action */
	unsigned long wait_until;     /* iteration */
	const char *shot;
	bool failed;
	char why[512];
	struct mmusim_config config;
};

static void push_key(SDL_Window *w, SDL_Keycode key)
{
	SDL_Event e = {0};
	e.type = SDL_KEYDOWN;
	e.key.windowID = SDL_GetWindowID(w);
	e.key.state = SDL_PRESSED;
	e.key.keysym.sym = key;
	SDL_PushEvent(&e);
}

static void push_move(SDL_Window *w, int x, int y)
{
	SDL_Event e = {0};
	e.type = SDL_MOUSEMOTION;
	e.motion.windowID = SDL_GetWindowID(w);
	e.motion.x = x;
	e.motion.y = y;
	SDL_PushEvent(&e);
}

static bool fail_with(struct driver *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->why, sizeof d->why, fmt, ap);
	va_end(ap);
	d->failed = true;
	return false;
}

static uint32_t rgb(struct viz_rgb c)
{
	return (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

static void first_owner(void *arg, pid_t pid, uint64_t vaddr)
{
	(void)vaddr;
	if (*(pid_t *)arg < 0)
		*(pid_t *)arg = pid;
}

/* The screenshot shows each frame in the colour the pager's views say. */
static bool check_shot(struct driver *d, const struct viz_app *app)
{
	struct vt_image im;
	if (!vt_png_load(d->shot, &im))
		return fail_with(d, "no readable screenshot at %s", d->shot);
	const struct viz_view *v = viz_app_view(app);
	const struct pager *p = run_pager(viz_session_run(viz_app_session(app)));
	bool ok = im.w == v->layout.width && im.h == v->layout.height;
	for (uint32_t f = 0; ok && f < pager_config(p)->memory_pages; f++) {
		struct frame_view fv;
		pager_frame_view(p, f, &fv);
		pid_t pid = -1;
		pager_frame_owners(p, f, first_owner, &pid);
		uint32_t want = fv.use == FRAME_FREE ? rgb(VIZ_FREE_FRAME)
				: fv.use == FRAME_ZERO_PAGE ? rgb(VIZ_ZERO_PAGE)
							    : rgb(viz_owner_color(pid));
		int x, y;
		viz_frame_swatch(&v->layout, f, &x, &y);
		if (vt_pixel(&im, x, y) != want) {
			fail_with(d, "screenshot: frame %u is 0x%06x, want 0x%06x", f,
				  vt_pixel(&im, x, y), want);
			ok = false;
		}
	}
	vt_image_free(&im);
	return ok;
}

static bool check_animation(struct driver *d, const struct viz_app *app)
{
	const struct viz_view *v = viz_app_view(app);
	const struct viz_scene *shown = viz_app_shown(app);
	if (!viz_app_animating(app) || viz_app_idle(app))
		return fail_with(d, "event 18 is not animated");
	if (shown == &v->scene || shown->scan_count != 4 ||
	    shown->scan[3].kind != VIZ_SCAN_EVICT || shown->scan[3].frame != 1)
		return fail_with(d, "the animation shows the wrong scan");
	/* the state before 18: frames 1, 2, 3 in fill order, hand at 1, every
	 * bit set before the scan clears it; the words are those of 18 */
	if (shown->ring_count != 3 || shown->ring[0] != 1 || shown->ring[2] != 3 ||
	    !shown->frames[3].referenced || shown->counters.events != 18 ||
	    !strstr(shown->narration, "process 1 writes 0x600003000"))
		return fail_with(d, "the animation does not show the state before: "
				 "ring %u [%u..], '%s'", shown->ring_count, shown->ring[0],
				 shown->narration);
	/* after it, the state after: frame 1 holds the new page, at the tail */
	if (v->scene.ring_count != 3 || v->scene.ring[2] != 1)
		return fail_with(d, "the state after is not ready");
	if (v->overlay.scan_at < 0 || v->overlay.scan_at > 4)
		return fail_with(d, "scan step %ld", v->overlay.scan_at);
	return true;
}

static bool check(struct driver *d, const struct viz_app *app, int which)
{
	const struct viz_session *s = viz_app_session(app);
	const struct viz_view *v = viz_app_view(app);
	uint64_t pos = viz_session_position(s);
	int w, h;
	switch (which) {
	case 0:
		return pos == 0 || fail_with(d, "starts at %llu", (unsigned long long)pos);
	case 1:
		if (pos != 1 || !strstr(v->scene.narration, "process 1 starts"))
			return fail_with(d, "after right: %llu, '%s'",
					 (unsigned long long)pos, v->scene.narration);
		return true;
	case 2:
		if (pos != 11 || !strstr(v->scene.narration,
					 "copy-on-write, frame 1 copied to frame 3"))
			return fail_with(d, "after 11 rights: %llu, '%s'",
					 (unsigned long long)pos, v->scene.narration);
		return true;
	case 3:
		if (pos != 10 || !strstr(v->scene.narration, "process 2 reads 0x600000000"))
			return fail_with(d, "after left: %llu, '%s'", (unsigned long long)pos,
					 v->scene.narration);
		return true;
	case 4:
		if (pos != 11 || viz_session_step(s)->faults != 1)
			return fail_with(d, "f stopped at %llu", (unsigned long long)pos);
		return true;
	case 5:
		if (!strstr(v->overlay.details, "frame 1: swap block 0; mapped by process 1"))
			return fail_with(d, "hover details: '%s'", v->overlay.details);
		return true;
	case 6:
		if (viz_app_screenshots(app) != 1 || !strstr(v->overlay.message, "saved "))
			return fail_with(d, "no screenshot: '%s'", v->overlay.message);
		return check_shot(d, app);
	case 7:
		if (viz_app_speed(app) != 32)
			return fail_with(d, "speed %g after 4 ups", viz_app_speed(app));
		if (pos != EVENTS || viz_session_status(s) != RUN_DONE || viz_app_playing(app))
			return fail_with(d, "playing ended at %llu", (unsigned long long)pos);
		return strstr(v->overlay.status, "end of the trace") ||
		       fail_with(d, "status '%s'", v->overlay.status);
	case 8:
		return pos == 0 || fail_with(d, "r went to %llu", (unsigned long long)pos);
	case 9:
		SDL_GetWindowSize(viz_app_window(app), &w, &h);
		if (w != 1000 || h != 640 || v->layout.width != 1000 || v->layout.height != 640)
			return fail_with(d, "resized to %dx%d, laid out %dx%d", w, h,
					 v->layout.width, v->layout.height);
		return true;
	case 10:
		if (viz_app_speed(app) != 1)
			return fail_with(d, "speed %g after 5 downs", viz_app_speed(app));
		return pos == 7 || fail_with(d, "2 f from 0: %llu", (unsigned long long)pos);
	case 11:
		return pos == 17 || fail_with(d, "10 rights: %llu", (unsigned long long)pos);
	case 12: /* the scan, over the picture of the state before event 18 */
		return check_animation(d, app);
	case 13:
		if (pos != 18 || viz_app_shown(app) != &v->scene || v->overlay.scan_at != -1 ||
		    !strstr(v->scene.narration, "then evicted frame 1 (dirty: written to "
						    "swap block 0)"))
			return fail_with(d, "after the animation: %llu '%s'",
					 (unsigned long long)pos, v->scene.narration);
		/* 1000x640: the smallest text is 640/50 = 13 pixels (rounded up) */
		return v->layout.font_small == 13 ||
		       fail_with(d, "small text %d at 1000x640", v->layout.font_small);
	case 14: /* + : a tenth larger */
		return v->layout.font_small == 14 ||
		       fail_with(d, "small text %d after +", v->layout.font_small);
	case 15: /* - - : a tenth smaller than at first */
		return v->layout.font_small == 12 ||
		       fail_with(d, "small text %d after + - -", v->layout.font_small);
	}
	return fail_with(d, "no check %d", which);
}

static bool drive(void *ctx, struct viz_app *app, unsigned long it)
{
	struct driver *d = ctx;
	if (it > 60 * 90)
		return fail_with(d, "the script took too long (at step %zu)", d->at);
	if (it < d->wait_until || (!viz_app_idle(app) && !script[d->at].busy))
		return true;
	if (d->at == ACTIONS)
		return fail_with(d, "the window did not close on q");
	const struct scripted *a = &script[d->at++];
	SDL_Window *w = viz_app_window(app);
	d->wait_until = it + 3; /* let the window handle it and draw */
	switch (a->what) {
	case KEY:
		push_key(w, a->key);
		return true;
	case MOVE: {
		struct viz_rect c = viz_grid_cell(&viz_app_view(app)->layout.frames,
						  (uint32_t)a->x);
		int ww, wh, ow = viz_app_view(app)->layout.width;
		SDL_GetWindowSize(w, &ww, &wh);
		push_move(w, (c.x + c.w / 2) * ww / ow, (c.y + c.h / 2) * ww / ow);
		return true;
	}
	case RESIZE:
		SDL_SetWindowSize(w, a->x, a->y);
		d->wait_until = it + 20;
		return true;
	case CHECK:
		d->wait_until = it;
		return check(d, app, a->check);
	}
	return false;
}

/* SDL loads these at run time and unloads them at SDL_Quit; kept loaded,
 * LeakSanitizer can name what they keep until exit (lsan.supp). */
static void pin_sdl_libraries(void)
{
	static const char *const libs[] = {
		"libX11.so.6", "libXext.so.6", "libXcursor.so.1", "libXi.so.6",
		"libXrandr.so.2", "libXss.so.1", "libXfixes.so.3",
		"libxkbcommon.so.0", "libGL.so.1", "libGLX.so.0", "libGLX_mesa.so.0",
		"libEGL.so.1", "/usr/lib/x86_64-linux-gnu/dri/swrast_dri.so",
	};
	for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++)
		dlopen(libs[i], RTLD_NOW | RTLD_NODELETE); /* absent: fine */
}

static void test_window_driven_by_keys(void **state)
{
	(void)state;
	pin_sdl_libraries();
	if (!getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY"))
		fail_msg("no display: this test runs under xvfb-run (Debian packages "
			 "xvfb and xauth; scripts/setup installs them)");
	struct vt_dir dir;
	vt_dir_make(&dir);
	struct driver d = {0};
	vt_config(&d.config, &dir,
		  "{\"memory_pages\": 4, \"swap_blocks\": 8, \"page_size\": 4096,"
		  " \"arena_pages\": 4}");
	d.shot = vt_path(&dir, "shot.png");
	struct viz_session *s = vt_session(&dir, trace, &d.config);
	struct viz_window_options o = {.width = 1280, .height = 720, .screenshot = d.shot,
				       .script = drive, .script_ctx = &d};
	char err[1024];
	int rc = viz_window_run(s, &o, err, sizeof err);
	viz_session_close(s);
	vt_dir_remove(&dir);
	if (rc != 0)
		fail_msg("viz_window_run: %s", err);
	if (d.failed)
		fail_msg("step %zu: %s", d.at, d.why);
	assert_int_equal(d.at, ACTIONS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window_driven_by_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
