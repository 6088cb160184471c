#!/usr/bin/env bash
# Stops a clamd started by start-clamd.sh: TERM, then KILL after 10 s. Only that pid is signalled.
#
# Usage:   e2e/clamd/stop-clamd.sh WORK_DIR|PID
# Exit 0 when the process is gone (or was not running).

set -u -o pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 WORK_DIR|PID" >&2
    exit 64
fi
if [ -d "$1" ]; then
    PID=$(cat "$1/clamd.started-pid" 2>/dev/null) || { echo "no clamd.started-pid in $1" >&2; exit 1; }
else
    PID=$1
fi
case $PID in
    '' | *[!0-9]*) echo "not a pid: $PID" >&2; exit 64 ;;
esac
# Refuse to signal a pid that is not a clamd (it may have exited and the pid been reused).
if ! kill -0 "$PID" 2>/dev/null; then
    exit 0
fi
if [ "$(cat "/proc/$PID/comm" 2>/dev/null)" != clamd ]; then
    echo "pid $PID is not clamd; not signalling it" >&2
    exit 1
fi
kill -TERM "$PID"
for _ in $(seq 1 50); do
    kill -0 "$PID" 2>/dev/null || exit 0
    sleep 0.2
done
kill -KILL "$PID" 2>/dev/null
exit 0
