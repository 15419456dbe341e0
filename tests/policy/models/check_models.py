#!/usr/bin/env python3
"""tests/policy/models/check_models.py: a replacement policy in mmusim
against an independent model of it (tests/policy/models/NAME.py, written
from the policy's paper, not from the C code).

Both get the same page-reference strings. mmusim gets them as a page list
imported with `--from pages`, every reference a write (so a resident page
never takes a reference or dirty fault that a reference-string model has
no notion of) and frames = memory_pages - 1. The importer maps the pages in
first-touch order after a name page (arena page 0, written once first,
then discarded before the importer's `reset`, so it holds no frame and is
no page of the policy's when the program starts); the model sees the same
string: each page renumbered by first touch from 1 (its arena page). The
runs must agree exactly: the same misses after the reset, in order, and
for each the same victim (read from `run --log`: the page that faulted,
and the frame evicted for it).

Strings: Belady's and Silberschatz's (3 and 4 frames), a scan-plus-hot-set
string (where the scan-resistant policies must miss less than lru), and
random Zipf and loop strings of --length references (default 10^5) over
10 cache sizes; then some of them again with "ref_bits": "hardware", which
must not change a miss.

A policy without a model file must have a C model in
tests/policy/test_models.c instead (the older policies); otherwise this
fails.

usage: check_models.py --policy NAME [--length N]
environment: MMUSIM (the binary), MMUSIM_SOURCE (the source root)
"""
import argparse
import bisect
import importlib.util
import os
import random
import re
import subprocess
import sys
import tempfile

MMUSIM = os.environ.get("MMUSIM", "build/mmusim")
SOURCE = os.environ.get("MMUSIM_SOURCE", ".")
HERE = os.path.dirname(os.path.abspath(__file__))
BASE = 0x600000000
PAGE = 65536

BELADY = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5]
SILBERSCHATZ = [7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1]
# Policies that must beat lru on the scan-plus-hot-set string (2q does not:
# its hot pages leave A1out during the scan before they come back).
SCAN_RESISTANT = {"arc", "lirs", "clock-pro", "car", "s3-fifo", "s3-fifo-ideal"}


