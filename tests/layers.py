#!/usr/bin/env python3
"""tests/layers.py: no source includes a header of a layer it may not use.

The allowed uses are the ```layers block of docs/architecture.md (layer,
then the layers it may include directly; uses are transitive). Every
quoted include of every .c and .h in a layer's folder (not its sub-layers)
must name a header of the layer itself, of a layer it may use, or one the
build generates. A header that is in no layer, or a folder with sources
that is no layer, fails the test too, so a new folder must be placed.
Usage: layers.py SOURCE_ROOT
"""
import os
import re
import sys

GENERATED = {"mmusim_version.h"}


def read_layers(root):
    text = open(os.path.join(root, "docs/architecture.md")).read()
    block = re.search(r"```layers\n(.*?)```", text, re.S)
    if not block:
        sys.exit("docs/architecture.md: no ```layers block")
    uses = {}
    for line in block.group(1).splitlines():
        words = line.split()
        if words:
            uses[words[0]] = [w for w in words[1:] if w != "-"]
    for layer, used in uses.items():
        for u in used:
            if u not in uses:
                sys.exit(f"docs/architecture.md: {layer} uses unknown layer {u}")
    return uses


def closure(uses, layer, seen=None):
    seen = set() if seen is None else seen
    for u in uses[layer]:
        if u not in seen:
            seen.add(u)
            closure(uses, u, seen)
    return seen


def sources(root, layer):
    folder = os.path.join(root, layer)
    return sorted(f for f in os.listdir(folder)
                  if f.endswith((".c", ".h")) and os.path.isfile(os.path.join(folder, f)))


def main():
    root = sys.argv[1]
    uses = read_layers(root)
    headers = {}   # header name -> layer
    errors = []
    for layer in uses:
        if not os.path.isdir(os.path.join(root, layer)):
            errors.append(f"{layer}: listed in docs/architecture.md but missing")
            continue
        for f in sources(root, layer):
            if f.endswith(".h"):
                if f in headers:
                    errors.append(f"{layer}/{f}: same name as {headers[f]}/{f}")
                headers[f] = layer
    for top in ("pager", "sim", "viz"):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            rel = os.path.relpath(dirpath, root)
            if any(f.endswith((".c", ".h")) for f in files) and rel not in uses:
                errors.append(f"{rel}: holds sources but is no layer of docs/architecture.md")
    checked = 0
    for layer in uses:
        allowed = closure(uses, layer) | {layer}
        for f in sources(root, layer) if os.path.isdir(os.path.join(root, layer)) else []:
            path = os.path.join(root, layer, f)
            for n, line in enumerate(open(path, encoding="utf-8"), 1):
                m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
                if not m:
                    continue
                checked += 1
                name = m.group(1)
                if name in GENERATED:
                    continue
                owner = headers.get(name)
                if owner is None:
                    errors.append(f"{layer}/{f}:{n}: includes \"{name}\", a header of no layer")
                elif owner not in allowed:
                    errors.append(f"{layer}/{f}:{n}: includes \"{name}\" of {owner}, "
                                  f"which {layer} may not use")
    for e in errors:
        print(e)
    print(f"{checked} includes checked in {len(uses)} layers, {len(errors)} wrong")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
