/*
 * tests/cli/test_slurm_grid.c: the Slurm sweep's files without Slurm:
 * SHA-256 against the standard's test vectors, run hashes, the grid
 * written and read back, result files written and read back exactly, the
 * refusal of stale and foreign results, and `mmusim sweep-task` run by
 * hand (a result all or nothing; a changed trace refused), the Slurm
 * options and which command lines are `--collect`/`--resume DIR`. The real
 * cluster: test_slurm.py (suite slurm).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content_hash.h"
#include "run_pool.h"
#include "slurm_cli.h"
#include "slurm_grid.h"
#include "tmpdir.h"

int cmd_sweep_task(int argc, char **argv);

/* 1,2,3,1,4,1,2 written: with 3 frames (2 for data) FIFO misses 6 times. */
static const char trace_text[] =
	"start 1\nswitch 1\nmap swap\nmap swap\nmap swap\nmap swap\n"
	"w 0x600000000\nw 0x600010000\nw 0x600020000\nw 0x600000000\n"
	"w 0x600030000\nw 0x600000000\nw 0x600010000\nexit\n";

static bool exists(const char *dir, const char *name)
{
	char path[512];
	struct stat st;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return stat(path, &st) == 0;
}

/* ---- hashes ------------------------------------------------------------ */

static void test_sha256_vectors(void **state)
{
	(void)state;
	char hex[CONTENT_HASH_HEX], err[256], dir[256];
	/* FIPS 180-2, appendix B.1 and the empty message */
	content_hash_bytes("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
				 "b00361a396177a9cb410ff61f20015ad");
	content_hash_bytes("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
				 "27ae41e4649b934ca495991b7852b855");
	tmpdir_make(dir, sizeof dir, "hash");
	tmpdir_put(dir, "abc", "abc");
	char path[300];
	snprintf(path, sizeof path, "%s/abc", dir);
	assert_int_equal(content_hash_file(path, hex, err, sizeof err), 0);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
				 "b00361a396177a9cb410ff61f20015ad");
	snprintf(path, sizeof path, "%s/none", dir);
	assert_int_equal(content_hash_file(path, hex, err, sizeof err), -1);
	assert_non_null(strstr(err, "/none: No such file"));
	tmpdir_remove(dir);
}

static void test_run_hash(void **state)
{
	(void)state;
	struct mmusim_config a, b;
	struct run_options o, p;
	char ha[CONTENT_HASH_HEX], hb[CONTENT_HASH_HEX];
	config_defaults(&a);
	b = a;
	run_options_default(&o);
	p = o;
	slurm_run_hash(&a, &o, ha);
	slurm_run_hash(&b, &p, hb);
	assert_string_equal(ha, hb);
	assert_int_equal(strlen(ha), 64);
	b.memory_pages++;
	slurm_run_hash(&b, &p, hb);
	assert_string_not_equal(ha, hb);
	b = a;
	p.shadow = false;
	slurm_run_hash(&b, &p, hb);
	assert_string_not_equal(ha, hb);
	p = o;
	snprintf(b.policy, sizeof b.policy, "lru");
	slurm_run_hash(&b, &p, hb);
	assert_string_not_equal(ha, hb);
	/* --warmup changes what a run counts: its results are another run's */
	b = a;
	p = o;
	p.warmup = 5;
	slurm_run_hash(&b, &p, hb);
	assert_string_not_equal(ha, hb);
}

static void test_task_runs(void **state)
{
	(void)state;
	struct slurm_grid g = {.chunk = 2, .run_count = 5};
	size_t first, count;
	assert_int_equal(slurm_grid_task_count(5, 2), 3);
	assert_int_equal(slurm_grid_task_count(4, 2), 2);
	assert_int_equal(slurm_grid_task_count(1, 4096), 1);
	slurm_grid_task_runs(&g, 0, &first, &count);
	assert_int_equal(first, 0);
	assert_int_equal(count, 2);
	slurm_grid_task_runs(&g, 2, &first, &count);
	assert_int_equal(first, 4);
	assert_int_equal(count, 1);
}

