/*
 * sim/trace/import/import_number.h: the number scanners the importers share. Each
 * reads digits at *p, advances *p past them and returns how many it read
 * (0: no digit there), or -1 when the value does not fit in 64 bits.
 */
#ifndef MMUSIM_SIM_IMPORT_NUMBER_H
#define MMUSIM_SIM_IMPORT_NUMBER_H

#include <stdint.h>

static inline int import_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static inline int import_scan_hex(const char **p, uint64_t *value)
{
	const char *s = *p;
	uint64_t v = 0;
	int n = 0, d;

	while ((d = import_hex_digit(s[n])) >= 0) {
		if (v >> 60)
			return -1;
		v = v << 4 | (uint64_t)d;
		n++;
	}
	*p = s + n;
	*value = v;
	return n;
}

static inline int import_scan_dec(const char **p, uint64_t *value)
{
	const char *s = *p;
	uint64_t v = 0;
	int n = 0;

	while (s[n] >= '0' && s[n] <= '9') {
		uint64_t d = (uint64_t)(s[n] - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
		n++;
	}
	*p = s + n;
	*value = v;
	return n;
}

/* Decimal, or hexadecimal after 0x (as in mmusim's text traces). */
static inline int import_scan_number(const char **p, uint64_t *value)
{
	if ((*p)[0] == '0' && ((*p)[1] == 'x' || (*p)[1] == 'X')) {
		const char *s = *p + 2;
		int n = import_scan_hex(&s, value);

		if (n > 0)
			*p = s;
		return n > 0 ? n + 2 : n;
	}
	return import_scan_dec(p, value);
}

#endif
