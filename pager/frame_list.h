/*
 * pager/frame_list.h: doubly linked lists of frames, threaded through arrays
 * indexed by frame, for the replacement policies.
 *
 * One `frame_links` holds the links of every frame; several `frame_list`s
 * (a policy's queues) may share it, since a frame is in at most one list.
 * `links.list[f]` names the list holding f (its `id`, never 0), or is 0.
 * Every operation is O(1) except frame_list_write, the checks (O(count))
 * and frame_list_first_unpinned (O(1 + pinned frames passed)).
 *
 * Orientation: the head is the oldest end (where a victim search starts),
 * the tail the newest (where a filled frame goes); `next` points towards
 * the tail. FRAME_NONE ends a list.
 *
 * Frames 1..frames-1 may be pushed (frame 0 is the zero page, never
 * replaced). Contract violations (pushing frame 0, one out of range or one
 * already in a list; removing one the list does not hold) abort through
 * MMUSIM_CHECK.
 */
#ifndef MMUSIM_PAGER_FRAME_LIST_H
#define MMUSIM_PAGER_FRAME_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy.h"

#define FRAME_NONE UINT32_MAX

struct frame_links {
	uint32_t frames;  /* frames 0..frames-1 may be linked */
	uint32_t *next;   /* towards the tail; FRAME_NONE at the tail */
	uint32_t *prev;   /* towards the head; FRAME_NONE at the head */
	uint8_t *list;    /* id of the list holding the frame, 0 = none */
};

struct frame_list {
	uint32_t head, tail; /* FRAME_NONE when empty */
	uint32_t count;
	uint8_t id;          /* >= 1, unique among lists sharing the links */
};

/* Allocates the arrays, every frame in no list; aborts when out of memory
 * (`who` names the caller in the message). */
void frame_links_init(struct frame_links *links, uint32_t frames, const char *who);
void frame_links_free(struct frame_links *links);
/* `to` becomes an independent copy of `from` (aborts when out of memory). */
void frame_links_copy(struct frame_links *to, const struct frame_links *from, const char *who);
/* A copy of n bytes, for the policies' clones (aborts when out of memory). */
void *frame_copy_bytes(const void *from, size_t n, const char *who);
/* How many frames are in some list: O(frames), for checks. */
uint32_t frame_links_linked(const struct frame_links *links);

void frame_list_init(struct frame_list *list, uint8_t id);
void frame_list_push_tail(struct frame_list *list, struct frame_links *links, uint32_t frame);
void frame_list_push_head(struct frame_list *list, struct frame_links *links, uint32_t frame);
void frame_list_remove(struct frame_list *list, struct frame_links *links, uint32_t frame);
/* Remove, then push at the tail. */
void frame_list_move_to_tail(struct frame_list *list, struct frame_links *links, uint32_t frame);

static inline bool frame_list_holds(const struct frame_list *list,
				    const struct frame_links *links, uint32_t frame)
{
	return frame < links->frames && links->list[frame] == list->id;
}

/* The frame after `frame` towards the tail, wrapping to the head. */
static inline uint32_t frame_list_next_wrap(const struct frame_list *list,
					    const struct frame_links *links, uint32_t frame)
{
	uint32_t n = links->next[frame];
	return n == FRAME_NONE ? list->head : n;
}

/* The frame nearest the head that the probe does not call pinned, or
 * FRAME_NONE: the victim of every policy that evicts in list order. */
uint32_t frame_list_first_unpinned(const struct frame_list *list, const struct frame_links *links,
				   const struct victim_probe *probe);

/* Write the list from head to tail into frames[at..], storing only indices
 * below cap (nothing when frames is NULL); returns at + list->count (the
 * position after the list). */
uint32_t frame_list_write(const struct frame_list *list, const struct frame_links *links,
			  uint32_t *frames, uint32_t cap, uint32_t at);

/* Verify links both ways, membership, count, head and tail: O(count). */
void frame_list_check(const struct frame_list *list, const struct frame_links *links,
		      const char *who);

#endif
