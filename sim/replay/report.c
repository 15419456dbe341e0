/* sim/replay/report.c: a run's figures as the human table and as the JSON
 * report (../shared/spec/report.md, docs/report.md), from run_result. */
#include "report.h"

#include <cJSON.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Integers go in as raw text: cJSON keeps numbers as doubles, which would
 * round counts past 2^53. */
static void add_u64(cJSON *o, const char *key, uint64_t v)
{
	char text[24];
	snprintf(text, sizeof text, "%" PRIu64, v);
	cJSON_AddItemToObject(o, key, cJSON_CreateRaw(text));
}

static void add_i64(cJSON *o, const char *key, int64_t v)
{
	char text[24];
	snprintf(text, sizeof text, "%" PRId64, v);
	cJSON_AddItemToObject(o, key, cJSON_CreateRaw(text));
}

/* a - b, negative when hardware bits cost more than they save. */
static int64_t saved(uint64_t a, uint64_t b)
{
	return a >= b ? (int64_t)(a - b) : -(int64_t)(b - a);
}

static cJSON *section(cJSON *root, const char *key)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(root, key, o);
	return o;
}

static void add_config(cJSON *root, const struct mmusim_config *c)
{
	cJSON *o = section(root, "config");
	cJSON_AddStringToObject(o, "name", c->name);
	cJSON_AddStringToObject(o, "policy", c->policy);
	add_u64(o, "memory_pages", c->memory_pages);
	add_u64(o, "swap_blocks", c->swap_blocks);
	add_u64(o, "page_size", c->page_size);
	add_u64(o, "tlb_entries", c->tlb.entries);
	/* extras */
	add_u64(o, "tlb_ways", c->tlb.ways);
	cJSON_AddBoolToObject(o, "tlb_asid", c->tlb.asid);
	cJSON_AddStringToObject(o, "ref_bits",
				c->hardware_ref_bits ? "hardware" : "software");
	char base[24];
	snprintf(base, sizeof base, "0x%" PRIx64, c->arena_base);
	cJSON_AddStringToObject(o, "arena_base", base);
	add_u64(o, "arena_pages", c->arena_pages);
	add_u64(o, "seed", c->seed);
}

static void add_breakdown(cJSON *root, const struct machine_cycles *b)
{
	cJSON *o = section(root, "cycles_breakdown");
	add_u64(o, "tlb", b->tlb);
	add_u64(o, "walk", b->walk);
	add_u64(o, "memory", b->memory);
	add_u64(o, "fault", b->fault);
	add_u64(o, "disk_read", b->disk_read);
	add_u64(o, "disk_write", b->disk_write);
	add_u64(o, "zero_fill", b->zero_fill);
	add_u64(o, "copy", b->copy);
	add_u64(o, "compute", b->compute);
}

double report_miss_ratio(const struct run_result *r)
{
	uint64_t accesses = r->reads + r->writes;
	return accesses ? (double)r->faults_major / (double)accesses : 0;
}

/* misses.ratio is exact ("N/D", unreduced); ratio_decimal is for reading. */
static void add_misses(cJSON *root, const struct run_result *r)
{
	cJSON *o = section(root, "misses");
	add_u64(o, "total", r->faults_major);
	char text[64];
	snprintf(text, sizeof text, "%" PRIu64 "/%" PRIu64, r->faults_major,
		 r->reads + r->writes);
	cJSON_AddStringToObject(o, "ratio", text);
	snprintf(text, sizeof text, "%.6f", report_miss_ratio(r));
	cJSON_AddItemToObject(o, "ratio_decimal", cJSON_CreateRaw(text));
}

char *report_json(const struct run_result *r)
{
	cJSON *root = cJSON_CreateObject();
	add_config(root, &r->config);
	cJSON *o = section(root, "trace");
	cJSON_AddStringToObject(o, "path", r->trace_path);
	add_u64(o, "events", r->events);
	o = section(root, "accesses");
	add_u64(o, "total", r->reads + r->writes);
	add_u64(o, "reads", r->reads);
	add_u64(o, "writes", r->writes);
	o = section(root, "tlb");
	add_u64(o, "hits", r->tlb_hits);
	add_u64(o, "misses", r->tlb_misses);
	o = section(root, "faults");
	add_u64(o, "total", r->faults);
	add_u64(o, "invalid", r->faults_invalid);
	add_u64(o, "major", r->faults_major);
	add_u64(o, "minor", r->faults_minor);
	add_misses(root, r);
	o = section(root, "pager");
	add_u64(o, "zero_fills", r->zero_fills);
	add_u64(o, "cow_copies", r->cow_copies);
	add_u64(o, "evictions", r->evictions);
	add_u64(o, "evictions_dirty", r->evictions_dirty);
	add_u64(o, "ref_clears", r->ref_clears);
	o = section(root, "disk");
	add_u64(o, "swap_reads", r->swap_reads);
	add_u64(o, "swap_writes", r->swap_writes);
	add_u64(o, "file_reads", r->file_reads);
	add_u64(o, "file_writes", r->file_writes);
	o = section(root, "maps");
	add_u64(o, "ok", r->maps_ok);
	add_u64(o, "failed", r->maps_failed);
	o = section(root, "creates");
	add_u64(o, "ok", r->creates_ok);
	add_u64(o, "failed", r->creates_failed);
	o = section(root, "processes");
	add_u64(o, "killed", r->killed);
	add_u64(root, "cycles", r->cycles);
	add_breakdown(root, &r->breakdown);
	if (r->software.present) {
		o = section(root, "hardware_bits");
		add_u64(o, "software_faults", r->software.software_faults);
		add_i64(o, "faults_saved", saved(r->software.software_faults, r->faults));
		add_u64(o, "software_cycles", r->software.software_cycles);
		add_i64(o, "cycles_saved", saved(r->software.software_cycles, r->cycles));
	}

	char *text = cJSON_Print(root);
	cJSON_Delete(root);
	if (!text)
		return NULL;
	size_t n = strlen(text);
	char *out = realloc(text, n + 2);
	if (!out) {
		free(text);
		return NULL;
	}
	out[n] = '\n';
	out[n + 1] = '\0';
	return out;
}

