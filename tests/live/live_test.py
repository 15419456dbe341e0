#!/usr/bin/env python3
"""tests/live/live_test.py: one live test program, end to end.

Usage: live_test.py MMUSIM PROGRAM SOURCE [OPTION...]

SOURCE is the program's source file; beside it:
  NAME.out       the program's exact standard output (required)
  NAME.trace-a   the exact classic pager trace, variant A, --stable-pids
  NAME.trace-b   the same, variant B
  data/          data files, copied into the scratch folder the run starts in
and in SOURCE, comment lines:
  // live: OPTIONS      more `mmusim live` options (besides -m from the name)
  // live-status: N     the expected exit status (default 0)
  // live-stderr: TEXT  a line the run's standard error must contain

The program is named test<name>.<memory_pages>.<ext> (-m comes from it);
OPTIONs after SOURCE are more `mmusim live` options (another policy).
A warning on standard error fails the test unless a live-stderr line
names it. Checks: the output and status (twice: the classic trace run and the
recorded run), the classic traces, then `mmusim run` of the recording:
its --log must be byte for byte the live run's, and every counter of its
--json report but the machine's own (tlb, cycles) the same.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def options(source):
    opts, status, stderr_lines = [], 0, []
    for line in open(source, encoding="utf-8"):
        m = re.match(r"\s*//\s*live:\s*(.*)$", line)
        if m:
            opts += m.group(1).split()
        m = re.match(r"\s*//\s*live-status:\s*(\d+)", line)
        if m:
            status = int(m.group(1))
        m = re.match(r"\s*//\s*live-stderr:\s*(.*)$", line)
        if m:
            stderr_lines.append(m.group(1).strip())
    return opts, status, stderr_lines


def read(path):
    with open(path, "rb") as f:
        return f.read()


def live(mmusim, program, args, cwd):
    return subprocess.run([mmusim, "live"] + args + [program], cwd=cwd,
                          capture_output=True, timeout=120)


def check_run(what, run, want_out, want_status, stderr_lines):
    if run.stdout != want_out:
        fail(f"{what}: standard output\n--- want\n{want_out.decode(errors='replace')}"
             f"--- got\n{run.stdout.decode(errors='replace')}--- stderr\n"
             f"{run.stderr.decode(errors='replace')}")
    if run.returncode != want_status:
        fail(f"{what}: exit status {run.returncode}, want {want_status}\n"
             f"{run.stderr.decode(errors='replace')}")
    if b"warning" in run.stderr and not any("warning" in line for line in stderr_lines):
        fail(f"{what}: a warning:\n{run.stderr.decode(errors='replace')}")
    for line in stderr_lines:
        if line.encode() not in run.stderr:
            fail(f"{what}: standard error lacks '{line}':\n{run.stderr.decode(errors='replace')}")


def counters(report):
    r = dict(report)
    for key in ("tlb", "cycles", "cycles_breakdown", "trace"):
        r.pop(key, None)
    return r


def main():
    mmusim, program, source = sys.argv[1:4]
    name = os.path.basename(source).rsplit(".", 1)[0]
    m = re.match(r"test[\w-]+\.(\d+)$", name)
    if not m:
        fail(f"{source}: not named test<name>.<memory_pages>.<ext>")
    folder = os.path.dirname(source)
    opts, status, stderr_lines = options(source)
    args = ["-m", m.group(1), "--stable-pids"] + opts + sys.argv[4:]
    want_out = read(os.path.join(folder, name + ".out"))
    program = os.path.abspath(program)
    with tempfile.TemporaryDirectory(prefix="mmusim-live-") as tmp:
        data = os.path.join(folder, "data")
        if os.path.isdir(data):
            for f in os.listdir(data):
                shutil.copy(os.path.join(data, f), tmp)
        for variant in ("a", "b"):
            expect = os.path.join(folder, f"{name}.trace-{variant}")
            if not os.path.exists(expect):
                continue
            run = live(mmusim, program, args + ["--quiet", "--log=classic.txt",
                                               "--log-format", "classic-" + variant], tmp)
            check_run(f"classic-{variant} run", run, want_out, status, stderr_lines)
            got = read(os.path.join(tmp, "classic.txt"))
            if got != read(expect):
                fail(f"classic-{variant} trace differs from {expect}:\n"
                     + got.decode(errors="replace"))
        run = live(mmusim, program, args + ["--json", "--report=live.json", "--log=live.log",
                                           "--record=rec.trace"], tmp)
        check_run("recorded run", run, want_out, status, stderr_lines)
        replay = subprocess.run([mmusim, "run", "rec.trace", "--log"], cwd=tmp,
                                capture_output=True, timeout=120)
        if replay.returncode != 0:
            fail("mmusim run of the recording: status %d\n%s" %
                 (replay.returncode, replay.stderr.decode(errors="replace")))
        live_log = read(os.path.join(tmp, "live.log"))
        replay_log = replay.stdout[:len(live_log)]
        if replay_log != live_log or not replay.stdout[len(live_log):].startswith(b"trace "):
            fail("the replay's log differs from the live run's:\n--- live\n"
                 + live_log.decode(errors="replace") + "--- replay\n"
                 + replay.stdout.decode(errors="replace"))
        replay = subprocess.run([mmusim, "run", "rec.trace", "--json"], cwd=tmp,
                                capture_output=True, timeout=120)
        got_live = json.loads(read(os.path.join(tmp, "live.json")))
        got_replay = json.loads(replay.stdout)
        if counters(got_live) != counters(got_replay):
            fail("counters differ:\nlive   %s\nreplay %s" %
                 (json.dumps(counters(got_live)), json.dumps(counters(got_replay))))
        if got_live["trace"]["events"] != got_replay["trace"]["events"]:
            fail("events differ")
    print(f"ok: {name}: output, status, traces, and the replay of the recording "
          f"({got_live['faults']['total']} faults)")


if __name__ == "__main__":
    main()
