/*
 * pager/frame_list.c: the mechanism behind frame_list.h. Plain doubly linked
 * lists with head and tail, the links kept in arrays indexed by frame so
 * that a policy's per-frame state is a few bytes and allocation happens
 * once, at create.
 */
#include <stdlib.h>
#include <string.h>

#include "check_fail.h"
#include "frame_list.h"

void frame_links_init(struct frame_links *links, uint32_t frames, const char *who)
{
	size_t n = frames ? frames : 1;
	links->frames = frames;
	links->next = malloc(sizeof *links->next * n);
	links->prev = malloc(sizeof *links->prev * n);
	links->list = calloc(n, sizeof *links->list);
	MMUSIM_CHECK(links->next && links->prev && links->list,
		     "%s: out of memory for %u frames", who, frames);
	for (uint32_t f = 0; f < frames; f++)
		links->next[f] = links->prev[f] = FRAME_NONE;
}

void frame_links_free(struct frame_links *links)
{
	free(links->next);
	free(links->prev);
	free(links->list);
	*links = (struct frame_links){ 0 };
}

void *frame_copy_bytes(const void *from, size_t n, const char *who)
{
	void *to = malloc(n ? n : 1);
	MMUSIM_CHECK(to, "%s: out of memory for %zu bytes", who, n);
	memcpy(to, from, n);
	return to;
}

void frame_links_copy(struct frame_links *to, const struct frame_links *from, const char *who)
{
	size_t n = from->frames;
	to->frames = from->frames;
	to->next = frame_copy_bytes(from->next, sizeof *from->next * n, who);
	to->prev = frame_copy_bytes(from->prev, sizeof *from->prev * n, who);
	to->list = frame_copy_bytes(from->list, sizeof *from->list * n, who);
}

uint32_t frame_links_linked(const struct frame_links *links)
{
	uint32_t n = 0;
	for (uint32_t f = 0; f < links->frames; f++)
		n += links->list[f] != 0;
	return n;
}

void frame_list_init(struct frame_list *list, uint8_t id)
{
	MMUSIM_CHECK(id != 0, "frame_list_init: list id 0 means 'in no list'");
	*list = (struct frame_list){ .head = FRAME_NONE, .tail = FRAME_NONE, .id = id };
}

static void check_pushable(const struct frame_links *links, uint32_t frame)
{
	MMUSIM_CHECK(frame != 0 && frame < links->frames,
		     "frame_list: frame %u is not a replaceable frame (1..%u)", frame,
		     links->frames ? links->frames - 1 : 0);
	MMUSIM_CHECK(links->list[frame] == 0, "frame_list: frame %u already in list %u",
		     frame, links->list[frame]);
}

void frame_list_push_tail(struct frame_list *list, struct frame_links *links, uint32_t frame)
{
	check_pushable(links, frame);
	links->prev[frame] = list->tail;
	links->next[frame] = FRAME_NONE;
	if (list->tail == FRAME_NONE)
		list->head = frame;
	else
		links->next[list->tail] = frame;
	list->tail = frame;
	links->list[frame] = list->id;
	list->count++;
}

void frame_list_push_head(struct frame_list *list, struct frame_links *links, uint32_t frame)
{
	check_pushable(links, frame);
	links->next[frame] = list->head;
	links->prev[frame] = FRAME_NONE;
	if (list->head == FRAME_NONE)
		list->tail = frame;
	else
		links->prev[list->head] = frame;
	list->head = frame;
	links->list[frame] = list->id;
	list->count++;
}

void frame_list_remove(struct frame_list *list, struct frame_links *links, uint32_t frame)
{
	MMUSIM_CHECK(frame_list_holds(list, links, frame),
		     "frame_list_remove: frame %u not in list %u", frame, list->id);
	uint32_t p = links->prev[frame], n = links->next[frame];
	if (p == FRAME_NONE)
		list->head = n;
	else
		links->next[p] = n;
	if (n == FRAME_NONE)
		list->tail = p;
	else
		links->prev[n] = p;
	links->next[frame] = links->prev[frame] = FRAME_NONE;
	links->list[frame] = 0;
	list->count--;
}

/* The hit path of every policy that keeps recency (lru, and others on
 * accessed()): one check and the relinking, without clearing the frame's
 * links and tag only to set them again. */
void frame_list_move_to_tail(struct frame_list *list, struct frame_links *links, uint32_t frame)
{
	MMUSIM_CHECK(frame_list_holds(list, links, frame),
		     "frame_list_remove: frame %u not in list %u", frame, list->id);
	uint32_t tail = list->tail;
	if (tail == frame)
		return;
	uint32_t p = links->prev[frame], n = links->next[frame]; /* n exists: not the tail */
	if (p == FRAME_NONE)
		list->head = n;
	else
		links->next[p] = n;
	links->prev[n] = p;
	links->next[tail] = frame;
	links->prev[frame] = tail;
	links->next[frame] = FRAME_NONE;
	list->tail = frame;
}

uint32_t frame_list_write(const struct frame_list *list, const struct frame_links *links,
			  uint32_t *frames, uint32_t cap, uint32_t at)
{
	for (uint32_t f = list->head; f != FRAME_NONE; f = links->next[f], at++)
		if (frames && at < cap)
			frames[at] = f;
	return at;
}

void frame_list_check(const struct frame_list *list, const struct frame_links *links,
		      const char *who)
{
	uint32_t seen = 0, prev = FRAME_NONE;
	for (uint32_t f = list->head; f != FRAME_NONE; prev = f, f = links->next[f]) {
		MMUSIM_CHECK(f < links->frames, "%s: list %u links to frame %u, out of range",
			     who, list->id, f);
		MMUSIM_CHECK(links->list[f] == list->id, "%s: frame %u is linked in list %u but marked %u",
			     who, f, list->id, links->list[f]);
		MMUSIM_CHECK(links->prev[f] == prev, "%s: list %u broken at frame %u (prev %u, expected %u)",
			     who, list->id, f, links->prev[f], prev);
		MMUSIM_CHECK(++seen <= list->count, "%s: list %u longer than its count %u",
			     who, list->id, list->count);
	}
	MMUSIM_CHECK(seen == list->count, "%s: list %u holds %u frames, count says %u",
		     who, list->id, seen, list->count);
	MMUSIM_CHECK(list->tail == prev, "%s: list %u tail is %u, last frame is %u",
		     who, list->id, list->tail, prev);
}

uint32_t frame_list_first_unpinned(const struct frame_list *list, const struct frame_links *links,
				   const struct victim_probe *probe)
{
	for (uint32_t f = list->head; f != FRAME_NONE; f = links->next[f])
		if (!probe->pinned(probe->ctx, f))
			return f;
	return FRAME_NONE;
}
