"""CI: the portal's code against a real streaming read replica (.ci/replika.sh made it and removes it).

Environment: DATABASE_URL (the primary, a database of this run's own, migrated, regions of 35),
DATABASE_REPLICA_URL (the standby on 19301), REPLIKA_DATA / REPLIKA_PG_CTL (to stop and start the
standby), REPLIKA_LOG (the standby logs every statement), REPLIKA_UMUR_PUTUSAN (seconds a verdict
is remembered).

What is proved, each from the database's own side (pg_stat_user_tables on each server, and the
standby's statement log), not from what the portal says about itself:
(a) the statistics refresh and a large export read the cases on the replica, none on the primary;
    the export's row is finished on the primary;
(b) a report filed on /lapor/ and looked up at once on /lacak/ is found; the replica is not asked;
(c) the replica stopped: intake and /lacak/ work, the refresh falls back to the primary and completes;
(d) the replica started again: used again once the verdict period has passed;
(e) the replica paused (replay stopped while WAL still arrives) beyond REPLIKA_MAKS_TERTINGGAL:
    not used; resumed: used again. And on a quiet primary, where the replay timestamp ages, the
    replica caught up is not taken for lagging.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(AKAR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netralitas.settings")

import django  # noqa: E402

django.setup()

import psycopg2  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.signals import request_started  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

setup_test_environment()  # the test client's response.context; e-mail kept in memory

from netralitas import replika  # noqa: E402
from netralitas.akun.models import Peran  # noqa: E402
from netralitas.statistik import hitung  # noqa: E402
from netralitas.statistik.tasks import perbarui_statistik  # noqa: E402
from pengaduan.models import Ekspor, FormatEkspor, Pengaduan, StatusEkspor  # noqa: E402
from pengaduan.tasks import buat_ekspor  # noqa: E402
from tests.factories import buat_pengaduan, buat_staf  # noqa: E402
from tests.pengaduan.test_intake import data_sah  # noqa: E402

UTAMA = settings.DATABASES["default"]
REPLIKA = settings.DATABASES["replika"]
LOG = Path(os.environ["REPLIKA_LOG"])
TABEL = "pengaduan_pengaduan"
gagal = []


def dsn(db: dict) -> str:
    return f"host={db['HOST']} port={db['PORT'] or 5432} user={db['USER']} dbname={db['NAME']} connect_timeout=5"


def sql(db: dict, perintah: str, *arg):
    k = psycopg2.connect(dsn(db))
    k.autocommit = True
    try:
        with k.cursor() as c:
            c.execute(perintah, arg)
            return c.fetchone()[0] if c.description else None
    finally:
        k.close()


def pindaian(db: dict) -> int:
    """Scans of the cases table counted by that server itself (its own statistics)."""
    return sql(
        db,
        "SELECT coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)), 0) FROM pg_stat_user_tables "
        "WHERE relname = %s",
        TABEL,
    )


def baris_log() -> int:
    """Statements on the cases table in the standby's statement log."""
    return sum(f'"{TABEL}"' in b and "statement:" in b for b in LOG.read_text(errors="replace").splitlines())


class Ukur:
    """What each server saw during the block. The portal's connections are closed at the end, so
    their backends flush their statistics; then both servers are read."""

    def __init__(self, nama: str, replika_hidup=True):
        self.nama, self.replika_hidup = nama, replika_hidup

    def __enter__(self):
        # What came before (the data filed just now) is flushed first, out of this block's figures.
        connections.close_all()
        time.sleep(0.6)
        self.u0 = pindaian(UTAMA)
        self.r0 = pindaian(REPLIKA) if self.replika_hidup else 0
        self.l0 = baris_log()
        self.t0 = time.monotonic()
        return self

    def __exit__(self, *exc):
        self.detik = time.monotonic() - self.t0
        connections.close_all()
        time.sleep(0.6)
        self.utama = pindaian(UTAMA) - self.u0
        self.replika = (pindaian(REPLIKA) - self.r0) if self.replika_hidup else 0
        self.log = baris_log() - self.l0
        print(
            f"   {self.nama}: pindaian {TABEL} di primer {self.utama}, di replika {self.replika}; "
            f"pernyataan di log replika {self.log}; {self.detik:.2f} detik"
        )


