"""Run the real POP3 clients (fetchmail, mpop) against a server and collect what they deliver.

Both deliver through an MDA that writes each message, byte for byte as the tool hands it over, to DIR/NNNN.
What each tool changes on the way (found by running them directly against Dovecot, see README.md):
  fetchmail 6.4: with `set invisible` no Received: header; with `no stripcr` / `no forcecr` / `no rewrite` /
                 no mimedecode / no dropstatus it hands the message to the MDA with its line ends turned into LF
                 (CRLF -> LF), see `fetchmail_view`.
  mpop 1.4:      with `received_header off` nothing is added; the MDA gets the message with CRLF -> LF,
                 see `mpop_view`.
"""
import os
import shutil
import stat
import subprocess
import textwrap

MDA_SCRIPT = """#!/bin/sh
# e2e MDA: store stdin byte-exact as DIR/NNNN (deliveries are sequential within one run)
dir="$1"
n=$(ls "$dir" | wc -l)
exec cat > "$dir/$(printf %04d "$n")"
"""


class Delivery:
    def __init__(self, returncode, output, messages, workdir):
        self.returncode = returncode
        self.output = output
        self.messages = messages
        self.workdir = workdir

    def __repr__(self):
        return f"Delivery(rc={self.returncode}, n={len(self.messages)}, output={self.output[-2000:]!r})"


def _prepare(workdir):
    shutil.rmtree(workdir, ignore_errors=True)
    out = os.path.join(workdir, "delivered")
    os.makedirs(out)
    mda = os.path.join(workdir, "mda.sh")
    with open(mda, "w") as f:
        f.write(MDA_SCRIPT)
    os.chmod(mda, 0o755)
    return out, mda


def _collect(out):
    return [open(os.path.join(out, fn), "rb").read() for fn in sorted(os.listdir(out))]


def _q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fetchmail(workdir, host, port, user, password, *, tls="starttls", ca_file=None, keep=True, timeout=120,
              protocol="POP3"):
    """tls: 'implicit' (ssl), 'starttls' (sslproto tls1.2+ : STLS required), 'none' (sslproto '' : plain).
    protocol: POP3 (USER/PASS) or APOP.

    fetchmail 6.4 matches the certificate name against DNS names only (not IP SANs), hence `sslcommonname localhost`
    while connecting to the IP literal; the chain is still verified against the test CA (sslcertck).
    """
    out, mda = _prepare(workdir)
    home = os.path.join(workdir, "home")
    os.makedirs(home)
    if tls == "implicit":
        tls_opts = f"ssl sslproto tls1.2+ sslcertck sslcertfile {_q(ca_file)} sslcommonname localhost"
    elif tls == "starttls":
        tls_opts = f"sslproto tls1.2+ sslcertck sslcertfile {_q(ca_file)} sslcommonname localhost"
    else:
        tls_opts = "sslproto '' no sslcertck"
    rc = textwrap.dedent(f"""\
        set no syslog
        set invisible
        set no bouncemail
        set idfile {_q(os.path.join(home, "fetchids"))}
        set pidfile {_q(os.path.join(home, "fetchmail.pid"))}
        poll {host} with proto {protocol} port {port} auth password timeout 60 no dns
          user {_q(user)} there with password {_q(password)} is root here
          options fetchall {'keep' if keep else 'no keep'} no rewrite no stripcr no forcecr no mimedecode
          {tls_opts}
          mda {_q(mda + ' ' + out)}
        """)
    rcfile = os.path.join(workdir, "fetchmailrc")
    with open(rcfile, "w") as f:
        f.write(rc)
    os.chmod(rcfile, stat.S_IRUSR | stat.S_IWUSR)
    env = dict(os.environ, FETCHMAILHOME=home, HOME=home, LC_ALL="C")
    p = subprocess.run(["fetchmail", "-v", "--nodetach", "-f", rcfile], env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
    return Delivery(p.returncode, p.stdout.decode("utf-8", "replace"), _collect(out), workdir)


def mpop(workdir, host, port, user, password, *, tls="starttls", ca_file=None, keep=True, timeout=120,
         auth="user"):
    """tls: 'implicit', 'starttls' or 'none'. auth: user, plain, apop, ... (mpop's `auth`)."""
    out, mda = _prepare(workdir)
    if tls == "implicit":
        tls_opts = f"tls on\ntls_starttls off\ntls_trust_file {ca_file}"
    elif tls == "starttls":
        tls_opts = f"tls on\ntls_starttls on\ntls_trust_file {ca_file}"
    else:
        tls_opts = "tls off"
    conf = textwrap.dedent(f"""\
        defaults
        timeout 60
        received_header off
        only_new off
        uidls_file {os.path.join(workdir, "uidls")}

        account e2e
        host {host}
        port {port}
        user {user}
        password {password}
        auth {auth}
        keep {'on' if keep else 'off'}
        delivery mda "{mda} {out}"
        """) + tls_opts + "\n"
    conffile = os.path.join(workdir, "mpoprc")
    with open(conffile, "w") as f:
        f.write(conf)
    os.chmod(conffile, stat.S_IRUSR | stat.S_IWUSR)
    p = subprocess.run(["mpop", "--debug", "-C", conffile, "e2e"], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout,
                       env=dict(os.environ, HOME=workdir, LC_ALL="C"))
    return Delivery(p.returncode, p.stdout.decode("utf-8", "replace")[-20000:], _collect(out), workdir)
