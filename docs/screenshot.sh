#!/usr/bin/env bash
# Takes docs/screenshot.png of the real app under Xvfb: a first run on a
# fresh home folder (which creates the welcome draft), then a second run after
# two more drafts were added.
set -euo pipefail
cd "$(dirname "$0")/.."
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_CONFIG_HOME="$home/.config"
drafts="$home/Documents/Blogdesk"
NO_AT_BRIDGE=1 xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  ./target/debug/blogdesk & pid=$!
  for _ in $(seq 100); do [ -f "$0/welcome-to-blogdesk.md" ] && break; sleep 0.1; done
  sleep 3; kill $pid' "$drafts"
mkdir -p "$drafts/2024"
cat > "$drafts/2024/lisbon.md" <<'MD'
---
title: "Three days in Lisbon"
date: 2024-05-01 18:30:00 +0100
tags: [travel]
---
Trams, tiles and *pastéis de nata*.
MD
cat > "$drafts/release-notes.md" <<'MD'
+++
title = "Release notes for 1.0"
date = 2024-06-08
+++
What changed since the beta: **faster **previews and a new config loader.

```rust
/// Reads the config, or the defaults when there is none.
fn load(path: &Path) -> Result<Config, Error> {
    let text = fs::read_to_string(path)?;
    Ok(toml::from_str(&text)?)
}
```

Upgrade with `cargo install`.
MD
# The main screenshot: the release notes open, with a publish-check finding
# in the lint gutter (and its tooltip) and the highlighted code block.
printf 'drafts_dir = "%s"\n[last_draft]\n"%s" = "release-notes.md"\n' "$drafts" "$drafts" > "$home/.config/blogdesk/settings.toml"
NO_AT_BRIDGE=1 xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  ./target/debug/blogdesk & pid=$!
  sleep 5
  xdotool mousemove 273 396; sleep 1
  import -window root docs/screenshot.png
  kill $pid'

# The conflict banner: type into the open draft, and let "another editor"
# change the same draft before the autosave.
cat > "$drafts/2024/lisbon.md" <<'MD'
---
title: "Three days in Lisbon"
date: 2024-05-01 18:30:00 +0100
tags: [travel]
---
Trams, tiles and *pastéis de nata*.

The 28 tram climbs to the castle.
MD
printf 'drafts_dir = "%s"\n[last_draft]\n"%s" = "2024/lisbon.md"\n' "$drafts" "$drafts" > "$home/.config/blogdesk/settings.toml"
NO_AT_BRIDGE=1 xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  ./target/debug/blogdesk & pid=$!
  sleep 5
  xdotool mousemove 500 400 click 1; sleep 0.3
  xdotool key ctrl+End; xdotool type --delay 15 "Miradouros at sunset, written here."
  sed -i "s/Trams, tiles/Trams, tiles, fado/" "$0/2024/lisbon.md"
  sleep 2
  import -window root docs/conflict.png
  kill $pid' "$drafts"
# Raw HTML in a draft: what renders, and the placeholders for a video embed
# and an image on the network (the preview loads nothing from elsewhere).
cat > "$drafts/2024/embeds.md" <<'MD'
---
title: "Keyboard tips, with a video"
date: 2024-07-02
tags: [howto]
---
Press <kbd>Ctrl</kbd>+<kbd>K</kbd> to search. H<sub>2</sub>O, x<sup>2</sup>.

<details open><summary>Why a placeholder?</summary>

The preview never loads pages, players or images from the network.

</details>

<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>

