"""Where the CPU of a citizen's lookup goes: N lookups in-process through django.test.Client, each
`POST /lacak/` with a known tracking code (302) and then the status page it redirects to (`GET
/lacak/` with the access cookie), against PostgreSQL with production settings (DEBUG=0, Redis cache).

    DATABASE_URL=postgres://... REDIS_URL=redis://127.0.0.1:6379/N \\
        .venv/bin/python bench/profil_lacak.py --jumlah 300 [--kode 200] [--pesan 4] [--atas 15]

The database must be a load-test database (`manage.py seed_bench`; it refuses any other, as the
seeders do). Before measuring it issues `--kode` tracking codes under this process's
TRACKING_CODE_KEY (seed_bench's own `--kode-sampel` step, so the key may be random) and gives each of
those cases `--pesan` messages, alternating reporter and office, one in three with an attachment
row (no file: the status page shows only the name, kind and size), unless the case has messages.

Two passes over the same lookups: the first counts CPU (`time.process_time`) and queries per
request with nothing else attached, the second runs under cProfile on the CPU clock (its overhead,
roughly doubling the figures, stays out of the first pass's). Printed per request: ms of CPU and queries for the POST and for the GET
separately, then the top functions by cumulative and by own time, in ms per request.
"""

import argparse
import cProfile
import datetime
import io
import os
import pstats
import secrets
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


def _lingkungan(args) -> None:
    """Production settings as bench/profil.py sets them, with this tool's database, a private
    VAR_DIR and the lookup's rate limit."""
    os.environ.setdefault("DATABASE_URL", args.database_url)
    os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="profil-lacak-"))
    # Every lookup comes from one address: the production limit (10/m) is not what we measure.
    os.environ["RATELIMIT_LACAK"] = args.batas_laju
    from profil import lingkungan

    lingkungan()


def _siapkan(jumlah_kode: int, jumlah_pesan: int) -> list[str]:
    """Issue tracking codes under this run's key (seed_bench refuses a database with real cases),
    and give those cases a conversation."""
    from django.contrib.auth import get_user_model
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command
    from django.db import transaction

    from pengaduan import kode as kode_pelacakan
    from pengaduan.models import ArahPesan, JenisBukti, LampiranPesan, Pengaduan, Pesan
    from pengaduan.pilihan import Status

    try:
        staticfiles_storage.url("css/posko.css")
    except ValueError:  # no manifest yet: the pages name the hashed files, as in production
        call_command("collectstatic", interactive=False, verbosity=0)
    berkas = Path(tempfile.mkdtemp(prefix="profil-lacak-")) / "kode.txt"
    call_command("seed_bench", pengaduan=0, kode_sampel=jumlah_kode, berkas_kode=str(berkas), stdout=io.StringIO())
    kode = [b for b in berkas.read_text().split() if b]
    if not jumlah_pesan:
        return kode
    staf, _ = get_user_model().objects.get_or_create(
        username="bench.profil", defaults={"first_name": "Petugas", "last_name": "Profil"}
    )
    kasus = list(
        Pengaduan.objects.filter(kode_hash__in=[kode_pelacakan.hash_kode(kode_pelacakan.normalkan(k)) for k in kode])
        .exclude(pesan__isnull=False)
        .exclude(status__in=[Status.DICABUT])
        .values_list("pk", "dibuat")
    )
    with transaction.atomic():
        for pk, dibuat in kasus:
            pesan = Pesan.objects.bulk_create(
                [
                    Pesan(
                        pengaduan_id=pk,
                        arah=ArahPesan.DARI_PELAPOR if i % 2 == 0 else ArahPesan.KEPADA_PELAPOR,
                        penulis=None if i % 2 == 0 else staf,
                        teks=(
                            "Mohon informasi perkembangan laporan saya. "
                            if i % 2 == 0
                            else "Laporan Anda sedang dikaji. "
                        )
                        * 3,
                        dibuat=dibuat + datetime.timedelta(days=i + 1),
                    )
                    for i in range(jumlah_pesan)
                ]
            )
            LampiranPesan.objects.bulk_create(
                [
                    LampiranPesan(
                        pesan=m,
                        berkas=f"profil/{m.pk}.jpg",
                        nama_asli="tangkapan-layar.jpg",
                        jenis=JenisBukti.FOTO,
                        mime="image/jpeg",
                        ekstensi="jpg",
                        ukuran=245_000,
                        sha256="0" * 64,
                    )
                    for i, m in enumerate(pesan)
                    if i % 3 == 0
                ]
            )
    return kode


class _Penghitung:
    """Counts the queries a request runs (connection.execute_wrapper: no SQL is kept)."""

    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def _satu(c, kode: str, csrf: str, ukur):
    """One lookup by a fresh browser that has the search form's CSRF cookie; `ukur(nama, fungsi)`
    wraps each request. One client for all: each Client builds its own handler, and loading the
    middleware (WhiteNoise scans the static files) is a worker's start, not a request."""
    from http.cookies import SimpleCookie

    c.cookies = SimpleCookie()
    c.cookies["csrftoken"] = csrf
    # As the search form (and bench/lua/lacak.lua) sends it: urlencoded, not the test client's multipart.
    isi = urlencode({"csrfmiddlewaretoken": csrf, "aksi": "cari", "kode": kode})
    r = ukur("post", lambda: c.post("/lacak/", isi, content_type="application/x-www-form-urlencoded"))
    assert r.status_code == 302, (r.status_code, r.content[:300])
    r = ukur("get", lambda: c.get("/lacak/"))
    assert r.status_code == 200 and b'id="status-publik"' in r.content, r.status_code


