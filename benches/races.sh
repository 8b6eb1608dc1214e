#!/usr/bin/env bash
# Two runs at once: repeated trials against one popdoc binary, counting what
# was lost or left behind. Not a test (its outcome depends on timing); the
# tests in tests/cli/concurrency.rs hold whatever the timing.
#
#   bash benches/races.sh BINARY [TRIALS]
#
# Trials (each from a fresh copy of a site of 150 dossiers from benches/corpus.py,
# DOSSIERS=N to change; the builds must take long enough to overlap):
#   leftover (watch, two): after a build, watch and a second build (or two
#             builds) run while `popdoc new` adds a client; then the client is
#             deleted and two more builds run. Counts trials where a file of the
#             deleted client stays in public/.
#   bundles:  two `build --client A` / `--client B` at once; counts trials where
#             a bundle is missing afterwards.
#   watch-bundle: `build --client A`, then watch starts; counts trials where the
#             bundle is gone once watch has written.
set -uo pipefail
bin=$(realpath "$1")
trials=${2:-10}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/popdoc-races.XXXXXX")
pids=()
# Only the watch processes this script started.
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
python3 "$here/benches/corpus.py" "$work/base" "${DOSSIERS:-150}" --seed 7 >/dev/null
# Two published dossiers for the bundle trials.
for slug in klant-00001 klant-00002; do
    f="$work/base/content/$slug/index.md"
    if grep -q 'publiceren' "$f"; then
        sed -i 's/publiceren = false/publiceren = true/' "$f"
    else
        sed -i '0,/^\[klant\]/s//[privacy]\npubliceren = true\n\n[klant]/' "$f"
    fi
done

fresh() { rm -rf "$work/site"; cp -r "$work/base" "$work/site"; }
wait_line() { # wait_line FILE TEXT: until TEXT appears in FILE (at most 60 s)
    for _ in $(seq 600); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
    return 1
}

# leftover TRIAL MODE: a previous build, then (watch) watch runs while a
# `build --no-cache` runs and `popdoc new` adds a client, or (two) two builds
# overlap around the `new`; then the client is deleted and two builds run
# (plain, then --no-cache --force). Counts a trial when its files stay.
leftover_trial() {
    fresh
    local s="$work/site" a b
    "$bin" --root "$s" build >/dev/null 2>&1
    if [ "$1" = watch ]; then
        "$bin" --root "$s" watch >"$work/watch.out" 2>&1 &
        w=$!
        pids+=("$w")
        wait_line "$work/watch.out" "popdoc volgt"
        "$bin" --root "$s" build --no-cache >/dev/null 2>&1 &
        a=$!
        sleep 0.2
        "$bin" --root "$s" new "Nieuwe Klant" >/dev/null 2>&1
        sleep 1.0 # watch takes in the new client while the build runs
        wait $a
        sleep 0.5
        kill $w 2>/dev/null; wait $w 2>/dev/null
    else
        "$bin" --root "$s" build --no-cache >/dev/null 2>&1 &
        a=$!
        sleep 0.3
        "$bin" --root "$s" new "Nieuwe Klant" >/dev/null 2>&1
        "$bin" --root "$s" build --no-pdf >/dev/null 2>&1 &
        b=$!
        wait $a $b
    fi
    rm -rf "$s/content/nieuwe-klant"
    "$bin" --root "$s" build >/dev/null 2>&1
    "$bin" --root "$s" build --no-cache --force >/dev/null 2>&1
    [ -e "$s/public/nieuwe-klant" ]
}

for mode in watch two; do
    leftover=0
    for i in $(seq "$trials"); do
        if leftover_trial "$mode"; then leftover=$((leftover + 1)); fi
    done
    echo "leftover ($mode): a deleted client's files stayed in $leftover of $trials trials"
done

lost=0
for i in $(seq "$trials"); do
    fresh
    s="$work/site"
    "$bin" --root "$s" build --no-pdf --client klant-00001 >/dev/null 2>&1 &
    a=$!
    "$bin" --root "$s" build --no-pdf --client klant-00002 >/dev/null 2>&1 &
    b=$!
    wait $a $b
    for slug in klant-00001 klant-00002; do
        [ -f "$s/klant/$slug/index.html" ] || { lost=$((lost + 1)); break; }
    done
done
echo "bundles: a bundle was lost in $lost of $trials trials"

gone=0
for i in $(seq "$trials"); do
    fresh
    s="$work/site"
    "$bin" --root "$s" build --client klant-00001 >/dev/null 2>&1
    "$bin" --root "$s" watch >"$work/watch.out" 2>&1 &
    w=$!
    pids+=("$w")
    wait_line "$work/watch.out" "popdoc volgt"
    kill $w 2>/dev/null; wait $w 2>/dev/null
    [ -f "$s/klant/klant-00001/index.html" ] || gone=$((gone + 1))
done
echo "watch-bundle: watch deleted the bundle in $gone of $trials trials"
