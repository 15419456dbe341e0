/*
 * sim/config/config.c: reading a configuration. Defaults first, then the JSON
 * file (its "extends" parents before it), then each --set, then the checks
 * that span several keys. docs/config.md is the user's side of this file.
 *
 * Every key is one row of `keys[]`: its dotted name, how its value is read
 * and where it lands. Files and --set go through the same rows, so they
 * accept the same values and give the same messages.
 *
 * Work happens on a private copy (struct loader); the caller's config only
 * changes when everything passed.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

#define MAX_CHAIN 16                 /* files in one extends chain */
#define MAX_FILE_BYTES (1u << 20)    /* a configuration is a few hundred */
#define JSON_EXACT_MAX 9007199254740992.0 /* 2^53: doubles stay exact */

enum key_kind {
	KIND_U32,
	KIND_U64,      /* also takes "0x..." or decimal strings */
	KIND_BOOL,
	KIND_NAME,
	KIND_POLICY,
	KIND_REF_BITS,
	KIND_OBJECT,   /* "tlb", "latency": their members are rows too */
	KIND_POLICY_PARAMS, /* members are the policies' knobs (policy.h) */
	KIND_EXTENDS,  /* files only, read by load_file */
	KIND_MMU_FORMAT,  /* "flat" or a named format: sets the levels */
	KIND_LEVEL_BITS,  /* [bits, ...] top first: format "custom" */
	KIND_PWC,         /* [{level, entries, ways}, ...] */
	KIND_TLB_LEVELS,  /* [{entries, ways, latency}, ...] */
};

enum key_id {
	K_NAME, K_MEMORY_PAGES, K_SWAP_BLOCKS, K_PAGE_SIZE, K_ARENA_BASE,
	K_ARENA_PAGES, K_POLICY, K_REF_BITS,
	K_TLB, K_TLB_ENTRIES, K_TLB_WAYS, K_TLB_ASID,
	K_LATENCY, K_LAT_TLB_HIT, K_LAT_WALK, K_LAT_MEMORY, K_LAT_FAULT,
	K_LAT_DISK_READ, K_LAT_DISK_WRITE, K_LAT_ZERO_FILL, K_LAT_COPY,
	K_LAT_PTE_READ, K_LAT_PWC,
	K_SEED, K_POLICY_PARAMS, K_EXTENDS,
	K_MMU, K_MMU_FORMAT, K_MMU_LEVEL_BITS, K_MMU_PWC, K_TLB_LEVELS,
	KEY_COUNT,
	K_TOP = -1,    /* the parent of top-level keys */
};

/* What is wrong with an integer on its own, or NULL. */
typedef const char *(*integer_check)(uint64_t value);

struct key {
	const char *path;      /* dotted: "tlb.entries" */
	enum key_id parent;    /* K_TOP, K_TLB or K_LATENCY */
	enum key_kind kind;
	size_t offset;         /* into struct mmusim_config */
	integer_check check;
};

static const char *at_least_1(uint64_t v)
{
	return v < 1 ? "must be at least 1" : NULL;
}

static const char *at_least_3(uint64_t v)
{
	return v < 3 ? "must be at least 3" : NULL;
}

static const char *page_size_range(uint64_t v)
{
	return page_geometry_size_ok(v) ? NULL :
		"must be a power of two from 256 to 1048576";
}

static const char *latency_range(uint64_t v)
{
	return v > LATENCY_MAX ? "must be at most 4294967295 (cycles of one step)"
			       : NULL;
}

#define AT(field) offsetof(struct mmusim_config, field)
#define ROW(id, path, parent, kind, field, check) \
	[id] = { path, parent, kind, AT(field), check }

static const struct key keys[KEY_COUNT] = {
	ROW(K_NAME, "name", K_TOP, KIND_NAME, name, NULL),
	ROW(K_MEMORY_PAGES, "memory_pages", K_TOP, KIND_U32, memory_pages, at_least_3),
	ROW(K_SWAP_BLOCKS, "swap_blocks", K_TOP, KIND_U32, swap_blocks, NULL),
	ROW(K_PAGE_SIZE, "page_size", K_TOP, KIND_U32, page_size, page_size_range),
	ROW(K_ARENA_BASE, "arena_base", K_TOP, KIND_U64, arena_base, NULL),
	ROW(K_ARENA_PAGES, "arena_pages", K_TOP, KIND_U32, arena_pages, at_least_1),
	ROW(K_POLICY, "policy", K_TOP, KIND_POLICY, policy, NULL),
	ROW(K_REF_BITS, "ref_bits", K_TOP, KIND_REF_BITS, hardware_ref_bits, NULL),
	ROW(K_TLB, "tlb", K_TOP, KIND_OBJECT, tlb, NULL),
	ROW(K_TLB_ENTRIES, "tlb.entries", K_TLB, KIND_U32, tlb.entries, NULL),
	ROW(K_TLB_WAYS, "tlb.ways", K_TLB, KIND_U32, tlb.ways, NULL),
	ROW(K_TLB_ASID, "tlb.asid", K_TLB, KIND_BOOL, tlb.asid, NULL),
	ROW(K_LATENCY, "latency", K_TOP, KIND_OBJECT, latency, NULL),
	ROW(K_LAT_TLB_HIT, "latency.tlb_hit", K_LATENCY, KIND_U64, latency.tlb_hit, latency_range),
	ROW(K_LAT_WALK, "latency.walk", K_LATENCY, KIND_U64, latency.walk, latency_range),
	ROW(K_LAT_MEMORY, "latency.memory", K_LATENCY, KIND_U64, latency.memory, latency_range),
	ROW(K_LAT_FAULT, "latency.fault", K_LATENCY, KIND_U64, latency.fault, latency_range),
	ROW(K_LAT_DISK_READ, "latency.disk_read", K_LATENCY, KIND_U64, latency.disk_read, latency_range),
	ROW(K_LAT_DISK_WRITE, "latency.disk_write", K_LATENCY, KIND_U64, latency.disk_write, latency_range),
	ROW(K_LAT_ZERO_FILL, "latency.zero_fill", K_LATENCY, KIND_U64, latency.zero_fill, latency_range),
	ROW(K_LAT_COPY, "latency.copy", K_LATENCY, KIND_U64, latency.copy, latency_range),
	ROW(K_LAT_PTE_READ, "latency.pte_read", K_LATENCY, KIND_U64, latency.pte_read, latency_range),
	ROW(K_LAT_PWC, "latency.pwc", K_LATENCY, KIND_U64, latency.pwc, latency_range),
	ROW(K_SEED, "seed", K_TOP, KIND_U64, seed, NULL),
	ROW(K_POLICY_PARAMS, "policy_params", K_TOP, KIND_POLICY_PARAMS, policy_params, NULL),
	[K_EXTENDS] = { "extends", K_TOP, KIND_EXTENDS, 0, NULL },
	ROW(K_MMU, "mmu", K_TOP, KIND_OBJECT, mmu, NULL),
	ROW(K_MMU_FORMAT, "mmu.format", K_MMU, KIND_MMU_FORMAT, mmu, NULL),
	ROW(K_MMU_LEVEL_BITS, "mmu.level_bits", K_MMU, KIND_LEVEL_BITS, mmu, NULL),
	ROW(K_MMU_PWC, "mmu.pwc", K_MMU, KIND_PWC, mmu, NULL),
	ROW(K_TLB_LEVELS, "tlb.levels", K_TLB, KIND_TLB_LEVELS, tlb, NULL),
};

