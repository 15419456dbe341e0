#!/usr/bin/env bash
# FIFO, LRU and OPT through the whole machine give the miss counts that
# page-reference simulators and textbooks give on the same reference
# strings: a page list is imported (--from pages), every page takes a frame
# on its first touch, and the only extra fault is the first write of the
# page holding the import's file name (docs/trace-formats.md).
# Usage: textbook.sh MMUSIM
set -euo pipefail
mmusim=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

check() { # NAME STRING POLICY FRAMES EXPECTED_MISSES
	printf '%s\n' "$2" >"$tmp/$1.pages"
	local faults
	faults=$("$mmusim" run "$tmp/$1.pages" --from pages --set policy="$3" \
		--set memory_pages=$(($4 + 1)) --json |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["faults"]["total"])')
	if [ "$faults" -ne $(($5 + 1)) ]; then
		echo "FAIL: $1 $3 with $4 frames: $((faults - 1)) misses, expected $5"
		failed=1
	else
		echo "ok: $1 $3 with $4 frames: $5 misses"
	fi
}

belady=1,2,3,4,1,2,5,1,2,3,4,5
check belady "$belady" fifo 3 9
check belady "$belady" fifo 4 10   # Belady's anomaly
check belady "$belady" lru 3 10
check belady "$belady" lru 4 8
check belady "$belady" opt 3 7
check belady "$belady" opt 4 6
# Silberschatz, Operating System Concepts, the 20-reference string
osc=7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1
check osc "$osc" fifo 3 15
check osc "$osc" lru 3 12
check osc "$osc" opt 3 9
exit $failed
