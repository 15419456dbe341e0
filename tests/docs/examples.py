#!/usr/bin/env python3
"""Run the examples of the docs and compare what they print.

Every fenced block of README.md and docs/*.md is searched for transcript
lines `$ mmusim ARGS` (a trailing backslash continues the command on the
next line). The command runs in a scratch folder where traces/ and
configs/ are the source tree's, with `mmusim` the built binary; what it
prints on standard error, then on standard output, must be the lines shown
under it (up to the next `$ ` or the end of the block). A shown line `...`
ends the comparison there: the rest of the output is not shown. The exit
status must be 0 unless the block shows `[exit N]` as its last line.
Other `$ ` lines of the block (`$ echo 1 2 3 > list.txt`) set the scratch
folder up: they run with sh, in order, before each later mmusim command of
their block, and must succeed.

Usage: examples.py MMUSIM SOURCE_ROOT
"""
import glob
import os
import shlex
import subprocess
import sys
import tempfile


def transcripts(path):
    """(line number, command words, expected lines, expected status,
    set-up commands)."""
    with open(path) as f:
        lines = f.read().split("\n")
    out, in_block, i, setup = [], False, 0, []
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            in_block = not in_block
            setup = []
            i += 1
            continue
        if in_block and line.startswith("$ ") and \
                not line.startswith("$ mmusim "):
            setup.append(line[2:])
            i += 1
            continue
        if not (in_block and line.startswith("$ mmusim ")):
            i += 1
            continue
        start = i + 1
        command = line[2:]
        while command.endswith("\\"):
            i += 1
            command = command[:-1] + " " + lines[i].strip()
        i += 1
        shown = []
        while i < len(lines) and not lines[i].startswith("```") \
                and not lines[i].startswith("$ "):
            shown.append(lines[i])
            i += 1
        status = 0
        if shown and shown[-1].startswith("[exit "):
            status = int(shown.pop()[6:-1])
        out.append((start, shlex.split(command), shown, status, list(setup)))
    return out


def main():
    mmusim, root = sys.argv[1], sys.argv[2]
    docs = [os.path.join(root, "README.md")] + sorted(
        glob.glob(os.path.join(root, "docs", "*.md")))
    ran = failed = 0
    for doc in docs:
        for line, words, shown, status, setup in transcripts(doc):
            name = "%s:%d" % (os.path.relpath(doc, root), line)
            with tempfile.TemporaryDirectory() as tmp:
                for sub in ("traces", "configs"):
                    os.symlink(os.path.join(root, sub), os.path.join(tmp, sub))
                for command in setup:
                    subprocess.run(["sh", "-c", command], cwd=tmp, check=True,
                                   timeout=60)
                r = subprocess.run([mmusim] + words[1:], cwd=tmp,
                                   capture_output=True, text=True, timeout=300)
            got = (r.stderr + r.stdout).split("\n")
            if got and got[-1] == "":
                got.pop()
            want = shown
            if "..." in want:
                want = want[:want.index("...")]
                got = got[:len(want)]
            while want and want[-1] == "":
                want.pop()
            ran += 1
            problems = []
            if r.returncode != status:
                problems.append("exit status %d, the doc says %d"
                                % (r.returncode, status))
            if got != want:
                problems.append("output differs:")
                for k in range(max(len(got), len(want))):
                    g = got[k] if k < len(got) else "<nothing>"
                    w = want[k] if k < len(want) else "<nothing>"
                    if g != w:
                        problems.append("  line %d\n    doc: %s\n    got: %s"
                                        % (k + 1, w, g))
            if problems:
                failed += 1
                print("FAIL %s: %s" % (name, " ".join(words)))
                print("\n".join(problems))
            else:
                print("ok   %s: %s" % (name, " ".join(words)))
    print("%d passed, %d failed" % (ran - failed, failed))
    if ran < 10:
        print("FAIL: only %d examples found" % ran)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