def _tabel_profil(prof: cProfile.Profile, n: int, atas: int, urut: str, ms_cpu: float) -> str:
    """The top functions; `%` is the share of the request's profiled time, `≈ms` that share of the
    CPU pass 1 measured without the profiler (cProfile's own cost inflates its milliseconds)."""
    st = pstats.Stats(prof)
    total = st.total_tt or 1.0
    baris = []
    for (berkas, nomor, fungsi), (_cc, panggil, sendiri, kumulatif, _) in st.stats.items():
        nama = f"{Path(berkas).name}:{nomor}({fungsi})" if nomor else fungsi
        for awalan in ("site-packages/", str(ROOT) + "/"):
            if awalan in berkas:
                nama = f"{berkas.split(awalan, 1)[1]}:{nomor}({fungsi})"
        baris.append((kumulatif if urut == "kumulatif" else sendiri, sendiri, kumulatif, panggil, nama))
    baris.sort(reverse=True)
    keluar = [
        f"  {'kum %':>6} {'kum ≈ms':>8} {'sendiri %':>9} {'≈ms':>6} {'panggil':>8}  fungsi (per permintaan; urut: {urut})"
    ]
    for _, sendiri, kumulatif, panggil, nama in baris[:atas]:
        keluar.append(
            f"  {kumulatif / total:6.1%} {kumulatif / total * ms_cpu:8.3f} {sendiri / total:9.1%} "
            f"{sendiri / total * ms_cpu:6.3f} {panggil / n:8.1f}  {nama}"
        )
    return "\n".join(keluar)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--jumlah", type=int, default=300, help="pencarian yang diukur (tiap pass)")
    p.add_argument("--pemanasan", type=int, default=30, help="pencarian sebelum mengukur (dibuang)")
    p.add_argument("--kode", type=int, default=200, help="kode pelacakan yang diterbitkan dan dipakai bergiliran")
    p.add_argument("--pesan", type=int, default=4, help="pesan per kasus yang belum punya percakapan")
    p.add_argument("--atas", type=int, default=15, help="baris tabel profil")
    p.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/netralitas_bench")
    p.add_argument("--batas-laju", default="1000000/m", help="RATELIMIT_LACAK selama pengukuran")
    p.add_argument("--sql", action="store_true", help="cetak kueri satu pencarian")
    p.add_argument("--tanpa-profil", action="store_true", help="hanya pass pertama (CPU dan kueri)")
    args = p.parse_args(argv)
    _lingkungan(args)

    from django.db import connection
    from django.test import Client

    klien = Client(enforce_csrf_checks=True, HTTP_HOST="localhost")
    kode = _siapkan(args.kode, args.pesan)
    csrf = secrets.token_urlsafe(24)[:32].ljust(32, "a").replace("-", "a").replace("_", "b")
    giliran = [kode[i % len(kode)] for i in range(args.jumlah)]

    for k in kode[: args.pemanasan]:
        _satu(klien, k, csrf, lambda nama, f: f())

    # Pass 1: CPU and queries, nothing else attached.
    cpu = {"post": 0.0, "get": 0.0}
    kueri = {"post": 0, "get": 0}

    def ukur(nama, f):
        hitung = _Penghitung()
        with connection.execute_wrapper(hitung):
            mulai = time.process_time()
            r = f()
            cpu[nama] += time.process_time() - mulai
        kueri[nama] += hitung.n
        return r

    for k in giliran:
        _satu(klien, k, csrf, ukur)
    n = args.jumlah
    print(f"{n} pencarian, {len(kode)} kode bergiliran, {args.pesan} pesan per kasus ({connection.vendor})")
    print(f"  POST /lacak/  {cpu['post'] * 1000 / n:6.2f} ms CPU/permintaan  {kueri['post'] / n:5.2f} kueri")
    print(f"  GET  /lacak/  {cpu['get'] * 1000 / n:6.2f} ms CPU/permintaan  {kueri['get'] / n:5.2f} kueri")
    jumlah_ms = (cpu["post"] + cpu["get"]) * 1000 / n
    print(f"  satu pencarian (POST + GET): {jumlah_ms:.2f} ms CPU")
    if args.sql:
        from django.test.utils import CaptureQueriesContext

        def cetak_sql(nama, f):
            with CaptureQueriesContext(connection) as q:
                r = f()
            print(f"\n{nama.upper()} /lacak/: {len(q.captured_queries)} kueri")
            for x in q.captured_queries:
                print(f"  {x['sql'][:300]}")
            return r

        _satu(klien, kode[0], csrf, cetak_sql)
    if args.tanpa_profil:
        return 0

    # Pass 2: the same lookups under cProfile, one profile per request kind.
    # CPU time, as pass 1 measures (the default clock is wall time: a busy machine's waits).
    profil = {"post": cProfile.Profile(time.process_time), "get": cProfile.Profile(time.process_time)}

    def ukur_profil(nama, f):
        profil[nama].enable()
        try:
            return f()
        finally:
            profil[nama].disable()

    for k in giliran:
        _satu(klien, k, csrf, ukur_profil)
    for nama, judul in (("post", "POST /lacak/"), ("get", "GET /lacak/ (halaman status)")):
        for urut in ("kumulatif", "sendiri"):
            print(f"\n{judul}: {args.atas} fungsi teratas, cProfile")
            print(_tabel_profil(profil[nama], n, args.atas, urut, cpu[nama] * 1000 / n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
