/*
 * viz/details.h: the sentence shown for what the mouse is on (a frame, a
 * ring node, a swap block, a page-table entry, a TLB entry), read through
 * the pager's views.
 */
#ifndef MMUSIM_VIZ_DETAILS_H
#define MMUSIM_VIZ_DETAILS_H

#include <stddef.h>

#include "layout.h"
#include "scene.h"
#include "session.h"

void viz_details(const struct viz_session *session,
		 const struct viz_scene *scene, struct viz_hit hit, char *out,
		 size_t out_len);

#endif
