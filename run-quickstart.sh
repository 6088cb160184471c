#!/usr/bin/env bash
# Starts Mamori with sample-configs/quickstart.yaml: a POP3 proxy on 127.0.0.1:11110, data in ./mamori-data.
# Builds the distribution first if it is missing or older than the sources. Stop it with Ctrl-C.
# Extra arguments are passed to `mamori serve`.
set -euo pipefail
cd "$(dirname "$0")"

# shellcheck source=scripts/select-jdk.sh
. scripts/select-jdk.sh
select_jdk

DIST=packaging/target/mamori
# Written after a successful build. Not the jars' dates: Maven leaves an unchanged jar with its old date, so a
# touched but unchanged file would otherwise trigger a build on every start.
STAMP=$DIST/.built-by-run-quickstart

# True when there is no distribution, or a source, resource or POM changed after the last build by this script.
needs_build() {
    [ -x "$DIST/bin/mamori" ] && [ -f "$STAMP" ] || return 0
    [ -n "$(find . \( -name target -o -name .git -o -name mamori-data \) -prune -o -type f \
        \( -name pom.xml -o -path '*/src/main/*' -o -path '*/src/assembly/*' \) -newer "$STAMP" -print | head -n 1)" ]
}

if needs_build; then
    if ! command -v mvn >/dev/null 2>&1; then
        echo "Maven 3.8 or newer is required to build Mamori (mvn was not found on the PATH)." >&2
        exit 1
    fi
    echo "Building Mamori with $JAVA_HOME (mvn -B -q -DskipTests install) ..."
    mvn -B -q -DskipTests install
    touch "$STAMP"
fi

echo "Mamori POP3 proxy on 127.0.0.1:11110; log in as user#pop.provider.example[:995]. Ctrl-C stops it."
MAMORI_JAVA="$JAVA_HOME/bin/java" exec "$DIST/bin/mamori" serve \
    --config sample-configs/quickstart.yaml --data-dir ./mamori-data "$@"
