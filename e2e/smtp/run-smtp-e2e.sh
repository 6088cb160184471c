#!/usr/bin/env bash
# Mamori SMTP end-to-end tests against a private Postfix (virtual Maildirs, STARTTLS, Dovecot SASL), a private clamd
# and real clients (smtplib, swaks), all on loopback.
#
#   e2e/smtp/run-smtp-e2e.sh [--direct] [unittest names...]   e.g. e2e/smtp/run-smtp-e2e.sh test_smtp_e2e.H_UpstreamFaultTest
#
# MAMORI mode (default): starts Postfix, Dovecot auth, clamd and Mamori from the distribution (packaging/target/mamori,
#   or MAMORI_HOME; built with: mvn -B -o -q package -pl packaging -am -DskipTests), with the config written by
#   smtp_harness.py (listener 127.0.0.1:12525 -> Postfix 127.0.0.1:10025, upstreamTls required, the run's CA in
#   upstreams.extraCaFiles, loopback may relay). Nothing may be skipped in this mode: a skipped test fails the run.
# --direct or MAMORI_SMTP_E2E_DIRECT=1: no Mamori; the same tests go straight to Postfix (harness validation) and
#   the tests about Mamori itself are skipped with a reason.
# MAMORI_E2E_FAKE=1  harness self-check: fake_smtp_relay.py (a plain TCP relay) stands in for Mamori; the tests of
#   Mamori's own behaviour fail against it, the point is that every MAMORI-mode test runs its steps without errors
# MAMORI_SMTP_E2E_NO_GATEWAY=1  leave smtp.gateway out of Mamori's config (a build without the gateway policy); the
#   throttle and relay-control tests then fail
# MAMORI_JAVA   JDK 25 for Mamori (default JAVA_HOME if it is a JDK 25, else /usr/lib/jvm/temurin-25-jdk-amd64)
# MAMORI_E2E_KEEP=1   keep the work directory (configs, Postfix/Dovecot/clamd/Mamori logs, Maildirs)
# MAMORI_E2E_TIMEOUT  seconds for the whole suite (default 1500)
# Ends with one line "N passed, M failed[, K skipped]"; exit status non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
e2e="$(cd "$here/.." && pwd)"
repo="$(cd "$e2e/.." && pwd)"
export MAMORI_HOME="${MAMORI_HOME:-$repo/packaging/target/mamori}"

direct="${MAMORI_SMTP_E2E_DIRECT:-0}"
if [[ "${1:-}" == --direct ]]; then direct=1; shift; fi

if [[ -z "${MAMORI_JAVA:-}" ]]; then
  if [[ -n "${JAVA_HOME:-}" ]] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then
    MAMORI_JAVA="$JAVA_HOME"
  else
    MAMORI_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64
  fi
fi
export MAMORI_JAVA

fail_early() {
  echo "run-smtp-e2e: $*" >&2
  echo "0 passed, 1 failed"
  exit 2
}

if ! command -v postfix >/dev/null || ! command -v swaks >/dev/null; then
  if [[ "$(id -u)" -eq 0 ]]; then
    "$here/postfix.sh" install >&2 || fail_early "could not install postfix and swaks"
  else
    fail_early "postfix and swaks are missing (as root: e2e/smtp/postfix.sh install)"
  fi
fi
missing=()
for tool in postfix swaks dovecot clamd openssl ss python3; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
(( ${#missing[@]} == 0 )) || fail_early "missing tools: ${missing[*]} (apt-get install dovecot-core clamav-daemon openssl iproute2 python3; e2e/smtp/postfix.sh install)"
[[ "$(id -u)" -eq 0 ]] || fail_early "must run as root (the private Postfix starts as root and drops to the postfix user)"

if [[ "$direct" != 1 && "${MAMORI_E2E_FAKE:-0}" != 1 ]]; then
  [[ -x "$MAMORI_HOME/bin/mamori" ]] || fail_early "no Mamori distribution at $MAMORI_HOME (build it: mvn -B -o -q package -pl packaging -am -DskipTests; or --direct)"
  [[ -x "$MAMORI_JAVA/bin/java" ]] || fail_early "no JDK at $MAMORI_JAVA (set MAMORI_JAVA to a JDK 25)"
fi

work="$(mktemp -d /tmp/mamori-smtp-e2e.XXXXXX)"
chmod 755 "$work"
export SMTP_E2E_WORK="$work"
echo "run-smtp-e2e: work directory $work (removed after a fully passing run unless MAMORI_E2E_KEEP=1)" >&2

cleanup() {
  local rc=$?
  trap - EXIT
  python3 "$here/smtp_harness.py" down "$work" >/dev/null 2>&1 || true
  if [[ "${MAMORI_E2E_KEEP:-0}" != 1 && $rc -eq 0 ]]; then rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT

if [[ "$direct" == 1 ]]; then
  unset MAMORI_SMTP
  mode=DIRECT
  python3 "$here/smtp_harness.py" up "$work" --direct >&2 || fail_early "the harness did not start (see $work)"
else
  mode=MAMORI
  python3 "$here/smtp_harness.py" up "$work" >&2 || fail_early "the harness did not start (see $work/mamori/console.log)"
  export MAMORI_SMTP="127.0.0.1:12525"
fi
echo "run-smtp-e2e: $mode mode" >&2

cd "$here"
set +e
# As in e2e/run-e2e.sh: the suite runs in the background so INT/TERM reach the trap; run_tests.py bounds the run
# (MAMORI_E2E_TIMEOUT), tee keeps the end of the log.
MAMORI_E2E_TIMEOUT="${MAMORI_E2E_TIMEOUT:-1500}" PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" \
  python3 -u "$e2e/run_tests.py" "${@:-test_smtp_e2e}" > >(trap '' INT TERM; exec tee "$work/e2e.log") 2>&1 &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' INT TERM
wait "$child"; rc=$?
while kill -0 "$child" 2>/dev/null; do wait "$child"; rc=$?; done
set -e
sleep 0.2
summary="$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$work/e2e.log" | tail -1 || true)"
if [[ -z "$summary" ]]; then
  echo "run-smtp-e2e: the suite ended without a summary (exit $rc)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
if [[ "$mode" == MAMORI && "$summary" == *skipped* ]]; then
  echo "run-smtp-e2e: tests were skipped in MAMORI mode; nothing may be skipped there" >&2
  echo "${summary%%,*}, $(( $(sed -n 's/.* \([0-9]*\) failed.*/\1/p' <<<"$summary") + 1 )) failed"
  exit 1
fi
if [[ $rc -ne 0 || "$summary" != *" 0 failed"* ]]; then exit 1; fi
exit 0
