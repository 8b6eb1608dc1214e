#!/usr/bin/env bash
# What the print of whole dossiers costs, on a generated site:
#
#   bash benches/print.sh BINARY [N]
#
# On N dossiers (default 1,000; benches/corpus.py, seed 7), one run each of:
#   - the cold build (HTML + PDF), for reference;
#   - `print --all` after it (every single PDF is current, so only the prints
#     are made);
#   - `print --all` again (every print taken from the cache);
#   - `build` with the prints present and nothing changed (they are kept);
# printing wall time, peak memory and how many prints there are.
# Needs /usr/bin/time (apt-get install -y time).
set -euo pipefail
bin=$(realpath "$1")
n=${2:-1000}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/popdoc-print.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$here/benches/corpus.py" "$work/site" "$n" --seed 7 >/dev/null
timed() { # LABEL ARGS...
    local label=$1
    shift
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" --root "$work/site" "$@" >/dev/null 2>"$work/err" || true
    read -r wall rss < <(tail -1 "$work/time")
    printf '%-34s %7.2f s %6d MB\n' "$label" "$wall" "$((rss / 1024))"
}
timed "cold build" build
timed "print --all (prints made)" print --all
prints=$(find "$work/site/public" -name 'dossier-*.pdf' | wc -l)
timed "print --all again (cached)" print --all
timed "build with the prints, no change" build
echo "prints: $prints of $n dossiers"
