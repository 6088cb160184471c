#!/usr/bin/env python3
"""Helpers for the package test (run-package-test.sh): a private Dovecot on the package test's ports, a wait for a
listening port, and a POP3 retrieval through the installed Mamori that must return every message byte-identical.

  package_pop3.py dovecot-start WORK | dovecot-stop WORK
  package_pop3.py wait-port PORT [SECONDS]
  package_pop3.py retrieve WORK --port P --user U --password PW --mailbox M [--stls-ca CA]

Dovecot is e2e/dovecot/dovecot_harness.py with its ports moved into the package test's range (11200-11249) and a
mailbox of its own (the e2e corpus with a 1 MB "big" message), so it can run next to the e2e suite's instance.
"""
import argparse
import os
import poplib
import re
import socket
import ssl
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "dovecot"))
sys.path.insert(0, os.path.join(HERE, ".."))
import corpus  # noqa: E402
import dovecot_harness as dh  # noqa: E402

PORT_STLS, PORT_POP3S, PORT_PLAIN = 11210, 11212, 11214
poplib._MAXLINE = 1 << 20  # the corpus has a 100 KB line; poplib's default limit is 2048 bytes
USER, PASSWORD = "alice", "alice-Secret-4711"


def _configure_harness():
    dh.PORT_STLS, dh.PORT_POP3S, dh.PORT_PLAIN = PORT_STLS, PORT_POP3S, PORT_PLAIN
    dh.INSTANCES = {
        "main": {"listeners": [("pop3", PORT_STLS, False), ("pop3s", PORT_POP3S, True)], "ssl": "yes"},
        "plain": {"listeners": [("pop3", PORT_PLAIN, False)], "ssl": "no"},
    }
    dh.USERS = {USER: PASSWORD}
    dh.PARALLEL_USERS = {}
    dh.VIRUS_USERS = {}
    dh.ALL_USERS = {USER: PASSWORD}
    dh.populate = lambda paths, big_mb: dh.deliver(paths, USER, corpus.corpus(1))


def stored_messages(work, mailbox):
    """The mailbox's messages in Dovecot's order (file name order), as stored."""
    cur = os.path.join(dh.Paths(work).maildir(mailbox), "cur")
    out = []
    for fn in sorted(os.listdir(cur)):
        with open(os.path.join(cur, fn), "rb") as f:
            out.append(f.read())
    return out


def wire_form(stored):
    """What Dovecot sends for a stored message: bare LF as CRLF, an unterminated last line ended with CRLF."""
    expected = re.sub(rb"(?<!\r)\n", b"\r\n", stored)
    if not expected.endswith(b"\n"):
        expected += b"\r\n"
    return expected


def retrieve(work, port, user, password, mailbox, ca):
    expected = [wire_form(m) for m in stored_messages(work, mailbox)]
    client = poplib.POP3("127.0.0.1", port, timeout=60)
    try:
        if ca:
            client.stls(ssl.create_default_context(cafile=ca))
        client.user(user)
        client.pass_(password)
        count, _ = client.stat()
        if count != len(expected):
            raise SystemExit(f"retrieve: {count} messages through Mamori, {len(expected)} in the mailbox")
        for i in range(1, count + 1):
            _, lines, _ = client.retr(i)
            got = b"".join(line + b"\r\n" for line in lines)
            if got != expected[i - 1]:
                at = next((k for k in range(min(len(got), len(expected[i - 1]))) if got[k] != expected[i - 1][k]),
                          min(len(got), len(expected[i - 1])))
                raise SystemExit(f"retrieve: message {i} differs at byte {at} "
                                 f"({len(got)} bytes received, {len(expected[i - 1])} expected)")
        client.quit()
    finally:
        try:
            client.close()
        except OSError:
            pass
    total = sum(len(e) for e in expected)
    print(f"retrieved {count} messages ({total} bytes) byte-identical through 127.0.0.1:{port} as {user}")


def wait_port(port, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing listens on 127.0.0.1:{port} after {seconds}s")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="action", required=True)
    for name in ("dovecot-start", "dovecot-stop"):
        sub.add_parser(name).add_argument("work")
    w = sub.add_parser("wait-port")
    w.add_argument("port", type=int)
    w.add_argument("seconds", type=float, nargs="?", default=90)
    r = sub.add_parser("retrieve")
    r.add_argument("work")
    r.add_argument("--port", type=int, required=True)
    r.add_argument("--user", required=True)
    r.add_argument("--password", default=PASSWORD)
    r.add_argument("--mailbox", default=USER)
    r.add_argument("--stls-ca")
    a = ap.parse_args()
    _configure_harness()
    if a.action == "dovecot-start":
        p = dh.start(a.work, 1)
        print(f"dovecot up: STLS 127.0.0.1:{PORT_STLS}, POP3S 127.0.0.1:{PORT_POP3S}; CA {p.ca_cert}")
    elif a.action == "dovecot-stop":
        dh.stop(a.work)
    elif a.action == "wait-port":
        wait_port(a.port, a.seconds)
    else:
        retrieve(a.work, a.port, a.user, a.password, a.mailbox, a.stls_ca)


if __name__ == "__main__":
    main()
