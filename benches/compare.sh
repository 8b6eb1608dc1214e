#!/usr/bin/env bash
# popdoc side by side with Hugo (HTML) and typst-cli (PDF), on generated sites.
#
#   bash benches/compare.sh            # the full run (about 10 minutes on 2 cores)
#   SIZES="100 1000" bash benches/compare.sh --no-write   # quicker, prints only
#
# Needs: hugo (Debian: apt-get install -y hugo), /usr/bin/time, python3; it
# installs typst-cli 0.15.1 into benches/.tools with cargo when missing.
# Every site comes from benches/corpus.py with a fixed seed. Cold runs start
# from empty output folders; wall time, CPU time (user + system) and peak
# RSS come from /usr/bin/time. The table is printed and, unless --no-write,
# put into docs/benchmarks.md between the "compare" markers.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
SIZES=${SIZES:-"100 1000 10000"}
PDF_DOCS=${PDF_DOCS:-300}
write=1
[ "${1:-}" = "--no-write" ] && write=0

work=$(mktemp -d "${TMPDIR:-/tmp}/popdoc-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/trash"

command -v hugo >/dev/null || { echo "compare.sh needs hugo: apt-get install -y hugo" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "compare.sh needs /usr/bin/time: apt-get install -y time" >&2; exit 2; }
cargo build --release --quiet
target=${CARGO_TARGET_DIR:-$here/target}
popdoc="$target/release/popdoc"
typst="$here/benches/.tools/bin/typst"
if ! "$typst" --version 2>/dev/null | grep -q "0.15.1"; then
    echo "installing typst-cli 0.15.1 into benches/.tools (once, several minutes)" >&2
    cargo install --locked --quiet --root "$here/benches/.tools" typst-cli --version 0.15.1
fi

# fresh DIR...: moves earlier outputs aside instead of deleting them: right
# after a mass delete, ext4 scans the freed inodes on every file creation,
# which would count against whichever tool runs next. Removed at the end.
fresh() {
    local d
    for d in "$@"; do
        [ -e "$d" ] && mv "$d" "$work/trash/$(date +%s%N)"
    done
    return 0
}

# run LABEL CMD...: runs CMD with /usr/bin/time; sets wall, cpu, rss (MB).
# popdoc may exit 1 (the site has errors: its outputs are still made).
run() {
    local label=$1
    shift
    local rc=0
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || rc=$?
    if [ "$rc" -ne 0 ] && ! { [ "$rc" -eq 1 ] && [[ "$label" == popdoc* ]]; }; then
        echo "$label failed (exit $rc):" >&2
        tail -5 "$work/err" >&2
        exit 1
    fi
    read -r wall user sys rss < <(grep -v '^Command' "$work/time")
    cpu=$(python3 -c "print(f'{$user + $sys:.2f}')")
    rss=$((rss / 1024))
    echo "  $label: ${wall} s wall, ${cpu} s CPU, ${rss} MB" >&2
}

# repeat K LABEL CMD...: K runs (each from fresh $cold_dirs, if any); keeps
# the run with the median wall time (its stderr stays in $work/err).
repeat() {
    local k=$1 label=$2
    shift 2
    local walls=() cpus=() rsss=() i
    for ((i = 0; i < k; i++)); do
        # shellcheck disable=SC2086
        fresh $cold_dirs
        run "$label" "$@"
        walls+=("$wall")
        cpus+=("$cpu")
        rsss+=("$rss")
        cp "$work/err" "$work/err.$i"
    done
    i=$(python3 -c "w=[$(IFS=,; echo "${walls[*]}")]; print(sorted(range(len(w)), key=lambda i: w[i])[len(w) // 2])")
    wall=${walls[$i]}
    cpu=${cpus[$i]}
    rss=${rsss[$i]}
    cp "$work/err.$i" "$work/err"
}
median3() { repeat 3 "$@"; }

ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
per() { python3 -c "print(f'{1000 * $1 / $2:.1f}')"; }

site() { # site N -> $work/site-N (popdoc) and $work/hugo-N (Hugo)
    local n=$1
    if [ ! -d "$work/site-$n" ]; then
        python3 benches/corpus.py "$work/site-$n" "$n" --seed 7 >/dev/null
        mkdir -p "$work/hugo-$n"
        cp -r benches/hugo/. "$work/hugo-$n/"
        mkdir -p "$work/hugo-$n/static"
        cp themes/default/static/style.css "$work/hugo-$n/static/"
        (cd "$work/site-$n/content" && for d in */; do
            mkdir -p "$work/hugo-$n/content/$d"
            cp "$d/index.md" "$work/hugo-$n/content/$d/_index.md"
            for p in "$d"pop-*.md; do [ -e "$p" ] && cp "$p" "$work/hugo-$n/content/$d"; done
        done)
    fi
}

declare -A html_popdoc html_hugo cold_wall cold_cpu cold_rss docs
for n in $SIZES; do
    echo "N = $n" >&2
    site "$n"
    s="$work/site-$n"
    cold_dirs="$s/public $s/klant"
    median3 "popdoc build --no-pdf" "$popdoc" --root "$s" build --no-pdf
    html_popdoc[$n]=$wall
    cold_dirs="$work/hugo-$n/public"
    median3 "hugo" hugo --quiet -s "$work/hugo-$n" -d "$work/hugo-$n/public"
    html_hugo[$n]=$wall
    cold_dirs="$s/public $s/klant"
    if [ "$n" -le 1000 ]; then reps=3; else reps=1; fi
    repeat "$reps" "popdoc build (cold)" "$popdoc" --root "$s" build
    cold_wall[$n]=$wall
    cold_cpu[$n]=$cpu
    cold_rss[$n]=$rss
    docs[$n]=$(find "$s/public" "$s/klant" -name "*.pdf" 2>/dev/null | wc -l)
done

# Rebuilds and threads at 1,000 (or the largest size asked for below it).
rn=1000
[ -d "$work/site-$rn" ] || rn=$(echo "$SIZES" | tr ' ' '\n' | sort -n | sed -n 1p)
s="$work/site-$rn"
echo "rebuilds at N = $rn" >&2
cold_dirs=""
"$popdoc" --root "$s" build >/dev/null 2>&1 || true
median3 "popdoc rebuild, nothing changed" "$popdoc" --root "$s" build
re_none=$wall
f=$(find "$s/content" -name 'pop-1.md' | sort | sed -n 1p)
# Each run first adds a sentence to one POP.
median3 "popdoc rebuild, one dossier changed" \
    sh -c 'printf "\nNog een zin na de wijziging.\n" >>"$0" && exec "$1" --root "$2" build' "$f" "$popdoc" "$s"
re_one=$wall
cold_dirs="$s/public $s/klant"
median3 "popdoc cold build, 1 thread" env POPDOC_THREADS=1 "$popdoc" --root "$s" build
one_thread=$wall
two_threads=${cold_wall[$rn]}

# PDF: popdoc against one typst-cli process per document, same sources.
echo "PDF, about $PDF_DOCS documents" >&2
pn=$((PDF_DOCS * 10 / 17)) # the corpus has about 1.7 documents per dossier
python3 benches/corpus.py "$work/pdf" "$pn" --seed 11 >/dev/null
cold_dirs="$work/pdf/public $work/pdf/klant"
median3 "popdoc build --timings" "$popdoc" --root "$work/pdf" build --timings
pdf_popdoc_wall=$wall
pdf_popdoc_cpu=$cpu
own=$(grep -o 'popdoc zelf [0-9.]* s ([0-9.]* %)' "$work/err" | sed 's/.*(\(.*\) %)/\1/')
typst_cpu=$(grep -o 'PDF) [0-9.]* s' "$work/err" | grep -o '[0-9.]*')
# Every PDF popdoc made: the centre's folder and the client copies of POPs
# the client keeps (klant/).
pdf_docs=$(find "$work/pdf/public" "$work/pdf/klant" -name '*.pdf' 2>/dev/null | wc -l)
"$popdoc" --root "$work/pdf" build --emit-typst --no-cache >/dev/null 2>&1 || true
: >"$work/typs"
for folder in public klant; do
    [ -d "$work/pdf/$folder" ] || continue
    (cd "$work/pdf/$folder" && find . -name '*.typ' ! -path './_typst/*' | sort | sed "s|^|$work/pdf/$folder |") >>"$work/typs"
done
[ "$(wc -l <"$work/typs")" -eq "$pdf_docs" ] || { echo "emitted sources ($(wc -l <"$work/typs")) do not match the documents ($pdf_docs)" >&2; exit 1; }
# One `typst compile` per "folder file" line, two at a time, each from its
# output folder (the sources import ../_typst/); $FLAGS as given.
cat >"$work/each.sh" <<'EACH'
exec xargs -r -P 2 -n 2 sh -c 'cd "$0" && exec "$TYPST" compile --root . $FLAGS --pdf-standard a-2a,ua-1 "$1"' <"$LIST"
EACH
cold_dirs=""
median3 "typst compile per document, embedded fonts only" \
    env TYPST="$typst" LIST="$work/typs" FLAGS="--ignore-system-fonts" sh "$work/each.sh"
pdf_cli_wall=$wall
pdf_cli_cpu=$cpu
median3 "typst compile per document, default fonts" \
    env TYPST="$typst" LIST="$work/typs" FLAGS="" sh "$work/each.sh"
pdf_cli_default_wall=$wall
pdf_cli_default_cpu=$cpu

# The table.
cores=$(nproc)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
cpu_model=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
{
    echo "Every figure is the median of 3 runs, except the full build at 10,000 dossiers (one run)."
    echo
    echo "Machine: $cores cores ($cpu_model), $mem; $(rustc --version | cut -d' ' -f1-2), popdoc $("$popdoc" --version | awk '{print $2}') (release), $(hugo version | cut -d' ' -f1-2 | sed 's/+extended//'), typst-cli $("$typst" --version | awk '{print $2}'). Run on $(date -u +%Y-%m-%d) with \`bash benches/compare.sh\`."
    echo
    echo "**HTML only** (\`popdoc build --no-pdf\` against \`hugo\`, cold; target: ratio <= 0.7)"
    echo
    echo "| dossiers | popdoc | Hugo | popdoc / Hugo |"
    echo "|---:|---:|---:|---:|"
    for n in $SIZES; do
        echo "| $n | ${html_popdoc[$n]} s | ${html_hugo[$n]} s | $(ratio "${html_popdoc[$n]}" "${html_hugo[$n]}") |"
    done
    echo
    echo "**PDF** ($pdf_docs documents of $pn dossiers; popdoc's whole build, pages included, against one \`typst compile --pdf-standard a-2a,ua-1\` per emitted document, two at a time; target: >= 3x)"
    echo
    echo "| | wall | CPU | popdoc faster by | |"
    echo "|---|---:|---:|---:|---|"
    echo "| popdoc build | $pdf_popdoc_wall s | $pdf_popdoc_cpu s | | Typst's part of the CPU: $typst_cpu s; popdoc's own work $own % (target <= 10 %) |"
    echo "| typst compile, embedded fonts only (\`--ignore-system-fonts\`, as popdoc) | $pdf_cli_wall s | $pdf_cli_cpu s | $(ratio "$pdf_cli_wall" "$pdf_popdoc_wall")x | like for like |"
    echo "| typst compile, default (also scans the system's fonts) | $pdf_cli_default_wall s | $pdf_cli_default_cpu s | $(ratio "$pdf_cli_default_wall" "$pdf_popdoc_wall")x | as a user would run it |"
    echo
    echo "**Full builds** (HTML and PDF, cold, both cores)"
    echo
    echo "| dossiers | documents | wall | CPU | per dossier | peak RSS |"
    echo "|---:|---:|---:|---:|---:|---:|"
    for n in $SIZES; do
        echo "| $n | ${docs[$n]} | ${cold_wall[$n]} s | ${cold_cpu[$n]} s | $(per "${cold_wall[$n]}" "$n") ms | ${cold_rss[$n]} MB |"
    done
    echo
    echo "Targets: peak RSS <= 400 MB at 10,000; time per dossier within 20 % from 100 to 10,000."
    echo
    echo "**Rebuilds and threads** ($rn dossiers; cold build ${cold_wall[$rn]} s)"
    echo
    echo "| | wall | share of the cold build | target |"
    echo "|---|---:|---:|---|"
    echo "| rebuild, nothing changed | $re_none s | $(python3 -c "print(f'{100 * $re_none / ${cold_wall[$rn]}:.1f}')") % | <= 5 % |"
    echo "| rebuild, one dossier changed | $re_one s | $(python3 -c "print(f'{100 * $re_one / ${cold_wall[$rn]}:.1f}')") % | <= 10 % |"
    echo "| cold build, 1 thread | $one_thread s | | |"
    echo "| cold build, both cores (the default) | $two_threads s | speed-up $(ratio "$one_thread" "$two_threads")x | >= 1.7x |"
} >"$work/table.md"

cat "$work/table.md"
if [ "$write" = 1 ]; then
    python3 - "$work/table.md" docs/benchmarks.md <<'EOF'
import sys
table = open(sys.argv[1]).read().rstrip("\n")
path = sys.argv[2]
text = open(path).read()
start, end = "<!-- compare:start -->", "<!-- compare:end -->"
if start in text:
    head, rest = text.split(start, 1)
    tail = rest.split(end, 1)[1]
    text = f"{head}{start}\n{table}\n{end}{tail}"
else:
    text = text.rstrip("\n") + f"\n\n{start}\n{table}\n{end}\n"
open(path, "w").write(text)
EOF
    echo "written to docs/benchmarks.md" >&2
fi
