#!/usr/bin/env python3
"""docs/viz/*.png must be what scripts/screenshots makes now.

Remakes the screenshots in a scratch folder (scripts/screenshots OUT) and
compares them with the committed ones pixel by pixel (each PNG decoded:
zlib, then the five PNG filters). Fails, naming each picture and how many
of its pixels differ, when the picture of the visualiser has changed
without the docs' pictures: run scripts/screenshots and commit them.

Usage: screenshots.py SOURCE_ROOT MMUSIM
"""
import os
import struct
import subprocess
import sys
import tempfile
import zlib


def decode(path):
    """(width, height, rows of RGB bytes) of an 8-bit RGB PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("%s: not a PNG" % path)
    pos, idat, width = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if (depth, colour) != (8, 2):
                raise ValueError("%s: not 8-bit RGB" % path)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * 3
    rows, prev = [], bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - 3] if i >= 3 else 0
            b = prev[i]
            c = prev[i - 3] if i >= 3 else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows


def main():
    root, mmusim = sys.argv[1], sys.argv[2]
    docs = os.path.join(root, "docs", "viz")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, MMUSIM=mmusim)
        subprocess.run([os.path.join(root, "scripts", "screenshots"), tmp],
                       check=True, env=env)
        made = sorted(n for n in os.listdir(tmp) if n.endswith(".png"))
        kept = sorted(n for n in os.listdir(docs) if n.endswith(".png"))
        failed = 0
        if made != kept:
            print("FAIL: scripts/screenshots makes %s, docs/viz has %s" % (made, kept))
            failed += 1
        for name in made:
            if name not in kept:
                continue
            w1, h1, a = decode(os.path.join(tmp, name))
            w2, h2, b = decode(os.path.join(docs, name))
            if (w1, h1) != (w2, h2):
                print("FAIL %s: %dx%d now, %dx%d in docs/viz" % (name, w1, h1, w2, h2))
                failed += 1
                continue
            differ = sum(1 for ra, rb in zip(a, b) if ra != rb
                         for x in range(w1) if ra[3 * x:3 * x + 3] != rb[3 * x:3 * x + 3])
            if differ:
                print("FAIL %s: %d pixels differ: run scripts/screenshots and "
                      "commit docs/viz/" % (name, differ))
                failed += 1
            else:
                print("ok   %s (%dx%d)" % (name, w1, h1))
        print("%d passed, %d failed" % (len(made) - failed if failed <= len(made) else 0, failed))
        return 1 if failed or not made else 0


if __name__ == "__main__":
    sys.exit(main())
