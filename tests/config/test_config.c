/*
 * tests/config/test_config.c: the configuration reader (sim/config/config.c)
 * against docs/config.md: defaults, every key, every message, extends,
 * --set, JSON syntax errors, config_to_json and the shipped files' values
 * (test_config_shipped loads every file in configs/ against the real table).
 *
 * Links fake_policies.c: the known policies are the spec's six.
 * MMUSIM_SRC (set by meson) is the source tree, for configs/.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "policy.h"
#include "tmpdir.h"

/* ---- scratch folder: one per test, removed afterwards ---- */

struct scratch {
	char dir[PATH_MAX];
	char *paths[64];
	int count;
};

static int scratch_setup(void **state)
{
	struct scratch *s = calloc(1, sizeof *s);

	assert_non_null(s);
	tmpdir_make(s->dir, sizeof s->dir, "config");
	*state = s;
	return 0;
}

static int scratch_teardown(void **state)
{
	struct scratch *s = *state;

	tmpdir_remove(s->dir);
	for (int i = 0; i < s->count; i++)
		free(s->paths[i]);
	free(s);
	return 0;
}

/* "DIR/name"; owned by the scratch. */
static const char *scratch_path(struct scratch *s, const char *name)
{
	char *path;

	assert_true(s->count < 64);
	assert_true(asprintf(&path, "%s/%s", s->dir, name) > 0);
	s->paths[s->count++] = path;
	return path;
}

static const char *put_bytes(struct scratch *s, const char *name,
			     const char *bytes, size_t len)
{
	const char *path = scratch_path(s, name);
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

static const char *put(struct scratch *s, const char *name, const char *text)
{
	return put_bytes(s, name, text, strlen(text));
}

static const char *make_dir(struct scratch *s, const char *name)
{
	const char *path = scratch_path(s, name);

	assert_int_equal(mkdir(path, 0700), 0);
	return path;
}

/* ---- loading helpers ---- */

static void load_ok(struct mmusim_config *c, const char *path,
		    const char *const *sets, int set_count)
{
	char err[512] = "";

	if (config_load(c, path, sets, set_count, err, sizeof err) != 0)
		fail_msg("config_load(%s) failed: %s", path ? path : "NULL", err);
	assert_string_equal(err, "");
}

static void load_fails(const char *path, const char *const *sets,
		       int set_count, const char *expect)
{
	struct mmusim_config c;
	char err[512] = "";

	if (config_load(&c, path, sets, set_count, err, sizeof err) != -1)
		fail_msg("loaded, expected \"%s\"", expect);
	if (strcmp(err, expect) != 0)
		fail_msg("expected \"%s\"\n got      \"%s\"", expect, err);
}

/* --set one thing on the defaults. */
static void set_ok(struct mmusim_config *c, const char *set)
{
	load_ok(c, NULL, &set, 1);
}

/* "clock, fifo, ..." from the policy table itself. */
static const char *known_policies(void)
{
	static char list[512];
	size_t at = 0;
	list[0] = '\0';
	for (const struct policy_ops *const *p = policy_table; *p; p++)
		at += (size_t)snprintf(list + at, sizeof list - at, "%s%s",
				       at ? ", " : "", (*p)->name);
	return list;
}

static void set_fails(const char *set, const char *expect)
{
	load_fails(NULL, &set, 1, expect);
}

static void assert_config_equal(const struct mmusim_config *a,
				const struct mmusim_config *b)
{
	assert_string_equal(a->name, b->name);
	assert_int_equal(a->memory_pages, b->memory_pages);
	assert_int_equal(a->swap_blocks, b->swap_blocks);
	assert_int_equal(a->page_size, b->page_size);
	assert_int_equal(a->arena_base, b->arena_base);
	assert_int_equal(a->arena_pages, b->arena_pages);
	assert_string_equal(a->policy, b->policy);
	assert_int_equal(a->hardware_ref_bits, b->hardware_ref_bits);
	assert_int_equal(a->tlb.entries, b->tlb.entries);
	assert_int_equal(a->tlb.ways, b->tlb.ways);
	assert_int_equal(a->tlb.asid, b->tlb.asid);
	assert_int_equal(a->latency.tlb_hit, b->latency.tlb_hit);
	assert_int_equal(a->latency.walk, b->latency.walk);
	assert_int_equal(a->latency.memory, b->latency.memory);
	assert_int_equal(a->latency.fault, b->latency.fault);
	assert_int_equal(a->latency.disk_read, b->latency.disk_read);
	assert_int_equal(a->latency.disk_write, b->latency.disk_write);
	assert_int_equal(a->latency.zero_fill, b->latency.zero_fill);
	assert_int_equal(a->latency.copy, b->latency.copy);
	assert_int_equal(a->latency.pte_read, b->latency.pte_read);
	assert_int_equal(a->latency.pwc, b->latency.pwc);
	assert_int_equal(a->seed, b->seed);
	assert_int_equal(a->policy_param_count, b->policy_param_count);
	for (uint32_t i = 0; i < a->policy_param_count; i++) {
		assert_string_equal(a->policy_params[i].name, b->policy_params[i].name);
		assert_int_equal(a->policy_params[i].value, b->policy_params[i].value);
	}
}

/* One bad file per case; `expect` follows the file's path. */
struct bad_case {
	const char *json;
	const char *expect;
};

static void check_bad_files(struct scratch *s, const struct bad_case *cases,
			    size_t count)
{
	for (size_t i = 0; i < count; i++) {
		char name[32], expect[1024];
		snprintf(name, sizeof name, "bad%zu.json", i);
		const char *path = put(s, name, cases[i].json);
		snprintf(expect, sizeof expect, "%s%s", path, cases[i].expect);
		load_fails(path, NULL, 0, expect);
	}
}

/* One field's expected value after a load: a number (bools as 0 or 1), or
 * with `text` a string. NUM and TEXT fill one in; a case checks up to four
 * fields, the first with no key ending the list. */
struct field_want {
	const char *key;
	size_t offset, size;
	uint64_t value;
	const char *text;
};

#define FIELD_AT(member) #member, offsetof(struct mmusim_config, member)
#define NUM(member, v) \
	{ FIELD_AT(member), sizeof ((struct mmusim_config *)0)->member, (v), NULL }
#define TEXT(member, s) { FIELD_AT(member), 0, 0, (s) }

struct field_case {
	const char *input;            /* a file's JSON text, or a --set */
	struct field_want want[4];
};

static uint64_t field_number(const struct mmusim_config *c, const struct field_want *w)
{
	const char *at = (const char *)c + w->offset;
	bool b;
	uint32_t u32;
	uint64_t u64;

	switch (w->size) {
	case sizeof b:
		memcpy(&b, at, sizeof b);
		return b;
	case sizeof u32:
		memcpy(&u32, at, sizeof u32);
		return u32;
	case sizeof u64:
		memcpy(&u64, at, sizeof u64);
		return u64;
	}
	fail_msg("%s: no field of %zu bytes", w->key, w->size);
	return 0;
}

static void check_fields(const struct mmusim_config *c, const struct field_case *k)
{
	for (const struct field_want *w = k->want; w < k->want + 4 && w->key; w++) {
		if (w->text) {
			const char *got = (const char *)c + w->offset;

			if (strcmp(got, w->text) != 0)
				fail_msg("%s: %s is \"%s\", want \"%s\"", k->input, w->key,
					 got, w->text);
		} else if (field_number(c, w) != w->value) {
			fail_msg("%s: %s is %llu, want %llu", k->input, w->key,
				 (unsigned long long)field_number(c, w),
				 (unsigned long long)w->value);
		}
	}
}

/* ---- defaults and every key ---- */

static void test_defaults(void **state)
{
	struct mmusim_config c, loaded;
	(void)state;

	config_defaults(&c);
	assert_string_equal(c.name, "default");
	assert_int_equal(c.memory_pages, 4);
	assert_int_equal(c.swap_blocks, 256);
	assert_int_equal(c.page_size, 65536);
	assert_int_equal(c.arena_base, 0x600000000);
	assert_int_equal(c.arena_pages, 256);
	assert_string_equal(c.policy, "clock");
	assert_false(c.hardware_ref_bits);
	assert_int_equal(c.tlb.entries, 16);
	assert_int_equal(c.tlb.ways, 0);
	assert_false(c.tlb.asid);
	assert_int_equal(c.latency.tlb_hit, 1);
	assert_int_equal(c.latency.walk, 30);
	assert_int_equal(c.latency.memory, 100);
	assert_int_equal(c.latency.fault, 1000);
	assert_int_equal(c.latency.disk_read, 5000000);
	assert_int_equal(c.latency.disk_write, 5000000);
	assert_int_equal(c.latency.zero_fill, 2000);
	assert_int_equal(c.latency.copy, 4000);
	assert_int_equal(c.latency.pte_read, 100);  /* latency.memory's default */
	assert_int_equal(c.latency.pwc, 0);
	assert_int_equal(c.seed, 1);

	load_ok(&loaded, NULL, NULL, 0);
	assert_config_equal(&loaded, &c);
}

static void test_empty_object_gives_defaults_named_after_file(void **state)
{
	struct scratch *s = *state;
	struct mmusim_config c, expect;

	config_defaults(&expect);
	strcpy(expect.name, "empty");
	load_ok(&c, put(s, "empty.json", "{}"), NULL, 0);
	assert_config_equal(&c, &expect);

	load_ok(&c, put(s, "noext", "{}\n"), NULL, 0);
	assert_string_equal(c.name, "noext");
	load_ok(&c, put(s, "a.b.json", " { } "), NULL, 0);
	assert_string_equal(c.name, "a.b");
	load_ok(&c, put(s, ".json", "{}"), NULL, 0);
	assert_string_equal(c.name, ".json");
	load_ok(&c, put(s, "x.JSON", "{}"), NULL, 0);
	assert_string_equal(c.name, "x.JSON");
}

static void test_every_key_set(void **state)
{
	/* What all.json sets: no key is left at its default. */
	static const struct mmusim_config want = {
		.name = "every key",
		.memory_pages = 7,
		.swap_blocks = 0,
		.page_size = 4096,
		.arena_base = 0x7f0000001000,
		.arena_pages = 4294967295u,
		.policy = "clock-dirty",
		.hardware_ref_bits = true,
		.tlb = { .entries = 48, .ways = 6, .asid = true },
		.latency = { .tlb_hit = 2, .walk = 31, .memory = 101, .fault = 1001,
			     .disk_read = 5000001, .disk_write = 5000002,
			     .zero_fill = 0, .copy = 9, .pte_read = 102, .pwc = 3 },
		.seed = UINT64_MAX,
	};
	struct scratch *s = *state;
	struct mmusim_config c;

	load_ok(&c, put(s, "all.json",
		"{\n"
		"  \"name\": \"every key\",\n"
		"  \"memory_pages\": 7,\n"
		"  \"swap_blocks\": 0,\n"
		"  \"page_size\": 4096,\n"
		"  \"arena_base\": \"0x7f0000001000\",\n"
		"  \"arena_pages\": 4294967295,\n"
		"  \"policy\": \"clock-dirty\",\n"
		"  \"ref_bits\": \"hardware\",\n"
		"  \"tlb\": { \"entries\": 48, \"ways\": 6, \"asid\": true },\n"
		"  \"latency\": { \"tlb_hit\": 2, \"walk\": 31, \"memory\": 101,\n"
		"    \"fault\": 1001, \"disk_read\": 5000001,\n"
		"    \"disk_write\": 5000002, \"zero_fill\": 0, \"copy\": 9,\n"
		"    \"pte_read\": 102, \"pwc\": 3 },\n"
		"  \"seed\": \"18446744073709551615\"\n"
		"}\n"), NULL, 0);
	assert_config_equal(&c, &want);
}

static void test_each_policy_and_ref_bits(void **state)
{
	static const char *const names[] = {
		"clock", "fifo", "lru", "opt", "random", "clock-dirty",
	};
	struct scratch *s = *state;
	struct mmusim_config c;

	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char json[64];
		snprintf(json, sizeof json, "{\"policy\": \"%s\"}", names[i]);
		load_ok(&c, put(s, "p.json", json), NULL, 0);
		assert_string_equal(c.policy, names[i]);
	}
	load_ok(&c, put(s, "r.json", "{\"ref_bits\": \"software\"}"), NULL, 0);
	assert_false(c.hardware_ref_bits);
	load_ok(&c, put(s, "r.json", "{\"ref_bits\": \"hardware\"}"), NULL, 0);
	assert_true(c.hardware_ref_bits);
}

