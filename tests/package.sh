#!/usr/bin/env bash
# The .deb `make package` builds, unpacked into a temporary root as dpkg
# would install it: its control fields, the binary (`--version`, a render),
# the desktop entry and the icon set in every size.
set -euo pipefail
[ $# -eq 1 ] && [ -f "$1" ] || { echo "usage: tests/package.sh BLOGDESK.deb (exactly one)" >&2; exit 2; }
deb=$(realpath "$1")
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
fail() { echo "package test: $*" >&2; exit 1; }

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = blogdesk ] || fail "Package is '$(field Package)'"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', Cargo.toml says $version"
[[ "$(field Depends)" == *libwebkit2gtk-4.1-0* ]] || fail "Depends lacks libwebkit2gtk-4.1-0: $(field Depends)"
[[ "$(field Recommends)" == *hunspell-en-us* ]] || fail "Recommends lacks hunspell-en-us: $(field Recommends)"
[[ "$(field Description)" == *Jekyll* ]] || fail "Description: $(field Description)"

dpkg -x "$deb" "$root"
bin=$root/usr/bin/blogdesk
[ -x "$bin" ] || fail "no usr/bin/blogdesk"
[ "$("$bin" --version)" = "blogdesk $version" ] || fail "--version says '$("$bin" --version)'"
printf -- '---\ntitle: Packaged\n---\nHello **there**.\n' > "$root/hello.md"
"$bin" render "$root/hello.md" | grep -q '<strong>there</strong>' || fail "the packaged binary does not render"

desktop=$(find "$root/usr/share/applications" -name '*.desktop')
[ "$(echo "$desktop" | wc -l)" = 1 ] || fail "desktop entries: $desktop"
for line in Type=Application Name=Blogdesk Exec=blogdesk Icon=blogdesk Terminal=false; do
  grep -qx "$line" "$desktop" || fail "$desktop lacks $line"
done
desktop-file-validate "$desktop" || fail "$desktop does not validate"

for s in 16 24 32 48 64 128 256 512; do
  png=$root/usr/share/icons/hicolor/${s}x${s}/apps/blogdesk.png
  file "$png" | grep -q "PNG image data, $s x $s" || fail "icon ${s}x${s}: $(file "$png")"
done
grep -q '<svg' "$root/usr/share/icons/hicolor/scalable/apps/blogdesk.svg" || fail "no scalable icon"
# The committed PNGs are what `make icons` draws from icons/icon.svg.
drawn=$root/drawn
ui/node_modules/.bin/tauri icon icons/icon.svg -o "$drawn" --png 16,24,32,48,64,128,256,512 >/dev/null 2>&1
for s in 16 24 32 48 64 128 256 512; do
  cmp -s "$drawn/${s}x${s}.png" "icons/${s}x${s}.png" || fail "icons/${s}x${s}.png is not drawn from icons/icon.svg: run make icons"
  cmp -s "$drawn/${s}x${s}.png" "$root/usr/share/icons/hicolor/${s}x${s}/apps/blogdesk.png" || fail "the packaged ${s}x${s} icon differs"
done
echo "package test: $(basename "$deb") — version $version, binary, desktop entry and 8 icon sizes + SVG: ok"
