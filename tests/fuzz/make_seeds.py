#!/usr/bin/env python3
"""tests/fuzz/make_seeds.py: write the seed inputs of corpus/NAME/ (seed-*
files) and nothing else; inputs the fuzzer found are kept beside them
under other names. Run from the source root with build/mmusim built:

    python3 tests/fuzz/make_seeds.py

The seeds are the shipped traces and configurations, the traces made for
the replay harness's tiny machine (4 KiB pages, 16 arena pages), small
samples of each importer's format, and compressed copies.
"""
import glob
import gzip
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.getcwd()
CORPUS = os.path.join(ROOT, "tests", "fuzz", "corpus")
MMUSIM = os.path.join(ROOT, "build", "mmusim")


def put(harness, name, data):
    folder = os.path.join(CORPUS, harness)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, "seed-" + name), "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def to_binary(text):
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, "t.trace"), os.path.join(tmp, "t.btrace")
        with open(src, "wb") as f:
            f.write(text)
        subprocess.run([MMUSIM, "convert", src, dst, "-q"], check=True)
        return read(dst)


def zstd(data):
    return subprocess.run(["zstd", "-q", "-c", "-19"], input=data,
                          stdout=subprocess.PIPE, check=True).stdout


BASE, BIG, SMALL = 0x600000000, 65536, 4096


def shrink(text):
    """A trace for 64 KiB pages made for the tiny machine's 4 KiB pages:
    arena page N stays page N, data files are `d`, no header."""
    def page(m):
        a = int(m.group(0), 16)
        if BASE <= a < BASE + 16 * BIG:
            a = BASE + (a - BASE) // BIG * SMALL + (a - BASE) % BIG % SMALL
        return "0x%x" % a
    text = re.sub(r"0x6[0-9a-f]{8}\b", page, text)
    text = re.sub(r'"(shared-files\.data|exhaustion\.trace)"', '"d"', text)
    return re.sub(r"(?m)^# mmusim-(config|set):.*\n", "", text)


def main():
    if not os.path.exists(MMUSIM):
        sys.exit("make_seeds.py: build/mmusim first (scripts/setup)")
    traces = sorted(glob.glob(os.path.join(ROOT, "traces", "*.trace")))
    texts = {os.path.basename(t)[:-6]: read(t) for t in traces}

    extra = {
        "escapes": b'start 1\nswitch 1\nmap swap => 0x600000000\n'
                   b'w 0x600000000 "a\\tb\\n\\\\\\"\\0\\x7f\xc3\xa9" => ok\n'
                   b'r 0x600000000 "a\\tb" => ok\ncompute 1000000\nexit\n',
        "sizes": b"start 1\nswitch 1\nmap swap\nmap swap\nw 0x600000ffe 8\n"
                 b"r 0x600000000 4096\nr 0x600001000 1 => ok\n"
                 b"r 0x600100000 => segv\n",
        "crlf": b"start 1\r\nswitch 1\r\nmap swap => 0x600000000\r\n"
                b"w 0x600000000 \"d\"   # name\r\nmap file 0x600000000 0\r\n"
                b"r 0x600001000 \"Lecture\"\r\nexit\r\n",
        "fork": b"start 1\nswitch 1\nmap swap\nw 0x600000000 5\nfork 1 2 => 0\n"
                b"switch 2\nw 0x600000000 \"child\"\nexit\n"
                b"switch 1\nr 0x600000000 5\nstart 9\nswitch 9\nexit\n",
        "window": b"start 1\nswitch 1\nmap swap\nmap swap\nw 0x600000000 \"d\"\n"
                  b"map file 0x600000000 0\nw 0x600002000 \"dirty\"\nfork 1 2\n"
                  b"reset\nswitch 2\ndiscard 0x600000000\ndiscard 0x600002000\n"
                  b"r 0x600000000 \"\\0\"\nswitch 1\nr 0x600002000 \"dirty\"\n"
                  b"discard 0x600002000\nr 0x600002000 \"dirty\"\nreset\nexit\n",
    }
    for name, text in list(texts.items()) + list(extra.items()):
        put("trace_text", name, text)
        put("trace_binary", name, to_binary(text) if name != "invalid" else b"MMUSIMTR")
        small = text if name in extra or name == "exhaustion" else \
            shrink(text.decode("utf-8", "replace")).encode()
        small = re.sub(rb"(?m)^# mmusim-(config|set):.*\n", b"",
                       small.replace(b'"exhaustion.trace"', b'"d"'))
        put("replay", name, small)
    put("replay", "belady-binary", to_binary(shrink(texts["belady"].decode()).encode()))
    put("trace_binary", "header-only", to_binary(b""))

    put("import_lackey", "sample",
        "==1234== Lackey, an example Valgrind tool\n"
        "I  04000e80,3\n L 1fff000708,8\n S 1fff000708,8\n M 0421d970,4\n"
        "I  04000e83,5\n L 1fff000ffe,4\n\n--1234-- done\n")
    put("import_lackey", "crlf-big", "I  0,1\r\n L ffffffffffff0000,16\r\n S 1000,4096\r\n")
    put("import_din", "sample",
        "# din\n0 1000\n1 0x1004 4\n2 400000 2 anything\n3 55\n4 0\n"
        "0 fffffffffffffff0 16\n1 2ffe 8\n")
    put("import_pages", "belady", "1 2 3 4 1 2 5 1 2 3 4 5\n")
    put("import_pages", "textbook", "7, 0, 1, 2, 0, 3, 0, 4  # textbook\nw5 r5 5 0x5\n")
    put("import_addrs", "sample", "0x1000 0x1fff w0x2000, r4096 # comment\n"
                                  "0xffffffffffffffff 12345678\n")
    put("import_addrs", "words", "w 5\nr0x10,w0x11\n\n")

    sample = texts["fork-cow"]
    put("gzip", "trace", gzip.compress(sample, mtime=0))
    put("gzip", "members", gzip.compress(b"start 1\nswitch 1\n", mtime=0) +
        gzip.compress(b"map swap\nr 0x600000000\nexit\n", mtime=0))
    put("gzip", "binary", gzip.compress(to_binary(sample), mtime=0))
    put("gzip", "truncated", gzip.compress(sample, mtime=0)[:-5])
    put("zstd", "trace", zstd(sample))
    put("zstd", "frames", zstd(b"start 1\nswitch 1\n") + zstd(b"map swap\nexit\n"))
    put("zstd", "binary", zstd(to_binary(sample)))
    put("zstd", "truncated", zstd(sample)[:-3])

    for c in sorted(glob.glob(os.path.join(ROOT, "configs", "*.json"))):
        put("config", os.path.basename(c)[:-5], read(c))
    put("config", "extends-base", b'{ "extends": "base.json", "policy": "lru" }')
    put("config", "extends-loop", b'{ "extends": "loop.json" }')
    put("config", "sets", b'{ "name": "s" }\0memory_pages=8\0tlb.entries=64\0'
        b'policy=fifo\0seed=18446744073709551615\0latency.walk=0x20\0name=123')
    put("config", "cross", b'{ "page_size": 8192, "arena_base": "0x600001000" }'
        b'\0tlb.ways=3\0ref_bits=hardware\0latency={"copy": 9}')


if __name__ == "__main__":
    main()