/* The named page-table formats (docs/machine.md gives their sources).
 * upper_accessed: the hardware sets the accessed bit in every entry a
 * walk reads (x86), not only in the leaf (RISC-V, Arm without FEAT_HAFT). */
struct mmu_format {
	const char *name;
	uint32_t levels, bits[MMU_MAX_LEVELS], va_bits, page_size;
	bool canonical, upper_accessed;
};

static const struct mmu_format formats[] = {
	{ "two-level", 2, { 10, 10 }, 32, 4096, false, true },
	{ "sv39", 3, { 9, 9, 9 }, 39, 4096, true, false },
	{ "sv48", 4, { 9, 9, 9, 9 }, 48, 4096, true, false },
	{ "x86-64", 4, { 9, 9, 9, 9 }, 48, 4096, true, true },
	{ "x86-64-5", 5, { 9, 9, 9, 9, 9 }, 57, 4096, true, true },
	{ "arm64-4k", 4, { 9, 9, 9, 9 }, 48, 4096, false, false },
};
#define FORMAT_NAMES "flat, two-level, sv39, sv48, x86-64, x86-64-5, arm64-4k"

uint32_t config_mmu_va_bits(const struct mmu_config *mmu, uint32_t page_shift)
{
	if (mmu->levels == 0)
		return 0;
	if (mmu->va_bits)
		return mmu->va_bits;
	uint32_t va = page_shift;
	for (uint32_t i = 0; i < mmu->levels; i++)
		va += mmu->level_bits[i];
	return va;
}

uint32_t config_mmu_pwc(const struct mmu_config *mmu,
			struct pwc_config out[MMU_MAX_PWC])
{
	static const struct pwc_config champsim[] = {
		{ 5, 2, 2 }, { 4, 4, 4 }, { 3, 8, 4 }, { 2, 32, 8 },
	};
	if (mmu->pwc_given) {
		memcpy(out, mmu->pwc, mmu->pwc_count * sizeof *out);
		return mmu->pwc_count;
	}
	uint32_t n = 0;
	for (size_t i = 0; i < sizeof champsim / sizeof champsim[0]; i++)
		if (champsim[i].level <= mmu->levels)
			out[n++] = champsim[i];
	return n;
}

void config_defaults(struct mmusim_config *config)
{
	*config = (struct mmusim_config){
		.name = "default",
		.memory_pages = 4,
		.swap_blocks = 256,
		.page_size = 65536,
		.arena_base = 0x600000000,
		.arena_pages = 256,
		.policy = "clock",
		.hardware_ref_bits = false,
		.tlb = { .entries = 16, .ways = 0, .asid = false },
		/* zero_fill and copy: a 64 KiB page at about 32 bytes per
		 * cycle is ~2000 cycles to clear; a copy reads and writes. */
		.latency = { .tlb_hit = 1, .walk = 30, .memory = 100,
			     .fault = 1000, .disk_read = 5000000,
			     .disk_write = 5000000, .zero_fill = 2000,
			     .copy = 4000, .pte_read = LATENCY_PTE_READ_DEFAULT,
			     .pwc = LATENCY_PWC_DEFAULT },
		.mmu = { .format = "flat" },
		.seed = 1,
	};
}

/* ---- the loader's state and its one way of failing ---- */

struct loader {
	struct mmusim_config config;
	/* Where each key's value came from, for cross-key messages: the
	 * file's name as given (NULL: --set) and when (0: the default). */
	const char *origin_file[KEY_COUNT];
	unsigned origin_seq[KEY_COUNT];
	unsigned seq;                  /* one step per file and per --set */
	char *files[MAX_CHAIN];        /* names as given, owned */
	char *chain[MAX_CHAIN];        /* real paths of files being read */
	int file_count, chain_depth;
	char *err;
	size_t err_len;
};

/* "FILE: KEY: what" (or "FILE: what" without a key), "--set KEY: what"
 * when file is NULL. Always returns -1. */
