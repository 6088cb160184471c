#!/usr/bin/env bash
# Starts a private clamd for tests and benchmarks: its own config, database directory, log and pid file under a work
# directory; never the system clamd, its config or its service. It listens on 127.0.0.1:PORT only, with the limits
# Mamori's defaults assume (StreamMaxLength 100M), and is ready when this script returns: it waits for PONG.
#
# Usage:   e2e/clamd/start-clamd.sh DB_DIR PORT [WORK_DIR]
#   DB_DIR    a directory with at least one signature database (.ndb, .hdb, .hsb, ...); there is no freshclam here,
#             so tests generate it (the EICAR signature is built at run time, never stored in the repository)
#   PORT      loopback TCP port (11000-11099 is ours by convention)
#   WORK_DIR  where clamd.conf, clamd.log and clamd.pid go (default: a new temp directory)
# Env:     CLAMD_START_TIMEOUT  seconds to wait for PONG (default 60)
#          CLAMD                the clamd binary (default: clamd on PATH, else /usr/sbin/clamd)
# Output:  the pid on stdout (last line), the work directory on stderr. Exit 0 when clamd answers PONG; 2 when clamd
#          is not installed; 1 otherwise (the log tail is printed, clamd is stopped).
# Stop it: e2e/clamd/stop-clamd.sh WORK_DIR (or PID).

set -u -o pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 DB_DIR PORT [WORK_DIR]" >&2
    exit 64
fi
DB_DIR=$(cd "$1" && pwd -P) || { echo "no such database directory: $1" >&2; exit 1; }
PORT=$2
WORK=${3:-$(mktemp -d -t mamori-clamd.XXXXXX)}
TIMEOUT=${CLAMD_START_TIMEOUT:-60}
CLAMD_BIN=${CLAMD:-$(command -v clamd || echo /usr/sbin/clamd)}

if [ ! -x "$CLAMD_BIN" ]; then
    echo "clamd is not installed (apt-get install clamav-daemon)" >&2
    exit 2
fi
case $PORT in
    '' | *[!0-9]*) echo "PORT must be a number: $PORT" >&2; exit 64 ;;
esac
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd -P)

cat >"$WORK/clamd.conf" <<CONF
Foreground yes
TCPSocket $PORT
TCPAddr 127.0.0.1
DatabaseDirectory $DB_DIR
LogFile $WORK/clamd.log
LogTime yes
PidFile $WORK/clamd.pid
TemporaryDirectory $WORK
User $(id -un)
StreamMaxLength 100M
MaxThreads 4
SelfCheck 0
Bytecode no
CONF

# Foreground keeps clamd a child we can kill by pid; its output goes to the log, not to our caller's terminal.
"$CLAMD_BIN" --config-file="$WORK/clamd.conf" >>"$WORK/clamd.out" 2>&1 &
PID=$!
echo "$PID" >"$WORK/clamd.started-pid"

ping_clamd() {
    # zPING\0 -> PONG\0 over bash's /dev/tcp (no nc or socat needed); a subshell, because a failed 'exec' redirection
    # would end this script.
    local reply
    reply=$( (exec 3<>"/dev/tcp/127.0.0.1/$PORT" && printf 'zPING\0' >&3 && timeout 2 head -c 4 <&3) 2>/dev/null)
    [ "$reply" = PONG ]
}

deadline=$((SECONDS + TIMEOUT))
while [ $SECONDS -lt $deadline ]; do
    if ! kill -0 "$PID" 2>/dev/null; then
        echo "clamd exited during start-up:" >&2
        tail -n 20 "$WORK/clamd.log" "$WORK/clamd.out" >&2 2>/dev/null
        exit 1
    fi
    if ping_clamd; then
        echo "clamd $PID ready on 127.0.0.1:$PORT, work directory $WORK" >&2
        echo "$PID"
        exit 0
    fi
    sleep 0.2
done
echo "clamd did not answer PING within ${TIMEOUT}s:" >&2
tail -n 20 "$WORK/clamd.log" "$WORK/clamd.out" >&2 2>/dev/null
kill "$PID" 2>/dev/null
exit 1
