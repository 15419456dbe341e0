#!/usr/bin/env python3
"""bench/walk_parts.py: what each part of a 4-level walk costs (issue 14;
figures in docs/performance.md, "Multi-level walks: the walk's parts").

    bench/walk_parts.py MMUSIM MISS MAPS ACCESSES [ROUNDS]

MISS and MAPS are bench_walk's tlb-miss trace and its maps alone, kept with
`bench_walk ACCESSES FOLDER keep`. Each row replays MISS with `mmusim run`
(the shadow off, data-less, bench_walk's settings) in `flat` or `x86-64`
with other page-walk caches, ROUNDS interleaved rounds (default 5), and
prints the best CPU time (user + system) less the best of a run of MAPS,
as accesses per second and nanoseconds an access.
"""
import os
import subprocess
import sys

SETTINGS = ["page_size=4096", "memory_pages=64", "arena_pages=1048576",
            "swap_blocks=1048576", 'tlb={"entries":64,"ways":4}']


def caches(*levels):
    return "mmu.pwc=[" + ",".join(
        '{"level":%d,"entries":%d,"ways":%d}' % c for c in levels) + "]"


ROWS = [
    ("flat", ["mmu.format=flat"]),
    ("x86-64, default caches", ["mmu.format=x86-64"]),
    ("x86-64, no caches: 4 reads", ["mmu.format=x86-64", "mmu.pwc=[]"]),
    ("x86-64, L3 2x4 only", ["mmu.format=x86-64", caches((3, 8, 4))]),
    ("x86-64, L3 4x1 only", ["mmu.format=x86-64", caches((3, 4, 1))]),
    ("x86-64, L2 4x8 + L3 4x1",
     ["mmu.format=x86-64", caches((2, 32, 8), (3, 4, 1))]),
]


def cpu_seconds(mmusim, trace, sets):
    args = [mmusim, "run", trace, "--no-shadow", "--no-data"]
    for s in SETTINGS + sets:
        args += ["--set", s]
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        print("walk_parts: failed: " + " ".join(args), file=sys.stderr)
        sys.exit(1)
    return usage.ru_utime + usage.ru_stime


def main():
    if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return
    if len(sys.argv) not in (5, 6):
        print("usage: walk_parts.py MMUSIM MISS MAPS ACCESSES [ROUNDS]",
              file=sys.stderr)
        sys.exit(2)
    mmusim, miss, maps = sys.argv[1:4]
    accesses = float(sys.argv[4])
    rounds = int(sys.argv[5]) if len(sys.argv) == 6 else 5
    best = {}
    for _ in range(rounds):
        for name, sets in ROWS:
            run, base = cpu_seconds(mmusim, miss, sets), cpu_seconds(mmusim, maps, sets)
            old = best.get(name, (run, base))
            best[name] = (min(old[0], run), min(old[1], base))
    for name, _ in ROWS:
        seconds = best[name][0] - best[name][1]
        print("%-28s %6.3f s CPU %6.1f M/s %6.1f ns an access"
              % (name, seconds, accesses / seconds / 1e6, seconds / accesses * 1e9))


if __name__ == "__main__":
    main()
