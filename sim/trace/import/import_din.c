/*
 * sim/trace/import/import_din.c: Dinero III/IV "din" traces, one access a line:
 *
 *   LABEL ADDRESS [SIZE] [anything]
 *
 * LABEL 0 is a data read, 1 a data write, 2 an instruction fetch (a read;
 * left out with data_only); 3 (unknown access type) and 4 (cache flush)
 * mean nothing to a pager and are skipped. ADDRESS is hexadecimal, with or
 * without 0x. An optional third field of decimal digits is the size in
 * bytes (default 1); Dinero ignores the rest of a line, and so does this
 * reader. Blank lines and lines starting with '#' are skipped.
 */
#include "import.h"
#include "import_lines.h"
#include "import_number.h"

#include <stdbool.h>
#include <stdint.h>

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static bool ends_field(char c)
{
	return c == '\0' || c == ' ' || c == '\t';
}

/* One line: 1 with an access, 0 for a line to skip, -1 on error. */
static int parse_line(struct import_lines *p, const char *line, size_t len,
		      struct import_access *acc, char *err, size_t err_len)
{
	const char *s = skip_blanks(line);
	uint64_t label, size = 1;
	int n;

	(void)len;   /* a din line ends at its first NUL */
	if (*s == '\0' || *s == '#')
		return 0;
	n = import_scan_dec(&s, &label);
	if (n <= 0 || !ends_field(*s))
		return import_lines_bad_line(p, "expected a label (0 read, 1 write, 2 fetch, 3, 4)",
					     err, err_len);
	if (label > 4)
		return import_lines_bad_line(p, "unknown label (0 read, 1 write, 2 fetch, 3, 4)",
					     err, err_len);
	if (label >= 3 || (label == 2 && p->opt.data_only))
		return 0;
	s = skip_blanks(s);
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	n = import_scan_hex(&s, &acc->addr);
	if (n < 0)
		return import_lines_bad_line(p, "address does not fit in 64 bits", err, err_len);
	if (n == 0 || !ends_field(*s))
		return import_lines_bad_line(p, "expected a hexadecimal address", err, err_len);
	s = skip_blanks(s);
	if (*s >= '0' && *s <= '9') {
		const char *t = s;

		n = import_scan_dec(&t, &size);
		if (n < 0)
			return import_lines_bad_line(p, "size does not fit in 64 bits",
						     err, err_len);
		if (ends_field(*t)) {   /* a word that is not all digits is a comment */
			if (size == 0)
				return import_lines_bad_line(p, "size must be at least 1",
							     err, err_len);
		} else {
			size = 1;
		}
	}
	acc->kind = label == 1 ? IMPORT_WRITE : IMPORT_READ;
	acc->size = size;
	return 1;
}

struct event_source *import_din_open(const char *name, struct instream *in,
				     const struct import_options *opt,
				     char *err, size_t err_len)
{
	return import_lines_open(name, in, opt, parse_line, err, err_len);
}