static int fail(struct loader *ld, const char *file, const char *key,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int fail(struct loader *ld, const char *file, const char *key,
		const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (!file)
		snprintf(ld->err, ld->err_len, "--set %s: %s", key, what);
	else if (key)
		snprintf(ld->err, ld->err_len, "%s: %s: %s", file, key, what);
	else
		snprintf(ld->err, ld->err_len, "%s: %s", file, what);
	return -1;
}

/* ---- reading one value ---- */

static const struct key *find_key(enum key_id parent, const char *leaf)
{
	for (int id = 0; id < KEY_COUNT; id++) {
		const char *dot = strrchr(keys[id].path, '.');
		const char *own = dot ? dot + 1 : keys[id].path;
		if (keys[id].parent == parent && strcmp(own, leaf) == 0)
			return &keys[id];
	}
	return NULL;
}

static int digit_value(char c, int base)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (base == 16 && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (base == 16 && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The digits of "0x1f" or "31" and their base; NULL for anything else
 * (no sign, no spaces, no empty digits). */
static const char *integer_digits(const char *text, int *base)
{
	const char *p = text;

	*base = 10;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		*base = 16;
		p += 2;
	}
	if (*p == '\0')
		return NULL;
	for (const char *q = p; *q; q++)
		if (digit_value(*q, *base) < 0)
			return NULL;
	return p;
}

static bool parse_integer_text(const char *text, uint64_t *out,
			       char *what, size_t what_len)
{
	int base;
	const char *p = integer_digits(text, &base);
	uint64_t value = 0;

	if (!p) {
		snprintf(what, what_len, "must be a decimal or 0x-prefixed hex "
			 "number, not \"%s\"", text);
		return false;
	}
	for (; *p; p++) {
		uint64_t d = (uint64_t)digit_value(*p, base);
		if (value > (UINT64_MAX - d) / (uint64_t)base) {
			snprintf(what, what_len, "\"%s\" does not fit in 64 bits",
				 text);
			return false;
		}
		value = value * (uint64_t)base + d;
	}
	*out = value;
	return true;
}

static bool read_integer(const cJSON *item, enum key_kind kind, uint64_t *out,
			 char *what, size_t what_len)
{
	if (kind == KIND_U64 && cJSON_IsString(item))
		return parse_integer_text(item->valuestring, out, what, what_len);
	if (!cJSON_IsNumber(item)) {
		snprintf(what, what_len, "%s", kind == KIND_U64 ?
			 "must be a whole number, or a string holding one" :
			 "must be a whole number");
		return false;
	}
	double v = item->valuedouble;
	if (v < 0) {
		snprintf(what, what_len, "must not be negative");
		return false;
	}
	if (kind == KIND_U32 && v > (double)UINT32_MAX) {
		snprintf(what, what_len, "must be at most %" PRIu32, UINT32_MAX);
		return false;
	}
	if (kind == KIND_U64 && v > JSON_EXACT_MAX) {
		snprintf(what, what_len, "%.17g is above 2^53, where JSON "
			 "numbers lose precision: write it as a string", v);
		return false;
	}
	if (v != (double)(uint64_t)v) {
		snprintf(what, what_len, "must be a whole number, not %g", v);
		return false;
	}
	*out = (uint64_t)v;
	return true;
}

/* "unknown policy "x" (known: clock, fifo)" */
static void describe_unknown_policy(const char *name, char *what,
				    size_t what_len)
{
	int used = snprintf(what, what_len, "unknown policy \"%s\" (known:", name);
	for (const struct policy_ops *const *p = policy_table; *p; p++) {
		if (used < 0 || (size_t)used >= what_len)
			return;
		used += snprintf(what + used, what_len - (size_t)used, "%s %s",
				 p == policy_table ? "" : ",", (*p)->name);
	}
	if (used >= 0 && (size_t)used < what_len)
		snprintf(what + used, what_len - (size_t)used, ")");
}

static bool read_string(const cJSON *item, const struct key *k, char *dest,
			size_t dest_size, char *what, size_t what_len)
{
	if (!cJSON_IsString(item)) {
		snprintf(what, what_len, "must be a string");
		return false;
	}
	const char *s = item->valuestring;
	if (k->kind == KIND_POLICY && !policy_find(s)) {
		describe_unknown_policy(s, what, what_len);
		return false;
	}
	if (*s == '\0') {
		snprintf(what, what_len, "must not be empty");
		return false;
	}
	if (strlen(s) >= dest_size) {
		snprintf(what, what_len, "must be at most %zu bytes",
			 dest_size - 1);
		return false;
	}
	if (dest)
		memcpy(dest, s, strlen(s) + 1);
	return true;
}

struct source {
	const char *file;    /* NULL: --set */
	bool top;            /* the file loaded, or --set: may set "name" */
};

static int apply_object(struct loader *ld, struct source src,
			enum key_id parent, const cJSON *object);

/* "policy_params": { "KNOB": N, ... }; a knob given again (a later file,
 * a --set) replaces its value. */
static int apply_policy_params(struct loader *ld, struct source src, const cJSON *object)
{
	struct mmusim_config *c = &ld->config;

	if (!cJSON_IsObject(object))
		return fail(ld, src.file, "policy_params", "must be an object");
	for (const cJSON *item = object->child; item; item = item->next) {
		char name[320], what[512] = "";
		uint64_t v;
		snprintf(name, sizeof name, "policy_params.%s", item->string);
		for (const cJSON *before = object->child; before != item; before = before->next)
			if (strcmp(before->string, item->string) == 0)
				return fail(ld, src.file, name, "given twice");
		const struct policy_knob *knob = policy_knob_find(item->string);
		if (!knob)
			return fail(ld, src.file, name, "unknown key (no policy has this "
				    "parameter; docs/policies.md lists them)");
		if (!read_integer(item, KIND_U32, &v, what, sizeof what))
			return fail(ld, src.file, name, "%s", what);
		if (v < knob->min || v > knob->max)
			return fail(ld, src.file, name, "must be from %" PRIu32 " to %" PRIu32,
				    knob->min, knob->max);
		uint32_t i = 0;
		while (i < c->policy_param_count && strcmp(c->policy_params[i].name, knob->name) != 0)
			i++;
		if (i == POLICY_MAX_SETTINGS)
			return fail(ld, src.file, name, "more than %d policy parameters",
				    POLICY_MAX_SETTINGS);
		if (i == c->policy_param_count) {
			snprintf(c->policy_params[i].name, sizeof c->policy_params[i].name, "%s",
				 knob->name);
			c->policy_param_count++;
		}
		c->policy_params[i].value = (uint32_t)v;
	}
	return 0;
}

/* "mmu.format": a name of formats[] or "flat"; replaces level_bits. */
static bool read_mmu_format(struct mmu_config *mmu, const cJSON *item,
			    char *what, size_t what_len)
{
	const char *name = cJSON_IsString(item) ? item->valuestring : NULL;
	if (name && strcmp(name, "flat") == 0) {
		bool pwc_given = mmu->pwc_given;
		uint32_t n = mmu->pwc_count;
		struct pwc_config pwc[MMU_MAX_PWC];
		memcpy(pwc, mmu->pwc, sizeof pwc);
		*mmu = (struct mmu_config){ .format = "flat", .pwc_given = pwc_given,
					    .pwc_count = n };
		memcpy(mmu->pwc, pwc, sizeof pwc);
		return true;
	}
	for (size_t i = 0; name && i < sizeof formats / sizeof formats[0]; i++) {
		const struct mmu_format *f = &formats[i];
		if (strcmp(name, f->name) != 0)
			continue;
		snprintf(mmu->format, sizeof mmu->format, "%s", f->name);
		mmu->levels = f->levels;
		memset(mmu->level_bits, 0, sizeof mmu->level_bits);
		memcpy(mmu->level_bits, f->bits, f->levels * sizeof f->bits[0]);
		mmu->va_bits = f->va_bits;
		mmu->page_size = f->page_size;
		mmu->canonical = f->canonical;
		mmu->upper_accessed = f->upper_accessed;
		return true;
	}
	snprintf(what, what_len, "must be one of " FORMAT_NAMES);
	return false;
}

/* "mmu.level_bits": 2 to MMU_MAX_LEVELS numbers of 1 to
 * MMU_LEVEL_BITS_MAX, top level first: the format "custom". */
static bool read_level_bits(struct mmu_config *mmu, const cJSON *item,
			    char *what, size_t what_len)
{
	int n = cJSON_IsArray(item) ? cJSON_GetArraySize(item) : -1;
	if (n < 2 || n > MMU_MAX_LEVELS) {
		snprintf(what, what_len, "must be a list of 2 to %d numbers of "
			 "index bits, the top level first", MMU_MAX_LEVELS);
		return false;
	}
	uint32_t bits[MMU_MAX_LEVELS] = { 0 };
	int i = 0;
	for (const cJSON *b = item->child; b; b = b->next, i++) {
		if (!cJSON_IsNumber(b) || b->valuedouble < 1 ||
		    b->valuedouble > MMU_LEVEL_BITS_MAX ||
		    b->valuedouble != (double)(int)b->valuedouble) {
			snprintf(what, what_len, "item %d must be a whole number "
				 "from 1 to %d", i, MMU_LEVEL_BITS_MAX);
			return false;
		}
		bits[i] = (uint32_t)b->valuedouble;
	}
	snprintf(mmu->format, sizeof mmu->format, "custom");
	mmu->levels = (uint32_t)n;
	memcpy(mmu->level_bits, bits, sizeof bits);
	mmu->va_bits = 0;
	mmu->page_size = 0;
	mmu->canonical = false;
	mmu->upper_accessed = false;
	return true;
}

/* One member of a "mmu.pwc" item: a whole number from lo to hi. */
static int pwc_field(struct loader *ld, struct source src, const cJSON *o,
		     int index, const char *name, bool needed, uint32_t lo,
		     uint32_t hi, uint32_t *out)
{
	char key[64], what[512] = "";
	uint64_t v;
	snprintf(key, sizeof key, "mmu.pwc[%d].%s", index, name);
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(o, name);
	if (!item) {
		if (needed)
			return fail(ld, src.file, key, "is missing");
		*out = 0;
		return 0;
	}
	if (!read_integer(item, KIND_U32, &v, what, sizeof what))
		return fail(ld, src.file, key, "%s", what);
	if (v < lo || v > hi)
		return fail(ld, src.file, key, "must be from %" PRIu32 " to %"
			    PRIu32, lo, hi);
	*out = (uint32_t)v;
	return 0;
}

/* "mmu.pwc": a list of {level, entries, ways}, one per level at most. */
static int read_pwc(struct loader *ld, struct source src,
		    struct mmu_config *mmu, const cJSON *list)
{
	int n = cJSON_IsArray(list) ? cJSON_GetArraySize(list) : -1;
	if (n < 0 || n > MMU_MAX_PWC)
		return fail(ld, src.file, "mmu.pwc", "must be a list of at most "
			    "%d objects {\"level\", \"entries\", \"ways\"}",
			    MMU_MAX_PWC);
	struct pwc_config pwc[MMU_MAX_PWC] = { 0 };
	int i = 0;
	for (const cJSON *o = list->child; o; o = o->next, i++) {
		char key[64];
		snprintf(key, sizeof key, "mmu.pwc[%d]", i);
		if (!cJSON_IsObject(o))
			return fail(ld, src.file, key, "must be an object");
		for (const cJSON *m = o->child; m; m = m->next)
			if (strcmp(m->string, "level") && strcmp(m->string, "entries") &&
			    strcmp(m->string, "ways")) {
				snprintf(key, sizeof key, "mmu.pwc[%d].%.20s", i, m->string);
				return fail(ld, src.file, key, "unknown key");
			}
		if (pwc_field(ld, src, o, i, "level", true, 2, MMU_MAX_LEVELS, &pwc[i].level) ||
		    pwc_field(ld, src, o, i, "entries", true, 1, 65536, &pwc[i].entries) ||
		    pwc_field(ld, src, o, i, "ways", false, 0, 65536, &pwc[i].ways))
			return -1;
		if (pwc[i].ways && pwc[i].entries % pwc[i].ways) {
			snprintf(key, sizeof key, "mmu.pwc[%d].ways", i);
			return fail(ld, src.file, key, "must divide entries (%" PRIu32 ")",
				    pwc[i].entries);
		}
		for (int j = 0; j < i; j++)
			if (pwc[j].level == pwc[i].level) {
				snprintf(key, sizeof key, "mmu.pwc[%d].level", i);
				return fail(ld, src.file, key, "level %" PRIu32
					    " has a cache already", pwc[i].level);
			}
	}
	mmu->pwc_given = true;
	mmu->pwc_count = (uint32_t)n;
	memcpy(mmu->pwc, pwc, sizeof pwc);
	return 0;
}

/* One member of a "tlb.levels" item: a whole number from lo to hi. */
static int level_field(struct loader *ld, struct source src, const cJSON *o,
		       int index, const char *name, bool needed, uint64_t lo,
		       uint64_t hi, uint64_t *out)
{
	char key[64], what[512] = "";
	snprintf(key, sizeof key, "tlb.levels[%d].%s", index, name);
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(o, name);
	if (!item) {
		if (needed)
			return fail(ld, src.file, key, "is missing");
		*out = 0;
		return 0;
	}
	if (!read_integer(item, KIND_U64, out, what, sizeof what))
		return fail(ld, src.file, key, "%s", what);
	if (*out < lo || *out > hi)
		return fail(ld, src.file, key, "must be from %" PRIu64 " to %"
			    PRIu64, lo, hi);
	return 0;
}

/* "tlb.levels": 1 to TLB_MAX_LEVELS objects {entries, ways, latency},
 * level 1 first. */
static int read_tlb_levels(struct loader *ld, struct source src,
			   struct tlb_config *tlb, const cJSON *list)
{
	int n = cJSON_IsArray(list) ? cJSON_GetArraySize(list) : -1;
	if (n < 1 || n > TLB_MAX_LEVELS)
		return fail(ld, src.file, "tlb.levels", "must be a list of 1 to %d "
			    "objects {\"entries\", \"ways\", \"latency\"}, level 1 "
			    "first", TLB_MAX_LEVELS);
	struct tlb_level_config lv[TLB_MAX_LEVELS] = { 0 };
	int i = 0;
	for (const cJSON *o = list->child; o; o = o->next, i++) {
		char key[64];
		uint64_t entries, ways, latency;
		snprintf(key, sizeof key, "tlb.levels[%d]", i);
		if (!cJSON_IsObject(o))
			return fail(ld, src.file, key, "must be an object");
		for (const cJSON *m = o->child; m; m = m->next)
			if (strcmp(m->string, "entries") && strcmp(m->string, "ways") &&
			    strcmp(m->string, "latency")) {
				snprintf(key, sizeof key, "tlb.levels[%d].%.20s", i, m->string);
				return fail(ld, src.file, key, "unknown key");
			}
		if (level_field(ld, src, o, i, "entries", true, 1, UINT32_MAX, &entries) ||
		    level_field(ld, src, o, i, "ways", false, 0, UINT32_MAX, &ways) ||
		    level_field(ld, src, o, i, "latency", true, 0, LATENCY_MAX, &latency))
			return -1;
		if (ways && entries % ways) {
			snprintf(key, sizeof key, "tlb.levels[%d].ways", i);
			return fail(ld, src.file, key, "must divide entries (%" PRIu64 ")",
				    entries);
		}
		lv[i] = (struct tlb_level_config){ (uint32_t)entries, (uint32_t)ways,
						   latency };
	}
	tlb->level_count = (uint32_t)n;
	memcpy(tlb->levels, lv, sizeof lv);
	tlb->entries = lv[0].entries;
	tlb->ways = lv[0].ways;
	return 0;
}

/* Check one value and store it in ld->config. */
static int apply_value(struct loader *ld, struct source src,
		       const struct key *k, const cJSON *item)
{
	char what[512] = "";
	char *field = (char *)&ld->config + k->offset;
	enum key_id id = (enum key_id)(k - keys);
	uint64_t v;
	bool ok = true;

	switch (k->kind) {
	case KIND_U32:
	case KIND_U64:
		ok = read_integer(item, k->kind, &v, what, sizeof what);
		if (ok && k->check && k->check(v)) {
			snprintf(what, sizeof what, "%s", k->check(v));
			ok = false;
		}
		if (ok && k->kind == KIND_U32)
			*(uint32_t *)(void *)field = (uint32_t)v;
		else if (ok)
			*(uint64_t *)(void *)field = v;
		break;
	case KIND_BOOL:
		ok = cJSON_IsBool(item);
		if (ok)
			*(bool *)field = cJSON_IsTrue(item);
		else
			snprintf(what, sizeof what, "must be true or false");
		break;
	case KIND_NAME:
		/* A parent's name describes the parent: checked, not kept. */
		ok = read_string(item, k, src.top ? field : NULL,
				 sizeof ld->config.name, what, sizeof what);
		if (ok && !src.top)
			return 0;
		break;
	case KIND_POLICY:
		ok = read_string(item, k, field, sizeof ld->config.policy,
				 what, sizeof what);
		break;
	case KIND_REF_BITS:
		ok = cJSON_IsString(item) &&
		     (strcmp(item->valuestring, "software") == 0 ||
		      strcmp(item->valuestring, "hardware") == 0);
		if (ok)
			ld->config.hardware_ref_bits =
				strcmp(item->valuestring, "hardware") == 0;
		else
			snprintf(what, sizeof what,
				 "must be \"software\" or \"hardware\"");
		break;
	case KIND_POLICY_PARAMS:
		if (apply_policy_params(ld, src, item) != 0)
			return -1;
		break;
	case KIND_OBJECT:
		if (!cJSON_IsObject(item))
			return fail(ld, src.file, k->path, "must be an object");
		return apply_object(ld, src, id, item);
	case KIND_EXTENDS:
		if (src.file)
			return 0;  /* load_file has followed it already */
		return fail(ld, NULL, k->path, "only a file can extend another");
	case KIND_MMU_FORMAT:
		ok = read_mmu_format(&ld->config.mmu, item, what, sizeof what);
		break;
	case KIND_LEVEL_BITS:
		ok = read_level_bits(&ld->config.mmu, item, what, sizeof what);
		break;
	case KIND_PWC:
		if (read_pwc(ld, src, &ld->config.mmu, item) != 0)
			return -1;
		break;
	case KIND_TLB_LEVELS:
		if (read_tlb_levels(ld, src, &ld->config.tlb, item) != 0)
			return -1;
		/* item 0 is tlb.entries and tlb.ways too */
		ld->origin_file[K_TLB_ENTRIES] = ld->origin_file[K_TLB_WAYS] = src.file;
		ld->origin_seq[K_TLB_ENTRIES] = ld->origin_seq[K_TLB_WAYS] = ld->seq;
		break;
	}
	if (!ok)
		return fail(ld, src.file, k->path, "%s", what);
	ld->origin_file[id] = src.file;
	ld->origin_seq[id] = ld->seq;
	return 0;
}

/* Every member of a JSON object, each exactly once, each a known key. */
static int apply_object(struct loader *ld, struct source src,
			enum key_id parent, const cJSON *object)
{
	const char *prefix = parent == K_TOP ? "" : keys[parent].path;
	const char *dot = parent == K_TOP ? "" : ".";

	for (const cJSON *item = object->child; item; item = item->next) {
		char name[320];
		snprintf(name, sizeof name, "%s%s%s", prefix, dot, item->string);
		/* cJSON keeps both copies of a repeated key; one would be
		 * ignored without a word. */
		for (const cJSON *before = object->child; before != item;
		     before = before->next)
			if (strcmp(before->string, item->string) == 0)
				return fail(ld, src.file, name, "given twice");
		const struct key *k = find_key(parent, item->string);
		if (!k)
			return fail(ld, src.file, name, "unknown key");
		if (apply_value(ld, src, k, item) != 0)
			return -1;
	}
	return 0;
}

/* ---- files and their "extends" ---- */

/* The whole stream, NUL-terminated; NULL with errno set. Stops soon
 * after MAX_FILE_BYTES, so that /dev/zero is no endless configuration. */
static char *read_stream(FILE *f, size_t *len)
{
	size_t cap = 4096, used = 0;
	char *text = NULL;

	for (;;) {
		char *bigger = realloc(text, cap + 1);
		if (!bigger) {
			free(text);
			errno = ENOMEM;
			return NULL;
		}
		text = bigger;
		used += fread(text + used, 1, cap - used, f);
		if (used < cap || cap > MAX_FILE_BYTES)
			break;
		cap *= 2;
	}
	if (ferror(f) || used > MAX_FILE_BYTES) {
		int why = ferror(f) ? errno : EFBIG;
		free(text);
		errno = why;
		return NULL;
	}
	text[used] = '\0';
	*len = used;
	return text;
}

static char *read_text(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");

	if (!f)
		return NULL;
	char *text = read_stream(f, len);
	int why = errno;
	fclose(f);
	errno = why;
	return text;
}

/* The line of a syntax error. At the very end the text stopped too early:
 * name the last line that holds something, not the empty one after it. */
static unsigned error_line(const char *text, size_t len, size_t at)
{
	unsigned line = 1;

	if (at >= len) {
		at = len;
		while (at > 0 && strchr(" \t\r\n", text[at - 1]))
			at--;
	}
	for (size_t i = 0; i < at; i++)
		line += text[i] == '\n';
	return line;
}

static int parse_file(struct loader *ld, const char *file, cJSON **root)
{
	size_t len;
	char *text = read_text(file, &len);

	if (!text)
		return fail(ld, file, NULL, "%s: %s", errno == ENOENT ||
			    errno == EACCES ? "cannot open" : "cannot read",
			    strerror(errno));
	/* Editors on some systems start UTF-8 files with a byte-order mark. */
	const char *start = strncmp(text, "\xEF\xBB\xBF", 3) == 0 ? text + 3 : text;
	const char *nul = memchr(text, '\0', len);
	const char *stop = NULL;
	*root = nul ? NULL : cJSON_ParseWithOpts(start, &stop, true);
	if (!*root) {
		size_t at = nul ? (size_t)(nul - text) :
			    stop ? (size_t)(stop - text) : 0;
		snprintf(ld->err, ld->err_len, "%s:%u: JSON syntax error", file,
			 error_line(text, len, at));
		free(text);
		return -1;
	}
	free(text);
	if (!cJSON_IsObject(*root)) {
		cJSON_Delete(*root);
		return fail(ld, file, NULL, "must hold a JSON object");
	}
	return 0;
}

/* `name` relative to the folder of `file`. */
static char *beside(const char *file, const char *name)
{
	const char *slash = strrchr(file, '/');
	char *joined;

	if (name[0] == '/' || !slash)
		return strdup(name);
	if (asprintf(&joined, "%.*s/%s", (int)(slash - file), file, name) < 0)
		return NULL;
	return joined;
}

static int load_file(struct loader *ld, const char *from, char *file);

/* The parents first, so that this file's keys override theirs. */
static int follow_extends(struct loader *ld, const char *file,
			  const cJSON *root)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "extends");

	if (!name)
		return 0;
	if (!cJSON_IsString(name) || name->valuestring[0] == '\0')
		return fail(ld, file, "extends", "must be a file name");
	char *parent = beside(file, name->valuestring);
	if (!parent)
		return fail(ld, file, "extends", "out of memory");
	return load_file(ld, file, parent);
}

