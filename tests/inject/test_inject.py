#!/usr/bin/env python3
"""Failing disks and scarce memory, end to end (issue 11; docs/testing.md).

Run by meson (tests/inject/meson.build) with MMUSIM set to the binary and
MMUSIM_INJECT to the LD_PRELOAD shim (inject.c); the argument names one
TestCase class. Each case fails one read, write, fsync or rename of the
files a command works on, with EIO or ENOSPC, and checks the exit status
(2), the message, that nothing was printed as a result, and that every
file of the output folder is as it was (the same names, bytes and modes:
no half-written file, no temporary file left behind). The shim's own log
line proves the failure happened where the case says.
"""
import hashlib
import os
import re
import resource
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

MMUSIM = os.environ.get("MMUSIM", "mmusim")
SHIM = os.environ.get("MMUSIM_INJECT", "")
SOURCE = os.environ.get("MMUSIM_SOURCE",
                        os.path.join(os.path.dirname(__file__), "..", ".."))

EIO = os.strerror(5)        # "Input/output error"
ENOSPC = os.strerror(28)    # "No space left on device"

# Two usable frames: line 6 reads block 0 of x.bin, line 9 evicts the swap
# page of line 4, line 10 evicts the dirty file page: the write-back.
WRITE_BACK_TRACE = """\
start 1
switch 1
map swap => 0x600000000
w 0x600000000 "x.bin"
map file 0x600000000 0
w 0x600001000 "written by the run"
map swap
map swap
w 0x600002000 1
w 0x600003000 1
exit
"""
SMALL = ["--set", "page_size=4096", "--set", "memory_pages=3"]


def snapshot(folder):
    """Every file under folder: name -> (sha256, mode)."""
    seen = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
            seen[os.path.relpath(path, folder)] = (
                digest, stat.S_IMODE(os.lstat(path).st_mode))
    return seen


