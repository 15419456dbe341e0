/*
 * sim/trace/import/import_lackey.c: valgrind --tool=lackey --trace-mem=yes output.
 *
 *   I  04000e80,3       instruction fetch (a read; left out with data_only)
 *    L 1fff000708,8     load
 *    S 1fff000708,8     store
 *    M 0421d970,4       modify: a load, then a store of the same bytes
 *   ==1234== ...        valgrind's messages: skipped, as are --1234-- lines
 *
 * Addresses are hexadecimal without 0x, sizes decimal. Blank lines are
 * skipped; any other line is an error naming it.
 */
#include "import.h"
#include "import_lines.h"
#include "import_number.h"

#include <stdbool.h>

static bool is_noise(const char *line, size_t len)
{
	return len == 0 || (len >= 2 && ((line[0] == '=' && line[1] == '=') ||
					 (line[0] == '-' && line[1] == '-')));
}

/* "ADDR,SIZE" at s into acc. */
static int parse_operands(struct import_lines *p, const char *s, struct import_access *acc,
			  char *err, size_t err_len)
{
	int n = import_scan_hex(&s, &acc->addr);

	if (n < 0)
		return import_lines_bad_line(p, "address does not fit in 64 bits", err, err_len);
	if (n == 0)
		return import_lines_bad_line(p, "expected a hexadecimal address", err, err_len);
	if (*s != ',')
		return import_lines_bad_line(p, "expected ',SIZE' after the address", err, err_len);
	s++;
	n = import_scan_dec(&s, &acc->size);
	if (n < 0)
		return import_lines_bad_line(p, "size does not fit in 64 bits", err, err_len);
	if (n == 0)
		return import_lines_bad_line(p, "expected a decimal size after ','", err, err_len);
	if (acc->size == 0)
		return import_lines_bad_line(p, "size must be at least 1", err, err_len);
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s != '\0')
		return import_lines_bad_line(p, "unexpected text after the size", err, err_len);
	return 1;
}

/* One line: 1 with an access, 0 for valgrind's noise, -1 on error. */
static int parse_line(struct import_lines *p, const char *line, size_t len,
		      struct import_access *acc, char *err, size_t err_len)
{
	const char *s = line + 2;

	if (is_noise(line, len))
		return 0;
	if (len >= 3 && line[0] == 'I' && line[1] == ' ') {
		if (p->opt.data_only)
			return 0;
		acc->kind = IMPORT_READ;
	} else if (len >= 3 && line[0] == ' ' && line[2] == ' ' &&
		   (line[1] == 'L' || line[1] == 'S' || line[1] == 'M')) {
		acc->kind = line[1] == 'L' ? IMPORT_READ
			    : line[1] == 'S' ? IMPORT_WRITE : IMPORT_MODIFY;
	} else {
		return import_lines_bad_line(p, "not a lackey --trace-mem line", err, err_len);
	}
	while (*s == ' ')
		s++;
	return parse_operands(p, s, acc, err, err_len);
}

struct event_source *import_lackey_open(const char *name, struct instream *in,
					const struct import_options *opt,
					char *err, size_t err_len)
{
	return import_lines_open(name, in, opt, parse_line, err, err_len);
}
