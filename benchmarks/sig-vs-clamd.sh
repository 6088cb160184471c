#!/usr/bin/env bash
# Scans the same corpus with the same signatures through Mamori's signature engine and through a private clamd
# (INSTREAM over a Unix socket), and prints MB/s for both and the ratio.
#   benchmarks/sig-vs-clamd.sh [PATTERNS=10000] [MIB=48]
# Needs clamd (Debian: apt-get install clamav-daemon clamav) and a built tree (mvn -B -DskipTests package); installs
# nothing. clamd runs in the foreground with its own config and DatabaseDirectory under a temp dir, never the
# system's; freshclam is not involved. clamd's extra parsers (archives, PE/ELF, mail, HTML, PDF, OLE2, bytecode,
# heuristics) are off, so both sides do the same work: raw body patterns and hashes.
set -euo pipefail
cd "$(dirname "$0")/.."

PATTERNS=${1:-10000}
MIB=${2:-48}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
CP="benchmarks/target/classes:benchmarks/target/lib/*"

CLAMD=$(command -v clamd || true)
[ -x /usr/sbin/clamd ] && CLAMD=/usr/sbin/clamd
if [ -z "$CLAMD" ]; then
    echo "clamd not found: install clamav-daemon (apt-get install clamav-daemon clamav) to compare" >&2
    exit 2
fi
if [ ! -d benchmarks/target/classes ] || [ ! -d benchmarks/target/lib ]; then
    echo "build first: mvn -B -DskipTests package" >&2
    exit 2
fi

WORK=$(mktemp -d /tmp/mamori-vs-clamd.XXXXXX)
CLAMD_PID=
cleanup() {
    if [ -n "$CLAMD_PID" ]; then
        kill "$CLAMD_PID" 2>/dev/null || true
        wait "$CLAMD_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

"$JAVA" -cp "$CP" dev.mamori.benchmarks.ClamdComparison prepare "$WORK" "$PATTERNS"
mkdir -p "$WORK/tmp"
cat > "$WORK/clamd.conf" <<CONF
Foreground yes
LocalSocket $WORK/clamd.sock
DatabaseDirectory $WORK/db
TemporaryDirectory $WORK/tmp
LogFile $WORK/clamd.log
LogTime yes
MaxThreads 2
StreamMaxLength 200M
MaxScanSize 400M
MaxFileSize 200M
ScanArchive no
ScanPE no
ScanELF no
ScanOLE2 no
ScanPDF no
ScanSWF no
ScanXMLDOCS no
ScanHWP3 no
ScanHTML no
ScanMail no
PhishingSignatures no
PhishingScanURLs no
HeuristicAlerts no
Bytecode no
StructuredDataDetection no
CONF

start=$(date +%s)
"$CLAMD" --config-file="$WORK/clamd.conf" > "$WORK/clamd.out" 2>&1 &
CLAMD_PID=$!
until [ -S "$WORK/clamd.sock" ]; do
    if ! kill -0 "$CLAMD_PID" 2>/dev/null; then
        echo "clamd exited:" >&2
        cat "$WORK/clamd.out" "$WORK/clamd.log" >&2 2>/dev/null || true
        CLAMD_PID=
        exit 1
    fi
    if [ $(( $(date +%s) - start )) -gt 300 ]; then
        echo "clamd did not open its socket within 300 s" >&2
        exit 1
    fi
    sleep 1
done
echo "clamd ready after $(( $(date +%s) - start )) s (database load)"

"$JAVA" -Xmx4g -cp "$CP" dev.mamori.benchmarks.ClamdComparison compare "$WORK" "$WORK/clamd.sock" "$MIB"