def mmusim(args, fail=None, path=None, cwd=None, limit=None, stdin=None):
    """Run mmusim, under the shim when `fail` is given ("write:1:ENOSPC")."""
    env = dict(os.environ)
    if fail:
        env.update(LD_PRELOAD=SHIM, MMUSIM_FAIL=fail, MMUSIM_FAIL_LOG="1")
        if path:
            env["MMUSIM_FAIL_PATH"] = path

    def limited():
        if limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return subprocess.run([MMUSIM, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=240,
                          preexec_fn=limited, stdin=stdin)


def split_log(stderr):
    """(the shim's lines, mmusim's own lines)."""
    lines = stderr.splitlines()
    return ([l for l in lines if l.startswith("inject: ")],
            [l for l in lines if not l.startswith("inject: ")])


class InjectCase(unittest.TestCase):
    def setUp(self):
        self.assertTrue(os.path.exists(SHIM), "MMUSIM_INJECT: no shim at %r" % SHIM)
        self.dir = tempfile.mkdtemp(prefix="mmusim-inject-")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def write(self, name, text, mode=None):
        p = self.path(name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)
        if mode is not None:
            os.chmod(p, mode)
        return p

    def assert_failed(self, r, call, message, folder, before):
        """Exit 2, the injected failure logged by the shim, exactly
        `message` from mmusim, nothing on stdout, folder unchanged."""
        shim, own = split_log(r.stderr)
        self.assertTrue(any(l.startswith("inject: " + call) and l.endswith(" FAILED")
                            for l in shim), r.stderr)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertEqual(own, [message])
        self.assertEqual(r.stdout, "")
        self.assertEqual(snapshot(folder), before)


class RunWriteFiles(InjectCase):
    """run --write-files: a write-back or read the host fails stops the run
    with exit 2, the file and block named, no report; the data file and
    its folder stay as they were."""

    def setUp(self):
        super().setUp()
        self.trace = self.write("in/t.trace", WRITE_BACK_TRACE)
        self.data = self.write("in/x.bin", "inside, as it was")
        self.folder = self.path("in")

    def test_without_failure_the_page_is_written_back(self):
        r = mmusim(["run", self.trace, "--write-files", *SMALL])
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(self.data) as f:
            self.assertEqual(f.read(4096).rstrip("\0"), "written by the run")

    def check_write_back(self, err, text, extra):
        before = snapshot(self.folder)
        r = mmusim(["run", self.trace, "--write-files", *SMALL, *extra],
                   fail="write:1:" + err, path="x.bin")
        self.assert_failed(r, "pwrite #1 " + self.data, "%s:10: writing back block 0 of %s "
                           "failed: %s; the page's data is lost, the run stops"
                           % (self.trace, self.data, text), self.folder, before)

    def test_write_back_eio(self):
        self.check_write_back("EIO", EIO, [])

    def test_write_back_enospc_without_shadow(self):
        self.check_write_back("ENOSPC", ENOSPC, ["--no-shadow"])

    def test_write_back_json(self):
        self.check_write_back("EIO", EIO, ["--json"])

    def test_read_of_the_data_file(self):
        before = snapshot(self.folder)
        r = mmusim(["run", self.trace, "--write-files", *SMALL], fail="read:1:EIO",
                   path="x.bin")
        self.assert_failed(r, "pread #1 " + self.data, "%s:6: reading block 0 of %s failed: "
                           "%s; the run stops" % (self.trace, self.data, EIO),
                           self.folder, before)

    def test_read_of_the_trace(self):
        before = snapshot(self.folder)
        r = mmusim(["run", self.trace, "--write-files", *SMALL], fail="read:1:EIO",
                   path="t.trace")
        self.assert_failed(r, "read #1 " + self.trace, "%s: read error: %s"
                           % (self.trace, EIO), self.folder, before)


class PastTheEnd(InjectCase):
    """A block past a data file's end reads as zeroes without reading the
    file (its size is known at open: issue 12, item 6): with every read of
    the file failing, such a read still succeeds, with the shadow on and
    data-less; a block inside it does read, and fails."""

    def setUp(self):
        super().setUp()
        self.data = self.write("in/x.bin", "one page of text")

    def trace(self, block):
        return self.write("in/t.trace", "start 1\nmap swap\nw 0x600000000 \"x.bin\"\n"
                          "map file 0x600000000 %d => 0x600001000\n"
                          "r 0x600001000 8\nr 0x600001010 8\n" % block)

    def test_past_the_end_reads_nothing(self):
        trace = self.trace(3)
        for extra in ([], ["--no-data"]):
            r = mmusim(["run", trace, "--json", *SMALL, *extra], fail="read:1+:EIO",
                       path="x.bin")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(split_log(r.stderr)[0], [])  # no read of x.bin at all
            self.assertIn('"file_reads":\t1', r.stdout)  # but one block read, counted

    def test_inside_the_file_reads_it(self):
        trace = self.trace(0)
        r = mmusim(["run", trace, *SMALL], fail="read:1+:EIO", path="x.bin")
        self.assertEqual(r.returncode, 2)
        self.assertIn("inject: pread #1 " + self.data + " FAILED", r.stderr)


class Convert(InjectCase):
    """convert: a failed write, fsync or rename of the output, in every
    output format, leaves the old output whole and no temporary file."""

    OUTPUTS = ["out.trace", "out.trace.gz", "out.trace.zst", "out.btrace"]

    def setUp(self):
        super().setUp()
        self.src = os.path.join(SOURCE, "traces", "fork-cow.trace")
        self.out = self.path("out")
        os.makedirs(self.out)
        for name in self.OUTPUTS:
            self.write(os.path.join("out", name), "the old " + name + "\n")

    def check(self, fail, call, why):
        for name in self.OUTPUTS:
            with self.subTest(output=name, fail=fail):
                target = os.path.join(self.out, name)
                before = snapshot(self.out)
                r = mmusim(["convert", self.src, target], fail=fail, path=self.out)
                self.assert_failed(r, call, why % target, self.out, before)

    def test_without_failure_every_output_is_replaced(self):
        for name in self.OUTPUTS:
            r = mmusim(["convert", self.src, os.path.join(self.out, name)])
            self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(snapshot(self.out)), sorted(self.OUTPUTS))
        for name in self.OUTPUTS:
            with open(os.path.join(self.out, name), "rb") as f:
                self.assertNotIn(b"the old", f.read())

    def test_full_disk_on_write(self):
        self.check("write:1:ENOSPC", "write #1", "%s: write error: " + ENOSPC)

    def test_io_error_on_write(self):
        self.check("write:1:EIO", "write #1", "%s: write error: " + EIO)

    def test_io_error_on_fsync(self):
        self.check("fsync:1:EIO", "fsync #1", "%s: cannot write: " + EIO)

    def test_full_disk_on_fsync(self):
        self.check("fsync:1:ENOSPC", "fsync #1", "%s: cannot write: " + ENOSPC)

    def test_io_error_on_rename(self):
        self.check("rename:1:EIO", "rename #1",
                   "%s: cannot put the new file in place: " + EIO)


class Sweep(InjectCase):
    """sweep --out: the SVG and the PNG are placed together or not at all;
    the table is not printed when they cannot be."""

    def setUp(self):
        super().setUp()
        self.assertIsNotNone(shutil.which("rsvg-convert"),
                             "rsvg-convert (librsvg2-bin, scripts/setup) is needed")
        self.out = self.path("plots")
        self.write("plots/p.svg", "<svg>the old plot</svg>\n")
        self.write("plots/p.png", "the old picture\n")
        self.args = ["sweep", os.path.join(SOURCE, "traces", "belady.trace"),
                     "--vary", "memory_pages=3..5", "--out", os.path.join(self.out, "p")]

    def check(self, fail, call, name, why):
        before = snapshot(self.out)
        r = mmusim(self.args, fail=fail, path=self.out)
        self.assert_failed(r, call, "mmusim sweep: %s: %s"
                           % (os.path.join(self.out, name), why), self.out, before)

    def test_without_failure_both_are_replaced(self):
        r = mmusim(self.args)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotEqual(r.stdout, "")
        files = snapshot(self.out)
        self.assertEqual(sorted(files), ["p.png", "p.svg"])
        with open(os.path.join(self.out, "p.png"), "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")

    def test_svg_write(self):
        self.check("write:1:ENOSPC", "write #1", "p.svg", "cannot write: " + ENOSPC)

    def test_svg_fsync(self):
        self.check("fsync:1:EIO", "fsync #1", "p.svg", "cannot write: " + EIO)

    def test_png_fsync(self):
        self.check("fsync:2:EIO", "fsync #2", "p.png", "cannot write: " + EIO)

    def test_svg_rename(self):
        self.check("rename:1:EIO", "rename #1", "p.svg",
                   "cannot put the new file in place: " + EIO)

    def test_png_rename_after_the_svg_was_placed(self):
        # the SVG is in place when the PNG's rename fails: it gets its old
        # self back
        self.check("rename:2:EIO", "rename #2", "p.png",
                   "cannot put the new file in place: " + EIO)