/* "12.5%" of part in whole, or "-" when whole is 0. */
static const char *percent(uint64_t part, uint64_t whole, char *buf, size_t n)
{
	if (whole == 0)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.1f%%", 100.0 * (double)part / (double)whole);
	return buf;
}

void report_table(FILE *out, const struct run_result *r)
{
	const struct mmusim_config *c = &r->config;
	const struct machine_cycles *b = &r->breakdown;
	char pct[32];
	fprintf(out, "trace      %s (%" PRIu64 " events)\n", r->trace_path,
		r->events);
	fprintf(out,
		"config     %s: policy %s, %u frames, %u swap blocks, "
		"page %u, TLB %u%s%s, ref bits %s\n",
		c->name, c->policy, c->memory_pages, c->swap_blocks, c->page_size,
		c->tlb.entries, c->tlb.ways ? "" : " fully assoc.",
		c->tlb.asid ? " ASID" : "",
		c->hardware_ref_bits ? "hardware" : "software");
	fprintf(out, "\n");
	fprintf(out, "accesses   %12" PRIu64 "   reads %" PRIu64 ", writes %" PRIu64 "\n",
		r->reads + r->writes, r->reads, r->writes);
	fprintf(out, "tlb hits   %12" PRIu64 "   misses %" PRIu64 ", hit rate %s\n",
		r->tlb_hits, r->tlb_misses,
		percent(r->tlb_hits, r->tlb_hits + r->tlb_misses, pct, sizeof pct));
	fprintf(out, "faults     %12" PRIu64 "   major %" PRIu64 ", minor %" PRIu64
		", invalid %" PRIu64 "\n", r->faults, r->faults_major, r->faults_minor,
		r->faults_invalid);
	fprintf(out, "misses     %12" PRIu64 "   ratio %" PRIu64 "/%" PRIu64 " = %.6f\n",
		r->faults_major, r->faults_major, r->reads + r->writes,
		report_miss_ratio(r));
	fprintf(out, "zero-fills %12" PRIu64 "   cow copies %" PRIu64 "\n",
		r->zero_fills, r->cow_copies);
	fprintf(out, "evictions  %12" PRIu64 "   dirty %" PRIu64 ", ref clears %" PRIu64 "\n",
		r->evictions, r->evictions_dirty, r->ref_clears);
	fprintf(out, "swap       %12" PRIu64 "   reads %" PRIu64 ", writes %" PRIu64 "\n",
		r->swap_reads + r->swap_writes, r->swap_reads, r->swap_writes);
	fprintf(out, "files      %12" PRIu64 "   reads %" PRIu64 ", writes %" PRIu64 "\n",
		r->file_reads + r->file_writes, r->file_reads, r->file_writes);
	fprintf(out, "maps       %12" PRIu64 "   failed %" PRIu64 "\n", r->maps_ok,
		r->maps_failed);
	fprintf(out, "creates    %12" PRIu64 "   failed %" PRIu64 "\n", r->creates_ok,
		r->creates_failed);
	fprintf(out, "killed     %12" PRIu64 "\n", r->killed);
	fprintf(out, "\n");
	fprintf(out, "cycles     %12" PRIu64 "\n", r->cycles);
	const struct { const char *name; uint64_t v; } rows[] = {
		{"tlb", b->tlb},          {"walk", b->walk},
		{"memory", b->memory},    {"fault", b->fault},
		{"disk read", b->disk_read}, {"disk write", b->disk_write},
		{"zero-fill", b->zero_fill}, {"copy", b->copy},
		{"compute", b->compute},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		fprintf(out, "  %-10s %12" PRIu64 "   %s\n", rows[i].name,
			rows[i].v, percent(rows[i].v, r->cycles, pct, sizeof pct));
	if (r->software.present) {
		const struct ref_bits_baseline *sw = &r->software;
		fprintf(out, "\nhardware ref bits save, against software emulation:\n");
		fprintf(out, "  %-10s %12" PRId64 "   software %" PRIu64 "\n", "faults",
			saved(sw->software_faults, r->faults), sw->software_faults);
		fprintf(out, "  %-10s %12" PRId64 "   software %" PRIu64 "\n", "cycles",
			saved(sw->software_cycles, r->cycles), sw->software_cycles);
	}
}
