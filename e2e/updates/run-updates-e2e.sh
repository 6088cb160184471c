#!/usr/bin/env bash
# Signed component updates end to end with the real distribution: the publisher's CLI (keygen, build, index,
# verify), a plain web server (python3 -m http.server) as the update site, and `mamori serve` with an updates:
# section and the relay on. Checks: install at start, the relay serves exactly the publisher's bytes, a tampered
# bundle is refused at the next start and the running version stays, a good newer version is installed.
#
#   e2e/updates/run-updates-e2e.sh
#
# Needs packaging/target/mamori (mvn -B -DskipTests package) or MAMORI_HOME; JDK 25 (MAMORI_JAVA or JAVA_HOME);
# python3 and curl. Uses loopback ports 18180 (relay) and 18181 (site). Ends with "N passed, M failed".
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
MAMORI_HOME="${MAMORI_HOME:-$repo/packaging/target/mamori}"
export JAVA_HOME="${MAMORI_JAVA:-${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}}"
mamori="$MAMORI_HOME/bin/mamori"
RELAY_PORT=18180
SITE_PORT=18181
for tool in python3 curl; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool"; echo "0 passed, 1 failed"; exit 2; }
done
[[ -x "$mamori" ]] || { echo "no distribution at $MAMORI_HOME"; echo "0 passed, 1 failed"; exit 2; }

work="$(mktemp -d /tmp/mamori-updates-e2e.XXXXXX)"
passed=0
failed=0
site_pid=""
serve_pid=""

