#!/usr/bin/env python3
"""POP3 side of e2e/transparent/run-tproxy-test.sh: the mailbox corpus and the client probes.

  corpus MAILDIR                          write alice's messages, byte-exact, into MAILDIR/cur
  fetch HOST PORT USER PASSWORD OUT.json [stls]
                                          CAPA (and with 'stls' an STLS that must be refused), log in
                                          (USER/PASS), STAT, LIST, UIDL, RETR every message, QUIT
  greet HOST PORT [TIMEOUT]               connect and print the first line; exit 0 (a line), 3 (refused or
                                          reset), 4 (timeout), 5 (closed without a line)

Every message is stored with CRLF line ends and a final CRLF, so a RETR (dot-unstuffed, lines joined with CRLF
plus the final CRLF) must give back exactly the stored file. Lines stay below poplib's 2048-byte limit.
"""
import base64
import hashlib
import json
import os
import poplib
import random
import socket
import sys


def _crlf(lines):
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


def messages():
    plain = _crlf([
        "From: Bob <bob@example.net>",
        "To: Alice <alice@example.net>",
        "Subject: plain text through a transparent proxy",
        "Message-ID: <tproxy-1@example.net>",
        "Date: Wed, 25 Nov 2026 10:00:00 +0000",
        "",
        "Hello Alice,",
        "this message went client -> router (TPROXY, Mamori) -> Dovecot.",
    ])
    # Lines a POP3 server must dot-stuff, and the proxy must un-stuff and stuff again, unchanged.
    dots = _crlf([
        "From: Bob <bob@example.net>",
        "To: Alice <alice@example.net>",
        "Subject: dot-stuffing",
        "Message-ID: <tproxy-2@example.net>",
        "",
        ".",
        "..",
        ". leading dot and space",
        "...three",
        "line after",
        ".",
    ])
    # Larger than Mamori's default 4MiB in-memory spool threshold, so the RETR goes through a temp file.
    rnd = random.Random(4711)
    payload = bytes(rnd.getrandbits(8) for _ in range(5 * 1024 * 1024 + 123))
    b64 = base64.encodebytes(payload).decode("ascii").splitlines()
    big = _crlf([
        "From: Bob <bob@example.net>",
        "To: Alice <alice@example.net>",
        "Subject: large attachment",
        "Message-ID: <tproxy-3@example.net>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="b1"',
        "",
        "--b1",
        "Content-Type: text/plain",
        "",
        "See attachment.",
        "--b1",
        "Content-Type: application/octet-stream",
        'Content-Disposition: attachment; filename="data.bin"',
        "Content-Transfer-Encoding: base64",
        "",
        *b64,
        "--b1--",
    ])
    return [("plain", plain), ("dots", dots), ("big", big)]


def corpus(maildir):
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(maildir, sub), exist_ok=True)
    base = 1764064800
    msgs = messages()
    for i, (name, data) in enumerate(msgs):
        # sortable names: Dovecot numbers messages in file name order on the first sync
        path = os.path.join(maildir, "cur", f"{base + i}.M{i:06d}P1.tproxy-{name}:2,S")
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, (base + i, base + i))
    print(json.dumps({name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                      for name, data in msgs}))


def fetch(host, port, user, password, out, probe_stls="no"):
    p = poplib.POP3(host, int(port), timeout=20)
    result = {"peer": list(p.sock.getpeername()[:2]), "greeting": p.getwelcome().decode("latin-1")}
    result["capa"] = sorted(p.capa().keys())
    if probe_stls == "stls":
        # poplib.stls() would refuse without sending when CAPA lacks STLS: ask the server (or Mamori) directly
        try:
            result["stls"] = p._shortcmd("STLS").decode("latin-1")
            raise SystemExit("STLS was accepted; this probe cannot continue in plain text")
        except poplib.error_proto as e:
            result["stls"] = e.args[0].decode("latin-1") if isinstance(e.args[0], bytes) else str(e.args[0])
    p.user(user)
    p.pass_(password)
    count, size = p.stat()
    result["stat"] = [count, size]
    result["list"] = [line.decode("ascii") for line in p.list()[1]]
    result["uidl"] = [line.decode("ascii") for line in p.uidl()[1]]
    retr = []
    for n in range(1, count + 1):
        status, lines, _octets = p.retr(n)
        data = b"\r\n".join(lines) + b"\r\n"
        retr.append({"status": status.decode("latin-1"), "size": len(data),
                     "sha256": hashlib.sha256(data).hexdigest()})
    result["retr"] = retr
    result["quit"] = p.quit().decode("latin-1")
    with open(out, "w") as f:
        json.dump(result, f, indent=1)


def greet(host, port, timeout="5"):
    try:
        s = socket.create_connection((host, int(port)), timeout=float(timeout))
    except (ConnectionRefusedError, ConnectionResetError) as e:
        print(f"refused: {e}")
        return 3
    except (socket.timeout, TimeoutError):
        print("timeout")
        return 4
    try:
        line = s.makefile("rb").readline(4096)
    except (ConnectionResetError, BrokenPipeError) as e:
        print(f"reset: {e}")
        return 3
    except (socket.timeout, TimeoutError):
        print("timeout waiting for a greeting")
        return 4
    finally:
        s.close()
    if not line:
        print("closed without a line")
        return 5
    print(line.decode("latin-1").rstrip("\r\n"))
    return 0


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "corpus":
        corpus(*args)
        return 0
    if cmd == "fetch":
        fetch(*args)
        return 0
    if cmd == "greet":
        return greet(*args)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
