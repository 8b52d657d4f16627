"""Public pages: /lapor/ (intake), its receipt, and /lacak/ (status, completion, withdrawal).

Pages that show a case send no-store and a referrer policy of `same-origin`: no other site ever
learns which page a reporter came from. (`no-referrer` would do the same for other sites, but a
browser then posts our own forms with `Origin: null`, which Django's CSRF check refuses.)
The tracking code never appears in a URL: it travels in a POST body, and access is then held for
30 minutes by a random token (see `_beri_akses`). The full code is in no server-side store: the
receipt's copy lives only in the reporter's browser, sealed (see `tanda_terima.py` beside this module).
"""

import datetime
import hashlib
import logging
import secrets
import time
import uuid
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.forms.forms import NON_FIELD_ERRORS
from django.http import HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from netralitas import versi_cache

from .. import kode as kode_pelacakan
from .. import transisi
from ..bukti import buang_unggahan_tanpa_baris, simpan_baris_unggahan, unggahan_dari_post, validasi_unggahan_baru
from ..dokumen.dasar import respons_pdf
from ..dokumen.pemberitahuan import render_pemberitahuan
from ..models import (
    KategoriPelanggaran,
    LangkahTenggat,
    Pengaduan,
    UnggahanSementara,
)
from ..selectors import (
    KUNCI_VERSI_KATEGORI,
    halaman_pelapor,
    pemberitahuan_tersedia,
    pengaduan_halaman_pelapor,
    pengaduan_tanda_terima,
    versi_kategori,
)
from ..tenggat import aturan
from . import services
from . import tanda_terima as kuki_tanda_terima
from .forms import CabutForm, CariForm, KelengkapanForm, LaporForm, PesanForm, SaksiFormSet, TerlaporFormSet

log = logging.getLogger(__name__)

LAMA_AKSES_LACAK = 30 * 60


def halaman_pengaduan(view):
    """Headers for any page that shows a case or its code."""

    @wraps(view)
    def _view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store, max-age=0"
        response["Referrer-Policy"] = "same-origin"
        return response

    return never_cache(_view)


