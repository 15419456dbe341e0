/*
 * viz/app.c: the window's loop: input, playing, the scan animation, the
 * picture. One iteration per video frame; work that could take longer
 * (playing fast, running to a fault) is cut into slices of a few
 * milliseconds so the window always answers.
 */
#include "app.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "details.h"
#include "png_encode.h"

#define SLICE_MS 10.0          /* simulation work per video frame */
#define MANUAL_SCAN_S 2.4      /* a whole scan animated after a key press */
#define MAX_STEP_S 0.45        /* one scan step, at most */
#define ANIMATED_SPEED 4.0     /* events/s up to which playing animates */

static const double speeds[] = {0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512,
				1024, 4096, 16384, 65536, 262144, 1048576};
#define SPEEDS (int)(sizeof speeds / sizeof speeds[0])

/* The scan of the event just replayed, played over the picture of the
 * state before it (`before`), the hand going round that state's ring. */
struct animation {
	bool on;
	double t, step_s;             /* time into it, per scan step */
	struct viz_scene before;      /* allocations kept from one to the next */
	struct viz_scene shown;       /* `before` with the event's words and scan */
};

struct viz_app {
	struct viz_session *session;
	const struct viz_window_options *opt;
	SDL_Window *window;
	SDL_Renderer *renderer;
	struct viz_view view;
	bool view_ready;
	bool quit, playing, seeking_fault, shot_due, scene_dirty;
	int speed;
	double credit;
	struct animation anim;
	struct viz_hit hover, selected;
	double message_until;
	double now;
	unsigned shots;
	/* What the window shows, to draw again only when it would change (a
	 * paused picture costs no CPU in a lecture hall). */
	bool picture_stale;
	struct viz_overlay drawn;
	int drawn_w, drawn_h;
};

static double seconds(void)
{
	return (double)SDL_GetPerformanceCounter() /
	       (double)SDL_GetPerformanceFrequency();
}

static void say(struct viz_app *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void say(struct viz_app *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->view.overlay.message, sizeof a->view.overlay.message, fmt, ap);
	va_end(ap);
	a->message_until = a->now + 4.0;
}

/* ---- the scan animation --------------------------------------------------- */

static double ring_pos_of(const struct viz_scene *sc, uint32_t frame, double fallback)
{
	if (frame < sc->frame_count && sc->frames[frame].ring_index != UINT32_MAX)
		return sc->frames[frame].ring_index;
	return fallback;
}

static void stop_animation(struct viz_app *a)
{
	a->anim.on = false;
	a->view.overlay.scan_at = -1;
	a->view.overlay.hand_pos = 0;
}

/* The picture while animating: the state before the event, with what
 * the event did (its sentence, counters and scan) from the state after. */
static void compose(struct viz_app *a)
{
	const struct viz_scene *after = &a->view.scene;
	struct viz_scene *sh = &a->anim.shown;
	*sh = a->anim.before; /* shares its arrays: only drawn, never freed */
	memcpy(sh->narration, after->narration, sizeof sh->narration);
	sh->failed = after->failed;
	sh->counters = after->counters;
	sh->scan = after->scan;
	sh->scan_count = after->scan_count;
}

/* Replay one event and animate its scan over `total` seconds. */
static void forward_animated(struct viz_app *a, double total)
{
	stop_animation(a);
	bool fresh = !a->scene_dirty && a->view.scene.frames;
	if (fresh) { /* the picture now becomes the state before */
		struct viz_scene t = a->anim.before;
		a->anim.before = a->view.scene;
		a->view.scene = t;
	}
	if (!viz_session_forward(a->session)) {
		a->playing = false;
		if (fresh) { /* nothing happened: put it back */
			struct viz_scene t = a->anim.before;
			a->anim.before = a->view.scene;
			a->view.scene = t;
		}
		return;
	}
	a->scene_dirty = true;
	if (!fresh || viz_scene_build(&a->view.scene, a->session) != 0)
		return;
	a->scene_dirty = false;
	size_t n = a->view.scene.scan_count;
	if (!n)
		return;
	compose(a);
	a->anim.on = true;
	a->anim.t = 0;
	a->anim.step_s = total / (double)(n + 1);
	if (a->anim.step_s > MAX_STEP_S)
		a->anim.step_s = MAX_STEP_S;
	if (a->anim.step_s < 1.0 / 60)
		a->anim.step_s = 1.0 / 60;
	a->view.overlay.scan_at = 0;
	a->view.overlay.hand_pos = 0;
}

