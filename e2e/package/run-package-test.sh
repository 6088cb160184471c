#!/usr/bin/env bash
# Installs the Mamori .deb on this machine and runs it as the system service would, then upgrades, removes and
# purges it. Ends with one line "N passed, M failed[, K skipped]"; exit status non-zero on any failure.
#
#   e2e/package/run-package-test.sh
#
# Needs root, dpkg/apt-get (Debian or Ubuntu), Dovecot, Python 3, and either a built .deb or the distribution in
# packaging/target/mamori (mvn package) plus JAVA_HOME = a JDK 25, fakeroot and binutils to build one.
#   MAMORI_DEB=FILE       the package to test (release 1); default: built here from packaging/target/mamori
#   MAMORI_DEB_UPGRADE=FILE  the package to upgrade to (a higher version or release); default: built here (release 2)
#   MAMORI_PKG_COMPRESSION=xz  compress the test's own builds like a release (default gzip: faster)
#   MAMORI_PKG_KEEP=1     keep the work directory
# The service is started through systemd when systemd is PID 1; otherwise the test runs exactly the ExecStart line
# of the installed unit, as the unit's user, with no new privileges and the unit's umask. Ports: 11200-11249.
# Refuses to run when a mamori package is installed already (it would be purged at the end).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
unit=/lib/systemd/system/mamori.service
conf=/etc/mamori/mamori.yaml
data=/var/lib/mamori
logs=/var/log/mamori
generic_port=11220
dedicated_port=11221

passed=0 failed=0 skipped=0
pass() { passed=$((passed + 1)); echo "PASS  $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1"; }
skip() { skipped=$((skipped + 1)); echo "SKIP  $1"; }
# check NAME COMMAND...: one assertion; the command's output is shown when it fails.
check() {
    local name=$1 out
    shift
    if out=$("$@" 2>&1); then pass "$name"; else fail "$name"; printf '%s\n' "$out" | tail -n 30 | sed 's/^/      /'; fi
}
summary() { echo "$passed passed, $failed failed, $skipped skipped"; }
give_up() { echo "run-package-test: $1" >&2; fail "$1"; summary; exit 1; }

if [ "$(id -u)" -ne 0 ] || ! command -v dpkg >/dev/null || ! command -v apt-get >/dev/null; then
    echo "run-package-test: needs root on Debian/Ubuntu (dpkg, apt-get); not run"
    skipped=1; summary; exit 0
fi
if dpkg-query -W -f='${Status}' mamori 2>/dev/null | grep -qv "not-installed"; then
    echo "run-package-test: a mamori package is installed on this machine; not touching it"
    skipped=1; summary; exit 0
fi
for tool in dovecot python3 setpriv; do
    command -v "$tool" >/dev/null || give_up "$tool is missing (apt-get install dovecot-pop3d python3 util-linux)"
done

systemd_runs=0
[ -d /run/systemd/system ] && [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ] && systemd_runs=1
work=$(mktemp -d /tmp/mamori-package.XXXXXX)
chmod 755 "$work"
service_pid=
installed=0
started=$(date +%s)

stop_service() {
    if [ "$systemd_runs" = 1 ]; then
        systemctl stop mamori.service
        return
    fi
    [ -n "$service_pid" ] || return 0
    kill -TERM "$service_pid" 2>/dev/null || true
    for _ in $(seq 150); do kill -0 "$service_pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$service_pid" 2>/dev/null; then
        echo "run-package-test: mamori did not stop within 30s after SIGTERM; killing it" >&2
        kill -KILL "$service_pid" 2>/dev/null || true
    fi
    wait "$service_pid" 2>/dev/null
    service_pid=
}

