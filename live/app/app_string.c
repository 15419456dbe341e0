/*
 * live/app/app_string.c: memcpy, memset, strcpy, strcmp, strncpy and
 * strncmp as plain byte loops in the program itself (the live-mode
 * contract allows it): every arena byte is touched in address order, one
 * at a time, so the faults a copy takes, and their order, are those of
 * the loop a course's test program expects, not of an optimised libc
 * routine that may touch the end of a buffer first. Built with
 * -fno-builtin and -fno-tree-loop-distribute-patterns so that the
 * compiler does not turn the loops back into calls of themselves.
 */
#include <stddef.h>
#include <string.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	for (size_t i = 0; i < n; i++)
		d[i] = s[i];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	for (size_t i = 0; i < n; i++)
		d[i] = (unsigned char)c;
	return dst;
}

char *strcpy(char *restrict dst, const char *restrict src)
{
	size_t i = 0;
	while ((dst[i] = src[i]) != '\0')
		i++;
	return dst;
}

char *strncpy(char *restrict dst, const char *restrict src, size_t n)
{
	size_t i = 0;
	for (; i < n && src[i] != '\0'; i++)
		dst[i] = src[i];
	for (; i < n; i++)
		dst[i] = '\0';
	return dst;
}

int strcmp(const char *a, const char *b)
{
	size_t i = 0;
	while (a[i] != '\0' && a[i] == b[i])
		i++;
	return (unsigned char)a[i] - (unsigned char)b[i];
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (a[i] != b[i] || a[i] == '\0')
			return (unsigned char)a[i] - (unsigned char)b[i];
	}
	return 0;
}
