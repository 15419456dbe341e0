/*
 * sim/cli/cmd_viz.c: `mmusim viz TRACE [options]`: the window, or with
 * --headless one picture of the state after N events.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cli_options.h"
#include "config.h"
#include "session.h"
#include "renderer.h"
#include "trace_header.h"

static const char usage_text[] =
	"usage: mmusim viz TRACE [--config FILE] [--set KEY=VALUE]... [--at N]\n"
	"                  [--size WxH] [--scale F | --projector]\n"
	"                  [--screenshot FILE.png] [--headless]\n"
	"\n"
	"Show the pager and the MMU at work on TRACE, event by event: frames\n"
	"coloured by owning process and labelled with the page they hold, the\n"
	"replacement order as the policy keeps it (a ring and its hand, a list,\n"
	"next uses, or the policy's own queues: T1/T2/B1/B2, hot and cold\n"
	"pages, generations...), swap blocks, the running process's page table\n"
	"and the TLB, with one sentence per event. The policy is the\n"
	"configuration's: --set policy=NAME (mmusim run --help lists them).\n"
	"\n"
	"  --config FILE      the configuration (JSON; default: built-in)\n"
	"  --set KEY=VALUE    override one key (repeatable, after --config)\n"
	"  --at N             start after N events (default 0)\n"
	"  --size WxH         window or picture size (default 1600x900)\n"
	"  --scale F          text F times its automatic size (0.5 to 4; the\n"
	"                     automatic size keeps the smallest text at least\n"
	"                     1/50 of the height)\n"
	"  --projector        --scale 1.4: for the back of a lecture hall\n"
	"  --screenshot FILE  where `s` saves the picture; with --headless,\n"
	"                     where the picture goes\n"
	"  --headless         no window: replay N events (--at), save the\n"
	"                     picture (--screenshot) and print the event's\n"
	"                     sentence; needs no display\n"
	"  --help             this text\n"
	"\n"
	"Keys: space play/pause, right/left one event forward/back, up/down\n"
	"speed, f run to the next fault, r restart, + - text size, s screenshot,\n"
	"q quit; the mouse on anything shows its details, a click keeps them.\n"
	"\n"
	"Exit status: 0 ok; 1 the run stopped on a failed expectation before\n"
	"event N; 2 bad input (option, configuration, trace, no display).\n";

struct viz_args {
	const char *trace, *screenshot;
	struct cli_config config;     /* --config, --set */
	uint64_t at;
	int width, height;
	double scale;                 /* 0: automatic */
	bool headless, help;
};

static bool parse_size(const char *s, int *w, int *h)
{
	unsigned x, y;
	char tail;
	if (!s || sscanf(s, "%ux%u%c", &x, &y, &tail) != 2 || x < 200 || y < 150 ||
	    x > 16384 || y > 16384)
		return false;
	*w = (int)x;
	*h = (int)y;
	return true;
}

/* One option at argv[*i]; -1 after printing what is wrong. */
static int parse_option(int argc, char **argv, int *i, struct viz_args *a)
{
	const char *arg = argv[*i];
	const char *v;
	int taken = cli_config_option(&a->config, "viz", true, argc, argv, i);
	if (taken)
		return taken < 0 ? -1 : 0;
	if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
		a->help = true;
	} else if (strcmp(arg, "--headless") == 0) {
		a->headless = true;
	} else if (cli_is_option(arg, "--at")) {
		v = cli_option_value(argc, argv, i, "--at");
		if (!cli_parse_u64(v, &a->at)) {
			fprintf(stderr, "mmusim viz: --at needs a number of events, "
				"not '%s'\n", v ? v : "");
			return -1;
		}
	} else if (cli_is_option(arg, "--size")) {
		v = cli_option_value(argc, argv, i, "--size");
		if (!parse_size(v, &a->width, &a->height)) {
			fprintf(stderr, "mmusim viz: --size needs WxH from 200x150 to "
				"16384x16384, not '%s'\n", v ? v : "");
			return -1;
		}
	} else if (strcmp(arg, "--projector") == 0) {
		a->scale = 1.4;
	} else if (cli_is_option(arg, "--scale")) {
		v = cli_option_value(argc, argv, i, "--scale");
		char *end = NULL;
		double f = v ? strtod(v, &end) : 0;
		if (!v || !*v || *end || !(f >= 0.5 && f <= 4)) {
			fprintf(stderr, "mmusim viz: --scale needs a number from 0.5 "
				"to 4, not '%s'\n", v ? v : "");
			return -1;
		}
		a->scale = f;
	} else if (cli_is_option(arg, "--screenshot")) {
		if (!(a->screenshot = cli_option_value(argc, argv, i, "--screenshot"))) {
			fprintf(stderr, "mmusim viz: --screenshot needs a file\n");
			return -1;
		}
	} else {
		fprintf(stderr, "mmusim viz: unknown option '%s' (see mmusim viz "
			"--help)\n", arg);
		return -1;
	}
	return 0;
}

