"""SMTP end-to-end suite: real Postfix (virtual Maildirs, STARTTLS, Dovecot SASL), real clients (smtplib, swaks),
and Mamori's SMTP proxy in between.

Modes
  MAMORI  MAMORI_SMTP=host:port is set (run-smtp-e2e.sh sets 127.0.0.1:12525): the mx tests go through that listener,
          the other listeners are those of smtp_harness.mamori_config. Nothing is skipped in this mode.
  DIRECT  MAMORI_SMTP is not set: the same tests go straight to Postfix (harness validation); tests that are about
          Mamori itself are skipped with the reason "needs Mamori".
The harness (Postfix, Dovecot auth, clamd, and Mamori in MAMORI mode) is started by run-smtp-e2e.sh in
SMTP_E2E_WORK; run standalone (python3 -m unittest test_smtp_e2e) the suite starts it itself in a temp directory.

Test classes run in name order. Z_InvariantTest checks, over every attempt of the run, that no message got a 250 at
the end of DATA without being in a Maildir, and that nothing was delivered twice.
"""
import os
import re
import signal
import smtplib
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import middlebox as mb  # noqa: E402
import postfix_harness as pfh  # noqa: E402
import smtp_client as sc  # noqa: E402
import smtp_harness as sh  # noqa: E402

HOST = "127.0.0.1"
TARGET = os.environ.get("MAMORI_SMTP", "").strip()
MODE = "mamori" if TARGET else "direct"
NEEDS_MAMORI = "needs Mamori (DIRECT mode: set MAMORI_SMTP, or run e2e/smtp/run-smtp-e2e.sh without --direct)"

WORK = None
P = None               # postfix_harness.Paths
MAMORI = None          # smtp_harness.Mamori (MAMORI mode)
SMTP_BOX = None        # middlebox 10045 -> Postfix 10025
CLAMD_BOX = None       # middlebox 10047 -> clamd 10046
INDEX = None           # smtp_client.MaildirIndex
LEDGER = sc.Ledger()
_OWN_HARNESS = False


def needs_mamori(obj):
    return unittest.skipUnless(MODE == "mamori", NEEDS_MAMORI)(obj)


def mx():
    if MODE == "mamori":
        host, port = TARGET.rsplit(":", 1)
        return host, int(port)
    return HOST, pfh.PORT_SMTP


def submission():
    return (HOST, sh.MAMORI_SUBMISSION) if MODE == "mamori" else (HOST, pfh.PORT_SUBMISSION)


def faulty():
    """The route through the fault-injection middlebox: Mamori's 'fault' listener, or the middlebox itself."""
    return (HOST, sh.MAMORI_FAULT) if MODE == "mamori" else (HOST, sh.SMTP_MIDDLEBOX)


def setUpModule():
    global WORK, P, MAMORI, SMTP_BOX, CLAMD_BOX, INDEX, _OWN_HARNESS
    WORK = os.environ.get("SMTP_E2E_WORK")
    if not WORK:
        WORK = tempfile.mkdtemp(prefix="mamori-smtp-e2e.")
        _OWN_HARNESS = True
        sh.up(WORK, direct=(MODE == "direct"))
    unittest.addModuleCleanup(_tear_down)
    P = pfh.Paths(WORK)
    if pfh.master_pid(P) is None:
        raise RuntimeError(f"no private Postfix running in {WORK} (start it with smtp_harness.py up)")
    if MODE == "mamori":
        MAMORI = sh.Mamori(WORK)
        if MAMORI.pid() is None:
            raise RuntimeError(f"MAMORI_SMTP={TARGET} is set, but no Mamori started by smtp_harness runs in {WORK}: "
                               "the restart tests need to control it")
    SMTP_BOX = mb.Middlebox(sh.SMTP_MIDDLEBOX, pfh.PORT_SMTP, name="smtp-box").start()
    CLAMD_BOX = mb.Middlebox(sh.CLAMD_MIDDLEBOX, sh.CLAMD_PORT, smtp=False, name="clamd-box").start()
    INDEX = sc.MaildirIndex(P.mail)
    if MODE == "mamori":
        # Mamori was started before these middleboxes existed (its clamd is behind one): start it again now, so no
        # start-up check of clamd or of a route ran against a closed port
        MAMORI.stop()
        MAMORI.start()


def _tear_down():
    for box in (SMTP_BOX, CLAMD_BOX):
        if box is not None:
            box.stop()
    if _OWN_HARNESS:
        sh.down(WORK)


def settle(timeout=90.0):
    """Waits until Postfix has delivered everything it accepted."""
    if not pfh.wait_queue_empty(P, timeout):
        raise AssertionError(f"Postfix still has {pfh.queue_files(P)} queued messages after {timeout}s; "
                             f"see {P.log}")


