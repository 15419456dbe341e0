#!/usr/bin/env python3
"""Every page-table format gives the same pager (issue 14): each golden
trace, and a random two-process trace with 4 KiB pages, replayed flat and
in every multi-level format; every report key but the TLB, walk and cycle
figures ("tlb", "mmu", "cycles", "cycles_breakdown", "config", and the
cycles of "hardware_bits") must be equal, and the walk counters must add
up (walks = TLB misses, reads = sum of k * walks that read k entries, at
most `levels` per walk). Hardware reference bits too: x86 formats set
upper accessed bits, RISC-V ones do not, and the pager must not see it.

Usage: formats.py MMUSIM SOURCE_ROOT"""
import json
import os
import random
import subprocess
import sys
import tempfile

MMUSIM, ROOT = sys.argv[1], sys.argv[2]
CHANGING = {"tlb", "mmu", "cycles", "cycles_breakdown", "config",
            "hardware_bits"}
failures = 0


def run(trace, config, sets):
    args = [MMUSIM, "run", trace, "--json", "--check", "--config", config]
    for s in sets:
        args += ["--set", s]
    out = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    if out.returncode not in (0, 1) or not out.stdout:
        sys.exit(f"FAIL: {' '.join(args)}: exit {out.returncode}: {out.stderr}")
    return json.loads(out.stdout)


def reads_by_level_add_up(m):
    """Reads by level: one key a level, top first; they sum to the reads;
    every walk that reads anything and hit no cache reads the top level;
    a walk reads a level-(L-1) entry only after reading level L or from a
    level-L cache hit."""
    at = m["page_table_reads_by_level"]
    levels = m["levels"]
    if list(at) != [f"level_{L}" for L in range(levels, 0, -1)]:
        return False
    if sum(at.values()) != m["page_table_reads"]:
        return False
    if at[f"level_{levels}"] != m["pwc_misses"] - m["walks_by_reads"]["0"]:
        return False
    hits = m["pwc_hits"]
    return all(at[f"level_{L - 1}"] <= at[f"level_{L}"] + hits.get(f"level_{L}", 0)
               for L in range(levels, 1, -1))


def compare(name, trace, config, base_sets, formats):
    global failures
    for fmt in formats:
        # the flat run with the same non-MMU settings (tlb.*)
        flat = run(trace, config, base_sets +
                   [s for s in fmt if not s.startswith("mmu.")])
        if "mmu" in flat:
            failures += 1
            print(f"FAIL: {name}: a flat report has an mmu section")
        got = run(trace, config, base_sets + fmt)
        for key in flat:
            if key not in CHANGING and flat[key] != got[key]:
                failures += 1
                print(f"FAIL: {name} {fmt}: {key} {flat[key]} != {got[key]}")
        # hardware bits: the software replay's faults, not its cycles
        faults = ("software_faults", "faults_saved")
        if "hardware_bits" in flat and \
                [flat["hardware_bits"][k] for k in faults] != \
                [got["hardware_bits"][k] for k in faults]:
            failures += 1
            print(f"FAIL: {name} {fmt}: {flat['hardware_bits']} != {got['hardware_bits']}")
        m = got["mmu"]
        reads = sum(int(k) * v for k, v in m["walks_by_reads"].items())
        if m["walks"] != got["tlb"]["misses"] or reads != m["page_table_reads"]:
            failures += 1
            print(f"FAIL: {name} {fmt}: walk counters do not add up: {m}")
        if not reads_by_level_add_up(m):
            failures += 1
            print(f"FAIL: {name} {fmt}: reads by level do not add up: {m}")
        if flat["tlb"] != got["tlb"]:
            failures += 1
            print(f"FAIL: {name} {fmt}: TLB {flat['tlb']} != {got['tlb']}")
        print(f"ok: {name} {' '.join(fmt)}")


# 64 KiB pages (the golden traces): custom formats that reach 0x600000000
CUSTOM = [["mmu.level_bits=[10,9]"], ["mmu.level_bits=[7,6,6]"],
          ["mmu.level_bits=[3,3,3,3,3,4]", "mmu.pwc=[]"],
          ["mmu.level_bits=[4,5,5,5]", "tlb.asid=true"],
          ["mmu.level_bits=[7,6,6]", "ref_bits=hardware"]]
# 4 KiB pages (tiny.json)
SMALL = [["mmu.format=x86-64"], ["mmu.format=sv39", "tlb.asid=true"],
         ["mmu.level_bits=[12,11]"]]
GOLDEN = [("demand-paging", "default.json", [], CUSTOM),
          ("fork-cow", "default.json", [], CUSTOM),
          ("shared-files", "default.json", [], CUSTOM),
          ("exhaustion", "tiny.json", [], SMALL),
          ("invalid", "default.json", [], CUSTOM),
          ("thrashing", "default.json", [], CUSTOM),
          ("belady", "fifo-4.json", ["memory_pages=4"], CUSTOM)]
for trace, config, sets, formats in GOLDEN:
    compare(trace, f"traces/{trace}.trace", f"configs/{config}", sets, formats)

