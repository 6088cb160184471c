#!/usr/bin/env python3
"""A private Dovecot (POP3 only) on loopback for the e2e tests, with its own config, dirs, logs and test CA.

Never touches the system's Dovecot: everything lives under WORK (config, base_dir, state_dir, logs, mail, TLS).

Two instances share one passwd-file and one mail tree:
  main   127.0.0.1:11010 POP3 with STLS, 127.0.0.1:11012 POP3S (implicit TLS)
  plain  127.0.0.1:11014 POP3 without TLS (ssl = no, so no STLS in CAPA), for the "tls: required" refusal test

CLI:  dovecot_harness.py start WORK [--big-mb N]   |   dovecot_harness.py stop WORK
"""
import argparse
import os
import pwd
import grp
import shutil
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import corpus  # noqa: E402

HOST = "127.0.0.1"
PORT_STLS = 11010
PORT_POP3S = 11012
PORT_PLAIN = 11014
MAIL_USER = "nobody"  # mail processes run as this uid (Dovecot refuses uid 0 for mail access)

# user -> password; plaintext in the passwd-file so APOP works (Dovecot needs the plaintext for the MD5 digest)
USERS = {
    "alice": "alice-Secret-4711",
    "bob": "bob-Secret-0815",
    "fetchkeep": "fk-Secret-1",
    "mpopkeep": "mk-Secret-1",
    "fetchdel": "fd-Secret-1",
    "mpopdel": "md-Secret-1",
    "delquit": "dq-Secret-1",
    "deldrop": "dd-Secret-1",
    "plainonly": "po-Secret-1",
}
PARALLEL_USERS = {f"par{i:02d}": f"par{i:02d}-Secret" for i in range(50)}
# the infected corpus (corpus.virus_mailbox), one mailbox per client: poplib, fetchmail, mpop
VIRUS_USERS = {"vpop": "vp-Secret-1", "vfetch": "vf-Secret-1", "vmpop": "vm-Secret-1"}
ALL_USERS = {**USERS, **PARALLEL_USERS, **VIRUS_USERS}

INSTANCES = {
    "main": {"listeners": [("pop3", PORT_STLS, False), ("pop3s", PORT_POP3S, True)], "ssl": "yes"},
    "plain": {"listeners": [("pop3", PORT_PLAIN, False)], "ssl": "no"},
}


class Paths:
    def __init__(self, work):
        self.work = os.path.abspath(work)
        self.root = os.path.join(self.work, "dovecot")
        self.tls = os.path.join(self.work, "tls")
        self.mail = os.path.join(self.root, "mail")
        self.passwd = os.path.join(self.root, "passwd")
        self.ca_cert = os.path.join(self.tls, "ca.pem")
        self.server_cert = os.path.join(self.tls, "server.pem")
        self.server_key = os.path.join(self.tls, "server.key")
        self.dh = os.path.join(self.tls, "dh.pem")

    def inst(self, name):
        return os.path.join(self.root, name)

    def conf(self, name):
        return os.path.join(self.inst(name), "dovecot.conf")

    def log(self, name):
        return os.path.join(self.inst(name), "dovecot.log")

    def maildir(self, user):
        return os.path.join(self.mail, user, "Maildir")


def _run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def make_tls(paths):
    """Test CA, and a server certificate (SAN IP:127.0.0.1, DNS:localhost) used by Dovecot and Mamori's listeners."""
    os.makedirs(paths.tls, exist_ok=True)
    if os.path.exists(paths.server_cert):
        return
    ca_key = os.path.join(paths.tls, "ca.key")
    _run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", paths.ca_cert,
          "-days", "30", "-subj", "/CN=Mamori e2e test CA",
          "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    csr = os.path.join(paths.tls, "server.csr")
    _run(["openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", paths.server_key, "-out", csr,
          "-subj", "/CN=localhost"])
    ext = os.path.join(paths.tls, "server.ext")
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\n"
                "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")
    _run(["openssl", "x509", "-req", "-in", csr, "-CA", paths.ca_cert, "-CAkey", ca_key, "-CAcreateserial",
          "-out", paths.server_cert, "-days", "30", "-extfile", ext])
    # DSA-style parameters are generated in about a second; only used if a client negotiates a DHE suite
    _run(["openssl", "dhparam", "-dsaparam", "-out", paths.dh, "2048"])
    for f in os.listdir(paths.tls):
        os.chmod(os.path.join(paths.tls, f), 0o644)


def write_passwd(paths):
    pw = pwd.getpwnam(MAIL_USER)
    with open(paths.passwd, "w") as f:
        for user, password in ALL_USERS.items():
            home = os.path.join(paths.mail, user)
            f.write(f"{user}:{{PLAIN}}{password}:{pw.pw_uid}:{pw.pw_gid}::{home}::\n")
    os.chmod(paths.passwd, 0o644)


