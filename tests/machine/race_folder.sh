#!/usr/bin/env bash
# The folder escape of issue 11: a renaming loop flips the trace's folder
# `d` between a real folder and a symbolic link to a folder outside, while
# `mmusim run --write-files` reads d/x.bin and writes it back for SECONDS
# seconds (default 10). Zero escapes: no run reads the outside file (its
# text check would see "OUTSIDE"), the outside file keeps its checksum, and
# the loop and the runs both really ran, some runs writing the inside file.
# usage: race_folder.sh MMUSIM [SECONDS]
set -u
mmusim=$1
seconds=${2:-10}
dir=$(mktemp -d /tmp/mmusim-race-XXXXXX)
flipper=
cleanup() {
	[ -n "$flipper" ] && kill "$flipper" 2>/dev/null && wait "$flipper" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT

mkdir -p "$dir/in/d" "$dir/outdir"
printf 'inside' >"$dir/in/d/x.bin"
printf 'OUTSIDE, never written' >"$dir/outdir/x.bin"
ln -s ../outdir "$dir/in/d.link"
cat >"$dir/in/t.trace" <<'TRACE'
start 1
switch 1
map swap => 0x600000000
w 0x600000000 "d/x.bin"
map file 0x600000000 0
r 0x600001000 "inside"
w 0x600001000 "written by the run"
map swap
map swap
w 0x600002000 1
w 0x600003000 1
exit
TRACE
before=$(sha256sum <"$dir/outdir/x.bin")

# The flipper: python's os.rename in a tight loop (a shell would fork mv
# for every rename and flip far too slowly to hit the window).
# It writes its count, all or nothing, into ../flips when told to stop.
python3 - "$dir/in" <<'PY' &
import os, signal, sys
os.chdir(sys.argv[1])
n = 0
def done(*_):
    with open("../flips.tmp", "w") as f:
        f.write(str(n))
    os.replace("../flips.tmp", "../flips")
    sys.exit(0)
signal.signal(signal.SIGTERM, done)
while True:
    os.rename("d", "d.real"); os.rename("d.link", "d")
    os.rename("d", "d.link"); os.rename("d.real", "d")
    n += 1
PY
flipper=$!

runs=0 wrote=0
end=$((SECONDS + seconds))
while [ $SECONDS -lt $end ]; do
	"$mmusim" run "$dir/in/t.trace" --write-files --no-shadow \
		--set page_size=4096 --set memory_pages=3 >/dev/null 2>"$dir/err"
	rc=$?
	if [ $rc -gt 2 ]; then
		echo "FAIL: run exited $rc"
		exit 1
	fi
	runs=$((runs + 1))
	if grep -q OUTSIDE "$dir/err"; then
		echo "FAIL: run $runs read the file outside the trace's folder"
		exit 1
	fi
	if grep -q "written by the run" "$dir/outdir/x.bin"; then
		echo "FAIL: run $runs wrote outside the trace's folder"
		exit 1
	fi
	# (once written, the inside file keeps the text: it counts the runs
	# from the first that wrote it; the outside one must never get it)
	grep -q "written by the run" "$dir/in/d/x.bin" "$dir/in/d.real/x.bin" 2>/dev/null &&
		wrote=$((wrote + 1))
done
kill "$flipper"; wait "$flipper" 2>/dev/null; flipper=

flips=$(cat "$dir/flips" 2>/dev/null || echo 0)
after=$(sha256sum <"$dir/outdir/x.bin")
echo "$runs runs, $flips flips, $wrote runs wrote the inside file"
[ "$before" = "$after" ] || { echo "FAIL: the outside file changed"; exit 1; }
[ "$runs" -ge 20 ] || { echo "FAIL: only $runs runs"; exit 1; }
[ "$flips" -ge 1000 ] || { echo "FAIL: the folder flipped only $flips times"; exit 1; }
[ "$wrote" -ge 1 ] || { echo "FAIL: no run wrote the inside file"; exit 1; }
echo "ok: zero escapes"
