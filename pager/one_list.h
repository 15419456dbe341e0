/*
 * pager/one_list.h: the state and calls shared by every policy that keeps
 * its frames in one list (fifo, lru, clock-cold, ...): fill at the tail,
 * release anywhere, order from the head, held = in the list. A policy that
 * needs more per-frame state embeds `struct one_list` first in its own
 * struct and wraps create/clone; the rest it takes as they are.
 *
 * Cost: every call O(1) but check() and order(), O(frames).
 */
#ifndef MMUSIM_PAGER_ONE_LIST_H
#define MMUSIM_PAGER_ONE_LIST_H

#include <stddef.h>

#include "frame_list.h"
#include "policy.h"

struct one_list {
	const char *name;        /* the policy's, for messages */
	struct frame_links links;
	struct frame_list list;  /* head: the oldest end (first judged) */
};

/* A zeroed block of `size` bytes (>= sizeof struct one_list, the one_list
 * first) with the list set up for params->frames; aborts when out of memory. */
void *one_list_create(size_t size, const struct policy_params *params, const char *name);
/* Frees the links and the block (extra arrays are the caller's). */
void one_list_destroy(void *policy);
/* A copy of the `size` byte block and its links (extra arrays: the caller's). */
void *one_list_clone(const void *policy, size_t size);

void one_list_filled(void *policy, uint32_t frame, uint64_t key);   /* to the tail */
void one_list_released(void *policy, uint32_t frame, uint64_t key, bool evicted);
void one_list_ignore_access(void *policy, uint32_t frame, bool write);
/* The unpinned frame nearest the head; aborts when there is none. */
uint32_t one_list_first_unpinned(void *policy, const struct victim_probe *probe);
uint32_t one_list_order(const void *policy, uint32_t *frames, uint32_t cap);
bool one_list_holds(const void *policy, uint32_t frame);
/* The list's links, count, and that no frame is marked in another list. */
void one_list_check(const void *policy);

#endif