/* ---- a grid of 5 runs in DIR/d ----------------------------------------- */

struct fixture {
	char root[256], dir[300], trace[300];
	struct run_job jobs[5];
	struct slurm_grid g;
	struct slurm_run runs[5];
	char *argv[4];
};

static void make_grid(struct fixture *f)
{
	tmpdir_make(f->root, sizeof f->root, "slurm-grid");
	tmpdir_put(f->root, "t.trace", trace_text);
	snprintf(f->dir, sizeof f->dir, "%s/d", f->root);
	snprintf(f->trace, sizeof f->trace, "%s/t.trace", f->root);
	static const char *const policies[] = {"fifo", "lru", "opt", "clock",
					       "fifo"};
	for (int i = 0; i < 5; i++) {
		config_defaults(&f->jobs[i].config);
		f->jobs[i].config.memory_pages = 3 + (i == 4);
		snprintf(f->jobs[i].config.policy, sizeof f->jobs[i].config.policy,
			 "%s", policies[i]);
		snprintf(f->runs[i].label, sizeof f->runs[i].label, "run %d", i);
	}
	f->argv[0] = "sweep";
	f->argv[1] = f->trace;
	f->argv[2] = "--no-plot";
	f->g = (struct slurm_grid){
		.command = "sweep", .argv = f->argv, .argc = 3,
		.cwd = f->root, .trace = f->trace, .chunk = 2, .tasks = 3,
		.run_count = 5, .runs = f->runs,
		.submit = {.partition = "debug", .max_running = 2,
			   .sbatch_args = (const char *[]){"--hold"},
			   .sbatch_arg_count = 1}};
	run_options_default(&f->g.options);
	char err[512];
	assert_int_equal(content_hash_file(f->trace, f->g.trace_hash, err,
					   sizeof err), 0);
	assert_int_equal(slurm_grid_write(f->dir, &f->g, f->jobs, err,
					  sizeof err), 0);
}

static void test_grid_round_trip(void **state)
{
	(void)state;
	struct fixture f;
	char err[1024];
	make_grid(&f);
	assert_true(exists(f.dir, "grid.json"));
	assert_true(exists(f.dir, "configs/4.json"));
	assert_true(exists(f.dir, "results"));
	assert_true(exists(f.dir, "logs"));

	struct slurm_grid r;
	assert_int_equal(slurm_grid_read(f.dir, &r, err, sizeof err), 0);
	assert_string_equal(r.command, "sweep");
	assert_int_equal(r.argc, 3);
	assert_string_equal(r.argv[1], f.trace);
	assert_string_equal(r.argv[2], "--no-plot");
	assert_null(r.argv[3]);
	assert_string_equal(r.cwd, f.root);
	assert_string_equal(r.trace, f.trace);
	assert_string_equal(r.trace_hash, f.g.trace_hash);
	assert_int_equal(r.chunk, 2);
	assert_int_equal(r.tasks, 3);
	assert_int_equal(r.run_count, 5);
	assert_true(r.options.shadow);
	assert_false(r.options.check);
	assert_string_equal(r.submit.partition, "debug");
	assert_null(r.submit.time);
	assert_int_equal(r.submit.max_running, 2);
	assert_int_equal(r.submit.sbatch_arg_count, 1);
	assert_string_equal(r.submit.sbatch_args[0], "--hold");
	for (size_t i = 0; i < 5; i++) {
		char hash[CONTENT_HASH_HEX];
		struct mmusim_config c;
		slurm_run_hash(&f.jobs[i].config, &r.options, hash);
		assert_string_equal(r.runs[i].hash, hash);
		assert_string_equal(r.runs[i].label, f.runs[i].label);
		assert_int_equal(slurm_grid_load_config(f.dir, &r, i, &c, err,
							sizeof err), 0);
		assert_memory_equal(&c, &f.jobs[i].config, sizeof c);
	}
	/* a configuration file changed after submission */
	char path[400];
	snprintf(path, sizeof path, "%s/configs/1.json", f.dir);
	FILE *cf = fopen(path, "w");
	assert_non_null(cf);
	fputs("{\"policy\": \"fifo\", \"memory_pages\": 3}\n", cf);
	fclose(cf);
	struct mmusim_config c;
	assert_int_equal(slurm_grid_load_config(f.dir, &r, 1, &c, err,
						sizeof err), -1);
	assert_non_null(strstr(err, "configs/1.json: not the configuration of "
				    "run 1 (run 1)"));
	slurm_grid_free(&r);

	/* the folder holds a grid: a second sweep is refused */
	assert_int_equal(slurm_grid_write(f.dir, &f.g, f.jobs, err, sizeof err),
			 -1);
	assert_non_null(strstr(err, "holds a sweep already"));
	/* a grid.json that is not one */
	tmpdir_put(f.root, "d/grid.json", "{\"mmusim_slurm_grid\": 7}");
	assert_int_equal(slurm_grid_read(f.dir, &r, err, sizeof err), -1);
	assert_non_null(strstr(err, "grid.json: a grid of another version"));
	tmpdir_remove(f.root);
}