static void test_integer_forms(void **state)
{
	static const struct field_case cases[] = {
		{ "{\"arena_base\": \"0x700000000\"}", { NUM(arena_base, 0x700000000) } },
		{ "{\"arena_base\": \"0X7000A0000\"}", { NUM(arena_base, 0x7000a0000) } },
		{ "{\"arena_base\": \"30064771072\"}", { NUM(arena_base, 30064771072u) } },
		{ "{\"arena_base\": 30064771072}", { NUM(arena_base, 30064771072u) } },
		{ "{\"arena_base\": 0}", { NUM(arena_base, 0) } },
		/* 2^53 is the largest JSON number taken; strings go further. */
		{ "{\"seed\": 9007199254740992}", { NUM(seed, 9007199254740992u) } },
		{ "{\"seed\": \"9007199254740993\"}", { NUM(seed, 9007199254740993u) } },
		{ "{\"seed\": \"0xffffffffffffffff\"}", { NUM(seed, UINT64_MAX) } },
		{ "{\"latency\": {\"disk_read\": \"0x10\"}}", { NUM(latency.disk_read, 16) } },
		/* Whole numbers written as JSON floats are whole numbers. */
		{ "{\"memory_pages\": 8.0, \"seed\": 2e3, \"swap_blocks\": -0}",
		  { NUM(memory_pages, 8), NUM(seed, 2000), NUM(swap_blocks, 0) } },
		/* Range edges. */
		{ "{\"memory_pages\": 3, \"page_size\": 256,"
		  " \"arena_pages\": 1, \"swap_blocks\": 4294967295}",
		  { NUM(memory_pages, 3), NUM(page_size, 256), NUM(arena_pages, 1),
		    NUM(swap_blocks, UINT32_MAX) } },
		{ "{\"page_size\": 1048576}", { NUM(page_size, 1048576) } },
		/* The arena may end on the last byte of the address space
		 * (the rule of page_geometry_init, which the pager and the
		 * shadow share), not past it (test_cross_key_checks). */
		{ "{\"arena_base\": \"0xfffffffffe000000\"}",
		  { NUM(arena_base, 0xfffffffffe000000u) } },
		{ "{\"arena_base\": \"0xffffffffff000000\"}",
		  { NUM(arena_base, 0xffffffffff000000u) } },
		{ "{\"arena_base\": \"0xfffffffffff00000\", \"arena_pages\": 1,"
		  " \"page_size\": 1048576}",
		  { NUM(arena_base, 0xfffffffffff00000u), NUM(arena_pages, 1),
		    NUM(page_size, 1048576) } },
		/* A TLB may be absent (0 entries), whatever its ways. */
		{ "{\"tlb\": {\"entries\": 0, \"ways\": 4}}",
		  { NUM(tlb.entries, 0), NUM(tlb.ways, 4) } },
		{ "{\"tlb\": {\"entries\": 16, \"ways\": 16}}", { NUM(tlb.ways, 16) } },
	};
	struct scratch *s = *state;
	struct mmusim_config c;

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		load_ok(&c, put(s, "i.json", cases[i].input), NULL, 0);
		check_fields(&c, &cases[i]);
	}
}

