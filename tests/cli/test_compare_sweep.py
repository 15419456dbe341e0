#!/usr/bin/env python3
"""Tests of `mmusim compare`, `mmusim sweep` and the hardware_bits report.

Run by meson (tests/policy/meson.build) with MMUSIM set to the binary and
MMUSIM_SOURCE to the source tree; the argument names one TestCase class.
Every figure below was worked out by hand from the reference strings and
the latencies of the inline configurations (docs/compare.md).
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
SOURCE = os.environ.get("MMUSIM_SOURCE",
                        os.path.join(os.path.dirname(__file__), "..", ".."))
SVG = "{http://www.w3.org/2000/svg}"

# Pages 1,2,3,1,4,1,2 (all writes: every reference is a miss or a
# fault-free hit). With 3 frames: FIFO 6 faults, LRU 5, OPT 4.
SMALL_TRACE = """\
# reference string 1,2,3,1,4,1,2
start 1
switch 1
map swap
map swap
map swap
map swap
w 0x600000000
w 0x600010000
w 0x600020000
w 0x600000000
w 0x600030000
w 0x600000000
w 0x600010000
exit
"""

# Belady's string 1,2,3,4,1,2,5,1,2,3,4,5 (all writes).
BELADY_TRACE = "start 1\nswitch 1\n" + "map swap\n" * 5 + "".join(
    "w 0x6000%d0000\n" % (page - 1) for page in (1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5))

LATENCY = ('"latency": { "tlb_hit": 1, "walk": 10, "memory": 100, '
           '"fault": 1000, "disk_read": 100000, "disk_write": 200000, '
           '"zero_fill": 50, "copy": 70 }')


def config_text(policy, memory_pages=4, extra=""):
    return ('{ "name": "%s-%d", "memory_pages": %d, "policy": "%s", %s%s }\n'
            % (policy, memory_pages - 1, memory_pages, policy, LATENCY, extra))


def mmusim(*args, cwd=None, env=None):
    return subprocess.run([MMUSIM, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


class Fixture(unittest.TestCase):
    """A folder with small.trace and fifo.json, lru.json, opt.json."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="mmusim-compare-")
        self.write("small.trace", SMALL_TRACE)
        for p in ("fifo", "lru", "opt"):
            self.write(p + ".json", config_text(p))

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, name, text):
        with open(os.path.join(self.dir, name), "w") as f:
            f.write(text)

    def path(self, name):
        return os.path.join(self.dir, name)

    def run_ok(self, *args, **kw):
        r = mmusim(*args, cwd=self.dir, **kw)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r

    def run_fails(self, *args, words=(), **kw):
        """Exit status 2, one message naming every word, nothing on stdout."""
        r = mmusim(*args, cwd=self.dir, **kw)
        self.assertEqual(r.returncode, 2, (args, r.stdout, r.stderr))
        self.assertEqual(r.stdout, "")
        self.assertTrue(r.stderr.startswith("mmusim "), r.stderr)
        for w in words:
            self.assertIn(w, r.stderr)
        return r

    def leftovers(self):
        return [n for n in os.listdir(self.dir) if ".tmp-" in n]