/* --warmup goes to the nodes in grid.json, as a string of digits (every
 * uint64_t); a grid without it (written before it) reads as 0. */
static void test_grid_warmup(void **state)
{
	(void)state;
	struct fixture f;
	char err[1024];
	make_grid(&f);
	struct slurm_grid r;
	assert_int_equal(slurm_grid_read(f.dir, &r, err, sizeof err), 0);
	assert_int_equal(r.options.warmup, 0);
	slurm_grid_free(&r);
	snprintf(f.dir, sizeof f.dir, "%s/w", f.root);
	f.g.options.warmup = UINT64_MAX - 1;
	f.g.submit.sbatch_arg_count = 0; /* make_grid's list is gone with its frame */
	assert_int_equal(slurm_grid_write(f.dir, &f.g, f.jobs, err, sizeof err), 0);
	assert_int_equal(slurm_grid_read(f.dir, &r, err, sizeof err), 0);
	assert_true(r.options.warmup == UINT64_MAX - 1);
	slurm_grid_free(&r);
	tmpdir_remove(f.root);
}

/* ---- results ----------------------------------------------------------- */

static void fill(struct run_job *j, uint64_t base)
{
	memset(&j->result, 0, sizeof j->result);
	j->code = 0;
	j->result.faults_major = base;
	j->result.reads = base + 1;
	j->result.cycles = UINT64_C(18446744073709551557);  /* past 2^53 */
	j->result.breakdown.compute = base * 3;
	j->result.mmu.reads_by_level[1] = base * 4;
	j->result.mmu.reads_by_level[MMU_MAX_LEVELS] = base * 5;
	j->result.killed = 0;
}