static void test_name_rules(void **state)
{
	struct scratch *s = *state;
	struct mmusim_config c;
	char long_base[140], json[200], expect[PATH_MAX + 128];

	memset(long_base, 'n', 128);
	strcpy(long_base + 128, ".json");
	const char *path = put(s, long_base, "{}");
	snprintf(expect, sizeof expect, "%s: name: the file's base name does "
		 "not fit in 127 bytes: give a \"name\"", path);
	load_fails(path, NULL, 0, expect);
	/* A name given in the file, or with --set, makes it fine. */
	load_ok(&c, put(s, long_base, "{\"name\": \"short\"}"), NULL, 0);
	assert_string_equal(c.name, "short");
	const char *set = "name=from-set";
	load_ok(&c, put(s, long_base, "{}"), &set, 1);
	assert_string_equal(c.name, "from-set");

	/* 127 bytes is the most a name holds. */
	memset(long_base, 'm', 127);
	long_base[127] = '\0';
	snprintf(json, sizeof json, "{\"name\": \"%s\"}", long_base);
	load_ok(&c, put(s, "n.json", json), NULL, 0);
	assert_string_equal(c.name, long_base);
	snprintf(json, sizeof json, "{\"name\": \"%sm\"}", long_base);
	path = put(s, "n.json", json);
	snprintf(expect, sizeof expect, "%s: name: must be at most 127 bytes",
		 path);
	load_fails(path, NULL, 0, expect);
}

/* ---- every error path of a single key ---- */

static void test_unknown_and_repeated_keys(void **state)
{
	static const struct bad_case cases[] = {
		{ "{\"frames\": 4}", ": frames: unknown key" },
		{ "{\"Policy\": \"lru\"}", ": Policy: unknown key" },
		{ "{\"tlb\": {\"sets\": 2}}", ": tlb.sets: unknown key" },
		{ "{\"latency\": {\"tlb_miss\": 2}}",
		  ": latency.tlb_miss: unknown key" },
		{ "{\"tlb.entries\": 8}", ": tlb.entries: unknown key" },
		{ "{\"tlb\": {\"extends\": \"x.json\"}}",
		  ": tlb.extends: unknown key" },
		{ "{\"\": 1}", ": : unknown key" },
		{ "{\"memory_pages\": 4, \"memory_pages\": 5}",
		  ": memory_pages: given twice" },
		{ "{\"tlb\": {\"ways\": 2, \"ways\": 4}}",
		  ": tlb.ways: given twice" },
		{ "{\"latency\": {\"walk\": 2, \"copy\": 1, \"walk\": 4}}",
		  ": latency.walk: given twice" },
	};
	check_bad_files(*state, cases, sizeof cases / sizeof *cases);
}

static void test_wrong_types(void **state)
{
	static const struct bad_case cases[] = {
		{ "{\"name\": 7}", ": name: must be a string" },
		{ "{\"memory_pages\": \"4\"}",
		  ": memory_pages: must be a whole number" },
		{ "{\"memory_pages\": null}",
		  ": memory_pages: must be a whole number" },
		{ "{\"swap_blocks\": true}",
		  ": swap_blocks: must be a whole number" },
		{ "{\"page_size\": [4096]}",
		  ": page_size: must be a whole number" },
		{ "{\"arena_pages\": {}}",
		  ": arena_pages: must be a whole number" },
		{ "{\"arena_base\": false}",
		  ": arena_base: must be a whole number, or a string holding one" },
		{ "{\"seed\": null}",
		  ": seed: must be a whole number, or a string holding one" },
		{ "{\"policy\": 3}", ": policy: must be a string" },
		{ "{\"ref_bits\": true}",
		  ": ref_bits: must be \"software\" or \"hardware\"" },
		{ "{\"tlb\": 16}", ": tlb: must be an object" },
		{ "{\"tlb\": {\"entries\": \"16\"}}",
		  ": tlb.entries: must be a whole number" },
		{ "{\"tlb\": {\"asid\": 1}}", ": tlb.asid: must be true or false" },
		{ "{\"tlb\": {\"asid\": \"true\"}}",
		  ": tlb.asid: must be true or false" },
		{ "{\"latency\": []}", ": latency: must be an object" },
		{ "{\"latency\": {\"copy\": true}}",
		  ": latency.copy: must be a whole number, or a string holding one" },
		{ "{\"extends\": 5}", ": extends: must be a file name" },
		{ "{\"extends\": \"\"}", ": extends: must be a file name" },
		{ "[1, 2]", ": must hold a JSON object" },
		{ "\"memory_pages\"", ": must hold a JSON object" },
		{ "null", ": must hold a JSON object" },
	};
	check_bad_files(*state, cases, sizeof cases / sizeof *cases);
}

static void test_bad_values(void **state)
{
	static const struct bad_case cases[] = {
		{ "{\"memory_pages\": 4.5}",
		  ": memory_pages: must be a whole number, not 4.5" },
		{ "{\"memory_pages\": -1}", ": memory_pages: must not be negative" },
		{ "{\"memory_pages\": 2}", ": memory_pages: must be at least 3" },
		{ "{\"memory_pages\": 0}", ": memory_pages: must be at least 3" },
		{ "{\"memory_pages\": 4294967296}",
		  ": memory_pages: must be at most 4294967295" },
		{ "{\"swap_blocks\": 1e999}",
		  ": swap_blocks: must be at most 4294967295" },
		{ "{\"swap_blocks\": -1e999}",
		  ": swap_blocks: must not be negative" },
		{ "{\"swap_blocks\": 1e-3}",
		  ": swap_blocks: must be a whole number, not 0.001" },
		{ "{\"page_size\": 1000}",
		  ": page_size: must be a power of two from 256 to 1048576" },
		{ "{\"page_size\": 128}",
		  ": page_size: must be a power of two from 256 to 1048576" },
		{ "{\"page_size\": 2097152}",
		  ": page_size: must be a power of two from 256 to 1048576" },
		{ "{\"page_size\": 0}",
		  ": page_size: must be a power of two from 256 to 1048576" },
		{ "{\"arena_pages\": 0}", ": arena_pages: must be at least 1" },
		{ "{\"arena_base\": \"0x\"}", ": arena_base: must be a decimal or "
		  "0x-prefixed hex number, not \"0x\"" },
		{ "{\"arena_base\": \"\"}", ": arena_base: must be a decimal or "
		  "0x-prefixed hex number, not \"\"" },
		{ "{\"arena_base\": \"6GB\"}", ": arena_base: must be a decimal or "
		  "0x-prefixed hex number, not \"6GB\"" },
		{ "{\"arena_base\": \"-5\"}", ": arena_base: must be a decimal or "
		  "0x-prefixed hex number, not \"-5\"" },
		{ "{\"arena_base\": \" 0x10000\"}", ": arena_base: must be a "
		  "decimal or 0x-prefixed hex number, not \" 0x10000\"" },
		{ "{\"arena_base\": \"0x1g\"}", ": arena_base: must be a decimal or "
		  "0x-prefixed hex number, not \"0x1g\"" },
		{ "{\"arena_base\": \"0x10000000000000000\"}",
		  ": arena_base: \"0x10000000000000000\" does not fit in 64 bits" },
		{ "{\"seed\": \"18446744073709551616\"}",
		  ": seed: \"18446744073709551616\" does not fit in 64 bits" },
		{ "{\"seed\": 9007199254740994}",
		  ": seed: 9007199254740994 is above 2^53, where JSON numbers "
		  "lose precision: write it as a string" },
		{ "{\"seed\": -3}", ": seed: must not be negative" },
		{ "{\"latency\": {\"walk\": 0.5}}",
		  ": latency.walk: must be a whole number, not 0.5" },
		{ "{\"latency\": {\"disk_read\": \"fast\"}}",
		  ": latency.disk_read: must be a decimal or 0x-prefixed hex "
		  "number, not \"fast\"" },
		/* issue 11: a latency that could wrap the cycle count */
		{ "{\"latency\": {\"fault\": \"18446744073709551615\"}}",
		  ": latency.fault: must be at most 4294967295 (cycles of one step)" },
		{ "{\"latency\": {\"copy\": 4294967296}}",
		  ": latency.copy: must be at most 4294967295 (cycles of one step)" },
		{ "{\"latency\": {\"pte_read\": 4294967296}}",
		  ": latency.pte_read: must be at most 4294967295 (cycles of one step)" },
		{ "{\"latency\": {\"pwc\": \"0x100000000\"}}",
		  ": latency.pwc: must be at most 4294967295 (cycles of one step)" },
		{ "{\"tlb\": {\"entries\": -16}}",
		  ": tlb.entries: must not be negative" },
		{ "{\"tlb\": {\"ways\": 4294967296}}",
		  ": tlb.ways: must be at most 4294967295" },
		{ "{\"ref_bits\": \"both\"}",
		  ": ref_bits: must be \"software\" or \"hardware\"" },
		{ "{\"name\": \"\"}", ": name: must not be empty" },
	};
	check_bad_files(*state, cases, sizeof cases / sizeof *cases);
}

