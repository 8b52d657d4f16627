"""Public pages of the tanya jawab: the published list with its search (/tanya/), one answer's page
(/tanya/<nomor>/), the question form (/tanya/ajukan/) and its confirmation.

Headers: the list and the answers' pages are the same for everyone and change only when staff
publish, so a browser or a proxy may keep them a minute. The form and its confirmation are
no-store: they hold the visitor's CSRF token and, after a refusal, what they typed."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import is_ratelimited

from pengaduan.selectors import kategori_per_kode

from . import selectors, services
from .forms import CariForm, TanyaForm

PER_HALAMAN = 10
UMUR_PUBLIK = 60
PESAN_LAJU = (
    "Terlalu banyak pengiriman dari jaringan Anda. Tunggu satu menit lalu tekan Kirim lagi — "
    "isian Anda tetap tersimpan di halaman ini."
)


def _publik(view):
    """A page that is the same for every visitor: cacheable for a minute, unless a message from
    another page waits for this visitor (then it is theirs alone)."""

    @wraps(view)
    def _view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if len(messages.get_messages(request)):
            patch_cache_control(response, private=True, no_cache=True)
        elif response.status_code == 200:
            patch_cache_control(response, public=True, max_age=UMUR_PUBLIK)
        return response

    return _view


def _tanpa_simpan(view):
    @wraps(view)
    def _view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store, max-age=0"
        return response

    return never_cache(_view)


def _pilihan_topik():
    return [(k.kode, k.nama) for k in kategori_per_kode().values() if k.aktif]


@require_safe
@_publik
def daftar(request):
    pilihan = _pilihan_topik()
    form = CariForm(request.GET, pilihan_topik=pilihan)
    diabaikan = not form.is_valid()
    if diabaikan:  # a topic that is not one, a search too long: shown, not obeyed
        form = CariForm({"q": request.GET.get("q", "")[:200], "topik": ""}, pilihan_topik=pilihan)
        form.is_valid()
    d = form.cleaned_data
    qs = selectors.cari_terbit(q=d.get("q", ""), topik=d.get("topik", ""))
    diminta = request.GET.get("halaman", "1")
    halaman = Paginator(qs, PER_HALAMAN).get_page(diminta if diminta.isdigit() else 1)
    parameter = request.GET.copy()
    parameter.pop("halaman", None)
    topik = kategori_per_kode().get(d.get("topik") or "")
    return render(
        request,
        "tanya/daftar.html",
        {
            "form": form,
            "halaman": halaman,
            "parameter": parameter.urlencode(),
            "topik": topik,
            "dicari": bool(d.get("q") or topik),
            "diabaikan": diabaikan,
        },
    )


@require_safe
@_publik
def detail(request, pk):
    p = selectors.pertanyaan_terbit().filter(pk=pk).first()
    if p is None:
        raise Http404
    return render(request, "tanya/detail.html", {"p": p})


def _galat_dihapus(form):
    form._errors = type(form.errors)()


@sensitive_post_parameters("nama", "instansi", "email", "isi")
@_tanpa_simpan
@require_http_methods(["GET", "HEAD", "POST"])
def ajukan(request):
    if request.method != "POST":
        awal = {}
        if request.GET.get("topik") in kategori_per_kode():
            awal["kategori"] = request.GET["topik"]
        return _render(request, TanyaForm(initial=awal))
    form = TanyaForm(request.POST)
    if is_ratelimited(
        request, group="tanya", key="ip", rate=lambda g, r: settings.RATELIMIT_TANYA, method="POST", increment=True
    ):
        form.is_valid()
        _galat_dihapus(form)
        return _render(request, form, galat_umum=[PESAN_LAJU], status=429)
    sah = form.is_valid()
    if "pilih_wilayah" in request.POST:
        _galat_dihapus(form)
        return _render(request, form)
    if not sah:
        return _render(request, form, status=400)
    d = form.cleaned_data
    services.ajukan_pertanyaan(
        token_pengajuan=d["token_pengajuan"],
        kategori=d["kategori"],
        wilayah=d["wilayah"],
        isi=d["isi"],
        nama=d["nama"],
        instansi=d["instansi"],
        email=d["email"],
    )
    return redirect(reverse("tanya:terkirim") + ("?surel=1" if d["email"] else ""))


def _render(request, form, *, galat_umum=(), status=200):
    return render(request, "tanya/ajukan.html", {"form": form, "galat_umum": galat_umum}, status=status)


@require_safe
@_tanpa_simpan
def terkirim(request):
    return render(request, "tanya/terkirim.html", {"surel": request.GET.get("surel") == "1"})