/* Read `file` (owned from here on), which `from` extends (NULL: the file
 * the user named), and apply its keys. */
static int load_file(struct loader *ld, const char *from, char *file)
{
	if (ld->file_count == MAX_CHAIN) {
		free(file);
		return fail(ld, from, "extends", "more than %d files in the "
			    "extends chain", MAX_CHAIN);
	}
	ld->files[ld->file_count] = file;
	char *real = realpath(file, NULL);
	if (!real && from)
		return fail(ld, from, "extends", "cannot open %s: %s", file,
			    strerror(errno));
	if (!real)
		return fail(ld, file, NULL, "cannot open: %s", strerror(errno));
	/* One parent per file: the files read so far are one chain, and
	 * meeting one of them again is going round in a circle. */
	for (int i = 0; i < ld->file_count; i++)
		if (strcmp(ld->chain[i], real) == 0) {
			free(real);
			return fail(ld, from, "extends",
				    "extends cycle through %s", file);
		}
	ld->chain[ld->file_count++] = real;

	cJSON *root = NULL;
	if (parse_file(ld, file, &root) != 0)
		return -1;
	int rc = follow_extends(ld, file, root);
	if (rc == 0) {
		ld->seq++;
		rc = apply_object(ld, (struct source){ file, from == NULL },
				  K_TOP, root);
	}
	cJSON_Delete(root);
	return rc;
}