class Base(unittest.TestCase):
    maxDiff = 4000

    def send(self, target, data, token, rcpts, **kw):
        host, port = target
        return sc.submit(host, port, rcpts, data, token, ledger=LEDGER, **kw)

    def assert_delivered_identical(self, data, token, n=1, through_mamori=None):
        found = INDEX.wait(token, n)
        self.assertEqual(len(found), n, f"token {token}: expected {n} deliveries, found {found}")
        for path in found:
            with open(path, "rb") as f:
                stored = f.read()
            ok, why, added = sc.compare_delivery(data, stored)
            self.assertTrue(ok, f"{path}: {why}")
            received = sum(1 for a in added if a.lower() == "received")
            if through_mamori if through_mamori is not None else MODE == "mamori":
                self.assertGreaterEqual(received, 2, f"{path}: Mamori's own Received: line is missing ({added})")
            else:
                self.assertEqual(received, 1, f"{path}: direct to Postfix: only Postfix's Received: ({added})")
        return found

    def assert_not_delivered(self, token):
        settle()
        self.assertEqual(INDEX.deliveries(token), [], f"token {token} must not be in any Maildir")

    def assert_no_250_and_4xx(self, out, where):
        self.assertFalse(out.got_250, f"{where}: 250 for a message that must not be accepted: {out}")
        refusal = out.first_refusal()
        if MODE == "mamori":
            self.assertIsNotNone(refusal, f"{where}: Mamori must answer with a 4xx reply, not drop: {out}")
            self.assertTrue(400 <= refusal[1] < 500, f"{where}: a transient failure must give 4xx, not {refusal}")


# ------------------------------------------------------------------------------------------------------------------
class A_HarnessTest(Base):
    """The harness itself: private, loopback-only, no system MTA, the fault machinery works."""

    def test_postfix_is_private_and_loopback_only(self):
        out = subprocess.run(["ss", "-Hltn"], stdout=subprocess.PIPE, text=True).stdout
        for line in out.splitlines():
            local = line.split()[3]
            self.assertFalse(local.endswith(":25") or local.endswith(":587") or local.endswith(":465"),
                             f"something listens on a standard mail port: {line}")
        for port in pfh.ALL_PORTS:
            self.assertIn(f"127.0.0.1:{port} ", out + " ", f"Postfix must listen on 127.0.0.1:{port}")
        masters = subprocess.run(["ps", "-eo", "pid,args"], stdout=subprocess.PIPE, text=True).stdout
        for line in masters.splitlines():
            if "/usr/lib/postfix/sbin/master" in line:
                pid = int(line.split()[0])
                with open(f"/proc/{pid}/environ", "rb") as f:
                    env = f.read().split(b"\0")
                self.assertIn(f"MAIL_CONFIG={P.conf}".encode(), env,
                              f"a Postfix master that is not ours is running (system MTA?): {line}")

    def test_unknown_recipient_gets_postfix_550(self):
        token = sc.new_token()
        out = self.send(mx(), sc.clean_message("plain", token, "nosuch-user@example.test"), token,
                        ["nosuch-user@example.test"], expect_absent=True)
        self.assertEqual(len(out.rcpts), 1, out)
        self.assertEqual(out.rcpts[0][0], 550, out)
        self.assertIn("5.1.1", out.rcpts[0][1])

    def test_port_10040_certificate_fails_verification_with_the_run_ca(self):
        s = smtplib.SMTP(HOST, pfh.PORT_UNTRUSTED, timeout=30)
        try:
            s.ehlo("e2e")
            with self.assertRaises(ssl.SSLCertVerificationError):
                s.starttls(context=sc.tls_context(P.ca_cert))
        finally:
            sc._abort(s)

    def test_port_10041_offers_no_starttls(self):
        s = smtplib.SMTP(HOST, pfh.PORT_NO_TLS, timeout=30)
        try:
            s.ehlo("e2e")
            self.assertFalse(s.has_extn("starttls"))
        finally:
            s.quit()

    def test_middlebox_relays_unchanged(self):
        token = sc.new_token()
        data = sc.clean_message("dots", token, "fault@example.test")
        out = sc.submit(HOST, sh.SMTP_MIDDLEBOX, ["fault@example.test"], data, token, ledger=LEDGER)
        self.assertTrue(out.got_250, out)
        self.assert_delivered_identical(data, token, through_mamori=False)

    def test_clamd_signature_and_kill_mid_stream(self):
        """The scanner fault of the I_ tests, checked without Mamori: clamd answers through the raw middlebox, finds
        the generated test signature, and a kill while a stream is forwarded cuts the client off."""
        self.assertEqual(_clamd_command(b"zPING\0"), b"PONG\0")
        reply = _clamd_instream([sh.CLAMD_MARKER])
        self.assertIn(b"Mamori.E2E.TestSignature", reply)
        self.assertIn(b"FOUND", reply)
        killed = []
        CLAMD_BOX.arm("kill_on_data", on_trigger=lambda info: killed.append(sh.clamd_kill(WORK)), n_bytes=64 * 1024)
        try:
            with self.assertRaises((OSError, AssertionError)):
                reply = _clamd_instream([b"x" * 65536] * 200, timeout=30)
                raise AssertionError(f"clamd answered although it was killed: {reply!r}")
            self.assertTrue(CLAMD_BOX.triggered.wait(10))
            self.assertTrue(killed and killed[0], "no clamd process was killed")
        finally:
            CLAMD_BOX.disarm()
            sh.clamd_start(WORK)
        self.assertEqual(_clamd_command(b"zPING\0"), b"PONG\0")


