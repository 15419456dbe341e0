/*
 * tests/fuzz/fuzz_import.c: one importer (sim/trace/import/), chosen when
 * it is compiled: -DIMPORT_LACKEY, -DIMPORT_DIN, -DIMPORT_PAGES or
 * -DIMPORT_ADDRS.
 *
 * The input is the other tool's trace. It is imported twice, as `convert`
 * does (all maps first: two passes over the input) and in one pass
 * (import_options.single_pass), with 4 KiB pages and an arena of 65,536
 * pages: both must hand out the
 * same accesses (the same number of r/w events, the same error; after a
 * broken compressed stream only the same error), every
 * event must be one the text form can say and survive the text writer
 * (fuzz_drain), and an error must name the input and its line. Inputs
 * that expand to more than MAX_EVENTS events (one access may cover
 * millions of pages) are cut short there.
 */
#include <ctype.h>
#include <string.h>

#include "fuzz.h"
#include "import.h"
#include "instream.h"

enum { MAX_EVENTS = 10000 };

#define NAME "fuzz.in"

#if defined IMPORT_LACKEY
#define OPEN import_lackey_open
#define PAGE_NUMBERS false
#elif defined IMPORT_DIN
#define OPEN import_din_open
#define PAGE_NUMBERS false
#elif defined IMPORT_PAGES
#define OPEN import_list_open
#define PAGE_NUMBERS true
#elif defined IMPORT_ADDRS
#define OPEN import_list_open
#define PAGE_NUMBERS false
#else
#error "which importer? -DIMPORT_LACKEY, _DIN, _PAGES or _ADDRS"
#endif

static void import(const uint8_t *data, size_t size, bool single_pass,
		   struct fuzz_drain *out)
{
	char err[512];
	const struct import_options opt = {
		.page_size = 4096,
		.arena_base = UINT64_C(0x600000000),
		/* As under a configuration with a big arena: more pages would
		 * only measure how fast a hash table grows to 2^32 entries. */
		.arena_pages = 1 << 16,
		.page_numbers = PAGE_NUMBERS,
		.single_pass = single_pass,
	};
	struct instream *in = instream_open_memory(NAME, data, size, err, sizeof err);
	if (!in)
		fuzz_fail("instream_open_memory: %s", err);
	struct event_source *src = OPEN(NAME, in, &opt, err, sizeof err);
	if (!src) {
		fuzz_names_input(err, NAME);
		*out = (struct fuzz_drain){ .failed = true };
		snprintf(out->err, sizeof out->err, "%s", err);
		return;
	}
	fuzz_drain(src, MAX_EVENTS, NULL, out);
	if (out->failed)
		fuzz_names_input(out->err, NAME);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_drain two, one;
	import(data, size, false, &two);
	import(data, size, true, &one);
	if (two.capped || one.capped)
		return 0;
	/* A stream that breaks (corrupt gzip, say) cannot be rewound: the
	 * two passes then stop at the survey, with the same message but
	 * none of the accesses before it. Errors of a line come after them. */
	bool line_error = two.failed && isdigit((unsigned char)two.err[strlen(NAME) + 1]);
	if ((two.accesses != one.accesses && (!two.failed || line_error)) ||
	    two.failed != one.failed || (two.failed && strcmp(two.err, one.err) != 0))
		fuzz_fail("two passes and one differ: %llu accesses%s%s and "
			  "%llu accesses%s%s",
			  (unsigned long long)two.accesses,
			  two.failed ? ", then " : "", two.failed ? two.err : "",
			  (unsigned long long)one.accesses,
			  one.failed ? ", then " : "", one.failed ? one.err : "");
	return 0;
}