/* An unknown name lists every policy of the table, in table order. */
static void test_unknown_policy(void **state)
{
	static const char *const names[] = { "belady", "", "CLOCK" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char json[64], expect[1024], file[32];
		snprintf(json, sizeof json, "{\"policy\": \"%s\"}", names[i]);
		snprintf(file, sizeof file, "policy%zu.json", i);
		const char *path = put(*state, file, json);
		snprintf(expect, sizeof expect,
			 "%s: policy: unknown policy \"%s\" (known: %s)", path,
			 names[i], known_policies());
		load_fails(path, NULL, 0, expect);
	}
}

static void test_cross_key_checks(void **state)
{
	static const struct bad_case cases[] = {
		{ "{\"tlb\": {\"ways\": 3}}",
		  ": tlb.ways: must divide tlb.entries (16)" },
		{ "{\"tlb\": {\"ways\": 32}}",
		  ": tlb.ways: must divide tlb.entries (16)" },
		{ "{\"tlb\": {\"entries\": 12, \"ways\": 8}}",
		  ": tlb.ways: must divide tlb.entries (12)" },
		{ "{\"arena_base\": \"0x600001000\"}",
		  ": arena_base: must be a multiple of page_size (65536)" },
		{ "{\"page_size\": 4096, \"arena_base\": 1024}",
		  ": arena_base: must be a multiple of page_size (4096)" },
		/* one page past the last byte of the address space (ending on
		 * it is allowed: test_integer_forms) */
		{ "{\"arena_base\": \"0xffffffffff010000\"}",
		  ": arena_base: the arena (0xffffffffff010000 + 256 pages of "
		  "65536 bytes) ends past the 64-bit address space" },
		{ "{\"arena_base\": \"0xfffffffffff00000\", \"arena_pages\": 2,"
		  " \"page_size\": 1048576}",
		  ": arena_base: the arena (0xfffffffffff00000 + 2 pages of "
		  "1048576 bytes) ends past the 64-bit address space" },
	};
	check_bad_files(*state, cases, sizeof cases / sizeof *cases);
}

static void test_json_syntax_error_lines(void **state)
{
	static const struct bad_case cases[] = {
		{ "", ":1: JSON syntax error" },
		{ "   \n\n", ":1: JSON syntax error" },
		{ "{\n\t\"memory_pages\": 4\n\t\"policy\": \"fifo\"\n}\n",
		  ":3: JSON syntax error" },
		{ "{\n\t\"memory_pages\": 4,\n}\n", ":3: JSON syntax error" },
		{ "{\n\t\"memory_pages\": 4,\n", ":2: JSON syntax error" },
		{ "{\n\t\"memory_pages\": 4\n\n\n", ":2: JSON syntax error" },
		{ "{}\n{}\n", ":2: JSON syntax error" },
		{ "{\n  // a comment\n}", ":2: JSON syntax error" },
		{ "{\"policy\": 'fifo'}", ":1: JSON syntax error" },
		{ "{\n\"tlb\": {\n\"asid\": True }}", ":3: JSON syntax error" },
		{ "{\n\"name\": \"open\n}\n", ":2: JSON syntax error" },
		{ "{\r\n\"seed\": 0x10\r\n}", ":2: JSON syntax error" },
	};
	struct scratch *s = *state;
	char expect[PATH_MAX + 64];

	check_bad_files(s, cases, sizeof cases / sizeof *cases);
	/* A NUL byte is no JSON text, wherever it is. */
	const char *path = put_bytes(s, "nul.json", "{\n\n\0}", 5);
	snprintf(expect, sizeof expect, "%s:3: JSON syntax error", path);
	load_fails(path, NULL, 0, expect);
}

static void test_byte_order_mark_is_skipped(void **state)
{
	struct mmusim_config c;

	load_ok(&c, put(*state, "bom.json",
			"\xEF\xBB\xBF{\"memory_pages\": 5}"), NULL, 0);
	assert_int_equal(c.memory_pages, 5);
}

static void test_unreadable_files(void **state)
{
	struct scratch *s = *state;
	char expect[PATH_MAX + 64];

	const char *missing = scratch_path(s, "missing.json");
	snprintf(expect, sizeof expect,
		 "%s: cannot open: No such file or directory", missing);
	load_fails(missing, NULL, 0, expect);

	const char *dir = make_dir(s, "folder.json");
	snprintf(expect, sizeof expect, "%s: cannot read: Is a directory", dir);
	load_fails(dir, NULL, 0, expect);

	/* Past 1 MiB a file is no configuration; stop reading. */
	size_t big = (1u << 20) + 2;
	char *spaces = malloc(big);
	assert_non_null(spaces);
	memset(spaces, ' ', big);
	spaces[0] = '{';
	spaces[big - 1] = '}';
	const char *path = put_bytes(s, "big.json", spaces, big);
	free(spaces);
	snprintf(expect, sizeof expect, "%s: cannot read: File too large", path);
	load_fails(path, NULL, 0, expect);
	/* Exactly 1 MiB is still read. */
	spaces = malloc(big - 2);
	assert_non_null(spaces);
	memset(spaces, ' ', big - 2);
	spaces[0] = '{';
	spaces[big - 3] = '}';
	path = put_bytes(s, "mib.json", spaces, big - 2);
	free(spaces);
	struct mmusim_config c;
	load_ok(&c, path, NULL, 0);
	assert_string_equal(c.name, "mib");
}

/* ---- extends ---- */

