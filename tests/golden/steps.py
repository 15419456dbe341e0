#!/usr/bin/env python3
"""tests/golden/steps.py MMUSIM DOCS: `mmusim gen --string ... --answers`
on the textbook reference strings prints the textbook's tables.

Each table is checked three ways: against a page-replacement model written
here from the textbook's definitions (FIFO, LRU, OPT on a list of frames,
independent of mmusim), against the textbook's miss counts, and against the
copy of the table in docs/steps.md (so the docs cannot drift)."""
import re
import subprocess
import sys

mmusim, docs = sys.argv[1], sys.argv[2]

BELADY = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5]
OSC = [7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1]
# (name, string, policy, frames, misses in the textbooks)
CASES = [
    ("belady", BELADY, "fifo", 3, 9), ("belady", BELADY, "fifo", 4, 10),
    ("belady", BELADY, "lru", 3, 10), ("belady", BELADY, "lru", 4, 8),
    ("belady", BELADY, "opt", 3, 7), ("belady", BELADY, "opt", 4, 6),
    ("osc", OSC, "fifo", 3, 15), ("osc", OSC, "lru", 3, 12), ("osc", OSC, "opt", 3, 9),
]
ORDER = {"fifo": "first in first", "lru": "least recently used first",
         "opt": "frame order"}


def model(refs, policy, frames):
    """Rows (page, result, victim, resident) as a textbook computes them.
    FIFO and LRU keep a list (oldest or least recent first); OPT keeps frame
    slots, fills the first empty one, and evicts the page used farthest in
    the future (never used: farthest), the lowest slot on a tie."""
    rows, resident, seen = [], [], set()
    for i, p in enumerate(refs):
        victim = "-"
        if p in resident:
            result = "hit"
            if policy == "lru":
                resident.remove(p)
                resident.append(p)
        else:
            result = "miss (read-in)" if p in seen else "miss (zero-fill)"
            if len(resident) == frames:
                if policy == "opt":
                    def next_use(q):
                        rest = refs[i + 1:]
                        return rest.index(q) if q in rest else len(refs)
                    far = max(next_use(q) for q in resident)
                    slot = [next_use(q) for q in resident].index(far)
                    victim = resident[slot]
                    resident[slot] = p
                else:
                    victim = resident.pop(0)
                    resident.append(p)
            else:
                resident.append(p)
        seen.add(p)
        rows.append((str(p), result, str(victim), " ".join(map(str, resident))))
    return rows


def parse(text):
    rows = []
    for line in text.splitlines():
        m = re.match(r"^ *(\d+) (\S+) +(hit|miss \(\S+\)) +(\S+) +(.*)$", line)
        if m:
            rows.append((m.group(2), m.group(3), m.group(4), m.group(5).strip()))
    return rows


docs_text = open(docs).read()
failed = 0
for name, refs, policy, frames, misses in CASES:
    string = ",".join(map(str, refs))
    out = subprocess.run([mmusim, "gen", "--string", string, "--policy", policy,
                          "--frames", str(frames), "--answers"],
                         capture_output=True, text=True)
    what = f"{name} {policy} with {frames} frames"
    table = out.stdout[out.stdout.find("# policy"):]
    want = model(refs, policy, frames)
    got = parse(table)
    head = f"# policy {policy}, {frames} usable frames (+ the zero page); " \
           f"resident pages {ORDER[policy]}"
    total = f"# {len(refs)} accesses: {len(refs) - misses} hits, {misses} misses"
    if out.returncode != 0:
        print(f"FAIL {what}: exit {out.returncode}: {out.stderr}")
        failed = 1
    elif got != want:
        for k, (g, w) in enumerate(zip(got + [None] * len(want), want)):
            if g != w:
                print(f"FAIL {what}: access {k + 1}: {g}, the model says {w}")
                break
        failed = 1
    elif not table.startswith(head) or total not in table:
        print(f"FAIL {what}: header or total wrong (want {total!r}):\n{table}")
        failed = 1
    elif sum(r[1].startswith("miss") for r in got) != misses:
        print(f"FAIL {what}: not the textbook's {misses} misses")
        failed = 1
    elif table.strip() not in docs_text:
        print(f"FAIL {what}: docs/steps.md does not show this table; it is now:\n"
              f"```\n$ mmusim gen --string {string} --policy {policy} "
              f"--frames {frames} --answers\n{out.stdout}```")
        failed = 1
    else:
        print(f"ok {what}: {misses} misses, every row as the model")
sys.exit(failed)
