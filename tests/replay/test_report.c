/* tests/replay/test_report.c: the run report's table (columns line up
 * whatever the numbers' widths, thousands separators) and its JSON (plain
 * numbers, every configuration key that affects the figures). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "report.h"

static char *table_text(const struct run_result *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	report_table(f, r);
	assert_int_equal(fclose(f), 0);
	return text;
}

static void fill(struct run_result *r)
{
	memset(r, 0, sizeof *r);
	config_defaults(&r->config);
	strcpy(r->trace_path, "big.trace");
	r->events = 12345678901ull;
	r->reads = 9000000000ull;
	r->writes = 7;
	r->tlb_hits = 8999999000ull;
	r->tlb_misses = 1007;
	r->faults = 1234567;
	r->faults_major = 1234000;
	r->faults_minor = 560;
	r->faults_invalid = 7;
	r->zero_fills = 1000;
	r->evictions = 1233000;
	r->evictions_dirty = 999;
	r->ref_clears = 42;
	r->swap_reads = 1232000;
	r->swap_writes = 999;
	r->maps_ok = 3;
	r->creates_ok = 2;
	r->breakdown.tlb = 8999999000ull;
	r->breakdown.walk = 30210;
	r->breakdown.memory = 900000000700ull;
	r->breakdown.fault = 1234567000ull;
	r->breakdown.disk_read = 6160000000000ull;
	r->breakdown.disk_write = 4995000000ull;
	r->breakdown.zero_fill = 2000000;
	r->cycles = r->breakdown.tlb + r->breakdown.walk + r->breakdown.memory +
		    r->breakdown.fault + r->breakdown.disk_read +
		    r->breakdown.disk_write + r->breakdown.zero_fill;
}

/* Figures wider than the old %12 columns stay aligned, with commas. */
static void test_table_aligned(void **state)
{
	(void)state;
	struct run_result r;
	fill(&r);
	char *text = table_text(&r);
	const char *want =
		"trace      big.trace (12,345,678,901 events)\n"
		"config     default: policy clock, 4 frames, 256 swap blocks, page 65536, TLB 16 fully assoc., ref bits software\n"
		"\n"
		"accesses         9,000,000,007   reads      9,000,000,000   writes          7\n"
		"tlb hits         8,999,999,000   misses             1,007   hit rate   100.0%\n"
		"faults               1,234,567   major          1,234,000   minor         560   invalid 7\n"
		"misses               1,234,000   ratio      1,234,000/9,000,000,007 = 0.000137\n"
		"zero-fills               1,000   cow copies             0\n"
		"evictions            1,233,000   dirty                999   ref clears     42\n"
		"swap                 1,232,999   reads          1,232,000   writes        999\n"
		"files                        0   reads                  0   writes          0\n"
		"maps                         3   failed                 0\n"
		"creates                      2   failed                 0\n"
		"killed                       0\n"
		"\n"
		"cycles       7,075,231,596,910\n"
		"  tlb            8,999,999,000     0.1%\n"
		"  walk                  30,210     0.0%\n"
		"  memory       900,000,000,700    12.7%\n"
		"  fault          1,234,567,000     0.0%\n"
		"  disk read  6,160,000,000,000    87.1%\n"
		"  disk write     4,995,000,000     0.1%\n"
		"  zero-fill          2,000,000     0.0%\n"
		"  copy                       0     0.0%\n"
		"  compute                    0     0.0%\n";
	assert_string_equal(text, want);
	free(text);
}

/* The hardware-bits rows: negative savings keep their sign and commas. */
static void test_table_hardware_bits(void **state)
{
	(void)state;
	struct run_result r;
	fill(&r);
	r.software.present = true;
	r.software.software_faults = 1234560;
	r.software.software_cycles = r.cycles + 1500000;
	char *text = table_text(&r);
	const char *tail =
		"\n"
		"hardware ref bits save, against software emulation:\n"
		"  faults                    -7   software         1,234,560\n"
		"  cycles             1,500,000   software 7,075,233,096,910\n";
	size_t n = strlen(text), m = strlen(tail);
	assert_true(n > m);
	assert_string_equal(text + n - m, tail);
	free(text);
}

/* --json: plain numbers (no commas), and the latencies the cycles used. */
static void test_json_plain_with_latency(void **state)
{
	(void)state;
	struct run_result r;
	fill(&r);
	r.config.latency.disk_read = 5000001;
	r.config.latency.copy = 18446744073709551615ull;
	char *json = report_json(&r);
	assert_non_null(json);
	assert_null(strstr(json, "9,000"));
	assert_non_null(strstr(json, "\"total\":\t9000000007,"));
	assert_non_null(strstr(json,
		"\t\t\"seed\":\t1,\n"
		"\t\t\"latency\":\t{\n"
		"\t\t\t\"tlb_hit\":\t1,\n"
		"\t\t\t\"walk\":\t30,\n"
		"\t\t\t\"memory\":\t100,\n"
		"\t\t\t\"fault\":\t1000,\n"
		"\t\t\t\"disk_read\":\t5000001,\n"
		"\t\t\t\"disk_write\":\t5000000,\n"
		"\t\t\t\"zero_fill\":\t2000,\n"
		"\t\t\t\"copy\":\t18446744073709551615\n"
		"\t\t}\n"
		"\t},\n"));
	free(json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_aligned),
		cmocka_unit_test(test_table_hardware_bits),
		cmocka_unit_test(test_json_plain_with_latency),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
