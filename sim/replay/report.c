/* sim/replay/report.c: a run's figures as the human table and as the JSON
 * report (../shared/spec/report.md, docs/report.md), from run_result. */
#include "report.h"

#include <cJSON.h>
#include <inttypes.h>
#include <stdarg.h>
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
	cJSON *l = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "latency", l);
	add_u64(l, "tlb_hit", c->latency.tlb_hit);
	add_u64(l, "walk", c->latency.walk);
	add_u64(l, "memory", c->latency.memory);
	add_u64(l, "fault", c->latency.fault);
	add_u64(l, "disk_read", c->latency.disk_read);
	add_u64(l, "disk_write", c->latency.disk_write);
	add_u64(l, "zero_fill", c->latency.zero_fill);
	add_u64(l, "copy", c->latency.copy);
	if (c->mmu.levels) {   /* a multi-level walk's prices */
		add_u64(l, "pte_read", c->latency.pte_read);
		add_u64(l, "pwc", c->latency.pwc);
	}
}

/* "pwc" (page-walk cache lookups) follows "walk" only for a multi-level
 * format: a flat run's breakdown is what it always was. */
static void add_breakdown(cJSON *root, const struct machine_cycles *b,
			  bool multi_level)
{
	cJSON *o = section(root, "cycles_breakdown");
	add_u64(o, "tlb", b->tlb);
	add_u64(o, "walk", b->walk);
	if (multi_level)
		add_u64(o, "pwc", b->pwc);
	add_u64(o, "memory", b->memory);
	add_u64(o, "fault", b->fault);
	add_u64(o, "disk_read", b->disk_read);
	add_u64(o, "disk_write", b->disk_write);
	add_u64(o, "zero_fill", b->zero_fill);
	add_u64(o, "copy", b->copy);
	add_u64(o, "compute", b->compute);
}

void report_take_pager_stats(struct run_result *out, const struct pager_stats *st)
{
	out->faults_major = st->faults_major;
	out->faults_minor = st->faults_minor;
	out->zero_fills = st->zero_fills;
	out->cow_copies = st->cow_copies;
	out->evictions = st->evictions;
	out->evictions_dirty = st->evictions_dirty;
	out->ref_clears = st->ref_clears;
	out->swap_reads = st->swap_reads;
	out->swap_writes = st->swap_writes;
	out->file_reads = st->file_reads;
	out->file_writes = st->file_writes;
	out->maps_ok = st->maps_ok;
	out->maps_failed = st->maps_failed;
	out->creates_ok = st->creates_ok;
	out->creates_failed = st->creates_failed;
}

/* "mmu", only for a format other than flat (docs/report.md): page-table
 * reads by level, walks by the entries they read, and page-walk cache hits
 * by level. */
static void add_mmu(cJSON *root, const struct run_result *r)
{
	const struct mmu_config *mc = &r->config.mmu;
	const struct mmu_stats *s = &r->mmu;
	cJSON *o = section(root, "mmu");
	cJSON_AddStringToObject(o, "format", mc->format);
	add_u64(o, "levels", mc->levels);
	add_u64(o, "walks", s->walks);
	add_u64(o, "page_table_reads", s->reads);
	cJSON *at = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "page_table_reads_by_level", at);
	for (uint32_t L = mc->levels; L >= 1; L--) {
		char key[24];
		snprintf(key, sizeof key, "level_%" PRIu32, L);
		add_u64(at, key, s->reads_by_level[L]);
	}
	cJSON *by = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "walks_by_reads", by);
	for (uint32_t k = 0; k <= mc->levels; k++) {
		char key[16];
		snprintf(key, sizeof key, "%" PRIu32, k);
		add_u64(by, key, s->walks_by_reads[k]);
	}
	struct pwc_config pwc[MMU_MAX_PWC];
	uint32_t n = config_mmu_pwc(mc, pwc);
	cJSON *hits = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "pwc_hits", hits);
	for (uint32_t L = mc->levels; L >= 2; L--)
		for (uint32_t i = 0; i < n; i++)
			if (pwc[i].level == L) {
				char key[24];
				snprintf(key, sizeof key, "level_%" PRIu32, L);
				add_u64(hits, key, s->pwc_hits[L]);
			}
	add_u64(o, "pwc_misses", s->pwc_misses);
}