static void test_extends_chain_overrides_and_merges(void **state)
{
	struct scratch *s = *state;
	struct mmusim_config c;

	put(s, "a.json", "{\"name\": \"base\", \"memory_pages\": 5,"
	    " \"policy\": \"lru\","
	    " \"tlb\": {\"entries\": 32, \"ways\": 4},"
	    " \"latency\": {\"walk\": 40, \"memory\": 150}}");
	put(s, "b.json", "{\"extends\": \"a.json\", \"tlb\": {\"ways\": 8},"
	    " \"latency\": {\"memory\": 200}, \"seed\": 9}");
	const char *top = put(s, "c.json",
			      "{\"memory_pages\": 6, \"extends\": \"b.json\"}");
	load_ok(&c, top, NULL, 0);
	assert_string_equal(c.name, "c");          /* a's name stays a's */
	assert_int_equal(c.memory_pages, 6);       /* c overrides a */
	assert_string_equal(c.policy, "lru");      /* from a */
	assert_int_equal(c.tlb.entries, 32);       /* from a */
	assert_int_equal(c.tlb.ways, 8);           /* b merges into a's tlb */
	assert_false(c.tlb.asid);                  /* default */
	assert_int_equal(c.latency.walk, 40);      /* from a */
	assert_int_equal(c.latency.memory, 200);   /* b overrides a */
	assert_int_equal(c.latency.fault, 1000);   /* default */
	assert_int_equal(c.seed, 9);               /* from b */
	assert_int_equal(c.swap_blocks, 256);      /* default */

	/* The parent loaded alone keeps its own name. */
	load_ok(&c, scratch_path(s, "a.json"), NULL, 0);
	assert_string_equal(c.name, "base");
	assert_int_equal(c.tlb.ways, 4);
}

static void test_extends_relative_to_the_extending_file(void **state)
{
	struct scratch *s = *state;
	struct mmusim_config c;
	char json[PATH_MAX + 64];

	make_dir(s, "sub");
	put(s, "base.json", "{\"memory_pages\": 11}");
	put(s, "sub/base.json", "{\"memory_pages\": 12}");
	load_ok(&c, put(s, "sub/up.json", "{\"extends\": \"../base.json\"}"),
		NULL, 0);
	assert_int_equal(c.memory_pages, 11);
	load_ok(&c, put(s, "sub/here.json", "{\"extends\": \"base.json\"}"),
		NULL, 0);
	assert_int_equal(c.memory_pages, 12);
	/* A parent in another folder reads its own parent beside itself. */
	put(s, "sub/mid.json", "{\"extends\": \"base.json\", \"seed\": 3}");
	load_ok(&c, put(s, "down.json", "{\"extends\": \"sub/mid.json\"}"),
		NULL, 0);
	assert_int_equal(c.memory_pages, 12);
	assert_int_equal(c.seed, 3);
	/* Absolute names are taken as they are. */
	snprintf(json, sizeof json, "{\"extends\": \"%s/base.json\"}", s->dir);
	load_ok(&c, put(s, "sub/abs.json", json), NULL, 0);
	assert_int_equal(c.memory_pages, 11);
}

static void test_extends_cycles(void **state)
{
	struct scratch *s = *state;
	char expect[3 * PATH_MAX];

	const char *a = put(s, "a.json", "{\"extends\": \"b.json\"}");
	const char *b = put(s, "b.json", "{\"extends\": \"a.json\"}");
	snprintf(expect, sizeof expect,
		 "%s: extends: extends cycle through %s", b, a);
	load_fails(a, NULL, 0, expect);

	const char *self = put(s, "self.json", "{\"extends\": \"self.json\"}");
	snprintf(expect, sizeof expect,
		 "%s: extends: extends cycle through %s", self, self);
	load_fails(self, NULL, 0, expect);

	/* Another spelling of the same file is the same file. */
	const char *dot = put(s, "dot.json", "{\"extends\": \"./dot.json\"}");
	snprintf(expect, sizeof expect,
		 "%s: extends: extends cycle through %s/./dot.json", dot, s->dir);
	load_fails(dot, NULL, 0, expect);

	/* The cycle need not come back to the first file. */
	put(s, "c1.json", "{\"extends\": \"c2.json\"}");
	const char *c2 = put(s, "c2.json", "{\"extends\": \"c3.json\"}");
	const char *c3 = put(s, "c3.json", "{\"extends\": \"c2.json\"}");
	snprintf(expect, sizeof expect,
		 "%s: extends: extends cycle through %s", c3, c2);
	load_fails(scratch_path(s, "c1.json"), NULL, 0, expect);
}

static void test_extends_chain_length_limit(void **state)
{
	struct scratch *s = *state;
	struct mmusim_config c;
	char name[32], json[64], expect[PATH_MAX + 96];

	/* f0 -> f1 -> ... -> f15: sixteen files are fine. */
	for (int i = 0; i < 16; i++) {
		snprintf(name, sizeof name, "f%d.json", i);
		snprintf(json, sizeof json, i < 15 ?
			 "{\"extends\": \"f%d.json\", \"seed\": %d}" :
			 "{\"seed\": %d}", i + 1, i);
		put(s, name, json);
	}
	load_ok(&c, scratch_path(s, "f0.json"), NULL, 0);
	assert_int_equal(c.seed, 0);
	/* f15 -> f16 makes seventeen. */
	const char *f15 = put(s, "f15.json", "{\"extends\": \"f16.json\"}");
	put(s, "f16.json", "{}");
	snprintf(expect, sizeof expect, "%s: extends: more than 16 files in the "
		 "extends chain", f15);
	load_fails(scratch_path(s, "f0.json"), NULL, 0, expect);
}

static void test_extends_errors_name_the_right_file(void **state)
{
	struct scratch *s = *state;
	char expect[3 * PATH_MAX];

	const char *orphan = put(s, "orphan.json", "{\"extends\": \"nope.json\"}");
	snprintf(expect, sizeof expect, "%s: extends: cannot open %s/nope.json: "
		 "No such file or directory", orphan, s->dir);
	load_fails(orphan, NULL, 0, expect);

	const char *bad = put(s, "bad.json", "{\"tlb\": {\"ways\": \"x\"}}");
	snprintf(expect, sizeof expect, "%s: tlb.ways: must be a whole number",
		 bad);
	load_fails(put(s, "kid.json", "{\"extends\": \"bad.json\"}"), NULL, 0,
		   expect);

	const char *broken = put(s, "broken.json", "{\n\"seed\": 1,\n}");
	snprintf(expect, sizeof expect, "%s:3: JSON syntax error", broken);
	load_fails(put(s, "kid2.json", "{\"extends\": \"broken.json\"}"), NULL, 0,
		   expect);

	/* A parent's name is checked even though it is not inherited. */
	const char *nameless = put(s, "nameless.json", "{\"name\": \"\"}");
	snprintf(expect, sizeof expect, "%s: name: must not be empty", nameless);
	load_fails(put(s, "kid3.json", "{\"extends\": \"nameless.json\"}"), NULL,
		   0, expect);

	/* The child's own mistakes name the child. */
	put(s, "fine.json", "{}");
	const char *kid4 = put(s, "kid4.json",
			       "{\"extends\": \"fine.json\", \"frames\": 3}");
	snprintf(expect, sizeof expect, "%s: frames: unknown key", kid4);
	load_fails(kid4, NULL, 0, expect);
}