/* The hand starts at the top of the ring before the event, moves to each
 * frame the scan looks at in the first 40% of its step, and after the last
 * step to the frame the hand rests on after the event; then the picture
 * becomes the state after. */
static void animate(struct viz_app *a, double dt)
{
	if (!a->anim.on)
		return;
	const struct viz_scene *sc = &a->anim.shown;
	struct viz_overlay *o = &a->view.overlay;
	uint32_t n = sc->ring_count ? sc->ring_count : 1;
	a->anim.t += dt;
	size_t k = (size_t)(a->anim.t / a->anim.step_s);
	if (k > sc->scan_count) {
		stop_animation(a);
		return;
	}
	const struct viz_scene *after = &a->view.scene;
	double from = 0;
	for (size_t i = 0; i < k; i++) { /* where step i left the hand */
		double to = i < sc->scan_count ? ring_pos_of(sc, sc->scan[i].frame, from) : from;
		while (to < from)
			to += n; /* always clockwise */
		from = to;
	}
	double to = k < sc->scan_count ? ring_pos_of(sc, sc->scan[k].frame, from)
		    : after->ring_count ? ring_pos_of(sc, after->ring[0], from) : from;
	while (to < from)
		to += n;
	double f = (a->anim.t - (double)k * a->anim.step_s) / (a->anim.step_s * 0.4);
	o->scan_at = k < sc->scan_count ? (long)k : (long)sc->scan_count;
	o->hand_pos = from + (to - from) * (f > 1 ? 1 : f);
}

/* ---- stepping ------------------------------------------------------------- */

static void moved(struct viz_app *a)
{
	a->scene_dirty = true;
	a->picture_stale = true;
}

static void step_forward(struct viz_app *a, double animate_over)
{
	if (animate_over > 0) {
		forward_animated(a, animate_over);
		return;
	}
	if (viz_session_forward(a->session))
		moved(a);
	else
		a->playing = false;
}

static void go_to(struct viz_app *a, uint64_t n)
{
	char err[512];
	stop_animation(a);
	if (viz_session_seek(a->session, n, err, sizeof err) != 0) {
		say(a, "cannot go back: %s", err);
		return;
	}
	moved(a);
	struct viz_session_stats st;
	viz_session_stats(a->session, &st);
	say(a, "event %" PRIu64 " in %.1f ms (%" PRIu64 " events replayed%s)",
	    viz_session_position(a->session), st.last_seek_ms, st.replayed,
	    st.checkpointing ? " from a checkpoint" : " from the start");
}

static void play_slice(struct viz_app *a, double dt)
{
	double speed = speeds[a->speed];
	if (speed <= ANIMATED_SPEED) {
		if (a->anim.on)
			return;
		a->credit += dt * speed;
		if (a->credit >= 1) {
			a->credit = 0;
			step_forward(a, 0.8 / speed);
		}
		return;
	}
	a->credit += dt * speed;
	double start = seconds();
	while (a->credit >= 1 && a->playing) {
		a->credit -= 1;
		step_forward(a, 0);
		if ((seconds() - start) * 1e3 > SLICE_MS) {
			a->credit = 0; /* slower than asked: do not pile up */
			break;
		}
	}
}

static void fault_slice(struct viz_app *a)
{
	double start = seconds();
	while ((seconds() - start) * 1e3 < SLICE_MS) {
		int found = viz_session_next_fault(a->session, 256);
		moved(a);
		if (found != 0) {
			a->seeking_fault = false;
			if (found < 0) {
				say(a, "the trace ends without another fault");
				return;
			}
			/* Show the faulting event as a key press would: from the
			 * picture of the state just before it. */
			uint64_t at = viz_session_position(a->session);
			char err[512];
			if (viz_session_seek(a->session, at - 1, err, sizeof err) == 0 &&
			    viz_scene_build(&a->view.scene, a->session) == 0) {
				a->scene_dirty = false;
				forward_animated(a, MANUAL_SCAN_S);
			}
			return;
		}
	}
}

/* ---- input ---------------------------------------------------------------- */

