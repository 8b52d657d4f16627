"""Project-wide pages: home, health checks, and the friendly answer to a rate limit."""

import math
import time

from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from netralitas import replika
from netralitas.celery import app
from netralitas.statistik.hitung import angka_utama
from netralitas.wilayah.models import Tingkat, Wilayah
from pengaduan.models import KategoriPelanggaran
from pengaduan.notifikasi import ringkasan_outbox
from sosialisasi import selectors as sosialisasi

KUKI_WILAYAH = "wilayah_pilihan"


def beranda(request):
    """What to report and how, the way in (/lapor/) and back (/lacak/), the next events in the
    visitor's chosen province (kept in a cookie, a choice not worth an account), headline figures."""
    kode = request.GET.get("provinsi", request.COOKIES.get(KUKI_WILAYAH, ""))
    provinsi = None
    if kode and len(kode) == 2 and kode.isdigit():
        provinsi = Wilayah.objects.filter(kode=kode, tingkat=Tingkat.PROVINSI).first()
    if "provinsi" in request.GET and request.GET["provinsi"] and provinsi is None:
        messages.warning(request, "Provinsi tidak dikenali; menampilkan kegiatan di seluruh Indonesia.")
    kegiatan = sosialisasi.akan_datang()
    if provinsi:
        kegiatan = kegiatan.filter(sosialisasi.lingkup_wilayah(provinsi.kode))
    response = render(
        request,
        "beranda.html",
        {
            "kategori": KategoriPelanggaran.objects.filter(aktif=True)[:8],
            "kegiatan": kegiatan.select_related("wilayah")[:5],
            "provinsi": provinsi,
            "angka": list(angka_utama().values()),
            "daftar_provinsi": Wilayah.objects.filter(tingkat=Tingkat.PROVINSI)
            .order_by("nama")
            .values_list("kode", "nama"),
        },
    )
    if "provinsi" in request.GET:
        if provinsi:
            response.set_cookie(KUKI_WILAYAH, provinsi.kode, max_age=365 * 24 * 3600, samesite="Lax")
        else:
            response.delete_cookie(KUKI_WILAYAH)
    return response


@never_cache
def healthz(request):
    """The process is alive; touches nothing else."""
    return JsonResponse({"status": "ok"})


def _cek_database() -> bool:
    try:
        with connection.cursor() as c:
            c.execute("SELECT 1")
            c.fetchone()
        return True
    except Exception:
        return False


def _cek_broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager"
    try:
        with app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=0, timeout=2)
        return "ok"
    except Exception:
        return "tidak terjangkau"


def _cek_outbox() -> dict | None:
    try:
        r = ringkasan_outbox(tertunda_menit=settings.OUTBOX_TERTUNDA_MENIT, gagal_jam=settings.OUTBOX_GAGAL_JAM)
    except Exception:
        return None
    return {
        "menunggu": r["menunggu"],
        "menunggu_lama": r["menunggu_lama"],
        "batas_menit": settings.OUTBOX_TERTUNDA_MENIT,
        "gagal_baru": r["gagal_baru"],
        "batas_jam": settings.OUTBOX_GAGAL_JAM,
    }


# /readyz is open to the load balancer, and so to anyone: its answer is computed at most once per
# UMUR_READYZ seconds in each process (a database round trip, a broker connection, four bounded
# counts), so hammering it costs the database nothing more.
UMUR_READYZ = 5.0
_readyz_terakhir: tuple[float, dict, int] | None = None


def lupakan_readyz() -> None:
    global _readyz_terakhir
    _readyz_terakhir = None


@never_cache
def readyz(request):
    global _readyz_terakhir
    sekarang = time.monotonic()
    if _readyz_terakhir is None or sekarang - _readyz_terakhir[0] >= UMUR_READYZ:
        _readyz_terakhir = (sekarang, *_periksa_kesiapan())
    _, isi, kode = _readyz_terakhir
    return JsonResponse(isi, status=kode)


def _periksa_kesiapan() -> tuple[dict, int]:
    """Whether this web node should take requests.

    503 only when the database is unreachable: nothing works without it. Everything else that is
    wrong but does not stop intake answers 200 with status "degraded" and says what: the broker
    down, outbox e-mails waiting longer than OUTBOX_TERTUNDA_MENIT minutes (the worker or the mail
    server has been failing for several sweeps), e-mails failed for good in the last OUTBOX_GAGAL_JAM
    hours. A 503 there would take every web node out of the load balancer at once and stop the
    reports the outbox exists to protect; monitoring alerts on "degraded" (and /metrics) instead.
    Each outbox count stops at 10,000 rows (pengaduan.notifikasi.BATAS_HITUNG_OUTBOX)."""
    db = _cek_database()
    broker = _cek_broker()
    outbox = _cek_outbox() if db else None
    # The read replica, when configured: its last verdict in this process, never probed here (a
    # hanging replica would hold the load balancer's check). Down or behind only sends its reads
    # back to the primary, so it changes no status.
    terakhir = replika.putusan_terakhir()
    if not db:
        status, kode = "tidak siap", 503
    elif broker == "tidak terjangkau" or outbox is None or outbox["menunggu_lama"] or outbox["gagal_baru"]:
        status, kode = "degraded", 200
    else:
        status, kode = "ok", 200
    isi = {"status": status, "database": "ok" if db else "tidak terjangkau", "broker": broker}
    if db:
        isi["outbox"] = outbox if outbox is not None else "tidak terbaca"
    if replika.terpasang():
        isi["replika"] = {"keadaan": "belum diperiksa"}
        if terakhir is not None:
            p, umur = terakhir
            tertinggal = round(p.tertinggal, 1) if p.tertinggal is not None and math.isfinite(p.tertinggal) else None
            isi["replika"] = {"keadaan": p.keadaan, "tertinggal_detik": tertinggal, "diperiksa_detik_lalu": round(umur)}
    return isi, kode


def terlalu_banyak_permintaan(request, exception=None):
    return render(request, "429.html", status=429)


def csrf_gagal(request, reason=""):
    """A form sent from a page too old for its security token (cookie cleared, page left open for
    days). Explain it in plain words; the reason is for the log, never for the citizen."""
    return render(request, "403_csrf.html", status=403)
