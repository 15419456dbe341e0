#!/usr/bin/env python3
"""Data-less replay from the command line (issue 12, item 3; docs/machine.md,
"Data-less replay").

Run by meson (tests/cli/meson.build) with MMUSIM set to the binary and
MMUSIM_SOURCE to the source tree. The counter-for-counter equality of every
policy on every shipped trace is tests/replay/test_dataless.c; this checks
what the options do and what a large memory costs.
"""
import os
import subprocess
import sys
import tempfile
import unittest

MMUSIM = os.environ.get("MMUSIM", "mmusim")
SOURCE = os.environ.get("MMUSIM_SOURCE",
                        os.path.join(os.path.dirname(__file__), "..", ".."))
TRACES = os.path.join(SOURCE, "traces")
CONFIGS = os.path.join(SOURCE, "configs")


def mmusim(*args, timeout=300):
    return subprocess.run([MMUSIM, *args], capture_output=True, text=True,
                          timeout=timeout)


def peak_rss_bytes(*args):
    """Peak resident memory of one run that must succeed, through
    /usr/bin/time's %M (KiB); a wrapper process of its own keeps the
    figure apart from earlier children's."""
    r = subprocess.run(["/usr/bin/time", "-f", "%M", MMUSIM, *args],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return int(r.stderr.strip().splitlines()[-1]) * 1024


class Options(unittest.TestCase):
    def test_text_read_is_refused_with_no_data(self):
        trace = os.path.join(TRACES, "demand-paging.trace")
        r = mmusim("run", trace, "--no-data")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stdout, "")
        self.assertEqual(r.stderr.strip(),
                         f"{trace}:19: `r ADDR \"TEXT\"` compares the bytes read, "
                         "and this replay is data-less (--no-data): replay it with "
                         "the data (run without --no-data; compare and sweep: "
                         "--check-data)")

    def test_no_shadow_replays_again_with_the_data(self):
        trace = os.path.join(TRACES, "demand-paging.trace")
        a = mmusim("run", trace, "--json")
        b = mmusim("run", trace, "--json", "--no-shadow")
        self.assertEqual(a.returncode, 0, a.stderr)
        self.assertEqual(b.returncode, 0, b.stderr)
        self.assertEqual(a.stdout, b.stdout)

    def test_no_data_with_write_files_is_refused(self):
        r = mmusim("run", os.path.join(TRACES, "belady.trace"), "--no-data",
                   "--write-files")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--write-files writes the pages' bytes; not with --no-data",
                      r.stderr)

    def test_belady_no_data_gives_the_golden_report(self):
        """The golden file was written by the same command with the bytes
        (tests/golden/meson.build), from the source tree."""
        r = subprocess.run([MMUSIM, "run", "traces/belady.trace", "--config",
                            "configs/fifo-4.json", "--json", "--set",
                            "memory_pages=4", "--no-data"], cwd=SOURCE,
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(SOURCE, "tests", "golden",
                               "belady-fifo-3-frames.json")) as f:
            self.assertEqual(r.stdout, f.read())

    def test_compare_checks_data_only_when_asked(self):
        trace = os.path.join(TRACES, "thrashing.trace")
        a = mmusim("compare", trace, os.path.join(CONFIGS, "default.json"),
                   os.path.join(CONFIGS, "fifo-4.json"), "--jobs", "1")
        b = mmusim("compare", trace, os.path.join(CONFIGS, "default.json"),
                   os.path.join(CONFIGS, "fifo-4.json"), "--jobs", "1",
                   "--check-data")
        self.assertEqual(a.returncode, 0, a.stderr)
        self.assertEqual(b.returncode, 0, b.stderr)
        self.assertEqual(a.stdout, b.stdout)


class LargeMemory(unittest.TestCase):
    def test_2_to_the_24_frames_cost_metadata_only(self):
        """2^24 frames of 64 KiB would be 1 TiB of bytes; data-less, the
        run holds the pager's and policy's tables: 16 bytes a frame
        (docs/performance.md), so well under 1 GiB."""
        with tempfile.TemporaryDirectory() as d:
            config = os.path.join(d, "big.json")
            with open(config, "w") as f:
                f.write('{"extends": "%s", "memory_pages": 16777216}'
                        % os.path.join(CONFIGS, "default.json"))
            trace = os.path.join(TRACES, "belady.trace")
            rss = peak_rss_bytes("run", trace, "--no-data", "--config", config)
            self.assertLess(rss, 1 << 30)
            # the largest page size: 16 TiB of frames
            small = os.path.join(d, "t.trace")
            with open(small, "w") as f:
                f.write('start 1\nmap swap\nmap swap\nw 0x600000000 "a.bin"\n'
                        'w 0x600100000 5000\nr 0x600000000 9\n')
            rss = peak_rss_bytes("run", small, "--no-data", "--config", config,
                                 "--set", "page_size=1048576")
            self.assertLess(rss, 1 << 30)


if __name__ == "__main__":
    case = sys.argv.pop(1) if len(sys.argv) > 1 else None
    suite = (unittest.defaultTestLoader.loadTestsFromTestCase(globals()[case])
             if case else unittest.defaultTestLoader.loadTestsFromModule(
                 sys.modules[__name__]))
    sys.exit(0 if unittest.TextTestRunner(verbosity=2).run(suite).wasSuccessful() else 1)
