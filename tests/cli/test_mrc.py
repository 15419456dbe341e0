#!/usr/bin/env python3
"""Tests of `mmusim mrc` end to end (docs/mrc.md).

Run by meson (tests/cli/meson.build) with MMUSIM set to the binary; the
argument names one TestCase class. MrcAgainstSweep holds mrc to the real
thing: every point must equal the misses `mmusim sweep` counts when it
replays the trace at that size.
"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

MMUSIM = os.environ.get("MMUSIM", "mmusim")
SVG = "{http://www.w3.org/2000/svg}"


def mmusim(*args, cwd=None):
    return subprocess.run([MMUSIM, *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600)


def lcg(seed):
    """A small deterministic random source (the test's own)."""
    state = seed
    while True:
        state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
        yield state >> 33


def zipf_list(n, pages, seed):
    """Page numbers with a skewed popularity: page k about 1/(k+1)."""
    weights = [1.0 / (k + 1) for k in range(pages)]
    total = sum(weights)
    cumulative, acc = [], 0.0
    for w in weights:
        acc += w / total
        cumulative.append(acc)
    out, rng = [], lcg(seed)
    for _ in range(n):
        u = next(rng) / 2**31
        k = 0
        while k < pages - 1 and cumulative[k] < u:
            k += 1
        out.append(k)
    return out


def loop_and_noise(n, seed):
    """A loop over 40 pages, a hot set of 6 and random pages of 120,
    with writes: every kind of stack distance, and loops that LRU loses."""
    out, rng = [], lcg(seed)
    for i in range(n):
        kind = next(rng) % 4
        page = (i % 40 if kind < 2 else next(rng) % 6 if kind == 2
                else 40 + next(rng) % 120)
        out.append(("w" if next(rng) % 5 == 0 else "") + str(page))
    return out


BELADY = "1 2 3 4 1 2 5 1 2 3 4 5\n"


class Fixture(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="mmusim-mrc-")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, name, text):
        with open(os.path.join(self.dir, name), "w") as f:
            f.write(text)

    def path(self, name):
        return os.path.join(self.dir, name)

    def run_ok(self, *args):
        r = mmusim(*args, cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r

    def run_fails(self, *args, words=()):
        r = mmusim(*args, cwd=self.dir)
        self.assertEqual(r.returncode, 2, (args, r.stdout, r.stderr))
        self.assertEqual(r.stdout, "")
        self.assertTrue(r.stderr.startswith("mmusim mrc: "), r.stderr)
        for w in words:
            self.assertIn(w, r.stderr)
        return r

    def mrc_rows(self, *args):
        r = self.run_ok("mrc", *args, "--json", "--no-plot")
        return json.loads(r.stdout)


class MrcAgainstSweep(Fixture):
    """A dozen sizes on three page lists: mrc's misses are sweep's."""

    def check(self, name, text, first, step):
        self.write(name, text)
        sizes = [first + k * step for k in range(12)]
        rows = self.mrc_rows(name, "--from", "pages", "--sizes",
                             "%d..%d:%d" % (sizes[0], sizes[-1], step))
        mine = {(r["frames"], r["policy"]): r["misses"] for r in rows}
        self.assertEqual(len(mine), 24)
        r = self.run_ok("sweep", name, "--from", "pages", "--vary",
                        "memory_pages=%d..%d:%d" % (sizes[0] + 1,
                                                    sizes[-1] + 1, step),
                        "--policies", "lru,opt", "--json", "--no-plot")
        swept = json.loads(r.stdout)
        self.assertEqual(len(swept), 24)
        for row in swept:
            frames = row["value"] - 1       # memory_pages counts the zero page
            self.assertEqual(mine[(frames, row["policy"])], row["misses"],
                             (name, frames, row["policy"]))
            accesses = [x["accesses"] for x in rows
                        if x["frames"] == frames][0]
            self.assertEqual(accesses, row["accesses"])
        # the curves are not flat: the sizes matter
        self.assertGreater(mine[(sizes[0], "lru")], mine[(sizes[-1], "lru")])
        self.assertLessEqual(mine[(sizes[5], "opt")], mine[(sizes[5], "lru")])
        return mine

    def test_belady(self):
        mine = self.check("belady.txt", BELADY, 2, 1)
        # the textbook's: LRU 10 and 8, OPT 7 and 6 (the importer's store
        # of the data file's name comes before its reset: not counted)
        self.assertEqual([mine[(f, "lru")] for f in (3, 4)], [10, 8])
        self.assertEqual([mine[(f, "opt")] for f in (3, 4)], [7, 6])

    def test_zipf(self):
        pages = zipf_list(3000, 150, seed=7)
        self.check("zipf.txt", " ".join(map(str, pages)) + "\n", 3, 11)

    def test_loop_and_noise(self):
        refs = loop_and_noise(4000, seed=11)
        lines = [" ".join(refs[i:i + 20]) for i in range(0, len(refs), 20)]
        self.check("loop.txt", "\n".join(lines) + "\n", 2, 13)


class MrcOutput(Fixture):
    def test_table_csv_json(self):
        self.write("b.txt", BELADY)
        r = self.run_ok("mrc", "b.txt", "--from", "pages", "--sizes", "3..4",
                        "--no-plot")
        self.assertEqual(r.stdout,
                         "frames  memory_pages  policy  misses  accesses  "
                         "miss_ratio\n"
                         "     3             4  lru         10        12  "
                         "    0.8333\n"
                         "     3             4  opt          7        12  "
                         "    0.5833\n"
                         "     4             5  lru          8        12  "
                         "    0.6667\n"
                         "     4             5  opt          6        12  "
                         "    0.5000\n")
        r = self.run_ok("mrc", "b.txt", "--from", "pages", "--sizes", "3..4",
                        "--policies", "opt", "--csv", "--no-plot")
        self.assertEqual(r.stdout.splitlines(), [
            "frames,memory_pages,policy,misses,accesses,miss_ratio",
            "3,4,opt,7,12,0.583333", "4,5,opt,6,12,0.500000"])
        rows = self.mrc_rows("b.txt", "--from", "pages", "--policies",
                             "opt,lru", "--sizes", "1..16:x2")
        self.assertEqual([(x["frames"], x["policy"]) for x in rows],
                         [(f, p) for f in (1, 2, 4, 8, 16)
                          for p in ("opt", "lru")])
        # 5 pages: from 5 frames on, 5 misses (the name page, written
        # before the import's reset, is not counted)
        self.assertEqual([x["misses"] for x in rows if x["frames"] >= 8],
                         [5, 5, 5, 5])

    def test_default_sizes(self):
        self.write("b.txt", BELADY)
        rows = self.mrc_rows("b.txt", "--from", "pages", "--policies", "lru")
        self.assertEqual([x["frames"] for x in rows], [1, 2, 3, 4, 5, 6])
        self.write("many.txt", " ".join(str(p) for p in range(100)) + "\n")
        rows = self.mrc_rows("many.txt", "--from", "pages", "--policies", "lru")
        # the sizes go up to every page the trace names, the import's
        # name page included; the misses are the list's 100 first touches
        self.assertEqual([x["frames"] for x in rows],
                         [1, 2, 4, 8, 16, 32, 64, 101])
        self.assertEqual([x["misses"] for x in rows], [100] * 8)

    def test_text_trace_and_set(self):
        # two processes, a fork, a store across a page boundary; 4 KiB
        # pages from --set: pid 1 pages 0,1; pid 2 its own page 0
        self.write("t.trace", "start 1\nswitch 1\nmap swap\nmap swap\n"
                   "w 0x600000ffe 4\nfork 1 2\nswitch 2\nr 0x600000000\n"
                   "switch 1\nr 0x600001000\nr 0x600000000\n")
        rows = self.mrc_rows("t.trace", "--set", "page_size=4096",
                             "--set", "arena_pages=4", "--policies", "lru")
        self.assertEqual([(x["frames"], x["misses"], x["accesses"])
                          for x in rows], [(1, 5, 5), (2, 4, 5), (3, 3, 5)])

    def test_plot(self):
        pages = zipf_list(2000, 120, 3)
        self.write("z.txt", " ".join(map(str, pages)))
        self.run_ok("mrc", "z.txt", "--from", "pages", "--sizes", "1..128:x2",
                    "--out", "z", "--log-y")
        root = ET.parse(self.path("z.svg")).getroot()
        self.assertEqual(root.get("data-x-scale"), "log")
        self.assertEqual(root.get("data-y-scale"), "log")
        texts = {t.get("class"): t.text for t in root.iter(SVG + "text")
                 if t.get("class")}
        self.assertEqual(texts["title"], "Miss ratio vs frames \u2014 z.txt")
        # the references after the import's reset; the pages the trace
        # names, the importer's name page included
        self.assertEqual(texts["subtitle"], "64 KiB pages, 2000 references "
                         "to %d pages; exact, from stack distances"
                         % (len(set(pages)) + 1))
        self.assertEqual(texts["y-label"], "miss ratio (misses / accesses)")
        self.assertTrue(texts["x-label"].startswith("frames"))
        xticks = [t.text for t in root.iter(SVG + "text")
                  if t.get("class") == "tick x"]
        self.assertEqual(xticks, ["1", "10", "100"])
        series = [g for g in root.iter(SVG + "g") if g.get("class") == "series"]
        self.assertEqual([g.get("data-name") for g in series], ["lru", "opt"])
        for g in series:
            points = [tuple(map(float, p.split(","))) for p in
                      g.find(SVG + "polyline").get("points").split()]
            self.assertEqual(len(points), 8)
            xs = [p[0] for p in points]
            # log x: 1, 2, 4 ... 128 equally spaced
            gaps = [round(b - a, 1) for a, b in zip(xs, xs[1:])]
            self.assertEqual(len(set(gaps)), 1, gaps)
            ys = [p[1] for p in points]
            self.assertEqual(ys, sorted(ys))       # fewer misses draw lower
        self.run_ok("mrc", "z.txt", "--from", "pages", "--sizes", "1..20",
                    "--metric", "misses", "--out", "lin")
        root = ET.parse(self.path("lin.svg")).getroot()
        self.assertEqual(root.get("data-x-scale"), "linear")
        self.assertEqual(root.get("data-y-scale"), "linear")
        texts = {t.get("class"): t.text for t in root.iter(SVG + "text")
                 if t.get("class")}
        self.assertEqual(texts["y-label"], "misses (faults that filled a frame)")

    def test_help(self):
        r = self.run_ok("mrc", "--help")
        for option in ("--policies", "--sizes", "--from", "--set", "--config",
                       "--metric", "--log-y", "--out", "--no-plot", "--json",
                       "--csv"):
            self.assertIn(option, r.stdout)
        r = self.run_ok("--help")
        self.assertIn("  mrc ", r.stdout)


class MrcErrors(Fixture):
    def test_options(self):
        self.write("b.txt", BELADY)
        self.run_fails("mrc", words=("which trace?",))
        self.run_fails("mrc", "b.txt", "b.txt", words=("one trace only",))
        self.run_fails("mrc", "b.txt", "--bogus", words=("'--bogus'",))
        self.run_fails("mrc", "b.txt", "--policies", "lru,fifo",
                       words=("'fifo'", "lru and opt"))
        self.run_fails("mrc", "b.txt", "--policies", "lru,lru",
                       words=("'lru' twice",))
        self.run_fails("mrc", "b.txt", "--sizes", "5..2",
                       words=("--sizes '5..2'", "A must not be greater"))
        self.run_fails("mrc", "b.txt", "--sizes", "0..4",
                       words=("sizes start at 1",))
        self.run_fails("mrc", "b.txt", "--sizes", words=("needs a value",))
        self.run_fails("mrc", "b.txt", "--sizes", "4294967295..4294967295",
                       words=("sizes go up to 4294967294",))
        self.run_fails("mrc", "b.txt", "--metric", "cycles",
                       words=("misses or miss_ratio",))
        self.run_fails("mrc", "b.txt", "--from", "nope", words=("'nope'",))
        self.run_fails("mrc", "b.txt", "--set", "page_size=3",
                       words=("page_size",))
        self.run_fails("mrc", "b.txt", "--out", "x", "--no-plot",
                       words=("not both",))

    def test_bad_trace_names_line(self):
        self.write("bad.txt", "1 2\n3 x4\n")
        self.run_fails("mrc", "bad.txt", "--from", "pages",
                       words=("bad.txt:2:",))
        self.write("t.trace", "start 1\nswitch 1\nmap swap\nr 0x10\n")
        self.run_fails("mrc", "t.trace", words=("t.trace:4:",
                                                "below the arena"))
        self.assertFalse(os.path.exists(self.path("mrc.svg")))

    def test_unwritable_plot(self):
        self.write("b.txt", BELADY)
        self.run_fails("mrc", "b.txt", "--from", "pages", "--out",
                       "nowhere/p")
        self.assertEqual([n for n in os.listdir(self.dir)], ["b.txt"])


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], *sys.argv[1:]], verbosity=2)
