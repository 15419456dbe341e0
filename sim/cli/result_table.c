/*
 * sim/cli/result_table.c: the three printers of result_table.h. The table
 * needs every cell before the first line (for the widths), so it builds
 * them all; CSV and JSON go row by row.
 */
#include "result_table.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#define CELL_MAX 4200   /* a trace path (4096) and some */

enum result_cell result_cell_ratio(double part, double whole, int decimals,
				   bool percent, char *buf, size_t len)
{
	if (whole == 0)
		return CELL_NONE;
	double v = part / whole * (percent ? 100.0 : 1.0);
	snprintf(buf, len, "%.*f%s", decimals, v, percent ? "%" : "");
	return percent ? CELL_TEXT : CELL_NUMBER;
}

enum result_cell result_cell_u64(unsigned long long v, char *buf, size_t len)
{
	snprintf(buf, len, "%llu", v);
	return CELL_NUMBER;
}

enum result_cell result_cell_text(const char *s, char *buf, size_t len)
{
	snprintf(buf, len, "%s", s);
	return CELL_TEXT;
}

/* ---- the aligned table ---------------------------------------------- */

static const char *heading(const struct result_column *c)
{
	return c->heading ? c->heading : c->key;
}

static void print_line(FILE *out, const struct result_column *cols,
		       size_t ncols, char *const *cells, const size_t *width)
{
	/* The last shown column: no padding after it. */
	size_t last = 0;
	for (size_t c = 0; c < ncols; c++)
		if (cols[c].table)
			last = c;
	bool first = true;
	for (size_t c = 0; c < ncols; c++) {
		if (!cols[c].table)
			continue;
		if (!first)
			fputs("  ", out);
		first = false;
		int w = (int)width[c];
		if (cols[c].right)
			fprintf(out, "%*s", w, cells[c]);
		else if (c == last)
			fputs(cells[c], out);
		else
			fprintf(out, "%-*s", w, cells[c]);
	}
	fputc('\n', out);
}

static int print_table(FILE *out, const struct result_column *cols,
		       size_t ncols, const void *ctx, size_t rows)
{
	char **cells = calloc((rows + 1) * ncols, sizeof *cells);
	size_t *width = calloc(ncols, sizeof *width);
	int rc = cells && width ? 0 : -1;
	char buf[CELL_MAX];
	for (size_t c = 0; rc == 0 && c < ncols; c++) {
		cells[c] = strdup(heading(&cols[c]));
		for (size_t r = 0; cells[c] && r < rows; r++) {
			buf[0] = '\0';
			if (cols[c].cell(ctx, r, true, buf, sizeof buf) == CELL_NONE)
				strcpy(buf, "-");
			if (!(cells[(r + 1) * ncols + c] = strdup(buf)))
				rc = -1;
		}
		if (!cells[c])
			rc = -1;
		for (size_t r = 0; rc == 0 && r <= rows; r++) {
			size_t n = strlen(cells[r * ncols + c]);
			if (n > width[c])
				width[c] = n;
		}
	}
	for (size_t r = 0; rc == 0 && r <= rows; r++)
		print_line(out, cols, ncols, cells + r * ncols, width);
	if (cells)
		for (size_t i = 0; i < (rows + 1) * ncols; i++)
			free(cells[i]);
	free(cells);
	free(width);
	return rc;
}

/* ---- CSV --------------------------------------------------------------- */

static void csv_field(FILE *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static int print_csv(FILE *out, const struct result_column *cols,
		     size_t ncols, const void *ctx, size_t rows)
{
	for (size_t c = 0; c < ncols; c++) {
		if (c)
			fputc(',', out);
		csv_field(out, cols[c].key);
	}
	fputc('\n', out);
	char buf[CELL_MAX];
	for (size_t r = 0; r < rows; r++) {
		for (size_t c = 0; c < ncols; c++) {
			if (c)
				fputc(',', out);
			buf[0] = '\0';
			if (cols[c].cell(ctx, r, false, buf, sizeof buf) != CELL_NONE)
				csv_field(out, buf);
		}
		fputc('\n', out);
	}
	return 0;
}

/* ---- JSON -------------------------------------------------------------- */

static cJSON *json_cell(enum result_cell kind, const char *text)
{
	switch (kind) {
	case CELL_TEXT:
		return cJSON_CreateString(text);
	case CELL_NUMBER:
		/* As printed: cJSON's doubles would round big counts. */
		return cJSON_CreateRaw(text);
	case CELL_NONE:
		break;
	}
	return cJSON_CreateNull();
}

static int print_json(FILE *out, const struct result_column *cols,
		      size_t ncols, const void *ctx, size_t rows)
{
	cJSON *array = cJSON_CreateArray();
	int rc = array ? 0 : -1;
	char buf[CELL_MAX];
	for (size_t r = 0; rc == 0 && r < rows; r++) {
		cJSON *o = cJSON_CreateObject();
		if (!o || !cJSON_AddItemToArray(array, o)) {
			cJSON_Delete(o);
			rc = -1;
			break;
		}
		for (size_t c = 0; c < ncols; c++) {
			buf[0] = '\0';
			enum result_cell kind = cols[c].cell(ctx, r, false, buf,
							     sizeof buf);
			cJSON *item = json_cell(kind, buf);
			if (!item || !cJSON_AddItemToObject(o, cols[c].key, item)) {
				cJSON_Delete(item);
				rc = -1;
				break;
			}
		}
	}
	char *text = rc == 0 ? cJSON_Print(array) : NULL;
	cJSON_Delete(array);
	if (!text)
		return -1;
	fputs(text, out);
	fputc('\n', out);
	free(text);
	return 0;
}

int result_table_print(FILE *out, enum result_format format,
		       const struct result_column *columns, size_t column_count,
		       const void *ctx, size_t rows)
{
	int rc = -1;
	switch (format) {
	case RESULT_TABLE:
		rc = print_table(out, columns, column_count, ctx, rows);
		break;
	case RESULT_CSV:
		rc = print_csv(out, columns, column_count, ctx, rows);
		break;
	case RESULT_JSON:
		rc = print_json(out, columns, column_count, ctx, rows);
		break;
	}
	return rc != 0 || ferror(out) ? -1 : 0;
}
