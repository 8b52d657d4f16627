"""Project-wide pages: home, health checks, and the friendly answer to a rate limit."""

from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from netralitas.celery import app
from netralitas.statistik.hitung import angka_utama
from netralitas.wilayah.models import Tingkat, Wilayah
from pengaduan.models import KategoriPelanggaran
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


@never_cache
def readyz(request):
    """503 when the database is unreachable; a broker outage is 'degraded' with 200, because intake
    still works and the outbox catches up."""
    db = _cek_database()
    broker = _cek_broker()
    if not db:
        status, kode = "tidak siap", 503
    elif broker == "tidak terjangkau":
        status, kode = "degraded", 200
    else:
        status, kode = "ok", 200
    return JsonResponse(
        {"status": status, "database": "ok" if db else "tidak terjangkau", "broker": broker}, status=kode
    )


def terlalu_banyak_permintaan(request, exception=None):
    return render(request, "429.html", status=429)


def csrf_gagal(request, reason=""):
    """A form sent from a page too old for its security token (cookie cleared, page left open for
    days). Explain it in plain words; the reason is for the log, never for the citizen."""
    return render(request, "403_csrf.html", status=403)
