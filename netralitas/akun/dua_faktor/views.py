"""The pages of the second step, mounted by the admin site (netralitas.admin_situs.SitusAdmin):

- `verifikasi` and `daftar` answer a session past the password but not yet verified (no other admin
  page does): the code of a login, and the enrolment of a first authenticator app;
- `saya`, `kode_cadangan` and `atur_ulang` are the staff member's own page, behind the whole login.

Each takes the admin site first, for its page context. They work without JavaScript: the QR code is
inline SVG and the secret is also shown as text.
"""

from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import aturan, services
from .forms import KodeAplikasiForm, KodeForm
from .services import Hasil

# The own page has two code fields (new backup codes, reset): distinct names and ids.
PREFIKS_KODE_BARU = "baru"
PESAN_SALAH = "Kode salah, sudah pernah dipakai, atau sudah kedaluwarsa. Pastikan jam ponsel tepat, lalu coba lagi."


def tujuan(request) -> str:
    """Where the login was headed (`next`): a path on this site, else the admin's index."""
    nilai = request.POST.get("next") or request.GET.get("next") or ""
    if (
        nilai.startswith("/")
        and url_has_allowed_host_and_scheme(
            nilai, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and not nilai.startswith(reverse("admin:dua_langkah"))
    ):
        return nilai
    return reverse("admin:index")


def alamat_langkah_kedua(request, ke: str | None = None) -> str:
    """The page that completes this session's login: the code, or the enrolment for a user with no
    device yet; `next` keeps where the login was headed."""
    nama = (
        "admin:dua_langkah_verifikasi" if aturan.perangkat_terkonfirmasi(request.user) else "admin:dua_langkah_daftar"
    )
    return f"{reverse(nama)}?{urlencode({'next': ke or tujuan(request)})}"


def _pesan(pemeriksaan) -> str:
    if pemeriksaan.hasil is Hasil.TUNGGU:
        if pemeriksaan.tunggu_sampai:
            jam = timezone.localtime(pemeriksaan.tunggu_sampai).strftime("%H.%M.%S")
            return f"Terlalu banyak kode salah untuk akun ini. Coba lagi setelah pukul {jam} WIB."
        return "Terlalu banyak kode salah untuk akun ini. Tunggu sebentar, lalu coba lagi."
    return PESAN_SALAH


def _terkunci(request, user):
    """Too many wrong passwords and codes: this session ends, and the lock page says why."""
    kredensial = services.kredensial(user)
    logout(request)
    return get_lockout_response(request, None, kredensial)


def _konteks(situs, request, **isi) -> dict:
    return {**situs.each_context(request), "next": tujuan(request), **isi}


def gambar_qr(teks: str) -> str:
    """The enrolment QR code as inline SVG (no external service, no image request, no script)."""
    gambar = qrcode.make(
        teks,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        box_size=8,
        border=4,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    # Safe to mark: the SVG is drawn here, from the otpauth URL this module built.
    return mark_safe(gambar.to_string(encoding="unicode"))


# --- Before the second step ----------------------------------------------------------------------------


def verifikasi(situs, request):
    user = request.user
    if not aturan.staf_aktif(user):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not aturan.perlu_langkah_kedua(request):
        return HttpResponseRedirect(tujuan(request))
    if not aturan.perangkat_terkonfirmasi(user):
        return HttpResponseRedirect(alamat_langkah_kedua(request))
    form = KodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        hasil = services.verifikasi(request, form.cleaned_data["kode"])
        if hasil.hasil is Hasil.BERHASIL:
            return HttpResponseRedirect(tujuan(request))
        if hasil.hasil is Hasil.TERKUNCI:
            return _terkunci(request, user)
        form.add_error("kode", _pesan(hasil))
    konteks = _konteks(situs, request, title="Verifikasi dua langkah", form=form)
    return TemplateResponse(request, "admin/dua_faktor/verifikasi.html", konteks)


def daftar(situs, request):
    """Enrolment: scan (or type) the secret into an authenticator app, confirm with its first code,
    then write down the backup codes, shown this once."""
    user = request.user
    if not aturan.staf_aktif(user):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if aturan.perangkat_terkonfirmasi(user):
        # A second device is never added from here: that would let a password alone replace the
        # factor. A verified user replaces theirs from their own page (atur_ulang).
        if aturan.perlu_langkah_kedua(request):
            return HttpResponseRedirect(alamat_langkah_kedua(request))
        return HttpResponseRedirect(reverse("admin:dua_langkah"))
    if not services.boleh_mendaftar(request):
        # A session whose password is not fresh (one left open on a phone that was then lost and
        # reset) never adds a device: the password first, then the enrolment.
        alamat = f"{reverse('admin:dua_langkah_daftar')}?{urlencode({'next': tujuan(request)})}"
        logout(request)
        messages.info(request, "Untuk mendaftarkan aplikasi autentikator, masuk lagi dengan kata sandi Anda.")
        return redirect_to_login(alamat, reverse("admin:login"))
    form = KodeAplikasiForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        hasil = services.konfirmasi_pendaftaran(request, form.cleaned_data["kode"])
        if hasil.pemeriksaan.hasil is Hasil.BERHASIL:
            return _kode_cadangan(situs, request, hasil.kode_cadangan, lanjut=tujuan(request))
        if hasil.pemeriksaan.hasil is Hasil.TERKUNCI:
            return _terkunci(request, user)
        form.add_error("kode", _pesan(hasil.pemeriksaan))
    perangkat = services.mulai_pendaftaran(request)
    konteks = _konteks(
        situs,
        request,
        title="Aktifkan verifikasi dua langkah",
        form=form,
        qr=gambar_qr(perangkat.config_url),
        kunci=services.kunci_teks(perangkat),
        wajib=aturan.wajib(user),
    )
    return TemplateResponse(request, "admin/dua_faktor/daftar.html", konteks)


def _kode_cadangan(situs, request, kode: list[str], *, lanjut: str):
    konteks = {
        **situs.each_context(request),
        "title": "Kode cadangan",
        "kode_cadangan": kode,
        "lanjut": lanjut,
    }
    return TemplateResponse(request, "admin/dua_faktor/kode_cadangan.html", konteks)


# --- The staff member's own page (behind the whole login) -------------------------------------------


def saya(situs, request, form_atur_ulang=None, form_kode_baru=None):
    user = request.user
    totp = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    konteks = {
        **situs.each_context(request),
        "title": "Verifikasi dua langkah",
        "wajib": aturan.wajib(user),
        "totp": totp,
        "sisa_kode": services.sisa_kode_cadangan(user) if totp else 0,
        "form_atur_ulang": form_atur_ulang or KodeForm(),
        "form_kode_baru": form_kode_baru or KodeForm(prefix=PREFIKS_KODE_BARU),
        "jumlah_kode": services.JUMLAH_KODE_CADANGAN,
    }
    return TemplateResponse(request, "admin/dua_faktor/saya.html", konteks)


def kode_cadangan(situs, request):
    """New backup codes (the old ones stop working), shown once: only with a good code, so a session
    left open somewhere cannot mint ten ways past the second step."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = request.user
    if not services.punya_totp(user):
        return HttpResponseRedirect(reverse("admin:dua_langkah"))
    form = KodeForm(request.POST, prefix=PREFIKS_KODE_BARU)
    if form.is_valid():
        hasil = services.periksa_kode(request, user, form.cleaned_data["kode"])
        if hasil.hasil is Hasil.BERHASIL:
            kode = services.buat_kode_cadangan(user, oleh=user)
            return _kode_cadangan(situs, request, kode, lanjut=reverse("admin:dua_langkah"))
        if hasil.hasil is Hasil.TERKUNCI:
            return _terkunci(request, user)
        form.add_error("kode", _pesan(hasil))
    return saya(situs, request, form_kode_baru=form)


def atur_ulang(situs, request):
    """Remove one's own second factor (a new phone): only with a good code from it, or a backup code."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = request.user
    if not aturan.perangkat_terkonfirmasi(user):
        return HttpResponseRedirect(reverse("admin:dua_langkah"))
    form = KodeForm(request.POST)
    if form.is_valid():
        hasil = services.periksa_kode(request, user, form.cleaned_data["kode"])
        if hasil.hasil is Hasil.BERHASIL:
            services.atur_ulang(
                user=user,
                oleh=user,
                alasan="diminta pemilik akun",
                jalur="Oleh pemilik akun sendiri di halaman Verifikasi dua langkah, dengan kode yang sah",
            )
            aturan.lupakan_keputusan(request)
            if aturan.wajib(user):
                messages.success(request, "Perangkat lama dihapus. Daftarkan aplikasi autentikator yang baru.")
                return HttpResponseRedirect(reverse("admin:dua_langkah_daftar"))
            messages.success(request, "Verifikasi dua langkah dimatikan untuk akun Anda.")
            return HttpResponseRedirect(reverse("admin:dua_langkah"))
        if hasil.hasil is Hasil.TERKUNCI:
            return _terkunci(request, user)
        form.add_error("kode", _pesan(hasil))
    return saya(situs, request, form_atur_ulang=form)