def conf_text(paths, name):
    spec = INSTANCES[name]
    inst = paths.inst(name)
    listeners = "\n".join(
        f"  inet_listener {lname} {{\n    address = {HOST}\n    port = {port}\n"
        f"{'    ssl = yes' + chr(10) if ssl else ''}  }}"
        for lname, port, ssl in spec["listeners"])
    ssl = spec["ssl"]
    tls = (f"ssl_cert = <{paths.server_cert}\nssl_key = <{paths.server_key}\nssl_dh = <{paths.dh}\n"
           if ssl == "yes" else "")
    return f"""# generated by e2e/dovecot/dovecot_harness.py: private POP3-only instance '{name}'
instance_name = mamori-e2e-{name}
base_dir = {inst}/run
state_dir = {inst}/state
log_path = {inst}/dovecot.log
info_log_path = {inst}/dovecot.log
debug_log_path = {inst}/dovecot.log
protocols = pop3
listen = {HOST}
shutdown_clients = yes
ssl = {ssl}
{tls}ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login apop
auth_verbose = yes
auth_verbose_passwords = no
auth_failure_delay = 0
login_greeting = Dovecot e2e {name} ready.
first_valid_uid = 1
mail_location = maildir:~/Maildir
mail_max_userip_connections = 200
pop3_uidl_format = %08Xu%08Xv
pop3_logout_format = top=%t/%p, retr=%r/%b, del=%d/%m, size=%s
default_process_limit = 300
default_client_limit = 2000
default_vsz_limit = 1G
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {paths.passwd}
}}
userdb {{
  driver = passwd-file
  args = {paths.passwd}
}}
service pop3-login {{
{listeners}
  process_min_avail = 2
  service_count = 0
}}
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


def deliver(paths, user, messages):
    """(Re)create a user's Maildir with exactly these messages, stored byte-exact, in order."""
    md = paths.maildir(user)
    shutil.rmtree(os.path.join(paths.mail, user), ignore_errors=True)
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(md, sub))
    base = 1700000000
    for i, (name, data) in enumerate(messages):
        # sortable names: Dovecot assigns UIDs in file name order on the first sync
        fn = os.path.join(md, "cur", f"{base + i}.M{i:06d}P1.e2e:2,")
        with open(fn, "wb") as f:
            f.write(data)
        os.utime(fn, (base + i, base + i))
    _chown_tree(os.path.join(paths.mail, user))


def _chown_tree(top):
    uid = pwd.getpwnam(MAIL_USER).pw_uid
    gid = grp.getgrgid(pwd.getpwnam(MAIL_USER).pw_gid).gr_gid
    for dirpath, dirnames, filenames in os.walk(top):
        os.chown(dirpath, uid, gid)
        for fn in filenames:
            os.chown(os.path.join(dirpath, fn), uid, gid)


def populate(paths, big_mb):
    msgs = corpus.corpus(big_mb)
    for user in USERS:
        deliver(paths, user, msgs if user in ("alice", "bob", "fetchkeep", "mpopkeep") else
                [m for m in msgs if m[0] != "big"])
    for user in PARALLEL_USERS:
        deliver(paths, user, corpus.small_mailbox(user))
    for user in VIRUS_USERS:
        deliver(paths, user, corpus.virus_mailbox())


def _wait_port(port, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=2) as s:
                if port == PORT_POP3S:  # TLS first: the greeting comes after a handshake
                    return
                s.settimeout(5)
                if s.recv(100).startswith(b"+OK"):
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"Dovecot did not start listening on {HOST}:{port}")


def _port_free(port):
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # like Dovecot: TIME_WAIT leftovers are fine
        try:
            s.bind((HOST, port))
            return True
        except OSError:
            return False


def start(work, big_mb=20):
    paths = Paths(work)
    os.makedirs(paths.root, exist_ok=True)
    for p in (paths.work, paths.root, os.path.dirname(paths.mail)):
        os.chmod(p, 0o755)
    os.makedirs(paths.mail, exist_ok=True)
    os.chmod(paths.mail, 0o755)
    make_tls(paths)
    write_passwd(paths)
    populate(paths, big_mb)
    busy = [port for spec in INSTANCES.values() for _, port, _ in spec["listeners"] if not _port_free(port)]
    if busy:
        raise RuntimeError(f"ports {busy} are already in use; stop the previous run first")
    for name in INSTANCES:
        inst = paths.inst(name)
        for sub in ("run", "state"):
            os.makedirs(os.path.join(inst, sub), exist_ok=True)
        os.chmod(inst, 0o755)
        with open(paths.conf(name), "w") as f:
            f.write(conf_text(paths, name))
        # daemonizes (master.pid in base_dir); no pipes, or the daemon would hold them open
        subprocess.run(["dovecot", "-c", paths.conf(name)], check=True,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for spec in INSTANCES.values():
            for _, port, _ in spec["listeners"]:
                _wait_port(port)
    except Exception:
        stop(work)
        raise
    return paths


def stop(work):
    paths = Paths(work)
    for name in INSTANCES:
        conf = paths.conf(name)
        if not os.path.exists(conf):
            continue
        pidfile = os.path.join(paths.inst(name), "run", "master.pid")
        if not os.path.exists(pidfile):
            continue
        subprocess.run(["dovecot", "-c", conf, "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            pid = int(open(pidfile).read().strip())
        except (OSError, ValueError):
            continue
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.1)
        if _alive(pid):
            os.kill(pid, 9)


def _alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("action", choices=["start", "stop"])
    ap.add_argument("work")
    ap.add_argument("--big-mb", type=int, default=int(os.environ.get("MAMORI_E2E_BIG_MB", "20")))
    a = ap.parse_args()
    if a.action == "start":
        p = start(a.work, a.big_mb)
        print(f"dovecot up: STLS {HOST}:{PORT_STLS}, POP3S {HOST}:{PORT_POP3S}, plain {HOST}:{PORT_PLAIN}; "
              f"CA {p.ca_cert}; logs {p.log('main')} {p.log('plain')}")
    else:
        stop(a.work)


if __name__ == "__main__":
    main()
