#!/usr/bin/env python3
"""tests/policy/test_policy_list.py: the policy table (pager/policies.c) is
the one list. `run --help` and `sweep --help` list the same policies with
the same summaries; docs/policies.md's table has one row per policy, in the
table's order, and a section for each; every pager/policy_*.c is in the
list (a file without its line would silently not be built); every policy
has a model (tests/policy/models/NAME.py, or tests/policy/test_models.c).

Environment: MMUSIM (the binary), MMUSIM_SOURCE (the source root)."""
import os
import re
import subprocess
import sys

MMUSIM = os.environ["MMUSIM"]
SOURCE = os.environ["MMUSIM_SOURCE"]


def help_policies(command):
    out = subprocess.run([MMUSIM, command, "--help"], capture_output=True, text=True,
                         check=True).stdout
    lines = out.split("\n")
    start = [i for i, l in enumerate(lines) if l.startswith("Policies (")]
    assert len(start) == 1, f"{command} --help: no 'Policies (' heading"
    policies = []
    for line in lines[start[0] + 1:]:
        m = re.match(r"^  ([a-z0-9-]+) +(\S.*)$", line)
        if not m:
            break
        policies.append((m.group(1), m.group(2)))
    assert policies, f"{command} --help lists no policy"
    return policies


def main():
    failures = []
    run = help_policies("run")
    sweep = help_policies("sweep")
    if run != sweep:
        failures.append(f"run --help lists {run}, sweep --help {sweep}")
    names = [n for n, _ in run]

    with open(os.path.join(SOURCE, "pager", "policies.c")) as f:
        listed = re.findall(r"^\tX\(([a-z0-9_]+)\)", f.read(), re.M)
    if [n.replace("_", "-") for n in listed] != names:
        failures.append(f"pager/policies.c lists {listed}, --help {names}")
    files = sorted(f[len("policy_"):-2] for f in os.listdir(os.path.join(SOURCE, "pager"))
                   if f.startswith("policy_") and f.endswith(".c"))
    if files != sorted(listed):
        failures.append(f"pager/policy_*.c are {files}, the list {sorted(listed)}")

    with open(os.path.join(SOURCE, "docs", "policies.md")) as f:
        doc = f.read()
    lines = doc.split("\n")
    head = [i for i, l in enumerate(lines) if l.startswith("| `policy` |")]
    table = []
    for line in lines[head[0] + 2:] if head else []:
        m = re.match(r"^\| `([a-z0-9-]+)` \|", line)
        if not m:
            break
        table.append(m.group(1))
    if table != names:
        failures.append(f"docs/policies.md's first table has rows {table}, "
                        f"the policy table {names}")
    for name in names:
        if not re.search(r"^### `" + re.escape(name) + "`", doc, re.M):
            failures.append(f"docs/policies.md has no '### `{name}`' section")

    with open(os.path.join(SOURCE, "tests", "policy", "test_models.c")) as f:
        c_models = f.read()
    for name in names:
        py = os.path.join(SOURCE, "tests", "policy", "models", name + ".py")
        if not os.path.exists(py) and '{ "%s",' % name not in c_models:
            failures.append(f"policy {name} has no model: tests/policy/models/{name}.py "
                            "(or one in tests/policy/test_models.c)")

    for f in failures:
        print("FAIL:", f)
    if not failures:
        print(f"ok: {len(names)} policies in the table, --help, the build and the docs")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