def _clamd_command(cmd, timeout=15):
    with socket.create_connection((HOST, sh.CLAMD_MIDDLEBOX), timeout=timeout) as s:
        s.sendall(cmd)
        return _recv_all(s)


def _clamd_instream(chunks, timeout=30):
    with socket.create_connection((HOST, sh.CLAMD_MIDDLEBOX), timeout=timeout) as s:
        s.sendall(b"zINSTREAM\0")
        for c in chunks:
            s.sendall(len(c).to_bytes(4, "big") + c)
        s.sendall(b"\0\0\0\0")
        reply = _recv_all(s)
        if not reply:
            raise ConnectionResetError("clamd closed the connection without a reply")
        return reply


def _recv_all(s):
    out = b""
    while True:
        b = s.recv(4096)
        if not b:
            return out
        out += b
        if out.endswith(b"\0"):
            return out


# ------------------------------------------------------------------------------------------------------------------
class B_CleanDeliveryTest(Base):
    """Clean mail arrives byte-identical apart from header fields added in front of the original header."""

    def _corpus(self, rcpt, **kw):
        for kind in sc.CLEAN_KINDS:
            with self.subTest(kind=kind):
                token = sc.new_token()
                data = sc.clean_message(kind, token, rcpt)
                opts = ("BODY=8BITMIME",) if kind == "eightbit" else ()
                out = self.send(mx(), data, token, [rcpt], mail_options=opts, **kw)
                self.assertTrue(out.got_250, out)
                self.assert_delivered_identical(data, token)

    def test_corpus_plain_session(self):
        self._corpus("clean@example.test")

    def test_corpus_over_starttls(self):
        self._corpus("tls@example.test", tls_ca=P.ca_cert)

    def test_one_message_to_two_domains_delivered_once_each(self):
        token = sc.new_token()
        rcpts = ["clean@example.test", "clean@example.org"]
        data = sc.clean_message("binary", token, rcpts[0])
        out = self.send(mx(), data, token, rcpts)
        self.assertTrue(out.got_250, out)
        self.assertEqual(out.accepted_rcpts, 2, out)
        found = self.assert_delivered_identical(data, token, n=2)
        self.assertEqual({os.path.basename(os.path.dirname(os.path.dirname(os.path.dirname(p)))) for p in found},
                         {"example.test", "example.org"})

    def test_swaks_clean_messages(self):
        for kind in ("plain", "dots-end", "longlines", "binary"):
            with self.subTest(kind=kind):
                token = sc.new_token()
                data = sc.clean_message(kind, token, "swaks@example.test")
                rc, replies, text = sc.swaks(*mx(), "swaks@example.test", data, tls_ca=P.ca_cert, work_dir=WORK)
                final = sc.swaks_final_reply(text)
                out = sc.Outcome(token)
                out.final = final
                LEDGER.record(out, ["swaks@example.test"])
                self.assertEqual(rc, 0, text[-3000:])
                self.assertIsNotNone(final, text[-3000:])
                self.assertEqual(final[0], 250, text[-3000:])
                self.assert_delivered_identical(data, token)


# ------------------------------------------------------------------------------------------------------------------
@needs_mamori
class C_EicarTest(Base):
    """An infected message is refused with 5xx at the end of DATA and never reaches a Maildir."""

    def _refused(self, out):
        self.assertEqual(out.mail[0], 250, out)
        self.assertEqual(out.accepted_rcpts, 1, out)
        self.assertIsNotNone(out.final, out)
        self.assertEqual(out.final[0], 554, out)
        self.assertIn("5.7.1", out.final[1])
        self.assertRegex(out.final[1].lower(), r"eicar", "the reply must name the threat")

    def test_eicar_attachment_refused_554_not_delivered(self):
        token = sc.new_token()
        out = self.send(mx(), sc.eicar_message(token, "eicar@example.test"), token, ["eicar@example.test"],
                        expect_absent=True)
        self._refused(out)
        self.assert_not_delivered(token)

    def test_eicar_in_zip_refused_and_session_continues(self):
        s = sc.open_session(*mx(), tls_ca=P.ca_cert)
        try:
            bad, good = sc.new_token(), sc.new_token()
            out = sc.transaction(s, sc.Outcome(bad), ["eicar@example.test"],
                                 sc.eicar_message(bad, "eicar@example.test", zipped=True))
            LEDGER.record(out, ["eicar@example.test"], expect_absent=True)
            self._refused(out)
            data = sc.clean_message("plain", good, "eicar@example.test")
            out2 = sc.transaction(s, sc.Outcome(good), ["eicar@example.test"], data)
            LEDGER.record(out2, ["eicar@example.test"])
            self.assertTrue(out2.got_250, f"the next message in the same session: {out2}")
            s.quit()
        finally:
            sc._abort(s)
        self.assert_delivered_identical(data, good)
        self.assert_not_delivered(bad)

    def test_swaks_eicar_refused(self):
        token = sc.new_token()
        rc, replies, text = sc.swaks(*mx(), "eicar@example.test", sc.eicar_message(token, "eicar@example.test"),
                                     work_dir=WORK)
        final = sc.swaks_final_reply(text)
        out = sc.Outcome(token)
        out.final = final
        LEDGER.record(out, ["eicar@example.test"], expect_absent=True)
        self.assertIsNotNone(final, text[-3000:])
        self.assertEqual(final[0], 554, text[-3000:])
        self.assertNotEqual(rc, 0)
        self.assert_not_delivered(token)


