#!/usr/bin/env bash
# A golden run: replay a shipped trace and hold its --json report against
# the expected one, byte for byte; the same run twice must give identical
# --json and --log output, and --check (pager_check and TLB coherence after
# every event) must pass.
# Usage: golden.sh MMUSIM SOURCE_ROOT TRACE CONFIG EXPECTED_JSON [ARGS...]
set -euo pipefail
mmusim=$1 root=$2 trace=$3 config=$4 expected=$5
shift 5
cd "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() { "$mmusim" run "$trace" --config "$config" "$@"; }

run --json "$@" >"$tmp/a.json"
run --json "$@" >"$tmp/b.json"
cmp "$tmp/a.json" "$tmp/b.json" || { echo "FAIL: --json differs between two runs"; exit 1; }
run --log "$@" >"$tmp/a.log"
run --log "$@" >"$tmp/b.log"
cmp "$tmp/a.log" "$tmp/b.log" || { echo "FAIL: --log differs between two runs"; exit 1; }
run --check "$@" >/dev/null || { echo "FAIL: --check run failed"; exit 1; }
if ! diff -u "$expected" "$tmp/a.json"; then
	echo "FAIL: the report differs from $expected"
	exit 1
fi
echo "ok: $trace ($config $*)"