static void test_results(void **state)
{
	(void)state;
	struct fixture f;
	char err[1024], why[1200];
	make_grid(&f);
	struct slurm_grid r;
	assert_int_equal(slurm_grid_read(f.dir, &r, err, sizeof err), 0);

	/* task 1 = runs 2 and 3; run 3 failed */
	struct run_job out[2];
	memset(out, 0, sizeof out);
	fill(&out[0], 40);
	out[1].code = 1;
	snprintf(out[1].err, sizeof out[1].err, "t.trace:9: \"expected\" 3");
	assert_int_equal(slurm_result_write(f.dir, &r, 1, out, err, sizeof err),
			 0);

	struct run_job *in = calloc(5, sizeof *in);
	assert_non_null(in);
	assert_int_equal(slurm_result_read(f.dir, &r, 0, in, why, sizeof why),
			 SLURM_RESULT_MISSING);
	assert_int_equal(slurm_result_read(f.dir, &r, 1, in, why, sizeof why),
			 SLURM_RESULT_OK);
	assert_int_equal(in[2].code, 0);
	assert_int_equal(in[2].result.faults_major, 40);
	assert_int_equal(in[2].result.reads, 41);
	assert_true(in[2].result.cycles == UINT64_C(18446744073709551557));
	assert_int_equal(in[2].result.breakdown.compute, 120);
	assert_int_equal(in[2].result.mmu.reads_by_level[1], 160);
	assert_int_equal(in[2].result.mmu.reads_by_level[MMU_MAX_LEVELS], 200);
	assert_int_equal(in[3].code, 1);
	assert_string_equal(in[3].err, "t.trace:9: \"expected\" 3");
	assert_int_equal(in[0].code, 0);   /* other tasks' slots untouched */
	assert_int_equal(in[4].result.reads, 0);

	/* task 1's file as task 0's: another task */
	char *text = NULL, from[400], to[400];
	snprintf(from, sizeof from, "%s/results/1.json", f.dir);
	text = tmpdir_slurp(from, NULL);
	tmpdir_put(f.dir, "results/0.json", text);
	memset(in, 0, 5 * sizeof *in);
	assert_int_equal(slurm_result_read(f.dir, &r, 0, in, why, sizeof why),
			 SLURM_RESULT_REFUSED);
	assert_non_null(strstr(why, "results/0.json: the result of another task"));
	assert_int_equal(in[0].result.reads, 0);

	/* a result made for other configurations (a stale grid) */
	struct slurm_grid other = r;
	struct slurm_run runs[5];
	memcpy(runs, r.runs, sizeof runs);
	runs[3].hash[0] = runs[3].hash[0] == '0' ? '1' : '0';
	other.runs = runs;
	assert_int_equal(slurm_result_read(f.dir, &other, 1, in, why, sizeof why),
			 SLURM_RESULT_REFUSED);
	assert_non_null(strstr(why, "made for another configuration"));
	assert_int_equal(in[2].result.reads, 0);  /* refused: nothing filled */
	/* ... or from another trace */
	other.runs = r.runs;
	other.trace_hash[0] = other.trace_hash[0] == '0' ? '1' : '0';
	assert_int_equal(slurm_result_read(f.dir, &other, 1, in, why, sizeof why),
			 SLURM_RESULT_REFUSED);
	assert_non_null(strstr(why, "made from another trace"));
	/* a cut file (what no atomic writer leaves, but a user might) */
	snprintf(to, sizeof to, "d/results/2.json");
	text[strlen(text) / 2] = '\0';
	tmpdir_put(f.root, to, text);
	assert_int_equal(slurm_result_read(f.dir, &r, 2, in, why, sizeof why),
			 SLURM_RESULT_REFUSED);
	assert_non_null(strstr(why, "not valid JSON"));
	free(text);
	free(in);
	slurm_grid_free(&r);
	tmpdir_remove(f.root);
}

/* ---- sweep-task by hand ------------------------------------------------ */

static int task(const char *dir, const char *number)
{
	char *argv[] = {"sweep-task", (char *)dir, (char *)number, NULL};
	return cmd_sweep_task(3, argv);
}

static void test_sweep_task(void **state)
{
	(void)state;
	struct fixture f;
	char err[1024], why[1200];
	make_grid(&f);
	struct slurm_grid r;
	assert_int_equal(slurm_grid_read(f.dir, &r, err, sizeof err), 0);

	/* the local runs, to compare with */
	struct run_job local[5];
	memcpy(local, f.jobs, sizeof local);
	assert_int_equal(run_pool(f.trace, NULL, local, 5, 1), 0);
	assert_int_equal(local[0].result.faults_major, 6);  /* FIFO, 2 frames */

	assert_int_equal(task(f.dir, "2"), 0);
	assert_int_equal(task(f.dir, "0"), 0);
	struct run_job *in = calloc(5, sizeof *in);
	assert_non_null(in);
	assert_int_equal(slurm_result_read(f.dir, &r, 0, in, why, sizeof why),
			 SLURM_RESULT_OK);
	assert_int_equal(slurm_result_read(f.dir, &r, 2, in, why, sizeof why),
			 SLURM_RESULT_OK);
	for (int i = 0; i < 5; i++) {
		if (i == 2 || i == 3)
			continue;
		const struct run_result *a = &in[i].result, *b = &local[i].result;
		assert_int_equal(in[i].code, 0);
		assert_int_equal(a->events, b->events);
		assert_int_equal(a->writes, b->writes);
		assert_int_equal(a->faults_major, b->faults_major);
		assert_int_equal(a->evictions, b->evictions);
		assert_int_equal(a->swap_reads, b->swap_reads);
		assert_int_equal(a->swap_writes, b->swap_writes);
		assert_int_equal(a->tlb_misses, b->tlb_misses);
		assert_int_equal(a->cycles, b->cycles);
		assert_memory_equal(&a->breakdown, &b->breakdown,
				    sizeof a->breakdown);
		assert_memory_equal(a->mmu.reads_by_level, b->mmu.reads_by_level,
				    sizeof a->mmu.reads_by_level);
	}
	assert_int_equal(task(f.dir, "3"), 2);   /* tasks 0 to 2 */
	assert_false(exists(f.dir, "results/3.json"));

	/* the trace changed since submission: refused, nothing written */
	tmpdir_put(f.root, "t.trace", "start 1\nexit\n");
	assert_int_equal(task(f.dir, "1"), 2);
	assert_false(exists(f.dir, "results/1.json"));
	free(in);
	slurm_grid_free(&r);
	tmpdir_remove(f.root);
}