static void on_key(struct viz_app *a, SDL_Keycode key)
{
	uint64_t pos = viz_session_position(a->session);
	switch (key) {
	case SDLK_SPACE:
		a->playing = !a->playing && viz_session_status(a->session) == RUN_STEPPED;
		a->seeking_fault = false;
		a->credit = 0;
		break;
	case SDLK_RIGHT:
		a->playing = a->seeking_fault = false;
		stop_animation(a);
		step_forward(a, MANUAL_SCAN_S);
		break;
	case SDLK_LEFT:
		a->playing = a->seeking_fault = false;
		if (pos > 0)
			go_to(a, pos - 1);
		break;
	case SDLK_UP:
		a->speed += a->speed + 1 < SPEEDS;
		break;
	case SDLK_DOWN:
		a->speed -= a->speed > 0;
		break;
	case SDLK_f:
		a->playing = false;
		stop_animation(a);
		a->seeking_fault = viz_session_status(a->session) == RUN_STEPPED;
		break;
	case SDLK_r:
		a->playing = a->seeking_fault = false;
		go_to(a, 0);
		break;
	case SDLK_s:
		a->shot_due = true;
		break;
	case SDLK_PLUS:
	case SDLK_EQUALS:
	case SDLK_KP_PLUS:
	case SDLK_MINUS:
	case SDLK_KP_MINUS: {
		/* text size, a tenth at a time (--scale's range) */
		double s = a->view.scale > 0 ? a->view.scale : 1.0;
		bool up = key == SDLK_PLUS || key == SDLK_EQUALS || key == SDLK_KP_PLUS;
		s = up ? s * 1.1 : s / 1.1;
		a->view.scale = s < 0.5 ? 0.5 : s > 4 ? 4 : s;
		a->picture_stale = true;
		break;
	}
	case SDLK_q:
	case SDLK_ESCAPE:
		a->quit = true;
		break;
	default:
		break;
	}
}

/* Window points to output pixels (high-DPI: the drawable is larger). */
static void to_pixels(const struct viz_app *a, int *x, int *y)
{
	int ww, wh, ow, oh;
	SDL_GetWindowSize(a->window, &ww, &wh);
	if (SDL_GetRendererOutputSize(a->renderer, &ow, &oh) != 0 || ww <= 0 || wh <= 0)
		return;
	*x = (int)((long)*x * ow / ww);
	*y = (int)((long)*y * oh / wh);
}

static void on_event(struct viz_app *a, const SDL_Event *e)
{
	switch (e->type) {
	case SDL_QUIT:
		a->quit = true;
		break;
	case SDL_WINDOWEVENT: /* exposed, resized, moved to another screen */
		a->picture_stale = true;
		break;
	case SDL_KEYDOWN:
		on_key(a, e->key.keysym.sym);
		break;
	case SDL_MOUSEMOTION: {
		int x = e->motion.x, y = e->motion.y;
		to_pixels(a, &x, &y);
		a->hover = viz_layout_hit(&a->view.layout, &a->view.scene, x, y);
		break;
	}
	case SDL_MOUSEBUTTONDOWN: {
		int x = e->button.x, y = e->button.y;
		to_pixels(a, &x, &y);
		struct viz_hit h = viz_layout_hit(&a->view.layout, &a->view.scene, x, y);
		bool same = h.kind == a->selected.kind && h.index == a->selected.index;
		a->selected = same ? (struct viz_hit){VIZ_HIT_NONE, 0} : h;
		break;
	}
	default:
		break;
	}
}

/* ---- the picture ---------------------------------------------------------- */

static void describe_state(struct viz_app *a)
{
	struct viz_overlay *o = &a->view.overlay;
	double speed = speeds[a->speed];
	char rate[32];
	if (speed < 1)
		snprintf(rate, sizeof rate, "1 event per %.0f s", 1 / speed);
	else
		snprintf(rate, sizeof rate, "%.0f events/s", speed);
	enum run_status st = viz_session_status(a->session);
	if (a->seeking_fault)
		snprintf(o->status, sizeof o->status, "running to the next fault\u2026");
	else if (st == RUN_DONE)
		snprintf(o->status, sizeof o->status, "end of the trace");
	else if (st != RUN_STEPPED)
		snprintf(o->status, sizeof o->status, "stopped by an error");
	else
		snprintf(o->status, sizeof o->status, "%s %s",
			 a->playing ? "\u25b6 playing" : "\u2016 paused", rate);
	o->hover = a->hover;
	o->selected = a->selected;
	struct viz_hit shown = a->selected.kind != VIZ_HIT_NONE ? a->selected : a->hover;
	viz_details(a->session, &a->view.scene, shown, o->details, sizeof o->details);
	if (!o->details[0])
		snprintf(o->details, sizeof o->details,
			 "point at a frame, ring node, swap block, page or TLB entry "
			 "for its details");
	if (a->now > a->message_until)
		o->message[0] = '\0';
}

