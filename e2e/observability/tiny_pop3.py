#!/usr/bin/env python3
"""A minimal POP3 server for the observability check: one mailbox (any user, password "pw") holding the messages
given as files, dot-stuffed on the way out. Serves until killed. Usage: tiny_pop3.py PORT FILE..."""
import socketserver
import sys

MESSAGES = []


class Handler(socketserver.StreamRequestHandler):
    def send(self, line):
        self.wfile.write(line.encode("latin-1") + b"\r\n")

    def handle(self):
        self.send("+OK tiny POP3 ready")
        authed = False
        while True:
            raw = self.rfile.readline(1024)
            if not raw:
                return
            parts = raw.decode("latin-1").strip().split(" ")
            cmd, args = parts[0].upper(), parts[1:]
            if cmd == "CAPA":
                self.send("+OK")
                self.send("USER")
                self.send("UIDL")
                self.send(".")
            elif cmd == "USER":
                self.send("+OK")
            elif cmd == "PASS":
                authed = args == ["pw"]
                self.send("+OK logged in" if authed else "-ERR [AUTH] wrong password")
            elif cmd == "STAT" and authed:
                self.send(f"+OK {len(MESSAGES)} {sum(len(m) for m in MESSAGES)}")
            elif cmd == "LIST" and authed:
                self.send(f"+OK {len(MESSAGES)} messages")
                for i, m in enumerate(MESSAGES, 1):
                    self.send(f"{i} {len(m)}")
                self.send(".")
            elif cmd == "RETR" and authed:
                m = MESSAGES[int(args[0]) - 1]
                self.send(f"+OK {len(m)} octets")
                for line in m.split(b"\r\n"):
                    self.wfile.write((b"." + line if line.startswith(b".") else line) + b"\r\n")
                self.send(".")
            elif cmd == "QUIT":
                self.send("+OK bye")
                return
            else:
                self.send("-ERR not supported")


if __name__ == "__main__":
    for path in sys.argv[2:]:
        with open(path, "rb") as f:
            MESSAGES.append(f.read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n").rstrip(b"\r\n"))
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", int(sys.argv[1])), Handler) as server:
        server.serve_forever()
