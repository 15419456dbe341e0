/*
 * viz/narrate.h: one sentence in plain words for the event last replayed,
 * built from the event, the pager's notes and what the machine counted
 * ("process 2 writes 0x600010000: copy-on-write, frame 3 copied to
 * frame 5"). Frames, blocks and addresses are always named by number, so
 * the sentence can be checked against the picture.
 */
#ifndef MMUSIM_VIZ_NARRATE_H
#define MMUSIM_VIZ_NARRATE_H

#include <stddef.h>

#include "session.h"

/* Writes the sentence (NUL-terminated, cut to fit) into out. */
void viz_narrate(const struct viz_session *session, char *out, size_t out_len);

#endif
