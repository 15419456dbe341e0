/*
 * tests/fuzz/fuzz_config.c: the configuration parser (sim/config/config.c):
 * a JSON file and --set arguments.
 *
 * The input is the file's text, then, after a NUL byte, the --set
 * arguments separated by NUL bytes (at most MAX_SETS). The file is
 * fuzz.json in the scratch folder, beside base.json (a valid parent for
 * "extends") and loop.json (which extends fuzz.json, for cycles). A
 * configuration that loads must come back the same through config_to_json
 * and config_load; one that does not must say why, naming the file, the
 * key or --set.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fuzz.h"

enum { MAX_SETS = 16 };

static const char base_json[] =
	"{ \"memory_pages\": 3, \"swap_blocks\": 8, \"page_size\": 4096,\n"
	"  \"arena_pages\": 16, \"tlb\": { \"entries\": 4 },\n"
	"  \"latency\": { \"zero_fill\": 128, \"copy\": 256 } }\n";
static const char loop_json[] = "{ \"extends\": \"fuzz.json\", \"seed\": 7 }\n";

static void same_config(const struct mmusim_config *a, const struct mmusim_config *b)
{
	const struct latency_config *x = &a->latency, *y = &b->latency;
	if (strcmp(a->name, b->name) != 0 || a->memory_pages != b->memory_pages ||
	    a->swap_blocks != b->swap_blocks || a->page_size != b->page_size ||
	    a->arena_pages != b->arena_pages || a->arena_base != b->arena_base ||
	    strcmp(a->policy, b->policy) != 0 ||
	    a->hardware_ref_bits != b->hardware_ref_bits ||
	    a->tlb.entries != b->tlb.entries || a->tlb.ways != b->tlb.ways ||
	    a->tlb.asid != b->tlb.asid || x->tlb_hit != y->tlb_hit ||
	    x->walk != y->walk || x->memory != y->memory || x->fault != y->fault ||
	    x->disk_read != y->disk_read || x->disk_write != y->disk_write ||
	    x->zero_fill != y->zero_fill || x->copy != y->copy || a->seed != b->seed) {
		char *ja = config_to_json(a), *jb = config_to_json(b);
		fuzz_fail("config_to_json read back changed it:\n%s\nread back:\n%s",
			  ja ? ja : "?", jb ? jb : "?");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[PATH_MAX], round[PATH_MAX], ignored[PATH_MAX], err[1024];

	static bool parents_written;   /* only read: once is enough */
	if (!parents_written) {
		fuzz_put("base.json", base_json, sizeof base_json - 1, ignored);
		fuzz_put("loop.json", loop_json, sizeof loop_json - 1, ignored);
		parents_written = true;
	}

	const uint8_t *nul = memchr(data, 0, size);
	size_t file_len = nul ? (size_t)(nul - data) : size;
	fuzz_put("fuzz.json", data, file_len, path);

	/* The rest: NUL-separated --set arguments, copied to end in NULs. */
	size_t rest_len = nul ? size - file_len - 1 : 0;
	char *rest = malloc(rest_len + 1);
	if (!rest)
		fuzz_fail("out of memory");
	if (rest_len)
		memcpy(rest, nul + 1, rest_len);
	rest[rest_len] = '\0';
	const char *sets[MAX_SETS];
	int set_count = 0;
	for (size_t at = 0; nul && at <= rest_len && set_count < MAX_SETS;) {
		sets[set_count++] = rest + at;
		at += strlen(rest + at) + 1;
	}

	struct mmusim_config config, again;
	int rc = config_load(&config, path, sets, set_count, err, sizeof err);
	if (rc != 0) {
		if (rc != -1)
			fuzz_fail("config_load returned %d", rc);
		if (err[0] == '\0')
			fuzz_fail("config_load failed without a message");
		if (err[0] != '/' && strncmp(err, "--set ", 6) != 0)
			fuzz_fail("the message names neither a file nor --set: '%s'",
				  err);
		free(rest);
		return 0;
	}
	free(rest);

	char *json = config_to_json(&config);
	if (!json)
		fuzz_fail("config_to_json: out of memory");
	fuzz_put("round.json", json, strlen(json), round);
	if (config_load(&again, round, NULL, 0, err, sizeof err) != 0)
		fuzz_fail("config_to_json's output does not load: %s\n%s", err, json);
	free(json);
	same_config(&config, &again);
	return 0;
}
