#!/usr/bin/env bash
# SMTP throughput and latency: N messages (sizes mixed, default 5-200 KB) from C parallel clients, directly to a
# private Postfix and through Mamori with scanning on (built-in engines + a private clamd), in one run. Prints
# messages/s and p50/p99 latency for each, the ratio Mamori/direct (target >= 0.8), the same through a raw TCP relay
# (socat to Postfix, the pass-through baseline: what the extra hop alone costs), Mamori's process CPU time per
# message in its measured phase and the load average around it. Not a test: it exits non-zero
# only when setup fails or an accepted message is missing from the Maildir.
#   benchmarks/smtp-bench.sh [--messages 2000] [--clients 10] [--min-kb 5] [--max-kb 200] [--warmup 1000] [--no-mamori] [--no-clamd]
#                             [--upstream-tls none|required] [--pin] [--no-relay]
#                             [--clamd-items message|mime-leaves|message-and-mime-leaves|all]
# --no-clamd: Mamori scans with its built-in engines only (to tell their cost from clamd's)
# --pin: the gateway on its own core, as when Mamori runs on its own machine in front of the mail server: Mamori and
#        clamd on CPU 1; Postfix, its SASL Dovecot and the load generator on CPU 0 in both phases (taskset). Without
#        it all of them share both cores, and the ratio is mostly Mamori's CPU per message against Postfix's.
# Needs root (the private Postfix), postfix swaks dovecot clamd (e2e/smtp/postfix.sh install), and for the Mamori
# phase the distribution at packaging/target/mamori (or MAMORI_HOME); MAMORI_JAVA selects the JDK 25 for it.
# Uses the e2e ports (Postfix 10025, Mamori 12525, clamd 10046) and 10055 for the relay: do not run it while run-smtp-e2e.sh runs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
export MAMORI_HOME="${MAMORI_HOME:-$repo/packaging/target/mamori}"
export MAMORI_JAVA="${MAMORI_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64}"
for tool in postfix dovecot clamd openssl python3; do
  command -v "$tool" >/dev/null || { echo "smtp-bench: missing $tool (e2e/smtp/postfix.sh install; apt-get install dovecot-core clamav-daemon)" >&2; exit 2; }
done
[[ "$(id -u)" -eq 0 ]] || { echo "smtp-bench: must run as root (the private Postfix)" >&2; exit 2; }
if [[ " $* " != *" --no-mamori "* && ! -x "$MAMORI_HOME/bin/mamori" ]]; then
  echo "smtp-bench: no Mamori distribution at $MAMORI_HOME (mvn -B -o -q package -pl packaging -am -DskipTests, or --no-mamori)" >&2
  exit 2
fi
work="$(mktemp -d /tmp/mamori-smtp-bench.XXXXXX)"
chmod 755 "$work"
cleanup() {
  # the Python driver stops everything itself; this covers a crash or Ctrl-C
  python3 "$repo/e2e/smtp/smtp_harness.py" down "$work" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
python3 -u "$here/smtp_load.py" --work "$work" "$@"
