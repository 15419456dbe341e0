#!/usr/bin/env python3
"""Slide-ready plots of sweep and mrc (docs/compare.md, docs/mrc.md): log
axes, the subtitle, the axis labels, in the SVG and in the PNG's pixels.

Run by meson (tests/cli/meson.build) with MMUSIM set to the binary. The
PNG is decoded here (zlib and the PNG filters, no imaging library), so a
test reads the colours rsvg-convert really drew.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zlib

MMUSIM = os.environ.get("MMUSIM", "mmusim")
SVG = "{http://www.w3.org/2000/svg}"

# Belady's string with writes: every reference a miss or a hit, no minor
# faults; 5 pages in one process.
BELADY_TRACE = "start 1\nswitch 1\n" + "map swap\n" * 5 + "".join(
    "w 0x6000%d0000\n" % (page - 1) for page in (1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5))


def read_png(path):
    """(width, height, rows of (r, g, b, a) tuples) of an 8-bit RGBA or
    RGB PNG, non-interlaced (what rsvg-convert writes)."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(
                ">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0
            channels = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        filt = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if filt == 1:
                line[i] = (line[i] + a) & 255
            elif filt == 2:
                line[i] = (line[i] + b) & 255
            elif filt == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif filt == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = line

    def pixel(x, y):
        px = rows[y][x * channels:(x + 1) * channels]
        return tuple(px[:3])
    return width, height, pixel


def mmusim(*args, cwd):
    return subprocess.run([MMUSIM, *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


class SlidePlots(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="mmusim-plots-")
        with open(os.path.join(self.dir, "belady.trace"), "w") as f:
            f.write(BELADY_TRACE)
        with open(os.path.join(self.dir, "z.txt"), "w") as f:
            # pages 0..199: page k every (k+1)-th round, so the curve
            # falls over two decades of sizes
            f.write(" ".join(str(k) for r in range(60) for k in range(200)
                             if r % (k // 20 + 1) == 0) + "\n")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def run_ok(self, *args):
        r = mmusim(*args, cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r

    def svg(self, name):
        root = ET.parse(os.path.join(self.dir, name)).getroot()
        texts = {}
        for t in root.iter(SVG + "text"):
            texts.setdefault(t.get("class"), []).append(t.text)
        return root, texts

    def test_sweep_subtitle_and_linear_axes(self):
        self.run_ok("sweep", "belady.trace", "--vary", "memory_pages=4..7",
                    "--policies", "fifo,lru,opt", "--out", "s")
        root, texts = self.svg("s.svg")
        self.assertEqual(root.get("data-x-scale"), "linear")
        self.assertEqual(root.get("data-y-scale"), "linear")
        self.assertEqual(texts["subtitle"],
                         ["64 KiB pages, software reference bits"])
        self.assertEqual(texts["y-label"],
                         ["misses (faults that filled a frame)"])
        self.assertEqual(texts["tick x"], ["4", "5", "6", "7"])
        # not the varied key: the memory is said; random: its seed
        self.run_ok("sweep", "z.txt", "--from", "pages", "--vary",
                    "tlb.entries=1..64:x2",
                    "--policies", "lru,random", "--set", "ref_bits=hardware",
                    "--set", "page_size=4096", "--set", "seed=9", "--out", "t")
        root, texts = self.svg("t.svg")
        self.assertEqual(texts["subtitle"],
                         ["4 KiB pages, 3 frames (memory_pages 4), hardware "
                          "reference bits, seed 9"])
        self.assertEqual(root.get("data-x-scale"), "log")   # :x2
        self.assertEqual(texts["tick x"], ["1", "2", "5", "10", "20", "50"])

    def test_sweep_log_y(self):
        self.run_ok("sweep", "belady.trace", "--vary", "memory_pages=4..7",
                    "--policies", "opt", "--metric", "miss_ratio", "--log-y",
                    "--out", "l")
        root, texts = self.svg("l.svg")
        self.assertEqual(root.get("data-y-scale"), "log")
        # miss ratios 7/12 .. 5/12: one decade, so 1, 2, 5 times powers
        self.assertEqual(texts["tick y"], ["0.1", "0.2", "0.5", "1"])
        points = [tuple(map(float, p.split(","))) for p in
                  root.find(".//" + SVG + "polyline").get("points").split()]
        ys = [p[1] for p in points]
        # 0.5833, 0.5, 0.4167, 0.4167 on a log axis between 0.1 (bottom,
        # y 430) and 1 (top, y 74): y = 430 - (log10(v) + 1) * 356
        import math
        for y, v in zip(ys, (7 / 12, 6 / 12, 5 / 12, 5 / 12)):
            self.assertAlmostEqual(y, 430 - (math.log10(v) + 1) * 356, delta=0.01)

    def test_mrc_png_pixels(self):
        self.run_ok("mrc", "z.txt", "--from", "pages", "--sizes", "1..256:x2",
                    "--out", "m", "--log-y")
        root, texts = self.svg("m.svg")
        self.assertEqual(root.get("data-x-scale"), "log")
        self.assertEqual(root.get("data-y-scale"), "log")
        width, height, pixel = read_png(os.path.join(self.dir, "m.png"))
        self.assertEqual((width, height), (1600, 1000))      # 2x the SVG
        colours = {"lru": (0x00, 0x72, 0xB2), "opt": (0xD5, 0x5E, 0x00)}
        dots = {}
        for g in root.iter(SVG + "g"):
            if g.get("class") == "series":
                dots[g.get("data-name")] = [
                    (float(c.get("cx")), float(c.get("cy")))
                    for c in g.findall(SVG + "circle")]
        self.assertEqual([len(d) for d in dots.values()], [9, 9])
        # every dot of opt (drawn last) is in its colour; lru's where no
        # opt dot covers it (the curves meet once every page fits)
        for x, y in dots["opt"]:
            self.assertEqual(pixel(round(2 * x), round(2 * y)),
                             colours["opt"], (x, y))
        apart = [(x, y) for x, y in dots["lru"]
                 if all(abs(y - oy) > 6 or abs(x - ox) > 6
                        for ox, oy in dots["opt"])]
        self.assertGreaterEqual(len(apart), 4)
        for x, y in apart:
            self.assertEqual(pixel(round(2 * x), round(2 * y)),
                             colours["lru"], (x, y))
        # the subtitle is drawn: dark pixels on its line, none above it
        sub = [t for t in root.iter(SVG + "text") if t.get("class") == "subtitle"][0]
        y = float(sub.get("y"))
        dark = [x for x in range(200, 1400)
                if max(pixel(x, round(2 * y) - 6)) < 128]
        self.assertGreater(len(dark), 20)
        self.assertEqual([x for x in range(0, 1600) if pixel(x, 2) != (255, 255, 255)],
                         [])


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], *sys.argv[1:]], verbosity=2)
