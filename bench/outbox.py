"""Throughput of the e-mail outbox through a real Celery worker.

    DATABASE_URL=postgres://… CELERY_BROKER_URL=redis://… .venv/bin/python bench/outbox.py --jumlah 2000

Creates K pending notifications (`Notifikasi`, no case attached, recipients under `.invalid`),
starts `celery worker` (prefork, `--concurrency`) on a queue of its own, enqueues them the two ways
the app does — `kirim_notifikasi_banyak` with the rows of one change (`--ukuran-batch` per
message) and one `kirim_notifikasi` per row — waits until every row is `terkirim`, and prints
notifications per second for each. The time runs from the first publish to the last row sent, so
it includes publishing (from this one process) as well as the worker's share.

E-mail goes to Django's file backend in a temporary directory (`--email file`, the default: one
file write per message), to the dummy backend (`dummy`: no I/O, the outbox's own cost), or to
whatever EMAIL_URL says (`env`, e.g. a local SMTP sink). Each round checks that the file backend
wrote exactly one message per row.

DEBUG is forced off (a worker with DEBUG on keeps every query in memory). Missing SECRET_KEY and
TRACKING_CODE_KEY get random values: nothing here reads them. The script refuses a database that
holds a case not made by the load test (as `seed_bench` does) and removes its own rows, queue and
worker when it ends, also on failure or Ctrl-C.
"""

import argparse
import base64
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
JENIS = "bench_outbox"
DOMAIN = "bench-outbox.invalid"
PEMISAH_SURAT = b"\n" + b"-" * 79 + b"\n"  # what Django's file backend writes after each message
# Sizes of a real status-change e-mail (text and HTML alternatives) as the templates render them.
ISI_TEKS = ("Status pengaduan Anda berubah menjadi: Sedang dikaji (kajian awal).\n" * 8)[:560]
ISI_HTML = "<p>" + ("Status pengaduan Anda berubah menjadi <strong>Sedang dikaji</strong>. " * 12)[:860] + "</p>"