/* ---- --set KEY=VALUE ---- */

/* "tlb.entries" -> its row; NULL if there is no such key. */
static const struct key *find_dotted(const char *path)
{
	const char *dot = strchr(path, '.');
	char head[32];

	if (!dot)
		return find_key(K_TOP, path);
	if ((size_t)(dot - path) >= sizeof head)
		return NULL;
	memcpy(head, path, (size_t)(dot - path));
	head[dot - path] = '\0';
	const struct key *object = find_key(K_TOP, head);
	if (!object || object->kind != KIND_OBJECT)
		return NULL;
	return find_key((enum key_id)(object - keys), dot + 1);
}

/* VALUE as JSON when it parses, else as a bare string. Two refinements so
 * that what one types means what one meant: a string key takes the text
 * itself unless it is a JSON string (`name=123`), and a 64-bit key takes
 * plain digits exactly, also past 2^53 (`seed=18446744073709551615`). */
static cJSON *set_value(const struct key *k, const char *text)
{
	bool string_key = k->kind == KIND_NAME || k->kind == KIND_POLICY ||
			  k->kind == KIND_REF_BITS || k->kind == KIND_MMU_FORMAT;
	int base;

	if (k->kind == KIND_U64 && integer_digits(text, &base))
		return cJSON_CreateString(text);
	cJSON *value = cJSON_ParseWithOpts(text, NULL, true);
	if (value && (!string_key || cJSON_IsString(value)))
		return value;
	cJSON_Delete(value);
	return cJSON_CreateString(text);
}

