/*
 * sim/replay/run_pool.c: the worker pool of run_pool.h. The only shared mutable
 * word is the index of the next job, an atomic counter; everything a job
 * writes lives in its own slot.
 */
#include "run_pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

struct pool {
	const char *trace_path;
	const struct run_options *options;
	struct run_job *jobs;
	size_t count;
	atomic_size_t next;
	void (*done)(void *arg, size_t finished, size_t count);
	void *arg;
	pthread_mutex_t lock;         /* around done() */
	size_t finished;
};

unsigned run_pool_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 1024 ? 1024 : (unsigned)n;
}

static void run_job(const struct pool *p, struct run_job *job)
{
	job->err[0] = '\0';
	job->code = run_trace(&job->config, p->trace_path, p->options,
			      &job->result, job->err, sizeof job->err);
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	for (;;) {
		size_t i = atomic_fetch_add(&p->next, 1);
		if (i >= p->count)
			return NULL;
		run_job(p, &p->jobs[i]);
		if (p->done) {
			pthread_mutex_lock(&p->lock);
			p->done(p->arg, ++p->finished, p->count);
			pthread_mutex_unlock(&p->lock);
		}
	}
}

int run_pool(const char *trace_path, const struct run_options *options,
	     struct run_job *jobs, size_t count, unsigned workers)
{
	return run_pool_watch(trace_path, options, jobs, count, workers, NULL, NULL);
}

int run_pool_watch(const char *trace_path, const struct run_options *options,
		   struct run_job *jobs, size_t count, unsigned workers,
		   void (*done)(void *arg, size_t finished, size_t count),
		   void *arg)
{
	if (options && options->log)
		return -1;
	struct pool p = {.trace_path = trace_path, .options = options,
			 .jobs = jobs, .count = count, .done = done, .arg = arg};
	pthread_mutex_init(&p.lock, NULL);
	atomic_init(&p.next, 0);
	if (workers == 0)
		workers = run_pool_cores();
	if (workers > count)
		workers = (unsigned)count;
	/* The calling thread is one of the workers. */
	size_t extra = workers > 1 ? workers - 1 : 0;
	pthread_t *threads = extra ? calloc(extra, sizeof *threads) : NULL;
	size_t started = 0;
	while (threads && started < extra &&
	       pthread_create(&threads[started], NULL, worker, &p) == 0)
		started++;
	worker(&p);
	for (size_t t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	free(threads);
	pthread_mutex_destroy(&p.lock);

	int worst = 0;
	for (size_t i = 0; i < count; i++)
		if (jobs[i].code > worst)
			worst = jobs[i].code;
	return worst;
}
