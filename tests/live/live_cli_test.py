#!/usr/bin/env python3
"""tests/live/live_cli_test.py: `mmusim live`'s bad input: each case's exact
message on standard error and exit status 2, before anything runs where
the input says so; --help; a live program run without mmusim.

Usage: live_cli_test.py MMUSIM PROGRAM CROSSNONRES DATA
(PROGRAM: a test program linked with the library; CROSSNONRES: the
testcrossnonres program, whose file name, across two evicted pages, a
recording places with `put` for every policy, one that sees every access
too; DATA: its data files)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    mmusim, prog = sys.argv[1], os.path.abspath(sys.argv[2])
    cross, data = os.path.abspath(sys.argv[3]), sys.argv[4]
    cases = [
        ([], "mmusim live: which program? (see mmusim live --help)\n"),
        (["--bogus", "x"], "mmusim live: unknown option '--bogus' (see mmusim live --help)\n"),
        (["-m", "x", prog], "mmusim live: -m needs a number, not 'x'\n"),
        (["-s"], "mmusim live: -s needs a number, not ''\n"),
        (["-m", "2", prog], "mmusim live: --set memory_pages: must be at least 3\n"),
        (["--set", "ref_bits=hardware", prog],
         "mmusim live: ref_bits: \"hardware\" needs the simulated MMU; the live mode sees "
         "faults only (record with --record and replay the trace)\n"),
        (["--set", "policy=opt", prog],
         "mmusim live: policy: opt needs the whole run in advance; record it with --record "
         "and replay the trace with mmusim run\n"),
        (["--set", "page_size=4096", prog],
         "mmusim live: page_size: the live mode's pages are vm_arena.h's VM_PAGESIZE, "
         "65536 bytes, not 4096\n"),
        (["--set", "arena_pages=300", prog],
         "mmusim live: arena_pages: at most 256 in the live mode (vm_arena.h's "
         "VM_ARENA_SIZE), not 300\n"),
        (["--log-format", "xml", prog],
         "mmusim live: --log-format: mmusim, classic-a or classic-b, not 'xml'\n"),
        (["--record", "no/such/folder/x.trace", prog],
         "mmusim live: no/such/folder/x.trace: cannot write a file in no/such/folder: "
         "No such file or directory\n"),
        (["./no-such-program"], "mmusim live: ./no-such-program: No such file or directory\n"),
        (["true"], "mmusim live: true ended (status 0) without connecting to the pager: "
         "link it with the application library (pkg-config --libs mmusim-app; "
         "docs/live.md)\n"),
    ]
    bad = 0
    with tempfile.TemporaryDirectory(prefix="mmusim-live-cli-") as tmp:
        for args, want in cases:
            run = subprocess.run([mmusim, "live"] + args, cwd=tmp, capture_output=True,
                                 text=True, timeout=60)
            if run.returncode != 2 or run.stderr != want or run.stdout != "":
                print(f"FAIL: live {' '.join(args)}: status {run.returncode}, "
                      f"stderr {run.stderr!r}, stdout {run.stdout!r}; want {want!r}")
                bad += 1
            # nothing ran: the program would have printed
        run = subprocess.run([mmusim, "live", "--help"], capture_output=True, text=True)
        if run.returncode != 0 or not run.stdout.startswith("usage: mmusim live "):
            print("FAIL: live --help")
            bad += 1
        run = subprocess.run([prog], cwd=tmp, capture_output=True, text=True)
        want = ("mmusim live: vm_map: this program uses the mmusim application library; "
                "run it with `mmusim live PROGRAM` (docs/live.md)\n")
        if run.returncode != 2 or run.stderr != want:
            print(f"FAIL: the program alone: status {run.returncode}, {run.stderr!r}")
            bad += 1
        for f in os.listdir(data):
            shutil.copy(os.path.join(data, f), tmp)
        run = subprocess.run([mmusim, "live", "--set", "policy=sieve", "--json",
                              "--report=live.json", "--record=r.trace", cross], cwd=tmp,
                             capture_output=True, text=True, timeout=60)
        with open(os.path.join(tmp, "r.trace")) as f:
            put = '\nput 0x60000fffc "data2.bin"\nmap file 0x60000fffc 1 => 0x600050000\n'
            recorded = put in f.read()
        replay = subprocess.run([mmusim, "run", "r.trace", "--json"], cwd=tmp,
                                capture_output=True, text=True, timeout=60)
        with open(os.path.join(tmp, "live.json")) as f:
            live_report = json.load(f)
        same = replay.returncode == 0 and all(
            json.loads(replay.stdout)[k] == live_report[k]
            for k in ("faults", "misses", "pager", "disk", "maps"))
        if run.returncode != 0 or run.stderr != "" or not recorded or not same:
            print(f"FAIL: sieve, a name across two evicted pages: status {run.returncode}, "
                  f"{run.stderr!r}, put recorded {recorded}, replay agrees {same}: "
                  f"{replay.stderr}")
            bad += 1
    print(f"{len(cases) + 3} cases, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