/* "tlb_levels", only for a TLB hierarchy (docs/report.md). */
static void add_tlb_levels(cJSON *root, const struct run_result *r)
{
	cJSON *list = cJSON_CreateArray();
	cJSON_AddItemToObject(root, "tlb_levels", list);
	for (uint32_t k = 0; k < r->tlb_levels; k++) {
		const struct tlb_level_config *l = &r->config.tlb.levels[k];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToArray(list, o);
		add_u64(o, "level", k + 1);
		add_u64(o, "entries", k ? l->entries : r->config.tlb.entries);
		add_u64(o, "hits", r->tlb_level_hits[k]);
		add_u64(o, "misses", r->tlb_level_misses[k]);
	}
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

/* Only a run with a measurement window has the object: a trace without
 * one reports what it always did, byte for byte. */
static void add_window(cJSON *root, const struct run_result *r)
{
	cJSON *o = section(root, "measurement");
	cJSON_AddStringToObject(o, "start", r->window.by_warmup ? "warmup" : "reset");
	add_u64(o, "after_event", r->window.after_event);
	add_u64(o, "after_line", r->window.line);
	add_u64(o, "events", r->events - r->window.after_event);
}

char *report_json(const struct run_result *r)
{
	cJSON *root = cJSON_CreateObject();
	add_config(root, &r->config);
	cJSON *o = section(root, "trace");
	cJSON_AddStringToObject(o, "path", r->trace_path);
	add_u64(o, "events", r->events);
	if (r->window.set)
		add_window(root, r);
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
	add_breakdown(root, &r->breakdown, r->config.mmu.levels != 0);
	if (r->config.mmu.levels)
		add_mmu(root, r);
	if (r->tlb_levels > 1)
		add_tlb_levels(root, r);
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

/* v with a comma every three digits: "1,234,567" (any locale). */
static const char *grouped(uint64_t v, char *buf, size_t n)
{
	char digits[24];
	int len = snprintf(digits, sizeof digits, "%" PRIu64, v);
	size_t o = 0;
	for (int i = 0; i < len && o + 1 < n; i++) {
		if (i > 0 && (len - i) % 3 == 0 && o + 2 < n)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

static const char *grouped_signed(int64_t v, char *buf, size_t n)
{
	if (v >= 0)
		return grouped((uint64_t)v, buf, n);
	buf[0] = '-';
	grouped(v == INT64_MIN ? (uint64_t)INT64_MAX + 1 : (uint64_t)-v, buf + 1, n - 1);
	return buf;
}

/*
 * The table is built as rows of cells, then printed with every column as
 * wide as its widest cell: a label (left), the figure (right), then pairs
 * of a detail's name (left) and its value (right). Labels and figures line
 * up across the whole table, details within a group of rows (the
 * counters, the cycles' shares, the hardware bits). A row with `line` set
 * is printed as it is (titles, blank lines).
 */
enum { TABLE_CELLS = 9, TABLE_ROWS = 40, CELL = 64, TABLE_GROUPS = 3 };
struct table {
	size_t rows;
	int group;     /* of the rows added next */
	struct table_row {
		const char *line;
		int cells;
		int group;     /* detail columns are as wide as in the group */
		int free_from; /* cells from here on are not padded */
		char cell[TABLE_CELLS][CELL];
	} row[TABLE_ROWS];
};

static void table_line(struct table *t, const char *line)
{
	if (t->rows < TABLE_ROWS) {
		t->row[t->rows].line = line;
		t->row[t->rows].cells = 0;
		t->rows++;
	}
}

/* label, figure, then up to three (name, value) pairs; NULL ends. */
/* "L4:1 L3:0 L2:5": counts[L] for L from `top` down to `bottom`. */
static void by_level(char *out, size_t cap, const uint64_t *counts, uint32_t top,
		     uint32_t bottom)
{
	int used = 0;
	*out = '\0';
	for (uint32_t L = top; L >= bottom && used >= 0 && (size_t)used < cap; L--)
		used += snprintf(out + used, cap - (size_t)used, "%sL%" PRIu32 ":%" PRIu64,
				 used ? " " : "", L, counts[L]);
}

static void table_row(struct table *t, const char *label, const char *figure, ...)
{
	if (t->rows >= TABLE_ROWS)
		return;
	struct table_row *r = &t->row[t->rows++];
	r->line = NULL;
	r->group = t->group;
	r->free_from = TABLE_CELLS;
	snprintf(r->cell[0], CELL, "%s", label);
	snprintf(r->cell[1], CELL, "%s", figure);
	r->cells = 2;
	va_list ap;
	va_start(ap, figure);
	const char *s;
	while (r->cells < TABLE_CELLS && (s = va_arg(ap, const char *)))
		snprintf(r->cell[r->cells++], CELL, "%s", s);
	va_end(ap);
}

static void table_print(FILE *out, const struct table *t)
{
	int width[TABLE_GROUPS][TABLE_CELLS] = {{0}};
	for (size_t i = 0; i < t->rows; i++)
		for (int c = 0; c < t->row[i].cells && c < t->row[i].free_from; c++) {
			int w = (int)strlen(t->row[i].cell[c]);
			for (int k = 0; k < TABLE_GROUPS; k++)
				if ((c < 2 || k == t->row[i].group) && w > width[k][c])
					width[k][c] = w;
		}
	for (size_t i = 0; i < t->rows; i++) {
		if (t->row[i].line) {
			fprintf(out, "%s\n", t->row[i].line);
			continue;
		}
		char text[TABLE_CELLS * (CELL + 8)];
		size_t o = 0;
		for (int c = 0; c < t->row[i].cells; c++) {
			const char *cell = t->row[i].cell[c];
			/* label and names left, figures right; 3 spaces
			 * before each pair, 1 inside it and after the label */
			const char *gap = c == 0 ? "" : c % 2 ? " " : "   ";
			int w = c < t->row[i].free_from ? width[t->row[i].group][c] : 0;
			o += (size_t)snprintf(text + o, sizeof text - o,
					      c % 2 ? "%s%*s" : "%s%-*s", gap, w, cell);
		}
		while (o > 0 && text[o - 1] == ' ')
			o--;
		text[o] = '\0';
		fprintf(out, "%s\n", text);
	}
}
void report_table(FILE *out, const struct run_result *r)
{
	const struct mmusim_config *c = &r->config;
	const struct machine_cycles *b = &r->breakdown;
	char pct[32], g[6][32];
	fprintf(out, "trace      %s (%s events)\n", r->trace_path,
		grouped(r->events, g[0], sizeof g[0]));
	fprintf(out,
		"config     %s: policy %s, %u frames, %u swap blocks, "
		"page %u, TLB %u%s%s, ref bits %s%s%s\n",
		c->name, c->policy, c->memory_pages, c->swap_blocks, c->page_size,
		c->tlb.entries, c->tlb.ways ? "" : " fully assoc.",
		c->tlb.asid ? " ASID" : "",
		c->hardware_ref_bits ? "hardware" : "software",
		c->mmu.levels ? ", mmu " : "", c->mmu.levels ? c->mmu.format : "");
	if (r->window.set)
		fprintf(out, "measured   the %s events after event %s (line %" PRIu32 ", %s)\n",
			grouped(r->events - r->window.after_event, g[0], sizeof g[0]),
			grouped(r->window.after_event, g[1], sizeof g[1]), r->window.line,
			r->window.by_warmup ? "end of --warmup" : "reset");
	fprintf(out, "\n");

	struct table *t = calloc(1, sizeof *t);
	if (!t)
		return;
#define G(i, v) grouped((v), g[i], sizeof g[i])
	table_row(t, "accesses", G(0, r->reads + r->writes), "reads",
		  G(1, r->reads), "writes", G(2, r->writes), NULL);
	table_row(t, "tlb hits", G(0, r->tlb_hits), "misses", G(1, r->tlb_misses),
		  "hit rate", percent(r->tlb_hits, r->tlb_hits + r->tlb_misses,
				      pct, sizeof pct), NULL);
	for (uint32_t k = 0; r->tlb_levels > 1 && k < r->tlb_levels; k++) {
		char label[24];
		snprintf(label, sizeof label, "  level %" PRIu32, k + 1);
		uint64_t h = r->tlb_level_hits[k], mi = r->tlb_level_misses[k];
		table_row(t, label, G(0, h), "misses", G(1, mi), "hit rate",
			  percent(h, h + mi, pct, sizeof pct), NULL);
	}
	if (c->mmu.levels) {
		char by[160] = "", hits[160] = "";
		int used = 0;
		for (uint32_t k = 0; k <= c->mmu.levels && used >= 0 &&
				     (size_t)used < sizeof by; k++)
			used += snprintf(by + used, sizeof by - (size_t)used,
					 "%s%" PRIu32 ":%" PRIu64, k ? " " : "", k,
					 r->mmu.walks_by_reads[k]);
		by_level(hits, sizeof hits, r->mmu.pwc_hits, c->mmu.levels, 2);
		table_row(t, "walks", G(0, r->mmu.walks), "pt reads",
			  G(1, r->mmu.reads), "by reads", by, "pwc hits", hits,
			  NULL);
		t->row[t->rows - 1].free_from = 5;
		char at[160];
		by_level(at, sizeof at, r->mmu.reads_by_level, c->mmu.levels, 1);
		table_row(t, "pt reads", G(0, r->mmu.reads), "by level", at, NULL);
		t->row[t->rows - 1].free_from = 3;
	}
	table_row(t, "faults", G(0, r->faults), "major", G(1, r->faults_major),
		  "minor", G(2, r->faults_minor), "invalid",
		  G(3, r->faults_invalid), NULL);
	char ratio[96];
	snprintf(ratio, sizeof ratio, "%s/%s = %.6f", G(1, r->faults_major),
		 G(2, r->reads + r->writes), report_miss_ratio(r));
	table_row(t, "misses", G(0, r->faults_major), "ratio", ratio, NULL);
	t->row[t->rows - 1].free_from = 3;
	table_row(t, "zero-fills", G(0, r->zero_fills), "cow copies",
		  G(1, r->cow_copies), NULL);
	table_row(t, "evictions", G(0, r->evictions), "dirty",
		  G(1, r->evictions_dirty), "ref clears", G(2, r->ref_clears), NULL);
	table_row(t, "swap", G(0, r->swap_reads + r->swap_writes), "reads",
		  G(1, r->swap_reads), "writes", G(2, r->swap_writes), NULL);
	table_row(t, "files", G(0, r->file_reads + r->file_writes), "reads",
		  G(1, r->file_reads), "writes", G(2, r->file_writes), NULL);
	table_row(t, "maps", G(0, r->maps_ok), "failed", G(1, r->maps_failed), NULL);
	table_row(t, "creates", G(0, r->creates_ok), "failed",
		  G(1, r->creates_failed), NULL);
	table_row(t, "killed", G(0, r->killed), NULL);
	table_line(t, "");
	t->group = 1;
	table_row(t, "cycles", G(0, r->cycles), NULL);
	const struct { const char *name; uint64_t v; } rows[] = {
		{"  tlb", b->tlb},          {"  walk", b->walk},
		{"  memory", b->memory},    {"  fault", b->fault},
		{"  disk read", b->disk_read}, {"  disk write", b->disk_write},
		{"  zero-fill", b->zero_fill}, {"  copy", b->copy},
		{"  compute", b->compute},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		table_row(t, rows[i].name, G(0, rows[i].v), "",
			  percent(rows[i].v, r->cycles, pct, sizeof pct), NULL);
		if (i == 1 && c->mmu.levels)   /* after walk, as in the JSON */
			table_row(t, "  pwc", G(0, b->pwc), "",
				  percent(b->pwc, r->cycles, pct, sizeof pct), NULL);
	}
	if (r->software.present) {
		const struct ref_bits_baseline *sw = &r->software;
		table_line(t, "");
		table_line(t, "hardware ref bits save, against software emulation:");
		t->group = 2;
		table_row(t, "  faults",
			  grouped_signed(saved(sw->software_faults, r->faults),
					 g[0], sizeof g[0]),
			  "software", G(1, sw->software_faults), NULL);
		table_row(t, "  cycles",
			  grouped_signed(saved(sw->software_cycles, r->cycles),
					 g[0], sizeof g[0]),
			  "software", G(1, sw->software_cycles), NULL);
	}
#undef G
	table_print(out, t);
	free(t);
}
