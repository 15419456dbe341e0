/*
 * sim/cli/result_table.h: rows of results printed three ways from one list of
 * columns, so the aligned table, --csv and --json always agree (compare,
 * sweep; docs/compare.md lists their columns).
 *
 * A column's cell function writes the cell of row `row` into buf and says
 * what it is. `human` is true for the aligned table only, where a cell may
 * read differently (a rate as "85.7%" rather than 0.8571).
 */
#ifndef MMUSIM_SIM_RESULT_TABLE_H
#define MMUSIM_SIM_RESULT_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum result_cell {
	CELL_TEXT,    /* JSON string */
	CELL_NUMBER,  /* JSON number: buf holds its text */
	CELL_NONE,    /* no value: "-" in the table, empty in CSV, null in JSON */
};

enum result_format { RESULT_TABLE, RESULT_CSV, RESULT_JSON };

struct result_column {
	const char *key;       /* JSON key, CSV header */
	const char *heading;   /* table heading; NULL: the key */
	bool right;            /* table: right-aligned */
	bool table;            /* shown in the table (always in CSV and JSON) */
	enum result_cell (*cell)(const void *ctx, size_t row, bool human,
				 char *buf, size_t len);
};

/*
 * Print `rows` rows. Table: a heading line, then one line per row, columns
 * two spaces apart, no trailing blanks. CSV: a header line of keys, RFC
 * 4180 quoting. JSON: an array of objects, keys in column order, and a
 * newline. Returns 0, or -1 when out of memory or the stream failed.
 */
int result_table_print(FILE *out, enum result_format format,
		       const struct result_column *columns, size_t column_count,
		       const void *ctx, size_t rows);

/* Helpers for cell functions: "%.Nf" of part/whole, or CELL_NONE when
 * whole is 0 (as a percentage with one decimal and "%" when `percent`). */
enum result_cell result_cell_ratio(double part, double whole, int decimals,
				   bool percent, char *buf, size_t len);
enum result_cell result_cell_u64(unsigned long long v, char *buf, size_t len);
enum result_cell result_cell_text(const char *s, char *buf, size_t len);

#endif
