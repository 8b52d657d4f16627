"""The invitee's public pages. `/akun/undangan/<token>/` (the e-mailed link) only checks the
token and trades it for the session (its invitation id and the token's HMAC, never the token), then
sends the browser to `/akun/undangan/`, whose form sets the password: the token is on no page that
the browser could pass on (links, form posts), and every answer at the token's URL says
`Referrer-Policy: no-referrer`. Both are rate-limited per client address; a token never reaches a
log (netralitas.tautan_rahasia)."""

from functools import wraps

import django_ratelimit as ratelimit
from django.conf import settings
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from ..dua_faktor.views import alamat_langkah_kedua
from . import services
from .forms import KataSandiForm

SESI = "undangan:peninjau"
BACKEND = "netralitas.akun.backends.ModelBackendBercache"


def _halaman(referrer: str):
    def hias(view):
        @wraps(view)
        def _view(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response["Cache-Control"] = "no-store, max-age=0"
            response["Referrer-Policy"] = referrer
            return response

        return never_cache(_view)

    return hias


def _terbatas(request) -> bool:
    return is_ratelimited(
        request,
        group="undangan",
        key="ip",
        rate=lambda g, r: settings.RATELIMIT_UNDANGAN,
        method=ratelimit.ALL,
        increment=True,
    )


def _tidak_berlaku(request, pesan: str, status: int):
    return render(request, "akun/undangan_tidak_berlaku.html", {"pesan": pesan}, status=status)


def _terlalu_banyak(request):
    return render(request, "429.html", status=429)


@sensitive_variables("token")
@require_GET
@_halaman("no-referrer")
def buka(request, token):
    if _terbatas(request):
        return _terlalu_banyak(request)
    hasil = services.periksa_token(token)
    if hasil.pesan:
        return _tidak_berlaku(request, hasil.pesan, hasil.status)
    request.session[SESI] = {"id": hasil.undangan.pk, "sidik": hasil.undangan.sidik_token}
    return redirect("akun:undangan_kata_sandi")


@sensitive_post_parameters("new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
@_halaman("same-origin")
def kata_sandi(request):
    simpan = request.session.get(SESI) or {}
    if not isinstance(simpan, dict):
        simpan = {}
    if request.method == "POST" and _terbatas(request):
        return _terlalu_banyak(request)
    hasil = services.periksa_sesi(simpan.get("id"), simpan.get("sidik"))
    if hasil.pesan:
        if hasil.undangan is None and not simpan:
            return _tidak_berlaku(
                request, "Buka tautan dari e-mail undangan Anda untuk membuat kata sandi akun peninjau.", 400
            )
        request.session.pop(SESI, None)
        return _tidak_berlaku(request, hasil.pesan, hasil.status)
    u = hasil.undangan
    form = KataSandiForm(u.user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            user = services.terima_undangan(
                undangan_id=u.pk, sidik_token=simpan["sidik"], kata_sandi=form.cleaned_data["new_password1"]
            )
        except services.UndanganDitolak as e:
            request.session.pop(SESI, None)
            return _tidak_berlaku(request, str(e), 410)
        request.session.pop(SESI, None)
        # A password login (the signal starts the second step; the session key rotates): the admin
        # sends the new reviewer straight to the enrolment of their authenticator app.
        login(request, user, backend=BACKEND)
        return redirect(alamat_langkah_kedua(request, reverse("admin:index")))
    konteks = {"form": form, "undangan": u, "username": u.user.get_username()}
    return render(request, "akun/undangan_kata_sandi.html", konteks, status=400 if form.errors else 200)
