"""The public register: upcoming and past events by region and kind, an event's page, its photos,
and an iCalendar feed of upcoming events. Never the attendance list."""

import datetime
import hashlib
import re

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event

from netralitas import versi_cache
from netralitas.berkas import respons_berkas
from netralitas.wilayah.models import Wilayah

from . import selectors
from .forms import FilterKegiatanForm
from .models import Foto, StatusThumbnail, SuratImbauan
from .signals import KUNCI_VERSI

PER_HALAMAN = 20
# A Kemendagri code of any level: provinsi, kabupaten/kota, kecamatan, desa/kelurahan.
KODE_WILAYAH = re.compile(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?")
PARAMETER = {"provinsi", "kabkota", "jenis", "waktu", "halaman"}


def _filter(request) -> FilterKegiatanForm:
    """The filters from the query string; a bad one (or an unknown parameter) is dropped, said."""
    data = {k: request.GET.get(k, "") for k in ("provinsi", "kabkota", "jenis", "waktu")}
    form = FilterKegiatanForm(data)
    if not form.is_valid() or set(request.GET) - PARAMETER:
        messages.warning(request, "Sebagian penyaring tidak dikenali dan diabaikan; menampilkan semua kegiatan.")
        form = FilterKegiatanForm({"waktu": data["waktu"] if data["waktu"] in ("akan", "lalu") else ""})
        form.is_valid()
        form.ada_pesan = True
    return form


UMUR_HALAMAN = 60  # upcoming turns to past as time goes: a cached page is at most this old


def _kunci_halaman(nama: str, *bagian) -> str:
    isi = "|".join(str(b) for b in bagian)
    return f"sosialisasi:{nama}:{versi_cache.versi(KUNCI_VERSI)}:{hashlib.sha256(isi.encode()).hexdigest()[:32]}"


def _dari_cache(request, kunci: str, buat):
    """A public page rendered once per version and minute. A visitor with a message waiting (from
    another page) gets a page of their own: a message is never stored for everyone."""
    if len(messages.get_messages(request)):
        return buat()
    html = cache.get(kunci)
    if html is not None:
        return HttpResponse(html)
    response = buat()
    if response.status_code == 200:
        cache.set(kunci, response.content.decode(), UMUR_HALAMAN)
    return response


@require_GET
def daftar(request):
    form = _filter(request)
    if form.ada_pesan:
        # The message is this visitor's: neither our cache nor a proxy's keeps the page.
        response = _daftar(request, form)
        patch_cache_control(response, private=True, no_cache=True)
        return response
    d = form.cleaned_data
    halaman = request.GET.get("halaman", "1")
    kunci = _kunci_halaman("daftar", form.wilayah, d.get("jenis"), d.get("waktu"), halaman if halaman.isdigit() else 1)
    response = _dari_cache(request, kunci, lambda: _daftar(request, form))
    patch_cache_control(response, public=True, max_age=UMUR_HALAMAN)
    return response


def _daftar(request, form):
    d = form.cleaned_data
    qs = selectors.kegiatan_publik()
    if form.wilayah:
        qs = qs.filter(selectors.lingkup_wilayah(form.wilayah))
    if d.get("jenis"):
        qs = qs.filter(jenis=d["jenis"])
    lalu = d.get("waktu") == "lalu"
    qs = selectors.sudah_lewat(qs) if lalu else selectors.akan_datang(qs)
    qs = qs.select_related("wilayah").only(
        "pk",
        "judul",
        "jenis",
        "mulai",
        "selesai",
        "moda",
        "tempat",
        "wilayah__nama",
        "wilayah__tingkat",
        "wilayah__kode",
        "peserta_luring",
        "peserta_daring",
    )
    halaman_diminta = request.GET.get("halaman", "1")
    halaman = Paginator(qs, PER_HALAMAN).get_page(halaman_diminta if halaman_diminta.isdigit() else 1)
    parameter = request.GET.copy()
    parameter.pop("halaman", None)
    return render(
        request,
        "sosialisasi/daftar.html",
        {
            "form": form,
            "halaman": halaman,
            "lalu": lalu,
            "parameter": parameter.urlencode(),
            "wilayah_terpilih": Wilayah.objects.filter(kode=form.wilayah).first() if form.wilayah else None,
            # A region's page: the prevention work that reached its desa, beside its events.
            # On the first page only: the later pages are more of the events.
            "pencegahan": selectors.pencegahan_publik(form.wilayah) if form.wilayah and halaman.number == 1 else None,
        },
    )


@require_GET
@cache_control(public=True, max_age=60)
def detail(request, pk):
    return _dari_cache(request, _kunci_halaman("detail", pk), lambda: _detail(request, pk))


def _detail(request, pk):
    k = get_object_or_404(selectors.kegiatan_publik().select_related("wilayah"), pk=pk)
    return render(
        request,
        "sosialisasi/detail.html",
        {
            "k": k,
            "narasumber": k.narasumber.all(),
            "penandatangan": k.penandatangan.all(),
            "foto": k.foto.filter(status_thumbnail=StatusThumbnail.SIAP),
            "instansi": k.instansi_sasaran.all(),
            "distribusi": k.distribusi.select_related("desa").order_by("desa__nama", "jenis"),
        },
    )


@require_GET
def foto(request, pk):
    """A published event's photo, as its metadata-free thumbnail; never the original upload."""
    f = Foto.objects.filter(pk=pk, kegiatan__terbit=True, status_thumbnail=StatusThumbnail.SIAP).first()
    if f is None or not f.thumbnail:
        raise Http404
    return respons_berkas(f.thumbnail, mime="image/jpeg", lampiran=False, cache_control="public, max-age=86400")


@require_GET
def surat(request, pk):
    """A letter of imbauan as its PDF. Public: Bawaslu publishes its letters of imbauan (they are
    addressed to agencies and meant to be read by every civil servant), and the register lists them."""
    s = SuratImbauan.objects.filter(pk=pk).first()
    if s is None or not s.berkas:
        raise Http404
    return respons_berkas(
        s.berkas,
        mime="application/pdf",
        nama=f"surat-imbauan-{s.pk}.pdf",
        lampiran=False,
        cache_control="public, max-age=3600",
    )


@require_GET
@cache_control(public=True, max_age=300)
def kalender(request):
    """Upcoming events as iCalendar (RFC 5545), for one region (`?wilayah=35`, `35.07`, a kecamatan
    `35.07.13` or a desa `35.07.13.2001`) or all. A code that is not one is refused (400), a code
    of no region is not found (404): a calendar app shows the answer, never an empty feed that
    looks like "no events"."""
    kode = request.GET.get("wilayah", "")
    qs = selectors.akan_datang().select_related("wilayah")
    nama = "Indonesia"
    if kode:
        if not KODE_WILAYAH.fullmatch(kode):
            return HttpResponseBadRequest(
                "Kode wilayah tidak sah. Gunakan kode Kemendagri, mis. 35, 35.07, 35.07.13, atau 35.07.13.2001.",
                content_type="text/plain; charset=utf-8",
            )
        w = Wilayah.objects.filter(kode=kode).first()
        if w is None:
            return HttpResponseNotFound(
                "Wilayah dengan kode itu tidak dikenal.", content_type="text/plain; charset=utf-8"
            )
        qs = qs.filter(selectors.lingkup_wilayah(kode))
        nama = w.nama
    cal = Calendar()
    cal.add("prodid", "-//Posko Netralitas ASN//Sosialisasi//ID")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Sosialisasi netralitas ASN — {nama}")
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for k in qs[:500]:
        e = Event()
        e.add("uid", f"{k.uid}@posko-netralitas")
        e.add("dtstamp", timezone.now())
        e.add("dtstart", k.mulai)
        e.add("dtend", k.selesai or k.mulai + datetime.timedelta(hours=2))
        e.add("sequence", k.urutan_revisi)
        e.add("summary", k.judul)
        e.add("location", ", ".join(x for x in (k.tempat, k.wilayah.nama) if x))
        e.add("description", f"{k.get_jenis_display()} · {k.get_moda_display()}. Penyelenggara: {k.penyelenggara}.")
        e.add("url", settings.SITE_URL + reverse("sosialisasi:detail", args=[k.pk]))
        cal.add_component(e)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sosialisasi.ics"'
    return response