static int apply_set(struct loader *ld, const char *arg)
{
	const char *eq = strchr(arg, '=');

	if (!eq || eq == arg)
		return fail(ld, NULL, arg, "expected KEY=VALUE");
	char *key = strndup(arg, (size_t)(eq - arg));
	if (!key)
		return fail(ld, NULL, arg, "out of memory");
	const struct key *k = find_dotted(key);
	int rc;
	const char *knob = strncmp(key, "policy_params.", 14) == 0 ? key + 14 : NULL;
	if (knob && *knob) {
		/* { "KNOB": VALUE }, read as the file's member would be */
		cJSON *object = cJSON_CreateObject();
		cJSON *value = cJSON_ParseWithOpts(eq + 1, NULL, true);
		if (!value)
			value = cJSON_CreateString(eq + 1);
		ld->seq++;
		if (object && value && cJSON_AddItemToObject(object, knob, value)) {
			value = NULL;
			rc = apply_value(ld, (struct source){ NULL, true }, &keys[K_POLICY_PARAMS],
					 object);
		} else {
			rc = fail(ld, NULL, key, "out of memory");
		}
		cJSON_Delete(value);
		cJSON_Delete(object);
	} else if (!k) {
		rc = fail(ld, NULL, key, "unknown key");
	} else {
		cJSON *value = set_value(k, eq + 1);
		ld->seq++;
		rc = value ? apply_value(ld, (struct source){ NULL, true }, k,
					 value) :
			     fail(ld, NULL, key, "out of memory");
		cJSON_Delete(value);
	}
	free(key);
	return rc;
}

