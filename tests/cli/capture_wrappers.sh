#!/usr/bin/env bash
# scripts/capture and wrapper scripts (issue 17): a shell script is refused
# before valgrind runs (it would trace the shell), a pyenv shim is resolved
# to the program it runs, --allow-script traces the script anyway.
# Usage: capture_wrappers.sh SOURCE_ROOT MMUSIM
set -euo pipefail
root=$1 mmusim=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fail() { echo "FAIL: $*"; exit 1; }

printf '#!/bin/sh\nexec /bin/true "$@"\n' > wrap.sh
chmod +x wrap.sh
set +e
"$root/scripts/capture" --mmusim "$mmusim" w.trace -- ./wrap.sh 2>err
status=$?
set -e
[ $status -eq 2 ] || fail "a shell script: status $status, not 2"
grep -q "capture: ./wrap.sh is a shell script: valgrind would trace the shell" err ||
	fail "a shell script: $(cat err)"
[ ! -e w.trace ] || fail "a shell script: w.trace written"

# A pyenv shim: a bash script in .../shims/, and a pyenv that names /bin/true.
mkdir -p fake/shims fake/bin
printf '#!/usr/bin/env bash\nexec pyenv exec "$@"\n' > fake/shims/tool
printf '#!/bin/sh\n[ "$1" = which ] && [ "$2" = tool ] && echo /bin/true\n' > fake/bin/pyenv
chmod +x fake/shims/tool fake/bin/pyenv
PATH="$tmp/fake/shims:$tmp/fake/bin:$PATH" \
	"$root/scripts/capture" --mmusim "$mmusim" --limit 500 t.trace -- tool 2>err ||
	fail "a pyenv shim: $(cat err)"
grep -q "capture: tool is a pyenv shim: tracing /bin/true" err || fail "no shim note: $(cat err)"
grep -q "^start 1$" t.trace || fail "no trace written"

"$root/scripts/capture" --mmusim "$mmusim" --allow-script --limit 200 s.trace -- ./wrap.sh 2>err ||
	fail "--allow-script: $(cat err)"
[ -s s.trace ] || fail "--allow-script: no trace"
echo "ok: capture refuses or resolves wrapper scripts"