# a random trace of two processes with 4 KiB pages over 2 MiB regions
rng = random.Random(14)
base, pages = 0x600000000, 1536
lines = ["start 1", "switch 1"]
lines += [f"map swap => 0x{base + i * 4096:x}" for i in range(pages)]
lines.append("fork 1 2 => 0")
for i in range(4000):
    if i % 300 == 0:
        lines.append(f"switch {1 + (i // 300) % 2}")
    page = rng.randrange(pages) if rng.random() < 0.3 else rng.randrange(40)
    op = "w" if rng.random() < 0.3 else "r"
    lines.append(f"{op} 0x{base + page * 4096 + rng.randrange(4000):x} 8")
with tempfile.NamedTemporaryFile("w", suffix=".trace", delete=False) as f:
    f.write("\n".join(lines) + "\n")
    path = f.name
try:
    named = [["mmu.format=" + n] for n in
             ("sv39", "sv48", "x86-64", "x86-64-5", "arm64-4k")]
    named.append(["mmu.format=x86-64", "tlb.asid=true"])
    # hardware bits: x86 sets upper accessed bits, RISC-V does not; the
    # pager must not see the difference (nor the prices of a walk)
    named.append(["mmu.format=x86-64", "ref_bits=hardware"])
    named.append(["mmu.format=sv39", "ref_bits=hardware", "tlb.asid=true"])
    named.append(["mmu.format=x86-64-5", "latency.pte_read=7",
                  "latency.pwc=1"])
    named.append(["mmu.format=sv48", "mmu.pwc=[{\"level\":4,\"entries\":1}]"])
    named.append(["mmu.format=x86-64", "tlb.levels=[{\"entries\":8,\"latency\":1},"
                  "{\"entries\":64,\"ways\":4,\"latency\":9}]"])
    compare("random-4k", path, "configs/default.json",
            ["page_size=4096", "memory_pages=64", "arena_pages=2048",
             "swap_blocks=4096"], named)
finally:
    os.unlink(path)
# exact figures, by hand: two stores to fresh pages of one page table,
# x86-64 with the default caches. Store 1: a cold walk (4 reads), the
# fault, the retry's walk from the level-2 cache hit (1 read). Store 2: a
# walk from the level-2 hit (1), the fault, the retry (1). The loads hit.
# 7 reads at latency.pte_read 100 (its default) = 700 walk cycles; the
# caches cost nothing by default (latency.pwc 0).
with tempfile.NamedTemporaryFile("w", suffix=".trace", delete=False) as f:
    f.write("start 1\nswitch 1\nmap swap => 0x600000000\n"
            "map swap => 0x600001000\nw 0x600000000 \"a\"\n"
            "w 0x600001000 \"b\"\nr 0x600000000 \"a\"\n"
            "r 0x600001000 \"b\"\n")
    path = f.name
try:
    sets = ["page_size=4096", "mmu.format=x86-64"]
    got = run(path, "configs/default.json", sets)
    # by level: the cold walk reads one entry at each level, the three
    # walks from the level-2 hit one leaf (level 1) entry each
    want = {"format": "x86-64", "levels": 4, "walks": 4, "page_table_reads": 7,
            "page_table_reads_by_level": {"level_4": 1, "level_3": 1,
                                          "level_2": 1, "level_1": 4},
            "walks_by_reads": {"0": 0, "1": 3, "2": 0, "3": 0, "4": 1},
            "pwc_hits": {"level_4": 0, "level_3": 0, "level_2": 3},
            "pwc_misses": 1}
    if got["mmu"] != want or got["cycles_breakdown"]["walk"] != 700 \
            or got["cycles_breakdown"]["pwc"] != 0:
        failures += 1
        print(f"FAIL: exact x86-64 figures: {got['mmu']} {got['cycles_breakdown']}")
    # priced: the cold walk looks in the caches of levels 4, 3 and 2 (3
    # lookups), every later walk hits the level-2 cache first (1 lookup
    # each): 6 lookups at 2 cycles; 7 reads at 40
    priced = run(path, "configs/default.json",
                 sets + ["latency.pte_read=40", "latency.pwc=2"])
    b, lat = priced["cycles_breakdown"], priced["config"]["latency"]
    if b["walk"] != 280 or b["pwc"] != 12 or lat["pte_read"] != 40 \
            or lat["pwc"] != 2 or priced["cycles"] != sum(b.values()):
        failures += 1
        print(f"FAIL: priced x86-64 walks: {b} {lat}")
    args = [MMUSIM, "run", path, "--config", "configs/default.json"]
    for s in sets:
        args += ["--set", s]
    text = subprocess.run(args, cwd=ROOT, capture_output=True, text=True).stdout
    row = ("walks            4   pt reads   7   by reads   0:0 1:3 2:0 3:0 4:1"
           "   pwc hits L4:0 L3:0 L2:3")
    level_row = "pt reads         7   by level   L4:1 L3:1 L2:1 L1:4"
    pwc_row = [l for l in text.splitlines() if l.startswith("  pwc ")]
    if row not in text.splitlines() or level_row not in text.splitlines() \
            or ", mmu x86-64\n" not in text or len(pwc_row) != 1:
        failures += 1
        print(f"FAIL: the text report lacks the walks row or the format:\n{text}")
    else:
        print("ok: exact x86-64 figures")
finally:
    os.unlink(path)
sys.exit(1 if failures else 0)