class CompareOutput(Fixture):
    ARGS = ("compare", "small.trace", "fifo.json", "lru.json", "opt.json")

    def test_table(self):
        r = self.run_ok(*self.ARGS)
        self.assertEqual(r.stdout, (
            "name    policy  memory_pages  misses  miss_ratio  minor_faults  "
            "disk_reads  disk_writes  evictions  tlb_hit_rate  cycles  "
            "cycles_ratio  misses_ratio\n"
            "fifo-3  fifo               4       6      0.8571             0  "
            "         2            3          3          7.7%  807033  "
            "       1.000         1.000\n"
            "lru-3   lru                4       5      0.7143             0  "
            "         1            2          2         16.7%  506012  "
            "       0.627         0.833\n"
            "opt-3   opt                4       4      0.5714             0  "
            "         0            1          1         27.3%  204991  "
            "       0.254         0.667\n"))
        self.assertEqual(r.stderr, "")

    def test_csv(self):
        r = self.run_ok(*self.ARGS, "--csv")
        self.assertEqual(r.stdout, (
            "name,config,policy,ref_bits,memory_pages,accesses,misses,"
            "miss_ratio,minor_faults,faults,disk_reads,disk_writes,evictions,"
            "tlb_hit_rate,cycles,cycles_ratio,misses_ratio\n"
            "fifo-3,fifo.json,fifo,software,4,7,6,0.857143,0,6,2,3,3,0.0769,"
            "807033,1.000,1.000\n"
            "lru-3,lru.json,lru,software,4,7,5,0.714286,0,5,1,2,2,0.1667,"
            "506012,0.627,0.833\n"
            "opt-3,opt.json,opt,software,4,7,4,0.571429,0,4,0,1,1,0.2727,"
            "204991,0.254,0.667\n"))

    def test_json(self):
        r = self.run_ok(*self.ARGS, "--json")
        rows = json.loads(r.stdout)
        self.assertEqual(rows[1], {
            "name": "lru-3", "config": "lru.json", "policy": "lru",
            "ref_bits": "software", "memory_pages": 4, "accesses": 7,
            "misses": 5, "miss_ratio": 0.714286, "minor_faults": 0,
            "faults": 5, "disk_reads": 1, "disk_writes": 2, "evictions": 2,
            "tlb_hit_rate": 0.1667, "cycles": 506012,
            "cycles_ratio": 0.627, "misses_ratio": 0.833})
        self.assertEqual([list(row) for row in rows], [list(rows[1])] * 3)
        self.assertEqual([row["faults"] for row in rows], [6, 5, 4])
        self.assertIn('"cycles_ratio":\t0.254,', r.stdout)

    def test_rows_agree_with_run(self):
        rows = json.loads(self.run_ok(*self.ARGS, "--json").stdout)
        for row in rows:
            rep = json.loads(self.run_ok("run", "small.trace", "--config",
                                         row["config"], "--json").stdout)
            self.assertEqual(row["faults"], rep["faults"]["total"])
            self.assertEqual(row["misses"], rep["misses"]["total"])
            self.assertEqual(row["misses"], rep["faults"]["major"])
            self.assertEqual(row["minor_faults"], rep["faults"]["minor"])
            self.assertEqual(row["cycles"], rep["cycles"])
            self.assertEqual(row["evictions"], rep["pager"]["evictions"])
            self.assertEqual(row["disk_reads"], rep["disk"]["swap_reads"] +
                             rep["disk"]["file_reads"])
            self.assertEqual(row["disk_writes"], rep["disk"]["swap_writes"] +
                             rep["disk"]["file_writes"])

    def test_set_applies_to_every_config(self):
        r = self.run_ok(*self.ARGS, "--set", "memory_pages=5", "--csv")
        faults = [row["faults"] for row in csv.DictReader(io.StringIO(r.stdout))]
        self.assertEqual(faults, ["4", "4", "4"])

    def test_ratio_of_nothing_is_empty(self):
        # No faults in the first row (pages 1,1,1 fit): no ratio to it.
        self.write("hits.trace", "start 1\nswitch 1\nmap swap\nr 0x600000000\n")
        r = self.run_ok("compare", "hits.trace", "fifo.json", "lru.json", "--csv")
        lines = r.stdout.splitlines()
        self.assertTrue(lines[1].endswith(",1.000,"), lines[1])
        rows = json.loads(self.run_ok("compare", "hits.trace", "fifo.json",
                                      "--json").stdout)
        self.assertIsNone(rows[0]["misses_ratio"])
        table = self.run_ok("compare", "hits.trace", "fifo.json").stdout
        self.assertTrue(table.splitlines()[1].endswith("  -"), table)

    def test_order_and_bytes_do_not_depend_on_workers(self):
        args = self.ARGS + ("opt.json", "fifo.json", "lru.json")
        one = self.run_ok(*args, "--jobs", "1").stdout
        for jobs in ("2", "3", "6"):
            for fmt in ((), ("--json",), ("--csv",)):
                self.assertEqual(self.run_ok(*args, "--jobs", jobs, *fmt).stdout,
                                 self.run_ok(*args, "--jobs", "1", *fmt).stdout)
        self.assertEqual(self.run_ok(*args).stdout, one)

    def test_help(self):
        r = self.run_ok("compare", "--help")
        self.assertIn("usage: mmusim compare TRACE CONFIG...", r.stdout)


