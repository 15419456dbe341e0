#!/usr/bin/env bash
# tests/golden/gen_cli.sh MMUSIM ROOT: `mmusim gen` (shapes, seeds, errors,
# the trace it writes) and the trace configuration header (docs/trace.md):
# exact strings and exit codes, checked by hand from the definitions.
set -uo pipefail
mmusim=$1 root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }
refs() { "$mmusim" gen "$@" | sed -n 's/^References ([^)]*): //p'; }

# loop: 0..N-1 over and over, whatever the seed
[ "$(refs --shape loop --pages 4 --length 10 --seed 9)" = "0 1 2 3 0 1 2 3 0 1" ] ||
	fail "loop: $(refs --shape loop --pages 4 --length 10)"
# the same seed gives the same string, another seed another one
for shape in uniform zipf phases; do
	a=$(refs --shape $shape --pages 12 --length 200 --seed 5)
	b=$(refs --shape $shape --pages 12 --length 200 --seed 5)
	c=$(refs --shape $shape --pages 12 --length 200 --seed 6)
	[ -n "$a" ] && [ "$a" = "$b" ] || fail "$shape: seed 5 twice differs"
	[ "$a" != "$c" ] || fail "$shape: seeds 5 and 6 give the same string"
	n=$(echo $a | wc -w)
	[ "$n" -eq 200 ] || fail "$shape: $n references, want 200"
	for p in $a; do [ "$p" -ge 0 ] && [ "$p" -lt 12 ] || { fail "$shape: page $p"; break; }; done
done
# phases: each phase of 10 references touches at most 3 pages
a=$(refs --shape phases --pages 20 --length 100 --working-set 3 --phase-length 10 --seed 2)
python3 - "$a" <<'PY' || fail "phases: a phase has more than 3 pages"
import sys
r = sys.argv[1].split()
sys.exit(any(len(set(r[i:i + 10])) > 3 for i in range(0, 100, 10)))
PY
# zipf: the most popular page takes far more than its 1/20 share at skew 1.2
a=$(refs --shape zipf --pages 20 --length 2000 --skew 1.2 --seed 3)
top=$(echo $a | tr ' ' '\n' | sort | uniq -c | sort -rn | head -1 | awk '{print $1}')
[ "$top" -gt 400 ] || fail "zipf: the top page has $top of 2000 (want > 400)"
# uniform: no page far from its share (2000/10 = 200 each)
a=$(refs --shape uniform --pages 10 --length 2000 --seed 4)
echo $a | tr ' ' '\n' | sort | uniq -c | awk '$1 < 130 || $1 > 270 {bad=1} END {exit bad}' ||
	fail "uniform: a page far from 200 of 2000"

# --no-answers is the question only; --answers adds the table
q=$("$mmusim" gen --string 1,2,1 --no-answers)
echo "$q" | grep -q "hit or miss?" && ! echo "$q" | grep -q "^access" || fail "--no-answers: $q"
"$mmusim" gen --string 1,2,1 --answers | grep -q "^     3 1      hit " || fail "--answers"

# errors: exit 2 and a message naming the option
err() { # WANT ARGS...
	local want=$1; shift
	"$mmusim" gen "$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	[ $rc -eq 2 ] && grep -q -- "$want" "$tmp/err" && [ ! -s "$tmp/out" ] ||
		fail "gen $*: exit $rc, stderr '$(cat "$tmp/err")' (want 2 and '$want')"
}
err "--pages needs a number from 1 to 4096" --pages 0
err "--length needs a number" --length x
err "--shape: 'sine' is not" --shape sine
err "--string: 'a' is not a page number" --string 1,a
err "--skew needs a number" --skew -1
err "unknown option '--frobnicate'" --frobnicate
err 'unknown policy "nope"' --policy nope
"$mmusim" run "$root/traces/belady.trace" --steps --json >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "not with --json" "$tmp/err" || fail "run --steps --json"

# --trace: a trace that carries its configuration; run --steps gives the
# same table as --answers, and no warning
"$mmusim" gen --string 7,0,1,2,0,3 --policy lru --frames 2 --trace "$tmp/t.trace" --answers >"$tmp/answers"
grep -qx "# mmusim-set: memory_pages=3" "$tmp/t.trace" && grep -qx "# mmusim-set: policy=lru" "$tmp/t.trace" ||
	fail "the trace's header: $(head -6 "$tmp/t.trace")"
"$mmusim" run "$tmp/t.trace" --steps >"$tmp/steps" 2>"$tmp/err"
[ ! -s "$tmp/err" ] || fail "run of the generated trace warns: $(cat "$tmp/err")"
diff <(sed -n '/^# policy/,$p' "$tmp/answers") "$tmp/steps" >/dev/null || fail "run --steps differs from gen --answers"
grep -q "^# policy lru, 2 usable frames" "$tmp/steps" || fail "the header's settings were not used"
# a command-line setting wins, with a warning naming the key and both values
"$mmusim" run "$tmp/t.trace" --steps --set memory_pages=4 >"$tmp/steps" 2>"$tmp/err"
grep -q "^# policy lru, 3 usable frames" "$tmp/steps" || fail "--set did not win"
grep -qx "mmusim run: warning: the command line sets memory_pages to 4; $tmp/t.trace was made for 3" "$tmp/err" ||
	fail "no override warning: $(cat "$tmp/err")"
# --trace - writes the trace only
"$mmusim" gen --string 3 --trace - | grep -qx "w 0x600030000 1" || fail "--trace -"

# the header: a shipped demo runs as shipped
"$mmusim" run "$root/traces/exhaustion.trace" >/dev/null 2>"$tmp/err" ||
	fail "traces/exhaustion.trace fails as shipped: $(cat "$tmp/err")"
# a broken header is bad input, at its line
printf '# mmusim-set: memory_pages=2\nstart 1\n' >"$tmp/bad.trace"
"$mmusim" run "$tmp/bad.trace" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "^mmusim run: $tmp/bad.trace:1: the configuration the trace names: " "$tmp/err" ||
	fail "bad header: $(cat "$tmp/err")"
printf '# mmusim-config: nothere.json\nstart 1\n' >"$tmp/bad.trace"
"$mmusim" run "$tmp/bad.trace" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "nothere.json" "$tmp/err" || fail "missing header file: $(cat "$tmp/err")"
# after the first event it is only a comment
printf 'start 1\n# mmusim-set: memory_pages=2\nexit\n' >"$tmp/late.trace"
"$mmusim" run "$tmp/late.trace" >/dev/null 2>"$tmp/err" || fail "a late header line was read"

[ $failed -eq 0 ] && echo "ok: gen and the trace header"
exit $failed
