#!/usr/bin/env python3
"""bench/bench_policies.py: the replacement policies' hot paths through
`mmusim run` (docs/performance.md, "Replacement-policy hot paths").

Writes three page lists (a fixed generator), imports each to a binary
trace with 4 KiB pages (`mmusim convert --from pages`), and replays it
with every policy asked for, data shadow off; prints each run's misses
and the least CPU time (user + system, from os.wait4) of --repeat runs,
and the time per request. CPU time, not elapsed: the development box is
shared, and elapsed times swing twofold there.

  zipf: Zipf(0.9) over --pages pages, --frames frames (misses and hits)
  loop: 0 1 .. --pages-1 over and over, --frames frames (LRU misses always)
  hot:  Zipf(0.9) over 2 x --frames pages with every page resident
        (after the first touches, every request a hit: the hit path)

Usage: bench_policies.py MMUSIM [--refs N] [--pages N] [--frames N]
                         [--policies a,b] [--repeat R] [--keep DIR]
"""
import argparse
import bisect
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile


def zipf_list(n, pages, skew, seed):
    rng = random.Random(seed)
    weights = [1 / (i + 1) ** skew for i in range(pages)]
    total, acc, cdf = sum(weights), 0.0, []
    for w in weights:
        acc += w
        cdf.append(acc / total)
    names = list(range(pages))
    rng.shuffle(names)  # popularity is not page order
    return (names[min(bisect.bisect_left(cdf, rng.random()), pages - 1)] for _ in range(n))


def write_list(path, refs):
    with open(path, "w") as f:
        chunk = []
        for r in refs:
            chunk.append(str(r))
            if len(chunk) == 100000:
                f.write("\n".join(chunk) + "\n")
                chunk = []
        if chunk:
            f.write("\n".join(chunk) + "\n")


def settings(frames, arena):
    return ["--set", "page_size=4096", "--set", f"arena_pages={arena}",
            "--set", f"swap_blocks={arena}", "--set", f"memory_pages={frames + 1}",
            "--no-shadow"]


def run_once(mmusim, trace, policy, extra):
    cmd = [mmusim, "run", trace, "--set", f"policy={policy}", "--json"] + extra
    before = os.times()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    after = os.times()
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {proc.returncode}: {proc.stderr.strip()}")
    cpu = (after.children_user - before.children_user) + \
          (after.children_system - before.children_system)
    report = json.loads(proc.stdout)
    return cpu, report["trace"]["events"], report["misses"]["total"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mmusim")
    ap.add_argument("--refs", type=int, default=2000000)
    ap.add_argument("--pages", type=int, default=100000)
    ap.add_argument("--frames", type=int, default=10000)
    ap.add_argument("--policies", default="fifo,lru,sieve,opt")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", help="folder for the traces (kept; reused if there)")
    a = ap.parse_args()
    folder = a.keep or tempfile.mkdtemp(prefix="mmusim-bench-policies-")
    os.makedirs(folder, exist_ok=True)
    arena = 2 * max(a.pages, 2 * a.frames)
    lists = {
        "zipf": (lambda: zipf_list(a.refs, a.pages, 0.9, 7), a.frames),
        "loop": (lambda: (i % a.pages for i in range(a.refs)), a.frames),
        "hot": (lambda: zipf_list(a.refs, 2 * a.frames, 0.9, 7), 2 * a.frames + 1),
    }
    try:
        print(f"{a.refs} references, 4 KiB pages, shadow off; "
              f"least CPU time of {a.repeat} runs")
        print(f"{'trace':6} {'policy':16} {'frames':>7} {'misses':>9} {'CPU s':>7} {'ns/request':>10}")
        for name, (refs, frames) in lists.items():
            text = os.path.join(folder, name + ".txt")
            trace = os.path.join(folder, name + ".btrace")
            if not os.path.exists(trace):
                write_list(text, refs())
                subprocess.run([a.mmusim, "convert", text, trace, "--from", "pages",
                                "--page-size", "4096", "--arena-pages", str(arena),
                                "--to", "binary"], check=True, capture_output=True)
            for policy in a.policies.split(","):
                runs = [run_once(a.mmusim, trace, policy, settings(frames, arena))
                        for _ in range(a.repeat)]
                cpu = min(r[0] for r in runs)
                events, misses = runs[0][1], runs[0][2]
                print(f"{name:6} {policy:16} {frames:7} {misses:9} {cpu:7.2f} "
                      f"{cpu * 1e9 / events:10.0f}", flush=True)
    finally:
        if not a.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