static void test_cross_key_errors_blame_the_last_change(void **state)
{
	/* Case i: the child kI.json extends the parent pI.json; `expect`
	 * follows the child's path. */
	static const struct {
		const char *parent, *child, *expect;
	} cases[] = {
		/* Parent gives entries, child breaks it with ways. */
		{ "{\"tlb\": {\"entries\": 16}}",
		  "{\"extends\": \"p1.json\", \"tlb\": {\"ways\": 3}}",
		  ": tlb.ways: must divide tlb.entries (16)" },
		/* Parent gives ways, child breaks it with entries. */
		{ "{\"tlb\": {\"ways\": 4}}",
		  "{\"extends\": \"p2.json\", \"tlb\": {\"entries\": 10}}",
		  ": tlb.entries: must be a multiple of tlb.ways (4)" },
		/* Parent's arena_base fits its pages; the child's pages do not. */
		{ "{\"page_size\": 4096, \"arena_base\": \"0x600001000\"}",
		  "{\"extends\": \"p3.json\", \"page_size\": 8192}",
		  ": page_size: must divide arena_base (0x600001000)" },
		/* Arena overflow blames whichever of its three keys came last. */
		{ "{\"arena_base\": \"0xfffffffffff00000\"}",
		  "{\"extends\": \"p4.json\", \"page_size\": 256, \"arena_pages\": 4097}",
		  ": arena_pages: the arena (0xfffffffffff00000 + 4097 pages of 256 "
		  "bytes) ends past the 64-bit address space" },
	};
	struct scratch *s = *state;
	char name[32], expect[PATH_MAX + 128];

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		snprintf(name, sizeof name, "p%zu.json", i + 1);
		put(s, name, cases[i].parent);
		snprintf(name, sizeof name, "k%zu.json", i + 1);
		const char *child = put(s, name, cases[i].child);
		snprintf(expect, sizeof expect, "%s%s", child, cases[i].expect);
		load_fails(child, NULL, 0, expect);
	}
}

/* ---- --set ---- */

static void test_set_each_type(void **state)
{
	static const struct field_case cases[] = {
		{ "memory_pages=8", { NUM(memory_pages, 8) } },
		{ "swap_blocks=0", { NUM(swap_blocks, 0) } },
		{ "page_size=4096", { NUM(page_size, 4096) } },
		{ "arena_pages= 3", { NUM(arena_pages, 3) } },
		{ "arena_base=0x700000000", { NUM(arena_base, 0x700000000) } },
		{ "arena_base=30064771072", { NUM(arena_base, 30064771072u) } },
		{ "arena_base=\"0x700000000\"", { NUM(arena_base, 0x700000000) } },
		{ "seed=18446744073709551615", { NUM(seed, UINT64_MAX) } },  /* exact past 2^53 */
		{ "seed=9007199254740993", { NUM(seed, 9007199254740993u) } },
		{ "policy=fifo", { TEXT(policy, "fifo") } },
		{ "policy=\"opt\"", { TEXT(policy, "opt") } },
		{ "ref_bits=hardware", { NUM(hardware_ref_bits, true) } },
		{ "name=123", { TEXT(name, "123") } },
		{ "name=my run", { TEXT(name, "my run") } },
		{ "name=\"quoted\"", { TEXT(name, "quoted") } },
		{ "name=true", { TEXT(name, "true") } },
		{ "name=a=b", { TEXT(name, "a=b") } },
		{ "tlb.entries=64", { NUM(tlb.entries, 64) } },
		{ "tlb.ways=4", { NUM(tlb.ways, 4) } },
		{ "tlb.asid=true", { NUM(tlb.asid, true) } },
		{ "latency.disk_read=300000", { NUM(latency.disk_read, 300000) } },
		{ "latency.zero_fill=0x80", { NUM(latency.zero_fill, 128) } },
		{ "latency.copy=7", { NUM(latency.copy, 7) } },
		{ "latency.pte_read=40", { NUM(latency.pte_read, 40) } },
		{ "latency.pwc=2", { NUM(latency.pwc, 2) } },
		/* A whole object merges like a file's. */
		{ "tlb={\"entries\": 32, \"asid\": true}",
		  { NUM(tlb.entries, 32), NUM(tlb.ways, 0), NUM(tlb.asid, true),
		    NUM(latency.walk, 30) } },
	};
	struct mmusim_config c;
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		set_ok(&c, cases[i].input);
		check_fields(&c, &cases[i]);
	}
}

static void test_set_overrides_files_in_order(void **state)
{
	struct scratch *s = *state;
	struct mmusim_config c;
	const char *sets[] = {
		"memory_pages=9", "tlb.ways=8", "memory_pages=10",
		"latency.walk=5",
	};

	put(s, "base.json", "{\"tlb\": {\"entries\": 32, \"ways\": 4},"
	    " \"latency\": {\"walk\": 40, \"memory\": 50}}");
	const char *path = put(s, "top.json",
			       "{\"extends\": \"base.json\", \"memory_pages\": 5}");
	load_ok(&c, path, sets, 4);
	assert_int_equal(c.memory_pages, 10);
	assert_int_equal(c.tlb.entries, 32);
	assert_int_equal(c.tlb.ways, 8);
	assert_int_equal(c.latency.walk, 5);
	assert_int_equal(c.latency.memory, 50);
	assert_string_equal(c.name, "top");
}

static void test_set_errors(void **state)
{
	(void)state;
	set_fails("memory_pages", "--set memory_pages: expected KEY=VALUE");
	set_fails("=4", "--set =4: expected KEY=VALUE");
	set_fails("", "--set : expected KEY=VALUE");
	set_fails("frames=4", "--set frames: unknown key");
	set_fails("tlb.sets=2", "--set tlb.sets: unknown key");
	set_fails("policy.x=1", "--set policy.x: unknown key");
	set_fails("tlb.entries.x=1", "--set tlb.entries.x: unknown key");
	set_fails("tlb..entries=1", "--set tlb..entries: unknown key");
	set_fails("a_very_long_first_part_of_a_key_name.x=1",
		  "--set a_very_long_first_part_of_a_key_name.x: unknown key");
	set_fails("memory_pages=2", "--set memory_pages: must be at least 3");
	set_fails("memory_pages=eight",
		  "--set memory_pages: must be a whole number");
	set_fails("memory_pages=0x10",
		  "--set memory_pages: must be a whole number");
	set_fails("memory_pages=4.5",
		  "--set memory_pages: must be a whole number, not 4.5");
	set_fails("page_size=3000", "--set page_size: must be a power of two "
		  "from 256 to 1048576");
	set_fails("latency.walk=-1", "--set latency.walk: must not be negative");
	set_fails("latency.fault=18446744073709551615",
		  "--set latency.fault: must be at most 4294967295 (cycles of one step)");
	set_fails("seed=18446744073709551616",
		  "--set seed: \"18446744073709551616\" does not fit in 64 bits");
	set_fails("seed=lots", "--set seed: must be a decimal or 0x-prefixed hex "
		  "number, not \"lots\"");
	set_fails("tlb.asid=yes", "--set tlb.asid: must be true or false");
	char expect[1024];
	snprintf(expect, sizeof expect,
		 "--set policy: unknown policy \"belady\" (known: %s)",
		 known_policies());
	set_fails("policy=belady", expect);
	set_fails("ref_bits=1", "--set ref_bits: must be \"software\" or "
		  "\"hardware\"");
	set_fails("name=", "--set name: must not be empty");
	set_fails("tlb=5", "--set tlb: must be an object");
	set_fails("tlb={\"sets\": 1}", "--set tlb.sets: unknown key");
	set_fails("latency={\"walk\": 1, \"walk\": 2}",
		  "--set latency.walk: given twice");
	set_fails("extends=default.json",
		  "--set extends: only a file can extend another");
	set_fails("tlb.ways=3", "--set tlb.ways: must divide tlb.entries (16)");
	set_fails("arena_base=0x600000100",
		  "--set arena_base: must be a multiple of page_size (65536)");
}

