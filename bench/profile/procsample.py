#!/usr/bin/env python3
"""Samples a running benchmark JVM (and PostgreSQL's processes) from /proc, for bench/profile/Budget.java.

usage: bench/profile/procsample.py PID OUT.jsonl [HZ] [DATABASE]

Until PID exits, writes one JSON line per tick (HZ, default 50):
  {"t": epoch_ms, "w": {tid: [state, syscall_nr, wchan, ns_on_cpu, ns_runnable_waiting]}}   the writers
                                                          ("attest-sequencer" threads; the last two: schedstat)
and every 10th tick also
  "cpu": {tid: [comm, utime+stime ticks]} for every thread of PID,
  "pg" / "pgother": {pid: utime+stime ticks} of the postgres backends of DATABASE (attest_bench) / the
  background processes (walwriter, checkpointer, autovacuum; not other databases' backends),
  "load": 1-minute load average.
Syscall numbers are x86-64 (74 fsync, 75 fdatasync). Clock ticks are 1/100 s (os.sysconf("SC_CLK_TCK")).
"""
import json
import os
import sys
import time


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def stat_fields(text):
    # comm may contain spaces and parentheses: split after the last ')'.
    close = text.rindex(")")
    comm = text[text.index("(") + 1:close]
    rest = text[close + 2:].split()
    return comm, rest  # rest[0] is state (field 3); utime, stime are fields 14, 15 -> rest[11], rest[12]


def thread_stat(path):
    """(comm, state, utime + stime in clock ticks) from a /proc stat file, or None if it is gone."""
    text = read(path)
    if not text:
        return None
    comm, rest = stat_fields(text)
    return comm, rest[0], int(rest[11]) + int(rest[12])


def postgres_pids(database):
    """PostgreSQL processes: (backends of the database, background processes: walwriter, checkpointer …)."""
    bench, other = [], []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            comm = read(f"/proc/{entry}/comm")
            if comm and comm.strip() == "postgres":
                cmdline = read(f"/proc/{entry}/cmdline") or ""
                cmdline = cmdline.replace("\0", " ")
                if f" {database} " in cmdline:
                    bench.append(entry)
                elif "(" not in cmdline and "[local]" not in cmdline:
                    other.append(entry)  # background processes only: other databases' backends are not ours
    return bench, other


def main():
    pid, out = sys.argv[1], sys.argv[2]
    hz = float(sys.argv[3]) if len(sys.argv) > 3 else 50.0
    database = sys.argv[4] if len(sys.argv) > 4 else "attest_bench"
    period = 1.0 / hz
    tick = 0
    writers = {}
    pg = ([], [])
    with open(out, "w") as sink:
        while os.path.exists(f"/proc/{pid}"):
            line = {"t": round(time.time() * 1000, 1)}
            full = tick % 10 == 0
            if tick % 50 == 0:
                pg = postgres_pids(database)
            if full:
                cpu = {}
                try:
                    tids = os.listdir(f"/proc/{pid}/task")
                except OSError:
                    break
                writers = {}
                for tid in tids:
                    stat = thread_stat(f"/proc/{pid}/task/{tid}/stat")
                    if stat:
                        cpu[tid] = [stat[0], stat[2]]
                        if stat[0].startswith("attest-sequence"):
                            writers[tid] = True
                line["cpu"] = cpu
                for key, pids in (("pg", pg[0]), ("pgother", pg[1])):
                    stats = {p: thread_stat(f"/proc/{p}/stat") for p in pids}
                    line[key] = {p: stat[2] for p, stat in stats.items() if stat}
                line["load"] = float(read("/proc/loadavg").split()[0])
            w = {}
            for tid in writers:
                stat = thread_stat(f"/proc/{pid}/task/{tid}/stat")
                if not stat:
                    continue
                syscall = (read(f"/proc/{pid}/task/{tid}/syscall") or "?").split()[0]
                wchan = read(f"/proc/{pid}/task/{tid}/wchan") or ""
                sched = (read(f"/proc/{pid}/task/{tid}/schedstat") or "0 0 0").split()
                w[tid] = [stat[1], syscall, wchan, int(sched[0]), int(sched[1])]
            line["w"] = w
            sink.write(json.dumps(line) + "\n")
            tick += 1
            time.sleep(max(0.0, period - (time.time() * 1000 - line["t"]) / 1000))


if __name__ == "__main__":
    main()