# ------------------------------------------------------------------------------------------------------------------
class D_TlsTest(Base):
    """STARTTLS on both hops: the client verifies the certificate it gets (Mamori's, or Postfix's in DIRECT mode)
    against the run's CA, and Postfix records that its client (Mamori) used TLS."""

    def test_starttls_both_hops(self):
        token = sc.new_token()
        data = sc.clean_message("plain", token, "tls@example.test")
        out = self.send(mx(), data, token, ["tls@example.test"], tls_ca=P.ca_cert)
        self.assertTrue(out.got_250, out)
        self.assertIn(out.tls_version, ("TLSv1.2", "TLSv1.3"))
        self.assertIn(("commonName", "localhost"), [x for rdn in out.peer_cert["subject"] for x in rdn])
        path = self.assert_delivered_identical(data, token)[0]
        with open(path, "rb") as f:
            head = f.read().split(b"\n\n", 1)[0].replace(b"\n\t", b" ").replace(b"\n ", b" ")
        postfix_received = [line for line in head.split(b"\n") if line.startswith(b"Received:")
                            and b"by postfix.e2e.test" in line]
        self.assertEqual(len(postfix_received), 1, head)
        self.assertRegex(postfix_received[0].decode(), r"\(using TLSv1\.[23] with cipher",
                         "the hop into Postfix was not TLS")

    @needs_mamori
    def test_upstream_certificate_not_trusted_gives_4xx(self):
        token = sc.new_token()
        out = self.send((HOST, sh.MAMORI_UNTRUSTED), sc.clean_message("plain", token, "tls@example.test"), token,
                        ["tls@example.test"], expect_absent=True)
        self.assert_no_250_and_4xx(out, "upstream certificate from an untrusted CA")
        self.assert_not_delivered(token)

    @needs_mamori
    def test_upstream_without_starttls_gives_4xx_never_plaintext(self):
        token = sc.new_token()
        out = self.send((HOST, sh.MAMORI_NOTLS), sc.clean_message("plain", token, "tls@example.test"), token,
                        ["tls@example.test"], expect_absent=True)
        self.assert_no_250_and_4xx(out, "upstream without STARTTLS, upstreamTls: required")
        self.assert_not_delivered(token)


# ------------------------------------------------------------------------------------------------------------------
class E_AuthTest(Base):
    """AUTH is relayed to Postfix (Dovecot SASL): the right password works, a wrong one gets Postfix's 535."""

    USER, PASSWORD = "submit", pfh.USERS["submit"]

    def test_auth_plain_and_send(self):
        token = sc.new_token()
        data = sc.clean_message("eightbit", token, "auth@example.test")
        out = self.send(submission(), data, token, ["auth@example.test"], tls_ca=P.ca_cert,
                        auth=(self.USER, self.PASSWORD), mail_options=("BODY=8BITMIME",))
        self.assertEqual(out.auth[0], 235, out)
        self.assertTrue(out.got_250, out)
        self.assert_delivered_identical(data, token)

    def test_auth_login_and_send(self):
        token = sc.new_token()
        data = sc.clean_message("plain", token, "auth@example.test")
        out = self.send(submission(), data, token, ["auth@example.test"], tls_ca=P.ca_cert,
                        auth=(self.USER, self.PASSWORD), auth_mech="LOGIN")
        self.assertEqual(out.auth[0], 235, out)
        self.assertTrue(out.got_250, out)
        self.assert_delivered_identical(data, token)

    def test_wrong_password_gets_upstream_535(self):
        for mech in ("PLAIN", "LOGIN"):
            with self.subTest(mech=mech):
                token = sc.new_token()
                out = self.send(submission(), sc.clean_message("plain", token, "auth@example.test"), token,
                                ["auth@example.test"], tls_ca=P.ca_cert, auth=(self.USER, "Wrong-" + self.PASSWORD),
                                auth_mech=mech, expect_absent=True)
                self.assertIsNotNone(out.auth, out)
                self.assertEqual(out.auth[0], 535, out)
                self.assertIn("5.7.8", out.auth[1], "Postfix's own 535 reply text")
                self.assertFalse(out.got_250)

    def test_without_auth_submission_refuses_recipients(self):
        token = sc.new_token()
        out = self.send(submission(), sc.clean_message("plain", token, "auth@example.test"), token,
                        ["auth@example.test"], tls_ca=P.ca_cert, expect_absent=True)
        self.assertEqual(len(out.rcpts), 1, out)
        self.assertGreaterEqual(out.rcpts[0][0], 500, out)
        self.assert_not_delivered(token)

    def test_swaks_auth_over_starttls(self):
        token = sc.new_token()
        data = sc.clean_message("plain", token, "auth@example.test")
        rc, replies, text = sc.swaks(*submission(), "auth@example.test", data, tls_ca=P.ca_cert,
                                     auth=(self.USER, self.PASSWORD), work_dir=WORK)
        final = sc.swaks_final_reply(text)
        out = sc.Outcome(token)
        out.final = final
        LEDGER.record(out, ["auth@example.test"])
        self.assertIn(235, [c for c, _ in replies], text[-3000:])
        self.assertEqual(rc, 0, text[-3000:])
        self.assertEqual(final[0], 250, text[-3000:])
        self.assert_delivered_identical(data, token)