class CompareErrors(Fixture):
    def test_missing_config_file(self):
        self.run_fails("compare", "small.trace", "fifo.json", "nope.json",
                       words=("nope.json",))

    def test_bad_key_names_file_and_key(self):
        self.write("bad.json", '{ "memory_pages": 2 }')
        self.run_fails("compare", "small.trace", "fifo.json", "bad.json",
                       words=("bad.json", "memory_pages"))
        self.write("typo.json", '{ "memory_page": 8 }')
        self.run_fails("compare", "small.trace", "typo.json",
                       words=("typo.json", "memory_page", "unknown key"))

    def test_unknown_policy_in_config(self):
        self.write("pol.json", '{ "policy": "belady2" }')
        self.run_fails("compare", "small.trace", "pol.json",
                       words=("pol.json", "policy", "belady2"))

    def test_bad_set(self):
        self.run_fails("compare", "small.trace", "fifo.json", "--set",
                       "tlb.entriez=4", words=("tlb.entriez",))
        self.run_fails("compare", "small.trace", "fifo.json", "--set", "x",
                       words=("--set needs KEY=VALUE",))

    def test_no_config(self):
        self.run_fails("compare", "small.trace", words=("at least one",))
        self.run_fails("compare", words=("at least one",))

    def test_bad_options(self):
        self.run_fails("compare", "small.trace", "fifo.json", "--json",
                       "--csv", words=("not both",))
        self.run_fails("compare", "small.trace", "fifo.json", "--jobs", "0",
                       words=("--jobs",))
        self.run_fails("compare", "small.trace", "fifo.json", "--from", "xml",
                       words=("--from", "xml"))
        self.run_fails("compare", "small.trace", "fifo.json", "--frob",
                       words=("--frob",))

    def test_stdin_trace(self):
        self.run_fails("compare", "-", "fifo.json", words=("standard input",))

    def test_trace_errors_name_config_and_line(self):
        self.write("broken.trace", "start 1\nswitch 1\nfrob\n")
        r = self.run_fails("compare", "broken.trace", "fifo.json", "lru.json",
                           words=("fifo.json: ", "lru.json: ",
                                  "broken.trace:3"))
        self.assertEqual(len(r.stderr.splitlines()), 2)
        self.run_fails("compare", "missing.trace", "fifo.json",
                       words=("missing.trace",))


