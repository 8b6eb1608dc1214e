#!/usr/bin/env bash
# Two popdoc binaries side by side, alternating runs on the same machine (for a
# change of the build engine: the figures must not get worse).
#
#   bash benches/engine.sh OLD_BINARY NEW_BINARY [N]
#
# On a generated site of N dossiers (default 1,000; benches/corpus.py, seed 7),
# medians of 3 alternating runs (old, new, old, new, ...) of:
#   - the cold build (HTML + PDF) and the rebuild with nothing changed;
#   - the HTML-only cold build (`build --no-pdf`), with its kernel (system) time
#     and, from one `strace -f -c` run, its file-system calls per file written;
#   - serve's start (until it prints its address) and its peak memory (VmHWM).
# Then one cold build of 10,000 dossiers each, for the peak memory (PEAK=0 skips
# it). Needs strace and /usr/bin/time (apt-get install -y strace time).
set -euo pipefail

old=$(realpath "$1")
new=$(realpath "$2")
n=${3:-1000}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/popdoc-engine.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/trash"

python3 "$here/benches/corpus.py" "$work/site" "$n" --seed 7 >/dev/null
site="$work/site"

fresh() { # moves outputs aside (see compare.sh: a mass delete slows the next run)
    local d
    for d in "$site/public" "$site/klant"; do
        [ -e "$d" ] && mv "$d" "$work/trash/$(date +%s%N)"
    done
    return 0
}

# timed BIN ARGS...: prints "wall user sys rss_mb" of one run.
timed() {
    local bin=$1
    shift
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$bin" --root "$site" "$@" >/dev/null 2>&1 || true
    awk '{printf "%s %s %s %d\n", $1, $2, $3, $4 / 1024}' "$work/time"
}

median() { python3 -c "import sys; v=sorted(float(x) for x in sys.argv[1:]); print(v[len(v)//2])" "$@"; }

# serve_start BIN: seconds until serve prints its address, and its VmHWM (MB).
serve_start() {
    python3 - "$1" "$site" <<'EOF'
import subprocess, sys, time
bin, site = sys.argv[1], sys.argv[2]
t = time.monotonic()
p = subprocess.Popen([bin, "--root", site, "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
for line in p.stdout:
    if "http://" in line:
        break
took = time.monotonic() - t
hwm = 0
for l in open(f"/proc/{p.pid}/status"):
    if l.startswith("VmHWM:"):
        hwm = int(l.split()[1]) // 1024
p.terminate(); p.wait()
print(f"{took:.3f} {hwm}")
EOF
}

declare -A cold rebuild html html_sys serve serve_mb
for label in old new; do
    cold[$label]=""; rebuild[$label]=""; html[$label]=""; html_sys[$label]=""; serve[$label]=""; serve_mb[$label]=""
done
for round in 1 2 3; do
    for label in old new; do
        bin=${!label}
        fresh
        read -r w _ _ _ < <(timed "$bin" build)
        cold[$label]+=" $w"
        read -r w _ _ _ < <(timed "$bin" build)
        rebuild[$label]+=" $w"
        fresh
        read -r w _ s _ < <(timed "$bin" build --no-pdf)
        html[$label]+=" $w"
        html_sys[$label]+=" $s"
        read -r t m < <(serve_start "$bin")
        serve[$label]+=" $t"
        serve_mb[$label]+=" $m"
        echo "round $round $label: cold ${cold[$label]##* } s, rebuild ${rebuild[$label]##* } s, html ${html[$label]##* } s (sys $s s), serve ${t} s ${m} MB" >&2
    done
done

echo "| $n dossiers, medians of 3 | old | new |"
echo "|---|---:|---:|"
for row in cold rebuild html html_sys serve serve_mb; do
    declare -n ref=$row
    # shellcheck disable=SC2086
    echo "| $row | $(median ${ref[old]}) | $(median ${ref[new]}) |"
done

if command -v strace >/dev/null; then
    for label in old new; do
        bin=${!label}
        fresh
        strace -f -c -o "$work/strace" "$bin" --root "$site" build --no-pdf >/dev/null 2>&1 || true
        files=$(find "$site/public" -type f ! -name '.popdoc-*' | wc -l)
        python3 - "$work/strace" "$files" "$label" <<'EOF'
import sys
fs = {"statx", "newfstatat", "fstat", "lstat", "stat", "openat", "open", "getdents64", "mkdir", "mkdirat",
      "rename", "renameat", "renameat2", "unlink", "unlinkat", "rmdir", "fsync", "syncfs", "readlink", "readlinkat",
      "access", "faccessat", "faccessat2", "fchmod", "fchmodat", "linkat", "symlinkat", "flock", "fcntl", "close",
      "read", "write", "pread64", "pwrite64", "lseek", "getcwd", "chdir", "fchdir", "statfs", "fstatfs"}
meta = {"statx", "newfstatat", "fstat", "lstat", "stat", "openat", "open", "getdents64", "mkdir", "mkdirat",
        "rename", "renameat", "renameat2", "unlink", "unlinkat", "rmdir", "readlink", "readlinkat", "access",
        "faccessat", "faccessat2", "fchmod", "fchmodat", "linkat", "symlinkat", "statfs", "fstatfs"}
calls = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) >= 5 and parts[-1].isidentifier() and parts[0][0].isdigit():
        try:
            calls[parts[-1]] = int(parts[3]) if len(parts) >= 6 else int(parts[3])
        except ValueError:
            pass
files = int(sys.argv[2])
m = sum(v for k, v in calls.items() if k in meta)
top = ", ".join(f"{k} {v}" for k, v in sorted(calls.items(), key=lambda kv: -kv[1]) if k in meta)
print(f"{sys.argv[3]}: {files} files written; file-system metadata calls {m} ({m / max(files, 1):.1f} per file): {top}")
EOF
    done
fi

if [ "${PEAK:-1}" = 1 ]; then
    python3 "$here/benches/corpus.py" "$work/big" 10000 --seed 7 >/dev/null
    for label in old new; do
        bin=${!label}
        rm -rf "$work/big/public" "$work/big/klant"
        /usr/bin/time -f '%e %M' -o "$work/time" "$bin" --root "$work/big" build >/dev/null 2>&1 || true
        read -r w rss <"$work/time"
        echo "10,000 dossiers, $label: $w s, peak RSS $((rss / 1024)) MB"
        mv "$work/big/public" "$work/trash/big-$label-public" 2>/dev/null || true
        mv "$work/big/klant" "$work/trash/big-$label-klant" 2>/dev/null || true
    done
fi
