#!/usr/bin/env python3
"""A TCP relay that limits the server-to-client direction to a given rate: a stand-in for a provider reached over
an internet link, so the benchmark can show what store-and-forward costs when the upstream is not loopback-fast.

  throttled_relay.py LISTEN_PORT TARGET_PORT MBIT
Loopback only; one thread pair per connection; runs until killed.
"""
import socket
import sys
import threading
import time

HOST = "127.0.0.1"
CHUNK = 16 * 1024


def pump(src, dst, rate):
    start = time.monotonic()
    sent = 0
    try:
        while True:
            data = src.recv(CHUNK)
            if not data:
                break
            dst.sendall(data)
            sent += len(data)
            if rate:
                ahead = sent / rate - (time.monotonic() - start)
                if ahead > 0:
                    time.sleep(ahead)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def main():
    listen_port, target_port, mbit = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    rate = mbit * 1_000_000 / 8
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((HOST, listen_port))
    srv.listen(64)
    while True:
        client, _ = srv.accept()
        upstream = socket.create_connection((HOST, target_port))
        for s in (client, upstream):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=pump, args=(client, upstream, 0), daemon=True).start()
        threading.Thread(target=pump, args=(upstream, client, rate), daemon=True).start()


if __name__ == "__main__":
    main()
