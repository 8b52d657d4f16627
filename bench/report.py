"""Collect wrk results and write the benchmark report (Markdown, plus JSON for later comparison).

    python bench/report.py add RUN_DIR NAME LABEL TARGET LOAD CPU_JSON < wrk-output
    python bench/report.py skip RUN_DIR NAME LABEL TARGET NOTE     # an endpoint not measured, and why
    python bench/report.py write RUN_DIR RESULTS_DIR

TARGET is "-" (no target), "rps>=400", "p95<=300" (milliseconds) or "rps>=0.90*NAME" (at least
90 % of the req/s of the row NAME of the same run: the object store against the local folder). The run's settings come from
the BENCH_* environment variables run.sh exports. Plain Python: no Django needed.
"""

import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
from pathlib import Path


def add(run: Path, name: str, label: str, target: str, load: str, cpu: str) -> None:
    line = next((x for x in sys.stdin.read().splitlines() if x.startswith("BENCH ")), None)
    result = json.loads(line[len("BENCH ") :]) if line else None
    try:
        cpu_data = json.loads(Path(cpu).read_text())
    except (OSError, ValueError):
        cpu_data = None
    row = {
        "name": name,
        "label": label,
        "target": target,
        "load_before": float(load),
        "result": result,
        "cpu": cpu_data,
    }
    # A side of a pair against django-helpdesk (run.sh sets BENCH_PASANGAN="NAME portal|helpdesk ROUND").
    pasangan = os.environ.get("BENCH_PASANGAN", "").split()
    if pasangan:
        row["pair"], row["side"], row["round"] = pasangan[0], pasangan[1], int(pasangan[2])
    with (run / "results.jsonl").open("a") as f:
        f.write(json.dumps(row) + "\n")
    if result is None:
        print(f"  {label}: wrk tidak menghasilkan ringkasan", file=sys.stderr)
        return
    r = result
    errors = r["unexpected"] + r["socket_errors"] + r["timeouts"]
    print(
        f"  {label}: {r['rps']:.0f} req/s, p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, "
        f"p99 {r['p99_ms']:.1f} ms, galat {errors}"
        + (f", {r['flows_ps']:.0f} pencarian/s" if r.get("flows") else "")
        + (f" — contoh: {r['sample'][:160]!r}" if errors else "")
    )


def skip(run: Path, name: str, label: str, target: str, note: str) -> None:
    row = {"name": name, "label": label, "target": target, "load_before": 0.0, "result": None, "skip": note}
    with (run / "results.jsonl").open("a") as f:
        f.write(json.dumps(row) + "\n")
    print(f"  {label}: dilewati — {note}")


RELATIF = re.compile(r"rps>=(0\.\d+)\*(\w+)")


def verdict(row, rows=()) -> tuple[str, bool]:
    """('PASS'|'FAIL'|'—', failed). Any unexpected status or socket error fails the row; an endpoint
    skipped on purpose (a page that does not exist yet) does not."""
    r = row["result"]
    if row.get("skip"):
        return f"dilewati: {row['skip']}", False
    if r is None:
        return "FAIL (tidak ada hasil)", True
    if r["unexpected"] or r["socket_errors"] or r["timeouts"]:
        return "FAIL (galat)", True
    rel = RELATIF.fullmatch(row["target"])
    if rel:
        acuan = next((x for x in rows if x["name"] == rel.group(2) and x.get("result")), None)
        if acuan is None:
            return "— (baris acuan tidak diukur)", False
        rasio = r["rps"] / acuan["result"]["rps"] if acuan["result"]["rps"] else 0.0
        ok = rasio >= float(rel.group(1))
        return f"{'PASS' if ok else 'FAIL'} ({100 * rasio:.0f} % dari {rel.group(2)})", not ok
    m = re.fullmatch(r"(rps|p95)(>=|<=)(\d+)", row["target"])
    if not m:
        return "—", False
    metric, op, value = m.group(1), m.group(2), float(m.group(3))
    actual = r["rps"] if metric == "rps" else r["p95_ms"]
    ok = actual >= value if op == ">=" else actual <= value
    return ("PASS" if ok else "FAIL"), not ok


