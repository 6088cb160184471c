#!/usr/bin/env python3
"""Harness self-check only (MAMORI_E2E_FAKE=1): a plain TCP relay that stands in for Mamori on the listeners of the
generated config (bind port -> first route port). It scans nothing, adds no header, throttles nothing and ends TLS
nowhere (STARTTLS goes through to Postfix), so the tests about Mamori's own behaviour fail against it. What it checks
is that every MAMORI-mode test runs its steps (restart, kill, middlebox, log scan) without errors of its own.

Usage: fake_smtp_relay.py CONFIG LOGFILE
"""
import re
import socket
import sys
import threading


def listeners(config_text):
    out = []
    for block in re.split(r"\n    - name: ", config_text)[1:]:
        bind = re.search(r"bind: 127\.0\.0\.1:(\d+)", block)
        route = re.search(r"port: (\d+), preference", block)
        out.append((int(bind.group(1)), int(route.group(1))))
    return out


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()


def serve(port, route, log):
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(128)
    while True:
        client, addr = srv.accept()
        try:
            up = socket.create_connection(("127.0.0.1", route), timeout=10)
            up.settimeout(None)
        except OSError as e:
            client.sendall(b"421 4.4.1 fake relay: upstream unreachable\r\n")
            client.close()
            log.write(f"{port}: upstream {route} unreachable: {e}\n")
            log.flush()
            continue
        log.write(f"{port}: {addr[0]} -> {route}\n")
        log.flush()
        threading.Thread(target=pump, args=(client, up), daemon=True).start()
        threading.Thread(target=pump, args=(up, client), daemon=True).start()


def main():
    with open(sys.argv[1]) as f:
        pairs = listeners(f.read())
    log = open(sys.argv[2], "a")
    for port, route in pairs:
        threading.Thread(target=serve, args=(port, route, log), daemon=True).start()
    threading.Event().wait()


if __name__ == "__main__":
    main()
