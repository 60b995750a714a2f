#!/usr/bin/env bash
# Sits the shipped foundation certificate end to end in the real trainer window, as a newcomer
# would, driven by xdotool under Xvfb: sign-in, instructions, each practical level's brief, the
# drill's 20 targets struck by the mouse, the two other levels handed in, the 16 questions answered
# by typed text and Enter, the hand-in dialog, the final screen. F12 (the trainer's own screenshot
# key) saves every screen on the way. Then `stipple regrade` must reproduce the signed result
# byte for byte.
#
#   tests/app/exam_by_xdotool.sh [BUILD_DIR] [OUT_DIR]     (defaults: build, a temporary folder)
#
# Exit 0 when the sitting reached its final screen and the regrade reproduced it.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(cd "${1:-$here/build}" && pwd)"
out="${2:-$(mktemp -d)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
data="$out/user-data"
mkdir -p "$data"
stipple="$build/stipple"

source "$here/tests/app/xvfb_display.sh"
start_display 1280x1024x24

"$stipple" keys init --dir "$data/keys" >/dev/null
cd "$out"
"$stipple" --exam "$here/levels/exams/foundation-certificate.xml" --screen exam-signin --user-data "$data" \
    --station xdotool-station --size 1280x960 2>"$out/trainer.log" &
app=$!
open_window

shot() { # F12: the trainer saves the window; rename it to say which screen it is
    xdotool key F12
    sleep 0.8
    local f
    f="$(ls -t stipple-*.png 2>/dev/null | head -1 || true)"
    [ -n "$f" ] && mv "$f" "$out/exam-$1.png"
}
key() { xdotool key "$@"; sleep 0.4; }

xdotool type --delay 60 "Ana.Souza"
key Tab
xdotool type --delay 60 "Ana Souza"
shot 1-signin
key Return
sleep 0.5
shot 2-instructions
key Return
sleep 0.8
shot 3-drill-brief
key Return
sleep 0.5
# The drill's targets (levels/01-dot-drill.xml, mm) on the canvas at 1280x960: origin (27, 172),
# 42.6 px/mm at the opening zoom. Each strike: a press held a tenth of a second.
for t in "2.2 2" "6.5 1.9" "10.1 2.3" "13 2.5" "16.8 2.4" "1.8 5.2" "6.1 6.3" "9.4 5.4" "14 6.4" "17.6 5.7" \
         "3.3 8.5" "6.8 8.8" "9.4 8.6" "13.4 9.5" "17 9.2" "2.7 12.2" "6.3 11.8" "9.3 12" "14 12.3" "17.2 12.5"; do
    set -- $t
    x=$(awk -v v="$1" 'BEGIN { printf "%d", 27 + v * 42.6 }')
    y=$(awk -v v="$2" 'BEGIN { printf "%d", 172 + v * 42.6 }')
    xdotool mousemove "$x" "$y"
    sleep 0.25
    xdotool mousedown 1
    sleep 0.1
    xdotool mouseup 1
    sleep 0.15
done
xdotool mousemove 1100 700
sleep 0.5
shot 4-drill-work
key Return      # hand in the level …
shot 5-hand-in-level
key Return      # … confirmed
sleep 0.8
shot 6-even-patch-brief
key Return
sleep 0.5
key Return
key Return
sleep 0.8
shot 7-hairline-brief
key Return
sleep 0.5
key Return
key Return
sleep 1
for q in $(seq -w 1 16); do
    shot "8-question-$q"
    xdotool type "1"   # the first choice shown, true, the number 1; an ordering keeps its order
    sleep 0.3
    key Return
done
sleep 0.5
shot 9-hand-in-questions
key Return
sleep 3
shot 10-final
xdotool key ctrl+q || true
sleep 1

rec="$(ls "$data"/recordings/*.stiprec | head -1)"
echo "recording: $rec"
"$stipple" regrade "$rec" | tee "$out/regrade.txt"
grep -q "the same bytes as" "$out/regrade.txt"
echo "screens: $out"