class SweepOutput(Fixture):
    ARGS = ("sweep", "small.trace", "--config", "fifo.json", "--vary",
            "memory_pages=4..6", "--policies", "fifo,lru,opt")

    TABLE = (
        "memory_pages  policy  misses  accesses  miss_ratio  minor_faults  "
        "evictions  disk_reads  disk_writes  tlb_hit_rate  cycles\n"
        "           4  fifo         6         7      0.8571             0  "
        "        3           2            3          7.7%  807033\n"
        "           4  lru          5         7      0.7143             0  "
        "        2           1            2         16.7%  506012\n"
        "           4  opt          4         7      0.5714             0  "
        "        1           0            1         27.3%  204991\n"
        + "".join("           %d  %-4s         4         7      0.5714  "
                  "           0          0           0            0  "
                  "       27.3%%    4991\n"
                  % (m, p) for m in (5, 6) for p in ("fifo", "lru", "opt")))

    def svg(self, name="sweep.svg"):
        return ET.parse(self.path(name)).getroot()

    def test_table_and_files(self):
        r = self.run_ok(*self.ARGS)
        self.assertEqual(r.stdout, self.TABLE)
        self.assertTrue(os.path.exists(self.path("sweep.svg")))
        if shutil.which("rsvg-convert"):
            self.assertEqual(r.stderr, "mmusim sweep: wrote sweep.svg and "
                             "sweep.png\n")
            with open(self.path("sweep.png"), "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        else:
            print("rsvg-convert is not installed: PNG not checked",
                  file=sys.stderr)
        self.assertEqual(self.leftovers(), [])

    def test_csv_and_json(self):
        r = self.run_ok(*self.ARGS, "--csv", "--no-plot")
        lines = r.stdout.splitlines()
        self.assertEqual(lines[0], "key,value,policy,misses,accesses,miss_ratio,"
                         "minor_faults,faults,evictions,disk_reads,disk_writes,"
                         "tlb_hit_rate,cycles")
        self.assertEqual(lines[1], "memory_pages,4,fifo,6,7,0.857143,0,6,3,2,3,"
                         "0.0769,807033")
        self.assertEqual(len(lines), 10)
        rows = json.loads(self.run_ok(*self.ARGS, "--json", "--no-plot").stdout)
        self.assertEqual([(r["value"], r["policy"], r["faults"]) for r in rows],
                         [(4, "fifo", 6), (4, "lru", 5), (4, "opt", 4)] +
                         [(m, p, 4) for m in (5, 6) for p in ("fifo", "lru", "opt")])
        self.assertEqual(rows[0]["key"], "memory_pages")
        self.assertFalse(os.path.exists(self.path("sweep.svg")))

    def test_svg(self):
        self.run_ok(*self.ARGS, "--out", "plot")
        root = self.svg("plot.svg")
        title = "Misses vs memory_pages \u2014 small.trace"
        self.assertEqual(root.find(SVG + "title").text, title)
        texts = {t.get("class"): t.text for t in root.iter(SVG + "text")
                 if t.get("class")}
        self.assertEqual(texts["title"], title)
        self.assertTrue(texts["x-label"].startswith("memory_pages"))
        self.assertEqual(texts["y-label"], "misses (faults that filled a frame)")
        xticks = [t.text for t in root.iter(SVG + "text")
                  if t.get("class") == "tick x"]
        self.assertEqual(xticks, ["4", "5", "6"])
        yticks = [float(t.text) for t in root.iter(SVG + "text")
                  if t.get("class") == "tick y"]
        self.assertEqual(yticks[0], 0)
        self.assertGreaterEqual(yticks[-1], 6)
        series = [g for g in root.iter(SVG + "g") if g.get("class") == "series"]
        self.assertEqual([g.get("data-name") for g in series],
                         ["fifo", "lru", "opt"])
        heights = []
        for g in series:
            lines = g.findall(SVG + "polyline")
            self.assertEqual(len(lines), 1)
            points = [tuple(map(float, p.split(",")))
                      for p in lines[0].get("points").split()]
            self.assertEqual(len(points), 3)
            self.assertEqual(len(g.findall(SVG + "circle")), 3)
            xs = [p[0] for p in points]
            self.assertEqual(xs, sorted(xs))
            heights.append([p[1] for p in points])
        # Fewer faults draw lower (larger y): fifo 6 < lru 5 < opt 4 at
        # 4 pages; all 4 faults from 5 pages on.
        self.assertLess(heights[0][0], heights[1][0])
        self.assertLess(heights[1][0], heights[2][0])
        self.assertEqual(heights[0][1:], heights[2][1:])
        legend = [g for g in root.iter(SVG + "g") if g.get("class") == "legend"]
        self.assertEqual(len(legend), 1)
        self.assertEqual([t.text for t in legend[0].iter(SVG + "text")],
                         ["fifo", "lru", "opt"])
        self.assertEqual(self.leftovers(), [])

    def test_miss_ratio_plot(self):
        self.run_ok(*self.ARGS, "--metric", "miss_ratio", "--no-plot")
        self.run_ok(*self.ARGS, "--metric", "miss_ratio")
        root = self.svg()
        texts = {t.get("class"): t.text for t in root.iter(SVG + "text")
                 if t.get("class")}
        self.assertEqual(texts["title"],
                         "Miss ratio vs memory_pages \u2014 small.trace")
        self.assertEqual(texts["y-label"], "miss ratio (misses / accesses)")
        yticks = [float(t.text) for t in root.iter(SVG + "text")
                  if t.get("class") == "tick y"]
        self.assertTrue(0.8571 <= yticks[-1] <= 1.2, yticks)

    def test_default_policy_step_and_factor(self):
        r = self.run_ok("sweep", "small.trace", "--config", "lru.json",
                        "--vary", "memory_pages=4..8:2", "--csv", "--no-plot")
        rows = list(csv.DictReader(io.StringIO(r.stdout)))
        self.assertEqual([(row["value"], row["policy"]) for row in rows],
                         [("4", "lru"), ("6", "lru"), ("8", "lru")])
        r = self.run_ok("sweep", "small.trace", "--config", "lru.json",
                        "--vary", "tlb.entries=1..16:x2", "--csv", "--no-plot")
        self.assertEqual([row["value"] for row in
                          csv.DictReader(io.StringIO(r.stdout))],
                         ["1", "2", "4", "8", "16"])

    def test_deterministic_across_workers(self):
        args = self.ARGS[:-1] + ("fifo,lru,opt,clock,random,clock-dirty",
                                 "--no-plot")
        one = self.run_ok(*args, "--jobs", "1").stdout
        self.assertEqual(self.run_ok(*args, "--jobs", "2").stdout, one)
        self.assertEqual(self.run_ok(*args).stdout, one)
        self.run_ok(*self.ARGS, "--out", "a", "--jobs", "1")
        self.run_ok(*self.ARGS, "--out", "b", "--jobs", "2")
        with open(self.path("a.svg"), "rb") as a, open(self.path("b.svg"), "rb") as b:
            self.assertEqual(a.read(), b.read())

    def test_no_renderer(self):
        env = dict(os.environ, PATH="/nonexistent")
        r = self.run_ok(*self.ARGS, "--out", "p", env=env)
        self.assertIn("wrote p.svg; no PNG: rsvg-convert is not installed",
                      r.stderr)
        self.assertTrue(os.path.exists(self.path("p.svg")))
        self.assertFalse(os.path.exists(self.path("p.png")))
        self.assertEqual(self.leftovers(), [])


class MinorFaults(Fixture):
    """Clock with software bits on Belady's string, 3 frames: 9 misses and 3
    reference faults (HardwareBits below: 12 faults with software bits, 9
    with hardware bits, which take no reference fault). FIFO: 9 misses, no
    minor fault."""

    def setUp(self):
        super().setUp()
        self.write("belady.trace", BELADY_TRACE)
        self.write("clock.json", config_text("clock"))

    def test_compare_separates_minor_faults(self):
        rows = json.loads(self.run_ok("compare", "belady.trace", "fifo.json",
                                      "clock.json", "--json").stdout)
        self.assertEqual([(r["misses"], r["minor_faults"], r["faults"])
                          for r in rows], [(9, 0, 9), (9, 3, 12)])
        self.assertEqual([r["miss_ratio"] for r in rows], [0.75, 0.75])
        self.assertEqual(rows[1]["misses_ratio"], 1.0)

    def test_metric_names_the_ratio_column(self):
        rows = json.loads(self.run_ok("compare", "belady.trace", "fifo.json",
                                      "clock.json", "--json", "--metric",
                                      "faults").stdout)
        self.assertEqual(list(rows[1])[-1], "faults_ratio")
        self.assertEqual(rows[1]["faults_ratio"], 1.333)   # 12 / 9
        rows = json.loads(self.run_ok("compare", "belady.trace", "clock.json",
                                      "fifo.json", "--json", "--metric",
                                      "minor_faults").stdout)
        self.assertEqual(rows[1]["minor_faults_ratio"], 0.0)  # 0 / 3
        rows = json.loads(self.run_ok("compare", "belady.trace", "fifo.json",
                                      "--json", "--metric", "cycles").stdout)
        self.assertEqual(list(rows[0])[-1], "cycles_ratio")  # not twice
        rows = json.loads(self.run_ok("compare", "belady.trace", "fifo.json",
                                      "clock.json", "--json", "--metric",
                                      "disk_writes").stdout)
        self.assertEqual(rows[1]["disk_writes_ratio"],
                         round(rows[1]["disk_writes"] / rows[0]["disk_writes"], 3))

    def test_sweep_plots_misses_or_faults(self):
        args = ("sweep", "belady.trace", "--config", "clock.json", "--vary",
                "memory_pages=4..4", "--policies", "fifo,clock")
        rows = json.loads(self.run_ok(*args, "--json", "--no-plot").stdout)
        self.assertEqual([(r["misses"], r["minor_faults"]) for r in rows],
                         [(9, 0), (9, 3)])
        for metric, clock_y in (("misses", 9), ("faults", 12), ("minor_faults", 3)):
            self.run_ok(*args, "--metric", metric, "--out", metric)
            root = ET.parse(self.path(metric + ".svg")).getroot()
            series = [g for g in root.iter(SVG + "g") if g.get("class") == "series"]
            self.assertEqual(len(series), 2)
            texts = {t.get("class"): t.text for t in root.iter(SVG + "text")
                     if t.get("class")}
            self.assertTrue(texts["y-label"].startswith(metric.replace("_", " ")),
                            texts["y-label"])
        self.run_fails("compare", "belady.trace", "fifo.json", "--metric",
                       "hits", words=("--metric", "hits", "misses"))


class SweepBelady(unittest.TestCase):
    """The shipped example of docs/compare.md and docs/policies.md."""

    def test_belady_anomaly(self):
        out = tempfile.mkdtemp(prefix="mmusim-belady-")
        try:
            r = mmusim("sweep", os.path.join(SOURCE, "traces/belady.trace"),
                       "--config", os.path.join(SOURCE, "configs/fifo-4.json"),
                       "--vary", "memory_pages=4..7", "--policies",
                       "fifo,lru,opt", "--json", "--out",
                       os.path.join(out, "belady"))
            self.assertEqual(r.returncode, 0, r.stderr)
            faults = {(row["value"], row["policy"]): row["faults"]
                      for row in json.loads(r.stdout)}
            # 3 and 4 frames for pages (memory_pages counts the zero page).
            self.assertEqual(faults[(4, "fifo")], 9)
            self.assertEqual(faults[(5, "fifo")], 10)
            self.assertEqual(faults[(4, "lru")], 10)
            self.assertEqual(faults[(5, "lru")], 8)
            self.assertEqual(faults[(4, "opt")], 7)
            self.assertEqual(faults[(5, "opt")], 6)
            for m in (6, 7):
                for p in ("fifo", "lru", "opt"):
                    self.assertEqual(faults[(m, p)], 5)
            for (m, p), n in faults.items():
                self.assertGreaterEqual(n, faults[(m, "opt")])
            self.assertTrue(os.path.exists(os.path.join(out, "belady.svg")))
        finally:
            shutil.rmtree(out)


class SweepErrors(Fixture):
    BASE = ("sweep", "small.trace", "--config", "fifo.json", "--no-plot")

    def test_bad_vary_syntax(self):
        for vary, what in (("memory_pages", "KEY=A..B"),
                           ("memory_pages=4", "KEY=A..B"),
                           ("memory_pages=4-7", "KEY=A..B"),
                           ("=4..7", "key"),
                           ("memory_pages=a..7", "numbers"),
                           ("memory_pages=4..", "numbers"),
                           ("memory_pages=7..4", "greater"),
                           ("memory_pages=4..7:0", "step"),
                           ("memory_pages=4..7:x1", "factor"),
                           ("memory_pages=4..7:", "step"),
                           ("memory_pages=0..7:x2", "factor"),
                           ("memory_pages=4..100000", "values")):
            self.run_fails(*self.BASE, "--vary", vary,
                           words=("--vary '%s'" % vary, what))
        self.run_fails(*self.BASE, words=("--vary KEY=A..B is needed",))

    def test_unknown_key(self):
        self.run_fails(*self.BASE, "--vary", "memory_page=4..7",
                       words=("--vary memory_page=4", "unknown key"))

    def test_value_out_of_range_names_key_and_value(self):
        self.run_fails(*self.BASE, "--vary", "memory_pages=2..5",
                       words=("--vary memory_pages=2", "at least 3"))
        self.run_fails(*self.BASE, "--vary", "page_size=256..1024",
                       words=("--vary page_size=257", "power of two"))

    def test_unknown_policy(self):
        self.run_fails(*self.BASE, "--vary", "memory_pages=4..5",
                       "--policies", "fifo,lfu", words=("lfu", "--policies",
                                                        "unknown policy",
                                                        "fifo"))
        self.run_fails(*self.BASE, "--vary", "memory_pages=4..5",
                       "--policies", "fifo,,lru", words=("--policies",))
        self.run_fails(*self.BASE, "--vary", "memory_pages=4..5",
                       "--policies", "fifo,fifo", words=("listed twice",))

    def test_missing_config(self):
        self.run_fails("sweep", "small.trace", "--config", "nope.json",
                       "--vary", "memory_pages=4..5", words=("nope.json",))
        self.assertEqual(os.listdir(self.dir).count("sweep.svg"), 0)

    def test_other_options(self):
        vary = ("--vary", "memory_pages=4..5")
        self.run_fails(*self.BASE, *vary, "--metric", "hits",
                       words=("--metric", "hits"))
        self.run_fails("sweep", "small.trace", "other.trace", *vary,
                       words=("one trace only",))
        self.run_fails("sweep", *vary, words=("which trace",))
        self.run_fails(*self.BASE, *vary, "--out", "x",
                       words=("not both",))
        self.run_fails("sweep", "-", *vary, words=("standard input",))

    def test_unwritable_plot(self):
        # No table either (run_fails checks stdout is empty).
        self.run_fails("sweep", "small.trace", "--config", "fifo.json",
                       "--vary", "memory_pages=4..5", "--out",
                       "no/such/dir/p", words=("no/such/dir/p.svg",
                                               "cannot create"))

    def test_trace_error(self):
        self.write("broken.trace", "start 1\nswitch 1\nfrob\n")
        self.run_fails("sweep", "broken.trace", "--config", "fifo.json",
                       "--vary", "memory_pages=4..5",
                       words=("memory_pages=4, policy fifo: ",
                              "broken.trace:3"))


class HardwareBits(Fixture):
    def test_report_shows_what_hardware_bits_save(self):
        # Clock on Belady's string with 3 frames: 9 faults with hardware
        # bits; software emulation takes 3 reference faults more (each a
        # fault, 1000 cycles, and a TLB lookup and walk again: 11 cycles).
        self.write("belady.trace", BELADY_TRACE)
        self.write("hw.json", config_text("clock", extra=', "ref_bits": "hardware"'))
        self.write("sw.json", config_text("clock"))
        hw = json.loads(self.run_ok("run", "belady.trace", "--config", "hw.json",
                                    "--json").stdout)
        sw = json.loads(self.run_ok("run", "belady.trace", "--config", "sw.json",
                                    "--json").stdout)
        self.assertNotIn("hardware_bits", sw)
        bits = hw["hardware_bits"]
        self.assertEqual(list(bits), ["software_faults", "faults_saved",
                                      "software_cycles", "cycles_saved"])
        self.assertEqual(bits["software_faults"], sw["faults"]["total"])
        self.assertEqual(bits["software_cycles"], sw["cycles"])
        self.assertEqual(bits["faults_saved"],
                         sw["faults"]["total"] - hw["faults"]["total"])
        self.assertEqual(bits["cycles_saved"], sw["cycles"] - hw["cycles"])
        self.assertEqual(bits, {"software_faults": 12, "faults_saved": 3,
                                "software_cycles": 1613714,
                                "cycles_saved": 3033})
        self.assertEqual(hw["faults"]["total"], 9)
        table = self.run_ok("run", "belady.trace", "--config", "hw.json").stdout
        # The figure column is as wide as the table's widest (cycles).
        self.assertIn("hardware ref bits save, against software emulation:\n"
                      "  faults             3   software        12\n"
                      "  cycles         3,033   software 1,613,714\n",
                      table)
        self.assertNotIn("hardware ref bits",
                         self.run_ok("run", "belady.trace", "--config",
                                     "sw.json").stdout)

    def test_saved_may_be_negative(self):
        # Fork and copy-on-write: the walker's bit updates cost cycles that
        # software emulation does not pay here (traces/fork-cow.trace).
        r = mmusim("run", os.path.join(SOURCE, "traces/fork-cow.trace"),
                   "--set", "ref_bits=hardware", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        bits = json.loads(r.stdout)["hardware_bits"]
        self.assertLess(bits["cycles_saved"], 0)
        self.assertIn('"cycles_saved":\t%d' % bits["cycles_saved"], r.stdout)

    def test_belady_clock_figures(self):
        r = mmusim("run", os.path.join(SOURCE, "traces/belady.trace"),
                   "--config", os.path.join(SOURCE, "configs/hardware-bits.json"),
                   "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        rep = json.loads(r.stdout)
        self.assertEqual(rep["faults"]["total"], 9)
        self.assertEqual(rep["hardware_bits"]["software_faults"], 12)
        self.assertEqual(rep["hardware_bits"]["faults_saved"], 3)

    def test_stdin_gets_no_comparison(self):
        self.write("hw.json", config_text("clock", extra=', "ref_bits": "hardware"'))
        r = subprocess.run([MMUSIM, "run", "-", "--config", "hw.json", "--json"],
                           cwd=self.dir, input=SMALL_TRACE, capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("hardware_bits", json.loads(r.stdout))
        self.assertIn("standard input", r.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], *sys.argv[1:]], verbosity=2)
