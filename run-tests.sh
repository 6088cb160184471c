#!/usr/bin/env bash
# Runs every test of Mamori and prints a summary; exits non-zero if anything failed.
#   1. the Debian packages the end-to-end tests need: installed when run as root with apt-get, else listed
#   2. mvn -B install: unit, protocol and GreenMail tests, the dashboard's JavaFX tests (under xvfb-run when there
#      is no display), and the distribution in packaging/target/mamori
#   3. a smoke test of the distribution's launcher
#   4. e2e/run-e2e.sh, when present: real clients and servers (Dovecot, fetchmail, mpop ...)
#   5. e2e/smtp/run-smtp-e2e.sh, when the distribution has the SMTP proxy: real Postfix, swaks, smtplib, clamd
#   6. e2e/package/run-package-test.sh: builds the .deb, installs, runs, upgrades, removes and purges it
# MAMORI_MAVEN_GOAL replaces "install" (e.g. "verify" on a machine whose ~/.m2 must not be touched).
set -uo pipefail
cd "$(dirname "$0")"

# shellcheck source=scripts/select-jdk.sh
. scripts/select-jdk.sh
select_jdk || exit 1

# fonts-noto-cjk: Japanese glyphs for the dashboard's Japanese screenshot under Xvfb (no CJK font otherwise: boxes)
DEBIAN_PACKAGES=(dovecot-pop3d fetchmail mpop socat python3 openssl iproute2 nftables iptables clamav-daemon
    prometheus rsyslog curl postfix swaks libnet-ssleay-perl openssh-client sshpass fakeroot binutils xvfb libgtk-3-0
    fonts-noto-cjk)
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

