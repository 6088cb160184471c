#!/usr/bin/env bash
# Mamori end-to-end tests against a private Dovecot and the real fetchmail/mpop clients, all on loopback.
#
#   e2e/run-e2e.sh [unittest names...]       e.g. e2e/run-e2e.sh test_pop3_dovecot.G_RefusalTest
#
# Builds nothing: needs the distribution at packaging/target/mamori (mvn -B -DskipTests package), or MAMORI_HOME.
# MAMORI_JAVA     JDK 25 for Mamori (default JAVA_HOME if it is a JDK 25, else /usr/lib/jvm/temurin-25-jdk-amd64)
# MAMORI_E2E_DIRECT_ONLY=1   run without Mamori: only the direct-to-Dovecot reference tests run, the rest skip
# MAMORI_E2E_FAKE=1         harness self-check: a crude Python relay (fake_mamori.py) stands in for Mamori
# MAMORI_E2E_BIG_MB          size of the big corpus message (default 20)
# MAMORI_E2E_KEEP=1          keep the work directory (logs, configs, deliveries) for inspection
# Ends with one line "N passed, M failed[, K skipped]"; exit status non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
export MAMORI_HOME="${MAMORI_HOME:-$repo/packaging/target/mamori}"

if [[ -z "${MAMORI_JAVA:-}" ]]; then
  if [[ -n "${JAVA_HOME:-}" ]] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then
    MAMORI_JAVA="$JAVA_HOME"
  else
    MAMORI_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64
  fi
fi
export MAMORI_JAVA

missing=()
for tool in dovecot fetchmail mpop openssl socat python3; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if (( ${#missing[@]} )); then
  echo "run-e2e: missing tools: ${missing[*]} (apt-get install dovecot-pop3d fetchmail mpop openssl socat python3)" >&2
  echo "0 passed, 1 failed"
  exit 2
fi

if [[ "${MAMORI_E2E_DIRECT_ONLY:-0}" != 1 && "${MAMORI_E2E_FAKE:-0}" != 1 ]]; then
  if [[ ! -x "$MAMORI_HOME/bin/mamori" ]]; then
    echo "run-e2e: no Mamori distribution at $MAMORI_HOME" >&2
    echo "  build it first:  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 mvn -B -DskipTests package" >&2
    echo "  (or MAMORI_E2E_DIRECT_ONLY=1 to check only the Dovecot/fetchmail/mpop harness)" >&2
    echo "0 passed, 1 failed"
    exit 2
  fi
  if [[ ! -x "$MAMORI_JAVA/bin/java" ]]; then
    echo "run-e2e: no JDK at $MAMORI_JAVA (set MAMORI_JAVA to a JDK 25)" >&2
    echo "0 passed, 1 failed"
    exit 2
  fi
fi

work="$(mktemp -d /tmp/mamori-e2e.XXXXXX)"
chmod 755 "$work"
export MAMORI_E2E_WORK="$work"
echo "run-e2e: work directory $work (removed after a fully passing run unless MAMORI_E2E_KEEP=1)" >&2

cleanup() {
  local rc=$?
  trap - EXIT
  # normally the suite stops everything itself; after a timeout or crash: Mamori (own process group) and Dovecot
  if [[ -f "$work/mamori/mamori.pid" ]]; then
    mpid="$(cat "$work/mamori/mamori.pid")"
    if kill -0 "$mpid" 2>/dev/null; then
      kill -TERM -- "-$mpid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$mpid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL -- "-$mpid" 2>/dev/null || true
    fi
  fi
  python3 "$here/dovecot/dovecot_harness.py" stop "$work" >/dev/null 2>&1 || true
  if [[ "${MAMORI_E2E_KEEP:-0}" != 1 && $rc -eq 0 ]]; then rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT

cd "$here"
set +e
# Every test is bounded by the suite itself, and run_tests.py stops the whole run after MAMORI_E2E_TIMEOUT
# seconds (default 540). The suite runs in the background so that INT/TERM reach this script's trap, which forwards
# TERM: run_tests.py then stops Mamori and Dovecot and still prints its summary. tee ignores INT/TERM so the log
# keeps the end of the run.
python3 -u run_tests.py "$@" > >(trap '' INT TERM; exec tee "$work/e2e.log") 2>&1 &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' INT TERM
wait "$child"; rc=$?
while kill -0 "$child" 2>/dev/null; do wait "$child"; rc=$?; done  # wait again if a signal interrupted it
set -e
sleep 0.2  # let tee drain
summary="$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$work/e2e.log" | tail -1 || true)"
if [[ -z "$summary" ]]; then
  echo "run-e2e: the suite ended without a summary (exit $rc)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
if [[ $rc -ne 0 || "$summary" != *" 0 failed"* ]]; then exit 1; fi
exit 0
