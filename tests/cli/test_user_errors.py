#!/usr/bin/env python3
"""Errors that name their cause, the empty-import warning, and progress on
standard error only when it is a terminal (issue 17, item 5).

Run by meson with MMUSIM set to the binary. Progress is checked with a real
pseudo-terminal as standard error (MMUSIM_PROGRESS_DELAY_MS=0 so that even
a short job shows it), and with a pipe, where nothing may appear.
"""
import os
import pty
import subprocess
import sys
import tempfile
import unittest

MMUSIM = os.environ.get("MMUSIM", "mmusim")


def lackey(pages):
    """A lackey log storing 8 bytes to each of `pages` distinct 64 KiB pages."""
    return "".join(" S %x,8\n" % (0x10000000 + p * 65536) for p in range(pages))


class Base(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text):
        with open(os.path.join(self.dir, name), "w") as f:
            f.write(text)

    def run_mmusim(self, *args, env=None):
        return subprocess.run([MMUSIM, *args], cwd=self.dir, env=env,
                              capture_output=True, text=True, timeout=120)

    def run_on_terminal(self, *args):
        """Run with standard error on a pseudo-terminal; (status, stderr)."""
        master, slave = pty.openpty()
        env = dict(os.environ, MMUSIM_PROGRESS_DELAY_MS="0")
        p = subprocess.Popen([MMUSIM, *args], cwd=self.dir, env=env,
                             stdout=subprocess.DEVNULL, stderr=slave)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:      # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        os.close(master)
        return p.wait(timeout=120), b"".join(chunks).decode()


class Causes(Base):
    def test_arena_overflow_on_import(self):
        # 300 pages do not fit the default arena of 256 (one is the name
        # page): the importer says so at the first page too many.
        self.write("big.lackey", lackey(300))
        r = self.run_mmusim("run", "big.lackey", "--from", "lackey")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stdout, "")
        self.assertEqual(r.stderr,
                         "big.lackey:256: the program touches more than 255 "
                         "pages: the arena holds 256 (one of them the name "
                         "page); raise arena_pages or page_size\n")
        self.assertNotIn("no process is running", r.stderr)

    def test_page_size_mismatch_on_text_import(self):
        # Converted at 64 KiB pages, replayed with 4 KiB ones: the maps
        # return 4 KiB steps, so the third page's address (64 KiB * 2) was
        # never mapped; the fault kills the process, and the error at the
        # next access says so (lines: 4 of preamble, 20 maps, the discard
        # and the reset, then the accesses from line 27).
        self.write("big.lackey", lackey(20))
        r = self.run_mmusim("convert", "big.lackey", "big.trace",
                            "--from", "lackey", "-q")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.run_mmusim("run", "big.trace", "--set", "page_size=4096")
        self.assertEqual(r.returncode, 2)
        self.assertEqual("big.trace:29: w: no process is running: process 1 "
                         "was killed at line 28 by an invalid fault at "
                         "0x600020000 (not mapped, or a file read failed; was "
                         "the trace made for another page_size?); switch to one first\n", r.stderr)

    def test_outside_the_arena(self):
        self.write("t.trace", "start 1\nswitch 1\nr 0x500000000\nr 0x600000000\n")
        r = self.run_mmusim("run", "t.trace")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, "t.trace:4: r: no process is running: "
                         "process 1 was killed at line 3 by an invalid fault "
                         "at 0x500000000, outside its arena (was the trace "
                         "made for another page_size or arena_pages?); switch to one "
                         "first\n")

    def test_after_exit(self):
        self.write("t.trace", "start 1\nswitch 1\nmap swap\nexit\nr 0x600000000\n")
        r = self.run_mmusim("run", "t.trace")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, "t.trace:5: r: no process is running: "
                         "process 1 exited at line 4; switch to one first\n")

    def test_never_started(self):
        self.write("t.trace", "r 0x600000000\n")
        r = self.run_mmusim("run", "t.trace")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, "t.trace:1: r: no process is running "
                         "(after exit or a kill, switch to one first)\n")


class EmptyImport(Base):
    WARNING = ("warning: empty.lackey: no memory accesses in this lackey "
               "input (an empty file?)\n")

    def test_run_warns(self):
        self.write("empty.lackey", "")
        r = self.run_mmusim("run", "empty.lackey", "--from", "lackey")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stderr, "mmusim run: " + self.WARNING)

    def test_convert_warns(self):
        self.write("empty.lackey", "==1== only valgrind's banner\n")
        r = self.run_mmusim("convert", "empty.lackey", "e.trace", "--from",
                            "lackey", "-q")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stderr, "mmusim convert: " + self.WARNING)

    def test_one_access_is_not_empty(self):
        self.write("one.lackey", " L 1000,4\n")
        r = self.run_mmusim("run", "one.lackey", "--from", "lackey")
        self.assertEqual((r.returncode, r.stderr), (0, ""))


class Progress(Base):
    def setUp(self):
        super().setUp()
        self.write("big.lackey", lackey(200) * 60)    # 12,000 accesses
        self.write("t.trace", "start 1\nswitch 1\nmap swap\nw 0x600000000\nexit\n")

    def test_convert_on_a_terminal(self):
        code, err = self.run_on_terminal("convert", "big.lackey", "b.trace",
                                         "--from", "lackey", "-q")
        self.assertEqual(code, 0, err)
        # Noted in place, then erased: the terminal ends clean.
        self.assertIn("\r\x1b[Kmmusim convert: 4,096 events from big.lackey", err)
        self.assertTrue(err.endswith("\r\x1b[K"), repr(err[-80:]))

    def test_compare_and_sweep_on_a_terminal(self):
        code, err = self.run_on_terminal("sweep", "t.trace", "--vary",
                                         "memory_pages=4..6")
        self.assertEqual(code, 0, err)
        self.assertIn("\r\x1b[Kmmusim sweep: 1 of 3 runs done", err)
        # erased before sweep's own last line
        self.assertIn("runs done\r\x1b[Kmmusim sweep: wrote sweep.svg", err)
        self.write("a.json", '{"memory_pages": 4}')
        self.write("b.json", '{"memory_pages": 5}')
        code, err = self.run_on_terminal("compare", "t.trace", "a.json", "b.json")
        self.assertEqual(code, 0, err)
        self.assertIn("\r\x1b[Kmmusim compare: ", err)
        self.assertIn(" of 2 runs done", err)

    def test_quiet_when_not_a_terminal(self):
        env = dict(os.environ, MMUSIM_PROGRESS_DELAY_MS="0")
        r = self.run_mmusim("convert", "big.lackey", "b.trace", "--from",
                            "lackey", "-q", env=env)
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        r = self.run_mmusim("sweep", "t.trace", "--vary", "memory_pages=4..6",
                            env=env)
        self.assertEqual((r.returncode, r.stderr),
                         (0, "mmusim sweep: wrote sweep.svg and sweep.png\n"))


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]] + sys.argv[1:], verbosity=2)