static void test_set_cross_errors_blame_the_set(void **state)
{
	struct scratch *s = *state;
	const char *entries = "tlb.entries=10";
	const char *ways = "tlb.ways=3";

	const char *path = put(s, "w.json", "{\"tlb\": {\"ways\": 4}}");
	load_fails(path, &entries, 1,
		   "--set tlb.entries: must be a multiple of tlb.ways (4)");
	path = put(s, "e.json", "{\"tlb\": {\"entries\": 20}}");
	load_fails(path, &ways, 1, "--set tlb.ways: must divide tlb.entries (20)");
	/* A whole object set at once: ways is named, as in a file. */
	const char *both = "tlb={\"entries\": 10, \"ways\": 4}";
	load_fails(NULL, &both, 1, "--set tlb.ways: must divide tlb.entries (10)");
	/* Setting page_size breaks the file's arena_base. */
	const char *page = "page_size=1048576";
	path = put(s, "a.json", "{\"arena_base\": \"0x600010000\"}");
	load_fails(path, &page, 1,
		   "--set page_size: must divide arena_base (0x600010000)");
}

static void test_set_needs_no_file_and_takes_no_set_count(void **state)
{
	struct mmusim_config c, d;
	(void)state;

	config_defaults(&d);
	load_ok(&c, NULL, NULL, 3);  /* no array: nothing to set */
	assert_config_equal(&c, &d);
	const char *sets[] = { "memory_pages=9" };
	load_ok(&c, NULL, sets, 0);
	assert_int_equal(c.memory_pages, 4);
	load_ok(&c, NULL, sets, -1);
	assert_int_equal(c.memory_pages, 4);
}

/* ---- the caller's side ---- */

static void test_failure_leaves_config_alone(void **state)
{
	struct scratch *s = *state;
	struct mmusim_config c, before;
	char err[256];

	memset(&c, 0x5a, sizeof c);
	before = c;
	const char *path = put(s, "half.json",
			       "{\"memory_pages\": 9, \"tlb\": {\"asid\": 3}}");
	assert_int_equal(config_load(&c, path, NULL, 0, err, sizeof err), -1);
	assert_memory_equal(&c, &before, sizeof c);
	const char *set = "seed=x";
	assert_int_equal(config_load(&c, NULL, &set, 1, err, sizeof err), -1);
	assert_memory_equal(&c, &before, sizeof c);
}

static void test_error_buffer_edges(void **state)
{
	struct mmusim_config c;
	char small[8];
	const char *set = "frames=4";
	(void)state;

	assert_int_equal(config_load(&c, NULL, &set, 1, NULL, 0), -1);
	assert_int_equal(config_load(&c, NULL, &set, 1, small, 0), -1);
	memset(small, 'x', sizeof small);
	assert_int_equal(config_load(&c, NULL, &set, 1, small, sizeof small), -1);
	assert_string_equal(small, "--set f");
	strcpy(small, "junk");
	load_ok(&c, NULL, NULL, 0);
	assert_int_equal(config_load(&c, NULL, NULL, 0, small, sizeof small), 0);
	assert_string_equal(small, "");
}

/* ---- config_to_json ---- */

static const cJSON *member(const cJSON *object, const char *name)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, name);

	if (!item)
		fail_msg("config_to_json lacks \"%s\"", name);
	return item;
}

static void test_to_json_prints_every_key(void **state)
{
	/* Each key of the object (NULL: the top level) printed as a string
	 * (text), or else as a number. */
	static const struct {
		const char *object, *key, *text;
		double number;
	} printed[] = {
		{ NULL, "name", "default", 0 },
		{ NULL, "memory_pages", NULL, 4 },
		{ NULL, "swap_blocks", NULL, 256 },
		{ NULL, "page_size", NULL, 65536 },
		{ NULL, "arena_base", "0x600000000", 0 },
		{ NULL, "arena_pages", NULL, 256 },
		{ NULL, "policy", "clock", 0 },
		{ NULL, "ref_bits", "hardware", 0 },
		{ "tlb", "entries", NULL, 16 },
		{ "tlb", "ways", NULL, 0 },
		{ "latency", "tlb_hit", NULL, 1 },
		{ "latency", "walk", NULL, 30 },
		{ "latency", "memory", NULL, 100 },
		{ "latency", "fault", NULL, 1000 },
		{ "latency", "disk_read", NULL, 5000000 },
		{ "latency", "disk_write", "9007199254740993", 0 },
		{ "latency", "zero_fill", NULL, 2000 },
		{ "latency", "copy", NULL, 4000 },
		{ NULL, "seed", "18446744073709551615", 0 },
	};
	struct mmusim_config c;
	(void)state;

	config_defaults(&c);
	c.seed = UINT64_MAX;
	c.latency.disk_write = 9007199254740993u;
	c.hardware_ref_bits = true;
	char *text = config_to_json(&c);
	assert_non_null(text);
	assert_non_null(strchr(text, '\n'));  /* pretty */
	cJSON *root = cJSON_Parse(text);
	assert_non_null(root);
	assert_int_equal(cJSON_GetArraySize(root), 12);
	assert_int_equal(cJSON_GetArraySize(member(root, "policy_params")), 0);
	assert_int_equal(cJSON_GetArraySize(member(root, "tlb")), 3);
	assert_true(cJSON_IsFalse(member(member(root, "tlb"), "asid")));
	assert_int_equal(cJSON_GetArraySize(member(root, "latency")), 8);
	for (size_t i = 0; i < sizeof printed / sizeof *printed; i++) {
		const char *object = printed[i].object;
		const cJSON *item = member(object ? member(root, object) : root,
					   printed[i].key);

		if (printed[i].text) {
			if (!cJSON_IsString(item) ||
			    strcmp(item->valuestring, printed[i].text) != 0)
				fail_msg("%s.%s: want \"%s\"", object ? object : "",
					 printed[i].key, printed[i].text);
		} else if (!cJSON_IsNumber(item) || item->valuedouble != printed[i].number) {
			fail_msg("%s.%s: want %.0f", object ? object : "", printed[i].key,
				 printed[i].number);
		}
	}
	cJSON_Delete(root);
	free(text);
}

static void test_to_json_round_trips(void **state)
{
	struct scratch *s = *state;
	struct mmusim_config c, back;
	const char *sets[] = {
		"name=round trip", "memory_pages=4294967295", "page_size=256",
		"arena_base=0xffffffff00000000", "arena_pages=4",
		"policy=random",
		"tlb={\"entries\": 4294967295, \"ways\": 5, \"asid\": true}",
		"latency.copy=4294967295",
		"latency.pte_read=4294967295", "latency.pwc=3",
		"seed=0", "ref_bits=hardware", "swap_blocks=4294967295",
	};

	load_ok(&c, NULL, sets, sizeof sets / sizeof *sets);
	char *text = config_to_json(&c);
	assert_non_null(text);
	load_ok(&back, put(s, "back.json", text), NULL, 0);
	free(text);
	assert_config_equal(&back, &c);
}

/* ---- the shipped configurations ---- */

static char *shipped(const char *name)
{
	const char *src = getenv("MMUSIM_SRC");
	char *path;

	if (!src)
		fail_msg("MMUSIM_SRC is not set (meson sets it)");
	assert_true(asprintf(&path, "%s/configs/%s", src, name) > 0);
	return path;
}

static void load_shipped(struct mmusim_config *c, const char *name)
{
	char *path = shipped(name);

	load_ok(c, path, NULL, 0);
	free(path);
}

