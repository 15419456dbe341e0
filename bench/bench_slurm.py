#!/usr/bin/env python3
"""What Slurm costs a sweep: the same grid run locally and through the
one-node cluster of scripts/slurm-up (`--slurm DIR --wait`) at several
--chunk sizes; the overhead per run and in per cent of the local time,
and the smallest chunk that keeps it under 10 %. docs/performance.md has
the figures.

    scripts/slurm-up && export SLURM_CONF=/tmp/mmusim-slurm/slurm.conf
    bench/bench_slurm.py [build/mmusim] [--repeat N] [--chunks 1,4,...]
                         [--vary memory_pages=4..128:4]

The local sweep uses every core (--jobs = nproc) and Slurm gets the same
cores (one CPU per task), so the difference is Slurm's: submission,
scheduling, starting each task, the result files, and --wait's polling
(a quarter of a second). For each chunk size the local sweep and the
Slurm one run in turns, --repeat times (default 3), and the best of each
counts: the machine may be shared, and its load then hits both alike.
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
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--chunks", default="1,4,8,16,32,64")
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
        local_args = [mmusim, "sweep", *grid, "--jobs", str(cores)]
        _, want = timed(local_args, work)
        runs = len(want.splitlines()) - 1   # the table's rows
        print("grid: sort.trace.zst, %s x fifo,lru = %d runs; %d cores"
              % (a.vary, runs, cores))
        print("%5s  %5s  %8s  %8s  %16s  %8s" % (
            "chunk", "tasks", "local s", "slurm s", "overhead/run ms",
            "overhead"))
        best = None
        n = 0
        for chunk in [int(c) for c in a.chunks.split(",")]:
            # local and Slurm in turns, the best of each: a shared
            # machine's load hits both alike
            local_times, times = [], []
            for _ in range(a.repeat):
                local_times.append(timed(local_args, work)[0])
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
            local, t = min(local_times), min(times)
            over = (t - local) / local
            print("%5d  %5d  %8.2f  %8.2f  %16.0f  %7.1f%%" % (
                chunk, -(-runs // chunk), local, t,
                1000 * (t - local) / runs, 100 * over), flush=True)
            if best is None and over < 0.10:
                best = chunk
        print("smallest chunk under 10 %%: %s" % (best if best else
                                                   "none of these"))
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