/* ---- checks across keys, once everything is merged ---- */

/* Of keys a and b, the one given last (a on a tie): a cross-key message
 * names it and its file, the place the user most likely just changed. */
static enum key_id later(const struct loader *ld, enum key_id a, enum key_id b)
{
	return ld->origin_seq[b] > ld->origin_seq[a] ? b : a;
}

static int fail_at(struct loader *ld, enum key_id id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail_at(struct loader *ld, enum key_id id, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return fail(ld, ld->origin_file[id], keys[id].path, "%s", what);
}

/* The format against the page size and the arena. */
static int check_mmu(struct loader *ld, const struct page_geometry *g)
{
	const struct mmu_config *mmu = &ld->config.mmu;
	enum key_id fkey = mmu->va_bits ? K_MMU_FORMAT : K_MMU_LEVEL_BITS;

	if (mmu->levels == 0)
		return 0;
	if (mmu->page_size && mmu->page_size != g->size) {
		if (later(ld, K_PAGE_SIZE, fkey) == K_PAGE_SIZE)
			return fail_at(ld, K_PAGE_SIZE, "must be %" PRIu32 " with "
				       "mmu.format \"%s\"", mmu->page_size, mmu->format);
		return fail_at(ld, fkey, "\"%s\" needs page_size %" PRIu32
			       ", not %" PRIu32, mmu->format, mmu->page_size, g->size);
	}
	uint32_t va = config_mmu_va_bits(mmu, g->shift);
	if (va > 64)
		return fail_at(ld, K_MMU_LEVEL_BITS, "with pages of %" PRIu32
			       " bytes the levels span %" PRIu32 " address bits, "
			       "more than 64", g->size, va);
	uint32_t room = mmu->canonical ? va - 1 : va;
	if (room < 64 && g->arena_last >> room) {
		enum key_id last = later(ld, later(ld, K_ARENA_BASE, K_ARENA_PAGES),
					 fkey);
		return fail_at(ld, last, "the arena (0x%" PRIx64 " + %" PRIu32
			       " pages of %" PRIu32 " bytes) does not fit the %"
			       PRIu32 "-bit virtual addresses of mmu %s (below 0x%"
			       PRIx64 ")", g->arena_base, g->arena_pages, g->size,
			       va, mmu->format, UINT64_C(1) << room);
	}
	for (uint32_t i = 0; i < mmu->pwc_count; i++)
		if (mmu->pwc[i].level > mmu->levels)
			return fail_at(ld, K_MMU_PWC, "item %" PRIu32 ": mmu %s has "
				       "no level %" PRIu32 " above the leaf (levels 2 "
				       "to %" PRIu32 ")", i, mmu->format,
				       mmu->pwc[i].level, mmu->levels);
	return 0;
}

static int check_across(struct loader *ld)
{
	const struct mmusim_config *c = &ld->config;

	if (c->tlb.ways && c->tlb.entries % c->tlb.ways) {
		if (later(ld, K_TLB_WAYS, K_TLB_ENTRIES) == K_TLB_WAYS)
			return fail_at(ld, K_TLB_WAYS, "must divide tlb.entries"
				       " (%" PRIu32 ")", c->tlb.entries);
		return fail_at(ld, K_TLB_ENTRIES, "must be a multiple of "
			       "tlb.ways (%" PRIu32 ")", c->tlb.ways);
	}
	/* the page geometry: the rules of page_geometry_init, every layer's */
	struct page_geometry g;
	enum page_geometry_error bad =
		page_geometry_init(&g, c->page_size, c->arena_base, c->arena_pages);
	switch (bad) {
	case PAGE_GEOMETRY_OK:
		return check_mmu(ld, &g);
	case PAGE_GEOMETRY_ALIGN:
		if (later(ld, K_ARENA_BASE, K_PAGE_SIZE) == K_ARENA_BASE)
			return fail_at(ld, K_ARENA_BASE, "must be a multiple of "
				       "page_size (%" PRIu32 ")", c->page_size);
		return fail_at(ld, K_PAGE_SIZE, "must divide arena_base (0x%"
			       PRIx64 ")", c->arena_base);
	case PAGE_GEOMETRY_END: {
		enum key_id last = later(ld, later(ld, K_ARENA_BASE,
						   K_ARENA_PAGES), K_PAGE_SIZE);
		return fail_at(ld, last, "the arena (0x%" PRIx64 " + %" PRIu32
			       " pages of %" PRIu32 " bytes) ends past the "
			       "64-bit address space", c->arena_base,
			       c->arena_pages, c->page_size);
	}
	case PAGE_GEOMETRY_SIZE:  /* refused by the key's own check first */
	case PAGE_GEOMETRY_PAGES:
		break;
	}
	return fail_at(ld, bad == PAGE_GEOMETRY_SIZE ? K_PAGE_SIZE : K_ARENA_PAGES,
		       "%s", page_geometry_error_text(bad));
}

/* ---- the entry points ---- */

/* "configs/fifo-4.json" -> "fifo-4"; false if that does not fit. */
static bool name_from_path(const char *path, char *name, size_t size)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t len = strlen(base);

	if (len > 5 && strcmp(base + len - 5, ".json") == 0)
		len -= 5;
	if (len == 0 || len >= size)
		return false;
	memcpy(name, base, len);
	name[len] = '\0';
	return true;
}

static int load_all(struct loader *ld, const char *path,
		    const char *const *sets, int set_count)
{
	bool named = true;

	if (path) {
		named = name_from_path(path, ld->config.name,
				       sizeof ld->config.name);
		char *file = strdup(path);
		if (!file)
			return fail(ld, path, NULL, "out of memory");
		if (load_file(ld, NULL, file) != 0)
			return -1;
	}
	for (int i = 0; sets && i < set_count; i++)
		if (apply_set(ld, sets[i]) != 0)
			return -1;
	if (!named && ld->origin_seq[K_NAME] == 0)
		return fail(ld, path, "name", "the file's base name does not "
			    "fit in %zu bytes: give a \"name\"",
			    sizeof ld->config.name - 1);
	return check_across(ld);
}

int config_load(struct mmusim_config *config, const char *path,
		const char *const *sets, int set_count, char *err, size_t err_len)
{
	char spare[512];
	struct loader ld = { .err = err, .err_len = err_len };

	if (!err || err_len == 0) {
		ld.err = spare;
		ld.err_len = sizeof spare;
	}
	ld.err[0] = '\0';
	config_defaults(&ld.config);
	int rc = load_all(&ld, path, sets, set_count);
	if (rc == 0)
		*config = ld.config;
	for (int i = 0; i < MAX_CHAIN; i++) {
		free(ld.files[i]);
		free(ld.chain[i]);
	}
	return rc;
}

