#!/usr/bin/env bash
# Runs every test of Mamori and prints a summary; exits non-zero if anything failed.
#   1. the Debian packages the end-to-end tests need: installed when run as root with apt-get, else listed
#   2. mvn -B install: unit, protocol and GreenMail tests, and the distribution in packaging/target/mamori
#   3. a smoke test of the distribution's launcher
#   4. e2e/run-e2e.sh, when present: real clients and servers (Dovecot, fetchmail, mpop ...)
# MAMORI_MAVEN_GOAL replaces "install" (e.g. "verify" on a machine whose ~/.m2 must not be touched).
set -uo pipefail
cd "$(dirname "$0")"

# shellcheck source=scripts/select-jdk.sh
. scripts/select-jdk.sh
select_jdk || exit 1

DEBIAN_PACKAGES=(dovecot-pop3d fetchmail mpop socat python3 openssl iproute2 nftables iptables)
MAVEN_GOAL=${MAMORI_MAVEN_GOAL:-install}

step_names=()
step_results=()
failed=0

record() {
    step_names+=("$1")
    step_results+=("$2")
    [ "$2" = FAIL ] && failed=1
    return 0
}

# run_step NAME COMMAND...: runs the command, records PASS or FAIL with its duration.
run_step() {
    local name=$1 start status
    shift
    echo
    echo "=== $name"
    start=$(date +%s)
    "$@"
    status=$?
    if [ "$status" -eq 0 ]; then
        record "$name ($(( $(date +%s) - start ))s)" PASS
    else
        record "$name ($(( $(date +%s) - start ))s, exit $status)" FAIL
    fi
    return "$status"
}

ensure_debian_packages() {
    local missing=() p
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "Not a Debian system: make sure these (or their equivalents) are installed for the end-to-end tests:"
        echo "  ${DEBIAN_PACKAGES[*]}"
        return 0
    fi
    for p in "${DEBIAN_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        echo "All needed Debian packages are installed."
        return 0
    fi
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing: ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -q \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
        return
    fi
    echo "Missing Debian packages (the end-to-end tests need them): ${missing[*]}"
    echo "  Install them with: sudo apt-get install ${missing[*]}"
    return 0
}

echo "JDK: $JAVA_HOME"
run_step "Debian packages for the end-to-end tests" ensure_debian_packages

if ! command -v mvn >/dev/null 2>&1; then
    echo "Maven 3.8 or newer is required (mvn was not found on the PATH)." >&2
    record "mvn -B $MAVEN_GOAL (Maven not found)" FAIL
elif run_step "unit and GreenMail tests: mvn -B $MAVEN_GOAL" mvn -B "$MAVEN_GOAL"; then
    run_step "distribution smoke test: bin/mamori config check sample-configs/quickstart.yaml" \
        env MAMORI_JAVA="$JAVA_HOME/bin/java" packaging/target/mamori/bin/mamori config check sample-configs/quickstart.yaml
fi

if [ -f e2e/run-e2e.sh ]; then
    if [ -x packaging/target/mamori/bin/mamori ]; then
        run_step "end-to-end tests: e2e/run-e2e.sh" bash e2e/run-e2e.sh
    else
        record "end-to-end tests: e2e/run-e2e.sh (not run: no distribution was built)" FAIL
    fi
else
    record "end-to-end tests: e2e/run-e2e.sh not present yet" SKIP
fi

echo
echo "=== Summary"
for i in "${!step_names[@]}"; do
    printf '  %-4s  %s\n' "${step_results[$i]}" "${step_names[$i]}"
done
if [ "$failed" -ne 0 ]; then
    echo "FAILED"
    exit 1
fi
echo "ALL PASSED"
