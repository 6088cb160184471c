#!/usr/bin/env python3
"""Fresh connection per INSTREAM vs one IDSESSION connection, against a running clamd (loopback TCP or Unix socket).

Why it exists: ClamdClient opens a fresh connection per scan; this measures what keeping a session would save.
Usage:  e2e/clamd/connection-bench.py tcp:127.0.0.1:11042 | unix:/path/clamd.sock   (start one with start-clamd.sh)
Prints the median of 5 runs per size, microseconds per scan, TCP_NODELAY on (as ClamdClient sets it), and once
without it, to show why the client sets it.
"""
import socket, statistics, struct, sys, time

ADDR = sys.argv[1] if len(sys.argv) > 1 else "tcp:127.0.0.1:3310"


def connect(nodelay=True):
    if ADDR.startswith("unix:"):
        s = socket.socket(socket.AF_UNIX)
        s.connect(ADDR[5:])
        return s
    host, port = ADDR[4:].rsplit(":", 1)
    s = socket.create_connection((host, int(port)))
    if nodelay:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def frame(data):
    out = b"zINSTREAM\0"
    for i in range(0, len(data), 65536):
        c = data[i:i + 65536]
        out += struct.pack(">I", len(c)) + c
    return out


def reply(s):
    buf = b""
    while not buf.endswith(b"\0"):
        d = s.recv(4096)
        if not d:
            raise IOError("closed: %r" % buf)
        buf += d
    return buf


def fresh(n, data, nodelay=True):
    body = frame(data)
    for _ in range(n):
        s = connect(nodelay)
        s.sendall(body)
        s.sendall(struct.pack(">I", 0))
        reply(s)
        s.close()


def session(n, data, nodelay=True):
    body = frame(data)
    s = connect(nodelay)
    s.sendall(b"zIDSESSION\0")
    for _ in range(n):
        s.sendall(body)
        s.sendall(struct.pack(">I", 0))
        reply(s)
    s.sendall(b"zEND\0")
    s.close()


def median_us(f, n, data, **kw):
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        f(n, data, **kw)
        runs.append((time.perf_counter() - t) / n * 1e6)
    return statistics.median(runs)


print(f"clamd at {ADDR}: microseconds per INSTREAM scan, median of 5 runs")
print(f"{'size':>10} {'fresh':>10} {'idsession':>10}")
for size, n in ((2_000, 400), (100_000, 200), (2_000_000, 20)):
    data = (b"A clean line of text for clamd to look at.\r\n" * (size // 44 + 1))[:size]
    print(f"{size:>10} {median_us(fresh, n, data):>10.0f} {median_us(session, n, data):>10.0f}")
if ADDR.startswith("tcp:"):
    data = b"x" * 2000
    print(f"without TCP_NODELAY, 2 KB: fresh {median_us(fresh, 50, data, nodelay=False):.0f}, "
          f"idsession {median_us(session, 50, data, nodelay=False):.0f}")
