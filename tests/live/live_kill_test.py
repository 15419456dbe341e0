#!/usr/bin/env python3
"""tests/live/live_kill_test.py: a killed live run leaves nothing behind.

Usage: live_kill_test.py MMUSIM SPIN SIGNAL

Starts `mmusim live SPIN` (a parent and a child that yield to each other
for ever), waits until both wrote their pid, kills mmusim with SIGNAL
(KILL or TERM), then checks that within 10 seconds both program processes
are gone (a zombie waiting for init to reap it counts as gone: it holds no
memory, no descriptor) and that no process holds the physical-memory file
(memfd "mmusim-live-physmem") in its descriptors or its mappings.
"""
import os
import signal
import subprocess
import sys
import tempfile
import time


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def holders(pids):
    """Which of pids still hold the physical-memory file."""
    found = []
    for pid in pids:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                if "mmusim-live-physmem" in os.readlink(f"/proc/{pid}/fd/{fd}"):
                    found.append(pid)
            if "mmusim-live-physmem" in open(f"/proc/{pid}/maps").read():
                found.append(pid)
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
    return found


def main():
    mmusim, spin, sig = sys.argv[1:4]
    with tempfile.TemporaryDirectory(prefix="mmusim-live-kill-") as tmp:
        run = subprocess.Popen([mmusim, "live", "--quiet", spin], cwd=tmp,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        pids_file = os.path.join(tmp, "pids")
        deadline = time.time() + 20
        pids = []
        while time.time() < deadline:
            if os.path.exists(pids_file):
                pids = [int(x) for x in open(pids_file).read().split()]
                if len(pids) == 2:
                    break
            time.sleep(0.05)
        if len(pids) != 2:
            run.kill()
            print(f"FAIL: the program did not start two processes: {pids}")
            return 1
        if holders(pids) == []:
            run.kill()
            print("FAIL: the program's processes do not map the memory file at all")
            return 1
        run.send_signal(getattr(signal, "SIG" + sig))
        run.wait(timeout=20)
        deadline = time.time() + 10
        while time.time() < deadline and any(alive(p) for p in pids):
            time.sleep(0.05)
        left = [p for p in pids if alive(p)]
        if left:
            for p in left:
                os.kill(p, signal.SIGKILL)
            print(f"FAIL: after SIG{sig} to mmusim, processes {left} are still running")
            return 1
        held = holders(pids)
        if held:
            print(f"FAIL: processes {held} still hold the physical-memory file")
            return 1
        shm = [f for f in os.listdir("/dev/shm") if "mmusim" in f] if os.path.isdir("/dev/shm") else []
        if shm:
            print(f"FAIL: files left in /dev/shm: {shm}")
            return 1
    print(f"ok: SIG{sig} to mmusim: processes {pids} gone, no memory file held")
    return 0


if __name__ == "__main__":
    sys.exit(main())
