#!/usr/bin/env bash
# The test command (README, second set-up command): first checks that the
# tools the tests need are on this machine, and if one is missing prints the
# one line that installs what is missing and stops; otherwise runs the tests.
# Arguments go to `cargo test` (e.g. `bash tests/run.sh --no-default-features`).
set -euo pipefail
cd "$(dirname "$0")/.."

apt=()
command -v pdftotext >/dev/null || apt+=(poppler-utils)
command -v qpdf >/dev/null || apt+=(qpdf)
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || apt+=(chromium)
command -v node >/dev/null || apt+=(nodejs)
command -v npm >/dev/null || apt+=(npm)
npm_missing=
for pkg in puppeteer-core axe-core; do
  [ -f "tests/browser/node_modules/$pkg/package.json" ] || npm_missing=yes
done

if [ ${#apt[@]} -gt 0 ] || [ -n "$npm_missing" ]; then
  line=()
  missing="${apt[*]}${npm_missing:+ ${apt[*]:+and }the npm packages of tests/browser (puppeteer-core, axe-core)}"
  echo "tests/run.sh: the tests need ${missing# } on this machine; install with:" >&2
  # The system packages as root (or with sudo), the npm packages as yourself.
  [ ${#apt[@]} -gt 0 ] && echo "    apt-get update && apt-get install -y ${apt[*]}    # as root" >&2
  [ -n "$npm_missing" ] && echo "    npm ci --prefix tests/browser" >&2
  echo "(.ci/run does this itself), then run this command again." >&2
  exit 3
fi
exec cargo test "$@"