def load_model(policy):
    path = os.path.join(HERE, policy + ".py")
    if not os.path.exists(path):
        return None
    spec = importlib.util.spec_from_file_location("model_" + policy.replace("-", "_"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def renumber(refs):
    """refs by first touch from 1, as the importer's arena pages (page 0,
    the name page, is set-up: discarded before the window starts)."""
    ids = {}
    out = []
    for r in refs:
        if r not in ids:
            ids[r] = len(ids) + 1
        out.append(ids[r])
    return out


def run_model(Model, frames, string, params):
    """[(page, victim or None)] for each miss."""
    m = Model(frames, dict(params))
    out = []
    for page in string:
        miss, victim = m.access(page)
        if miss:
            out.append((page, victim))
        else:
            assert victim is None
    return out


REF_BITS = "software"


def run_mmusim(policy, frames, refs, params, workdir):
    path = os.path.join(workdir, "refs.txt")
    with open(path, "w") as f:
        for i in range(0, len(refs), 32):
            f.write(" ".join("w%d" % r for r in refs[i:i + 32]) + "\n")
    pages = len(set(refs)) + 2
    args = [MMUSIM, "run", path, "--from", "pages", "--log", "--no-shadow",
            "--set", "policy=" + policy, "--set", "memory_pages=%d" % (frames + 1),
            "--set", "arena_pages=%d" % max(pages, 16), "--set", "swap_blocks=%d" % pages,
            "--set", "ref_bits=" + REF_BITS]
    for k, v in sorted(params.items()):
        args += ["--set", "policy_params.%s=%d" % (k, v)]
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit("mmusim failed (%d): %s\n%s" % (proc.returncode, " ".join(args),
                                                           proc.stderr))
    out = []
    frame_page = {}
    page = victim = None
    pending = False
    for line in proc.stdout.split("\n"):
        w = line.split()
        if len(w) < 3 or not w[0].isdigit():
            continue  # the report after the log
        if w[1] == "reset:":
            out = []  # the set-up (the name page's zero-fill) is not measured
        elif w[1] == "free":
            frame_page.pop(int(w[2].split("=")[1]))  # the discarded name page
        elif w[1] == "fault":
            m = re.search(r"va=0x([0-9a-f]+) \S+ cause=(\S+)", line)
            if m.group(2) in ("zero-fill", "read-in"):
                page = (int(m.group(1), 16) - BASE) // PAGE
                victim = None
                pending = True
        elif w[1] == "evict":
            f = int(w[2].split("=")[1])
            assert pending and victim is None, line
            victim = frame_page.pop(f)
        elif w[1] in ("zero-fill", "read"):
            f = int(line.rsplit("frame=", 1)[1].split()[0])
            assert pending, line
            frame_page[f] = page
            out.append((page, victim))
            pending = False
    return out


def compare(policy, Model, frames, refs, params, what, workdir):
    string = renumber(refs)
    want = run_model(Model, frames, string, params)
    got = run_mmusim(policy, frames, refs, params, workdir)
    if got != want:
        for i, (g, w) in enumerate(zip(got, want)):
            if g != w:
                raise SystemExit("%s, %d frames%s: miss %d: mmusim (page, victim) %s, "
                                 "the model %s" % (what, frames, " " + str(params) if params
                                                   else "", i + 1, g, w))
        raise SystemExit("%s, %d frames: mmusim misses %d times, the model %d"
                         % (what, frames, len(got), len(want)))
    return len(got)


def zipf_string(n, pages, skew, seed):
    rng = random.Random(seed)
    weights = [1.0 / (k + 1) ** skew for k in range(pages)]
    cum = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)
    order = list(range(pages))
    rng.shuffle(order)  # which page is popular
    return [order[min(bisect.bisect_left(cum, rng.random() * total), pages - 1)]
            for _ in range(n)]


def loop_string(n, pages, seed):
    """0..pages-1 over and over, one reference in 10 a random page."""
    rng = random.Random(seed)
    out = []
    i = 0
    while len(out) < n:
        if rng.random() < 0.1:
            out.append(rng.randrange(pages))
        else:
            out.append(i)
            i = (i + 1) % pages
    return out


def scan_hot_string(hot, scan, rounds):
    """A hot set used again and again; between its uses, scans of pages
    never seen before (each used once)."""
    out = []
    fresh = hot
    for _ in range(rounds):
        for _ in range(3):
            out += list(range(hot))
        out += list(range(fresh, fresh + scan))
        fresh += scan
    return out


def has_c_model(policy):
    with open(os.path.join(SOURCE, "tests", "policy", "test_models.c")) as f:
        return '{ "%s",' % policy in f.read()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--policy", required=True)
    ap.add_argument("--length", type=int, default=100000)
    args = ap.parse_args()
    policy = args.policy
    module = load_model(policy)
    if module is None:
        if has_c_model(policy):
            print("ok: %s has its model in tests/policy/test_models.c" % policy)
            return 0
        print("FAIL: %s has no model (tests/policy/models/%s.py)" % (policy, policy))
        return 1
    Model = module.Model
    # Non-default knob values to try (policy_params), if the model has any.
    knob_sets = [{}] + list(getattr(module, "PARAM_CASES", []))
    with tempfile.TemporaryDirectory() as work:
        runs = 0
        for params in knob_sets:
            for frames in (3, 4):
                compare(policy, Model, frames, BELADY, params, "Belady's string", work)
                compare(policy, Model, frames, SILBERSCHATZ, params, "Silberschatz's string",
                        work)
                runs += 2
        # Scan plus hot set: 10 frames, 6 hot pages, scans of 20.
        scan = scan_hot_string(6, 20, 30)
        mine = compare(policy, Model, 10, scan, {}, "scan plus hot set", work)
        lru = len(run_mmusim("lru", 10, scan, {}, work))
        print("scan plus hot set, 10 frames: %s %d misses, lru %d" % (policy, mine, lru))
        if policy in SCAN_RESISTANT and not mine < lru:
            print("FAIL: %s should miss less than lru on the scan plus hot set" % policy)
            return 1
        n = args.length
        sizes = (2, 3, 5, 8, 13, 21, 34, 55, 89, 144)
        for k, frames in enumerate(sizes):
            z = zipf_string(n, 300, 0.9, 1000 + k)
            m1 = compare(policy, Model, frames, z, {}, "Zipf string (seed %d)" % (1000 + k), work)
            l = loop_string(n, frames + 1 + frames // 4, 2000 + k)
            m2 = compare(policy, Model, frames, l, {}, "loop string (seed %d)" % (2000 + k), work)
            runs += 2
            print("%d frames: Zipf %d misses, loop %d misses (of %d)" % (frames, m1, m2, n))
        for params in knob_sets[1:]:
            z = zipf_string(n // 4, 300, 0.9, 77)
            compare(policy, Model, 21, z, params, "Zipf string", work)
            runs += 1
        # Hardware reference bits (accessed bits in the entries) must give
        # the same misses: the model does not know which the machine has.
        global REF_BITS
        REF_BITS = "hardware"
        for frames in (3, 4):
            compare(policy, Model, frames, SILBERSCHATZ, {}, "Silberschatz's string, hardware bits",
                    work)
        compare(policy, Model, 10, scan, {}, "scan plus hot set, hardware bits", work)
        z = zipf_string(n // 4, 300, 0.9, 78)
        compare(policy, Model, 34, z, {}, "Zipf string, hardware bits", work)
        REF_BITS = "software"
        runs += 4
    print("ok: %s agrees with its model on %d runs" % (policy, runs + 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
