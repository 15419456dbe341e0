#!/usr/bin/env python3
"""bench/bench_live.py: faults per second of a live program (cycle64: 64
pages through 4 frames, every store a fault) against the replay of its
recording, and what one fault costs in each (docs/performance.md).

Usage: bench_live.py MMUSIM CYCLE64 [ROUNDS]   (default 200 rounds)
Wall time, best of 3 runs each; the report's faults.total is the count.
"""
import json
import os
import subprocess
import sys
import tempfile
import time


def best(cmd, cwd):
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    mmusim, program = sys.argv[1], os.path.abspath(sys.argv[2])
    rounds = sys.argv[3] if len(sys.argv) > 3 else "200"
    with tempfile.TemporaryDirectory(prefix="mmusim-bench-live-") as tmp:
        live = [mmusim, "live", "--json", "--report=live.json", "--record=rec.trace",
                program, rounds]
        t_live = best(live, tmp)
        faults = json.load(open(os.path.join(tmp, "live.json")))["faults"]["total"]
        t_replay = best([mmusim, "run", "rec.trace", "--json"], tmp)
        t_empty = best([mmusim, "live", "--quiet", program, "0"], tmp)
    per_live = (t_live - t_empty) / faults
    per_replay = t_replay / faults
    print(f"cycle64, {rounds} rounds: {faults} faults")
    print(f"live:   {t_live:.3f} s, {faults / t_live:,.0f} faults/s "
          f"({per_live * 1e6:.1f} us a fault after the {t_empty * 1e3:.1f} ms of a run with none)")
    print(f"replay: {t_replay:.3f} s, {faults / t_replay:,.0f} faults/s "
          f"({per_replay * 1e6:.1f} us a fault, process start included)")
    print(f"a live fault costs {per_live / per_replay:.1f}x a replayed one")
    return 0


if __name__ == "__main__":
    sys.exit(main())
