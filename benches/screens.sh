#!/usr/bin/env bash
# Screenshots of the pages a coach reads, made with one popdoc binary:
#   bash benches/screens.sh BIN OUT-PREFIX
# builds the example site (content/) and the R18 fixture into temporary
# copies, then takes full-page PNGs with headless Chromium (tests/browser):
# OUT-PREFIX-traject-lopend.png (sofie-claes), -traject.png (an-peeters),
# -traject-r18.png, -dashboard.png.
set -euo pipefail
bin=$(realpath "$1"); out=$(realpath -m "$2")
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp -r "$repo/content" "$repo/popdoc.toml" "$tmp/"; mkdir -p "$tmp/docs/img"
cp "$repo/docs/img/logo-de-sprong.png" "$tmp/docs/img/" 2>/dev/null || true
[ -d "$repo/rules" ] && cp -r "$repo/rules" "$tmp/"
(cd "$tmp" && SOURCE_DATE_EPOCH=1796169600 "$bin" build --no-pdf >/dev/null 2>&1 || true)
cp -r "$repo/tests/fixtures/invalid/R18-te-weinig-individueel" "$tmp/r18"
(cd "$tmp/r18" && "$bin" --today 2025-07-01 build --no-pdf >/dev/null 2>&1 || true)
r18=$(ls -d "$tmp"/r18/public/*/ | head -1)
cat > "$tmp/spec.json" <<JSON
{ "pages": [], "screenshots": [
  { "url": "file://$tmp/public/sofie-claes/index.html", "path": "$out-traject-lopend.png" },
  { "url": "file://$tmp/public/an-peeters/index.html", "path": "$out-traject.png" },
  { "url": "file://${r18}index.html", "path": "$out-traject-r18.png" },
  { "url": "file://$tmp/public/index.html", "path": "$out-dashboard.png" } ] }
JSON
node "$repo/tests/browser/check.mjs" "$tmp/spec.json" >/dev/null
ls -1 "$out"-*.png