static void save_shot(struct viz_app *a, int w, int h)
{
	uint32_t *pixels = malloc((size_t)w * (size_t)h * 4);
	char path[1024], err[1200];
	if (a->opt->screenshot)
		snprintf(path, sizeof path, "%s", a->opt->screenshot);
	else
		snprintf(path, sizeof path, "mmusim-viz-%06" PRIu64 ".png",
			 viz_session_position(a->session));
	if (!pixels || SDL_RenderReadPixels(a->renderer, NULL, SDL_PIXELFORMAT_ARGB8888,
					    pixels, w * 4) != 0) {
		say(a, "screenshot failed: %s", pixels ? SDL_GetError() : "out of memory");
	} else if (viz_png_write(path, pixels, w, h, (size_t)w * 4, err, sizeof err) != 0) {
		say(a, "screenshot failed: %s", err);
	} else {
		a->shots++;
		say(a, "saved %s", path);
	}
	free(pixels);
}

static int render(struct viz_app *a, char *err, size_t err_len)
{
	int w, h;
	if (SDL_GetRendererOutputSize(a->renderer, &w, &h) != 0) {
		snprintf(err, err_len, "renderer: %s", SDL_GetError());
		return -1;
	}
	if (viz_view_update(&a->view, a->session, a->scene_dirty, w, h, err, err_len) != 0)
		return -1;
	a->scene_dirty = false;
	describe_state(a);
	bool same = !a->picture_stale && !a->anim.on && !a->shot_due && w == a->drawn_w &&
		    h == a->drawn_h && memcmp(&a->drawn, &a->view.overlay, sizeof a->drawn) == 0;
	if (same)
		return 0;
	a->picture_stale = false;
	a->drawn = a->view.overlay;
	a->drawn_w = w;
	a->drawn_h = h;
	if (a->anim.on)
		viz_draw(a->renderer, &a->view.fonts, &a->view.layout, &a->anim.shown,
			 &a->view.overlay);
	else
		viz_view_draw(&a->view);
	if (a->shot_due) {
		a->shot_due = false;
		save_shot(a, w, h);
	}
	SDL_RenderPresent(a->renderer);
	return 0;
}

/* ---- the loop ------------------------------------------------------------- */

/* An OpenGL renderer that is really the CPU (Mesa's llvmpipe: a virtual
 * machine, Xvfb) is slower than SDL's own software renderer writing
 * straight to the window (XShm): 30-50 against 60 pictures a second with
 * 1,024 frames and 4,096 blocks (docs/viz.md). */
static bool gl_on_the_cpu(SDL_Renderer *r)
{
	SDL_RendererInfo info;
	if (SDL_GetRendererInfo(r, &info) != 0 || strncmp(info.name, "opengl", 6) != 0)
		return false;
	typedef const unsigned char *(*gl_get_string)(unsigned);
	gl_get_string get = (gl_get_string)SDL_GL_GetProcAddress("glGetString");
	const char *name = get ? (const char *)get(0x1F01 /* GL_RENDERER */) : NULL;
	return name && (strstr(name, "llvmpipe") || strstr(name, "softpipe") ||
			strstr(name, "Software Rasterizer"));
}

static SDL_Renderer *make_renderer(SDL_Window *w)
{
	SDL_Renderer *r = SDL_CreateRenderer(w, -1, SDL_RENDERER_ACCELERATED |
						     SDL_RENDERER_PRESENTVSYNC);
	bool chosen = getenv("SDL_RENDER_DRIVER") != NULL; /* the user's choice */
	if (r && !chosen && gl_on_the_cpu(r)) {
		SDL_DestroyRenderer(r);
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
		r = NULL;
	}
	return r ? r : SDL_CreateRenderer(w, -1, SDL_RENDERER_SOFTWARE);
}

/* Whether any display could be there before asking SDL, whose Wayland
 * probe prints a line of its own when there is none. */
static bool display_possible(void)
{
	if (getenv("SDL_VIDEODRIVER") || getenv("DISPLAY") || getenv("WAYLAND_DISPLAY"))
		return true;
	const char *run = getenv("XDG_RUNTIME_DIR"); /* Wayland's default socket */
	char path[1024];
	return run && snprintf(path, sizeof path, "%s/wayland-0", run) < (int)sizeof path &&
	       access(path, F_OK) == 0;
}