# Answers the Debian packages' install-time questions before apt-get runs. postfix: "No configuration", so installing
# it (for the SMTP end-to-end tests, which run a private instance on 127.0.0.1:10025 and 10587) sets up no system MTA
# on port 25; without this answer a non-interactive install picks "Internet Site" and starts one.
preseed_debconf() {
    command -v debconf-set-selections >/dev/null 2>&1 || return 0
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
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
        preseed_debconf
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

# The dashboard's TestFX tests need a display. Without one, Maven runs inside xvfb-run (a private X server), and the
# UI tests are told a display is required, so they fail rather than skip if it still cannot be had.
MAVEN_DISPLAY=()
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1; then
    MAVEN_DISPLAY=(env MAMORI_UI_TESTS=required xvfb-run -a -s "-screen 0 1600x1000x24")
    echo "No DISPLAY: running Maven under xvfb-run for the dashboard's UI tests."
elif [ -z "${DISPLAY:-}" ] && [ -n "${CI:-}" ]; then
    MAVEN_DISPLAY=(env MAMORI_UI_TESTS=required)
    echo "No DISPLAY and no xvfb-run on CI: the dashboard's UI tests will FAIL (install xvfb and libgtk-3-0)."
elif [ -z "${DISPLAY:-}" ]; then
    echo "No DISPLAY and no xvfb-run: the dashboard's UI tests will be SKIPPED (install xvfb and libgtk-3-0)."
fi

if ! command -v mvn >/dev/null 2>&1; then
    echo "Maven 3.8 or newer is required (mvn was not found on the PATH)." >&2
    record "mvn -B $MAVEN_GOAL (Maven not found)" FAIL
elif run_step "unit, GreenMail and dashboard UI tests: mvn -B $MAVEN_GOAL" "${MAVEN_DISPLAY[@]}" mvn -B "$MAVEN_GOAL"; then
    run_step "distribution smoke test: bin/mamori config check sample-configs/quickstart.yaml" \
        env MAMORI_JAVA="$JAVA_HOME/bin/java" packaging/target/mamori/bin/mamori config check sample-configs/quickstart.yaml
fi

# Totals over every runner, so the last line says how many tests ran: Surefire's reports, then the "N passed,
# M failed[, K skipped]" line each end-to-end script prints last.
total_passed=0
total_failed=0
total_skipped=0

add_surefire_totals() {
    local line
    line=$(cat ./*/target/surefire-reports/*.txt 2>/dev/null \
        | sed -n 's/^Tests run: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\), Skipped: \([0-9]*\).*/\1 \2 \3 \4/p' \
        | awk '{ run += $1; failed += $2 + $3; skipped += $4 } END { print run - failed - skipped, failed, skipped }')
    read -r p f s <<<"${line:-0 0 0}"
    total_passed=$((total_passed + p)); total_failed=$((total_failed + f)); total_skipped=$((total_skipped + s))
}

add_script_totals() {
    local line p f s
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
    [ -n "$line" ] || return 0
    p=$(sed -n 's/^\([0-9]*\) passed.*/\1/p' <<<"$line")
    f=$(sed -n 's/.* \([0-9]*\) failed.*/\1/p' <<<"$line")
    s=$(sed -n 's/.* \([0-9]*\) skipped.*/\1/p' <<<"$line")
    total_passed=$((total_passed + ${p:-0})); total_failed=$((total_failed + ${f:-0})); total_skipped=$((total_skipped + ${s:-0}))
}

# run_script NAME SCRIPT: runs an end-to-end script, keeps its output for the totals.
run_script() {
    local name=$1 script=$2 out
    out=$(mktemp)
    run_step "$name" bash -c 'bash "$1" 2>&1 | tee "$2"; exit "${PIPESTATUS[0]}"' _ "$script" "$out"
    add_script_totals "$out"
    rm -f "$out"
}

add_surefire_totals

if [ -f e2e/run-e2e.sh ]; then
    if [ -x packaging/target/mamori/bin/mamori ]; then
        run_script "end-to-end tests: e2e/run-e2e.sh (Dovecot, fetchmail, mpop, poplib)" e2e/run-e2e.sh
    else
        record "end-to-end tests: e2e/run-e2e.sh (not run: no distribution was built)" FAIL
    fi
else
    record "end-to-end tests: e2e/run-e2e.sh not present yet" SKIP
fi

# The SMTP end-to-end tests need the SMTP proxy in the distribution: its jar, and a config check that accepts an
# smtp: section. Until then they are reported as skipped (harness check without Mamori: e2e/smtp/run-smtp-e2e.sh --direct).
smtp_proxy_in_distribution() {
    local probe ok=1
    [ -x packaging/target/mamori/bin/mamori ] || return 1
    ls packaging/target/mamori/lib/mamori-smtp-proxy-*.jar >/dev/null 2>&1 || return 1
    probe=$(mktemp --suffix=.yaml)
    printf 'smtp:\n  listeners:\n    - name: probe\n      bind: 127.0.0.1:12525\n      routes: [{ host: 127.0.0.1, port: 10025 }]\n' >"$probe"
    MAMORI_JAVA="$JAVA_HOME/bin/java" packaging/target/mamori/bin/mamori config check "$probe" >/dev/null 2>&1 && ok=0
    rm -f "$probe"
    return "$ok"
}

if [ -f e2e/smtp/run-smtp-e2e.sh ]; then
    if smtp_proxy_in_distribution; then
        run_script "SMTP end-to-end tests: e2e/smtp/run-smtp-e2e.sh (Postfix, swaks, smtplib, clamd)" e2e/smtp/run-smtp-e2e.sh
    else
        echo
        echo "=== SMTP end-to-end tests"
        echo "SKIP: the distribution has no SMTP proxy yet (no lib/mamori-smtp-proxy-*.jar, or 'mamori config check' refuses an smtp: section)"
        record "SMTP end-to-end tests: e2e/smtp/run-smtp-e2e.sh (not run: the distribution has no SMTP proxy yet)" SKIP
    fi
fi

if [ -f e2e/transparent/run-tproxy-test.sh ] && [ -x packaging/target/mamori/bin/mamori ]; then
    export SKIP_BUILD=1 # the distribution was built above
    run_script "transparent mode: e2e/transparent/run-tproxy-test.sh (network namespaces, TPROXY)" \
        e2e/transparent/run-tproxy-test.sh
fi

if [ -f e2e/observability/run-observability-e2e.sh ] && [ -x packaging/target/mamori/bin/mamori ]; then
    run_script "metrics and syslog: e2e/observability/run-observability-e2e.sh (promtool, rsyslogd, poplib)" \
        e2e/observability/run-observability-e2e.sh
fi

if [ -f e2e/package/run-package-test.sh ] && [ -x packaging/target/mamori/bin/mamori ]; then
    run_script "package test: e2e/package/run-package-test.sh (.deb: install, service, POP3, upgrade, purge)" \
        e2e/package/run-package-test.sh
fi

if [ -f e2e/updates/run-updates-e2e.sh ] && [ -x packaging/target/mamori/bin/mamori ]; then
    run_script "signed updates: e2e/updates/run-updates-e2e.sh (bundle CLI, web server, serve, relay)" \
        e2e/updates/run-updates-e2e.sh
fi

echo
echo "=== Summary"
for i in "${!step_names[@]}"; do
    printf '  %-4s  %s\n' "${step_results[$i]}" "${step_names[$i]}"
done
if [ "$failed" -ne 0 ]; then
    echo "FAILED"
else
    echo "ALL PASSED"
fi
echo "total: $total_passed passed, $total_failed failed, $total_skipped skipped"
exit "$failed"
