#!/usr/bin/env bash
# Smoke-test a built Linux bundle as a new user on a machine without Python would run it.
#
#   installer/linux/smoke.sh DIST_DIR          e.g. installer/linux/smoke.sh dist/habeas
#
# Every run has an empty environment (env -i), a new temporary HOME and HABEAS_HOME, and a PATH
# whose first folder has python/python3 stand-ins that record being called: the bundle must not
# use a Python of the machine. Checks: --version, doctor (warnings allowed, no problem, no crash),
# a PDF letter from examples/, the PostgreSQL driver loads, and the window opened and closed with
# Ctrl+Q under Xvfb, as `habeas` and as `habeas-gui` (which ignores its arguments). Prints the
# bundle's size and start times. Needs Xvfb and xdotool (Debian: xvfb xdotool). Exit 0 = passed.
# SMOKE_SCREENSHOT=FILE keeps a screenshot of the window (needs ImageMagick's import).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIST_DIR" >&2; exit 2; }
BUNDLE=$(cd "$1" && pwd)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PROGRAM="$BUNDLE/habeas"
[ -x "$PROGRAM" ] || { echo "FAIL: no program $PROGRAM" >&2; exit 1; }
VERSION=${SMOKE_VERSION:-$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$ROOT/app/__init__.py")}

WORK=$(mktemp -d /tmp/habeas-smoke.XXXXXX)
XVFB_PID=""
cleanup() {
  [ -z "$XVFB_PID" ] || kill "$XVFB_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/bin" "$WORK/home"
for name in python python3 python3.11; do
  printf '#!/bin/sh\necho "%s $*" >> %s/python-used\nexit 97\n' "$name" "$WORK" > "$WORK/bin/$name"
  chmod +x "$WORK/bin/$name"
done

failures=0
pass() { printf 'ok    %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; failures=$((failures + 1)); }

# The bundle's whole world: nothing inherited but what is set here.
run() {
  env -i PATH="$WORK/bin:/usr/bin:/bin" HOME="$WORK/home" HABEAS_HOME="$WORK/home/habeas" \
    HABEAS_PASSPHRASE="smoke-test passphrase" ${SMOKE_DISPLAY:+DISPLAY=$SMOKE_DISPLAY} "$@"
}
now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# 1. --version, and how fast the program starts.
t0=$(now)
out=$(run "$PROGRAM" --version 2>&1) || true
t1=$(now)
version_time=$(seconds "$t0" "$t1")
[ "$out" = "Habeas $VERSION" ] && pass "--version: $out (${version_time} s)" || fail "--version printed: $out"

# 2. doctor: creates the encrypted store through the shipped migrations; warnings are fine here
#    (no secure keyring in an empty environment), a problem or a crash is not.
status=0
out=$(run "$PROGRAM" doctor 2>&1) || status=$?
if [ "$status" -eq 0 ] && ! grep -q "Traceback\|^Problem" <<<"$out" && grep -q "schema revision" <<<"$out"; then
  pass "doctor: $(grep -c '^Warning' <<<"$out") warning(s), $(grep 'schema revision' <<<"$out" | sed 's/.*schema/schema/')"
else
  fail "doctor exited $status:"; echo "$out" | sed 's/^/      /'
fi

# 3. A letter from examples/, as PDF (fonts, templates, law data, reportlab) and CJK text.
status=0
out=$(run "$PROGRAM" letter --input "$ROOT/examples/de-access.json" --out "$WORK/letter.pdf" 2>&1) || status=$?
if [ "$status" -eq 0 ] && [ "$(head -c 5 "$WORK/letter.pdf" 2>/dev/null)" = "%PDF-" ]; then
  pass "letter: examples/de-access.json -> PDF of $(stat -c %s "$WORK/letter.pdf") bytes"
else
  fail "letter exited $status: $out"
fi
status=0
out=$(run "$PROGRAM" letter --input "$ROOT/examples/cn-access.json" --text 2>&1) || status=$?
[ "$status" -eq 0 ] && grep -q "公安" <<<"$out" && pass "letter: examples/cn-access.json as Chinese text" \
  || fail "Chinese letter exited $status: $(head -c 300 <<<"$out")"

# 4. The PostgreSQL driver is in the bundle: a refused connection is a message, not a missing module.
out=$(run "$PROGRAM" --database "postgresql+psycopg://habeas@127.0.0.1:9/none" doctor 2>&1) || true
if grep -qi "No module named\|ModuleNotFoundError\|Traceback\|Can't load plugin" <<<"$out"; then
  fail "PostgreSQL driver: $(head -c 300 <<<"$out")"
else
  pass "PostgreSQL driver loads (the connection was refused, as expected)"
fi

# 5. The window under Xvfb: mapped, then closed with Ctrl+Q, the process exiting 0.
command -v Xvfb >/dev/null || { fail "Xvfb is not installed"; }
command -v xdotool >/dev/null || { fail "xdotool is not installed"; }
window_times=()
if command -v Xvfb >/dev/null && command -v xdotool >/dev/null; then
  display=""
  for n in $(seq 91 120); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { display=":$n"; break; }
  done
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
  XVFB_PID=$!
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
  export SMOKE_DISPLAY=$display

  open_and_close() {  # label, program and arguments
    local label=$1; shift
    local start pid wid="" status=0
    start=$(now)
    run "$@" >"$WORK/gui.log" 2>&1 &
    pid=$!
    for _ in $(seq 300); do
      wid=$(DISPLAY=$display xdotool search --onlyvisible --name '^Habeas' 2>/dev/null | head -n 1) || true
      [ -n "$wid" ] && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if [ -z "$wid" ]; then
      kill "$pid" 2>/dev/null || true
      fail "$label: no window appeared: $(head -c 400 "$WORK/gui.log")"
      return
    fi
    local shown
    shown=$(seconds "$start" "$(now)")
    window_times+=("$shown")
    # Let the store open (key derivation, migrations) before the screenshot and the shortcut.
    sleep "${SMOKE_SETTLE:-3}"
    if [ -n "${SMOKE_SCREENSHOT:-}" ] && command -v import >/dev/null; then
      DISPLAY=$display import -window root "$SMOKE_SCREENSHOT" 2>/dev/null || true
      SMOKE_SCREENSHOT=""
    fi
    DISPLAY=$display xdotool windowfocus --sync "$wid" key ctrl+q 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      fail "$label: the window did not close on Ctrl+Q"
      return
    fi
    wait "$pid" || status=$?
    if [ "$status" -eq 0 ] && ! grep -q "Traceback" "$WORK/gui.log"; then
      pass "$label: window \"$(DISPLAY=$display xdotool getwindowname "$wid" 2>/dev/null || echo Habeas)\" shown after ${shown} s, closed, exit 0"
    else
      fail "$label: exit $status: $(head -c 400 "$WORK/gui.log")"
    fi
  }
  open_and_close "habeas (no arguments)" "$PROGRAM"
  if [ -e "$BUNDLE/habeas-gui" ]; then
    open_and_close "habeas-gui --version (still the window)" "$BUNDLE/habeas-gui" --version
  else
    fail "no habeas-gui beside the program"
  fi
fi

# 6. No Python of the machine was used.
if [ -s "$WORK/python-used" ]; then
  fail "the bundle called the machine's Python: $(tr '\n' ';' < "$WORK/python-used")"
else
  pass "no python on PATH was called"
fi

echo "bundle: $(du -sh "$BUNDLE" | cut -f1) in $(find "$BUNDLE" -type f | wc -l) files"
echo "start: --version ${version_time} s; window shown ${window_times[*]:-n/a} s"
if [ "$failures" -gt 0 ]; then
  echo "smoke test FAILED: $failures check(s)"
  exit 1
fi
echo "smoke test passed"
