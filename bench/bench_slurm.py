#!/usr/bin/env python3
"""What Slurm costs a sweep: the same grid run locally and through the
one-node cluster of scripts/slurm-up (`--slurm DIR --wait`) at several
--chunk sizes; the overhead per run and in per cent of the local time,
and the smallest chunk that keeps it under 10 %. docs/performance.md has
the figures.

    scripts/slurm-up && export SLURM_CONF=/tmp/mmusim-slurm/slurm.conf
    bench/bench_slurm.py [build/mmusim] [--repeat N]

The local sweep uses every core (--jobs = nproc) and Slurm gets the same
cores (one CPU per task), so the difference is Slurm's: submission,
scheduling, starting each task, the result files, and --wait's polling
(a quarter of a second). Each time is the best of --repeat runs (default
2): the machine may be shared.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)


def timed(args, cwd):
    start = time.monotonic()
    r = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if r.returncode != 0:
        sys.exit("bench_slurm: %s: exit %d\n%s" % (" ".join(args),
                                                     r.returncode, r.stderr))
    return seconds, r.stdout


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("mmusim", nargs="?",
                   default=os.path.join(SOURCE, "build", "mmusim"))
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--chunks", default="1,2,4,8,16,32")
    p.add_argument("--vary", default="memory_pages=4..128:4")
    a = p.parse_args()
    mmusim = os.path.abspath(a.mmusim)
    grid = [os.path.join(SOURCE, "traces", "real", "sort.trace.zst"),
            "--config", os.path.join(SOURCE, "configs", "default.json"),
            "--vary", a.vary, "--policies", "fifo,lru",
            "--no-plot"]
    cores = os.cpu_count() or 1
    work = tempfile.mkdtemp(prefix="mmusim-bench-slurm-")
    try:
        local, want = min(timed([mmusim, "sweep", *grid, "--jobs",
                                 str(cores)], work)
                          for _ in range(a.repeat))
        runs = len(want.splitlines()) - 1   # the table's rows
        print("grid: sort.trace.zst, %s x fifo,lru = %d runs; %d cores"
              % (a.vary, runs, cores))
        print("local sweep: %.2f s (%.0f ms a run)" % (local,
                                                      1000 * local / runs))
        print("%5s  %5s  %8s  %16s  %8s" % ("chunk", "tasks", "seconds",
                                           "overhead/run ms", "overhead"))
        best = None
        n = 0
        for chunk in [int(c) for c in a.chunks.split(",")]:
            times = []
            for _ in range(a.repeat):
                n += 1
                seconds, out = timed([mmusim, "sweep", *grid, "--slurm",
                                      "d%d" % n, "--chunk", str(chunk),
                                      "--wait"], work)
                if out != want:
                    sys.exit("bench_slurm: chunk %d: not the local output"
                             % chunk)
                times.append(seconds)
                # the merge job, untimed, before the next measurement
                merge = os.path.join(work, "d%d" % n, "merge.out")
                for _ in range(240):
                    if os.path.exists(merge) and os.path.getsize(merge):
                        break
                    time.sleep(0.25)
            t = min(times)
            over = (t - local) / local
            print("%5d  %5d  %8.2f  %16.0f  %7.1f%%" % (
                chunk, -(-runs // chunk), t, 1000 * (t - local) / runs,
                100 * over))
            if best is None and over < 0.10:
                best = chunk
        print("smallest chunk under 10 %%: %s" % (best if best else
                                                   "none of these"))
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
