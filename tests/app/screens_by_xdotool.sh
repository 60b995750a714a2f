#!/usr/bin/env bash
# A newcomer's walk through every screen of the trainer in the real window, driven by xdotool
# under Xvfb at one window size: the level list, a level's brief, practice (strikes by the mouse),
# the F1 help, the finish dialog, the results, the progress and cohort views, the quiz and its
# answer, the level editor (its title typed into, the edit cancelled) and its help, score-a-photo, a layered level healed to its second
# session, full screen (F11) and back, and the replay of the recorded attempt. F12 (the trainer's
# own screenshot key) saves each screen as OUT_DIR/walk-WxH-NN-name.png: look at them. The exam
# screens have their own walk (exam_by_xdotool.sh).
#
#   tests/app/screens_by_xdotool.sh [BUILD_DIR] [OUT_DIR] [WxH]   (defaults: build, a temporary folder, 1280x960)
#
# Exit 0 when every screen was reached and saved.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(cd "${1:-$here/build}" && pwd)"
out="${2:-$(mktemp -d)}"
size="${3:-1280x960}"
W="${size%x*}"
H="${size#*x}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
data="$out/user-data-$size"
rm -rf "$data"
mkdir -p "$data"
stipple="$build/stipple"

source "$here/tests/app/xvfb_display.sh"
start_display "$((W + 16))x$((H + 64))x24"

cd "$out"
n=0
shot() { # F12 saves the window; the name says which screen it is
    xdotool key F12
    local f="" _
    for _ in $(seq 100); do # a loaded machine draws slowly: wait for the file
        f="$(ls -t stipple-*.png 2>/dev/null | head -1 || true)"
        [ -n "$f" ] && break
        sleep 0.1
    done
    sleep 0.2
    [ -n "$f" ] || { echo "no screenshot for $1" >&2; exit 1; }
    n=$((n + 1))
    mv "$f" "$out/walk-$size-$(printf %02d "$n")-$1.png"
    echo "walk-$size-$(printf %02d "$n")-$1.png"
}
key() { xdotool key "$@"; sleep "${STEP:-0.8}"; }
strikes() { # $1 strikes over the middle of the canvas (the left two thirds of the window)
    local i x y
    for i in $(seq "$1"); do
        x=$(( W * (18 + (i * 37) % 34) / 100 ))
        y=$(( H * (38 + (i * 53) % 30) / 100 ))
        xdotool mousemove "$x" "$y"
        sleep 0.12
        xdotool mousedown 1
        sleep 0.08
        xdotool mouseup 1
        sleep 0.05
    done
    xdotool mousemove $((W - 40)) $((H / 2))
    sleep 0.5
}

common=(--levels "$here/levels" --user-data "$data" --db "$data/results.db" --trainee "Zoë Ødegård-Łukasiewicz")
"$stipple" "${common[@]}" --size "$size" 2>"$out/trainer-$size.log" &
app=$!
open_window

shot select
key Home                       # the first level …
key Down                       # … then 02: an even patch
key Return
shot brief
key F1
shot brief-help
key Escape
key Return                     # begin
strikes 40
shot practice
key F1
shot practice-help
key Escape
key Return                     # finish …
shot finish-dialog
key Return                     # … confirmed
sleep 1.5
shot results
key Escape                     # back to the levels
sleep 0.5
key p
sleep 1
shot progress
key Escape
key c
sleep 1
shot cohort
key Escape
key q
sleep 2
shot quiz
xdotool type --delay 200 "1"
sleep 1
shot quiz-typed
key Return
shot quiz-answered
key Escape                     # hand in: the review
sleep 0.5
shot quiz-review
key Escape                     # back to the levels
sleep 0.5
key e
sleep 1
shot editor
key Return                     # the focused field, the level's title: Enter edits it
xdotool type --delay 150 " (draft)"
sleep 0.5
shot editor-title
key Escape                     # cancels the edit: the file is not changed
key F1
shot editor-help
key Escape
key Escape
sleep 0.5
key o
sleep 1
shot scan
key Escape
sleep 0.5
key Down                       # 04: crown layers
key Down
key Return
key Return
strikes 25
key 2                          # the layer keys: hide and show session 1's dots (an AZERTY Shift+2 types 2 too)
key 1
key 1
key n                          # heal …
shot next-session-dialog
key Return                     # … confirmed
sleep 4
shot second-session
key F11                        # full screen …
sleep 2
shot fullscreen
key F11                        # … and back
sleep 2
shot windowed
xdotool key ctrl+q || true
sleep 1
app=""

rec="$(ls -t "$data"/practice/*.stiprec 2>/dev/null | tail -1 || true)"
[ -n "$rec" ] || { echo "no practice recording in $data/practice" >&2; exit 1; }
"$stipple" replay "$rec" --size "$size" 2>>"$out/trainer-$size.log" &
app=$!
open_window
sleep 3
shot replay
xdotool key ctrl+q || true
sleep 1
app=""
echo "every screen saved: $out/walk-$size-*.png"
