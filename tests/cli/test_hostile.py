#!/usr/bin/env python3
"""Hostile inputs, end to end (issue 11, items 5, 7 and 8; docs/testing.md).

Run by meson (tests/cli/meson.build) with MMUSIM set to the binary and
MMUSIM_SOURCE to the source tree; the argument names one TestCase class.
The failing-disk and memory cases need the fault-injection shim and run in
tests/inject/.
"""
import json
import os
import resource
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import unittest

MMUSIM = os.environ.get("MMUSIM", "mmusim")
SOURCE = os.environ.get("MMUSIM_SOURCE",
                        os.path.join(os.path.dirname(__file__), "..", ".."))
FORK_COW = os.path.join(SOURCE, "traces", "fork-cow.trace")
DEFAULT = os.path.join(SOURCE, "configs", "default.json")


def mmusim(*args, cwd=None, stdin=None, input=None, timeout=60):
    return subprocess.run([MMUSIM, *args], cwd=cwd, stdin=stdin, input=input,
                          capture_output=True, text=True, timeout=timeout)


def cpu_seconds(*args):
    """CPU time (user + system) of one run that must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = mmusim(*args, timeout=600)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert r.returncode == 0, r.stderr
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


class Case(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="mmusim-hostile-")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def path(self, name):
        return os.path.join(self.dir, name)

    def files(self):
        return sorted(os.listdir(self.dir))


class ReadTwice(Case):
    """Item 5: what must be read more than once must be a regular file;
    anything else is exit 2 before anything runs (no hang, no plot)."""

    def fifo(self):
        path = self.path("fifo")
        os.mkfifo(path)
        return path

    def test_opt_refuses_a_fifo_without_opening_it(self):
        # nobody writes the FIFO: opening it would block until the timeout
        fifo = self.fifo()
        r = mmusim("run", fifo, "--set", "policy=opt", timeout=20)
        self.assertEqual((r.returncode, r.stdout), (2, ""))
        self.assertEqual(r.stderr, "%s: a pipe, which cannot be read twice; policy opt reads "
                         "the trace ahead: give a regular file\n" % fifo)

    def test_opt_refuses_standard_input(self):
        with open(FORK_COW) as f:
            r = mmusim("run", "-", "--set", "policy=opt", stdin=f)
        self.assertEqual((r.returncode, r.stdout), (2, ""))
        self.assertEqual(r.stderr, "<stdin>: standard input, which cannot be read twice; "
                         "policy opt reads the trace ahead: give a regular file\n")

    def piped(self, *args):
        """Run with the trace on a pipe as standard input."""
        with open(FORK_COW) as f:
            r = mmusim(*args, input=f.read(), cwd=self.dir)
        return r.returncode, r.stdout, r.stderr

    def test_compare_refuses_a_pipe(self):
        code, out, err = self.piped("compare", "/dev/stdin", DEFAULT)
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err, "mmusim compare: /dev/stdin: a pipe, which cannot be read "
                         "twice; the trace is replayed once per run: give a regular file\n")

    def test_sweep_refuses_a_pipe_and_writes_no_plot(self):
        code, out, err = self.piped("sweep", "/dev/stdin", "--vary", "memory_pages=3..5")
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err, "mmusim sweep: /dev/stdin: a pipe, which cannot be read "
                         "twice; the trace is replayed once per run: give a regular file\n")
        self.assertEqual(self.files(), [])

    def test_run_reads_a_fifo_once(self):
        # a plain run reads it once: the trace header is not looked for in a
        # pipe (that read would take the first events away from the replay)
        fifo = self.fifo()
        with open(FORK_COW) as f:
            text = f.read()

        def feed():
            with open(fifo, "w") as w:
                w.write(text)
        feeder = threading.Thread(target=feed)
        feeder.start()
        r = mmusim("run", fifo, "--json", timeout=30)
        feeder.join(timeout=30)
        want = mmusim("run", FORK_COW, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.replace(fifo, "T"), want.stdout.replace(FORK_COW, "T"))


class HugeAccess(Case):
    """Found by the replay harness in an hour of fuzzing: under OPT a read of
    2^64 - 1 bytes announced every page up to the top of the address space
    to the policy before its first piece (which kills the process); OPT's
    pre-pass and mrc spent as long on the same line."""

    def test_opt_reads_past_the_page_table_at_once(self):
        trace = self.path("huge.trace")
        with open(trace, "w") as f:
            f.write("start 1\nswitch 1\nmap swap\nmap swap\n"
                    "r 0x600000000 0xffffffffffffffff\n")
        # 2^24 pages of arena: OPT's pre-pass recorded a use of each (17 s)
        for policy, arena in (("opt", 256), ("clock", 256), ("opt", 1 << 24)):
            with self.subTest(policy=policy, arena=arena):
                r = mmusim("run", trace, "--json", "--set", "page_size=4096",
                           "--set", "policy=" + policy,
                           "--set", "arena_pages=%d" % arena, timeout=10)
                self.assertEqual(r.returncode, 0, r.stderr)
                report = json.loads(r.stdout)
                # two pieces read the zero page; the third, past the
                # arena's two pages, kills the process
                self.assertEqual(report["accesses"]["reads"], 3)
                self.assertEqual(report["faults"]["invalid"], 1)
                self.assertEqual(report["processes"]["killed"], 1)

    def test_mrc_refuses_2_to_the_52_pages_at_once(self):
        trace = self.path("huge.trace")
        with open(trace, "w") as f:
            f.write("start 1\nswitch 1\nmap swap\nr 0x600000000 0xffffffffffffffff\n")
        r = mmusim("mrc", trace, "--set", "page_size=4096", "--no-plot", timeout=10)
        self.assertEqual((r.returncode, r.stdout), (2, ""))
        self.assertEqual(r.stderr, "mmusim mrc: %s:4: more than 4294967293 references\n" % trace)


class Lackey(Case):
    """Items 7 and 8: one lackey line of 6,666,666,666 bytes."""

    def setUp(self):
        super().setUp()
        self.big = self.path("big.lackey")
        with open(self.big, "w") as f:
            f.write("I 0,6666666666\n")

    def test_an_import_too_big_for_the_arena_says_so(self):
        for extra in ([], ["--set", "memory_pages=8"], ["--check"]):
            with self.subTest(extra=extra):
                r = mmusim("run", self.big, "--from", "lackey", *extra)
                self.assertEqual((r.returncode, r.stdout), (2, ""))
                self.assertEqual(r.stderr, "%s:1: the program touches more than 255 pages: "
                                 "the arena holds 256 (one of them the name page); raise "
                                 "arena_pages or page_size\n" % self.big)

    def test_check_costs_what_the_events_did(self):
        # 6,666,666,666 bytes are 101,726 pages of 65,536: a map and a read
        # each. A check of the whole state after every event made --check
        # quadratic (16 s instead of 0.2 s); a quarter of the line must now
        # cost about a quarter of the time, not a sixteenth.
        quarter = self.path("quarter.lackey")
        with open(quarter, "w") as f:
            f.write("I 0,1666666666\n")
        args = ["--from", "lackey", "--set", "arena_pages=200000", "--check"]
        small = min(cpu_seconds("run", quarter, *args) for _ in range(2))
        big = min(cpu_seconds("run", self.big, *args) for _ in range(2))
        self.assertLess(big, 8 * max(small, 0.01), "quarter %.2fs, whole %.2fs" % (small, big))

    def test_check_agrees_with_the_run(self):
        args = ["run", self.big, "--from", "lackey", "--set", "arena_pages=200000", "--json"]
        plain, checked = mmusim(*args), mmusim(*args, "--check")
        self.assertEqual(plain.returncode, 0, plain.stderr)
        self.assertEqual(checked.returncode, 0, checked.stderr)
        self.assertEqual(plain.stdout, checked.stdout)
        report = json.loads(plain.stdout)
        # the maps (the name page and pages 0 .. 6666666665 / 65536 =
        # 101725) are the import's set-up: the window starts after them,
        # at its reset (event 4 + 101726 + 2: the preamble, the maps, the
        # discard of the name page and the reset itself)
        self.assertEqual(report["maps"], {"ok": 0, "failed": 0})
        self.assertEqual(report["measurement"]["after_event"], 4 + 101726 + 2)
        self.assertEqual(report["accesses"]["reads"], 101726)


class Outputs(Case):
    """Item 8: an output that may not be written stays as it is; a full
    disk says ENOSPC, compressed or not."""

    def test_convert_keeps_a_read_only_output(self):
        out = self.path("out.trace")
        with open(out, "w") as f:
            f.write("keep me\n")
        os.chmod(out, 0o444)
        r = mmusim("convert", FORK_COW, out)
        self.assertEqual((r.returncode, r.stdout), (2, ""))
        self.assertEqual(r.stderr, "%s: Permission denied (the file is read-only)\n" % out)
        with open(out) as f:
            self.assertEqual(f.read(), "keep me\n")
        self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o444)
        self.assertEqual(self.files(), ["out.trace"])

    def test_convert_keeps_the_mode_of_what_it_replaces(self):
        out = self.path("out.trace")
        with open(out, "w") as f:
            f.write("old\n")
        os.chmod(out, 0o640)
        r = mmusim("convert", FORK_COW, out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o640)
        with open(out) as f:
            self.assertNotEqual(f.read(), "old\n")

    def test_a_full_disk_is_enospc_in_every_format(self):
        for name in ("full.trace", "full.trace.gz", "full.trace.zst", "full.btrace.gz"):
            with self.subTest(output=name):
                out = self.path(name)
                os.symlink("/dev/full", out)
                r = mmusim("convert", FORK_COW, out)
                self.assertEqual((r.returncode, r.stdout), (2, ""))
                self.assertEqual(r.stderr, "%s: write error: No space left on device\n" % out)


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(globals()[sys.argv[1]])
    sys.exit(0 if unittest.TextTestRunner(verbosity=2).run(suite).wasSuccessful() else 1)
