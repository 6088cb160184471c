#!/usr/bin/env bash
# CPU and heap of `mamori dashboard` (desktop mode: embedded server + JavaFX window, under Xvfb) while 100 POP3
# sessions are held open through it (a NOOP on each every 10 s) and one message is retrieved every 2 s (EICAR and clean in turn, so detections
# arrive live). Samples the process CPU (% of one core, from /proc) and its heap (jstat) every few seconds, and the
# live heap after a full GC at the start and the end (growth = end - start). Not a test: prints the figures.
#   benchmarks/dashboard-cpu.sh [--duration 2m|1h|SECONDS] [--sessions N] [--retr-interval SECONDS]
#                               [--sample SECONDS] [--warmup SECONDS] [--mode dashboard|serve]
# --mode serve runs the same load against `mamori serve` (no window): the difference is what the dashboard costs.
# Targets: < 5% of one core for the dashboard; no heap growth over an hour.
# Needs the distribution at packaging/target/mamori (mvn -B -DskipTests package), xvfb-run (apt-get install xvfb
# libgtk-3-0), and Maven to find GreenMail's jars. Ports 18201 (Mamori) and 18202 (GreenMail).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
export MAMORI_HOME="${MAMORI_HOME:-$repo/packaging/target/mamori}"
export MAMORI_JAVA="${MAMORI_JAVA:-${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}}"
JDK="$MAMORI_JAVA"
[[ -x "$JDK/bin/java" ]] || JDK=/usr/lib/jvm/temurin-25-jdk-amd64

duration=120
sessions=100
retr_interval=2
sample=5
warmup=30
mode=dashboard
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --sessions) sessions="$2"; shift 2 ;;
    --retr-interval) retr_interval="$2"; shift 2 ;;
    --sample) sample="$2"; shift 2 ;;
    --mode) mode="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "dashboard-cpu: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$duration" in
  *h) duration=$(( ${duration%h} * 3600 )) ;;
  *m) duration=$(( ${duration%m} * 60 )) ;;
  *s) duration=${duration%s} ;;
esac
[[ "$mode" == dashboard || "$mode" == serve ]] || { echo "dashboard-cpu: --mode is dashboard or serve" >&2; exit 2; }
[[ -x "$MAMORI_HOME/bin/mamori" ]] || { echo "dashboard-cpu: no distribution at $MAMORI_HOME (mvn -B -DskipTests package)" >&2; exit 2; }
if [[ "$mode" == dashboard ]] && ! command -v xvfb-run >/dev/null; then
  echo "dashboard-cpu: xvfb-run is missing (apt-get install xvfb libgtk-3-0)" >&2; exit 2
fi

