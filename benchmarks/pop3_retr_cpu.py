#!/usr/bin/env python3
"""Mamori's own CPU time per 20 MB RETR, for two or more builds alternately in one run.

Not a test. On a shared, loaded machine the wall-clock RETR times of pop3_retr_bench.py scatter by 2x; the CPU time
the Mamori process group spends per RETR (user + system, from /proc, after warm-up) is far steadier and is what a
faster scan changes. Each round starts every build in turn on the same Dovecot (the message is the benchmark's
20 MB base64 one), does --warmup RETRs, then --retrs timed RETRs through the plain dedicated listener, and stops it.
  python3 benchmarks/pop3_retr_cpu.py --home before=/path/to/mamori --home after=packaging/target/mamori
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pop3_retr_bench as bench  # noqa: E402  (also puts e2e/ on the path)
import dovecot_harness as dh  # noqa: E402
import mamori_harness as mh  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def group_cpu_seconds(pgid):
    """User + system CPU of every live process in the process group (Mamori's launcher and its JVM)."""
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the name: state ppid pgrp ... utime(11) stime(12)
            total += int(fields[11]) + int(fields[12])
    return total / TICK


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--home", action="append", required=True, help="NAME=MAMORI_HOME, two or more")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--retrs", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--mb", type=int, default=20)
    a = ap.parse_args()
    homes = [h.split("=", 1) for h in a.home]
    work = tempfile.mkdtemp(prefix="mamori-cpu-")
    os.chmod(work, 0o755)
    results = {name: [] for name, _ in homes}
    try:
        paths = dh.start(work, a.mb)
        want = bench.raw_sample(dh.PORT_STLS, 11, None)[1]
        for rnd in range(1, a.rounds + 1):
            for name, home in homes:
                os.environ["MAMORI_HOME"] = os.path.abspath(home)
                m = mh.Mamori(work, paths.ca_cert, paths.server_cert, paths.server_key)
                m.start()
                try:
                    for _ in range(a.warmup):
                        bench.raw_sample(mh.DEDICATED_PLAIN, 11, None)
                    load = os.getloadavg()[0]
                    cpu0 = group_cpu_seconds(m.proc.pid)
                    walls, firsts = [], []
                    for _ in range(a.retrs):
                        dt, digest, first = bench.raw_sample(mh.DEDICATED_PLAIN, 11, None)
                        if digest != want:
                            raise SystemExit(f"{name}: content differs from the direct RETR")
                        walls.append(dt)
                        firsts.append(first)
                    time.sleep(0.5)  # let the last scan's stragglers (quarantine check, events) finish
                    cpu = (group_cpu_seconds(m.proc.pid) - cpu0) / a.retrs
                finally:
                    m.stop()
                results[name].append(cpu)
                print(f"round {rnd} {name:8} CPU {cpu * 1000:6.0f} ms/RETR   wall median "
                      f"{statistics.median(walls) * 1000:5.0f} ms, status line median "
                      f"{statistics.median(firsts) * 1000:5.0f} ms   (load {load:.1f} -> {os.getloadavg()[0]:.1f})",
                      flush=True)
        print()
        for name, cpus in results.items():
            print(f"{name:8} CPU per RETR: {', '.join(f'{c * 1000:.0f}' for c in cpus)} ms "
                  f"(median {statistics.median(cpus) * 1000:.0f} ms)")
    finally:
        dh.stop(work)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
