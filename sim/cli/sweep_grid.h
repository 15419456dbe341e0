/*
 * sim/cli/sweep_grid.h: the grid `mmusim sweep` runs: the values of one key
 * (--vary KEY=A..B[:STEP]) times a list of policies (--policies P,...).
 * Run i of the grid is value i / policies, policy i % policies, so the
 * rows come out value by value, policies in the order given.
 */
#ifndef MMUSIM_SIM_SWEEP_GRID_H
#define MMUSIM_SIM_SWEEP_GRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SWEEP_MAX_RUNS 4096        /* values x policies */
#define SWEEP_MAX_POLICIES 32
#define SWEEP_KEY_MAX 64

struct sweep_grid {
	char key[SWEEP_KEY_MAX];  /* dotted config key: "memory_pages" */
	uint64_t *values;         /* A, A+STEP, ... up to B (or A, A*F, ...) */
	size_t value_count;
	bool multiply;            /* ":xF": the values multiply */
	char policies[SWEEP_MAX_POLICIES][32];
	size_t policy_count;      /* 0 until sweep_grid_policies */
};

/*
 * "KEY=A..B", "KEY=A..B:STEP" (A, A+STEP, ... <= B) or "KEY=A..B:xF"
 * (A, A*F, ... <= B, F >= 2); A <= B, STEP >= 1, numbers decimal or 0x.
 * The key itself is checked by loading the configuration. 0, or -1 with
 * "--vary 'TEXT': what is wrong" in err.
 */
int sweep_grid_vary(struct sweep_grid *grid, const char *text, char *err,
		    size_t err_len);

/* "fifo,lru,opt": known policies (policy_find), none twice, at least
 * one. 0, or -1 with "--policies: what is wrong" in err. */
int sweep_grid_policies(struct sweep_grid *grid, const char *list,
			char *err, size_t err_len);

size_t sweep_grid_runs(const struct sweep_grid *grid);
void sweep_grid_free(struct sweep_grid *grid);

#endif
