#!/usr/bin/env bash
# Hostile inputs: the peak memory and time of one popdoc binary on each, and
# serve's answer time under slow clients. Not a test (figures depend on the
# machine); tests/cli/limits.rs and tests/cli/serve.rs hold the behaviour.
#
#   bash benches/hostile.sh BINARY
#
# Needs /usr/bin/time and python3. Prints one line per case:
#   case  exit  seconds  peak-MB  (what popdoc said)
set -uo pipefail
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/popdoc-hostile.XXXXXX")
trap 'rm -rf "$work"' EXIT

site() { # site NAME: a fresh copy of the valid fixture
    rm -rf "$work/$1"
    cp -r "$here/tests/fixtures/valid/complete" "$work/$1"
    echo "$work/$1"
}

measure() { # measure CASE SITE: one build, its exit code, time and peak memory
    local name=$1 s=$2
    /usr/bin/time -f '%x %e %M' -o "$work/time" "$bin" --root "$s" --today 2025-07-01 build \
        --format short >"$work/out" 2>&1
    local said
    said=$(grep -oE '\[(F1[37]|F03)[^]]*\]' "$work/out" | sort -u | tr '\n' ' ')
    # (GNU time puts "Command exited with non-zero status N" first.)
    read -r code secs kb < <(tail -n 1 "$work/time")
    printf '%-28s exit %s  %6.2f s  %6d MB  %s\n' "$name" "$code" "$secs" $((kb / 1024)) "$said"
}

# A signature whose header says 40000 x 40000 pixels (what popdoc reads
# before it decides; a real one is 4.6 MB and needed 4.8 GB before it aborted).
s=$(site png)
python3 - "$s/content/klant/groot.png" <<'PY'
import struct, sys
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", 40000, 40000) + bytes([8, 6, 0, 0, 0]) + b"\0\0\0\0")
PY
sed -i 's/^ondertekend = true$/ondertekend = true\nhandtekening = "groot.png"/' "$s/content/klant/pop-1.md"
measure "signature 40000x40000" "$s"

for cells in 20000 40000 100000 300000; do
    s=$(site "cells-$cells")
    python3 - "$s/content/klant/pop-1.md" "$cells" <<'PY'
import sys
p, cells = sys.argv[1], int(sys.argv[2])
t = "| a | b | c | d |\n|---|---|---|---|\n" + "".join(f"| cel {i} | b | c | d |\n" for i in range(cells // 4))
s = open(p).read().replace("## Reflecties en inzichten\n", "## Reflecties en inzichten\n\n" + t + "\n", 1)
open(p, "w").write(s)
PY
    measure "POP of $cells table cells" "$s"
done

for mb in 1 4; do
    s=$(site "prose-$mb")
    python3 - "$s/content/klant/pop-1.md" "$mb" <<'PY'
import sys
p, mb = sys.argv[1], int(sys.argv[2])
line = "Ik schrijf hier een lange alinea over mijn loopbaan en wat ik wil. "
t = (line * (mb * 1024 * 1024 // len(line)))
s = open(p).read().replace("## Reflecties en inzichten\n", "## Reflecties en inzichten\n\n" + t + "\n\n", 1)
open(p, "w").write(s)
PY
    measure "POP of $mb MB of prose" "$s"
done

# serve: a page's answer time with 70 clients sending a header byte every 2 s.
s=$(site serve)
python3 - "$bin" "$s" <<'PY'
import re, socket, subprocess, sys, threading, time
bin, site = sys.argv[1], sys.argv[2]
p = subprocess.Popen([bin, "--root", site, "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
addr = next(m.group(1) for m in (re.search(r"http://([^/ ]+)", l) for l in p.stdout) if m)
host, port = addr.split(":"); port = int(port)
def get(path):
    t = time.monotonic()
    s = socket.create_connection((host, port)); s.settimeout(30)
    s.send(f"GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n".encode())
    d = b""
    while True:
        c = s.recv(65536)
        if not c: break
        d += c
    return (d.split(b" ")[1].decode() if d else "-"), (time.monotonic() - t) * 1000
get("/style.css")
slow = [socket.create_connection((host, port)) for _ in range(70)]
stop = False
def trickle():
    while not stop:
        for c in slow:
            try: c.send(b"G")
            except OSError: pass
        time.sleep(2)
threading.Thread(target=trickle, daemon=True).start()
time.sleep(0.5)
answers = [get("/style.css") for _ in range(10)]
stop = True
codes = sorted(set(a[0] for a in answers))
ms = sorted(a[1] for a in answers)
print(f"{'serve, 70 slow clients':<28} status {','.join(codes)}  median {ms[len(ms)//2]:.1f} ms  max {ms[-1]:.1f} ms")
for _ in range(500):
    try:
        c = socket.create_connection((host, port)); c.send(f"GET /__popdoc/events HTTP/1.1\r\nHost: {addr}\r\n\r\n".encode()); c.close()
    except OSError: pass
code, ms = get("/style.css")
print(f"{'serve, after 500 streams':<28} status {code}  {ms:.1f} ms")
p.kill()
PY