# ------------------------------------------------------------------------------------------------------------------
class F_UpstreamDownTest(Base):
    """No upstream: the client gets 4xx (never 5xx) and no message is lost."""

    @needs_mamori
    def test_route_where_nothing_listens_gives_4xx(self):
        token = sc.new_token()
        out = self.send((HOST, sh.MAMORI_DOWN), sc.clean_message("plain", token, "down@example.test"), token,
                        ["down@example.test"], expect_absent=True)
        self.assert_no_250_and_4xx(out, "route to a port where nothing listens")

    def test_postfix_stopped_then_started(self):
        pfh.stop_postfix(P)
        try:
            self.assertFalse(pfh.instance_pids(P), "Postfix processes are left after stop")
            token = sc.new_token()
            out = self.send(mx(), sc.clean_message("plain", token, "down@example.test"), token,
                            ["down@example.test"], expect_absent=True, timeout=60)
            self.assertFalse(out.got_250, out)
            if MODE == "mamori":
                self.assert_no_250_and_4xx(out, "Postfix stopped")
            else:
                self.assertIsNone(out.greeting, f"nothing may answer while Postfix is stopped: {out}")
                self.assertRegex(out.error or "", "ConnectionRefused")
        finally:
            pfh.start_postfix_only(WORK)
        token = sc.new_token()
        data = sc.clean_message("plain", token, "down@example.test")
        out = self.send(mx(), data, token, ["down@example.test"])
        self.assertTrue(out.got_250, f"after Postfix is back: {out}")
        self.assert_delivered_identical(data, token)