work="$(mktemp -d /tmp/mamori-dashboard-bench.XXXXXX)"
mamori_pid=""
runner_pid=""
load_pid=""
cleanup() {
  [[ -n "$load_pid" ]] && kill "$load_pid" 2>/dev/null || true
  if [[ -n "$mamori_pid" ]]; then
    kill -TERM "$mamori_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$mamori_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$mamori_pid" 2>/dev/null || true
  fi
  [[ -n "$runner_pid" ]] && wait "$runner_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# GreenMail's jars, as Maven resolves them for desktop-ui's tests (offline first)
echo "resolving GreenMail's class path ..."
(cd "$repo" && { mvn -B -q -o dependency:build-classpath -pl desktop-ui -Dmdep.includeScope=test \
    -Dmdep.outputFile="$work/cp.txt" >/dev/null 2>&1 || mvn -B -q dependency:build-classpath -pl desktop-ui \
    -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >/dev/null; })
cp="$(tr ':' '\n' < "$work/cp.txt" | grep -E 'greenmail|jakarta|angus|slf4j' | paste -sd: -)"

cat > "$work/mamori.yaml" <<YAML
server:
  name: dashboard-bench
  dataDir: $work/data
access:
  clients: [127.0.0.0/8]
  maxConnections: 2000
  maxConnectionsPerIp: 1000
upstreams:
  allow:
    - hosts: [127.0.0.1]
      ports: [18202]
      permitAddresses: [127.0.0.1/32]
      tls: none
pop3:
  listeners:
    - name: generic
      bind: 127.0.0.1:18201
      tls: none
YAML

echo "starting mamori $mode ..."
if [[ "$mode" == dashboard ]]; then
  xvfb-run -a -s "-screen 0 1440x900x24" "$MAMORI_HOME/bin/mamori" dashboard --config "$work/mamori.yaml" \
      > "$work/mamori.out" 2>&1 &
else
  "$MAMORI_HOME/bin/mamori" serve --config "$work/mamori.yaml" > "$work/mamori.out" 2>&1 &
fi
runner_pid=$!
for _ in $(seq 1 150); do
  mamori_pid="$(pgrep -n -f "dev.mamori.app.Main $mode --config $work/mamori.yaml" || true)"
  [[ -n "$mamori_pid" ]] && (exec 3<>/dev/tcp/127.0.0.1/18201) 2>/dev/null && break
  sleep 0.2
done
[[ -n "$mamori_pid" ]] || { echo "dashboard-cpu: mamori did not start:"; cat "$work/mamori.out"; exit 1; }

"$JDK/bin/java" -cp "$cp" "$here/dashboard/DashboardLoad.java" 18202 18201 "$sessions" "$retr_interval" \
    > "$work/load.out" 2>&1 &
load_pid=$!
for _ in $(seq 1 600); do
  grep -q '^ready' "$work/load.out" 2>/dev/null && break
  kill -0 "$load_pid" 2>/dev/null || { echo "dashboard-cpu: load generator failed:"; cat "$work/load.out"; exit 1; }
  sleep 0.2
done
echo "load: $(grep '^ready' "$work/load.out") sessions held open, one retrieval every ${retr_interval}s"

clk=$(getconf CLK_TCK)
ticks() { awk '{ print $14 + $15 }' "/proc/$mamori_pid/stat"; }
heap_mb() { "$JDK/bin/jstat" -gc "$mamori_pid" | awk 'NR==2 { printf "%.1f", ($3 + $4 + $6 + $8) / 1024 }'; }
live_heap_mb() { "$JDK/bin/jcmd" "$mamori_pid" GC.run >/dev/null; heap_mb; }

sleep "$warmup" # not measured: JIT compilation of the first minute, the first charts
# per-thread CPU ticks (tid name ticks), to say where the time goes
thread_ticks() {
  for t in /proc/"$mamori_pid"/task/*; do
    [[ -r "$t/stat" ]] || continue
    printf '%s %s %s\n' "${t##*/}" "$(tr ' ' '_' < "$t/comm")" \
        "$(sed 's/^.*) //' "$t/stat" | awk '{ print $12 + $13 }')"
  done 2>/dev/null
}
live_start=$(live_heap_mb)
thread_ticks > "$work/threads.start"
echo "live heap after full GC at start: ${live_start} MB"
printf '%8s %10s %10s\n' "t(s)" "cpu(%)" "heap(MB)"
start=$(date +%s)
t0=$(ticks); s0=$(date +%s%N)
sum=0; n=0; max=0
while (( $(date +%s) - start < duration )); do
  sleep "$sample"
  kill -0 "$mamori_pid" 2>/dev/null || { echo "dashboard-cpu: mamori exited:"; tail -20 "$work/mamori.out"; exit 1; }
  t1=$(ticks); s1=$(date +%s%N)
  cpu=$(awk -v dt="$((t1 - t0))" -v ns="$((s1 - s0))" -v clk="$clk" 'BEGIN { printf "%.2f", dt / clk / (ns / 1e9) * 100 }')
  t0=$t1; s0=$s1
  printf '%8d %10s %10s\n' "$(( $(date +%s) - start ))" "$cpu" "$(heap_mb)"
  sum=$(awk -v a="$sum" -v b="$cpu" 'BEGIN { print a + b }'); n=$((n + 1))
  max=$(awk -v a="$max" -v b="$cpu" 'BEGIN { print (b > a ? b : a) }')
done
thread_ticks > "$work/threads.end"
live_end=$(live_heap_mb)
echo "live heap after full GC at end: ${live_end} MB"
grep -v "^ready" "$work/load.out" | sed "s/^/load: /"
echo
echo "=== mamori $mode, $sessions sessions open, $n samples over ${duration}s"
awk -v s="$sum" -v n="$n" -v m="$max" 'BEGIN { printf "CPU: mean %.2f%% of one core, max %.2f%% (target < 5%% for the dashboard)\n", s / n, m }'
awk -v a="$live_start" -v b="$live_end" 'BEGIN { printf "live heap: %.1f MB -> %.1f MB (%+.1f MB)\n", a, b, b - a }'
echo "busiest threads (% of one core over the run):"
awk -v clk="$clk" -v secs="$duration" 'NR == FNR { start[$1] = $3; next }
    { used = $3 - ($1 in start ? start[$1] : 0); by[$2] += used }
    END { for (n in by) if (by[n] > 0) printf "  %6.2f%%  %s\n", by[n] / clk / secs * 100, n }' \
    "$work/threads.start" "$work/threads.end" | sort -rn | head -12
