/*
 * tests/viz/test_narrate.c: the narration line of each kind of event, and
 * the details shown for what the mouse is on. The expected sentences were
 * checked by hand against `mmusim run --log` of the same trace.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "details.h"
#include "narrate.h"
#include "scene.h"
#include "viz_helpers.h"

static const char config_json[] =
	"{\"memory_pages\": 4, \"swap_blocks\": 16, \"page_size\": 4096,"
	" \"arena_pages\": 8, \"tlb\": {\"entries\": 2}}";

static const char trace[] =
	"start 1\n"
	"switch 1\n"
	"map swap\n"
	"map swap\n"
	"map swap\n"
	"map swap\n"
	"r 0x600000000\n"
	"r 0x600000000\n"
	"w 0x600000000 8\n"
	"w 0x600001000 \"data.bin\"\n"
	"w 0x600002000 8\n"
	"fork 1 2\n"
	"switch 2\n"
	"w 0x600000000 4\n"
	"map file 0x600001000 0\n"
	"r 0x600004000 \"hello\"\n"
	"w 0x600004000 \"HELLO\"\n"
	"r 0x600000000\n"
	"exit\n"
	"switch 1\n"
	"r 0x600003000\n"
	"w 0x600003000\n"
	"map swap\n"
	"map swap\n"
	"map swap\n"
	"map swap\n"
	"map swap\n"
	"compute 1000\n"
	"r 0x600100000\n";

static const struct {
	uint64_t event;
	const char *says;
} expected[] = {
	{0, "nothing has happened yet: press space to play, or the right arrow to "
	    "replay one event"},
	{1, "process 1 starts with an empty arena"},
	{2, "switch to process 1: TLB flushed"},
	{3, "process 1 maps a swap page at 0x600000000: fresh, it reads as zeroes "
	    "(no frame yet)"},
	{7, "process 1 reads 0x600000000: TLB miss, page-table walk, frame 0"},
	{8, "process 1 reads 0x600000000: TLB hit, frame 0"},
	{9, "process 1 writes 0x600000000 (8 bytes): first write to a fresh page, "
	    "frame 1 zero-filled"},
	{10, "process 1 writes 0x600001000 \"data.bin\": first write to a fresh page, "
	     "frame 2 zero-filled"},
	{12, "process 1 forks process 2: 4 pages shared (swap pages copy-on-write, "
	     "read-only for both)"},
	{14, "process 2 writes 0x600000000 (4 bytes): copy-on-write, frame 1 copied "
	     "to frame 2; to make room, clock cleared the referenced bit of frames 2 "
	     "and 3, skipped pinned frame 1, then evicted frame 2 (dirty: written to "
	     "swap block 1)"},
	{15, "process 2 maps \"data.bin\" block 0 at 0x600004000: reading the name, "
	     "swap block 1 read into frame 3; to make room, clock evicted frame 3 "
	     "(dirty: written to swap block 2)"},
	{16, "process 2 reads 0x600004000 \"hello\": page not in memory, block 0 of "
	     "\"data.bin\" read into frame 1; to make room, clock cleared the "
	     "referenced bit of frames 1, 2 and 3, then evicted frame 1 (dirty: "
	     "written to swap block 0)"},
	{17, "process 2 writes 0x600004000 \"HELLO\": first write since it was "
	     "loaded: frame 1 now dirty"},
	{18, "process 2 reads 0x600000000: referenced bit was clear: frame 2 "
	     "referenced again"},
	{19, "process 2 exits: frame 2 freed"},
	{27, "process 1: map swap fails (arena full, or no swap block left to reserve)"},
	{28, "1000 cycles of computing, no memory touched"},
	{29, "process 1 reads 0x600100000: invalid address: process 1 is killed, "
	     "frames 3 and 2 freed"},
};

static int setup(void **state)
{
	struct vt_fixture *f = vt_fixture_new(config_json);
	vt_write(&f->dir, "data.bin", "hello");
	f->s = vt_session(&f->dir, trace, &f->config);
	*state = f;
	return 0;
}

static void test_sentences(void **state)
{
	struct vt_fixture *f = *state;
	char line[640];
	for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
		vt_seek(f->s, expected[i].event);
		viz_narrate(f->s, line, sizeof line);
		if (strcmp(line, expected[i].says) != 0)
			fail_msg("event %llu:\n  said  %s\n  want  %s",
				 (unsigned long long)expected[i].event, line,
				 expected[i].says);
	}
	/* going back tells the same story */
	vt_seek(f->s, 14);
	viz_narrate(f->s, line, sizeof line);
	assert_non_null(strstr(line, "copy-on-write, frame 1 copied to frame 2"));
}