class Viz(InjectCase):
    """viz --headless --screenshot: the old picture stays whole."""

    def setUp(self):
        super().setUp()
        self.out = self.path("shots")
        self.shot = self.write("shots/shot.png", "the old picture\n")
        self.args = ["viz", os.path.join(SOURCE, "traces", "fork-cow.trace"),
                     "--headless", "--screenshot", self.shot]

    def check(self, fail, call, why):
        before = snapshot(self.out)
        r = mmusim(self.args, fail=fail, path=self.out)
        self.assert_failed(r, call, "mmusim viz: %s: %s" % (self.shot, why), self.out, before)

    def test_without_failure_the_picture_is_replaced(self):
        r = mmusim(self.args)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(self.shot, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")

    def test_full_disk(self):
        self.check("write:1:ENOSPC", "write #1", "cannot write: " + ENOSPC)

    def test_fsync(self):
        self.check("fsync:1:EIO", "fsync #1", "cannot write: " + EIO)

    def test_rename(self):
        self.check("rename:1:EIO", "rename #1", "cannot put the new file in place: " + EIO)


GIB = 1 << 30


class Memory(unittest.TestCase):
    """Under a 1 GiB address-space limit: per-process state grows with the
    pages mapped, not with arena_pages; what cannot be had is exit 2 with
    the key or the process named, never an abort."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="mmusim-memory-")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def trace(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_a_huge_arena_costs_what_is_mapped(self):
        fork_cow = os.path.join(SOURCE, "traces", "fork-cow.trace")
        small = mmusim(["run", fork_cow, "--json"], limit=GIB)
        huge = mmusim(["run", fork_cow, "--json", "--set", "arena_pages=4294967295"],
                      limit=GIB)
        self.assertEqual(small.returncode, 0, small.stderr)
        self.assertEqual(huge.returncode, 0, huge.stderr)
        # the same run: only the configuration's arena_pages line differs
        diff = [(a, b) for a, b in zip(small.stdout.splitlines(), huge.stdout.splitlines())
                if a != b]
        self.assertEqual(len(diff), 1, diff)
        self.assertIn('"arena_pages":\t4294967295', diff[0][1])

    def test_twenty_thousand_forks_of_a_big_arena(self):
        path = self.trace("forks.trace", "start 1\nmap swap\nw 0x600000000 8\n" +
                          "".join("fork 1 %d\n" % c for c in range(2, 20002)) +
                          "switch 20001\nr 0x600000000 8\n")
        r = mmusim(["run", path, "--set", "arena_pages=65536", "--set", "swap_blocks=20001"],
                   limit=GIB)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"\ncreates\s+20,001\s+failed\s+0\n")

    def test_page_tables_that_cannot_be_had(self):
        # 65,535 pages in the parent, then forks until memory runs out:
        # fork of child c is line 65537 + c
        path = self.trace("big.trace", "start 1\nmap swap\nw 0x600000000 \"d.bin\"\n" +
                          "map file 0x600000000 0\n" * 65535 +
                          "".join("fork 1 %d\n" % c for c in range(2, 20002)))
        for shadow in ([], ["--no-shadow"]):
            with self.subTest(shadow=shadow):
                r = mmusim(["run", path, *shadow, "--set", "arena_pages=65536",
                            "--set", "page_size=256", "--set", "swap_blocks=20001"],
                           limit=GIB)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertEqual(r.stdout, "")
                m = re.fullmatch(re.escape(path) + r":(\d+): out of memory for the (?:shadow )?page "
                                 r"table of process (\d+) \(65536 entries\); the run stops\n",
                                 r.stderr)
                self.assertIsNotNone(m, r.stderr)
                self.assertEqual(int(m.group(1)), 65537 + int(m.group(2)))

    def test_swap_blocks_names_the_key(self):
        r = mmusim(["run", os.path.join(SOURCE, "traces", "fork-cow.trace"),
                    "--set", "swap_blocks=4294967295"], limit=GIB)
        self.assertEqual((r.returncode, r.stdout, r.stderr),
                         (2, "", "swap_blocks: out of memory for 4294967295 blocks\n"))


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(globals()[sys.argv[1]])
    sys.exit(0 if unittest.TextTestRunner(verbosity=2).run(suite).wasSuccessful() else 1)
