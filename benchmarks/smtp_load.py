#!/usr/bin/env python3
"""SMTP load generator: N messages of mixed sizes from C parallel clients, straight to the private Postfix and
through Mamori (scanning on: the built-in engines and a private clamd) in the same run. Prints messages/s and the
p50/p99 latency of each, and the ratio Mamori/direct (target >= 0.8).

Latency is one transaction: from MAIL FROM to the reply to the end of DATA. Throughput counts messages answered
with 250 over the wall time of the phase. Every phase waits for Postfix to deliver what it accepted before the next
starts, and every accepted message is checked to be in the Maildir exactly once.

Driven by benchmarks/smtp-bench.sh, which owns the work directory and the cleanup.
"""
import argparse
import os
import random
import shutil
import socket
import smtplib
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "e2e", "smtp"))
import postfix_harness as pfh  # noqa: E402
import smtp_client as sc  # noqa: E402
import smtp_harness as sh  # noqa: E402

RCPT = "bench@example.test"
SESSION_MESSAGES = 20  # a client reconnects after this many messages
RELAY_PORT = 10055  # the raw TCP relay (socat) in front of Postfix: the pass-through baseline


def payload_pool(min_kb, max_kb, count, seed):
    """Message bodies (everything after the header) of sizes spread over [min_kb, max_kb]; reused with a new header
    per message, so the generator's memory stays small."""
    rnd = random.Random(seed)
    pool = []
    for i in range(count):
        size = rnd.randint(min_kb * 1024, max_kb * 1024)
        msg = sc.sized_message("0" * 32, RCPT, size, seed=i)
        pool.append(msg.split(b"\r\n\r\n", 1)[1])
    return pool


def message(token, body):
    return sc.headers(token, RCPT, "bench",
                      b"Content-Type: multipart/mixed; boundary=\"=_mamori_e2e_5\"\r\n") + b"\r\n" + body


def run_phase(name, port, n, clients, pool, seed):
    rnd = random.Random(seed)
    plan = [rnd.randrange(len(pool)) for _ in range(n)]
    next_i = [0]
    lock = threading.Lock()
    latencies, accepted, failures = [], [], []

    def take():
        with lock:
            if next_i[0] >= n:
                return None
            next_i[0] += 1
            return next_i[0] - 1

    def client():
        s, in_session = None, 0
        while True:
            i = take()
            if i is None:
                break
            token = sc.new_token()
            data = message(token, pool[plan[i]])
            try:
                if s is None or in_session >= SESSION_MESSAGES:
                    if s is not None:
                        s.quit()
                    s, in_session = sc.open_session(sh.HOST, port, timeout=300), 0
                out = sc.Outcome(token)
                t0 = time.perf_counter()
                sc.transaction(s, out, [RCPT], data)
                dt = time.perf_counter() - t0
                in_session += 1
                with lock:
                    if out.got_250:
                        latencies.append(dt)
                        accepted.append(token)
                    else:
                        failures.append(repr(out))
            except (smtplib.SMTPException, OSError) as e:
                with lock:
                    failures.append(f"{type(e).__name__}: {e}")
                s = None
        if s is not None:
            try:
                s.quit()
            except (smtplib.SMTPException, OSError):
                pass

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    result = {"name": name, "wall": wall, "ok": len(accepted), "failed": len(failures),
              "rate": len(accepted) / wall if wall else 0.0, "p50": pct(0.50), "p99": pct(0.99),
              "tokens": accepted, "failures": failures[:3]}
    print(f"{name:>7}: {len(accepted)}/{n} accepted in {wall:.1f} s = {result['rate']:.1f} msg/s, "
          f"p50 {result['p50']:.0f} ms, p99 {result['p99']:.0f} ms"
          + (f", {len(failures)} failed, e.g. {failures[:2]}" if failures else ""), flush=True)
    return result