cleanup() {
    local rc=$?
    trap - EXIT
    stop_service >/dev/null 2>&1
    python3 "$here/package_pop3.py" dovecot-stop "$work" >/dev/null 2>&1 || true
    if [ "$installed" = 1 ] && dpkg-query -W -f='${Status}' mamori 2>/dev/null | grep -qv "not-installed"; then
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -q mamori >/dev/null 2>&1 || dpkg --purge mamori >/dev/null 2>&1 || true
    fi
    if [ "${MAMORI_PKG_KEEP:-0}" = 1 ] || [ "$failed" -ne 0 ]; then
        echo "run-package-test: work directory kept: $work"
    else
        rm -rf "$work"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the packages -------------------------------------------------------------------------------------------------
build_deb() { # build_deb RELEASE COMPRESSION OUTDIR
    local dist=$repo/packaging/target/mamori version
    if [ ! -x "${JAVA_HOME:-}/bin/jpackage" ]; then
        # shellcheck source=../../scripts/select-jdk.sh
        . "$repo/scripts/select-jdk.sh" && select_jdk || return 1
    fi
    [ -d "$dist/lib" ] || { echo "no distribution at $dist: run mvn package first, or set MAMORI_DEB" >&2; return 1; }
    version=$(sed -n 's/^version=//p' "$repo/packaging/target/classes/dev/mamori/app/version.properties")
    MAMORI_DEB_COMPRESSION=$2 "$repo/jpackage/linux/build-installers.sh" --version "$version" --dist "$dist" \
        --out "$3" --work "$work/build-$1" --release "$1" --types deb
}
# The release build compresses with xz (smallest); xz takes most of a build's time on a loaded 2-core machine, and
# the compression does not change what the package does, so the test's own builds use gzip.
compression=${MAMORI_PKG_COMPRESSION:-gzip}
t=$(date +%s)
deb1=${MAMORI_DEB:-}
if [ -z "$deb1" ]; then
    build_deb 1 "$compression" "$work/deb1" > "$work/build-1.log" 2>&1 || { tail -n 30 "$work/build-1.log"; give_up "building the .deb failed"; }
    grep '^build-installers: ' "$work/build-1.log" | grep -v 'runtime modules' | sed 's/^/      /'
    deb1=$(ls "$work"/deb1/mamori_*.deb)
fi
pass "the .deb to test: $(basename "$deb1") ($(( $(stat -c %s "$deb1") / 1048576 )) MiB, $(( $(date +%s) - t ))s)"
deb2=${MAMORI_DEB_UPGRADE:-}
if [ -z "$deb2" ]; then
    # the same build with release 2: what an upgrade from the project's own repository looks like
    t=$(date +%s)
    build_deb 2 "$compression" "$work/deb2" > "$work/build-2.log" 2>&1 || { tail -n 30 "$work/build-2.log"; give_up "building the upgrade .deb failed"; }
    deb2=$(ls "$work"/deb2/mamori_*.deb)
    pass "the upgrade .deb: $(basename "$deb2") ($(( $(date +%s) - t ))s)"
fi
v1=$(dpkg-deb -f "$deb1" Version) v2=$(dpkg-deb -f "$deb2" Version)
check "the upgrade's version $v2 is higher than $v1" dpkg --compare-versions "$v2" gt "$v1"
check "conffiles of the package: /etc/mamori/mamori.yaml" bash -c "dpkg-deb --ctrl-tarfile '$deb1' | tar -xO ./conffiles | grep -qx /etc/mamori/mamori.yaml"

# --- a private Dovecot ----------------------------------------------------------------------------------------------
python3 "$here/package_pop3.py" dovecot-start "$work" || give_up "the private Dovecot did not start"
ca=$work/tls/ca.pem

# --- install --------------------------------------------------------------------------------------------------------
apt_install() { # apt_install DEB: a local package with its dependencies; refreshes the package lists once if needed
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$1" </dev/null && return 0
    DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$1" </dev/null
}
t=$(date +%s)
if apt_install "$deb1" > "$work/install.log" 2>&1; then
    installed=1
    pass "apt-get install ./$(basename "$deb1") ($(( $(date +%s) - t ))s)"
else
    installed=1
    tail -n 30 "$work/install.log"
    give_up "apt-get install of the package failed"
fi
check "dpkg: mamori $v1 installed" bash -c "[ \"\$(dpkg-query -W -f='\${Status} \${Version}' mamori)\" = 'install ok installed $v1' ]"
check "system user mamori (no login shell)" bash -c "getent passwd mamori | grep -q ':/usr/sbin/nologin$'"
check "the unit is installed and owned by the package" bash -c "[ -f $unit ] && dpkg -S $unit | grep -q '^mamori:'"
check "/usr/bin/mamori, the .desktop entry and the icon are installed" \
    test -x /usr/bin/mamori -a -f /usr/share/applications/mamori-dashboard.desktop -a -f /usr/share/icons/hicolor/256x256/apps/mamori.png
check "launchers: mamori and Mamori Dashboard" test -x /opt/mamori/bin/mamori -a -x "/opt/mamori/bin/Mamori Dashboard"
check "$data and $logs belong to mamori, mode 750" bash -c "[ \"\$(stat -c '%U:%G %a' $data $logs | sort -u)\" = 'mamori:mamori 750' ]"
check "$conf is root:mamori 640" bash -c "[ \"\$(stat -c '%U:%G %a' $conf)\" = 'root:mamori 640' ]"
check "the packaged configuration passes mamori config check" /usr/bin/mamori config check "$conf"
check "the unit's hardening and capabilities" bash -c "for l in User=mamori AmbientCapabilities=CAP_NET_BIND_SERVICE NoNewPrivileges=yes \
    ProtectSystem=strict ProtectHome=yes PrivateTmp=yes 'ReadWritePaths=/var/lib/mamori /var/log/mamori' Restart=on-failure; do grep -qx \"\$l\" $unit || { echo \"missing: \$l\"; exit 1; }; done"
check "mamori --version runs on the bundled runtime" bash -c "/usr/bin/mamori --version | grep -q '/opt/mamori/lib/runtime'"

# --- configure and start ------------------------------------------------------------------------------------------
install -m 0640 -o root -g mamori "$ca" /etc/mamori/package-test-ca.pem
cat > "$conf" <<YAML
# Package test configuration written by e2e/package/run-package-test.sh (edited-by-the-package-test)
server:
  name: mamori-package-test
upstreams:
  allow:
    - hosts: [127.0.0.1]
      ports: [11210-11214]
      permitAddresses: [127.0.0.1/32]
      tls: required
  extraCaFiles: [/etc/mamori/package-test-ca.pem]
pop3:
  listeners:
    - name: generic
      mode: generic
      bind: 127.0.0.1:$generic_port
    - name: alice-dedicated
      mode: dedicated
      bind: 127.0.0.1:$dedicated_port
      upstream:
        host: 127.0.0.1
        port: 11210
        tls: required
admin:
  bind: 127.0.0.1:11230
YAML
check "the test configuration passes mamori config check" /usr/bin/mamori config check "$conf"

start_service() {
    if [ "$systemd_runs" = 1 ]; then
        systemctl restart mamori.service || return 1
    else
        local line
        line=$(sed -n 's/^ExecStart=//p' "$unit")
        case $line in *\"*|*\'*|*\$*|*\\*) echo "ExecStart needs a real systemd parser: $line" >&2; return 1 ;; esac
        read -r -a cmd <<<"$line"
        # as systemd would: the unit's user and group, no new privileges, umask 0027, working directory /
        (cd / && umask 0027 && exec setpriv --reuid=mamori --regid=mamori --init-groups --no-new-privs -- "${cmd[@]}") \
            </dev/null >>"$work/service.out" 2>&1 &
        service_pid=$!
    fi
    python3 "$here/package_pop3.py" wait-port "$generic_port" 120
}
t=$(date +%s)
if start_service; then
    pass "service started ($([ "$systemd_runs" = 1 ] && echo systemctl || echo "ExecStart as user mamori"), listening after $(( $(date +%s) - t ))s)"
else
    tail -n 30 "$work/service.out" 2>/dev/null
    give_up "the service did not start"
fi

retrieve() { # retrieve LABEL: once on the generic port (user#host:port), once on the dedicated port (plain user)
    check "$1: POP3 retrieval through the generic port is byte-identical" \
        python3 "$here/package_pop3.py" retrieve "$work" --port "$generic_port" --user "alice#127.0.0.1:11210"
    check "$1: POP3 retrieval through the dedicated port is byte-identical" \
        python3 "$here/package_pop3.py" retrieve "$work" --port "$dedicated_port" --user alice
}
retrieve "release 1"
main_pid=$service_pid
[ "$systemd_runs" = 1 ] && main_pid=$(systemctl show -p MainPID --value mamori.service)
check "the server runs as user mamori" bash -c '[ "$(ps -o user= -p "$1" | tr -d " ")" = mamori ]' _ "$main_pid"
check "it logs to $logs/mamori.log (owned by mamori)" bash -c "grep -q 'listening on' $logs/mamori.log && [ \"\$(stat -c %U $logs/mamori.log)\" = mamori ]"
check "no password in the log" bash -c "! grep -q 'alice-Secret-4711' $logs/mamori.log"
check "its data directory holds the event store and the generated certificate" test -f "$data/mamori.db" -a -d "$data/tls"

check_status() {
    # Enabled once the admin channel exists (`mamori --help` lists a status command): the merger configures the
    # admin listener in the test configuration above and adjusts the arguments here if its interface differs.
    if ! /usr/bin/mamori --help 2>/dev/null | grep -qE '^[[:space:]]+status[[:space:]]'; then
        skip "mamori status (no admin channel in this build: mamori --help lists no status command)"
        return
    fi
    # first login: the generated password must be changed; the administrator does it locally as the service user
    # (the accounts file stays owned by mamori), then logs in over the admin channel with the new one
    check "the first start wrote a one-time admin password (owner-only)" \
        bash -c "[ \"\$(stat -c '%U %a' $data/admin/initial-password)\" = 'mamori 600' ]"
    chmod 711 "$work" # the service user must reach its password file; the directory stays unlistable
    printf 'package-test-%s\n' "$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$work/admin.pw"
    chown mamori "$work/admin.pw"
    chmod 600 "$work/admin.pw"
    check "mamori admin passwd (local, as user mamori) replaces the one-time password" \
        setpriv --reuid=mamori --regid=mamori --init-groups -- /usr/bin/mamori admin passwd admin \
        --data-dir "$data" --password-file "$work/admin.pw"
    check "the one-time password file is gone after the change" test ! -e "$data/admin/initial-password"
    check "mamori status answers over the admin channel and lists the POP3 listeners" bash -c \
        "/usr/bin/mamori status --server 127.0.0.1:11230 --user admin --password-file $work/admin.pw \
         --known-hosts $work/known_hosts | tee $work/status.txt | grep -q 'generic'"
}
check_status

check "mamori support bundle of the running service" bash -c "/usr/bin/mamori support bundle --data-dir $data --config $conf \
    --log-dir $logs --out $work/bundle.zip >/dev/null && python3 - $work/bundle.zip <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
assert 'logs/mamori.log' in names and 'store.txt' in names and 'config-check.txt' in names, names
assert b'rows in messages: ' in z.read('store.txt'), z.read('store.txt')
assert not any(n.startswith(('quarantine', 'tls')) or n.endswith('.db') for n in names), names
PY"

# --- upgrade: configuration and data are kept -------------------------------------------------------------------------
echo "package-test data $(date +%s)" > "$data/package-test-marker"
chown mamori:mamori "$data/package-test-marker"
marker=$(cat "$data/package-test-marker")
stop_service
t=$(date +%s)
if apt_install "$deb2" > "$work/upgrade.log" 2>&1; then
    pass "upgrade with apt-get install ./$(basename "$deb2") ($(( $(date +%s) - t ))s)"
else
    tail -n 30 "$work/upgrade.log"
    fail "upgrade with apt-get install ./$(basename "$deb2")"
fi
check "dpkg: mamori $v2 installed" bash -c "[ \"\$(dpkg-query -W -f='\${Status} \${Version}' mamori)\" = 'install ok installed $v2' ]"
check "the edited configuration survived the upgrade" grep -q "edited-by-the-package-test" "$conf"
check "the data directory survived the upgrade" bash -c "[ \"\$(cat $data/package-test-marker)\" = '$marker' ] && [ -f $data/mamori.db ]"
if start_service; then
    pass "service started again after the upgrade"
    retrieve "release 2"
else
    tail -n 30 "$work/service.out" 2>/dev/null
    fail "service started again after the upgrade"
fi
stop_service

# --- remove keeps configuration and data; purge deletes them ----------------------------------------------------------
check "apt-get remove mamori" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q mamori
check "after remove: program and unit gone" bash -c "[ ! -e /opt/mamori/bin/mamori ] && [ ! -e $unit ] && [ ! -e /usr/bin/mamori ]"
check "after remove: configuration, data, logs and user kept" bash -c "grep -q edited-by-the-package-test $conf && \
    [ -f $data/package-test-marker ] && [ -f $logs/mamori.log ] && getent passwd mamori >/dev/null"
check "apt-get purge mamori" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q mamori
check "after purge: configuration, data, logs and user gone" bash -c "[ ! -e /etc/mamori ] && [ ! -e $data ] && [ ! -e $logs ] && \
    ! getent passwd mamori >/dev/null && ! getent group mamori >/dev/null"
check "after purge: dpkg knows no mamori" bash -c "! dpkg-query -W -f='\${Status}' mamori 2>/dev/null | grep -q 'installed\|config-files'"

echo "run-package-test: $(( $(date +%s) - started ))s"
summary
[ "$failed" -eq 0 ]
