/*
 * pager/s3fifo.h: the calls shared by the two S3-FIFO policies
 * (policy_s3_fifo.c has the mechanism; policy_s3_fifo_ideal.c only its
 * table entry). Not for other callers.
 */
#ifndef MMUSIM_PAGER_S3FIFO_H
#define MMUSIM_PAGER_S3FIFO_H

#include "policy.h"

extern const struct policy_knob s3fifo_knobs[];
void *s3fifo_create_ideal(const struct policy_params *params);
void s3fifo_destroy(void *policy);
void s3fifo_filled(void *policy, uint32_t frame, uint64_t key);
void s3fifo_released(void *policy, uint32_t frame, uint64_t key, bool evicted);
void s3fifo_forget(void *policy, uint64_t key);
void s3fifo_accessed(void *policy, uint32_t frame, bool write);
uint32_t s3fifo_victim(void *policy, const struct victim_probe *probe);
uint32_t s3fifo_order(const void *policy, uint32_t *frames, uint32_t cap);
void s3fifo_describe(const void *policy, struct queue_view *view);
bool s3fifo_holds(const void *policy, uint32_t frame);
void s3fifo_check(const void *policy);
void *s3fifo_clone(const void *policy);

#endif