/* 64-bit figures go out as their exact digits (cJSON would print a double
 * with 15 significant digits, and 7723824036854761 came back as
 * ...760: found by fuzzing); past 2^53, as strings, which config_load
 * reads back exactly. */
static bool add_u64(cJSON *object, const char *name, uint64_t value)
{
	char text[24];

	snprintf(text, sizeof text, "%" PRIu64, value);
	if (value <= (uint64_t)JSON_EXACT_MAX)
		return cJSON_AddRawToObject(object, name, text);
	return cJSON_AddStringToObject(object, name, text);
}

/* The walk's keys (pte_read, pwc) are printed for a multi-level format
 * or when not at their defaults, so a flat configuration prints as it
 * always did. */
static bool add_latency(cJSON *root, const struct mmusim_config *c)
{
	const struct latency_config *l = &c->latency;
	cJSON *o = cJSON_AddObjectToObject(root, "latency");
	bool walk_keys = c->mmu.levels || l->pte_read != LATENCY_PTE_READ_DEFAULT ||
			 l->pwc != LATENCY_PWC_DEFAULT;

	return o && add_u64(o, "tlb_hit", l->tlb_hit) &&
	       add_u64(o, "walk", l->walk) && add_u64(o, "memory", l->memory) &&
	       add_u64(o, "fault", l->fault) &&
	       add_u64(o, "disk_read", l->disk_read) &&
	       add_u64(o, "disk_write", l->disk_write) &&
	       add_u64(o, "zero_fill", l->zero_fill) &&
	       add_u64(o, "copy", l->copy) &&
	       (!walk_keys || (add_u64(o, "pte_read", l->pte_read) &&
			       add_u64(o, "pwc", l->pwc)));
}

/* "tlb.levels", printed only when given: level 1 is tlb.entries/ways. */
static bool add_tlb_levels(cJSON *tlb, const struct tlb_config *t)
{
	cJSON *list = cJSON_AddArrayToObject(tlb, "levels");
	bool ok = list != NULL;
	for (uint32_t i = 0; ok && i < t->level_count; i++) {
		cJSON *o = cJSON_CreateObject();
		bool first = i == 0;
		ok = o && cJSON_AddItemToArray(list, o) &&
		     cJSON_AddNumberToObject(o, "entries", first ? t->entries : t->levels[i].entries) &&
		     cJSON_AddNumberToObject(o, "ways", first ? t->ways : t->levels[i].ways) &&
		     add_u64(o, "latency", t->levels[i].latency);
	}
	return ok;
}

/* "mmu", printed only when it is not the flat default, so that the
 * printed configuration of every flat run stays what it was. */
static bool add_mmu(cJSON *root, const struct mmu_config *mmu)
{
	cJSON *o = cJSON_AddObjectToObject(root, "mmu");
	bool ok = o != NULL;
	if (ok && mmu->levels && mmu->va_bits == 0) {
		cJSON *bits = cJSON_AddArrayToObject(o, "level_bits");
		ok = bits != NULL;
		for (uint32_t i = 0; ok && i < mmu->levels; i++)
			ok = cJSON_AddItemToArray(bits, cJSON_CreateNumber(mmu->level_bits[i]));
	} else if (ok) {
		ok = cJSON_AddStringToObject(o, "format", mmu->format) != NULL;
	}
	if (ok && mmu->pwc_given) {
		cJSON *list = cJSON_AddArrayToObject(o, "pwc");
		ok = list != NULL;
		for (uint32_t i = 0; ok && i < mmu->pwc_count; i++) {
			cJSON *p = cJSON_CreateObject();
			ok = p && cJSON_AddItemToArray(list, p) &&
			     cJSON_AddNumberToObject(p, "level", mmu->pwc[i].level) &&
			     cJSON_AddNumberToObject(p, "entries", mmu->pwc[i].entries) &&
			     cJSON_AddNumberToObject(p, "ways", mmu->pwc[i].ways);
		}
	}
	return ok;
}

char *config_to_json(const struct mmusim_config *config)
{
	const struct mmusim_config *c = config;
	cJSON *root = cJSON_CreateObject();
	cJSON *tlb = NULL;
	char base[24];
	char *text = NULL;

	snprintf(base, sizeof base, "0x%" PRIx64, c->arena_base);
	bool ok = root &&
		cJSON_AddStringToObject(root, "name", c->name) &&
		cJSON_AddNumberToObject(root, "memory_pages", c->memory_pages) &&
		cJSON_AddNumberToObject(root, "swap_blocks", c->swap_blocks) &&
		cJSON_AddNumberToObject(root, "page_size", c->page_size) &&
		cJSON_AddStringToObject(root, "arena_base", base) &&
		cJSON_AddNumberToObject(root, "arena_pages", c->arena_pages) &&
		cJSON_AddStringToObject(root, "policy", c->policy) &&
		cJSON_AddStringToObject(root, "ref_bits", c->hardware_ref_bits ?
					"hardware" : "software") &&
		(tlb = cJSON_AddObjectToObject(root, "tlb")) &&
		cJSON_AddNumberToObject(tlb, "entries", c->tlb.entries) &&
		cJSON_AddNumberToObject(tlb, "ways", c->tlb.ways) &&
		cJSON_AddBoolToObject(tlb, "asid", c->tlb.asid) &&
		(c->tlb.level_count == 0 || add_tlb_levels(tlb, &c->tlb)) &&
		add_latency(root, c) &&
		add_u64(root, "seed", c->seed);
	if (ok && (c->mmu.levels || c->mmu.pwc_given))
		ok = add_mmu(root, &c->mmu);
	cJSON *params = ok ? cJSON_AddObjectToObject(root, "policy_params") : NULL;
	ok = ok && params;
	for (uint32_t i = 0; ok && i < c->policy_param_count; i++)
		ok = cJSON_AddNumberToObject(params, c->policy_params[i].name,
					     c->policy_params[i].value);
	if (ok)
		text = cJSON_Print(root);
	cJSON_Delete(root);
	return text;
}

int config_geometry(const struct mmusim_config *c, struct page_geometry *g,
		    char *err, size_t err_len)
{
	enum page_geometry_error bad =
		page_geometry_init(g, c->page_size, c->arena_base, c->arena_pages);
	if (bad == PAGE_GEOMETRY_OK)
		return 0;
	snprintf(err, err_len, "%s", page_geometry_error_text(bad));
	return -1;
}