ok() { echo "PASS $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }
check() { local name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }

stop_serve() {
  if [[ -n "$serve_pid" ]] && kill -0 "$serve_pid" 2>/dev/null; then
    kill -TERM "$serve_pid"
    for _ in $(seq 100); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.2; done
  fi
  serve_pid=""
}
cleanup() {
  stop_serve
  [[ -n "$site_pid" ]] && kill "$site_pid" 2>/dev/null
  if (( failed == 0 )) && [[ "${MAMORI_E2E_KEEP:-0}" != 1 ]]; then rm -rf "$work"; else echo "work directory kept: $work"; fi
}
trap cleanup EXIT

# start_serve LOG: starts mamori serve in the background and waits until it has checked for updates
start_serve() {
  local log=$1
  "$mamori" serve --config "$work/mamori.yaml" >"$log" 2>&1 &
  serve_pid=$!
  for _ in $(seq 300); do
    grep -q "Component virus-patterns \(updated\|: update failed\)" "$log" && return 0
    kill -0 "$serve_pid" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

cd "$work" || exit 2
mkdir -p patterns site
# a pattern for a marker string (not a real threat), hex-encoded as .ndb wants it
printf 'E2E.Marker:0:*:%s\n' "$(printf 'mamori-e2e-marker-%s' one | od -An -tx1 | tr -d ' \n')" >patterns/e2e.ndb

"$mamori" bundle keygen --out publisher.key >keygen.out 2>&1
check "keygen writes an owner-only private key" test "$(stat -c %a publisher.key)" = 600
key="$(grep -A3 'trustedKeys:' keygen.out | grep -- '- ' | sed 's/.*- //')"
check "keygen prints the trustedKeys line" test -n "$key"

"$mamori" bundle build --component virus-patterns --version 2026.11.25.1 --from patterns --key publisher.key --out site >build.out 2>&1
check "build signs a payload the engine loads" test -f site/virus-patterns-2026.11.25.1.bundle
"$mamori" bundle index --from site --key publisher.key >index.out 2>&1
check "index is written and signed" test -f site/index.sig
"$mamori" bundle verify site/virus-patterns-2026.11.25.1.bundle --key publisher.key.pub >verify.out 2>&1
check "verify accepts the good bundle" test $? -eq 0

cp site/virus-patterns-2026.11.25.1.bundle tampered.bundle
python3 - tampered.bundle <<'PY'
import sys, zipfile, io
src = sys.argv[1]
entries = [(i.filename, zipfile.ZipFile(src).read(i.filename)) for i in zipfile.ZipFile(src).infolist()]
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in entries:
        if name.endswith(".ndb"):
            data = data[:-2] + bytes([data[-2] ^ 1]) + data[-1:]
        z.writestr(name, data)
open(src, "wb").write(buf.getvalue())
PY
"$mamori" bundle verify tampered.bundle --key publisher.key.pub >tampered.out 2>&1
rc=$?
check "verify refuses a tampered bundle with exit 1" test "$rc" -eq 1
check "verify names the reason" grep -q "REFUSED: hash mismatch: e2e.ndb" tampered.out

(cd site && exec python3 -m http.server "$SITE_PORT" --bind 127.0.0.1 >"$work/site.log" 2>&1) &
site_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$SITE_PORT/index.json" && break; sleep 0.2; done

cat >mamori.yaml <<YAML
server: {name: e2e, dataDir: data}
updates:
  source: http://127.0.0.1:$SITE_PORT/
  trustedKeys: [$key]
  timeout: 20s
  relay: {enabled: true, bind: 127.0.0.1:$RELAY_PORT, advertise: false}
YAML
"$mamori" config check mamori.yaml >check.out 2>&1
check "config check accepts the updates section" grep -q "component updates from http://127.0.0.1:$SITE_PORT/" check.out

start_serve serve1.log
check "the check at start installs the published version" grep -q "Component virus-patterns updated none -> 2026.11.25.1" serve1.log
curl -s -o relayed.bundle "http://127.0.0.1:$RELAY_PORT/virus-patterns-2026.11.25.1.bundle"
check "the relay serves the publisher's bundle byte for byte" cmp -s relayed.bundle site/virus-patterns-2026.11.25.1.bundle
curl -s -o relayed-index.json "http://127.0.0.1:$RELAY_PORT/index.json"
check "the relay serves the publisher's index byte for byte" cmp -s relayed-index.json site/index.json
code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$RELAY_PORT/virus-patterns/current")"
check "the relay serves nothing else" test "$code" = 404
stop_serve

# a newer version whose payload is changed on the site after it was signed and indexed
printf 'E2E.Marker2:0:*:%s\n' "$(printf 'mamori-e2e-marker-%s' two | od -An -tx1 | tr -d ' \n')" >>patterns/e2e.ndb
"$mamori" bundle build --component virus-patterns --version 2026.11.25.2 --from patterns --key publisher.key --out site >/dev/null 2>&1
"$mamori" bundle index --from site --key publisher.key >/dev/null 2>&1
cp site/virus-patterns-2026.11.25.2.bundle good2.bundle
cp site/virus-patterns-2026.11.25.2.bundle t2.bundle
python3 - t2.bundle <<'PY'
import sys, zipfile, io
src = sys.argv[1]
entries = [(i.filename, zipfile.ZipFile(src).read(i.filename)) for i in zipfile.ZipFile(src).infolist()]
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in entries:
        if name.endswith(".ndb"):
            data = data.replace(b"E2E.Marker2", b"E2E.Marker3")
        z.writestr(name, data)
open(src, "wb").write(buf.getvalue())
PY
cp t2.bundle site/virus-patterns-2026.11.25.2.bundle
start_serve serve2.log
check "a tampered update is refused with its reason" grep -q "update failed: hash mismatch: e2e.ndb" serve2.log
check "the running version stays" test "$(cat data/components/virus-patterns/current)" = 2026.11.25.1
stop_serve

cp good2.bundle site/virus-patterns-2026.11.25.2.bundle
start_serve serve3.log
check "restart loads the installed version" grep -q "Component virus-patterns 2026.11.25.1 loaded" serve3.log
check "the good newer version is installed" grep -q "Component virus-patterns updated 2026.11.25.1 -> 2026.11.25.2" serve3.log
stop_serve

echo "$passed passed, $failed failed"
(( failed == 0 ))
