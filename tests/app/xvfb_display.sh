# Sourced by the xdotool walks: starts a private Xvfb of the given geometry (WxHxDEPTH) on a free
# display, exports DISPLAY, waits until it answers, and on exit stops it and the trainer whose pid
# the walk keeps in $app. open_window waits for the trainer's window and focuses it ($win).
start_display() {
    display=":$((70 + RANDOM % 200))"
    Xvfb "$display" -screen 0 "$1" -nolisten tcp >/dev/null 2>&1 &
    xvfb=$!
    app=""
    trap 'if [ -n "$app" ]; then kill "$app" 2>/dev/null || true; fi; kill "$xvfb" 2>/dev/null || true' EXIT
    export DISPLAY="$display"
    for _ in $(seq 50); do xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done
}

open_window() { # the trainer's window: wait for it, put it at the top left, focus it
    win=""
    for _ in $(seq 150); do # no window manager: poll (xdotool --sync can wait forever)
        win="$(xdotool search --onlyvisible --name . 2>/dev/null | head -1 || true)"
        [ -n "$win" ] && break
        sleep 0.1
    done
    [ -n "$win" ] || { echo "the trainer's window did not appear" >&2; exit 1; }
    xdotool windowmove "$win" 0 0 2>/dev/null || true
    xdotool windowfocus "$win" 2>/dev/null || true
    sleep 4 # the first frame (a loaded machine: seconds)
}
