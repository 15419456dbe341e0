#!/bin/sh
# tests/viz/no_display.sh MMUSIM TRACE: `mmusim viz` with no display at
# all, and with a DISPLAY where no server listens, exits 2 within seconds
# with the hint to use --headless, without any video driver forced (SDL
# 2.26 falls back to its invisible offscreen driver; that must count as no
# display, not hang for ever).
set -u
mmusim=$1 trace=$2
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
fail=0
check() { # NAME ENV...
	name=$1; shift
	timeout 30 env -u SDL_VIDEODRIVER -u SDL_VIDEO_DRIVER "$@" "$mmusim" viz "$trace" >"$out" 2>&1
	rc=$?
	if [ $rc -ne 2 ] || ! grep -q -- "--headless" "$out"; then
		echo "FAIL $name: exit $rc (want 2 with the --headless hint):"; cat "$out"
		fail=1
	else
		echo "ok $name"
	fi
}
check "no display" -u DISPLAY -u WAYLAND_DISPLAY
check "display :987 with no server" -u WAYLAND_DISPLAY DISPLAY=:987
check "display :987, XDG_RUNTIME_DIR unset" -u WAYLAND_DISPLAY -u XDG_RUNTIME_DIR DISPLAY=:987
exit $fail
