#!/usr/bin/env bash
# FIFO, LRU, OPT and clock through the whole machine give exactly the miss
# counts that page-reference simulators and textbooks give on the same
# reference strings: a page list is imported (--from pages), every page
# takes a frame on its first touch, and the import's set-up (the page
# holding its file name) is discarded before its `reset`, so it is neither
# counted nor in a frame when measurement starts (docs/trace-formats.md).
# FIFO, LRU and OPT take no other fault, so faults = misses too; clock's
# reference faults (software bits) are minor faults, not misses.
# Usage: textbook.sh MMUSIM
set -euo pipefail
mmusim=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

check() { # NAME STRING POLICY FRAMES EXPECTED_MISSES
	printf '%s\n' "$2" >"$tmp/$1.pages"
	local got
	got=$("$mmusim" run "$tmp/$1.pages" --from pages --set policy="$3" \
		--set memory_pages=$(($4 + 1)) --json --check |
		python3 -c 'import json, sys; r = json.load(sys.stdin)
print(r["misses"]["total"], r["faults"]["major"], r["faults"]["total"] - r["faults"]["minor"],
      r["accesses"]["total"])')
	local refs
	refs=$(printf '%s\n' "$2" | tr ',' '\n' | wc -l)
	if [ "$got" != "$5 $5 $5 $refs" ]; then
		echo "FAIL: $1 $3 with $4 frames: misses, major, non-minor faults, accesses" \
			"$got; expected $5 $5 $5 $refs"
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
# Second chance (clock), a page loaded with its reference bit set
# (Tanenbaum, Modern Operating Systems, "The Second-Chance Page Replacement
# Algorithm"): 1 2 3 miss; 1 hits; 4 finds every bit set, clears them all
# and evicts 1; 1 misses and evicts 2: 5 misses with 3 frames.
check second-chance 1,2,3,1,4,1 clock 3 5
exit $failed