![The harbour at dawn](https://images.example.org/harbour.jpg)

<img src=x onerror="alert('never runs')"> Scripts and handlers are removed.
MD
rm -rf "$home/.config/blogdesk/recovery"   # the conflict shot ended with unsaved text
printf 'drafts_dir = "%s"\n[last_draft]\n"%s" = "2024/embeds.md"\n' "$drafts" "$drafts" > "$home/.config/blogdesk/settings.toml"
NO_AT_BRIDGE=1 xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  ./target/debug/blogdesk & pid=$!
  sleep 5
  import -window root docs/embeds.png
  kill $pid'
# The export dialog: the Lisbon draft into a Jekyll blog (a git repo).
blog="$home/blog"
mkdir -p "$blog/_posts" "$drafts/2024/img"
printf 'title: My blog\n' > "$blog/_config.yml"
git -C "$blog" init -q
cp icons/32x32.png "$drafts/2024/img/tram.png"
printf '\n![The 28 tram](img/tram.png)\n' >> "$drafts/2024/lisbon.md"
printf 'drafts_dir = "%s"\n[last_draft]\n"%s" = "2024/lisbon.md"\n[blog_dir]\n"%s" = "%s"\n' "$drafts" "$drafts" "$drafts" "$blog" > "$home/.config/blogdesk/settings.toml"
NO_AT_BRIDGE=1 xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  ./target/debug/blogdesk & pid=$!
  sleep 5
  xdotool mousemove 212 753 click 1; xdotool mousemove 1200 760; sleep 1.5
  import -window root docs/export.png
  kill $pid'
# The application menu: File, with two other drafts folders opened before.
mkdir -p "$home/Documents/Travel notes" "$home/Documents/Work blog"
printf 'drafts_dir = "%s"\nrecent_folders = ["%s", "%s", "%s"]\n[last_draft]\n"%s" = "release-notes.md"\n' \
  "$drafts" "$drafts" "$home/Documents/Travel notes" "$home/Documents/Work blog" "$drafts" > "$home/.config/blogdesk/settings.toml"
NO_AT_BRIDGE=1 xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  ./target/debug/blogdesk & pid=$!
  sleep 5
  xdotool key F10; sleep 0.5
  import -window root docs/menu.png
  kill $pid'
# Check against the site: a draft built by the real Jekyll in a copy of a
# kramdown blog; the preview marks what the site shows differently.
site="$home/field-notes"
cp -r tests/fixtures/verify/sites/jekyll "$site"
cat > "$drafts/2024/coast.md" <<'MD'
---
title: "A ride to the coast"
date: 2024-03-05
---
We left at dawn -- the roads were empty.

"It's only a short ride," she said, and she was right.

* TOC
{:toc}

## The route

Harbour to Highfield, about {{ 40 | plus: 2 }} miles.

## The bakery

A plain paragraph that both agree on.
MD
printf 'drafts_dir = "%s"\n[last_draft]\n"%s" = "2024/coast.md"\n[blog_dir]\n"%s" = "%s"\n' "$drafts" "$drafts" "$drafts" "$site" > "$home/.config/blogdesk/settings.toml"
NO_AT_BRIDGE=1 xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  ./target/debug/blogdesk & pid=$!
  sleep 5
  xdotool key ctrl+shift+b; sleep 8
  import -window root docs/site-check.png
  kill $pid'
# The blog's own terms: tag suggestions with counts, then Ctrl+K's links.
for i in 1 2 3 4 5 6; do
  tags="[travel]"; [ $i -le 3 ] && tags="[travel, trams]"; [ $i = 6 ] && tags="[portugal, tiles]"
  printf -- '---\ntitle: "Postcard %s"\ntags: %s\n---\nText.\n' "$i" "$tags" > "$blog/_posts/2023-0$i-10-postcard-$i.md"
done
printf -- '---\ntitle: "Tram 28, end to end"\ntags: [trams]\n---\nText.\n' > "$blog/_posts/2023-09-01-tram-28.md"
printf 'drafts_dir = "%s"\n[last_draft]\n"%s" = "2024/lisbon.md"\n[blog_dir]\n"%s" = "%s"\n' "$drafts" "$drafts" "$drafts" "$blog" > "$home/.config/blogdesk/settings.toml"
NO_AT_BRIDGE=1 xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  ./target/debug/blogdesk & pid=$!
  sleep 5
  xdotool mousemove 600 170 click 1; sleep 0.5; xdotool type --delay 80 "t"; sleep 1
  import -window root docs/terms.png
  xdotool key Escape BackSpace; sleep 0.3
  xdotool mousemove 500 700 click 1; xdotool key ctrl+End ctrl+k; sleep 1; xdotool type --delay 80 "tram"; sleep 1
  import -window root docs/links.png
  kill $pid'
# The blog's terms: a near-duplicate to merge, and a rename's plan.
printf -- '---\ntitle: "A tram story"\ntags: [Trams]\n---\nText.\n' > "$blog/_posts/2023-10-01-tram-story.md"
NO_AT_BRIDGE=1 xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  ./target/debug/blogdesk & pid=$!
  sleep 5
  xdotool key F10 Right Right; sleep 0.3; xdotool key Up Return; sleep 1.5
  import -window root docs/taxonomy.png
  kill $pid'
echo "wrote docs/screenshot.png, docs/conflict.png, docs/embeds.png, docs/export.png, docs/menu.png, docs/site-check.png, docs/terms.png, docs/links.png and docs/taxonomy.png"