static int open_window(struct viz_app *a, char *err, size_t err_len)
{
	if (!display_possible()) {
		snprintf(err, err_len, "cannot open a window: no display (neither DISPLAY "
			 "nor WAYLAND_DISPLAY is set); use --headless --screenshot "
			 "FILE.png, or run under xvfb-run");
		return -1;
	}
	if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
		snprintf(err, err_len, "cannot open a window: %s (no display? use "
			 "--headless --screenshot FILE.png, or run under xvfb-run)",
			 SDL_GetError());
		return -1;
	}
	/* With no display SDL 2.26 does not fail: it falls back to its
	 * `offscreen` (or `dummy`) driver, whose window nobody can see or
	 * close, so the loop would wait for ever. That is no display. */
	const char *driver = SDL_GetCurrentVideoDriver();
	if (!driver || strcmp(driver, "offscreen") == 0 || strcmp(driver, "dummy") == 0) {
		snprintf(err, err_len, "cannot open a window: no display (SDL's video "
			 "driver is '%s'); use --headless --screenshot FILE.png, or run "
			 "under xvfb-run", driver ? driver : "none");
		return -1;
	}
	SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
	char title[512];
	snprintf(title, sizeof title, "mmusim viz \u2014 %s", viz_session_trace(a->session));
	a->window = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
				     a->opt->width, a->opt->height,
				     SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
	if (!a->window) {
		snprintf(err, err_len, "cannot open a window: %s", SDL_GetError());
		return -1;
	}
	a->renderer = make_renderer(a->window);
	if (!a->renderer) {
		snprintf(err, err_len, "no renderer: %s", SDL_GetError());
		return -1;
	}
	bool view_ok = viz_view_init(&a->view, a->renderer, err, err_len) == 0;
	a->view.scale = a->opt->scale;
	if (!view_ok)
		return -1;
	a->view_ready = true;
	return 0;
}

static void close_window(struct viz_app *a)
{
	if (a->view_ready)
		viz_view_fini(&a->view);
	viz_scene_free(&a->anim.before);
	if (a->renderer)
		SDL_DestroyRenderer(a->renderer);
	if (a->window)
		SDL_DestroyWindow(a->window);
	SDL_Quit();
}

static int loop(struct viz_app *a, char *err, size_t err_len)
{
	double last = seconds();
	for (unsigned long it = 0; !a->quit; it++) {
		if (a->opt->script && !a->opt->script(a->opt->script_ctx, a, it))
			break;
		SDL_Event e;
		while (SDL_PollEvent(&e))
			on_event(a, &e);
		a->now = seconds();
		double dt = a->now - last;
		last = a->now;
		if (a->seeking_fault)
			fault_slice(a);
		else if (a->playing)
			play_slice(a, dt);
		if (a->scene_dirty && viz_scene_build(&a->view.scene, a->session) == 0) {
			a->scene_dirty = false;
			a->picture_stale = true;
		}
		animate(a, dt);
		if (render(a, err, err_len) != 0)
			return -1;
		double spent = seconds() - a->now;
		if (spent < 1.0 / 60)
			SDL_Delay((Uint32)((1.0 / 60 - spent) * 1000));
	}
	return 0;
}

int viz_window_run(struct viz_session *session,
		   const struct viz_window_options *options, char *err,
		   size_t err_len)
{
	struct viz_app a = {.session = session, .opt = options, .speed = 2,
			    .scene_dirty = true, .picture_stale = true};
	a.now = seconds();
	int rc = open_window(&a, err, err_len);
	if (rc == 0)
		rc = loop(&a, err, err_len);
	close_window(&a);
	return rc;
}

const struct viz_session *viz_app_session(const struct viz_app *a)
{
	return a->session;
}

const struct viz_view *viz_app_view(const struct viz_app *a)
{
	return &a->view;
}

SDL_Window *viz_app_window(const struct viz_app *a)
{
	return a->window;
}

bool viz_app_idle(const struct viz_app *a)
{
	return !a->playing && !a->anim.on && !a->seeking_fault && !a->shot_due;
}

bool viz_app_animating(const struct viz_app *a)
{
	return a->anim.on;
}

const struct viz_scene *viz_app_shown(const struct viz_app *a)
{
	return a->anim.on ? &a->anim.shown : &a->view.scene;
}

bool viz_app_playing(const struct viz_app *a)
{
	return a->playing;
}

double viz_app_speed(const struct viz_app *a)
{
	return speeds[a->speed];
}

unsigned viz_app_screenshots(const struct viz_app *a)
{
	return a->shots;
}
