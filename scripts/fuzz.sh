#!/usr/bin/env bash
# Runs the Jazzer fuzz targets for real (normal test runs only replay their seed inputs, in regression mode).
#   scripts/fuzz.sh [SECONDS]   each target fuzzes for SECONDS (default 300); findings are written by Jazzer under
#                               proxy-core/src/test/resources/<test package>/<Test>Inputs/ and fail the run.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/select-jdk.sh
select_jdk
seconds=${1:-300}
targets=(dev.mamori.core.scan.content.MessageWalkerFuzzTest dev.mamori.core.scan.content.LenientBase64FuzzTest dev.mamori.core.scan.content.LenientQuotedPrintableFuzzTest dev.mamori.core.scan.sig.SignatureParserFuzzTest)
status=0
for t in "${targets[@]}"; do
    echo "=== fuzzing $t for ${seconds}s"
    # maxDuration in the annotation is a default; the system property overrides it for this run
    JAZZER_FUZZ=1 mvn -B -q -o -pl proxy-core test -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false \
        -Djazzer.max_duration="${seconds}s" || status=1
done
exit "$status"