def _putar_kunci_sesi(request):
    """DESIGN.md §4: a new session key when a report is filed and when a code opens a case, so a
    session cookie planted in the reporter's browser beforehand (fixation) is worth nothing after.
    A visitor who came without a session is given none: no session row is written for them."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return
    request.session.keys()  # loads it: a key the store does not know (or that expired) is dropped
    if request.session.session_key:
        request.session.cycle_key()


# --- /lapor/ -------------------------------------------------------------------------------------


def _unggahan_dari_post(request) -> list[UnggahanSementara]:
    return unggahan_dari_post(request.POST)


def _tambah_form(data, prefix, formset_cls):
    """Without JavaScript, 'Tambah' posts the form back with one more empty row."""
    data = data.copy()
    kunci = f"{prefix}-TOTAL_FORMS"
    try:
        jumlah = int(data.get(kunci, "0"))
    except ValueError:
        jumlah = 0
    data[kunci] = str(min(jumlah + 1, formset_cls.max_num))
    return data


def _galat_dihapus(*forms_):
    """Re-render a form posted only to pick a region or add a row, without shouting errors."""
    for f in forms_:
        if hasattr(f, "forms"):
            f._non_form_errors = f.error_class()
            for sub in f.forms:
                sub._errors = type(sub.errors)()
        else:
            f._errors = type(f.errors)()


@sensitive_post_parameters("nik", "nama", "alamat", "telepon", "email")
@halaman_pengaduan
def lapor(request):
    unggahan, galat_berkas = [], []
    if request.method != "POST" and not request.GET and not len(messages.get_messages(request)):
        return _lapor_kosong(request)
    if request.method != "POST":
        form = LaporForm()
        terlapor = TerlaporFormSet(prefix="terlapor")
        saksi = SaksiFormSet(prefix="saksi")
        return _render_lapor(request, form, terlapor, saksi, unggahan, galat_berkas)

    data = request.POST
    if "tambah_terlapor" in data:
        data = _tambah_form(data, "terlapor", TerlaporFormSet)
    if "tambah_saksi" in data:
        data = _tambah_form(data, "saksi", SaksiFormSet)
    form = LaporForm(data)
    terlapor = TerlaporFormSet(data, prefix="terlapor")
    saksi = SaksiFormSet(data, prefix="saksi")

    if is_ratelimited(
        request, group="lapor", key="ip", rate=lambda g, r: settings.RATELIMIT_LAPOR, method="POST", increment=True
    ):
        unggahan = _unggahan_dari_post(request)
        _galat_dihapus(form, terlapor, saksi)
        pesan = "Terlalu banyak pengiriman dari jaringan Anda. Tunggu satu menit lalu tekan Kirim lagi — isian Anda tetap tersimpan di halaman ini."
        return _render_lapor(request, form, terlapor, saksi, unggahan, [], galat_umum=[pesan], status=429)

    unggahan = _unggahan_dari_post(request)
    # Checked and stored now, in the request; the staging row is written only when the form goes
    # back to the reporter. A report filed in this request takes its files straight to evidence.
    baru, galat_berkas = validasi_unggahan_baru(
        berkas_baru=request.FILES.getlist("berkas"), sudah_ada=len(unggahan), simpan_baris=False
    )
    unggahan += baru

    hanya_muat_ulang = any(k in data for k in ("pilih_wilayah", "tambah_terlapor", "tambah_saksi"))
    sah = form.is_valid() & terlapor.is_valid() & saksi.is_valid()
    if hanya_muat_ulang:
        simpan_baris_unggahan(baru)
        _galat_dihapus(form, terlapor, saksi)
        return _render_lapor(request, form, terlapor, saksi, unggahan, galat_berkas)
    if not sah or galat_berkas:
        simpan_baris_unggahan(baru)
        return _render_lapor(request, form, terlapor, saksi, unggahan, galat_berkas, status=400)

    try:
        pengaduan, kode = _ajukan(form, terlapor, saksi, unggahan)
    except BaseException:
        buang_unggahan_tanpa_baris(baru, kecuali_bukti=True)
        raise
    if kode is None:  # the first submission filed its own files; these have no use
        buang_unggahan_tanpa_baris(baru)
    _putar_kunci_sesi(request)
    # The code goes to the reporter's browser only, sealed. A repeated submission of the same form
    # (a double tap, a retry after a lost answer) has no code to give: it must not overwrite the
    # cookie the first answer may have delivered, so it says only which case it was.
    return kuki_tanda_terima.pasang(
        HttpResponseRedirect(kuki_tanda_terima.path_kuki()), pengaduan_id=pengaduan.pk, kode=kode
    )


def _ajukan(form, terlapor, saksi, unggahan):
    d = form.cleaned_data
    return services.create_pengaduan_sekali(
        token_pengajuan=d["token_pengajuan"],
        sumber=d["sumber"],
        jenis_pemilihan=d["jenis_pemilihan"],
        kategori=d["kategori"],
        kategori_lainnya=d.get("kategori_lainnya", ""),
        tanggal_kejadian=d["tanggal_kejadian"],
        tanggal_diketahui=d["tanggal_diketahui"],
        wilayah=d["wilayah"],
        alamat_kejadian=d.get("alamat_kejadian", ""),
        kronologi=d["kronologi"],
        pelapor=form.data_pelapor(),
        terlapor=[
            {k: t[k] for k in ("nama", "nip", "jabatan", "instansi_teks", "jenis_asn")} for t in terlapor.bersih()
        ],
        saksi=[{k: s[k] for k in ("nama", "kontak", "keterangan")} for s in saksi.bersih()],
        tautan=d["tautan"],
        unggahan=unggahan,
    )


# --- The empty form, rendered once -------------------------------------------------------------
# The empty /lapor/ page is the same for every visitor except for two values: the CSRF token and the
# form's submission token. Rendering it (crispy forms, 38 provinces, categories) costs tens of
# milliseconds, so it is rendered once per process, day and category version, and the two values
# are filled in per request. A category edit in the admin bumps the version in the shared cache.

PENANDA_CSRF = "penanda-csrf-3f9c1e7a"
PENANDA_TOKEN = "00000000-0000-4000-8000-00000000f00d"
_halaman_kosong: dict = {}


@receiver([post_save, post_delete], sender=KategoriPelanggaran, dispatch_uid="lapor_kategori_berubah")
def _kategori_berubah(**kwargs):
    versi_cache.naikkan(KUNCI_VERSI_KATEGORI)
    _halaman_kosong.clear()


def _lapor_kosong(request):
    kunci = (timezone.localdate(), versi_kategori())
    html = _halaman_kosong.get(kunci)
    if html is None:
        konteks = {
            "form": LaporForm(initial={"token_pengajuan": PENANDA_TOKEN}),
            "terlapor": TerlaporFormSet(prefix="terlapor"),
            "saksi": SaksiFormSet(prefix="saksi"),
            "unggahan": [],
            "galat_berkas": [],
            "maks_berkas": settings.BUKTI_MAKS_BERKAS,
            "maks_mb": settings.BUKTI_MAKS_UKURAN_MB,
            "sisa_berkas": settings.BUKTI_MAKS_BERKAS,
            "csrf_token": PENANDA_CSRF,
            "messages": [],
        }
        html = render_to_string("pengaduan/lapor.html", konteks)  # no request: nobody's data inside
        if PENANDA_CSRF not in html or html.count(PENANDA_TOKEN) != 1:
            log.error("Penanda hilang dari templat lapor.html; halaman dirender biasa.")
            return _render_lapor(
                request, LaporForm(), TerlaporFormSet(prefix="terlapor"), SaksiFormSet(prefix="saksi"), [], []
            )
        _halaman_kosong.clear()
        _halaman_kosong[kunci] = html
    return HttpResponse(html.replace(PENANDA_CSRF, get_token(request)).replace(PENANDA_TOKEN, str(uuid.uuid4())))


# The error summary (as GOV.UK's): the page is ~4,900 px tall on a phone, so a banner that only says
# "something is wrong" sends the reporter scrolling. Each error is listed once, in the order of the
# page, with a link to its field.
URUTAN_HALAMAN = (
    *("sumber", "nama", "nik", "alamat", "telepon", "email", "rahasia"),
    "@terlapor",
    *("jenis_pemilihan", "kategori", "kategori_lainnya", "tanggal_kejadian", "tanggal_diketahui"),
    *("provinsi", "kabupaten", "kecamatan", "desa", "alamat_kejadian", "kronologi"),
    "@saksi",
    *("tautan", "berkas", "@berkas"),
    "pernyataan",
)
LABEL_RINGKAS = {"pernyataan": "Pernyataan", "berkas": "Bukti", "tautan": "Tautan"}


def _id_kolom(bf) -> str:
    """The id of the control a link should land on; for a radio group, its first button."""
    if bf.id_for_label:
        return bf.id_for_label
    sub = bf.subwidgets
    return (sub[0].id_for_label if sub else "") or bf.auto_id


def _galat_kolom(form, nama_kolom, judul=""):
    butir = []
    for nama in nama_kolom:
        for e in form.errors.get(nama, []):
            if nama == NON_FIELD_ERRORS:
                butir.append((None, f"{judul}{e}"))
            elif form[nama].is_hidden:
                butir.append((None, f"{judul}Formulir tidak lengkap. Muat ulang halaman lalu isi kembali."))
            else:
                label = LABEL_RINGKAS.get(nama, form[nama].label)
                butir.append((f"#{_id_kolom(form[nama])}", f"{judul}{label}: {e}"))
    return butir


def _galat_formset(fs, jangkar, judul):
    per_baris = []
    for i, f in enumerate(fs.forms, 1):
        per_baris += _galat_kolom(f, [NON_FIELD_ERRORS, *f.fields], f"{judul} {i} — ")
    # "At least one" says again what the empty row's own errors already say: listed once.
    umum = [e for e in fs.non_form_errors().as_data() if not (per_baris and e.code == "too_few_forms")]
    return [(f"#{jangkar}", f"{judul}: {' '.join(e.messages)}") for e in umum] + per_baris


def ringkasan_galat(form, terlapor, saksi, galat_berkas, galat_umum=()):
    """[(link or None, message)]: what stops the report, in the order the page shows it."""
    butir = [(None, e) for e in galat_umum]
    butir += _galat_kolom(form, [n for n in form.errors if n not in URUTAN_HALAMAN])
    for nama in URUTAN_HALAMAN:
        if nama == "@terlapor":
            butir += _galat_formset(terlapor, "terlapor", "Terlapor")
        elif nama == "@saksi":
            butir += _galat_formset(saksi, "saksi", "Saksi")
        elif nama == "@berkas":
            butir += [("#bukti", e) for e in galat_berkas]
        else:
            butir += _galat_kolom(form, [nama])
    return butir


def _render_lapor(request, form, terlapor, saksi, unggahan, galat_berkas, status=200, galat_umum=()):
    return render(
        request,
        "pengaduan/lapor.html",
        {
            "form": form,
            "terlapor": terlapor,
            "saksi": saksi,
            "unggahan": unggahan,
            "galat_berkas": galat_berkas,
            "ringkasan_galat": ringkasan_galat(form, terlapor, saksi, galat_berkas, galat_umum),
            "maks_berkas": settings.BUKTI_MAKS_BERKAS,
            "maks_mb": settings.BUKTI_MAKS_UKURAN_MB,
            "sisa_berkas": max(0, settings.BUKTI_MAKS_BERKAS - len(unggahan)),
        },
        status=status,
    )


PESAN_TANDA_TERIMA_HABIS = (
    "Tanda terima hanya dapat dibuka ulang selama 30 menit setelah melapor, di peramban yang dipakai untuk "
    "melapor. Untuk melihat laporan Anda, gunakan kode pelacakan di halaman Lacak."
)


def _isi_tanda_terima(request):
    """(case, code or None) from the receipt cookie, or None when there is no valid receipt."""
    isi = kuki_tanda_terima.baca(request)
    if isi is None:
        return None
    pengaduan = pengaduan_tanda_terima(isi["id"])
    if pengaduan is None:
        return None
    kode = isi["kode"]
    # Sealed by us, so authentic; checked against the case anyway, so a code is never shown with
    # a case it does not open.
    normal = kode_pelacakan.normalkan(kode) if kode else None
    if not normal or kode_pelacakan.hash_kode(normal) != pengaduan.kode_hash:
        kode = None
    return pengaduan, kode, isi["sampai"]


@halaman_pengaduan
@require_http_methods(["GET", "HEAD", "POST"])
def tanda_terima(request):
    """The receipt. The code comes from the sealed cookie the filing set, so a reload (a phone does
    one after the camera app photographed the code) shows it again for 30 minutes; after that, or in
    another browser, it is gone for good. A reload never files anything."""
    if request.method == "POST":  # "Hapus dari peramban ini": a shared computer keeps no copy
        messages.info(request, "Tanda terima sudah dihapus dari peramban ini.")
        return kuki_tanda_terima.hapus(redirect("beranda"))
    isi = _isi_tanda_terima(request)
    if isi is None:
        messages.info(request, PESAN_TANDA_TERIMA_HABIS)
        return kuki_tanda_terima.hapus(redirect("pengaduan:lapor"))
    pengaduan, kode, sampai = isi
    return render(
        request,
        "pengaduan/tanda_terima.html",
        {
            **_konteks_tanda_terima(pengaduan, kode),
            "kelompok_kode": kode.split("-") if kode else [],
            "tampil_sampai": timezone.localtime(datetime.datetime.fromtimestamp(sampai, tz=datetime.UTC)),
        },
    )


@halaman_pengaduan
@require_GET
def unduh_tanda_terima(request):
    """The receipt as a small text file: the one copy an anonymous reporter can keep, and it opens on
    any phone. (A PDF would need a PDF writer and fonts for any name typed; a text file needs neither.)"""
    isi = _isi_tanda_terima(request)
    if isi is None:
        messages.info(request, PESAN_TANDA_TERIMA_HABIS)
        return redirect("pengaduan:lapor")
    pengaduan, kode, _ = isi
    konteks = {**_konteks_tanda_terima(pengaduan, kode), "tautan_lacak": settings.SITE_URL + reverse("pengaduan:lacak")}
    response = HttpResponse(
        render_to_string("pengaduan/tanda_terima.txt", konteks).replace("\n", "\r\n"),
        content_type="text/plain; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="tanda-terima-posko-netralitas-{pengaduan.kode_akhir}.txt"'
    return response


def _konteks_tanda_terima(pengaduan, kode):
    return {
        "pengaduan": pengaduan,
        "kode": kode,
        "terlapor": list(pengaduan.terlapor.all()),
        "jumlah_bukti": pengaduan.jumlah_bukti,
        "jumlah_tautan": pengaduan.jumlah_tautan,
        "aturan": _aturan_tenggat(pengaduan.jenis_pemilihan),
        "ada_email": pengaduan.ada_email,
        "dicetak": timezone.localtime(),
    }


def _aturan_tenggat(jenis_pemilihan):
    return {
        langkah: aturan(jenis_pemilihan, langkah)
        for langkah in (
            LangkahTenggat.PELAPORAN,
            LangkahTenggat.KAJIAN_AWAL,
            LangkahTenggat.PERBAIKAN,
            LangkahTenggat.PENANGANAN,
        )
    }


# --- /lacak/ -------------------------------------------------------------------------------------


# Access to a case after its code was entered: a fresh random token in a cookie scoped to /lacak/,
# whose hash keys the case in the cache for 30 minutes. A new token per lookup (no fixation), no
# database write per lookup, and nothing in the cookie that names the case. When the cache cannot
# be written (Redis down), the same entry goes into the session, which PostgreSQL keeps, so the
# reporter is never sent back to the code box in a loop.
KUKI_LACAK = "lacak_akses"
SESI_AKSES = "lacak_akses"


def _kunci_akses(token: str) -> str:
    return "lacak-akses:" + hashlib.sha256(token.encode()).hexdigest()


def _pengaduan_sesi(request, *, halaman=False) -> Pengaduan | None:
    """The case the access cookie opens, or None; `halaman`: only the columns the status page reads
    (selectors.KOLOM_HALAMAN_PELAPOR)."""
    token = request.COOKIES.get(KUKI_LACAK, "")
    if not token or len(token) > 64:
        return None
    akses = cache.get(_kunci_akses(token))
    if akses is None and settings.SESSION_COOKIE_NAME in request.COOKIES:
        cadangan = request.session.get(SESI_AKSES)
        if isinstance(cadangan, dict) and cadangan.get("kunci") == _kunci_akses(token):
            akses = cadangan
    if not isinstance(akses, dict) or akses.get("sampai", 0) < time.time() or not isinstance(akses.get("id"), int):
        return None
    if halaman:
        return pengaduan_halaman_pelapor(akses["id"])
    return Pengaduan.objects.select_related("kategori").filter(pk=akses["id"]).first()


def _beri_akses(request, response, pengaduan_id: int):
    token = secrets.token_urlsafe(32)
    akses = {"id": pengaduan_id, "sampai": time.time() + LAMA_AKSES_LACAK}
    # The token is new, so `add` fails only when the cache is unreachable.
    if not cache.add(_kunci_akses(token), akses, LAMA_AKSES_LACAK):
        request.session[SESI_AKSES] = {**akses, "kunci": _kunci_akses(token)}
    response.set_cookie(
        KUKI_LACAK,
        token,
        max_age=LAMA_AKSES_LACAK,
        path="/lacak/",
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )
    return response


def _cabut_akses(request, response):
    token = request.COOKIES.get(KUKI_LACAK, "")
    if token and len(token) <= 64:
        cache.delete(_kunci_akses(token))
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        request.session.pop(SESI_AKSES, None)
    response.delete_cookie(KUKI_LACAK, path="/lacak/", samesite="Lax")
    return response


@sensitive_post_parameters("kode")
@halaman_pengaduan
def lacak(request):
    # The actions hand the case to services, which read any of its columns; the page alone reads few.
    pengaduan = _pengaduan_sesi(request, halaman=request.method != "POST")
    aksi = request.POST.get("aksi", "") if request.method == "POST" else ""

    if aksi == "keluar":
        messages.info(request, "Anda sudah keluar dari halaman pelacakan.")
        return _cabut_akses(request, redirect("pengaduan:lacak"))

    if aksi == "cari" or (pengaduan is None and request.method == "POST"):
        return _cari(request)

    if pengaduan is None:
        return render(request, "pengaduan/lacak_cari.html", {"form": CariForm()})

    form_kelengkapan, form_cabut, unggahan, galat_berkas, status = KelengkapanForm(), CabutForm(), [], [], 200
    form_pesan, unggahan_pesan, galat_berkas_pesan = PesanForm(prefix="pesan"), [], []
    if aksi == "lengkapi":
        form_kelengkapan = KelengkapanForm(request.POST)
        unggahan = _unggahan_dari_post(request)
        baru, galat_berkas = validasi_unggahan_baru(
            berkas_baru=request.FILES.getlist("berkas"), sudah_ada=len(unggahan)
        )
        unggahan += baru
        if form_kelengkapan.is_valid() and not galat_berkas:
            if not form_kelengkapan.cleaned_data["teks"] and not unggahan:
                form_kelengkapan.add_error("teks", "Isi keterangan atau lampirkan berkas.")
            else:
                try:
                    services.tambah_kelengkapan(
                        pengaduan=pengaduan, teks=form_kelengkapan.cleaned_data["teks"], unggahan=unggahan
                    )
                except transisi.TransisiDitolak as e:
                    messages.error(request, str(e))
                else:
                    messages.success(
                        request, "Terima kasih. Kelengkapan Anda sudah diterima dan pengaduan kembali dikaji."
                    )
                return redirect("pengaduan:lacak")
        status = 400
    elif aksi == "pesan":
        form_pesan, unggahan_pesan, galat_berkas_pesan, status = _kirim_pesan(request, pengaduan)
        if status == 302:
            return redirect(f"{reverse('pengaduan:lacak')}#percakapan")
    elif aksi == "cabut":
        form_cabut = CabutForm(request.POST)
        if form_cabut.is_valid():
            try:
                services.cabut_pengaduan(pengaduan=pengaduan, alasan=form_cabut.cleaned_data["alasan"])
            except transisi.TransisiDitolak as e:
                messages.error(request, str(e))
            else:
                messages.success(request, "Laporan Anda sudah dicabut.")
            return redirect("pengaduan:lacak")
        status = 400

    if request.method == "POST":
        # The action above may have changed the case, or failed because someone else did. A GET
        # shows the row `_pengaduan_sesi` read from the primary a moment ago: no second read.
        pengaduan.refresh_from_db()
    return render(
        request,
        "pengaduan/lacak_status.html",
        {
            "pengaduan": pengaduan,
            **halaman_pelapor(pengaduan),
            "form_kelengkapan": form_kelengkapan,
            "form_cabut": form_cabut,
            "unggahan": unggahan,
            "galat_berkas": galat_berkas,
            "maks_mb": settings.BUKTI_MAKS_UKURAN_MB,
            "sisa_berkas": max(0, settings.BUKTI_MAKS_BERKAS - len(unggahan)),
            "form_pesan": form_pesan,
            "unggahan_pesan": unggahan_pesan,
            "galat_berkas_pesan": galat_berkas_pesan,
            "sisa_berkas_pesan": max(0, settings.BUKTI_MAKS_BERKAS - len(unggahan_pesan)),
        },
        status=status,
    )


@halaman_pengaduan
@require_GET
def unduh_pemberitahuan(request):
    """The status notice staff sent, as a PDF drawn now from the case, from what this page reads
    (`dokumen.pemberitahuan`): only after the code opened the case, and only once a notice was sent.
    Under /lacak/, where the access cookie reaches."""
    pengaduan = _pengaduan_sesi(request)
    if pengaduan is None:
        messages.info(request, "Masukkan kode pelacakan Anda untuk mengunduh pemberitahuan status.")
        return redirect("pengaduan:lacak")
    if not pemberitahuan_tersedia(pengaduan):
        messages.info(request, "Belum ada pemberitahuan status yang dikirim untuk laporan ini.")
        return redirect("pengaduan:lacak")
    p = Pengaduan.objects.select_related("kategori", "kantor_wilayah").get(pk=pengaduan.pk)
    return respons_pdf(render_pemberitahuan(p), nama=f"pemberitahuan-status-{p.kode_akhir}.pdf")


PESAN_TERLALU_SERING = (
    "Terlalu banyak pesan dalam waktu singkat. Tunggu beberapa menit lalu tekan Kirim lagi — "
    "pesan Anda tetap tersimpan di halaman ini."
)


def _kirim_pesan(request, pengaduan):
    """The reporter's message: (form, staged files, file errors, status); 302 once sent. Limited
    per client address and per case; a refusal keeps what was typed and the files accepted."""
    form = PesanForm(request.POST, prefix="pesan")
    unggahan = _unggahan_dari_post(request)
    kunci_kasus = f"pengaduan:{pengaduan.pk}"
    if is_ratelimited(
        request,
        group="lacak-pesan",
        key="ip",
        rate=lambda g, r: settings.RATELIMIT_PESAN,
        method="POST",
        increment=True,
    ) or is_ratelimited(
        request,
        group="lacak-pesan-kasus",
        key=lambda g, r: kunci_kasus,
        rate=lambda g, r: settings.RATELIMIT_PESAN_KASUS,
        method="POST",
        increment=True,
    ):
        form.is_valid()
        form.add_error(None, PESAN_TERLALU_SERING)
        return form, unggahan, [], 429
    baru, galat_berkas = validasi_unggahan_baru(
        berkas_baru=request.FILES.getlist(form.add_prefix("berkas")), sudah_ada=len(unggahan)
    )
    unggahan += baru
    if not form.is_valid() or galat_berkas:
        return form, unggahan, galat_berkas, 400
    if not form.cleaned_data["teks"] and not unggahan:
        form.add_error("teks", "Tulis pesan atau lampirkan berkas.")
        return form, unggahan, [], 400
    try:
        services.kirim_pesan_pelapor(pengaduan=pengaduan, teks=form.cleaned_data["teks"], unggahan=unggahan)
    except transisi.TransisiDitolak as e:
        form.add_error(None, str(e))
        return form, unggahan, [], 400
    messages.success(request, "Pesan Anda sudah terkirim ke Bawaslu.")
    return form, [], [], 302


def _cari(request):
    form = CariForm(request.POST)
    if is_ratelimited(
        request, group="lacak", key="ip", rate=lambda g, r: settings.RATELIMIT_LACAK, method="POST", increment=True
    ):
        form.is_valid()
        form.errors.clear()
        form.add_error(None, "Terlalu banyak percobaan dari jaringan Anda. Tunggu satu menit lalu coba lagi.")
        return render(request, "pengaduan/lacak_cari.html", {"form": form}, status=429)
    if form.is_valid():
        normal = kode_pelacakan.normalkan(form.cleaned_data["kode"])
        pk = (
            Pengaduan.objects.filter(kode_hash=kode_pelacakan.hash_kode(normal)).values_list("pk", flat=True).first()
            if normal
            else None
        )
        if pk is not None:
            _putar_kunci_sesi(request)
            return _beri_akses(request, redirect("pengaduan:lacak"), pk)
        form.add_error(
            "kode",
            "Kode tidak dikenali. Periksa kembali 16 karakter pada tanda terima Anda (huruf O dan angka 0 dianggap sama)."
            if normal
            else "Kode pelacakan terdiri atas 16 huruf dan angka, misalnya K7QX-2M9D-8HTR-4WZA.",
        )
    return render(request, "pengaduan/lacak_cari.html", {"form": form}, status=400)
