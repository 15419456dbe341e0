#!/usr/bin/env python3
"""The measurement window end to end (issue 12, item 2): a `reset` line and
--warmup in run, compare and sweep; what the report says about it; --steps
and --log across it; bad `reset` and `discard` lines; mix of imported page
lists keeping each input's pages its own.

Run by meson with MMUSIM set to the binary; one meson test per TestCase.
Every expected figure is worked out in the comments from the trace.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

MMUSIM = os.environ.get("MMUSIM", "mmusim")

# 3 pages written (3 zero-fills: 3 misses), then a reset, then the three
# read again (3 hits: still resident with the default 3 usable frames)
# and a fourth page written (1 miss, evicting one).
TRACE = ("start 1\nmap swap\nmap swap\nmap swap\nmap swap\n"
         "w 0x600000000\nw 0x600010000\nw 0x600020000\n"
         "reset\n"                                     # line 9
         "r 0x600000000\nr 0x600010000\nr 0x600020000\nw 0x600030000\n")


class Base(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text):
        with open(os.path.join(self.dir, name), "w") as f:
            f.write(text)

    def mmusim(self, *args):
        return subprocess.run([MMUSIM, *args], cwd=self.dir,
                              capture_output=True, text=True, timeout=120)

    def ok(self, *args):
        r = self.mmusim(*args)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r

    def report(self, *args):
        return json.loads(self.ok("run", *args, "--json").stdout)


class RunWindow(Base):
    def test_report_says_where_measurement_started(self):
        self.write("t.trace", TRACE)
        r = self.report("t.trace", "--check")
        self.assertEqual(r["measurement"], {"start": "reset", "after_event": 9,
                                            "after_line": 9, "events": 4})
        self.assertEqual(r["trace"]["events"], 13)
        self.assertEqual(r["accesses"], {"total": 4, "reads": 3, "writes": 1})
        self.assertEqual(r["misses"]["total"], 1)
        self.assertEqual(r["maps"], {"ok": 0, "failed": 0})
        self.assertEqual(r["creates"], {"ok": 0, "failed": 0})
        # the keys come right after "trace", before "accesses"
        keys = list(r)
        self.assertEqual(keys[keys.index("trace") + 1], "measurement")
        table = self.ok("run", "t.trace").stdout.splitlines()
        self.assertEqual(table[2], "measured   the 4 events after event 9 "
                                   "(line 9, reset)")

    def test_no_reset_no_key(self):
        # the report of a trace without a window is what it always was
        self.write("t.trace", TRACE.replace("reset\n", ""))
        r = self.ok("run", "t.trace", "--json").stdout
        self.assertNotIn("measurement", r)
        self.assertNotIn("measured", self.ok("run", "t.trace").stdout)

    def test_warmup(self):
        # --warmup 8 on the trace without its reset line: the same window
        self.write("plain.trace", TRACE.replace("reset\n", ""))
        self.write("t.trace", TRACE)
        a = self.report("t.trace")
        b = self.report("plain.trace", "--warmup", "8")
        self.assertEqual(b["measurement"], {"start": "warmup", "after_event": 8,
                                            "after_line": 8, "events": 4})
        for key in ("accesses", "tlb", "faults", "misses", "pager", "disk",
                    "maps", "creates", "processes", "cycles",
                    "cycles_breakdown"):
            self.assertEqual(a[key], b[key], key)
        self.assertEqual(self.report("plain.trace", "--warmup=8"), b)

    def test_warmup_errors(self):
        self.write("t.trace", TRACE)
        for bad in (["--warmup", "0"], ["--warmup", "x"], ["--warmup"],
                    ["--warmup=-1"]):
            r = self.mmusim("run", "t.trace", *bad)
            self.assertEqual(r.returncode, 2, bad)
            self.assertEqual(r.stdout, "")
            self.assertEqual(r.stderr, "mmusim run: --warmup needs a number "
                             "of events, at least 1\n")
        r = self.mmusim("run", "t.trace", "--warmup", "14")
        self.assertEqual((r.returncode, r.stdout), (2, ""))
        self.assertEqual(r.stderr, "t.trace: --warmup 14: the trace has only "
                         "13 events, so measurement never started\n")

    def test_bad_lines(self):
        for line, what in (("reset x", "unexpected 'x'"),
                           ("reset => 0", "'=> 0' only applies to map, start "
                            "and fork"),
                           ("discard", "discard needs ADDR"),
                           ("discard 0x600000000 1", "unexpected '1'")):
            self.write("bad.trace", "start 1\nmap swap\n%s\n" % line)
            r = self.mmusim("run", "bad.trace")
            self.assertEqual((r.returncode, r.stdout), (2, ""), line)
            self.assertEqual(r.stderr, "bad.trace:3: %s\n" % what)

    def test_steps_and_log(self):
        self.write("t.trace", TRACE)
        lines = self.ok("run", "t.trace", "--steps").stdout.splitlines()
        self.assertIn("# reset at line 9: the counts start again from zero",
                      lines)
        after = lines[lines.index("# reset at line 9: the counts start again "
                                  "from zero") + 1:]
        self.assertEqual([l.split()[0] for l in after[:4]],
                         ["1", "2", "3", "4"])
        self.assertEqual(after[-1], "# 4 accesses: 3 hits, 1 misses, "
                                    "0 minor faults among the hits")
        log = self.ok("run", "t.trace", "--log").stdout.splitlines()
        self.assertIn("9 reset: the counters start from zero", log)
        log = self.ok("run", "t.trace", "--log", "--warmup", "3").stdout
        self.assertIn("3 end of warm-up: the counters start from zero",
                      log.splitlines())


class BatchWindow(Base):
    def test_compare_and_sweep_warmup(self):
        self.write("t.trace", TRACE.replace("reset\n", ""))
        self.write("c.json", '{"policy": "fifo"}')
        rows = json.loads(self.ok("compare", "t.trace", "c.json", "--json",
                                  "--warmup", "8").stdout)
        # the window: 3 hits and one zero-fill
        self.assertEqual(rows[0]["misses"], 1)
        self.assertEqual(rows[0]["accesses"], 4)
        rows = json.loads(self.ok("sweep", "t.trace", "--vary",
                                  "memory_pages=4..5", "--no-plot", "--json",
                                  "--warmup", "8").stdout)
        self.assertEqual([r["misses"] for r in rows], [1, 1])
        self.assertEqual([r["evictions"] for r in rows], [1, 0])
        r = self.mmusim("compare", "t.trace", "c.json", "--warmup", "0")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--warmup needs a number of events", r.stderr)


class MixOwnPages(Base):
    def test_disjoint_page_lists_read_each_page(self):
        # two processes, three pages each, no page in common: six reads
        # from the data file (the same blocks for both made it three)
        self.write("a.txt", "1\n2\n3\n")
        self.write("b.txt", "4\n5\n6\n")
        self.ok("mix", "a.txt", "b.txt", "--from", "pages", "--quantum", "1",
                "-o", "m.trace")
        r = self.report("m.trace", "--check", "--set", "memory_pages=8")
        self.assertEqual(r["disk"]["file_reads"], 6)
        self.assertEqual(r["misses"]["total"], 6)
        self.assertEqual(r["accesses"]["total"], 6)
        self.assertEqual(r["measurement"]["start"], "reset")
        with open(os.path.join(self.dir, "m.trace")) as f:
            text = f.read()
        # the set-ups first (each ends at its discard), one reset for both
        self.assertEqual(text.count("reset\n"), 1)
        self.assertEqual(text.count("discard 0x600000000\n"), 2)
        self.assertIn("map file 0x600000000 3\nmap file 0x600000000 4\n"
                      "map file 0x600000000 5\n", text)
        self.assertLess(text.index("discard"), text.index("start 2"))
        self.assertLess(text.rindex("discard"), text.index("reset"))

    def test_same_pages_twice_are_still_two_processes(self):
        # the same list twice: each process reads its own copy
        self.write("a.txt", "1 2 1 2\n")
        self.ok("mix", "a.txt", "a.txt", "--from", "pages", "--quantum", "2",
                "-o", "m.trace")
        r = self.report("m.trace", "--check", "--set", "memory_pages=8")
        self.assertEqual(r["disk"]["file_reads"], 4)
        self.assertEqual(r["accesses"]["total"], 8)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]] + sys.argv[1:], verbosity=2)
