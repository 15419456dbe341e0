/*
 * pager/one_list.c: the mechanism behind one_list.h, written once so that
 * single-list policies state only how they differ (where a use moves a
 * frame, which frame is the victim).
 */
#include <stdlib.h>

#include "check_fail.h"
#include "one_list.h"

void *one_list_create(size_t size, const struct policy_params *params, const char *name)
{
	MMUSIM_CHECK(size >= sizeof(struct one_list), "one_list_create: %s's state is too small",
		     name);
	struct one_list *l = calloc(1, size);
	MMUSIM_CHECK(l, "%s_create: out of memory", name);
	l->name = name;
	frame_links_init(&l->links, params->frames, name);
	frame_list_init(&l->list, 1);
	return l;
}

void one_list_destroy(void *policy)
{
	struct one_list *l = policy;
	frame_links_free(&l->links);
	free(l);
}

void *one_list_clone(const void *policy, size_t size)
{
	const struct one_list *from = policy;
	struct one_list *to = frame_copy_bytes(from, size, from->name);
	frame_links_copy(&to->links, &from->links, from->name);
	return to;
}

void one_list_filled(void *policy, uint32_t frame, uint64_t key)
{
	(void)key;
	struct one_list *l = policy;
	frame_list_push_tail(&l->list, &l->links, frame);
}

void one_list_released(void *policy, uint32_t frame, uint64_t key, bool evicted)
{
	(void)key, (void)evicted;
	struct one_list *l = policy;
	frame_list_remove(&l->list, &l->links, frame);
}

void one_list_ignore_access(void *policy, uint32_t frame, bool write)
{
	(void)policy, (void)frame, (void)write;
}

uint32_t one_list_first_unpinned(void *policy, const struct victim_probe *probe)
{
	struct one_list *l = policy;
	uint32_t f = frame_list_first_unpinned(&l->list, &l->links, probe);
	MMUSIM_CHECK(f != FRAME_NONE, "%s_victim: no unpinned frame among the %u held", l->name,
		     l->list.count);
	return f;
}

uint32_t one_list_order(const void *policy, uint32_t *frames, uint32_t cap)
{
	const struct one_list *l = policy;
	return frame_list_write(&l->list, &l->links, frames, cap, 0);
}

bool one_list_holds(const void *policy, uint32_t frame)
{
	const struct one_list *l = policy;
	return frame_list_holds(&l->list, &l->links, frame);
}

void one_list_check(const void *policy)
{
	const struct one_list *l = policy;
	frame_list_check(&l->list, &l->links, l->name);
	MMUSIM_CHECK(frame_links_linked(&l->links) == l->list.count,
		     "%s_check: %u frames marked held, the list holds %u", l->name,
		     frame_links_linked(&l->links), l->list.count);
}
