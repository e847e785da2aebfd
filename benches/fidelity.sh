#!/usr/bin/env bash
# The preview's fidelity on a real site (`make fidelity SITE=DIR`): every
# post and page of SITE is checked by ONE `blogdesk verify --json` run (one
# build with the site's own engine, in the mirror under the cache folder;
# SITE itself is only read), then the share the preview shows identically.
#   Jekyll: every .md/.markdown with front matter, outside _site, vendor,
#           node_modules and hidden folders.
#   Hugo:   every .md under content/.
# Exit 0 when pages were built and measured, 1 when none was built (the
# engine failed: its message is printed), 2 when verify could not run.
set -euo pipefail
usage() { echo "usage: benches/fidelity.sh SITE [BLOGDESK]  (SITE: a Jekyll or Hugo site)" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
[ -d "$1" ] || { echo "fidelity: '$1' is not a folder" >&2; exit 2; }
site=$(realpath "$1")
bin=$(realpath "${2:-$(dirname "$0")/../target/debug/blogdesk}")
[ -x "$bin" ] || { echo "fidelity: no blogdesk binary at $bin (make build)" >&2; exit 2; }

has() { [ -f "$site/$1" ]; }
if has _config.yml || has _config.yaml || has _config.toml; then
  kind=Jekyll
elif has hugo.toml || has hugo.yaml || has hugo.json \
  || { [ -d "$site/content" ] && { has config.toml || has config.yaml || has config.yml; }; }; then
  kind=Hugo
else
  echo "fidelity: $site is not a Jekyll or Hugo site (no _config.yml, hugo.toml or config.toml with content/)" >&2
  exit 2
fi

# A Jekyll page is a file that starts with front matter (a BOM allowed).
front_matter() { local first; IFS= read -r first <"$1" || true; [[ $first =~ ^($'\xEF\xBB\xBF')?---[[:space:]]*$ ]]; }

pages=()
if [ "$kind" = Jekyll ]; then
  while IFS= read -r -d '' f; do
    front_matter "$f" && pages+=("$f")
  done < <(find "$site" -mindepth 1 \( -name _site -o -name vendor -o -name node_modules -o -name '.?*' \) -prune \
             -o -type f \( -name '*.md' -o -name '*.markdown' \) -print0 | sort -z)
else
  [ -d "$site/content" ] || { echo "fidelity: $site has no content/ folder" >&2; exit 2; }
  while IFS= read -r -d '' f; do pages+=("$f"); done \
    < <(find "$site/content" -type f -name '*.md' -print0 | sort -z)
fi
[ ${#pages[@]} -gt 0 ] || { echo "fidelity: $site has no pages to check" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A plugin gem the site names that is not installed would stop Jekyll's
# build: an empty stand-in is loaded instead (what the plugin writes is then
# missing from the site's pages; the run says which ones were stood in for).
if [ "$kind" = Jekyll ] && command -v ruby >/dev/null; then
  stubs=()
  for config in "$site"/_config.y*ml; do
    [ -f "$config" ] || continue
    for gem in $(ruby -ryaml -rdate -e 'c = (YAML.safe_load(File.read(ARGV[0]), permitted_classes: [Date, Time]) rescue {}) || {}; puts Array(c["plugins"] || c["gems"]).grep(/\A[\w.-]+\z/)' "$config"); do
      ruby -rjekyll -e "require '$gem'" >/dev/null 2>&1 && continue
      mkdir -p "$tmp/stubs"
      echo "# A stand-in for $gem, which is not installed." >"$tmp/stubs/$gem.rb"
      stubs+=("$gem")
    done
  done
  if [ ${#stubs[@]} -gt 0 ]; then
    export RUBYLIB="$tmp/stubs${RUBYLIB:+:$RUBYLIB}"
    echo "fidelity: not installed, stood in for by empty plugins (their output is missing from the site's pages): ${stubs[*]}" >&2
  fi
fi
echo "fidelity: checking ${#pages[@]} pages of $site ($kind) with one build…" >&2
started=$(date +%s.%N)
code=0
"$bin" verify --json --site "$site" ${TIMEOUT:+--timeout "$TIMEOUT"} ${NO_PLUGINS:+--no-plugins} "${pages[@]}" \
  >"$tmp/reports.json" 2>"$tmp/stderr" || code=$?
took=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
if [ "$code" -gt 2 ] || ! [ -s "$tmp/reports.json" ]; then
  echo "fidelity: blogdesk verify exited $code without reports:" >&2
  cat "$tmp/stderr" >&2
  exit 2
fi

# The status counts and the pages whose differences are all in markup, then
# each distinct message (the page's own path in it written PAGE) with how
# many pages it names and a few of them.
if command -v jq >/dev/null; then
  summary=$(jq -r --arg site "$site/" '
    def n(s): map(select(.status == s)) | length;
    "\(length) \(n("identical")) \(n("different")) \(n("failed")) \(n("missing")) \(
      map(select(.status == "different" and all(.differences[]; .visible | not))) | length)",
    (map(select(.message != null)
         | (.draft | ltrimstr($site)) as $rel
         | {rel: $rel, said: (.message | split($rel) | join("PAGE"))})
      | group_by(.said) | sort_by(-length)[]
      | "\(length)\t\(map(.rel)[:3] | join(", "))\(if length > 3 then ", …" else "" end)\t\(
          .[0].said | gsub("\n"; "\n      "))")
  ' "$tmp/reports.json")
else
  summary=$(python3 - "$tmp/reports.json" "$site/" <<'PY'
import json, sys
r, site = json.load(open(sys.argv[1])), sys.argv[2]
n = lambda s: sum(1 for x in r if x["status"] == s)
markup = sum(1 for x in r if x["status"] == "different" and not any(d["visible"] for d in x["differences"]))
print(len(r), n("identical"), n("different"), n("failed"), n("missing"), markup)
groups = {}
for x in r:
    if x["message"] is not None:
        rel = x["draft"][len(site):] if x["draft"].startswith(site) else x["draft"]
        groups.setdefault(x["message"].replace(rel, "PAGE"), []).append(rel)
for said, rels in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
    more = ", …" if len(rels) > 3 else ""
    print(f"{len(rels)}\t{', '.join(rels[:3])}{more}\t" + said.replace("\n", "\n      "))
PY
)
fi
read -r total identical different failed missing markup <<<"$(head -1 <<<"$summary")"
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b ? 100 * a / b : 0 }'; }

echo "$site ($kind), one build and comparison in $took s"
echo "$identical of $total pages identical ($(pct "$identical" "$total")%)"
echo "$different different ($markup of them in markup only), $((failed + missing)) failed to build"
if [ $((failed + missing)) -gt 0 ]; then
  echo "why (pages: message, PAGE standing for each page's path):"
  tail -n +2 <<<"$summary" | head -40 \
    | awk -F'\t' 'NF >= 3 { printf "  %s (%s):\n    %s\n", $1, $2, $3; next } { print }'
fi
[ "$identical" -gt 0 ] || [ "$different" -gt 0 ] || exit 1
