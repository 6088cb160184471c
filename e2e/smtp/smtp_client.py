"""Client side of the SMTP e2e suite: the generated messages, an smtplib wrapper that records every reply code, swaks,
and the Maildir index that finds a message by its token.

Every message carries a unique token in an `X-E2E-Token:` header field (and in its Message-ID), so a delivery can be
attributed to exactly one submission attempt.
"""
import base64
import os
import random
import re
import smtplib
import socket
import ssl
import subprocess
import sys
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import corpus  # noqa: E402  (corpus.eicar(): the EICAR string joined from pieces at run time)

CRLF = b"\r\n"
SENDER = "sender@sender.e2e.invalid"


def new_token():
    return uuid.uuid4().hex


# ---- messages ----------------------------------------------------------------------------------------------------
def headers(token, to, subject, extra=b""):
    return (b"From: Sender <" + SENDER.encode() + b">\r\n"
            b"To: <" + to.encode() + b">\r\n"
            b"Subject: " + subject.encode() + b"\r\n"
            b"Date: Tue, 25 Nov 2025 12:00:00 +0000\r\n"
            b"Message-ID: <" + token.encode() + b"@e2e.mamori.dev>\r\n"
            b"X-E2E-Token: " + token.encode() + b"\r\n"
            b"MIME-Version: 1.0\r\n" + extra)


def _b64_lines(raw):
    enc = base64.b64encode(raw)
    return CRLF.join(enc[i:i + 76] for i in range(0, len(enc), 76)) + CRLF


def _multipart(token, to, subject, filename, ctype, raw, seed):
    boundary = b"=_mamori_e2e_" + str(seed).encode()
    return (headers(token, to, subject, b"Content-Type: multipart/mixed; boundary=\"" + boundary + b"\"\r\n") + CRLF +
            b"This is a multi-part message in MIME format.\r\n"
            b"--" + boundary + CRLF +
            b"Content-Type: text/plain; charset=us-ascii\r\n\r\n"
            b"Please see the attachment.\r\n"
            b"--" + boundary + CRLF +
            b"Content-Type: " + ctype + b"; name=\"" + filename + b"\"\r\n"
            b"Content-Transfer-Encoding: base64\r\n"
            b"Content-Disposition: attachment; filename=\"" + filename + b"\"\r\n\r\n" +
            _b64_lines(raw) +
            b"--" + boundary + b"--\r\n")


