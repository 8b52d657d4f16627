"""The receipt's copy of the tracking code, held only by the reporter's browser.

DESIGN.md §4: the full code is never in a server-side store (database, cache, session, logs). Yet a
phone reloads the receipt tab after the camera app photographed the code, and an anonymous reporter
gets no e-mail copy. So the code travels, for 30 minutes, in a cookie that only the server can open:

- sealed with AES-256-GCM (the `cryptography` package): the browser, a proxy or a log that sees the
  cookie learns nothing, and a changed cookie is refused;
- the key is derived from SECRET_KEY with Django's `salted_hmac` under a salt of its own. Not from
  TRACKING_CODE_KEY: that key has one job (hashing codes), and rotating SECRET_KEY (with
  SECRET_KEY_FALLBACKS, which are tried here too) costs at most the receipts open at that moment;
- the expiry is inside the sealed value, so a copied cookie stops working after 30 minutes even if
  a browser keeps it longer;
- scoped to the receipt's path, HttpOnly, Secure per settings, SameSite=Lax.

Nothing about the receipt is written to the session: the code is in no server-side store for any
moment after the response that sets this cookie.
"""

import base64
import binascii
import functools
import json
import os
import time

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.crypto import salted_hmac

KUKI = "tanda_terima"
# A repeated submission of the same form (a double tap, a retry after a lost answer) has no code to
# give. It must not overwrite the cookie the first answer may have delivered, so it writes its own,
# which says only which case it was; the receipt shows the code when both name the same case.
KUKI_ULANG = "tanda_terima_ulang"
LAMA_DETIK = 30 * 60
# Bound to this purpose and version: a value sealed for anything else never opens here.
_DATA_TAMBAHAN = b"posko-netralitas:tanda-terima:v1"
_PANJANG_NONCE = 12
_PANJANG_MAKS = 512


@functools.lru_cache(maxsize=8)
def _aead(rahasia: str) -> AESGCM:
    """The cipher under the key derived from `rahasia` (SECRET_KEY or a fallback): derived once."""
    return AESGCM(salted_hmac("pengaduan.tanda_terima", "kunci-kuki", secret=rahasia, algorithm="sha256").digest())


_path: dict[tuple, str] = {}


def path_kuki() -> str:
    """The receipt page and its download (both under it), nothing else on the site. Reversed once
    per script prefix and URLconf: every report sets and clears a cookie on it."""
    kunci = (get_script_prefix(), get_urlconf())
    path = _path.get(kunci)
    if path is None:
        path = _path[kunci] = reverse("pengaduan:tanda_terima")
    return path


def segel(*, pengaduan_id: int, kode: str | None, sampai: float) -> str:
    nonce = os.urandom(_PANJANG_NONCE)
    isi = json.dumps({"id": pengaduan_id, "kode": kode, "sampai": int(sampai)}, separators=(",", ":")).encode()
    sandi = _aead(settings.SECRET_KEY).encrypt(nonce, isi, _DATA_TAMBAHAN)
    return base64.urlsafe_b64encode(nonce + sandi).decode().rstrip("=")


def buka(token: str, *, sekarang: float | None = None) -> dict | None:
    """The sealed receipt, or None when it is missing, altered, sealed under another key or expired."""
    if not token or len(token) > _PANJANG_MAKS:
        return None
    try:
        mentah = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    nonce, sandi = mentah[:_PANJANG_NONCE], mentah[_PANJANG_NONCE:]
    if len(nonce) != _PANJANG_NONCE or not sandi:
        return None
    for rahasia in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        try:
            isi = json.loads(_aead(rahasia).decrypt(nonce, sandi, _DATA_TAMBAHAN))
        except (InvalidTag, ValueError):
            continue
        break
    else:
        return None
    if not isinstance(isi, dict) or not isinstance(isi.get("id"), int) or not isinstance(isi.get("sampai"), int):
        return None
    if isi["sampai"] < (time.time() if sekarang is None else sekarang):
        return None
    kode = isi.get("kode")
    return {"id": isi["id"], "kode": kode if isinstance(kode, str) else None, "sampai": isi["sampai"]}


def baca(request) -> dict | None:
    utama = buka(request.COOKIES.get(KUKI, ""))
    ulang = buka(request.COOKIES.get(KUKI_ULANG, ""))
    if ulang is not None and (utama is None or utama["id"] != ulang["id"]):
        return ulang
    return utama


def pasang(response, *, pengaduan_id: int, kode: str | None):
    """The receipt of a new filing (with its code), or of a repeated one (kode=None)."""
    sampai = time.time() + LAMA_DETIK
    response.set_cookie(
        KUKI if kode else KUKI_ULANG,
        segel(pengaduan_id=pengaduan_id, kode=kode, sampai=sampai),
        max_age=LAMA_DETIK,
        path=path_kuki(),
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )
    if kode:
        response.delete_cookie(KUKI_ULANG, path=path_kuki(), samesite="Lax")
    return response


def hapus(response):
    for nama in (KUKI, KUKI_ULANG):
        response.delete_cookie(nama, path=path_kuki(), samesite="Lax")
    return response
