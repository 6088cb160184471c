#!/usr/bin/env bash
# The private Postfix of the SMTP e2e tests (see postfix_harness.py), and a safe install of the Debian packages.
#
#   e2e/smtp/postfix.sh install        apt-get install postfix swaks (+ what swaks needs for TLS), as root; the debconf
#                                      answer "No configuration" is preseeded first, so the package sets up no system
#                                      MTA on port 25, and a system Postfix that is running afterwards is an error
#   e2e/smtp/postfix.sh start DIR      private Postfix + Dovecot SASL under DIR (127.0.0.1:10025, 10587, 10040, 10041)
#   e2e/smtp/postfix.sh stop DIR       stops both; no process of the instance is left
#   e2e/smtp/postfix.sh status DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PACKAGES=(postfix swaks libnet-ssleay-perl)

preseed_postfix() {
    # Without this, installing postfix asks (or, non-interactively, picks "Internet Site") and configures /etc/postfix
    # as a system MTA listening on port 25.
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
}

system_postfix_running() {
    # any Postfix master whose configuration is not one of our private instances
    local pid
    for pid in $(pgrep -x master 2>/dev/null || true); do
        if [ "$(readlink -f "/proc/$pid/exe" 2>/dev/null)" = /usr/lib/postfix/sbin/master ] \
            && ! tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -q '^MAIL_CONFIG=.*/postfix/conf$'; then
            echo "$pid"
        fi
    done
}

install_packages() {
    local missing=() p
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        if [ "$(id -u)" -ne 0 ]; then
            echo "missing Debian packages: ${missing[*]} (run this as root, or: sudo $0 install)" >&2
            return 2
        fi
        preseed_postfix
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
    fi
    local sys
    sys="$(system_postfix_running)"
    if [ -n "$sys" ]; then
        echo "a system Postfix is running (master pid $sys); the e2e tests need ports 10025/10587 only, but a" >&2
        echo "system MTA was not meant to be set up by them: stop it with 'postfix stop' if it is not wanted" >&2
        return 1
    fi
    echo "postfix and swaks are installed; no system Postfix is running"
}

case "${1:-}" in
    install) install_packages ;;
    start | stop | status)
        [ $# -eq 2 ] || { echo "usage: $0 $1 DIR" >&2; exit 64; }
        exec python3 "$here/postfix_harness.py" "$1" "$2" ;;
    *) echo "usage: $0 install | start DIR | stop DIR | status DIR" >&2; exit 64 ;;
esac
