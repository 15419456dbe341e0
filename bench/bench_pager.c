/*
 * bench/bench_pager.c: what a fault costs the pager, and whether the cost
 * depends on the number of frames, processes or pages (it must not).
 * Every access of the loop faults and evicts (a cyclic sweep over more
 * pages than frames, 256-byte pages so the copy is small), through the
 * test suite's fake machine. Prints ns per fault, and metadata sizes; then
 * the same loop for every policy in the table (4,096 frames, a cyclic
 * sweep of 8,192 pages, plus a Zipf-like mix of hits), each as a multiple of
 * fifo's cost per fault.
 *
 * Usage: bench_pager [FAULTS [POLICY,...]]
 * With a list of policies, only their costs, at 4,096 and 65,536 frames
 * (the cost of a miss must not grow with the frames).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "fake_machine.h"
#include "pager_impl.h"

static void run(uint32_t frames, uint32_t processes, uint32_t pages, unsigned long faults)
{
	struct fake f;
	fake_init(&f, frames + 1, pages * processes + 1, pages);
	for (uint32_t pid = 0; pid < processes; pid++) {
		pager_fork(f.pager, -1, (pid_t)pid);
		pager_switch(f.pager, (pid_t)pid);
		for (uint32_t v = 0; v < pages; v++)
			fake_map_swap(&f);
	}
	pager_switch(f.pager, 0);
	uint64_t before = pager_stats(f.pager)->faults;
	double start = bench_now();
	for (unsigned long i = 0; i < faults; i++) {
		uint32_t v = (uint32_t)(i % pages);
		if (v == 0 && processes > 1)
			pager_switch(f.pager, (pid_t)((i / pages) % processes));
		fake_store(&f, FAKE_BASE + (uint64_t)v * FAKE_PAGE, (uint8_t)i);
	}
	double seconds = bench_now() - start;
	uint64_t done = pager_stats(f.pager)->faults - before;
	printf("%8u frames %6u processes %7u pages: %8.1f ns/fault (%llu faults, %llu evictions)\n", frames,
	       processes, pages, seconds * 1e9 / (double)done, (unsigned long long)done,
	       (unsigned long long)pager_stats(f.pager)->evictions);
	fake_fini(&f);
}

/* ns per fault of one policy: a cyclic sweep twice the memory, with every
 * fourth access a hit on a small hot set (so hits and ghosts both matter). */
static double run_policy(const struct policy_ops *ops, unsigned long faults, uint32_t frames)
{
	const uint32_t pages = 2 * frames;
	struct pager_config config = {
		.memory_pages = frames + 1, .swap_blocks = pages + 1, .page_size = 256,
		.arena_base = FAKE_BASE, .arena_pages = pages, .policy = ops, .seed = 1,
	};
	struct fake f;
	fake_init_config(&f, &config);
	pager_fork(f.pager, -1, 0);
	pager_switch(f.pager, 0);
	for (uint32_t v = 0; v < pages; v++)
		fake_map_swap(&f);
	uint64_t before = pager_stats(f.pager)->faults_major;
	double start = bench_now();
	for (unsigned long i = 0; pager_stats(f.pager)->faults_major - before < faults; i++) {
		uint32_t v = i % 4 == 3 ? (uint32_t)(i % 64) : (uint32_t)((i / 4 * 3 + i % 4) % pages);
		fake_store(&f, FAKE_BASE + (uint64_t)v * FAKE_PAGE, (uint8_t)i);
	}
	double seconds = bench_now() - start;
	uint64_t done = pager_stats(f.pager)->faults_major - before;
	fake_fini(&f);
	return seconds * 1e9 / (double)done;
}

/* The named policies (a comma-separated list) at two memory sizes. */
static int run_some(char *names, unsigned long faults)
{
	double fifo[2] = { run_policy(policy_find("fifo"), faults, 4096),
			   run_policy(policy_find("fifo"), faults, 65536) };
	printf("fifo: %.1f ns/miss at 4096 frames, %.1f at 65536\n", fifo[0], fifo[1]);
	for (char *name = strtok(names, ","); name; name = strtok(NULL, ",")) {
		const struct policy_ops *ops = policy_find(name);
		if (!ops || ops->needs_future) {
			fprintf(stderr, "bench_pager: no policy %s to run here\n", name);
			return 2;
		}
		double small = run_policy(ops, faults, 4096), big = run_policy(ops, faults, 65536);
		printf("%16s %8.1f ns/miss (%4.2f x fifo) at 4096 frames, %8.1f (%4.2f x fifo) at 65536\n",
		       name, small, small / fifo[0], big, big / fifo[1]);
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long faults = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000000;
	if (argc > 2)
		return run_some(argv[2], faults / 4);
	printf("pager metadata: %zu bytes a virtual page (entry %zu + vpage %zu + object %zu at most), "
	       "%zu bytes a frame (+ 1 bit in the free set, + the policy's: clock 8)\n",
	       sizeof(struct pte) + sizeof(struct vpage) + sizeof(struct object), sizeof(struct pte),
	       sizeof(struct vpage), sizeof(struct object), sizeof(struct frame));
	run(64, 1, 128, faults);
	run(4096, 1, 8192, faults);
	run(65536, 1, 131072, faults);
	run(64, 100, 128, faults);
	run(4096, 100, 8192, faults);
	printf("per policy (4096 frames, 8192 pages, misses and hits; opt needs a trace's future):\n");
	double fifo = run_policy(policy_find("fifo"), faults / 4, 4096);
	for (const struct policy_ops *const *p = policy_table; *p; p++) {
		if ((*p)->needs_future)
			continue;
		double ns = run_policy(*p, faults / 4, 4096);
		printf("%16s %8.1f ns/miss, %4.2f x fifo\n", (*p)->name, ns, ns / fifo);
	}
	return 0;
}
