"""Public statistics: /statistik/ and /statistik/unduh.csv (the same figures), national or drilled
down with ?provinsi=35 or ?kabkota=35.07. The figures, their suppression and their cache are
`hitung.py`'s; this module validates the parameters and renders.

Parameters are checked against the region table (through its cache): anything that is not one
province code or one kabupaten/kota code — a repeated parameter, a code that does not exist, a
province and a kabupaten that do not match — gives the national page with a message, status 200.
Parameters of other names (a campaign tag on a shared link) are ignored.

The page's content is rendered once per scope and data version and kept in the cache, so a warm
request reads two cache entries and no table. It is the same for every visitor: `Cache-Control:
public, max-age=300`, unless the response carries a message (its own or one left by another page),
which is nobody else's to keep."""

import csv
import re

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from netralitas.wilayah.selectors import anak_wilayah_banyak

from . import hitung

PESAN_TIDAK_DIKENAL = "Wilayah yang diminta tidak dikenali; yang ditampilkan statistik nasional."
POLA_PROVINSI = re.compile(r"[0-9]{2}")
POLA_KABKOTA = re.compile(r"[0-9]{2}\.[0-9]{2}")
CACHE_PUBLIK = "public, max-age=300"


def lingkup_dari(get) -> tuple[str, bool]:
    """(scope, valid) from the query string: "" for the national page, a province or a
    kabupaten/kota code. An empty value (a form's "all" choice) is no filter."""
    provinsi, kabkota = get.getlist("provinsi"), get.getlist("kabkota")
    if len(provinsi) > 1 or len(kabkota) > 1:
        return "", False
    p = provinsi[0].strip() if provinsi else ""
    k = kabkota[0].strip() if kabkota else ""
    if not p and not k:
        return "", True
    if k and (not POLA_KABKOTA.fullmatch(k) or (p and p != k[:2])):
        return "", False
    p = p or k[:2]
    if not POLA_PROVINSI.fullmatch(p):
        return "", False
    daftar = anak_wilayah_banyak([None])[None]
    if p not in {kode for kode, _ in daftar}:
        return "", False
    if not k:
        return p, True
    if k not in {kode for kode, _ in anak_wilayah_banyak([p])[p]}:
        return "", False
    return k, True


def url_lingkup(lingkup: str, nama: str = "statistik:halaman") -> str:
    url = reverse(nama)
    if not lingkup:
        return url
    return f"{url}?{urlencode({'provinsi' if len(lingkup) == 2 else 'kabkota': lingkup})}"


def _isi(lingkup: str) -> tuple[str, str]:
    """(scope name, the page's content as HTML), rendered once per data version."""
    kunci = f"statistik:html:v{hitung.VERSI_BENTUK}:{hitung.versi()}:{lingkup or 'nasional'}"
    simpanan = cache.get(kunci)
    if simpanan is None:
        s = hitung.statistik(lingkup)
        html = render_to_string(
            "statistik/_isi.html",
            {
                "s": s,
                "jejak": [(nama, url_lingkup(kode)) for kode, nama in s.jejak],
                "url_csv": url_lingkup(lingkup, "statistik:unduh"),
                "definisi": hitung.definisi(),
                "ambang": hitung.AMBANG,
            },
        )
        simpanan = (s.nama, html)
        cache.set(kunci, simpanan, hitung.UMUR_CACHE)
    return simpanan


def _lingkup_atau_pesan(request) -> str:
    lingkup, sah = lingkup_dari(request.GET)
    if not sah:
        messages.warning(request, PESAN_TIDAK_DIKENAL)
    return lingkup


def _tandai_cache(request, response) -> None:
    # Messages read from a cookie or the session belong to one visitor: never in a shared cache.
    ada_pesan = len(messages.get_messages(request)) > 0
    response["Cache-Control"] = "private, no-cache" if ada_pesan else CACHE_PUBLIK


def halaman(request):
    lingkup = _lingkup_atau_pesan(request)
    try:
        nama, isi = _isi(lingkup)
    except LookupError:
        # A region loaded after the figures were computed: it has none yet.
        messages.warning(request, PESAN_TIDAK_DIKENAL)
        nama, isi = _isi("")
    response = render(request, "statistik/halaman.html", {"nama": nama, "isi": mark_safe(isi)})
    _tandai_cache(request, response)
    return response


def _aman_csv(nilai: str) -> str:
    """Text a spreadsheet would run as a formula (=, +, -, @ first) is quoted as text."""
    return f"'{nilai}" if nilai[:1] in ("=", "+", "-", "@") else nilai


def unduh(request):
    """The same figures as the page, as CSV (UTF-8 with a BOM, so Excel reads the names right). A
    CSV has no place for a message: a bad parameter gives the national figures, and the file's own
    wilayah column says whose they are."""
    lingkup, _ = lingkup_dari(request.GET)
    try:
        s = hitung.statistik(lingkup)
    except LookupError:
        s = hitung.statistik("")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    waktu = hitung.waktu_lokal(s.dihitung)
    response["Content-Disposition"] = (
        f'attachment; filename="statistik-netralitas-{s.lingkup or "nasional"}-{waktu:%Y%m%d-%H%M}.csv"'
    )
    response.write("\ufeff")
    penulis = csv.writer(response)
    for baris in hitung.baris_csv(s):
        penulis.writerow([_aman_csv(v) for v in baris])
    _tandai_cache(request, response)
    return response
