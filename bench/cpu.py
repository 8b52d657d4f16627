"""Where the machine's CPU went during one wrk run: the app (gunicorn), PostgreSQL serving the bench
database, Redis, wrk itself, and everything else. On a 2-core machine every component competes for
the same cores, and on a shared machine "everything else" says how far to trust the numbers.

    python bench/cpu.py snapshot FILE            # before and after a run
    python bench/cpu.py diff BEFORE AFTER GUNICORN_PID DB_NAME WRK_CPU_SECONDS > cpu.json

wrk has exited by the second snapshot, so its CPU time comes from the shell (`time`).

Reads /proc only (Linux).
"""

import json
import os
import sys

TICK = os.sysconf("SC_CLK_TCK")


def _stat_total() -> dict:
    with open("/proc/stat") as f:
        kolom = f.readline().split()[1:]
    user, nice, system, idle, iowait, irq, softirq, steal = (int(x) for x in kolom[:8])
    return {"busy": user + nice + system + irq + softirq, "idle": idle + iowait, "steal": steal}


def _processes() -> dict:
    hasil = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue  # gone meanwhile
        # comm may hold spaces and parentheses: the fields after the last ")" are fixed.
        kanan = stat.rsplit(")", 1)[1].split()
        ppid, utime, stime = int(kanan[1]), int(kanan[11]), int(kanan[12])
        hasil[pid] = {"ppid": ppid, "ticks": utime + stime, "cmd": cmdline[:200]}
    return hasil


def snapshot(path: str) -> None:
    with open(path, "w") as f:
        json.dump({"total": _stat_total(), "proc": _processes()}, f)


def _group(pid: str, info: dict, gunicorn: str, db: str) -> str:
    cmd = info["cmd"]
    if pid == gunicorn or info["ppid"] == int(gunicorn):
        return "app"
    if cmd.startswith("postgres:"):
        # Backends name their database: "postgres: 15/main: user db 127.0.0.1(5555) idle".
        bagian = cmd.split()
        return "postgres" if len(bagian) > 3 and bagian[3] == db else "other"
    if cmd.startswith("redis-server"):
        return "redis"
    return "other"


def diff(before: str, after: str, gunicorn: str, db: str, wrk: str) -> dict:
    with open(before) as f:
        a = json.load(f)
    with open(after) as f:
        b = json.load(f)
    grup = {"app": 0, "postgres": 0, "redis": 0, "wrk": round(float(wrk) * TICK)}
    for pid, info in b["proc"].items():
        g = _group(pid, info, gunicorn, db)
        if g in grup:
            grup[g] += info["ticks"] - a["proc"].get(pid, {"ticks": 0})["ticks"]
    busy = b["total"]["busy"] - a["total"]["busy"]
    idle = b["total"]["idle"] - a["total"]["idle"]
    steal = b["total"]["steal"] - a["total"]["steal"]
    # Whatever ran and is not ours, including processes that came and went during the run.
    grup["other"] = max(0, busy - sum(grup.values()))
    detik = {k: v / TICK for k, v in grup.items()}
    return {"cpu_s": detik, "idle_s": idle / TICK, "steal_s": steal / TICK, "busy_s": busy / TICK}


if __name__ == "__main__":
    if sys.argv[1:2] == ["snapshot"] and len(sys.argv) == 3:
        snapshot(sys.argv[2])
    elif sys.argv[1:2] == ["diff"] and len(sys.argv) == 7:
        print(json.dumps(diff(*sys.argv[2:7])))
    else:
        sys.exit(__doc__)