def process_cpu_seconds(pid):
    """User + system CPU time of a process (all its threads) from /proc, in seconds; None when unreadable."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # after the command name: state is field 3, utime field 14, stime field 15 (proc(5)), here offset by 3
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average():
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def check_delivered(paths, result):
    if not pfh.wait_queue_empty(paths, 600):
        print(f"  {result['name']}: Postfix did not empty its queue in 600 s", flush=True)
        return False
    index = sc.MaildirIndex(paths.mail)
    index.refresh()
    counts = {}
    for t in index._seen.values():
        counts[t] = counts.get(t, 0) + 1
    bad = [t for t in result["tokens"] if counts.get(t, 0) != 1]
    if bad:
        print(f"  {result['name']}: {len(bad)} accepted messages are not in the Maildir exactly once", flush=True)
    return not bad


def descendants(pid):
    """pid and every process below it (from /proc), for pinning a process tree."""
    children = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(d))
            except (OSError, ValueError, IndexError):
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def pin(pid, cpus, what):
    """Pins every thread of pid's process tree to cpus; children started later inherit it from their parent."""
    if not pid:
        raise RuntimeError(f"--pin: no process for {what}")
    for p in descendants(pid):
        subprocess.run(["taskset", "-a", "-p", "-c", cpus, str(p)], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_relay():
    """A raw TCP relay (socat, a process per connection) to Postfix: what any extra hop costs, without SMTP."""
    proc = subprocess.Popen(["socat", f"TCP-LISTEN:{RELAY_PORT},bind={sh.HOST},reuseaddr,fork",
                             f"TCP:{sh.HOST}:{pfh.PORT_SMTP}"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection((sh.HOST, RELAY_PORT), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"socat did not listen on {RELAY_PORT}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", required=True)
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--min-kb", type=int, default=5)
    ap.add_argument("--max-kb", type=int, default=200)
    ap.add_argument("--pool", type=int, default=40, help="distinct message bodies (default 40)")
    ap.add_argument("--no-mamori", action="store_true", help="direct to Postfix only")
    ap.add_argument("--no-clamd", action="store_true", help="Mamori scans with its built-in engines only")
    ap.add_argument("--upstream-tls", choices=("none", "required"), default="none",
                    help="Mamori's hop to Postfix: none (default; like the direct path, which is plain) or required "
                         "(STARTTLS with certificate verification, the e2e suite's mx listener)")
    ap.add_argument("--clamd-items", choices=("message", "mime-leaves", "message-and-mime-leaves", "all"),
                    help="scan.clamd.items for Mamori (default: Mamori's default, message-and-mime-leaves)")
    ap.add_argument("--no-relay", action="store_true",
                    help="skip the raw TCP relay (socat) phase, the baseline of what an extra hop costs")
    ap.add_argument("--pin", action="store_true",
                    help="the gateway on its own core, as on its own machine: Mamori (and clamd) on CPU 1; Postfix, "
                         "its SASL Dovecot and this load generator on CPU 0, for the direct phase too (needs 2 CPUs)")
    ap.add_argument("--seed", type=int, default=4711)
    ap.add_argument("--warmup", type=int, default=1000,
                    help="messages per target before the measured phases, not counted (default 1000: Mamori's JIT "
                         "compiles its hot paths over the first few hundred messages on a loaded machine)")
    a = ap.parse_args()

    pfh.start(a.work)
    sh.clamd_start(a.work)
    paths = pfh.Paths(a.work)
    mamori = None
    if not a.no_mamori:
        mamori = sh.Mamori(a.work)
        # scanning on (built-in engines + clamd directly, no middlebox); all of loopback exempt from throttling
        mamori.write_config(sh.mamori_config(a.work, clamd_port=None if a.no_clamd else sh.CLAMD_PORT,
                                             throttling=False, clamd_items=a.clamd_items))
        mamori.start()
    relay = None
    try:
        if not a.no_relay:
            if shutil.which("socat"):
                relay = start_relay()
            else:
                print("smtp-bench: socat is missing: no relay baseline (apt-get install socat)", flush=True)
        if a.pin:
            if (os.cpu_count() or 1) < 2:
                raise SystemExit("smtp-bench: --pin needs two CPUs")
            os.sched_setaffinity(0, {0})  # this process and the client threads it starts
            pin(pfh.master_pid(paths), "0", "Postfix")
            for pid in subprocess.run(["pgrep", "-f", paths.auth_conf], capture_output=True, text=True).stdout.split():
                pin(int(pid), "0", "Dovecot (SASL)")
            if not a.no_clamd:
                pin(sh.clamd_pid(a.work), "1", "clamd")
            if mamori:
                pin(mamori.pid(), "1", "Mamori")
            if relay:
                pin(relay.pid, "1", "the relay")
            print("smtp-bench: pinned: Postfix, Dovecot and the load generator on CPU 0; Mamori, clamd and the relay on "
                  "CPU 1", flush=True)
        pool = payload_pool(a.min_kb, a.max_kb, a.pool, a.seed)
        avg = sum(len(b) for b in pool) / len(pool) / 1024
        scanners = "none (direct only)" if not mamori else "built-in" if a.no_clamd else "built-in + clamd"
        print(f"smtp-bench: Mamori's scanners: {scanners}", flush=True)
        print(f"smtp-bench: {a.messages} messages per phase ({a.min_kb}-{a.max_kb} KB, mean {avg:.0f} KB), "
              f"{a.clients} parallel clients, {SESSION_MESSAGES} messages per session", flush=True)
        port = sh.MAMORI_PLAIN if a.upstream_tls == "none" else sh.MAMORI_MX
        print(f"smtp-bench: Mamori -> Postfix: {'plain (as direct)' if a.upstream_tls == 'none' else 'STARTTLS, verified'}",
              flush=True)
        # a warm-up per target (JIT, TLS material, Postfix process pool), not counted
        warm = max(1, a.warmup)
        run_phase("warm-up", pfh.PORT_SMTP, warm, a.clients, pool, a.seed + 1)
        if mamori:
            run_phase("warm-up", port, warm, a.clients, pool, a.seed + 2)
        pfh.wait_queue_empty(paths, 600)
        print(f"smtp-bench: load average {load_average()}", flush=True)
        direct = run_phase("direct", pfh.PORT_SMTP, a.messages, a.clients, pool, a.seed)
        ok = check_delivered(paths, direct)
        if relay:
            relayed = run_phase("relay", RELAY_PORT, a.messages, a.clients, pool, a.seed)
            ok = check_delivered(paths, relayed) and ok
            print(f"ratio relay/direct: {relayed['rate'] / direct['rate'] if direct['rate'] else 0.0:.2f} "
                  f"(a raw TCP relay, no SMTP, no scanning: what the extra hop alone costs)", flush=True)
        if mamori:
            pid = mamori.pid()
            cpu0 = process_cpu_seconds(pid) if pid else None
            load0 = load_average()
            through = run_phase("mamori", port, a.messages, a.clients, pool, a.seed)
            cpu1 = process_cpu_seconds(pid) if pid else None
            if cpu0 is not None and cpu1 is not None and through["ok"]:
                used = cpu1 - cpu0
                print(f"  Mamori CPU in the phase: {used:.2f} s = {used * 1000 / through['ok']:.2f} ms per accepted "
                      f"message, {used / through['wall']:.2f} cores; load average {load0} -> {load_average()}",
                      flush=True)
            ok = check_delivered(paths, through) and ok
            ratio = through["rate"] / direct["rate"] if direct["rate"] else 0.0
            print(f"ratio mamori/direct: {ratio:.2f} (target >= 0.80: {'met' if ratio >= 0.8 else 'NOT met'}); "
                  f"p99 {through['p99']:.0f} ms vs {direct['p99']:.0f} ms", flush=True)
        print("delivery check: every accepted message is in the Maildir exactly once" if ok
              else "delivery check: FAILED", flush=True)
        return 0 if ok else 1
    finally:
        if relay:
            relay.terminate()
            relay.wait(10)
        if mamori:
            mamori.stop()
        sh.clamd_stop(a.work)
        pfh.stop(a.work)


if __name__ == "__main__":
    sys.exit(main())