def periksa(syarat: bool, pesan: str) -> None:
    print(f"   {'ok   ' if syarat else 'GAGAL'} {pesan}")
    if not syarat:
        gagal.append(pesan)


def tunggu_sinkron(batas=30.0) -> None:
    lsn = sql(UTAMA, "SELECT pg_current_wal_lsn()::text")
    akhir = time.monotonic() + batas
    while not sql(REPLIKA, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", lsn):
        if time.monotonic() > akhir:
            sys.exit(f"GAGAL: replika tidak menyusul primer dalam {batas:.0f} detik.")
        time.sleep(0.1)


def pg_ctl(*arg) -> None:
    subprocess.run(
        ["runuser", "-u", "postgres", "--", os.environ["REPLIKA_PG_CTL"], "-D", os.environ["REPLIKA_DATA"], *arg],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def permintaan_baru() -> None:
    """This driver process plays several requests and tasks: each starts with nothing written."""
    request_started.send(sender=None)


def segarkan() -> int:
    permintaan_baru()
    perbarui_statistik.apply()
    return hitung.statistik("").angka[0].angka


def lapor_lalu_lacak() -> bool:
    """A citizen files on /lapor/, reads the receipt, and looks the case up at once on /lacak/."""
    klien = Client()
    r = klien.post("/lapor/", data_sah(klien))
    if r.status_code != 302:
        print(f"   /lapor/ menjawab {r.status_code}")
        return False
    kode = klien.get(r["Location"]).context["kode"]
    if klien.post("/lacak/", {"aksi": "cari", "kode": kode}).status_code != 302:
        return False
    halaman = klien.get("/lacak/")
    return halaman.status_code == 200 and halaman.context["pengaduan"].pk == Pengaduan.objects.latest("pk").pk


def main() -> None:
    print("== data: 12 laporan lewat layanan penerimaan, satu staf kabupaten")
    for _ in range(12):
        buat_pengaduan()
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07", username="staf-replika")
    tunggu_sinkron()
    mentah = sql(REPLIKA, "SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8")
    print(f"   replika menyusul; umur transaksi terakhir yang diputar ulang {mentah:.1f} detik")

    print("== (a) penyegaran statistik dan ekspor besar membaca replika")
    with Ukur("penyegaran") as u:
        n = segarkan()
    p = replika.putusan()
    periksa(n == Pengaduan.objects.count(), f"angka laporan diterima {n} = baris di primer")
    periksa(u.replika >= 4 and u.utama == 0, "pemindaian tabel pengaduan hanya di replika")
    periksa(u.log >= 4, "pernyataan penyegaran tercatat di log replika")
    periksa(p.keadaan == "ok", f"putusan replika: {p.keadaan}, tertinggal {p.tertinggal:.1f} detik")
    e = Ekspor.objects.create(pengguna=staf, format=FormatEkspor.XLSX, parameter="")
    with Ukur("ekspor besar") as u:
        permintaan_baru()
        buat_ekspor.apply(args=(e.pk,))
    e.refresh_from_db()
    periksa(
        e.status == StatusEkspor.SELESAI and e.jumlah_baris == 12, f"ekspor selesai di primer: {e.jumlah_baris} baris"
    )
    # The list itself is built on the primary with the user's scope as it is now (the changelist
    # may count there); its rows are read on the replica, through a server-side cursor.
    periksa(u.replika >= 1 and u.log >= 1, "baris ekspor dibaca di replika (kursor server di hot standby)")

    print("== (b) lapor lalu lacak seketika: replika tidak ditanya")
    with Ukur("lapor + tanda terima + lacak") as u:
        permintaan_baru()
        ditemukan = lapor_lalu_lacak()
    periksa(ditemukan, "laporan yang baru dikirim ditemukan di /lacak/")
    periksa(u.replika == 0 and u.log == 0, "tanpa satu pun pernyataan di replika")

    print("== (c) replika dihentikan")
    pg_ctl("-m", "fast", "-w", "stop")
    with Ukur("lapor + lacak, replika mati", replika_hidup=False) as u:
        permintaan_baru()
        ditemukan = lapor_lalu_lacak()
    periksa(ditemukan, "pelaporan dan /lacak/ tetap jalan")
    with Ukur("penyegaran, replika mati", replika_hidup=False) as u:
        n = segarkan()
    periksa(n == Pengaduan.objects.count(), f"penyegaran selesai di primer: {n} laporan")
    periksa(u.utama >= 4, "pemindaian pindah ke primer")
    periksa(replika.putusan().keadaan == "tidak terjangkau", "putusan: tidak terjangkau")
    with Ukur("penyegaran kedua, dalam masa putusan", replika_hidup=False) as u:
        segarkan()
    print(
        f"   (masa putusan {settings.REPLIKA_UMUR_PUTUSAN} detik; connect_timeout {REPLIKA['OPTIONS']['connect_timeout']})"
    )

    print("== (d) replika dihidupkan lagi")
    pg_ctl("-l", str(LOG), "-w", "-t", "120", "start")
    tunggu_sinkron()
    time.sleep(settings.REPLIKA_UMUR_PUTUSAN + 0.2)
    with Ukur("penyegaran setelah masa putusan") as u:
        n = segarkan()
    periksa(n == Pengaduan.objects.count(), f"angka {n} memuat laporan yang masuk saat replika mati")
    periksa(u.replika >= 4 and u.utama == 0, "replika dipakai lagi")

    print("== (e) replika tertinggal: pemutaran ulang dijeda, WAL tetap datang")
    settings.REPLIKA_MAKS_TERTINGGAL = 2.0
    sql(REPLIKA, "SELECT pg_wal_replay_pause()")
    try:
        time.sleep(0.5)
        buat_pengaduan()  # the primary moves on; the standby receives, does not replay
        time.sleep(2.5)
        replika.lupakan()
        with Ukur("penyegaran, replika tertinggal") as u:
            n = segarkan()
        p = replika.putusan()
        periksa(
            p.keadaan == "tertinggal" and p.tertinggal > 2,
            f"putusan: {p.keadaan}, tertinggal {p.tertinggal:.1f} detik (batas 2)",
        )
        periksa(u.utama >= 4 and n == Pengaduan.objects.count(), f"dibaca di primer, {n} laporan (termasuk yang baru)")
    finally:
        sql(REPLIKA, "SELECT pg_wal_replay_resume()")
    tunggu_sinkron()
    settings.REPLIKA_MAKS_TERTINGGAL = 180.0
    replika.lupakan()
    with Ukur("penyegaran, replika menyusul lagi") as u:
        segarkan()
    p = replika.putusan()
    periksa(p.keadaan == "ok", f"putusan ok, tertinggal {p.tertinggal:.1f} detik (batas 180)")
    periksa(u.replika >= 4 and u.utama == 0, "replika dipakai lagi")

    # A quiet primary: the last replayed commit ages while the replica is current. The portal's lag
    # query must say 0 then, not the commit's age. Measured on the standby, both at one instant.
    time.sleep(3.0)
    k = psycopg2.connect(dsn(REPLIKA))
    try:
        with k.cursor() as c:
            c.execute(
                "SELECT pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn(), "
                "extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8, (" + replika.SQL_TERTINGGAL + ")"
            )
            tenang, umur, tertinggal = c.fetchone()
    finally:
        k.close()
    if tenang and umur > 2:
        periksa(
            tertinggal == 0,
            f"primer sepi: commit terakhir berumur {umur:.1f} detik, ketertinggalan dihitung {tertinggal}",
        )
    else:
        print(f"   (primer tidak sepi saat diukur: commit terakhir {umur:.1f} detik, ketertinggalan {tertinggal:.1f})")

    if gagal:
        sys.exit(f"GAGAL: {len(gagal)} pemeriksaan replika tidak terpenuhi.")


if __name__ == "__main__":
    main()
