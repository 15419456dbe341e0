#!/usr/bin/env python3
"""The `slurm` suite: sweep and compare through a real one-node Slurm
cluster (scripts/slurm-up), against the same commands run locally.

Run by meson with MMUSIM (the binary) and MMUSIM_SOURCE; SLURM_CONF
defaults to scripts/slurm-up's /tmp/mmusim-slurm/slurm.conf. If the
cluster does not answer, every test FAILS: this suite never skips.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

MMUSIM = os.environ.get("MMUSIM", "mmusim")
SOURCE = os.environ.get("MMUSIM_SOURCE",
                        os.path.join(os.path.dirname(__file__), "..", ".."))
os.environ.setdefault("SLURM_CONF", "/tmp/mmusim-slurm/slurm.conf")
TRACE = os.path.join(SOURCE, "traces", "belady.trace")
CONFIG = os.path.join(SOURCE, "configs", "fifo-4.json")
SWEEP = ["sweep", TRACE, "--config", CONFIG, "--vary", "memory_pages=3..7",
         "--policies", "fifo,lru,opt,clock"]          # 20 runs


def run(*args, cwd=None, timeout=300):
    return subprocess.run(list(args), cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def mmusim(*args, cwd=None):
    return run(MMUSIM, *args, cwd=cwd)


class Cluster(unittest.TestCase):
    def setUp(self):
        info = run("sinfo", "--noheader", "--format=%T", timeout=30)
        self.assertEqual(info.returncode, 0,
                         "Slurm does not answer (scripts/slurm-up; SLURM_CONF=%s): %s"
                         % (os.environ["SLURM_CONF"], info.stderr))
        self.assertIn(info.stdout.strip(), ("idle", "mixed", "allocated"))
        self.dir = tempfile.mkdtemp(prefix="mmusim-slurm-")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def local(self, *args):
        r = mmusim(*args, cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def jobs(self, grid):
        with open(os.path.join(self.dir, grid, "jobs")) as f:
            return [line.split() for line in f]

    def wait_file(self, path, seconds=120):
        end = time.time() + seconds
        while time.time() < end:
            if os.path.exists(path) and os.path.getsize(path) > 0:
                time.sleep(0.5)   # the merge job is done writing
                return
            time.sleep(0.25)
        self.fail("%s did not appear in %d s" % (path, seconds))

    def wait_gone(self, job, seconds=120):
        end = time.time() + seconds
        while time.time() < end:
            q = run("squeue", "--noheader", "--format=%i", "--jobs", job)
            if q.returncode != 0 or not q.stdout.strip():
                return
            time.sleep(0.25)
        self.fail("job %s still queued after %d s" % (job, seconds))


class SlurmSweep(Cluster):
    """--wait prints what the local sweep prints, byte for byte (table,
    JSON, CSV, the plot), and so does the merge job; 20 runs of chunk 1
    on a cluster whose MaxArraySize is 16 make two job arrays."""

    def test_same_bytes(self):
        for fmt in ([], ["--json"], ["--csv"]):
            name = "g" + "".join(fmt).replace("-", "")
            want = self.local(*SWEEP, *fmt, "--out", name + "-local")
            r = mmusim(*SWEEP, *fmt, "--out", name, "--slurm", name,
                       "--wait", cwd=self.dir)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, want)
            self.assertIn("20 of 20 runs done", r.stderr)
            with open(os.path.join(self.dir, name + ".svg")) as a, \
                    open(os.path.join(self.dir, name + "-local.svg")) as b:
                self.assertEqual(a.read(), b.read().replace(
                    name + "-local", name))
            merge = os.path.join(self.dir, name, "merge.out")
            self.wait_file(merge)
            with open(merge) as f:   # stdout and stderr, one file
                self.assertEqual("".join(
                    line for line in f
                    if not line.startswith("mmusim sweep: wrote")), want)
            results = os.listdir(os.path.join(self.dir, name, "results"))
            self.assertEqual(sorted(results),
                             sorted("%d.json" % t for t in range(20)))
        arrays = [j for j in self.jobs("g") if j[0] == "array"]
        self.assertEqual([(a[2], a[3]) for a in arrays],
                         [("0", "0-15"), ("16", "0-3")])
        # --collect afterwards: the same again
        r = mmusim("sweep", "--collect", os.path.join(self.dir, "gcsv"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, self.local(*SWEEP, "--csv", "--no-plot"))

    def test_chunks(self):
        want = self.local(*SWEEP, "--no-plot")
        r = mmusim(*SWEEP, "--no-plot", "--slurm", "c", "--chunk", "6",
                   "--max-running", "1", "--wait", cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, want)
        self.assertEqual(sorted(os.listdir(os.path.join(self.dir, "c", "results"))),
                         ["0.json", "1.json", "2.json", "3.json"])
        with open(os.path.join(self.dir, "c", "results", "3.json")) as f:
            self.assertEqual([run["run"] for run in json.load(f)["runs"]],
                             [18, 19])
        self.assertEqual(self.jobs("c")[0][3], "0-3")


class SlurmCompare(Cluster):
    """compare --slurm: the same code path, the same bytes."""

    def test_same_bytes(self):
        configs = [os.path.join(SOURCE, "configs", c) for c in
                   ("fifo-4.json", "lru-4.json", "opt-4.json")]
        for fmt in ([], ["--json"], ["--csv"]):
            want = self.local("compare", TRACE, *configs, *fmt)
            name = "c" + "".join(fmt).replace("-", "")
            r = mmusim("compare", TRACE, *configs, *fmt, "--slurm", name,
                       "--wait", cwd=self.dir)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, want)
        r = mmusim("sweep", "--collect", os.path.join(self.dir, "c"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("holds a compare: mmusim compare --collect", r.stderr)


class SlurmCancel(Cluster):
    """A cancelled task leaves no result; --collect names it and exits 1;
    --resume runs only it again, and then the output is the local one."""

    def test_cancel_collect_resume(self):
        want = self.local(*SWEEP, "--no-plot", "--json")
        r = mmusim(*SWEEP, "--no-plot", "--json", "--slurm", "k", "--chunk",
                   "4", "--sbatch-arg=--hold", cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "")
        (array, first, indices), (merge,) = [j[1:] for j in self.jobs("k")]
        self.assertEqual((first, indices), ("0", "0-4"))
        c = run("scancel", array + "_2")
        self.assertEqual(c.returncode, 0, c.stderr)
        c = run("scontrol", "release", array)
        self.assertEqual(c.returncode, 0, c.stderr)
        self.wait_gone(array)
        grid = os.path.join(self.dir, "k")
        self.assertEqual(sorted(os.listdir(os.path.join(grid, "results"))),
                         ["0.json", "1.json", "3.json", "4.json"])

        r = mmusim("sweep", "--collect", grid)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, "")
        self.assertIn("1 of 5 tasks have no result: task 2 "
                      "(memory_pages=5, policy fifo, ...)", r.stderr)
        self.assertIn("'mmusim sweep --resume %s' runs them again" % grid,
                      r.stderr)

        # a stale result file (from another task) is refused, not used
        shutil.copy(os.path.join(grid, "results", "3.json"),
                    os.path.join(grid, "results", "2.json"))
        r = mmusim("sweep", "--collect", grid)
        self.assertEqual(r.returncode, 1)
        self.assertIn("results/2.json: the result of another task: refused",
                      r.stderr)
        os.remove(os.path.join(grid, "results", "2.json"))

        # --hold is kept for the resubmission too: release it by hand
        r = mmusim("sweep", "--resume", grid)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("4 runs in 1 tasks", r.stderr)
        jobs = self.jobs("k")
        self.assertEqual([j[0] for j in jobs], ["array", "merge", "array", "merge"])
        self.assertEqual(jobs[2][2:], ["0", "2"])   # only task 2
        # the first merge job waited for task 2 for ever: cancelled
        self.wait_gone(merge)
        c = run("scontrol", "release", jobs[2][1], jobs[3][1])
        self.assertEqual(c.returncode, 0, c.stderr)
        self.wait_file(os.path.join(grid, "merge.out"))
        with open(os.path.join(grid, "merge.out")) as f:
            self.assertEqual(f.read(), want)
        r = mmusim("sweep", "--collect", grid)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, want)
        r = mmusim("sweep", "--resume", grid)
        self.assertEqual(r.returncode, 0)
        self.assertIn("every task has its result; nothing to resume", r.stderr)


class SlurmErrors(Cluster):
    """Refusals before anything is submitted."""

    def test_errors(self):
        r = mmusim(*SWEEP, "--no-plot", "--slurm", "e", "--chunk", "0",
                   cwd=self.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--chunk needs a number from 1 to 4096", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "e")))
        r = mmusim(*SWEEP, "--no-plot", "--slurm", "e",
                   "--sbatch-arg=--partition=nowhere", cwd=self.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn("sbatch: exit status 1", r.stderr)
        r = mmusim(*SWEEP, "--no-plot", "--slurm", "e", cwd=self.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn("holds a sweep already", r.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], *sys.argv[1:]], verbosity=2)
