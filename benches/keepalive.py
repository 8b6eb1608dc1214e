#!/usr/bin/env python3
# Keep-alive latency of `popdoc serve` (docs/benchmarks.md): 200 requests for
# /style.css on one connection. Start `popdoc serve --port PORT` first, then:
#   python3 benches/keepalive.py PORT
import socket, sys, time
port = int(sys.argv[1]); n = 200
s = socket.create_connection(("127.0.0.1", port))
f = s.makefile("rb")
times = []
for i in range(n):
    t = time.perf_counter()
    s.sendall(f"GET /style.css HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    length = 0
    while True:
        line = f.readline()
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
        if line in (b"\r\n", b""):
            break
    f.read(length)
    times.append(time.perf_counter() - t)
times.sort()
print(f"{n} keep-alive requests: median {times[n//2]*1e3:.2f} ms, p90 {times[int(n*0.9)]*1e3:.2f} ms")
