/*
 * pager/queue_view.c: the mechanism of queue_view.h: appending queues,
 * entries, hands and parameters, counting past the caller's capacity.
 */
#include "queue_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_fail.h"
#include "frame_list.h"
#include "ghost.h"

void queue_view_reset(struct queue_view *v, struct qv_entry *entries, uint32_t cap)
{
	memset(v, 0, sizeof *v);
	v->entries = entries;
	v->entry_cap = entries ? cap : 0;
}

bool queue_view_complete(const struct queue_view *v)
{
	return v->entry_count <= v->entry_cap;
}

uint32_t queue_view_queue(struct queue_view *v, const char *name, const char *first,
			  const char *last, unsigned flags)
{
	MMUSIM_CHECK(v->queue_count < QV_MAX_QUEUES, "queue_view_queue: more than %d queues",
		     QV_MAX_QUEUES);
	struct qv_queue *q = &v->queues[v->queue_count];
	*q = (struct qv_queue){ .first = first, .last = last, .flags = flags,
				.start = v->entry_count };
	snprintf(q->name, sizeof q->name, "%s", name);
	return v->queue_count++;
}

void queue_view_entry(struct queue_view *v, uint32_t frame, uint64_t key, uint8_t mark)
{
	MMUSIM_CHECK(v->queue_count > 0, "queue_view_entry: no queue started");
	MMUSIM_CHECK(mark <= v->mark_count, "queue_view_entry: mark %u not named", mark);
	if (v->entry_count < v->entry_cap)
		v->entries[v->entry_count] = (struct qv_entry){ frame, key, mark };
	v->entry_count++;
	v->queues[v->queue_count - 1].count++;
}

void queue_view_hand(struct queue_view *v, const char *name, uint32_t queue, uint32_t index)
{
	MMUSIM_CHECK(v->hand_count < QV_MAX_HANDS, "queue_view_hand: more than %d hands",
		     QV_MAX_HANDS);
	MMUSIM_CHECK(queue < v->queue_count, "queue_view_hand: no queue %u", queue);
	v->hands[v->hand_count++] = (struct qv_hand){ name, queue, index };
}

void queue_view_param(struct queue_view *v, const char *name, double value, const char *about)
{
	MMUSIM_CHECK(v->param_count < QV_MAX_PARAMS, "queue_view_param: more than %d",
		     QV_MAX_PARAMS);
	v->params[v->param_count++] = (struct qv_param){ name, value, about };
}

uint8_t queue_view_mark(struct queue_view *v, const char *name)
{
	MMUSIM_CHECK(v->mark_count < QV_MAX_MARKS, "queue_view_mark: more than %d marks",
		     QV_MAX_MARKS);
	v->marks[v->mark_count++] = name;
	return (uint8_t)v->mark_count;
}

uint32_t queue_view_order(struct queue_view *v, const char *name, const char *first,
			  const char *last, unsigned flags,
			  uint32_t (*order)(const void *policy, uint32_t *frames, uint32_t cap),
			  const void *policy)
{
	uint32_t q = queue_view_queue(v, name, first, last, flags);
	uint32_t n = order(policy, NULL, 0);
	uint32_t *frames = malloc((n ? n : 1) * sizeof *frames);
	MMUSIM_CHECK(frames, "queue_view_order: out of memory for %u frames", n);
	n = order(policy, frames, n);
	for (uint32_t i = 0; i < n; i++)
		queue_view_entry(v, frames[i], POLICY_KEY_NONE, 0);
	free(frames);
	return q;
}

void queue_view_frames(struct queue_view *v, const struct frame_list *list,
		       const struct frame_links *links, const uint64_t *keys,
		       const uint8_t *marks)
{
	for (uint32_t f = list->head; f != FRAME_NONE; f = links->next[f])
		queue_view_entry(v, f, keys ? keys[f] : POLICY_KEY_NONE, marks ? marks[f] : 0);
}

void queue_view_ghosts(struct queue_view *v, const struct ghost_table *table,
		       const struct ghost_list *list)
{
	for (uint32_t s = list->head; s != GHOST_NONE; s = table->next[s])
		queue_view_entry(v, 0, table->key[s], 0);
}

uint32_t queue_view_queue_of(const struct queue_view *v, uint32_t i)
{
	for (uint32_t q = 0; q < v->queue_count; q++)
		if (i >= v->queues[q].start && i - v->queues[q].start < v->queues[q].count)
			return q;
	return UINT32_MAX;
}

uint32_t queue_view_find_frame(const struct queue_view *v, uint32_t frame)
{
	uint32_t n = v->entry_count < v->entry_cap ? v->entry_count : v->entry_cap;
	for (uint32_t i = 0; i < n; i++)
		if (frame != 0 && v->entries[i].frame == frame)
			return queue_view_queue_of(v, i);
	return UINT32_MAX;
}
