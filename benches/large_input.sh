#!/usr/bin/env bash
# Time and peak memory of popdoc on hostile or large POPs (docs/benchmarks.md,
# "Large and hostile input"). Each case is the valid fixture dossier with one
# section replaced; every command runs on a fresh copy, release build.
#
#   bash benches/large_input.sh            # prints one table in Markdown
#
# Needs /usr/bin/time (GNU time). No test asserts on these numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/popdoc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_case() { # name, python expression for the extra section
  local dir=$work/$1
  cp -r tests/fixtures/valid/complete "$dir"
  python3 - "$dir/content/klant/pop-1.md" "$2" <<'PY'
import sys
path, expr = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
extra = eval(expr)
open(path, "w", encoding="utf-8").write(text.replace("## Evolutie", "## Ideeën\n\n" + extra + "\n\n## Evolutie"))
PY
}

make_case baseline '""'
# 1 MB of ordinary prose: 2,000 paragraphs of about 500 bytes.
make_case paragraphs-1mb '"\n\n".join(("Ik merkte in het gesprek dat mijn energie terugkomt wanneer ik structuur breng voor anderen en samen met hen een plan uitwerk. " * 4).strip() + f" ({i})" for i in range(2000))'
# One line: 20,000 asterisks, x, 20,000 asterisks.
make_case emphasis-20000 '"*" * 20000 + "x" + "*" * 20000'

measure() { # case, args...
  local case=$1; shift
  rm -rf "$work/$case/public" "$work/$case/klant"
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" --root "$work/$case" "$@" >/dev/null 2>&1 || true
  read -r secs kb < "$work/time"
  printf '%s s, %s MB' "$secs" "$((kb / 1024))"
}

echo "| case | POP size | check | build --no-pdf (check + HTML) | build (HTML + PDF) |"
echo "|---|---|---|---|---|"
for case in baseline paragraphs-1mb emphasis-20000; do
  size=$(stat -c %s "$work/$case/content/klant/pop-1.md")
  printf '| %s | %s KB | %s | %s | %s |\n' "$case" "$((size / 1024))" \
    "$(measure "$case" check)" "$(measure "$case" build --no-pdf)" "$(measure "$case" build)"
done
echo
echo "Share of the PDF stage spent inside Typst: cargo bench --bench large"
