/*
 * live/app/app_internal.h: what the application library's files share:
 * the process's connection to the pager and its arena's geometry.
 */
#ifndef MMUSIM_LIVE_APP_INTERNAL_H
#define MMUSIM_LIVE_APP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "live_proto.h"

struct live_app {
	int socket;             /* -1: not run by mmusim live */
	int memory;             /* the physical-memory file */
	uint64_t page_size, arena_base, arena_pages;
};
extern struct live_app live_app;

/* Send one request (with a descriptor to pass, or -1); 0 or -1. */
int live_app_send(const struct live_request *req, int pass_fd);
/* Wait for the reply and apply its changes; exits when the pager is gone
 * or says so. */
void live_app_wait(struct live_reply *reply);
/* A line on stderr without stdio. */
void live_app_say(const char *a, const char *b);
/* Defined with fork and the refused calls, so that linking the library's
 * core always links them too (a static archive links only what is used). */
void live_app_link_intercepts(void);

#endif