def clean_message(kind, token, to):
    """One message of the clean corpus: CRLF line ends only (what a correct SMTP client sends)."""
    if kind == "plain":
        return headers(token, to, "plain ASCII") + CRLF + b"Hello,\r\n\r\nthis is a plain message.\r\n-- \r\nSender\r\n"
    if kind == "eightbit":
        text = "Grüße aus Köln, naïve café, 日本語のテキスト, Ελληνικά, ÿ\r\n".encode("utf-8")
        return (headers(token, to, "=?UTF-8?B?" + base64.b64encode("8-bit Grüße".encode()).decode() + "?=",
                        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n")
                + CRLF + text * 20)
    if kind == "longlines":
        rnd = random.Random(token)
        lines = []
        for n in (998, 997, 990, 998, 500, 998):
            lines.append(bytes(rnd.choice(b"abcdefghijklmnopqrstuvwxyz0123456789 ") for _ in range(n)))
        lines.append(b"." + b"d" * 997)  # 998 characters, one more on the wire after dot-stuffing
        return headers(token, to, "lines near the 998 limit") + CRLF + CRLF.join(lines) + CRLF
    if kind == "dots":
        return (headers(token, to, "dot stuffing") + CRLF +
                b".\r\n..\r\n...\r\n.leading dot\r\n..two leading dots\r\n. space after dot\r\nmiddle\r\n.\r\n"
                b"after a lone dot line\r\n\r\n.\r\n\r\nthe last line is a dot:\r\n.\r\n")
    if kind == "binary":
        raw = random.Random(token + "bin").randbytes(200 * 1024)
        return _multipart(token, to, "binary attachment", b"data.bin", b"application/octet-stream", raw, 1)
    if kind == "crlf":
        return (headers(token, to, "line ends and white space",
                        b"X-Folded: the first part of a folded field\r\n\tthe second part\r\n   and the third\r\n")
                + CRLF + b"trailing spaces   \r\n \r\n\t\r\n\r\n\r\nempty lines above; two empty lines below\r\n"
                         b"\r\n\r\n")
    if kind == "big":  # beyond the default 4 MiB spool memory threshold: Mamori spools it to a file
        raw = random.Random(token + "big").randbytes(5 * 1024 * 1024)
        return _multipart(token, to, "big attachment", b"big.bin", b"application/octet-stream", raw, 2)
    if kind == "dots-end":  # swaks takes a last line "." for the end of data, so here the dots come before text
        return clean_message("dots", token, to) + b"text after the dots\r\n"
    raise ValueError(kind)


CLEAN_KINDS = ("plain", "eightbit", "longlines", "dots", "binary", "crlf", "big")


def eicar_message(token, to, zipped=False):
    data = corpus.eicar()
    if zipped:
        return _multipart(token, to, "invoice", b"invoice.zip", b"application/zip",
                          corpus.zip_bytes([("eicar.com", data)]), 3)
    return _multipart(token, to, "test attachment", b"eicar.com", b"application/octet-stream", data, 4)


def sized_message(token, to, size, seed=0):
    """A text + base64 attachment message of about `size` bytes (benchmark and load tests)."""
    raw_len = max(0, (size - 900) * 3 // 4)
    raw = random.Random(f"{token}{seed}").randbytes(raw_len)
    return _multipart(token, to, f"load {size}", b"load.bin", b"application/octet-stream", raw, 5)


# ---- the SMTP client --------------------------------------------------------------------------------------------
def tls_context(ca_file):
    ctx = ssl.create_default_context(cafile=ca_file)
    ctx.check_hostname = True
    return ctx


class Outcome:
    """Every reply of one attempt. final is the reply to the end of DATA (None if never received)."""

    def __init__(self, token):
        self.token = token
        self.greeting = None
        self.starttls = None
        self.auth = None
        self.mail = None
        self.rcpts = []
        self.data = None         # the reply to DATA (354 expected)
        self.final = None        # (code, text) after the final dot
        self.error = None        # the exception that ended the attempt, as text
        self.tls_version = None
        self.peer_cert = None

    @property
    def got_250(self):
        return self.final is not None and self.final[0] == 250

    @property
    def accepted_rcpts(self):
        return sum(1 for c, _ in self.rcpts if 200 <= c < 300)

    def first_refusal(self):
        """(stage, code, text) of the first reply that was neither 2xx nor 3xx, or None."""
        for stage, reply in (("greeting", self.greeting), ("starttls", self.starttls), ("auth", self.auth),
                             ("mail", self.mail), *(("rcpt", r) for r in self.rcpts), ("data", self.data),
                             ("final", self.final)):
            if reply is not None and reply[0] >= 400:
                return stage, reply[0], reply[1]
        return None

    def __repr__(self):
        return (f"Outcome(token={self.token}, greeting={self.greeting}, starttls={self.starttls}, auth={self.auth}, "
                f"mail={self.mail}, rcpts={self.rcpts}, data={self.data}, final={self.final}, error={self.error})")


def _reply(code, msg):
    return code, msg.decode("utf-8", "replace") if isinstance(msg, bytes) else str(msg)


def connect(host, port, source_ip=None, timeout=120, outcome=None):
    s = smtplib.SMTP(timeout=timeout, source_address=(source_ip, 0) if source_ip else None)
    code, msg = s.connect(host, port)
    s._host = host  # smtplib takes the TLS server name from the constructor's host, which is not used here
    if outcome is not None:
        outcome.greeting = _reply(code, msg)
    if code != 220:
        raise smtplib.SMTPConnectError(code, msg)
    return s


def open_session(host, port, *, tls_ca=None, auth=None, auth_mech="PLAIN", source_ip=None, timeout=120,
                 outcome=None, ehlo="e2e-client.example.test"):
    """Connect, EHLO, optionally STARTTLS (verified against tls_ca) and AUTH. Raises on any refusal; the replies are
    kept in outcome."""
    s = connect(host, port, source_ip, timeout, outcome)
    try:
        s.ehlo(ehlo)
        if tls_ca:
            code, msg = s.starttls(context=tls_context(tls_ca))
            if outcome is not None:
                outcome.starttls = _reply(code, msg)
                outcome.tls_version = s.sock.version()
                outcome.peer_cert = s.sock.getpeercert()
            s.ehlo(ehlo)
        if auth:
            user, password = auth
            s.user, s.password = user, password
            try:
                if auth_mech == "PLAIN":
                    code, msg = s.auth("PLAIN", s.auth_plain)
                else:
                    code, msg = s.auth("LOGIN", s.auth_login, initial_response_ok=False)
            except smtplib.SMTPAuthenticationError as e:
                if outcome is not None:
                    outcome.auth = _reply(e.smtp_code, e.smtp_error)
                raise
            if outcome is not None:
                outcome.auth = _reply(code, msg)
    except BaseException:
        _abort(s)
        raise
    return s


def _rset(s):
    try:
        s.rset()
    except (smtplib.SMTPException, OSError):
        pass


def _abort(s):
    try:
        s.close()
    except Exception:
        pass


def transaction(s, outcome, rcpts, data, sender=SENDER, mail_options=(), after_354=None):
    """MAIL, RCPT..., DATA on an open session; every reply goes into outcome. Returns outcome.
    after_354(sock) is called after the 354 and before the message is sent (the restart tests send the message
    themselves in two halves; it then returns True)."""
    code, msg = s.mail(sender, list(mail_options))
    outcome.mail = _reply(code, msg)
    if code != 250:
        _rset(s)
        return outcome
    for r in rcpts:
        code, msg = s.rcpt(r)
        outcome.rcpts.append(_reply(code, msg))
    if not outcome.accepted_rcpts:
        _rset(s)
        return outcome
    if after_354 is None:
        try:
            code, msg = s.data(data)  # dot-stuffs; the data are CRLF-only, so nothing else changes
        except smtplib.SMTPDataError as e:
            outcome.data = _reply(e.smtp_code, e.smtp_error)
            return outcome
        outcome.data = (354, "")
        outcome.final = _reply(code, msg)
        return outcome
    s.putcmd("data")
    code, msg = s.getreply()
    outcome.data = _reply(code, msg)
    if code != 354:
        return outcome
    after_354(s)
    code, msg = s.getreply()
    outcome.final = _reply(code, msg)
    return outcome


def submit(host, port, rcpts, data, token, *, ledger=None, sender=SENDER, tls_ca=None, auth=None, auth_mech="PLAIN",
           source_ip=None, timeout=120, mail_options=(), expect_absent=False, label=""):
    """One complete attempt on a new connection. Never raises: a dropped connection or a refusal is recorded."""
    out = Outcome(token)
    s = None
    try:
        s = open_session(host, port, tls_ca=tls_ca, auth=auth, auth_mech=auth_mech, source_ip=source_ip,
                         timeout=timeout, outcome=out)
        transaction(s, out, rcpts, data, sender=sender, mail_options=mail_options)
        try:
            s.quit()
        except (smtplib.SMTPException, OSError):
            pass
    except (smtplib.SMTPException, OSError, ssl.SSLError) as e:
        out.error = f"{type(e).__name__}: {e}"
        if isinstance(e, smtplib.SMTPResponseException) and out.greeting is None:
            out.greeting = _reply(e.smtp_code, e.smtp_error)
        if s is not None:
            _abort(s)
    if ledger is not None:
        ledger.record(out, rcpts, expect_absent=expect_absent, label=label)
    return out


class Ledger:
    """Every attempt of the run: the invariant "250 only for a delivered message" is checked over all of them."""

    def __init__(self):
        self._lock = threading.Lock()
        self.entries = []

    def record(self, outcome, rcpts, expect_absent=False, label=""):
        with self._lock:
            self.entries.append({"token": outcome.token, "rcpts": list(rcpts), "outcome": outcome,
                                 "expect_absent": expect_absent, "label": label})


# ---- swaks -------------------------------------------------------------------------------------------------------
SWAKS_REPLY = re.compile(r"^<[-~*]\*? +(\d{3})[ -](.*)$")  # "<- ", "<~ ", "<-* ", "<~* ", "<** "


def swaks(host, port, to, data, *, tls_ca=None, auth=None, timeout=120, work_dir="/tmp"):
    """Sends with swaks, a real SMTP client. data must end with CRLF; swaks itself adds the CRLF before the final
    dot, so the file handed to it ends without one. Returns (exit status, [(code, text)...], full output)."""
    fn = os.path.join(work_dir, f"swaks-{uuid.uuid4().hex}.eml")
    with open(fn, "wb") as f:
        f.write(data[:-2] if data.endswith(CRLF) else data)
    cmd = ["swaks", "-n", "--server", f"{host}:{port}", "--from", SENDER, "--to", to, "--data", "@" + fn,
           "--ehlo", "e2e-swaks.example.test", "--timeout", str(timeout)]
    if tls_ca:
        cmd += ["--tls", "--tls-verify", "--tls-ca-path", tls_ca]
    if auth:
        cmd += ["--auth", "PLAIN", "--auth-user", auth[0], "--auth-password", auth[1]]
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=timeout + 30)
    os.unlink(fn)
    text = r.stdout.decode("utf-8", "replace")
    replies = [(int(m.group(1)), m.group(2)) for m in map(SWAKS_REPLY.match, text.splitlines()) if m]
    return r.returncode, replies, text


def swaks_final_reply(output):
    """The reply to the end of DATA in swaks' transcript: the first reply after the 'N lines sent' line."""
    lines = output.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^ [-~]> \d+ lines sent$", line):
            for later in lines[i + 1:]:
                m = SWAKS_REPLY.match(later)
                if m:
                    return int(m.group(1)), m.group(2)
    return None


# ---- the Maildir index -------------------------------------------------------------------------------------------
TOKEN_RE = re.compile(rb"^X-E2E-Token: ([0-9a-f]{32})$", re.M | re.I)


class MaildirIndex:
    """Finds delivered messages by the X-E2E-Token field in their top-level header (a bounce that quotes a message
    has its own header, so it is never counted as a delivery of that message)."""

    def __init__(self, root):
        self.root = root
        self._seen = {}
        self._lock = threading.Lock()

    def refresh(self):
        with self._lock:
            for dirpath, _, files in os.walk(self.root):
                if os.path.basename(dirpath) not in ("new", "cur"):
                    continue
                for fn in files:
                    path = os.path.join(dirpath, fn)
                    if path in self._seen:
                        continue
                    with open(path, "rb") as f:
                        head = f.read(64 * 1024)
                    end = head.find(b"\n\n")
                    m = TOKEN_RE.search(head[:end if end >= 0 else len(head)])
                    self._seen[path] = m.group(1).decode().lower() if m else None

    def deliveries(self, token):
        self.refresh()
        with self._lock:
            return sorted(p for p, t in self._seen.items() if t == token)

    def wait(self, token, n=1, timeout=60.0):
        deadline = time.monotonic() + timeout
        while True:
            found = self.deliveries(token)
            if len(found) >= n or time.monotonic() > deadline:
                return found
            time.sleep(0.1)


ADDED_FIELD = re.compile(rb"^(Return-Path|X-Original-To|Delivered-To|Received|X-Mamori-[A-Za-z0-9-]+):", re.I)


def compare_delivery(original, delivered):
    """Checks that a Maildir file is the message as sent, with only header fields added in front of the original
    header. virtual(8) stores LF line ends, so the original is compared with its CRLFs as LFs: every line must be
    the same, in the same order, with nothing added or removed within or after the original.
    Returns (ok, explanation, [added field names])."""
    expected = original.replace(b"\r\n", b"\n")
    if not delivered.endswith(expected):
        # find the first differing line for the message
        d_lines, e_lines = delivered.split(b"\n"), expected.split(b"\n")
        start = next((i for i, line in enumerate(d_lines) if line == e_lines[0]), None)
        if start is None:
            return False, "the original's first header line is not in the delivered file", []
        for j, (a, b) in enumerate(zip(d_lines[start:], e_lines)):
            if a != b:
                return False, f"line {j + 1} of the original differs: sent {b[:120]!r}, stored {a[:120]!r}", []
        return False, (f"the delivered file has {len(d_lines) - start} lines from the original's first line on, "
                       f"the original {len(e_lines)}"), []
    prefix = delivered[:len(delivered) - len(expected)]
    if prefix and not prefix.endswith(b"\n"):
        return False, f"the original does not start at a line boundary: {prefix[-80:]!r}", []
    names = []
    for line in prefix.split(b"\n")[:-1]:
        if line[:1] in (b" ", b"\t") and names:
            continue
        m = ADDED_FIELD.match(line)
        if not m:
            return False, f"an unexpected line before the original header: {line[:120]!r}", names
        names.append(m.group(1).decode())
    return True, "", names
