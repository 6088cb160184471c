"""A TCP relay for fault injection: it forwards bytes unchanged and can cut a session at a chosen moment.

SMTP mode watches the client-to-server stream for the DATA command and the end-of-data line, so a test can arm one
fault for the next message:
  drop_dot        forward the message but not its final ".\\r\\n", then close both sides: the server never sees the
                  end of the message, so it must not deliver it
  cut_after_dot   forward the final ".\\r\\n", then close both sides at once: the server may or may not have accepted
                  the message, the client never sees the reply
  kill_before_dot call on_trigger (the test kills the server process with SIGKILL) before the final ".\\r\\n"
  kill_after_dot  forward the final ".\\r\\n", then call on_trigger
  swallow_reply   forward the final ".\\r\\n" and drop everything the server sends afterwards, keeping the connection
                  open (the client side must give up by its own timeout)
Raw mode (smtp=False) has one fault: kill_on_data calls on_trigger as soon as the client has sent n_bytes (the clamd
tests: kill the scanner while a message is being streamed to it).

Stdlib only; one thread per direction per session.
"""
import socket
import subprocess
import re
import threading

FAULTS = ("drop_dot", "cut_after_dot", "kill_before_dot", "kill_after_dot", "swallow_reply", "kill_on_data")


class Middlebox:
    def __init__(self, listen_port, target_port, host="127.0.0.1", smtp=True, name="middlebox"):
        self.host, self.listen_port, self.target_port, self.smtp, self.name = host, listen_port, target_port, smtp, name
        self._lock = threading.Lock()
        self._fault = None
        self._on_trigger = None
        self._kill_after_bytes = 1
        self.triggered = threading.Event()
        self.trigger_info = {}
        self.sessions = 0
        self._server = None
        self._conns = set()
        self._accept_thread = None

    # ---- control -----------------------------------------------------------------------------------------------
    def start(self):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((self.host, self.listen_port))
        s.listen(64)
        self._server = s
        self._accept_thread = threading.Thread(target=self._accept_loop, name=f"{self.name}-accept", daemon=True)
        self._accept_thread.start()
        return self

    def stop(self):
        """Stops listening and closes every open session."""
        if self._server is not None:
            try:
                self._server.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._server.close()
            self._server = None
        with self._lock:
            conns = list(self._conns)
        for c in conns:
            _close(c)
        if self._accept_thread is not None:
            self._accept_thread.join(timeout=5)

    def arm(self, fault, on_trigger=None, n_bytes=1):
        """Arms one fault for the next message (SMTP mode) or the next data (raw mode)."""
        assert fault in FAULTS, fault
        with self._lock:
            self._fault = fault
            self._on_trigger = on_trigger
            self._kill_after_bytes = n_bytes
            self.triggered.clear()
            self.trigger_info = {}

    def disarm(self):
        with self._lock:
            self._fault = None
            self._on_trigger = None

    def _take_fault(self):
        with self._lock:
            fault, cb = self._fault, self._on_trigger
            self._fault, self._on_trigger = None, None
            return fault, cb

    # ---- relay -------------------------------------------------------------------------------------------------
    def _accept_loop(self):
        server = self._server
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection((self.host, self.target_port), timeout=10)
                upstream.settimeout(None)
            except OSError:
                _close(client)
                continue
            self.sessions += 1
            with self._lock:
                self._conns.update((client, upstream))
            session = _Session(self, client, upstream)
            threading.Thread(target=session.client_to_server, name=f"{self.name}-c2s", daemon=True).start()
            threading.Thread(target=session.server_to_client, name=f"{self.name}-s2c", daemon=True).start()

    def _forget(self, *socks):
        with self._lock:
            for s in socks:
                self._conns.discard(s)


