#!/usr/bin/env bash
# Live metrics and syslog with real programs: the Mamori distribution relays a POP3 mailbox (a clean message and an
# EICAR one) to Python's poplib; Prometheus's own linter (promtool check metrics) checks the scraped /metrics text,
# and a private rsyslogd (RFC 5424 parser) receives the detection over UDP and TCP.
#
#   e2e/observability/run-observability-e2e.sh
#
# Needs packaging/target/mamori (mvn -B -DskipTests package), python3, curl, promtool (Debian: prometheus) and
# rsyslogd (Debian: rsyslog). Ports 19400-19409. Prints "N passed, M failed".
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
MAMORI_HOME="${MAMORI_HOME:-$repo/packaging/target/mamori}"
JAVA_HOME="${MAMORI_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
for tool in python3 curl promtool rsyslogd; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install prometheus rsyslog curl)"; echo "0 passed, 1 failed"; exit 2; }
done
[[ -x "$MAMORI_HOME/bin/mamori" ]] || { echo "no distribution at $MAMORI_HOME"; echo "0 passed, 1 failed"; exit 2; }

POP3_UP=19400 POP3_PROXY=19401 PROM=19402 SYSLOG_UDP=19403 SYSLOG_TCP=19404
work="$(mktemp -d /tmp/mamori-obs.XXXXXX)"
passed=0 failed=0
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  [[ -n "${mamori_pid:-}" ]] && kill -TERM "$mamori_pid" 2>/dev/null && wait "$mamori_pid" 2>/dev/null
  [[ $failed -eq 0 && "${MAMORI_E2E_KEEP:-0}" != 1 ]] && rm -rf "$work"
}
trap cleanup EXIT
check() { # check NAME COMMAND...
  if "${@:2}"; then passed=$((passed + 1)); echo "PASS $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi
}
wait_port() { for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done; return 1; }

# the mailbox: one clean message, one with the EICAR test string (assembled here, never stored in the repository)
printf 'From: a@example.org\r\nTo: b@example.org\r\nSubject: clean\r\n\r\nHello.\r\n' > "$work/clean.eml"
eicar="X5O!P%@AP[4\\PZX54(P^)7CC)7}\$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!\$H+H*"
printf 'From: a@example.org\r\nTo: b@example.org\r\nSubject: infected\r\n\r\n%s\r\n' "$eicar" > "$work/eicar.eml"
python3 "$here/tiny_pop3.py" "$POP3_UP" "$work/clean.eml" "$work/eicar.eml" & pids+=($!)

# rsyslogd in the foreground with a private configuration: RFC 5424 in, fields out
mkdir -p "$work/rsyslog"
cat > "$work/rsyslog.conf" <<CONF
global(workDirectory="$work/rsyslog")
module(load="imudp")
module(load="imtcp")
input(type="imudp" port="$SYSLOG_UDP" address="127.0.0.1")
input(type="imtcp" port="$SYSLOG_TCP" address="127.0.0.1")
template(name="fields" type="string" string="%inputname% app=%app-name% msgid=%msgid% pri=%pri% sd=%structured-data%\n")
action(type="omfile" file="$work/syslog.out" template="fields")
CONF
rsyslogd -n -f "$work/rsyslog.conf" -i "$work/rsyslog.pid" > "$work/rsyslogd.log" 2>&1 & pids+=($!)

run_mamori() { # run_mamori PROTOCOL PORT
  cat > "$work/mamori.yaml" <<YAML
server: { name: obs }
upstreams:
  allow: []
pop3:
  listeners:
    - name: upstream-1
      mode: dedicated
      bind: 127.0.0.1:$POP3_PROXY
      tls: none
      upstream: { host: 127.0.0.1, port: $POP3_UP, tls: none }
metrics:
  prometheus: { enabled: true, bind: 127.0.0.1:$PROM }
logging:
  syslog: { enabled: true, host: 127.0.0.1, port: $2, protocol: $1, facility: local4, appName: mamori-e2e }
YAML
  "$MAMORI_HOME/bin/mamori" serve --config "$work/mamori.yaml" --data-dir "$work/data-$1" > "$work/mamori-$1.log" 2>&1 &
  mamori_pid=$!
  wait_port "$POP3_PROXY" && wait_port "$PROM"
}

retrieve() {
  python3 - "$POP3_PROXY" <<'PY'
import poplib, sys
c = poplib.POP3("127.0.0.1", int(sys.argv[1]), timeout=60)
c.user("alice"); c.pass_("pw")
for i in (1, 2):
    c.retr(i)
c.quit()
PY
}

metric() { grep -F "$1" "$work/metrics.txt" | awk '{print $NF}'; }

for proto in udp tcp; do
  port=$SYSLOG_UDP; [[ $proto == tcp ]] && port=$SYSLOG_TCP
  wait_port "$POP3_UP"
  check "mamori starts with prometheus and syslog ($proto)" run_mamori "$proto" "$port"
  check "poplib retrieves both messages through mamori ($proto)" retrieve
  sleep 2 # one sampler tick for the rates; the totals are read live
  curl -sf "http://127.0.0.1:$PROM/metrics" > "$work/metrics.txt"
  check "promtool accepts the exposition ($proto)" promtool check metrics < "$work/metrics.txt"
  check "two messages scanned ($proto)" test "$(metric 'mamori_messages_total{protocol="pop3",listener="upstream-1"}')" = 2
  check "one virus detection ($proto)" test "$(metric 'mamori_detections_total{protocol="pop3",listener="upstream-1",category="virus"}')" = 1
  check "one session, closed ($proto)" test "$(metric 'mamori_active_sessions{protocol="pop3",listener="upstream-1"}')" = 0
  for _ in $(seq 100); do grep -q "msgid=detection" "$work/syslog.out" 2>/dev/null && [[ $(grep -c "msgid=detection" "$work/syslog.out") -ge $([[ $proto == udp ]] && echo 1 || echo 2) ]] && break; sleep 0.2; done
  line="$(grep "msgid=detection" "$work/syslog.out" | tail -1)"
  check "rsyslog parsed the detection's RFC 5424 structured data ($proto)" \
    grep -q 'app=mamori-e2e msgid=detection pri=164 sd=\[mamori-detection@32473 .*threat="Eicar-Test-Signature".*\]' <<<"$line"
  echo "  $line"
  kill -TERM "$mamori_pid"; wait "$mamori_pid" 2>/dev/null; mamori_pid=
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
