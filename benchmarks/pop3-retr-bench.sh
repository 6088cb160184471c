#!/usr/bin/env bash
# Time a 20 MB POP3 RETR directly from Dovecot, through a plain TCP relay (socat) and through Mamori, and print the
# ratios mamori/relay (target with scanning on: <= 1.3, issue 3) and relay/direct. Not a test: it always exits 0 unless setup fails.
#   benchmarks/pop3-retr-bench.sh [--runs N] [--mb SIZE] [--no-mamori]
# Needs the distribution at packaging/target/mamori (or MAMORI_HOME); MAMORI_JAVA selects the JDK 25 for it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
export MAMORI_HOME="${MAMORI_HOME:-$repo/packaging/target/mamori}"
export MAMORI_JAVA="${MAMORI_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64}"
for tool in dovecot socat openssl python3; do
  command -v "$tool" >/dev/null || { echo "pop3-retr-bench: missing $tool" >&2; exit 2; }
done
if [[ " $* " != *" --no-mamori "* && ! -x "$MAMORI_HOME/bin/mamori" ]]; then
  echo "pop3-retr-bench: no Mamori distribution at $MAMORI_HOME (mvn -B -DskipTests package, or --no-mamori)" >&2
  exit 2
fi
work="$(mktemp -d /tmp/mamori-bench.XXXXXX)"
chmod 755 "$work"
cleanup() {
  # the Python driver stops everything itself; this covers a crash or Ctrl-C
  if [[ -f "$work/mamori/mamori.pid" ]]; then kill -TERM -- "-$(cat "$work/mamori/mamori.pid")" 2>/dev/null || true; fi
  python3 "$repo/e2e/dovecot/dovecot_harness.py" stop "$work" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
python3 -u "$here/pop3_retr_bench.py" --work "$work" "$@"