static void test_shipped_default_has_every_key(void **state)
{
	struct mmusim_config c, d;
	char *path = shipped("default.json");
	char *text = NULL;
	size_t len = 0;
	(void)state;

	config_defaults(&d);
	load_shipped(&c, "default.json");
	assert_config_equal(&c, &d);
	/* Every key config_to_json prints is in the file, objects too. */
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(getdelim(&text, &len, '\0', f) > 0, 1);
	fclose(f);
	cJSON *file = cJSON_Parse(text);
	char *printed = config_to_json(&d);
	cJSON *all = cJSON_Parse(printed);
	assert_non_null(file);
	assert_non_null(all);
	assert_true(cJSON_Compare(file, all, true));
	cJSON_Delete(file);
	cJSON_Delete(all);
	free(printed);
	free(text);
	free(path);
}

/* The defaults under another name. */
static struct mmusim_config named_defaults(const char *name)
{
	struct mmusim_config c;

	config_defaults(&c);
	snprintf(c.name, sizeof c.name, "%s", name);
	return c;
}

/* configs/NAME.json loads as `want` (NAME: want's name). */
static void expect_shipped(const struct mmusim_config *want)
{
	struct mmusim_config c;
	char file[sizeof want->name + 8];

	snprintf(file, sizeof file, "%s.json", want->name);
	load_shipped(&c, file);
	assert_config_equal(&c, want);
}

static void test_shipped_variants(void **state)
{
	struct mmusim_config e;
	(void)state;

	e = named_defaults("tiny");
	e.memory_pages = 3;
	e.swap_blocks = 8;
	e.page_size = 4096;
	e.arena_pages = 16;
	e.tlb.entries = 4;
	e.latency.zero_fill = 128;
	e.latency.copy = 256;
	expect_shipped(&e);

	e = named_defaults("big-tlb-asid");
	e.tlb = (struct tlb_config){ .entries = 64, .ways = 4, .asid = true };
	expect_shipped(&e);

	e = named_defaults("hardware-bits");
	e.hardware_ref_bits = true;
	expect_shipped(&e);

	e = named_defaults("slow-ssd");
	e.latency.disk_read = 300000;
	e.latency.disk_write = 900000;
	expect_shipped(&e);

	e = named_defaults("fast-nvme");
	e.latency.disk_read = 30000;
	e.latency.disk_write = 30000;
	expect_shipped(&e);

	static const char *const policies[] = {
		"clock", "fifo", "lru", "opt", "random", "clock-dirty",
	};
	for (size_t i = 0; i < sizeof policies / sizeof *policies; i++) {
		config_defaults(&e);
		snprintf(e.name, sizeof e.name, "%s-4", policies[i]);
		strcpy(e.policy, policies[i]);
		expect_shipped(&e);
	}
}

/* policy_params: knobs of any policy in the table, checked against the
 * knob's range; a later file or --set replaces one knob, not the object;
 * printed and read back. */
static void test_policy_params(void **state)
{
	struct scratch *s = *state;
	struct mmusim_config c, back;
	char err[512];

	const char *a = put(s, "a.json", "{\"policy\": \"fifo\", \"policy_params\":"
			    " {\"s3fifo_small_percent\": 25, \"s3fifo_move_threshold\": 2}}");
	put(s, "b.json", "{\"extends\": \"a.json\","
	    " \"policy_params\": {\"s3fifo_small_percent\": 30}}");
	load_ok(&c, a, NULL, 0);
	assert_int_equal(c.policy_param_count, 2);
	assert_string_equal(c.policy_params[0].name, "s3fifo_small_percent");
	assert_int_equal(c.policy_params[0].value, 25);
	assert_string_equal(c.policy_params[1].name, "s3fifo_move_threshold");
	assert_int_equal(c.policy_params[1].value, 2);
	const char *sets[] = { "policy_params.s3fifo_move_threshold=3" };
	load_ok(&c, scratch_path(s, "b.json"), sets, 1);
	assert_int_equal(c.policy_param_count, 2);
	assert_int_equal(c.policy_params[0].value, 30); /* b replaces a's */
	assert_int_equal(c.policy_params[1].value, 3);  /* the --set last */

	char *text = config_to_json(&c);
	const char *round = put(s, "round.json", text);
	free(text);
	load_ok(&back, round, NULL, 0);
	snprintf(back.name, sizeof back.name, "%s", c.name);
	assert_config_equal(&back, &c);

	/* What the knob's policy does with it: tests/policy/. Here: the
	 * values reach the pager's knob lookup. */
	struct policy_params pp = { .frames = 11, .settings = c.policy_params,
				    .setting_count = c.policy_param_count };
	const struct policy_knob *knob = policy_knob_find("s3fifo_small_percent");
	assert_non_null(knob);
	assert_int_equal(policy_knob_value(&pp, knob), 30);
	pp.setting_count = 0;
	assert_int_equal(policy_knob_value(&pp, knob), knob->def);

	set_fails("policy_params.nosuch=1", "--set policy_params.nosuch: unknown key (no policy "
		  "has this parameter; docs/policies.md lists them)");
	set_fails("policy_params.s3fifo_small_percent=0",
		  "--set policy_params.s3fifo_small_percent: must be from 1 to 90");
	set_fails("policy_params.s3fifo_small_percent=91",
		  "--set policy_params.s3fifo_small_percent: must be from 1 to 90");
	set_fails("policy_params.s3fifo_small_percent=x",
		  "--set policy_params.s3fifo_small_percent: must be a whole number");
	const char *bad = put(s, "bad.json", "{\"policy_params\": 3}");
	snprintf(err, sizeof err, "%s: policy_params: must be an object", bad);
	load_fails(bad, NULL, 0, err);
	bad = put(s, "bad2.json", "{\"policy_params\": {\"s3fifo_small_percent\": 5,"
		  " \"s3fifo_small_percent\": 6}}");
	snprintf(err, sizeof err, "%s: policy_params.s3fifo_small_percent: given twice", bad);
	load_fails(bad, NULL, 0, err);
}

#define SCRATCH(fn) cmocka_unit_test_setup_teardown(fn, scratch_setup, \
						       scratch_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		SCRATCH(test_empty_object_gives_defaults_named_after_file),
		SCRATCH(test_every_key_set),
		SCRATCH(test_each_policy_and_ref_bits),
		SCRATCH(test_integer_forms),
		SCRATCH(test_name_rules),
		SCRATCH(test_unknown_and_repeated_keys),
		SCRATCH(test_wrong_types),
		SCRATCH(test_unknown_policy),
		SCRATCH(test_bad_values),
		SCRATCH(test_cross_key_checks),
		SCRATCH(test_json_syntax_error_lines),
		SCRATCH(test_byte_order_mark_is_skipped),
		SCRATCH(test_unreadable_files),
		SCRATCH(test_extends_chain_overrides_and_merges),
		SCRATCH(test_extends_relative_to_the_extending_file),
		SCRATCH(test_extends_cycles),
		SCRATCH(test_extends_chain_length_limit),
		SCRATCH(test_extends_errors_name_the_right_file),
		SCRATCH(test_cross_key_errors_blame_the_last_change),
		cmocka_unit_test(test_set_each_type),
		SCRATCH(test_set_overrides_files_in_order),
		cmocka_unit_test(test_set_errors),
		SCRATCH(test_set_cross_errors_blame_the_set),
		cmocka_unit_test(test_set_needs_no_file_and_takes_no_set_count),
		SCRATCH(test_failure_leaves_config_alone),
		cmocka_unit_test(test_error_buffer_edges),
		cmocka_unit_test(test_to_json_prints_every_key),
		SCRATCH(test_to_json_round_trips),
		cmocka_unit_test(test_shipped_default_has_every_key),
		cmocka_unit_test(test_shipped_variants),
		SCRATCH(test_policy_params),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