/* ---- the command line ------------------------------------------------- */

static bool dir_command(int argc, ...)
{
	char *argv[8];
	va_list ap;
	va_start(ap, argc);
	for (int i = 0; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	argv[argc] = NULL;
	return slurm_cli_is_dir_command(argc, argv);
}

static void test_dir_commands(void **state)
{
	(void)state;
	assert_true(dir_command(3, "sweep", "--collect", "d"));
	assert_true(dir_command(2, "sweep", "--collect=d"));
	assert_true(dir_command(3, "sweep", "--resume", "d"));
	assert_true(dir_command(4, "sweep", "--resume", "d", "--wait"));
	assert_false(dir_command(4, "sweep", "--collect", "d", "--wait"));
	assert_false(dir_command(2, "sweep", "--collect"));
	assert_false(dir_command(3, "sweep", "--collect="));
	/* the stored command line run again: not a folder command */
	assert_false(dir_command(5, "sweep", "--collect", "d", "t.trace",
				 "--no-plot"));
	assert_false(dir_command(3, "sweep", "t.trace", "--collect"));
}

static void test_options(void **state)
{
	(void)state;
	char *argv[] = {"sweep", "t", "--slurm", "d", "--chunk=8",
			"--max-running", "3", "--sbatch-arg=--hold",
			"--sbatch-arg", "--qos=x", "--time", "5", "--wait",
			"--chunk", "0", "--jobs", NULL};
	int argc = 16;
	struct slurm_cli s;
	assert_int_equal(slurm_cli_init(&s, argc), 0);
	assert_false(slurm_cli_active(&s));
	int taken[16] = {0};
	for (int i = 2; i < 13; i++) {
		int at = i;
		taken[at] = slurm_cli_option(&s, "sweep", argc, argv, &i);
		assert_int_equal(taken[at], 1);
	}
	assert_true(slurm_cli_active(&s));
	assert_string_equal(s.dir, "d");
	assert_int_equal(s.chunk, 8);
	assert_int_equal(s.submit.max_running, 3);
	assert_int_equal(s.submit.sbatch_arg_count, 2);
	assert_string_equal(s.submit.sbatch_args[0], "--hold");
	assert_string_equal(s.submit.sbatch_args[1], "--qos=x");
	assert_string_equal(s.submit.time, "5");
	assert_true(s.wait);
	int i = 13;
	assert_int_equal(slurm_cli_option(&s, "sweep", argc, argv, &i), -1);
	i = 15;   /* not one of Slurm's */
	assert_int_equal(slurm_cli_option(&s, "sweep", argc, argv, &i), 0);
	slurm_cli_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_run_hash),
		cmocka_unit_test(test_task_runs),
		cmocka_unit_test(test_grid_round_trip),
		cmocka_unit_test(test_grid_warmup),
		cmocka_unit_test(test_results),
		cmocka_unit_test(test_sweep_task),
		cmocka_unit_test(test_dir_commands),
		cmocka_unit_test(test_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