static void test_sentence_is_cut_to_fit(void **state)
{
	struct vt_fixture *f = *state;
	vt_seek(f->s, 16);
	char small[24];
	viz_narrate(f->s, small, sizeof small);
	assert_string_equal(small, "process 2 reads 0x60000");
	char none[1] = {'x'};
	viz_narrate(f->s, none, 0);
	assert_int_equal(none[0], 'x');
}

static void test_stopped_run_says_why(void **state)
{
	struct vt_fixture *f = *state;
	struct viz_session *s = vt_session(&f->dir,
		"start 1\nswitch 1\nmap swap => null\n", &f->config);
	vt_seek(s, 3);
	struct viz_scene sc = {0};
	assert_int_equal(viz_scene_build(&sc, s), 0);
	assert_true(sc.failed);
	const char *want = "process 1 maps a swap page at 0x600000000: fresh, it "
			   "reads as zeroes (no frame yet); stopped: ";
	assert_memory_equal(sc.narration, want, strlen(want));
	assert_non_null(strstr(sc.narration, "/t.trace:3: expected null, got 0x600000000"));
	viz_scene_free(&sc);
	viz_session_close(s);
}

/* What viz_details says of each kind of thing after event 17: the whole
 * line, or (part) a piece of it; "" for out of range or nothing. */
static const struct {
	struct viz_hit hit;
	bool part;
	const char *says;
} details[] = {
	{{VIZ_HIT_FRAME, 1}, false, "frame 1: block 0 of file \"data.bin\"; mapped by "
				    "process 2 at 0x600004000; referenced, dirty"},
	{{VIZ_HIT_FRAME, 0}, false, "frame 0: the zero page, all zeroes, pinned; every "
				    "fresh page maps it read-only"},
	{{VIZ_HIT_FRAME, 2}, false, "frame 2: swap block 4; mapped by process 2 at "
				    "0x600000000; not referenced, dirty"},
	{{VIZ_HIT_RING, 0}, true, "clock #0: frame "},
	{{VIZ_HIT_BLOCK, 0}, false, "swap block 0: holds the only copy of its page (not "
				    "in memory)"},
	{{VIZ_HIT_BLOCK, 2}, false, "swap block 2: holds the only copy of its page (not "
				    "in memory); shared by 2 pages"},
	{{VIZ_HIT_BLOCK, 4}, false, "swap block 4: bound to a page now in memory, frame 2"},
	{{VIZ_HIT_BLOCK, 15}, false, "swap block 15: free"},
	{{VIZ_HIT_PAGE, 4}, false, "page 4 (0x600004000) of process 2: valid, in memory, "
				   "frame 1; entry: frame 1, reads allowed, writes allowed"},
	{{VIZ_HIT_PAGE, 7}, false, "page 7 (0x600007000) of process 2: not valid (not "
				   "mapped): an access kills the process"},
	{{VIZ_HIT_TLB, 0}, true, "TLB slot "},
	{{VIZ_HIT_TLB, 0}, true, "process 2, 0x600004000 \u2192 frame 1, reads and writes"},
	{{VIZ_HIT_FRAME, 99}, false, ""},
	{{VIZ_HIT_NONE, 0}, false, ""},
};

static void test_details(void **state)
{
	struct vt_fixture *f = *state;
	vt_seek(f->s, 17);
	struct viz_scene sc = {0};
	assert_int_equal(viz_scene_build(&sc, f->s), 0);
	assert_true(sc.tlb_count >= 1);
	char line[480];
	for (size_t i = 0; i < sizeof details / sizeof details[0]; i++) {
		viz_details(f->s, &sc, details[i].hit, line, sizeof line);
		if (details[i].part ? !strstr(line, details[i].says)
				    : strcmp(line, details[i].says) != 0)
			fail_msg("details of hit %d #%u:\n  said  %s\n  want  %s%s",
				 (int)details[i].hit.kind, (unsigned)details[i].hit.index, line,
				 details[i].part ? "(in it) " : "", details[i].says);
	}
	viz_scene_free(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sentences),
		cmocka_unit_test(test_sentence_is_cut_to_fit),
		cmocka_unit_test(test_stopped_run_says_why),
		cmocka_unit_test(test_details),
	};
	return cmocka_run_group_tests(tests, setup, vt_fixture_teardown);
}
