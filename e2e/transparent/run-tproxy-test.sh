#!/usr/bin/env bash
# End-to-end test of Mamori's transparent POP3 mode (Linux TPROXY) with real components in three network namespaces:
#
#   client ns                 router ns                                   server ns
#   10.77.1.2 ── veth ── 10.77.1.1 | 10.77.2.1 ─────────── veth ── 10.77.2.2 (Dovecot :110, :1110; tls: none)
#   (poplib)            ip_forward=1, TPROXY :110 -> Mamori :11190        10.77.2.4 (Dovecot STLS, cert: DNS name only)
#                                                                         10.77.2.5 (Dovecot STLS, cert: IP SAN)
#                                                                         10.77.3.3 (Dovecot :110, not allowed)
#
# The client connects to 10.77.2.2:110 and never hears of Mamori; the router's rules (the ones documented in
# docs/transparent-mode.md) divert the connection to Mamori's transparent listener, which connects to the original
# destination and passes the session through. Checks: byte-exact RETR compared with Dovecot's direct answers and the
# Maildir files, Mamori's log of the intercepted session, allow-list refusals, router-local traffic not intercepted,
# no path to the server while Mamori is stopped, and the TLS limits of docs/transparent-mode.md (the server's STLS
# is not offered to the client; upstream certificates are verified against the IP address).
#
# Usage:   e2e/transparent/run-tproxy-test.sh            (as root; about 30 s)
# Env:     TPROXY_BACKEND=nft|iptables   default nft, iptables when nft's tproxy expression is unavailable
#          JAVA_HOME                     a JDK 25 (default /usr/lib/jvm/temurin-25-jdk-amd64)
#          SKIP_BUILD=1                  do not run 'mvn -o package' first (packaging/target/mamori must exist)
#          KEEP_WORK=1                   keep the work directory (logs, configs, Maildir) for inspection
# Output:  one line per check, then "N passed, M failed" (or "0 passed, 0 failed, 1 skipped") as the last line.
#          Exit status 0 when nothing failed.
#
# Touches nothing outside the namespaces it creates (named mtp-{c,r,s}-PID) and its temp directory; both are
# removed on exit, as are the Dovecot and Mamori processes it started.

set -u -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd -P)
REPO=$(cd "$HERE/../.." && pwd -P)
CONF=$HERE/transparent.yaml
POP3=$HERE/tproxy_pop3.py
LISTEN_PORT=11190
PASSWORD=alice-Tproxy-4711
STARTED=$SECONDS

PASSED=0
FAILED=0

skip() {
    echo "SKIP: $*"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
}

ok() {
    PASSED=$((PASSED + 1))
    echo "ok   $1"
}

# bad NAME [DETAIL...]: a failed check, with the evidence indented below it
bad() {
    FAILED=$((FAILED + 1))
    echo "FAIL $1"
    shift
    local line
    for line in "$@"; do
        printf '%s\n' "$line" | sed 's/^/       /'
    done
}

finish() {
    echo "elapsed: $((SECONDS - STARTED)) s"
    echo "$PASSED passed, $FAILED failed"
    [[ $FAILED -eq 0 ]]
    exit
}

# ---------------------------------------------------------------------------------------------- preflight

[[ $(id -u) -eq 0 ]] || skip "needs root (network namespaces, TPROXY rules, IP_TRANSPARENT)"
command -v ip >/dev/null 2>&1 && ip netns list >/dev/null 2>&1 || skip "'ip netns' (iproute2) is not available"
for tool in python3 dovecot ss openssl; do
    command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
done
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
grep -q 'version "2[5-9]' <("$JAVA_HOME/bin/java" -version 2>&1) || skip "no JDK 25 at JAVA_HOME=$JAVA_HOME"
export JAVA_HOME PATH=$JAVA_HOME/bin:$PATH