def target_text(target: str) -> str:
    rel = RELATIF.fullmatch(target)
    if rel:
        return f"≥ {100 * float(rel.group(1)):.0f} % req/s {rel.group(2)}"
    m = re.fullmatch(r"(rps|p95)(>=|<=)(\d+)", target)
    if not m:
        return "—"
    return f"≥ {m.group(3)} req/s" if m.group(1) == "rps" else f"p95 ≤ {m.group(3)} ms"


def _first(path: str, prefix: str, sep: str | None) -> str | None:
    """The value of the first `prefix` line of a /proc or /etc file, or None."""
    try:
        with open(path) as f:
            return next((x.split(sep, 1)[1].strip() for x in f if x.startswith(prefix)), None)
    except OSError:
        return None


def machine() -> str:
    cpu = _first("/proc/cpuinfo", "model name", ":") or "?"
    mem = _first("/proc/meminfo", "MemTotal", None)
    mem = f"{int(mem.split()[0]) / 1024 / 1024:.0f} GiB" if mem else "?"
    os_name = (_first("/etc/os-release", "PRETTY_NAME", "=") or platform.system()).strip('"')
    return f"{cpu}, {os.cpu_count()} CPU, {mem} RAM, {os_name}, Linux {platform.release()}"


def code_version() -> str:
    """The commit measured, and the tracked files changed on top of it (others edit the same tree)."""

    def git(*args):
        try:
            return subprocess.run(["git", *args], capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            return ""

    head = git("rev-parse", "--short", "HEAD").strip() or "?"
    changed = [x[3:] for x in git("status", "--porcelain", "--untracked-files=no").splitlines() if x.strip()]
    if not changed:
        return f"commit {head}"
    return f"commit {head} + perubahan belum di-commit di {', '.join(f'`{c}`' for c in changed[:12])}" + (
        " …" if len(changed) > 12 else ""
    )


def cpu_table(rows) -> list[str]:
    """CPU time per request of each component, and the share of the machine others used."""
    lines = [
        "",
        "CPU per permintaan (ms) selama pengukuran, dari /proc (bench/cpu.py). *Lain* = proses di luar uji "
        "(pekerjaan lain di mesin); *steal* = waktu CPU yang diambil hypervisor.",
        "",
        "| endpoint | app (gunicorn) | PostgreSQL | Redis | wrk | lain (% mesin) | steal (% mesin) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        r, c = row["result"], row.get("cpu")
        if not r or not c or not r["requests"]:
            continue
        per = {k: v * 1000 / r["requests"] for k, v in c["cpu_s"].items()}
        kapasitas = (c["busy_s"] + c["idle_s"] + c["steal_s"]) or 1
        lines.append(
            f"| {row['label']} | {per['app']:.1f} | {per['postgres']:.1f} | {per['redis']:.2f} | {per['wrk']:.2f} "
            f"| {100 * c['cpu_s']['other'] / kapasitas:.0f} % | {100 * c['steal_s'] / kapasitas:.0f} % |"
        )
    return lines


def fmt_int(n) -> str:
    return f"{n:,}"


# Rows compared between N: the admin pages (which read the case table) and the public statistics
# (which read only the cache, so should not move with N at all).
BANDINGKAN = ("admin_", "statistik")


def comparison(results_dir: Path, own: dict) -> list[str]:
    """Admin pages and statistics at this N against the latest report at another N: within 1.5×."""
    others = []
    for p in results_dir.glob("*.json"):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}-\d+\.json", p.name):
            continue
        try:
            data = json.loads(p.read_text())
        except (OSError, ValueError):
            continue
        if isinstance(data.get("n"), int) and data["n"] != own["n"] and data.get("rows"):
            others.append((data.get("date", ""), p.name, data))
    if not others:
        return []
    _, _, other = max(others, key=lambda o: (o[0], o[1]))
    small, large = sorted([other, own], key=lambda d: d["n"])
    rows_small = {r["name"]: r for r in small["rows"] if r["result"]}
    lines = [
        "",
        f"## Admin dan statistik: {fmt_int(small['n'])} vs {fmt_int(large['n'])} pengaduan (p95; target: ≤ 1.5×)",
        "",
        f"Membandingkan laporan {small['date']} (N = {fmt_int(small['n'])}) dan {large['date']} (N = {fmt_int(large['n'])}).",
        "",
        # PostgreSQL's CPU per request is the part that grows with the table; p95 at saturation
        # mostly follows the app's CPU, which the size of the table does not change.
        f"| endpoint | p95 @ {fmt_int(small['n'])} | p95 @ {fmt_int(large['n'])} | rasio | hasil "
        f"| PostgreSQL ms/permintaan @ {fmt_int(small['n'])} → {fmt_int(large['n'])} |",
        "|---|---:|---:|---:|---|---:|",
    ]
    for r in large["rows"]:
        if not r["name"].startswith(BANDINGKAN) or not r["result"] or r["name"] not in rows_small:
            continue
        kecil = rows_small[r["name"]]
        a, b = kecil["result"]["p95_ms"], r["result"]["p95_ms"]
        ratio = round(b / a, 2) if a else float("inf")
        lines.append(
            f"| {r['label']} | {a:.1f} ms | {b:.1f} ms | {ratio:.2f}× | {'PASS' if ratio <= 1.5 else 'FAIL'} "
            f"| {_pg_ms(kecil)} → {_pg_ms(r)} |"
        )
    return lines


# The pairs against django-helpdesk: each side's median over the rounds, the ratio, target ≥ 1.5×.
PEER_TARGET = 1.5
PEER_LABEL = {
    "peer_lapor": "Lapor tanpa berkas: POST /lapor/ — formulir publik helpdesk",
    "peer_lapor_jpeg": "Lapor dengan foto JPEG ~200 KB (berkas sama di kedua aplikasi)",
    "peer_lapor_png": "Lapor dengan PNG ~200 KB (berkas sama di kedua aplikasi)",
    "peer_lacak": "Lacak: POST /lacak/ + halaman status — halaman publik tiket helpdesk",
}


def _laju(row) -> float:
    """req/s, or lookups/s for a row that counts flows (the lookup pair)."""
    r = row["result"]
    return r["flows_ps"] if r.get("flows") else r["rps"]


def peer_table(rows, env) -> tuple[list[str], bool]:
    names = list(dict.fromkeys(r["pair"] for r in rows if r.get("pair")))
    if not names:
        return [], False
    lines = [
        "",
        "## Terhadap django-helpdesk 2.6.1",
        "",
        f"Kedua aplikasi bergantian, satu berjalan pada satu waktu: portal, helpdesk, portal, helpdesk "
        f"({env.get('BENCH_PEER_ROUNDS', '2')} putaran), gunicorn sama untuk keduanya "
        f"({env.get('BENCH_PEER_GUNICORN_DESC', '?')}) dan wrk sama. Median tiap sisi; rasio = portal/helpdesk. "
        "Lacak dihitung dalam pencarian/s (portal: dua permintaan per pencarian, helpdesk: satu).",
        "",
        "| pasangan | satuan | portal | django-helpdesk | putaran (portal; helpdesk) | rasio | target | hasil |",
        "|---|---|---:|---:|---|---:|---|---|",
    ]
    failed = False
    for name in names:
        sisi = {s: [r for r in rows if r.get("pair") == name and r["side"] == s] for s in ("portal", "helpdesk")}
        satuan = "pencarian/s" if name == "peer_lacak" else "req/s"
        galat = any(
            r["result"] is None or r["result"]["unexpected"] or r["result"]["socket_errors"] or r["result"]["timeouts"]
            for s in sisi.values()
            for r in s
        )
        if galat or not sisi["portal"] or not sisi["helpdesk"]:
            failed = True
            lines.append(
                f"| {PEER_LABEL.get(name, name)} | {satuan} | — | — | — | — | ≥ {PEER_TARGET}× | FAIL (galat) |"
            )
            continue
        laju = {s: [_laju(r) for r in sisi[s]] for s in sisi}
        med = {s: statistics.median(v) for s, v in laju.items()}
        rasio = med["portal"] / med["helpdesk"] if med["helpdesk"] else float("inf")
        ok = rasio >= PEER_TARGET
        failed |= not ok
        putaran = f"{', '.join(f'{x:.0f}' for x in laju['portal'])}; {', '.join(f'{x:.0f}' for x in laju['helpdesk'])}"
        lines.append(
            f"| {PEER_LABEL.get(name, name)} | {satuan} | {med['portal']:.1f} | {med['helpdesk']:.1f} | {putaran} "
            f"| {rasio:.2f}× | ≥ {PEER_TARGET}× | {'PASS' if ok else 'FAIL'} |"
        )
    return lines, failed


def _pg_ms(row) -> str:
    c, r = row.get("cpu"), row["result"]
    if not c or not r or not r["requests"]:
        return "—"
    return f"{c['cpu_s']['postgres'] * 1000 / r['requests']:.1f}"


def write(run: Path, results_dir: Path) -> int:
    rows = [json.loads(x) for x in (run / "results.jsonl").read_text().splitlines() if x.strip()]
    meta = json.loads((run / "meta.json").read_text())
    env = os.environ
    n = int(env["BENCH_N"])
    date = datetime.date.today().isoformat()
    seed = ""
    log = run / "seed.log"
    if log.exists():
        m = re.search(r"^(\d+) pengaduan \((\d+) baris\) dalam ([\d.]+) detik", log.read_text(), re.M)
        if m:
            seed = f"; run ini menambah {fmt_int(int(m.group(1)))} pengaduan ({fmt_int(int(m.group(2)))} baris) dalam {float(m.group(3)):.0f} s"

    lines = [
        f"# Uji beban Posko Netralitas — {date}, N = {fmt_int(n)}",
        "",
        f"{env.get('BENCH_CONNECTIONS', '8')} koneksi, {env.get('BENCH_THREADS', '2')} thread wrk, "
        f"{env.get('BENCH_DURATION', '12')} s per endpoint setelah pemanasan {env.get('BENCH_WARMUP', '3')} s. "
        "Galat = status selain yang diharapkan (200, atau 302 untuk POST), galat soket, atau timeout.",
        "",
        "| endpoint | req/s | p50 | p95 | p99 | galat | target | hasil |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    failed = False
    for row in rows:
        if row.get("pair"):
            continue  # in the table against django-helpdesk below
        text, bad = verdict(row, rows)
        failed |= bad
        r = row["result"]
        if r is None:
            lines.append(f"| {row['label']} | — | — | — | — | — | {target_text(row['target'])} | {text} |")
            continue
        errors = r["unexpected"] + r["socket_errors"] + r["timeouts"]
        lines.append(
            f"| {row['label']} | {r['rps']:.0f} | {r['p50_ms']:.1f} ms | {r['p95_ms']:.1f} ms | {r['p99_ms']:.1f} ms "
            f"| {errors} | {target_text(row['target'])} | {text} |"
        )
    if all(row.get("pair") for row in rows):
        del lines[-3:]  # only the pairs were measured (BENCH_ENDPOINTS): no empty table
    tabel_peer, peer_gagal = peer_table(rows, env)
    lines += tabel_peer
    if tabel_peer:
        ukuran = meta.get("foto_200k", {})
        lines += [
            "",
            f"Pembanding: django-helpdesk 2.6.1 (bench/peer, virtualenv dan basis data sendiri) dengan "
            f"{fmt_int(int(env.get('BENCH_PEER_N', '0')))} tiket; foto yang sama ke kedua aplikasi: JPEG "
            f"{fmt_int(ukuran.get('jpeg', 0))} bita (EXIF kamera), PNG {fmt_int(ukuran.get('png', 0))} bita.",
        ]
    failed |= peer_gagal
    lines += cpu_table(rows)
    lain = [
        100 * r["cpu"]["cpu_s"]["other"] / ((r["cpu"]["busy_s"] + r["cpu"]["idle_s"] + r["cpu"]["steal_s"]) or 1)
        for r in rows
        if r.get("cpu")
    ] or [0.0]
    lines += [
        "",
        f"- **Mesin**: {machine()}; PostgreSQL {meta['postgresql']}, Redis (cache dan broker), "
        f"Python {meta['python']}, Django {meta['django']}. wrk, gunicorn dan PostgreSQL berbagi mesin yang sama.",
        f"- **Beban lain di mesin** selama pengukuran: {min(lain):.0f}–{max(lain):.0f} % CPU mesin dipakai proses di luar uji"
        + (
            " — mesin tidak sepi; angka di baris itu lebih rendah daripada di mesin khusus, ulangi bila perlu"
            if max(lain) > 10
            else ""
        )
        + ".",
        f"- **Data**: {fmt_int(meta['pengaduan'])} pengaduan di basis data ({fmt_int(meta['pengaduan_35'])} ditangani "
        f"di provinsi 35, cakupan staf provinsi){seed}"
        + (
            f"; {fmt_int(meta['kegiatan'])} kegiatan sosialisasi ({fmt_int(meta['kegiatan_terbit_lewat'])} terbit dan "
            f"sudah dimulai). Statistik publik dihitung sekali sebelum pengukuran, seperti tugas beat tiap 10 menit, "
            f"dalam {meta['statistik_detik']:.1f} s"
            if "kegiatan" in meta
            else ""
        )
        + ".",
        f"- **Gunicorn**: {env.get('BENCH_GUNICORN_DESC', '?')}; DEBUG=0, SECRET_KEY dan TRACKING_CODE_KEY acak per run, "
        "cache dan batas laju di Redis, CELERY_BROKER_URL ke Redis (tanpa worker selama uji).",
        f"- **Batas laju dinaikkan** untuk uji (semua permintaan dari satu alamat): RATELIMIT_LAPOR={meta['ratelimit_lapor']}, "
        f"RATELIMIT_LACAK={meta['ratelimit_lacak']} (bawaan 10/m).",
        f"- **Staf**: `bench.ri` (Bawaslu RI, nasional) dan `bench.jatim` (Bawaslu provinsi, cakupan 35); "
        f"halaman ubah dan pencarian NIP bergilir di {env.get('BENCH_SAMPLE', '50')} kasus/NIP acak dalam cakupan.",
        f"- **Kode**: {code_version()}.",
    ]
    s3 = run / "s3.txt"
    if s3.exists():
        lines.append(
            "- **Penyimpanan objek** (baris moto S3): aplikasi S3 dari moto[server] di bawah gunicorn (satu proses, "
            'thread, keep-alive) di mesin yang sama; CPU-nya masuk kolom "lain". S3_* untuk gunicorn portal yang '
            f"dijalankan ulang; setelah pengukuran{s3.read_text().strip().removeprefix('penyimpanan objek')}."
        )
    own = {"n": n, "date": date, "rows": rows}
    lines += comparison(results_dir, own)
    text = "\n".join(lines) + "\n"
    base = results_dir / f"{date}-{n}"
    base.with_suffix(".md").write_text(text)
    base.with_suffix(".json").write_text(json.dumps({**own, "meta": meta}, indent=1) + "\n")
    print(text)
    print(f"Laporan: {base.with_suffix('.md')}")
    return 3 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["add"] and len(sys.argv) == 8:
        add(Path(sys.argv[2]), *sys.argv[3:8])
    elif sys.argv[1:2] == ["skip"] and len(sys.argv) == 7:
        skip(Path(sys.argv[2]), *sys.argv[3:7])
    elif sys.argv[1:2] == ["write"] and len(sys.argv) == 4:
        sys.exit(write(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        sys.exit(__doc__)
