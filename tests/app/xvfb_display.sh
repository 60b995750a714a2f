# Sourced by the xdotool walks: starts a private Xvfb of the given geometry (WxHxDEPTH) on a free
# display, exports DISPLAY, waits until it answers, and on exit stops it and the trainer whose pid
# the walk keeps in $app.
start_display() {
    display=":$((70 + RANDOM % 200))"
    Xvfb "$display" -screen 0 "$1" -nolisten tcp >/dev/null 2>&1 &
    xvfb=$!
    app=""
    trap 'if [ -n "$app" ]; then kill "$app" 2>/dev/null || true; fi; kill "$xvfb" 2>/dev/null || true' EXIT
    export DISPLAY="$display"
    for _ in $(seq 50); do xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done
}