# ------------------------------------------------------------------------------------------------------------------
class G_ParallelTest(Base):
    """200 messages from 10 parallel clients, each delivered exactly once."""

    CLIENTS, PER_CLIENT = 10, 20

    def test_200_messages_10_clients_each_delivered_once(self):
        results, errors = [], []
        lock = threading.Lock()

        def client(n):
            try:
                reuse = n % 2 == 0  # half the clients send all their messages in one session
                s = sc.open_session(*mx()) if reuse else None
                for i in range(self.PER_CLIENT):
                    token = sc.new_token()
                    data = sc.sized_message(token, "parallel@example.test", 2000 + 1500 * ((n * 7 + i) % 20))
                    if reuse:
                        out = sc.transaction(s, sc.Outcome(token), ["parallel@example.test"], data)
                        LEDGER.record(out, ["parallel@example.test"])
                    else:
                        out = self.send(mx(), data, token, ["parallel@example.test"])
                    with lock:
                        results.append((out, data))
                if s is not None:
                    s.quit()
            except Exception as e:  # noqa: BLE001 - reported below
                with lock:
                    errors.append(f"client {n}: {type(e).__name__}: {e}")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(self.CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
        self.assertFalse(errors, errors)
        self.assertEqual(len(results), self.CLIENTS * self.PER_CLIENT)
        not_accepted = [o for o, _ in results if not o.got_250]
        self.assertFalse(not_accepted, f"{len(not_accepted)} not accepted, e.g. {not_accepted[:3]}")
        settle(180)
        dup, missing = [], []
        for out, _ in results:
            n = len(INDEX.deliveries(out.token))
            (dup if n > 1 else missing if n == 0 else []).append(out.token)
        self.assertEqual((dup, missing), ([], []), "every message exactly once")
        for out, data in results[::25]:  # a sample, compared byte for byte
            self.assert_delivered_identical(data, out.token)


# ------------------------------------------------------------------------------------------------------------------
class H_UpstreamFaultTest(Base):
    """The upstream connection fails at the end of DATA (a middlebox in front of Postfix cuts it, or the smtpd
    serving it is killed with SIGKILL). The client must never get 250 for a message that is not delivered; through
    Mamori it must get a 4xx."""

    def _fault(self, fault, must_be_absent, client_timeout=120):
        token = sc.new_token()
        data = sc.clean_message("binary", token, "fault@example.test")
        killed = []

        def kill_smtpd(info):
            pid = mb.pid_serving(pfh.PORT_SMTP, info["upstream_port"])
            if pid:
                try:
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                except ProcessLookupError:
                    killed.append(f"{pid} had already exited")

        SMTP_BOX.arm(fault, on_trigger=kill_smtpd if fault.startswith("kill") else None)
        try:
            out = self.send(faulty(), data, token, ["fault@example.test"], expect_absent=must_be_absent,
                            timeout=client_timeout, label=fault)
        finally:
            SMTP_BOX.disarm()
        self.assertTrue(SMTP_BOX.triggered.wait(10), f"the fault {fault} never fired: {out}")
        if fault.startswith("kill"):
            self.assertTrue(killed, "no smtpd process was found to kill")
        settle()
        delivered = INDEX.deliveries(token)
        if must_be_absent:
            self.assertEqual(delivered, [], f"{fault}: Postfix never got the end of the message")
            self.assert_no_250_and_4xx(out, fault)
        if out.got_250:
            self.assertEqual(len(delivered), 1, f"{fault}: 250 but delivered {len(delivered)} times: {out}")
        return out, delivered

    def _then_clean_message_passes(self):
        token = sc.new_token()
        data = sc.clean_message("plain", token, "fault@example.test")
        out = self.send(faulty(), data, token, ["fault@example.test"])
        self.assertTrue(out.got_250, f"a clean message after the fault: {out}")
        self.assert_delivered_identical(data, token)

    def test_final_dot_never_arrives(self):
        self._fault("drop_dot", must_be_absent=True)
        self._then_clean_message_passes()

    def test_smtpd_killed_before_final_dot(self):
        self._fault("kill_before_dot", must_be_absent=True)
        self._then_clean_message_passes()

    def test_smtpd_killed_right_after_final_dot(self):
        self._fault("kill_after_dot", must_be_absent=False)
        self._then_clean_message_passes()

    def test_connection_cut_right_after_final_dot(self):
        out, delivered = self._fault("cut_after_dot", must_be_absent=False)
        if MODE == "mamori" and not out.got_250:
            self.assert_no_250_and_4xx(out, "cut after the final dot")
        self._then_clean_message_passes()

    def test_final_reply_never_comes(self):
        # Postfix accepts the message but its reply is swallowed: through Mamori, upstreamFinalReplyTimeout (20 s in
        # the e2e config) must give a 4xx; directly, the client's own timeout ends it.
        out, delivered = self._fault("swallow_reply", must_be_absent=False,
                                     client_timeout=120 if MODE == "mamori" else 15)
        self.assertFalse(out.got_250, out)
        self.assertEqual(len(delivered), 1, "Postfix did accept this one")
        if MODE == "mamori":
            self.assert_no_250_and_4xx(out, "no final reply from the upstream")
        self._then_clean_message_passes()


# ------------------------------------------------------------------------------------------------------------------
@needs_mamori
class I_ScannerFaultTest(Base):
    """clamd dies while Mamori streams a message to it, or is down: 451 (4xx), never a 250 for an unscanned message."""

    def tearDown(self):
        CLAMD_BOX.disarm()
        if sh.clamd_pid(WORK) is None:
            sh.clamd_start(WORK)

    def test_clamd_killed_mid_scan(self):
        token = sc.new_token()
        data = sc.clean_message("big", token, "scanfail@example.test")
        CLAMD_BOX.arm("kill_on_data", on_trigger=lambda info: sh.clamd_kill(WORK), n_bytes=256 * 1024)
        out = self.send(mx(), data, token, ["scanfail@example.test"], expect_absent=True)
        self.assertTrue(CLAMD_BOX.triggered.wait(10), f"Mamori never streamed 256 KiB to clamd: {out}")
        self.assertIsNotNone(out.final, out)
        self.assertTrue(400 <= out.final[0] < 500, f"scanner failure must give 4xx at the end of DATA: {out}")
        self.assert_not_delivered(token)

    def test_clamd_down(self):
        sh.clamd_kill(WORK)
        token = sc.new_token()
        out = self.send(mx(), sc.clean_message("plain", token, "scanfail@example.test"), token,
                        ["scanfail@example.test"], expect_absent=True)
        self.assertIsNotNone(out.final, out)
        self.assertTrue(400 <= out.final[0] < 500, f"scanner down must give 4xx at the end of DATA: {out}")
        self.assert_not_delivered(token)
        sh.clamd_start(WORK)
        # back: Mamori may retry clamd with a back-off; every attempt is recorded and checked by Z_InvariantTest
        deadline = time.monotonic() + 90
        while True:
            token = sc.new_token()
            data = sc.clean_message("plain", token, "scanfail@example.test")
            out = self.send(mx(), data, token, ["scanfail@example.test"])
            if out.got_250 or time.monotonic() > deadline:
                break
            time.sleep(2)
        self.assertTrue(out.got_250, f"clamd is back, but messages are still refused: {out}")
        self.assert_delivered_identical(data, token)


# ------------------------------------------------------------------------------------------------------------------
@needs_mamori
class J_RestartTest(Base):
    """Mamori stops (SIGKILL: a crash; SIGTERM: a normal stop) while a client is in the middle of DATA."""

    def _mid_data(self, sig):
        token = sc.new_token()
        data = sc.clean_message("big", token, "restart@example.test")
        out = sc.Outcome(token)
        stopper = []

        def send_in_two_halves(s):
            half = len(data) // 2
            s.send(data[:half])
            t = threading.Thread(target=MAMORI.stop, kwargs={"sig": sig})
            t.start()
            stopper.append(t)
            if sig == signal.SIGKILL:
                t.join(60)
            s.send(data[half:].replace(b"\r\n.", b"\r\n..") + b".\r\n")  # smtplib's dot-stuffing, by hand

        try:
            s = sc.open_session(*mx(), outcome=out)
            try:
                sc.transaction(s, out, ["restart@example.test"], data, after_354=send_in_two_halves)
            finally:
                sc._abort(s)
        except (smtplib.SMTPException, OSError) as e:
            out.error = f"{type(e).__name__}: {e}"
        LEDGER.record(out, ["restart@example.test"], label=f"restart {sig}")
        for t in stopper:
            t.join(60)
        try:
            settle()
            delivered = INDEX.deliveries(token)
            if out.got_250:
                self.assertEqual(len(delivered), 1, f"250 but delivered {len(delivered)} times: {out}")
            if sig == signal.SIGKILL:
                self.assertFalse(out.got_250, f"Mamori was killed mid-DATA, yet the client got 250: {out}")
                self.assertEqual(delivered, [], "killed before the end of DATA: nothing may be delivered")
        finally:
            MAMORI.start()
        token2 = sc.new_token()
        data2 = sc.clean_message("plain", token2, "restart@example.test")
        out2 = self.send(mx(), data2, token2, ["restart@example.test"])
        self.assertTrue(out2.got_250, f"after the restart: {out2}")
        self.assert_delivered_identical(data2, token2)

    def test_sigkill_mid_data(self):
        self._mid_data(signal.SIGKILL)

    def test_sigterm_mid_data(self):
        self._mid_data(signal.SIGTERM)


# ------------------------------------------------------------------------------------------------------------------
@needs_mamori
class K_ThrottleTest(Base):
    """smtp.gateway.throttle: per client IP (connections, messages), per sender, per user; exemptions. Each test uses
    its own loopback source address (see smtp_harness.THROTTLE and EXEMPT)."""

    def _message(self, rcpt="throttle@example.test"):
        token = sc.new_token()
        return token, sc.clean_message("plain", token, rcpt)

    def _session_messages(self, n, source_ip, senders, target=None, **kw):
        outs = []
        s = sc.open_session(*(target or mx()), source_ip=source_ip, **kw)
        try:
            for i in range(n):
                token, data = self._message()
                out = sc.transaction(s, sc.Outcome(token), ["throttle@example.test"], data, sender=senders[i])
                LEDGER.record(out, ["throttle@example.test"])
                outs.append(out)
            s.quit()
        finally:
            sc._abort(s)
        return outs

    def _assert_throttled(self, out, what):
        self.assertFalse(out.got_250, f"{what}: over the limit, yet accepted: {out}")
        self.assertIsNotNone(out.mail, out)
        self.assertEqual(out.mail[0], 450, f"{what}: MAIL over the limit gets 450 4.7.1: {out}")
        self.assertIn("4.7.1", out.mail[1])

    def test_per_ip_connections(self):
        limit = sh.THROTTLE["perIp"]["maxConnections"]
        for i in range(limit):
            s = sc.connect(*mx(), source_ip="127.0.0.11", timeout=60)
            s.quit()
        with self.assertRaises(smtplib.SMTPConnectError) as cm:
            sc.connect(*mx(), source_ip="127.0.0.11", timeout=60)
        self.assertEqual(cm.exception.smtp_code, 421)
        self.assertIn(b"4.7.0", cm.exception.smtp_error)

    def test_per_ip_messages(self):
        limit = sh.THROTTLE["perIp"]["maxMessages"]
        outs = self._session_messages(limit + 1, "127.0.0.12", [f"ip{i}@sender.e2e.invalid" for i in range(limit + 1)])
        for out in outs[:limit]:
            self.assertTrue(out.got_250, out)
        self._assert_throttled(outs[limit], "per IP")
        LEDGER.entries[-1]["expect_absent"] = True

    def test_per_sender_across_client_addresses(self):
        limit = sh.THROTTLE["perSender"]["maxMessages"]
        sender = "busy-sender@sender.e2e.invalid"
        outs = self._session_messages(limit + 1, "127.0.0.13", [sender] * (limit + 1))
        for out in outs[:limit]:
            self.assertTrue(out.got_250, out)
        self._assert_throttled(outs[limit], "per sender")
        # the sender is blocked whatever address it comes from; another sender from the same address is not
        other = self._session_messages(2, "127.0.0.14", [sender, "calm-sender@sender.e2e.invalid"])
        self._assert_throttled(other[0], "per sender, another client address")
        self.assertTrue(other[1].got_250, other[1])

    def test_per_user(self):
        limit = sh.THROTTLE["perUser"]["maxMessages"]
        user = ("throttled", pfh.USERS["throttled"])
        outs = self._session_messages(limit + 1, "127.0.0.15", [f"user{i}@sender.e2e.invalid" for i in
                                                                  range(limit + 1)],
                                      target=submission(), tls_ca=P.ca_cert, auth=user)
        for out in outs[:limit]:
            self.assertTrue(out.got_250, out)
        self._assert_throttled(outs[limit], "per user")

    def test_exempt_network_is_never_throttled(self):
        n = max(sh.THROTTLE["perIp"]["maxConnections"], sh.THROTTLE["perIp"]["maxMessages"],
                sh.THROTTLE["perSender"]["maxMessages"]) + 3
        for i in range(n):  # a new connection per message, one sender for all
            token, data = self._message()
            out = self.send(mx(), data, token, ["exempt@example.test"], source_ip="127.0.0.70",
                            sender="internal-relay@sender.e2e.invalid")
            self.assertTrue(out.got_250, f"message {i + 1} from an exempt address: {out}")


@needs_mamori
class L_RelayControlTest(Base):
    """smtp.gateway.relay: 127.0.0.128/25 is outside clientNetworks, so from there only the internal domain
    example.test may be a recipient, unless the client authenticated."""

    def test_outside_client_networks_internal_domain_only(self):
        token = sc.new_token()
        data = sc.clean_message("plain", token, "clean@example.test")
        out = self.send(mx(), data, token, ["clean@example.test", "clean@example.org"], source_ip="127.0.0.200")
        self.assertEqual(out.rcpts[0][0], 250, out)
        self.assertEqual(out.rcpts[1][0], 554, out)
        self.assertIn("5.7.1", out.rcpts[1][1])
        self.assertTrue(out.got_250, out)
        self.assert_delivered_identical(data, token)  # once: only to example.test

    def test_outside_client_networks_authenticated_may_relay(self):
        token = sc.new_token()
        data = sc.clean_message("plain", token, "clean@example.org")
        out = self.send(submission(), data, token, ["clean@example.org"], source_ip="127.0.0.201",
                        tls_ca=P.ca_cert, auth=("submit", pfh.USERS["submit"]))
        self.assertTrue(out.got_250, out)
        self.assert_delivered_identical(data, token)


# ------------------------------------------------------------------------------------------------------------------
class Z_InvariantTest(Base):
    """Checked last, over every attempt of the run."""

    def test_no_250_without_delivery_and_no_duplicates(self):
        settle(180)
        self.assertGreater(len(LEDGER.entries), 0)
        problems = []
        for e in LEDGER.entries:
            out = e["outcome"]
            n = len(INDEX.deliveries(out.token))
            accepted = out.accepted_rcpts if out.rcpts else len(e["rcpts"])
            if out.got_250 and n == 0:
                problems.append(f"250 but not delivered: {e['label']} {out}")
            if n > max(accepted, 1):
                problems.append(f"delivered {n} times for {accepted} recipients: {e['label']} {out}")
            if e["expect_absent"] and n:
                problems.append(f"must not have been delivered: {e['label']} {out}")
        self.assertEqual(problems, [], f"{len(problems)} of {len(LEDGER.entries)} attempts")
        print(f"\n  invariant checked over {len(LEDGER.entries)} attempts "
              f"({sum(1 for e in LEDGER.entries if e['outcome'].got_250)} accepted)", flush=True)

    @needs_mamori
    def test_zz_no_password_in_mamori_logs(self):
        MAMORI.stop()  # flushes the logs; the runner's cleanup finds it stopped
        secrets = []
        for user, password in pfh.USERS.items():
            import base64
            secrets += [password.encode(), base64.b64encode(password.encode()),
                        base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()),
                        base64.b64encode(user.encode() + b"\0" + user.encode() + b"\0" + password.encode())]
        files = MAMORI.log_files()
        self.assertTrue(any(os.path.getsize(f) > 0 for f in files if os.path.exists(f)), "Mamori wrote no log")
        for path in files:
            with open(path, "rb") as f:
                content = f.read()
            for secret in secrets:
                self.assertNotIn(secret, content, f"a password or AUTH payload is in {path}")


if __name__ == "__main__":
    unittest.main()
