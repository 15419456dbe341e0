/*
 * pager/policy_s3_fifo_ideal.c: S3-FIFO as the paper has it, seeing every
 * access (like lru): each use adds one to the page's counter (up to 3).
 * The mechanism, shared with `s3-fifo`, is in policy_s3_fifo.c.
 */
#include "policy.h"
#include "s3fifo.h"

const struct policy_ops policy_s3_fifo_ideal = {
	.name = "s3-fifo-ideal",
	.summary = "S3-FIFO with the paper's counter, from every access (an idealisation)",
	.wants_accesses = true,
	.knobs = s3fifo_knobs,
	.create = s3fifo_create_ideal,
	.destroy = s3fifo_destroy,
	.filled = s3fifo_filled,
	.released = s3fifo_released,
	.forget = s3fifo_forget,
	.accessed = s3fifo_accessed,
	.victim = s3fifo_victim,
	.order = s3fifo_order,
	.describe = s3fifo_describe,
	.holds = s3fifo_holds,
	.check = s3fifo_check,
	.clone = s3fifo_clone,
};
