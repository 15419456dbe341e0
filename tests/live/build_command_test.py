#!/usr/bin/env python3
"""tests/live/build_command_test.py: the build command docs/live.md gives
works, with the pkg-config file of the build folder (meson-uninstalled),
for C17 and C++17, and the program it makes runs live; vm_app.h with a
vm_pager.h (its include guard defined) is a compile error.

Usage: build_command_test.py MMUSIM BUILD_ROOT C_SOURCE CXX_SOURCE
"""
import os
import subprocess
import sys
import tempfile


def main():
    mmusim, build_root, c_source, cxx_source = sys.argv[1:5]
    env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(build_root, "meson-uninstalled"))
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "mmusim-app"], env=env,
                           capture_output=True, text=True)
    if flags.returncode != 0:
        print("FAIL: pkg-config --cflags --libs mmusim-app:\n" + flags.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="mmusim-live-build-") as tmp:
        for compiler, std, source in (("cc", "-std=c17", c_source),
                                      ("g++", "-std=c++17", cxx_source)):
            out = os.path.join(tmp, os.path.basename(source) + ".exe")
            cmd = [compiler, std, "-fno-builtin", source] + flags.stdout.split() + ["-o", out]
            built = subprocess.run(cmd, capture_output=True, text=True)
            if built.returncode != 0:
                print("FAIL: " + " ".join(cmd) + "\n" + built.stderr)
                return 1
            run = subprocess.run([mmusim, "live", "--quiet", out], cwd=tmp,
                                 capture_output=True, text=True, timeout=60)
            want = open(source.rsplit(".", 1)[0] + ".out").read()
            if run.returncode != 0 or run.stdout != want:
                print(f"FAIL: {out}: status {run.returncode}, output:\n{run.stdout}{run.stderr}")
                return 1
            print("ok: " + " ".join(cmd))
        both = os.path.join(tmp, "both.c")
        with open(both, "w") as f:
            f.write("#define _VM_PAGER_H_\n#include \"vm_app.h\"\nint main(void) { return 0; }\n")
        built = subprocess.run(["cc", "-std=c17", "-c", both, "-o", both + ".o"]
                               + flags.stdout.split(), capture_output=True, text=True)
        if built.returncode == 0 or "vm_app.h and vm_pager.h cannot be included" not in built.stderr:
            print("FAIL: vm_app.h after vm_pager.h compiled:\n" + built.stderr)
            return 1
        print("ok: vm_app.h with vm_pager.h is an error")
    return 0


if __name__ == "__main__":
    sys.exit(main())