TAG=$$
NS_C=mtp-c-$TAG
NS_R=mtp-r-$TAG
NS_S=mtp-s-$TAG
IF_C=c$TAG      # client ns, towards the router
IF_RC=rc$TAG    # router ns, towards the client (the "LAN" interface the rules match on)
IF_RS=rs$TAG    # router ns, towards the server
IF_S=s$TAG      # server ns
WORK=$(mktemp -d /tmp/mamori-tproxy.XXXXXX)
chmod 755 "$WORK" # Dovecot's unprivileged login processes must reach base_dir below it
DATA=$WORK/mamori-data
MLOG=$WORK/mamori.out
MAMORI_PID=
DOVECOT_PID=
BACKEND=

stop_mamori() {
    [[ -n $MAMORI_PID ]] || return 0
    kill -TERM "$MAMORI_PID" 2>/dev/null
    local i
    for i in $(seq 50); do
        kill -0 "$MAMORI_PID" 2>/dev/null || break
        sleep 0.2
    done
    kill -KILL "$MAMORI_PID" 2>/dev/null
    wait "$MAMORI_PID" 2>/dev/null
    MAMORI_PID=
}

cleanup() {
    stop_mamori
    if [[ -n $DOVECOT_PID ]]; then
        kill -TERM "$DOVECOT_PID" 2>/dev/null
        local i
        for i in $(seq 50); do
            kill -0 "$DOVECOT_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$DOVECOT_PID" 2>/dev/null
    fi
    local ns
    for ns in "$NS_C" "$NS_R" "$NS_S"; do
        ip netns del "$ns" 2>/dev/null
    done
    if [[ ${KEEP_WORK:-0} == 1 ]]; then
        echo "work directory kept: $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

in_c() { ip netns exec "$NS_C" "$@"; }
in_r() { ip netns exec "$NS_R" "$@"; }
in_s() { ip netns exec "$NS_S" "$@"; }

# ---------------------------------------------------------------------------------------------- build

MAMORI=$REPO/packaging/target/mamori/bin/mamori
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    echo "building Mamori (mvn -o package)"
    if ! (cd "$REPO" && mvn -B -o -q -DskipTests package) >"$WORK/build.log" 2>&1; then
        bad "build" "$(grep -E 'ERROR' "$WORK/build.log" | head -20)"
        finish
    fi
fi
[[ -x $MAMORI ]] || { bad "distribution at $MAMORI" "build it: mvn -B -o -DskipTests package"; finish; }

# ---------------------------------------------------------------------------------------------- topology

ip netns add "$NS_C" && ip netns add "$NS_R" && ip netns add "$NS_S" || skip "cannot create network namespaces"
ip link add "$IF_C" netns "$NS_C" type veth peer name "$IF_RC" netns "$NS_R" || skip "cannot create veth pairs"
ip link add "$IF_RS" netns "$NS_R" type veth peer name "$IF_S" netns "$NS_S" || skip "cannot create veth pairs"
for ns in "$NS_C" "$NS_R" "$NS_S"; do
    ip -n "$ns" link set lo up
done
ip -n "$NS_C" addr add 10.77.1.2/24 dev "$IF_C"
ip -n "$NS_C" link set "$IF_C" up
ip -n "$NS_C" route add default via 10.77.1.1
ip -n "$NS_R" addr add 10.77.1.1/24 dev "$IF_RC"
ip -n "$NS_R" addr add 10.77.2.1/24 dev "$IF_RS"
ip -n "$NS_R" link set "$IF_RC" up
ip -n "$NS_R" link set "$IF_RS" up
ip -n "$NS_R" route add 10.77.3.0/24 via 10.77.2.2
in_r sysctl -qw net.ipv4.ip_forward=1
ip -n "$NS_S" addr add 10.77.2.2/24 dev "$IF_S"
ip -n "$NS_S" addr add 10.77.2.4/24 dev "$IF_S"
ip -n "$NS_S" addr add 10.77.2.5/24 dev "$IF_S"
ip -n "$NS_S" addr add 10.77.3.3/24 dev "$IF_S"
ip -n "$NS_S" link set "$IF_S" up
ip -n "$NS_S" route add default via 10.77.2.1

# Policy routing: packets marked by the TPROXY rule are delivered locally, whatever their destination address.
ip -n "$NS_R" rule add fwmark 1 lookup 100
ip -n "$NS_R" route add local 0.0.0.0/0 dev lo table 100

# The rule sets of docs/transparent-mode.md, with this topology's interface and subnet. Port 1110 is diverted too
# (only in this test) so that a port missing from the allow-list can be checked.
nft_rules() {
    cat <<EOF
table inet mamori {
    chain divert {
        type filter hook prerouting priority mangle; policy accept;
        # packets of connections Mamori has already accepted: route them to the local socket, no new lookup
        meta l4proto tcp socket transparent 1 meta mark set 1 accept
        # new POP3 connections from the LAN: hand them to Mamori's transparent listener
        iifname "$IF_RC" ip saddr 10.77.1.0/24 tcp dport { 110, 1110 } tproxy ip to :$LISTEN_PORT meta mark set 1 accept
    }
    chain guard {
        type filter hook forward priority filter; policy accept;
        # nft's tproxy does not match when no listener is found: without this rule a stopped Mamori means unscanned
        # POP3 straight to the server. Refuse instead.
        iifname "$IF_RC" tcp dport { 110, 1110 } reject with tcp reset
    }
}
EOF
}

iptables_rules() {
    in_r iptables -t mangle -N MAMORI_DIVERT &&
    in_r iptables -t mangle -A MAMORI_DIVERT -j MARK --set-mark 1 &&
    in_r iptables -t mangle -A MAMORI_DIVERT -j ACCEPT &&
    in_r iptables -t mangle -A PREROUTING -p tcp -m socket --transparent -j MAMORI_DIVERT &&
    in_r iptables -t mangle -A PREROUTING -i "$IF_RC" -s 10.77.1.0/24 -p tcp -m multiport --dports 110,1110 \
        -j TPROXY --on-port "$LISTEN_PORT" --tproxy-mark 1/1 &&
    in_r iptables -A FORWARD -i "$IF_RC" -p tcp -m multiport --dports 110,1110 -j REJECT --reject-with tcp-reset
}

want=${TPROXY_BACKEND:-nft}
if [[ $want == nft ]] && command -v nft >/dev/null 2>&1 && nft_rules | in_r nft -f - 2>"$WORK/nft.err"; then
    BACKEND=nft
elif command -v iptables >/dev/null 2>&1 && iptables_rules 2>"$WORK/iptables.err"; then
    BACKEND=iptables
else
    skip "no TPROXY support: nft said '$(head -c 300 "$WORK/nft.err" 2>/dev/null)'," \
        "iptables said '$(head -c 300 "$WORK/iptables.err" 2>/dev/null)'"
fi
echo "topology up: $NS_C / $NS_R / $NS_S, TPROXY rules via $BACKEND, work: $WORK"

# ---------------------------------------------------------------------------------------------- TLS material

# A test CA (trusted by Mamori through extraCaFiles) and two server certificates: one naming the server only by a
# DNS name, as public certificates do, and one with the IP address as a SAN.
TLS=$WORK/tls
mkdir -p "$TLS"
mkcert() { # NAME SAN
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$TLS/$1.key" -out "$TLS/$1.csr" \
        -subj "/CN=$1" 2>/dev/null &&
    printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$2" >"$TLS/$1.ext" &&
    openssl x509 -req -in "$TLS/$1.csr" -CA "$TLS/ca.pem" -CAkey "$TLS/ca.key" -CAcreateserial -days 2 \
        -extfile "$TLS/$1.ext" -out "$TLS/$1.pem" 2>/dev/null
}
if ! { openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$TLS/ca.key" \
            -out "$TLS/ca.pem" -days 2 -subj "/CN=Mamori tproxy e2e CA" \
            -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null &&
        mkcert name-only DNS:pop.tproxy.test && mkcert ip-san DNS:pop.tproxy.test,IP:10.77.2.5; }; then
    bad "create the test CA and server certificates"
    finish
fi
chmod 644 "$TLS"/*
# Mamori reads its config from the work directory, next to tls/: extraCaFiles is relative to the config file.
cp "$CONF" "$WORK/mamori.yaml"
CONF=$WORK/mamori.yaml

# ---------------------------------------------------------------------------------------------- Dovecot

DC=$WORK/dovecot
MAILUSER=nobody
mkdir -p "$DC/run" "$DC/state" "$DC/mail/alice"
python3 "$POP3" corpus "$DC/mail/alice/Maildir" >"$WORK/corpus.json" || { bad "write the Maildir corpus"; finish; }
chown -R "$MAILUSER:" "$DC/mail"
uid=$(id -u "$MAILUSER")
gid=$(id -g "$MAILUSER")
echo "alice:{PLAIN}$PASSWORD:$uid:$gid::$DC/mail/alice::" >"$DC/passwd"
chmod 644 "$DC/passwd"
cat >"$DC/dovecot.conf" <<EOF
# private POP3-only Dovecot for e2e/transparent/run-tproxy-test.sh, inside the server namespace
instance_name = mamori-tproxy-$TAG
base_dir = $DC/run
state_dir = $DC/state
log_path = $DC/dovecot.log
info_log_path = $DC/dovecot.log
protocols = pop3
listen = 10.77.2.2, 10.77.2.4, 10.77.2.5, 10.77.3.3
# STLS offered everywhere (a 'local' block cannot turn on ssl when it is globally off); plain logins stay
# allowed. The default certificate names only pop.tproxy.test, 10.77.2.5 has one with its IP address.
ssl = yes
ssl_cert = <$TLS/name-only.pem
ssl_key = <$TLS/name-only.key
local 10.77.2.5 {
  ssl_cert = <$TLS/ip-san.pem
  ssl_key = <$TLS/ip-san.key
}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
auth_failure_delay = 0
login_greeting = Dovecot tproxy-e2e ready.
login_log_format_elements = user=<%u> method=%m rip=%r lip=%l lport=%{lport} mpid=%e %c session=<%{session}>
first_valid_uid = 1
mail_location = maildir:~/Maildir
pop3_uidl_format = %08Xu%08Xv
shutdown_clients = yes
passdb {
  driver = passwd-file
  args = scheme=PLAIN $DC/passwd
}
userdb {
  driver = passwd-file
  args = $DC/passwd
}
service pop3-login {
  inet_listener pop3 {
    port = 110
  }
  inet_listener pop3-alt {
    port = 1110
  }
}
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    port = 0
  }
}
EOF
if ! in_s dovecot -c "$DC/dovecot.conf" 2>"$WORK/dovecot.err"; then
    bad "start Dovecot in the server namespace" "$(cat "$WORK/dovecot.err")"
    finish
fi
for i in $(seq 50); do
    [[ -s $DC/run/master.pid ]] && grep -q '10.77.2.2:110 ' <(in_s ss -ltn) && break
    sleep 0.1
done
DOVECOT_PID=$(cat "$DC/run/master.pid" 2>/dev/null)
if ! grep -q '10.77.2.2:110 ' <(in_s ss -ltn); then
    bad "Dovecot listens on 10.77.2.2:110" "$(tail -20 "$DC/dovecot.log" 2>/dev/null)"
    finish
fi

# ---------------------------------------------------------------------------------------------- Mamori

start_mamori() {
    : >"$MLOG"
    # 'ip netns exec' and bin/mamori both exec, so $! is the JVM itself (a shell function here would fork a
    # subshell, and the TERM would miss the JVM)
    ip netns exec "$NS_R" "$MAMORI" serve --config "$CONF" --data-dir "$DATA" >>"$MLOG" 2>&1 &
    MAMORI_PID=$!
    local i
    for i in $(seq 150); do
        kill -0 "$MAMORI_PID" 2>/dev/null || return 1
        grep -q ":$LISTEN_PORT " <(in_r ss -ltn) && return 0
        sleep 0.2
    done
    return 1
}

# Everything Mamori logged in this run, each line once: 'mamori serve' writes <dataDir>/logs/mamori.log (appended
# across restarts; its console repeats the same lines and is the fallback when the file is missing).
mamori_log() {
    if [[ -f $DATA/logs/mamori.log ]]; then
        cat "$DATA/logs/mamori.log"
    else
        cat "$MLOG"
    fi
}

# mlog_has REGEX: not 'mamori_log | grep -q', whose early exit fails the pipeline under pipefail
mlog_has() {
    grep -qE "$1" <(mamori_log)
}

if ! start_mamori; then
    bad "start Mamori in the router namespace" "$(tail -30 "$MLOG")"
    finish
fi
sessions() { mamori_log | grep -c 'connected to listener tproxy (transparent)'; }

# ---------------------------------------------------------------------------------------------- checks

# 1. The router's own connections leave through OUTPUT, which has no TPROXY hook: not intercepted. This is also the
#    reference: Dovecot's answers without Mamori in between.
if in_r python3 "$POP3" fetch 10.77.2.2 110 alice "$PASSWORD" "$WORK/direct.json" 2>"$WORK/direct.err" \
        && [[ $(sessions) -eq 0 ]]; then
    ok "router-local connection to 10.77.2.2:110 reaches Dovecot directly (Mamori saw no session)"
else
    bad "router-local connection to 10.77.2.2:110 reaches Dovecot directly (Mamori saw no session)" \
        "$(cat "$WORK/direct.err")" "Mamori sessions: $(sessions)"
fi

# compare.py-style checks in one Python call: prints one "ok|FAIL name detail" line per comparison
compare() {
    python3 - "$WORK/corpus.json" "$WORK/direct.json" "$WORK/client.json" <<'EOF'
import json, sys
corpus = list(json.load(open(sys.argv[1])).values())
direct = json.load(open(sys.argv[2]))
try:
    client = json.load(open(sys.argv[3]))
except OSError:
    client = None

def check(name, good, detail=""):
    print(("ok" if good else "FAIL") + "\t" + name + "\t" + detail)

check("direct RETR from Dovecot equals the Maildir files byte for byte",
      [(r["size"], r["sha256"]) for r in direct["retr"]] == [(c["size"], c["sha256"]) for c in corpus],
      json.dumps({"direct": direct["retr"], "maildir": corpus}))
if client is None:
    sys.exit(0)
check("client's socket is connected to 10.77.2.2:110 (it never learns about Mamori)",
      client["peer"] == ["10.77.2.2", 110], str(client["peer"]))
same = {k: client[k] == direct[k] for k in ("greeting", "stat", "list", "uidl")}
check("through Mamori: greeting, STAT, LIST and UIDL equal Dovecot's direct answers", all(same.values()),
      json.dumps({k: [direct[k], client[k]] for k, v in same.items() if not v}))
check("through Mamori: CAPA is Dovecot's without STLS (TLS is per hop; this listener has tls: none)",
      "STLS" in direct["capa"] and client["capa"] == [c for c in direct["capa"] if c != "STLS"],
      json.dumps({"direct": direct["capa"], "client": client["capa"]}))
check(f"through Mamori: all {len(corpus)} RETRs byte-identical to Dovecot's direct RETR and to the Maildir files",
      [(r["size"], r["sha256"]) for r in client["retr"]] == [(c["size"], c["sha256"]) for c in corpus]
      and len(client["retr"]) == len(corpus),
      json.dumps({"client": client["retr"], "maildir": corpus}))
EOF
}

# 2. The client, unchanged, talks to 10.77.2.2:110; TPROXY hands the connection to Mamori.
if in_c python3 "$POP3" fetch 10.77.2.2 110 alice "$PASSWORD" "$WORK/client.json" 2>"$WORK/client.err"; then
    ok "client ns: poplib to 10.77.2.2:110 as plain 'alice': login, STAT, LIST, UIDL, RETR x3, QUIT"
else
    bad "client ns: poplib to 10.77.2.2:110 as plain 'alice': login, STAT, LIST, UIDL, RETR x3, QUIT" \
        "$(tail -5 "$WORK/client.err")" "Mamori log:" "$(mamori_log | tail -20)"
fi
while IFS=$'\t' read -r verdict name detail; do
    if [[ $verdict == ok ]]; then ok "$name"; else bad "$name" "$detail"; fi
done < <(compare)

# 3. Mamori's log shows that session: the client's address, the original destination, the retrievals.
nmsg=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/corpus.json")
sid=$(mamori_log | grep -E 'client /?10\.77\.1\.2:[0-9]+ connected to listener tproxy \(transparent\)' \
    | head -1 | sed -E 's/.*(pop3-[0-9a-z]+): client.*/\1/')
if [[ -n $sid ]] \
        && mlog_has "$sid: .*logged in at 10\.77\.2\.2:110" \
        && [[ $(mamori_log | grep -cE "$sid: RETR .* at 10\.77\.2\.2:110: [0-9]+ bytes, clean") -eq $nmsg ]]; then
    ok "Mamori log: session $sid from 10.77.1.2 to original destination 10.77.2.2:110, $nmsg RETRs scanned"
else
    bad "Mamori log: intercepted session from 10.77.1.2 to 10.77.2.2:110 with $nmsg scanned RETRs" \
        "session id: '${sid}'" "$(mamori_log | grep -E 'pop3-' | tail -15)"
fi

# 4. Destinations the allow-list does not cover are refused by Mamori with -ERR; Dovecot, which listens there too,
#    must see no connection.
refused() { # NAME HOST PORT LOGPATTERN
    local out rc
    out=$(in_c python3 "$POP3" greet "$2" "$3" 5)
    rc=$?
    if [[ $rc -eq 0 && $out == -ERR* ]] && mlog_has "$4"; then
        ok "$1: $out"
    else
        bad "$1" "probe exit $rc: $out" "Mamori log:" "$(mamori_log | grep -E 'refused|denied' | tail -5)"
    fi
}
refused "host not on the allow-list (10.77.3.3:110) is refused by Mamori" 10.77.3.3 110 \
    'transparent destination /?10\.77\.3\.3:110 refused'
refused "port not on the allow-list (10.77.2.2:1110) is refused by Mamori" 10.77.2.2 1110 \
    'transparent destination /?10\.77\.2\.2:1110 refused'
# Dovecot logs every login connection, authenticated or not, with lip and lport (login_log_format_elements).
if grep -qE 'lip=10\.77\.3\.3|lport=1110' "$DC/dovecot.log"; then
    bad "Dovecot saw no connection to the refused destinations" "$(grep -E 'lip=10\.77\.3\.3|lport=1110' "$DC/dovecot.log")"
else
    ok "Dovecot saw no connection to the refused destinations"
fi

# 5. With Mamori stopped the client must not reach the server: no unscanned POP3. With nft the forward guard
#    refuses it (tproxy falls through when nothing listens); iptables' TPROXY target drops it.
before=$(grep -c 'rip=10\.77\.1\.2' "$DC/dovecot.log")
sessions_before=$(sessions)
stop_mamori
if grep -q ":$LISTEN_PORT " <(in_r ss -ltn); then
    bad "Mamori stopped: its listener is closed" "$(in_r ss -ltnp | grep ":$LISTEN_PORT ")"
fi
out=$(in_c python3 "$POP3" greet 10.77.2.2 110 3)
rc=$?
if [[ $rc -eq 3 || $rc -eq 4 ]] && [[ $(grep -c 'rip=10\.77\.1\.2' "$DC/dovecot.log") -eq $before ]] \
        && [[ $(sessions) -eq $sessions_before ]]; then
    ok "Mamori stopped: the client's connection to 10.77.2.2:110 fails ($out)"
else
    bad "Mamori stopped: the client's connection to 10.77.2.2:110 fails" "probe exit $rc: $out"
fi

# 6. Why docs/transparent-mode.md insists on the guard rule: nft's tproxy expression does not match when no
#    transparent listener exists, so without the guard a stopped Mamori means POP3 straight to the server.
if [[ $BACKEND == nft ]]; then
    in_r nft flush chain inet mamori guard
    out=$(in_c python3 "$POP3" greet 10.77.2.2 110 3)
    rc=$?
    if [[ $rc -eq 0 && $out == "+OK Dovecot tproxy-e2e ready." ]] && grep -q 'rip=10\.77\.1\.2' "$DC/dovecot.log" \
            && [[ $(sessions) -eq $sessions_before ]]; then
        ok "documented pitfall confirmed: without the forward guard, nft forwards to the server when Mamori is down"
    else
        bad "documented pitfall: without the forward guard, nft forwards to the server when Mamori is down" \
            "probe exit $rc: $out (the document's explanation of the guard rule needs revisiting)"
    fi
    nft_rules | in_r nft -f - 2>/dev/null || true
fi

# 7. TLS limits (docs/transparent-mode.md, "Limits"). Mamori was stopped above: start it again.
if ! start_mamori; then
    bad "restart Mamori" "$(tail -30 "$MLOG")"
    finish
fi

# 7a. The server offers STLS with a certificate that names it by IP address; the rule says tls: opportunistic.
#     Mamori upgrades its upstream connection (verified against the IP SAN); the client sees no STLS in CAPA and is
#     refused one (TLS is per hop), and the session works.
tls_compare() {
    python3 - "$WORK/direct-tls.json" "$WORK/client-tls.json" <<'EOF'
import json, sys
d, c = (json.load(open(f)) for f in sys.argv[1:3])
problems = []
if "STLS" not in d["capa"]:
    problems.append("Dovecot's direct CAPA lacks STLS: " + str(d["capa"]))
if "STLS" in c["capa"]:
    problems.append("CAPA through Mamori offers STLS: " + str(c["capa"]))
if not c.get("stls", "").startswith("-ERR"):
    problems.append("STLS through Mamori: " + c.get("stls", "?"))
if c["retr"] != d["retr"]:
    problems.append("RETR differs from Dovecot's direct answer")
print("; ".join(problems) or "ok")
EOF
}
if in_r python3 "$POP3" fetch 10.77.2.5 110 alice "$PASSWORD" "$WORK/direct-tls.json" 2>"$WORK/direct-tls.err" \
        && in_c python3 "$POP3" fetch 10.77.2.5 110 alice "$PASSWORD" "$WORK/client-tls.json" stls \
            2>"$WORK/client-tls.err"; then
    verdict=$(tls_compare)
    if [[ $verdict == ok ]] \
            && grep -qE 'Login: user=<alice>.*rip=10\.77\.2\.1, lip=10\.77\.2\.5.*TLS' "$DC/dovecot.log"; then
        ok "upstream STLS verified against the IP SAN; client gets no STLS (STLS -> -ERR); RETR identical; TLS login at Dovecot"
    else
        bad "upstream STLS verified against the IP SAN" "$verdict" \
            "$(grep -E 'lip=10\.77\.2\.5' "$DC/dovecot.log" | tail -3)"
    fi
else
    bad "upstream STLS verified against the IP SAN: session through Mamori to 10.77.2.5:110" \
        "$(tail -3 "$WORK/direct-tls.err" "$WORK/client-tls.err")" "$(mamori_log | grep -E 'pop3-' | tail -5)"
fi

# 7b. The same, but the certificate names the server by DNS name only, as public certificates do. Transparent mode
#     knows no host name, so verification against 10.77.2.4 fails: -ERR, no fallback to plain text, no login.
out=$(in_c python3 "$POP3" greet 10.77.2.4 110 10)
rc=$?
if [[ $rc -eq 0 && $out == "-ERR [SYS/PERM]"* ]] && ! grep -qE 'Login: .*lip=10\.77\.2\.4' "$DC/dovecot.log"; then
    ok "upstream certificate without the IP address: refused, no plain-text fallback ($out)"
else
    bad "upstream certificate without the IP address: refused, no plain-text fallback" "probe exit $rc: $out" \
        "$(mamori_log | grep -E 'pop3-' | tail -5)"
fi

finish
