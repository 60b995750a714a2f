#!/usr/bin/env bash
# The Debian package, as a station gets it: built with CPack from this build tree, unpacked with
# dpkg-deb -x into a scratch folder (no root, nothing installed on this machine), then the
# unpacked program is run from another folder with no STIPPLE_DATA and an XDG_DATA_DIRS that
# holds nothing, so it can only find its data relative to itself: --version, validate on its own
# curriculum, a screenshot (needs a display: xvfb-run), the man page and the bash completion.
# usage: test_package.sh BUILD_DIR VERSION
set -euo pipefail
build=$1
version=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --build "$build" --target stipple stipple_docs >"$scratch/build.log" 2>&1 || { cat "$scratch/build.log"; fail "cannot build stipple"; }
(cd "$build" && cpack -G DEB -B "$scratch/pkg" >"$scratch/cpack.log" 2>&1) || { cat "$scratch/cpack.log"; fail "cpack could not build the package"; }
deb=$(ls "$scratch"/pkg/stipple_"$version"_*.deb) || fail "no stipple_${version}_*.deb in the CPack output"

# The Depends line comes from dpkg-shlibdeps: the libraries the program links, with versions.
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libsfml-graphics2.5 libsodium23 libsqlite3-0 libpq5 libtinyxml2-9 libbox2d2 libc6; do
  [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done

# Files where Debian expects them.
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/stipple ./usr/share/applications/stipple.desktop ./usr/share/man/man1/stipple.1.gz \
         ./usr/share/bash-completion/completions/stipple ./usr/share/icons/hicolor/256x256/apps/stipple.png \
         ./usr/share/icons/hicolor/scalable/apps/stipple.svg ./usr/share/stipple/levels/01-dot-drill.xml \
         ./usr/share/stipple/levels/exams/foundation-certificate.xml ./usr/share/stipple/assets/fonts/DejaVuSans.ttf \
         ./usr/share/stipple/assets/icons/stipple-256.png ./usr/share/doc/stipple/copyright; do
  grep -q " $f\$" <<<"$contents" || fail "the package lacks $f"
done

root="$scratch/root"
dpkg-deb -x "$deb" "$root"
elsewhere="$scratch/elsewhere"
mkdir -p "$elsewhere"
cd "$elsewhere"
run() { env -u STIPPLE_DATA XDG_DATA_DIRS="$scratch/no-data" "$root/usr/bin/stipple" "$@"; }

[[ $(run --version) == "stipple $version" ]] || fail "--version printed '$(run --version)'"
out=$(run validate "$root/usr/share/stipple/levels") || fail "validate on the shipped levels: $out"
[[ $out == *", 0 with errors"* ]] || fail "validate: $out"
# Relative paths from the working folder work too.
cp -r "$root/usr/share/stipple/levels" mylevels
run validate mylevels >/dev/null || fail "validate mylevels (a relative path) failed"

# The trainer draws with the packaged fonts: a screenshot of the level select and of a practice screen.
run --screenshot select.png --size 800x600 || fail "the level select screenshot failed"
run --screen practice --level "$root/usr/share/stipple/levels/03-hairline.xml" --screenshot practice.png --size 800x600 ||
  fail "the practice screenshot failed"
for png in select.png practice.png; do
  [[ $(head -c 8 "$png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "$png is not a PNG"
  (( $(stat -c %s "$png") > 20000 )) || fail "$png is nearly empty ($(stat -c %s "$png") bytes)"
done

# Without its data beside it (and none in XDG_DATA_DIRS) it says where it looked, exit 1 — it
# never falls back to the source tree it was built from.
mv "$root/usr/share/stipple" "$root/usr/share/stipple-moved"
set +e
err=$(run --screenshot none.png --size 800x600 2>&1); code=$?
set -e
(( code == 1 )) || fail "without data: exit $code, expected 1 ($err)"
[[ $err == *"$root/usr/share/stipple"* && $err == *"STIPPLE_DATA"* ]] || fail "without data the message does not say where it looked: $err"
# STIPPLE_DATA still points it at a data folder.
STIPPLE_DATA="$root/usr/share/stipple-moved" XDG_DATA_DIRS="$scratch/no-data" "$root/usr/bin/stipple" --screenshot env.png --size 800x600 ||
  fail "STIPPLE_DATA did not point the program at its data"
mv "$root/usr/share/stipple-moved" "$root/usr/share/stipple"

# The man page is a valid gzip'd troff page naming every command; the completion completes them.
gzip -t "$root/usr/share/man/man1/stipple.1.gz" || fail "the man page is not gzip"
man=$(gzip -dc "$root/usr/share/man/man1/stipple.1.gz")
[[ $man == .TH\ STIPPLE\ 1* ]] || fail "the man page does not start with .TH STIPPLE 1"
for cmd in validate score exam certificate verify results; do
  grep -q "^\.B $cmd\$" <<<"$man" || fail "the man page does not describe '$cmd'"
done
completion="$root/usr/share/bash-completion/completions/stipple"
words=$(PATH="$root/usr/bin:$PATH" bash -c 'source "$1"; COMP_WORDS=(stipple val); COMP_CWORD=1; _stipple; echo "${COMPREPLY[*]}"' _ "$completion")
[[ $words == validate ]] || fail "completing 'stipple val' gave '$words'"
words=$(PATH="$root/usr/bin:$PATH" bash -c 'source "$1"; COMP_WORDS=(stipple --scr); COMP_CWORD=1; _stipple; echo "${COMPREPLY[*]}"' _ "$completion")
[[ $words == *--screen* && $words == *--screenshot* ]] || fail "completing 'stipple --scr' gave '$words'"
words=$(PATH="$root/usr/bin:$PATH" bash -c 'source "$1"; COMP_WORDS=(stipple score --pn); COMP_CWORD=2; _stipple; echo "${COMPREPLY[*]}"' _ "$completion")
[[ $words == --png ]] || fail "completing 'stipple score --pn' gave '$words'"
echo "package $(basename "$deb") installs and runs from an unpacked copy"