static int parse(int argc, char **argv, struct viz_args *a)
{
	bool options_done = false;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (a->trace) {
				fprintf(stderr, "mmusim viz: one trace only ('%s' and "
					"'%s')\n", a->trace, arg);
				return -1;
			}
			a->trace = arg;
		} else if (strcmp(arg, "--") == 0) {
			options_done = true;
		} else if (parse_option(argc, argv, &i, a) != 0) {
			return -1;
		}
	}
	if (a->help)
		return 0;
	if (!a->trace) {
		fprintf(stderr, "mmusim viz: which trace? (see mmusim viz --help)\n");
		return -1;
	}
	if (a->headless && !a->screenshot) {
		fprintf(stderr, "mmusim viz: --headless needs --screenshot FILE.png\n");
		return -1;
	}
	return 0;
}

static int headless(struct viz_session *s, const struct viz_args *a)
{
	char err[1200];
	struct viz_picture *p = viz_picture_render_scaled(s, NULL, a->width, a->height,
							  a->scale, err, sizeof err);
	if (!p || viz_picture_save(p, a->screenshot, err, sizeof err) != 0) {
		fprintf(stderr, "mmusim viz: %s\n", err);
		viz_picture_free(p);
		return 2;
	}
	printf("event %" PRIu64 ": %s\n", viz_session_position(s),
	       p->view.scene.narration);
	viz_picture_free(p);
	return 0;
}

/* Show the state after --at events (the window, or a picture). */
static int show(struct viz_session *s, const struct viz_args *a)
{
	if (a->headless)
		return headless(s, a);
	char err[1200];
	struct viz_window_options wo = {.width = a->width, .height = a->height,
					.scale = a->scale, .screenshot = a->screenshot};
	if (viz_window_run(s, &wo, err, sizeof err) != 0) {
		fprintf(stderr, "mmusim viz: %s\n", err);
		return 2;
	}
	return 0;
}

static int viz_session_command(struct viz_session *s, const struct viz_args *a)
{
	char err[1200];
	if (a->at > viz_session_total(s)) {
		fprintf(stderr, "mmusim viz: --at %" PRIu64 ": %s has %" PRIu64
			" events\n", a->at, a->trace, viz_session_total(s));
		return 2;
	}
	if (viz_session_seek(s, a->at, err, sizeof err) != 0) {
		fprintf(stderr, "mmusim viz: %s\n", err);
		return 2;
	}
	int code = 0;
	if (viz_session_position(s) < a->at) {
		/* The run stopped before event N: show where, and say why. */
		fprintf(stderr, "mmusim viz: the run stopped after event %" PRIu64
			": %s\n", viz_session_position(s), viz_session_error(s));
		code = run_exit_code(viz_session_status(s));
	}
	int shown = show(s, a);
	return shown ? shown : code;
}

static int viz_command(const struct viz_args *a)
{
	char err[1200];
	struct mmusim_config config;
	if (trace_config_load("mmusim viz", a->trace, a->config.file, a->config.sets,
			      a->config.set_count, &config, err, sizeof err) != 0) {
		fprintf(stderr, "mmusim viz: %s\n", err);
		return 2;
	}
	struct viz_session *s = viz_session_open(&config, a->trace, err, sizeof err);
	if (!s) {
		fprintf(stderr, "mmusim viz: %s\n", err);
		return 2;
	}
	int code = viz_session_command(s, a);
	viz_session_close(s);
	return code;
}

int cmd_viz(int argc, char **argv)
{
	struct viz_args a = {.width = 1600, .height = 900};
	if (!cli_config_init(&a.config, argc))
		return 2;
	int code;
	if (parse(argc, argv, &a) != 0)
		code = 2;
	else if (a.help)
		code = (fputs(usage_text, stdout), 0);
	else
		code = viz_command(&a);
	cli_config_fini(&a.config);
	return code;
}
