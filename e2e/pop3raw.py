"""A small POP3 client on raw sockets that keeps the exact wire bytes.

poplib hides the wire (it strips line ends and un-stuffs dots, and refuses lines over 2048 bytes), so the byte-exact
comparisons use this client: a multi-line answer is read into one buffer until the terminator "\\r\\n.\\r\\n" and
returned raw (the bytes between the status line and the terminating ".\\r\\n"); `unstuff` gives what a client sees.
"""
import base64
import hashlib
import re
import socket
import ssl
import time


class Pop3Error(Exception):
    def __init__(self, line):
        super().__init__(line.decode("latin-1", "replace"))
        self.line = line


def unstuff(raw):
    """Client-visible message from the raw multi-line body (dot-unstuffing, RFC 1939 section 3)."""
    return re.sub(rb"(\A|\r\n)\.", rb"\1", raw)


def apop_digest(greeting, password):
    m = re.search(rb"<[^>]*>", greeting)
    if not m:
        raise ValueError("greeting has no APOP timestamp: %r" % greeting)
    return hashlib.md5(m.group(0) + password.encode()).hexdigest()


class RawPop3:
    def __init__(self, host, port, *, implicit_tls=None, server_hostname=None, timeout=60.0, recv_size=1 << 20):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.host = host
        self.recv_size = recv_size
        if implicit_tls is not None:
            self.sock = implicit_tls.wrap_socket(self.sock, server_hostname=server_hostname or host)
        self.buf = bytearray()
        self.greeting = self.status()

    # -- framing ------------------------------------------------------------------------------------------------
    def _fill(self):
        chunk = self.sock.recv(self.recv_size)
        if not chunk:
            raise ConnectionError("connection closed by peer; pending %r" % bytes(self.buf[:200]))
        self.buf += chunk

    def status(self):
        """One status line without CRLF; raises Pop3Error on -ERR."""
        while True:
            i = self.buf.find(b"\r\n")
            if i >= 0:
                line = bytes(self.buf[:i])
                del self.buf[:i + 2]
                if line.startswith(b"-ERR"):
                    raise Pop3Error(line)
                return line
            self._fill()

    def multiline(self):
        """Raw bytes of a multi-line body: everything after the status line up to (excluding) the final '.\\r\\n'."""
        start = 0
        while True:
            if self.buf.startswith(b".\r\n"):
                del self.buf[:3]
                return b""
            i = self.buf.find(b"\r\n.\r\n", start)
            if i >= 0:
                raw = bytes(self.buf[:i + 2])
                del self.buf[:i + 5]
                return raw
            start = max(0, len(self.buf) - 4)
            self._fill()

    # -- commands -----------------------------------------------------------------------------------------------
    def send(self, line):
        self.sock.sendall(line.encode() + b"\r\n" if isinstance(line, str) else line + b"\r\n")

    def cmd(self, line):
        self.send(line)
        return self.status()

    def capa(self):
        self.cmd("CAPA")
        return [l.decode() for l in self.multiline().split(b"\r\n") if l]

    def stls(self, ctx, server_hostname=None):
        self.cmd("STLS")
        if self.buf:
            raise AssertionError("bytes after STLS answer before the handshake: %r" % bytes(self.buf))
        self.sock = ctx.wrap_socket(self.sock, server_hostname=server_hostname or self.host)

    def user_pass(self, user, password):
        self.cmd("USER " + user)
        return self.cmd("PASS " + password)

    def apop(self, user, password):
        return self.cmd(f"APOP {user} {apop_digest(self.greeting, password)}")

    def auth_plain(self, authcid, password, authzid=""):
        token = base64.b64encode(f"{authzid}\0{authcid}\0{password}".encode()).decode()
        return self.cmd("AUTH PLAIN " + token)

    def stat(self):
        parts = self.cmd("STAT").split()
        return int(parts[1]), int(parts[2])

    def list(self):
        self.cmd("LIST")
        return {int(a): int(b) for a, b in (l.split() for l in self.multiline().split(b"\r\n") if l)}

    def uidl(self):
        self.cmd("UIDL")
        return {int(a): b.decode() for a, b in (l.split() for l in self.multiline().split(b"\r\n") if l)}

    def retr_raw(self, n):
        status = self.cmd(f"RETR {n}")
        return status, self.multiline()

    def dele(self, n):
        return self.cmd(f"DELE {n}")

    def quit(self):
        try:
            return self.cmd("QUIT")
        finally:
            self.close()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def client_context(ca_file=None, verify=True):
    ctx = ssl.create_default_context(cafile=ca_file) if verify else ssl._create_unverified_context()
    return ctx


def timed_retr(client, n):
    t0 = time.perf_counter()
    status, raw = client.retr_raw(n)
    return time.perf_counter() - t0, status, raw