class _Session:
    def __init__(self, box, client, upstream):
        self.box, self.client, self.upstream = box, client, upstream
        self.swallow = False
        self.closed = False

    def close(self):
        self.closed = True
        _close(self.client)
        _close(self.upstream)
        self.box._forget(self.client, self.upstream)

    def server_to_client(self):
        try:
            while True:
                data = self.upstream.recv(65536)
                if not data:
                    break
                if not self.swallow:
                    self.client.sendall(data)
        except OSError:
            pass
        self.close()

    def client_to_server(self):
        try:
            if self.box.smtp:
                self._smtp_pump()
            else:
                self._raw_pump()
        except OSError:
            pass
        self.close()

    def _raw_pump(self):
        sent = 0
        while True:
            data = self.client.recv(65536)
            if not data:
                return
            self.upstream.sendall(data)
            sent += len(data)
            with self.box._lock:
                armed = self.box._fault == "kill_on_data" and sent >= self.box._kill_after_bytes
            if armed:
                fault, cb = self.box._take_fault()
                if fault == "kill_on_data":
                    self.box.trigger_info = {"bytes_forwarded": sent, "upstream_port": self.upstream.getsockname()[1]}
                    if cb:
                        cb(self.box.trigger_info)
                    self.box.triggered.set()

    def _smtp_pump(self):
        buf = b""
        in_data = False
        prev = b""  # the last two bytes forwarded in the data phase: the CRLF before the final dot may be among them
        while True:
            progressed = True
            while progressed:
                progressed = False
                if not in_data:
                    nl = buf.find(b"\n")
                    if nl >= 0:
                        line, buf = buf[:nl + 1], buf[nl + 1:]
                        self.upstream.sendall(line)
                        # DATA ends a pipelined group (RFC 2920); the message follows the server's 354
                        if line.rstrip(b"\r\n").upper() == b"DATA":
                            in_data, prev = True, b"\r\n"  # the message may be empty: ".\r\n" at once
                        progressed = True
                else:
                    end = (prev + buf).find(b"\r\n.\r\n")
                    if end >= 0:
                        dot_at = end + 2 - len(prev)
                        body, dot, buf = buf[:dot_at], buf[dot_at:dot_at + 3], buf[dot_at + 3:]
                        in_data = False
                        self._end_of_data(body, dot)
                        if self.closed:
                            return
                        progressed = True
                    elif len(buf) > 4:  # keep 4 bytes back: they may be the start of "\r\n.\r\n"
                        out, buf = buf[:-4], buf[-4:]
                        self.upstream.sendall(out)
                        prev = (prev + out)[-2:]
            data = self.client.recv(65536)
            if not data:
                if buf:
                    self.upstream.sendall(buf)
                return
            buf += data

    def _end_of_data(self, body, dot):
        fault, cb = self.box._take_fault()
        info = {"upstream_port": self.upstream.getsockname()[1], "fault": fault}
        if fault is None:
            self.upstream.sendall(body + dot)
            return
        self.box.trigger_info = info
        try:
            self._apply(fault, cb, info, body, dot)
        finally:
            self.box.triggered.set()

    def _apply(self, fault, cb, info, body, dot):
        if fault == "drop_dot":
            self.upstream.sendall(body)
            self.close()
        elif fault == "cut_after_dot":
            self.upstream.sendall(body + dot)
            self.close()
        elif fault == "kill_before_dot":
            self.upstream.sendall(body)
            if cb:
                cb(info)
            self.close()
        elif fault == "kill_after_dot":
            self.upstream.sendall(body + dot)
            if cb:
                cb(info)
            self.close()
        elif fault == "swallow_reply":
            self.swallow = True
            self.upstream.sendall(body + dot)


def _close(s):
    try:
        s.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        s.close()
    except OSError:
        pass


def pid_serving(local_port, peer_port):
    """Pid of the process whose socket has local port local_port and peer port peer_port (e.g. the Postfix smtpd
    that serves the middlebox's upstream connection), found with ss(8)."""
    out = subprocess.run(["ss", "-Htnp", "state", "established", f"( sport = :{local_port} and dport = :{peer_port} )"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    m = re.search(r"pid=(\d+)", out)
    return int(m.group(1)) if m else None