def _siapkan_lingkungan(antrean: str) -> None:
    os.environ["DEBUG"] = "0"
    for kunci in ("SECRET_KEY", "TRACKING_CODE_KEY"):
        os.environ.setdefault(kunci, secrets.token_urlsafe(50))
    for kunci in ("IDENTITAS_KEY", "IDENTITAS_INDEKS_KEY"):
        os.environ.setdefault(kunci, base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    # Required with DEBUG off (netralitas/produksi.py); this script serves no page.
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("SITE_URL", "https://localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netralitas.settings")
    os.environ["BENCH_OUTBOX_ANTREAN"] = antrean
    sys.path.insert(0, str(AKAR))
    import django

    django.setup()
    from netralitas.celery import app

    # Both processes: what the app and the worker enqueue goes to this run's queue only.
    app.conf.task_default_queue = antrean


# --- The worker process (`bench/outbox.py _pekerja`) ---------------------------------------------


def jalankan_pekerja(concurrency: int) -> None:
    _siapkan_lingkungan(os.environ["BENCH_OUTBOX_ANTREAN"])
    from netralitas.celery import app

    antrean = app.conf.task_default_queue
    app.conf.worker_enable_remote_control = False  # nothing here inspects it; no pidbox left in Redis
    app.worker_main(
        [
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--loglevel=INFO",  # as `make worker` runs it: two log lines per task
            f"--hostname={antrean}@%h",
            f"--queues={antrean}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
    )


# --- The driver ---------------------------------------------------------------------------------


class Pekerja:
    def __init__(self, concurrency: int, env: dict, log: Path):
        self.log = log
        with open(log, "wb") as f:
            self.proses = subprocess.Popen(
                [sys.executable, __file__, "_pekerja", "--concurrency", str(concurrency)],
                cwd=AKAR,
                env=env,
                stdout=f,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        akhir = time.monotonic() + 60
        while " ready." not in self.teks_log():
            if self.proses.poll() is not None or time.monotonic() > akhir:
                raise SystemExit(f"Pekerja Celery tidak siap:\n{self.teks_log()[-5000:]}")
            time.sleep(0.1)

    def teks_log(self) -> str:
        return self.log.read_text(errors="replace")

    def hentikan(self) -> None:
        if self.proses.poll() is None:
            self.proses.send_signal(signal.SIGTERM)
            try:
                self.proses.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proses.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proses.wait(timeout=10)


def _periksa_basis_data() -> None:
    from django.conf import settings
    from django.db.models import Q

    from netralitas.uji_beban import TOKEN_BENCH
    from pengaduan.models import Pengaduan

    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        raise SystemExit("DATABASE_URL harus PostgreSQL (basis data khusus uji beban).")
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        raise SystemExit("CELERY_BROKER_URL (Redis) wajib diisi.")
    asing = Pengaduan.objects.filter(Q(token_pengajuan__lt=TOKEN_BENCH[0]) | Q(token_pengajuan__gt=TOKEN_BENCH[1]))
    if asing.exists():
        raise SystemExit(
            "Basis data ini memuat pengaduan yang bukan buatan uji beban; bench/outbox.py menolak berjalan."
        )


def _buat_baris(jumlah: int, putaran: str) -> list[int]:
    from pengaduan.models import Notifikasi

    baris = [
        Notifikasi(
            email=f"{putaran}-{i}@{DOMAIN}",
            jenis=JENIS,
            subjek=f"[Posko Netralitas] Status pengaduan berubah ({putaran} {i})",
            isi_teks=ISI_TEKS,
            isi_html=ISI_HTML,
        )
        for i in range(jumlah)
    ]
    return [n.pk for n in Notifikasi.objects.bulk_create(baris, batch_size=1000)]


def _hitung_surat(folder: Path) -> int:
    return sum(berkas.read_bytes().count(PEMISAH_SURAT) for berkas in folder.glob("*.log"))


def ukur(mode: str, jumlah: int, ukuran_batch: int, pekerja: Pekerja, folder_surat: Path | None) -> dict:
    from pengaduan import tasks
    from pengaduan.models import Notifikasi, StatusNotifikasi

    if folder_surat is not None:
        for berkas in folder_surat.glob("*.log"):
            berkas.unlink()
    ids = _buat_baris(jumlah, mode)
    terkirim = Notifikasi.objects.filter(pk__in=ids, status=StatusNotifikasi.TERKIRIM)
    mulai = time.perf_counter()
    if mode == "banyak":
        pesan = [ids[i : i + ukuran_batch] for i in range(0, len(ids), ukuran_batch)]
        for potong in pesan:
            tasks.kirim_notifikasi_banyak.delay(potong)
    else:
        pesan = ids
        for pk in ids:
            tasks.kirim_notifikasi.delay(pk)
    publikasi = time.perf_counter() - mulai
    batas = time.monotonic() + max(120, jumlah / 5)
    while (n := terkirim.count()) < jumlah:
        if time.monotonic() > batas or pekerja.proses.poll() is not None:
            raise SystemExit(f"{mode}: hanya {n} dari {jumlah} terkirim.\n{pekerja.teks_log()[-5000:]}")
        time.sleep(0.05)
    total = time.perf_counter() - mulai
    hasil = {
        "mode": mode,
        "baris": jumlah,
        "pesan": len(pesan),
        "publikasi_s": publikasi,
        "total_s": total,
        "per_detik": jumlah / total,
    }
    if folder_surat is not None:
        hasil["surat"] = _hitung_surat(folder_surat)
        if hasil["surat"] != jumlah:
            raise SystemExit(f"{mode}: {hasil['surat']} surat ditulis untuk {jumlah} notifikasi (harus tepat satu).")
    return hasil


def _bersihkan(antrean: str) -> None:
    """This run's rows, and its queue and bindings in Redis."""
    import redis
    from django.conf import settings
    from kombu.transport.redis import PRIORITY_STEPS, Channel

    from pengaduan.models import Notifikasi

    Notifikasi.objects.filter(jenis=JENIS, email__endswith=f"@{DOMAIN}").delete()
    r = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=2)
    tabel = [Channel.keyprefix_queue, getattr(Channel, "keyprefix_binding_permanent", None)]
    r.delete(
        *(awalan % antrean for awalan in tabel if awalan),
        *(antrean if p == 0 else f"{antrean}{Channel.sep}{p}" for p in PRIORITY_STEPS),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jumlah", type=int, default=2000, help="notifications per mode (default 2000)")
    parser.add_argument("--concurrency", type=int, default=2, help="worker pool processes (default 2)")
    parser.add_argument("--ukuran-batch", type=int, default=10, help="rows per kirim_notifikasi_banyak (default 10)")
    parser.add_argument("--mode", default="banyak,tunggal", help="banyak, tunggal or both (default)")
    parser.add_argument("--email", choices=["file", "dummy", "env"], default="file", help="e-mail backend")
    args = parser.parse_args()
    mode = [m.strip() for m in args.mode.split(",") if m.strip()]
    if not mode or set(mode) - {"banyak", "tunggal"}:
        parser.error("--mode: banyak, tunggal, atau keduanya")

    antrean = f"bench-outbox-{os.getpid()}"
    sementara = Path(tempfile.mkdtemp(prefix="bench-outbox-"))
    folder_surat = None
    if args.email == "file":
        folder_surat = sementara / "surat"
        folder_surat.mkdir()
        os.environ["EMAIL_URL"] = f"filemail:///{folder_surat}"
    elif args.email == "dummy":
        os.environ["EMAIL_URL"] = "dummymail://"
    _siapkan_lingkungan(antrean)
    _periksa_basis_data()

    from django.conf import settings
    from django.db import connection

    print(
        f"outbox: {args.jumlah} notifikasi per mode, pekerja prefork --concurrency={args.concurrency}, "
        f"batch {args.ukuran_batch}, e-mail {settings.EMAIL_BACKEND.rsplit('.', 2)[-2]}, "
        f"basis data {connection.settings_dict['NAME']}, {os.cpu_count()} CPU"
    )
    pekerja = None
    hasil = []
    try:
        pekerja = Pekerja(args.concurrency, dict(os.environ), sementara / "pekerja.log")
        for m in mode:
            hasil.append(ukur(m, args.jumlah, args.ukuran_batch, pekerja, folder_surat))
    finally:
        if pekerja is not None:
            pekerja.hentikan()
        _bersihkan(antrean)
        shutil.rmtree(sementara, ignore_errors=True)

    print("| mode | notifikasi | pesan tugas | publikasi | total | notifikasi/detik |")
    print("|---|---|---|---|---|---|")
    for h in hasil:
        print(
            f"| {h['mode']} | {h['baris']} | {h['pesan']} | {h['publikasi_s']:.2f} s | {h['total_s']:.2f} s "
            f"| {h['per_detik']:.0f} |"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["_pekerja"]:
        p = argparse.ArgumentParser()
        p.add_argument("_pekerja")
        p.add_argument("--concurrency", type=int, default=2)
        jalankan_pekerja(p.parse_args().concurrency)
    else:
        main()
