"""Every write of the second step: enrolment, a code checked (and counted), backup codes, a reset.

Enrolment happens only within BATAS_PENDAFTARAN of typing the password, in the session that typed
it, on a secret made for that session alone: a session left open on a lost phone cannot enrol a new
device after an administrator's reset, and a password known to someone else before the owner
enrolled does not show them the owner's secret. Backup codes are stored as HMACs (a database dump
holds no usable code).

A wrong code is a failed login for django-axes, as a wrong password is: both count towards the one
lock of that username from that address (AXES_FAILURE_LIMIT within AXES_COOLOFF_TIME). The counter
is cleared only when the whole login succeeds (AXES_RESET_ON_SUCCESS is off; see
`bersihkan_kegagalan`). Each device also slows its own guesses from every address at once
(django-otp's throttling: after n wrong codes the next is refused for 2^(n-1) seconds), so a
password known on many addresses still buys no fast way through the 6-digit code.
"""

import enum
import re
import time
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.middleware.csrf import rotate_token
from django.utils.crypto import salted_hmac
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from netralitas.audit.models import Aksi
from netralitas.audit.services import catat_audit

from . import aturan

JUMLAH_KODE_CADANGAN = 10
NAMA_TOTP = "Aplikasi autentikator"
NAMA_CADANGAN = "Kode cadangan"
_BUKAN_KODE = re.compile(r"[\s-]+")
POLA_TOTP = re.compile(r"[0-9]{6}")
POLA_CADANGAN = re.compile(r"[a-z2-7]{8}")
# Session keys: when this session's password was typed, and the device it is enrolling.
SESI_KATA_SANDI = "2fa:kata_sandi_pada"
SESI_PENDAFTARAN = "2fa:pendaftaran"
BATAS_PENDAFTARAN = 15 * 60  # seconds after the password in which a session may enrol a device


class Hasil(enum.Enum):
    BERHASIL = "berhasil"
    SALAH = "salah"
    TUNGGU = "tunggu"  # the device's own throttle: too many wrong codes just now
    TERKUNCI = "terkunci"  # django-axes: this username from this address is locked


@dataclass
class Pemeriksaan:
    hasil: Hasil
    perangkat: object = None
    tunggu_sampai: datetime | None = None


def bersihkan_kode(kode: str) -> str:
    """A code as typed: spaces and hyphens dropped, backup codes in lower case."""
    return _BUKAN_KODE.sub("", kode or "").lower()


def kunci_teks(perangkat: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed by hand: base32, in groups of four."""
    teks = b32encode(perangkat.bin_key).decode()
    return " ".join(teks[i : i + 4] for i in range(0, len(teks), 4))


def kredensial(user) -> dict:
    """The credentials django-axes keys its counts on."""
    return {"username": user.get_username()}


def terkunci(request, user) -> bool:
    """Whether django-axes has locked this username from this address."""
    return not AxesProxyHandler.is_allowed(request, kredensial(user))


def _catat_kegagalan(request, user) -> bool:
    """Count a wrong code as django-axes counts a wrong password; True when that locked the pair."""
    user_login_failed.send(sender=__name__, credentials=kredensial(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def bersihkan_kegagalan(request, user) -> None:
    """The whole login succeeded: forget the failures of this username from this address (what
    AXES_RESET_ON_SUCCESS would do at the password, moved to the end of the login)."""
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.get_implementation().reset_user_attempts(request, kredensial(user))


def _sidik_kode(kode: str, kunci: str) -> str:
    """What the database keeps of a backup code: an HMAC under the site's key, cut to the 16
    characters django-otp's token column holds (80 bits; the code itself has 40)."""
    digest = salted_hmac("netralitas.akun.dua_faktor.kode_cadangan", kode, secret=kunci, algorithm="sha256").digest()
    return b32encode(digest).decode()[:16].lower()


def _pakai_kode_cadangan(perangkat: StaticDevice, kode: str) -> bool:
    """django-otp's StaticDevice.verify_token, comparing HMACs: under the current key or a key
    being rotated out (SECRET_KEY_FALLBACKS), so a key rotation voids no code."""
    sidik = [_sidik_kode(kode, k) for k in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)]
    token = perangkat.token_set.filter(token__in=sidik).first()
    if token is None:
        perangkat.throttle_increment()
        return False
    token.delete()
    perangkat.throttle_reset(commit=False)
    perangkat.set_last_used_timestamp(commit=False)
    perangkat.save()
    return True


def _periksa(request, user, perangkat, kode: str) -> Pemeriksaan:
    """Check one code against one device, inside a row lock (a code is good once). Counts a wrong
    code with django-axes; a device still throttled is not asked, and nothing is counted."""
    if terkunci(request, user):
        return Pemeriksaan(Hasil.TERKUNCI)
    with transaction.atomic():
        perangkat = type(perangkat).objects.select_for_update().filter(pk=perangkat.pk, user=user).first()
        if perangkat is None:
            return Pemeriksaan(Hasil.SALAH)
        boleh, info = perangkat.verify_is_allowed()
        if not boleh:
            return Pemeriksaan(Hasil.TUNGGU, perangkat, (info or {}).get("locked_until"))
        if isinstance(perangkat, StaticDevice):
            benar = _pakai_kode_cadangan(perangkat, kode)
        else:
            benar = perangkat.verify_token(kode)
    if benar:
        return Pemeriksaan(Hasil.BERHASIL, perangkat)
    return Pemeriksaan(Hasil.TERKUNCI if _catat_kegagalan(request, user) else Hasil.SALAH, perangkat)


def periksa_kode(request, user, kode: str) -> Pemeriksaan:
    """A code from the authenticator app (six digits) or a backup code (eight characters),
    checked against the user's confirmed device of that kind."""
    kode = bersihkan_kode(kode)
    model = TOTPDevice if POLA_TOTP.fullmatch(kode) else StaticDevice
    perangkat = model.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if perangkat is None:
        # Nothing to check against is still a wrong code: it counts, as a wrong password does.
        if terkunci(request, user):
            return Pemeriksaan(Hasil.TERKUNCI)
        return Pemeriksaan(Hasil.TERKUNCI if _catat_kegagalan(request, user) else Hasil.SALAH)
    return _periksa(request, user, perangkat, kode)


def tandai_terverifikasi(request, perangkat) -> None:
    """The session passed the second step: a new session key and CSRF token (what an attacker
    planted or saw before is worth nothing now), the device in the session, failures forgotten."""
    request.session.cycle_key()
    request.session[DEVICE_ID_SESSION_KEY] = perangkat.persistent_id
    rotate_token(request)
    aturan.lupakan_keputusan(request)
    bersihkan_kegagalan(request, request.user)


def verifikasi(request, kode: str) -> Pemeriksaan:
    """The second step of a login: a good code marks the session verified."""
    hasil = periksa_kode(request, request.user, kode)
    if hasil.hasil is Hasil.BERHASIL:
        tandai_terverifikasi(request, hasil.perangkat)
    return hasil


# --- Enrolment ---------------------------------------------------------------------------------------


def punya_totp(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def catat_kata_sandi(request) -> None:
    """This session has just been given the password (the login page, or a test's force_login)."""
    request.session[SESI_KATA_SANDI] = time.time()
    request.session.pop(SESI_PENDAFTARAN, None)


def boleh_mendaftar(request) -> bool:
    """Whether this session typed the password recently enough to enrol a device."""
    pada = request.session.get(SESI_KATA_SANDI)
    return isinstance(pada, int | float) and 0 <= time.time() - pada <= BATAS_PENDAFTARAN


def _perangkat_sesi(request):
    pk = request.session.get(SESI_PENDAFTARAN)
    if not isinstance(pk, int):
        return None
    return TOTPDevice.objects.filter(pk=pk, user=request.user, confirmed=False).first()


def mulai_pendaftaran(request) -> TOTPDevice:
    """The unconfirmed device whose secret the enrolment page shows, made for this session: the
    same one on every reload of it (the app scanned a minute ago still matches), and no other
    session's. The confirmation removes every other unfinished one (and a reset, all of them)."""
    perangkat = _perangkat_sesi(request)
    if perangkat is None:
        perangkat = TOTPDevice.objects.create(user=request.user, name=NAMA_TOTP, confirmed=False)
        request.session[SESI_PENDAFTARAN] = perangkat.pk
    return perangkat


@dataclass
class Pendaftaran:
    pemeriksaan: Pemeriksaan
    kode_cadangan: list[str]


def konfirmasi_pendaftaran(request, kode: str) -> Pendaftaran:
    """The first code from the app confirms the device: it becomes the user's only authenticator,
    fresh backup codes are made (shown once), and the session is verified."""
    user = request.user
    perangkat = _perangkat_sesi(request)
    if perangkat is None:
        return Pendaftaran(Pemeriksaan(Hasil.SALAH), [])
    hasil = _periksa(request, user, perangkat, bersihkan_kode(kode))
    if hasil.hasil is not Hasil.BERHASIL:
        return Pendaftaran(hasil, [])
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=perangkat.pk).delete()
        perangkat.confirmed = True
        perangkat.save(update_fields=["confirmed"])
        kode_cadangan = buat_kode_cadangan(user)
    request.session.pop(SESI_PENDAFTARAN, None)
    tandai_terverifikasi(request, perangkat)
    return Pendaftaran(hasil, kode_cadangan)


def buat_kode_cadangan(user, *, oleh=None) -> list[str]:
    """New backup codes for the user, returned to be shown once and stored only as HMACs; the old
    ones stop working. The device itself stays, so a session verified with a backup code stays
    verified. `oleh`: the user asked for them on their own page (audited); None at enrolment."""
    with transaction.atomic():
        perangkat, _ = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": NAMA_CADANGAN, "confirmed": True}
        )
        if not perangkat.confirmed:
            perangkat.confirmed = True
            perangkat.save(update_fields=["confirmed"])
        perangkat.token_set.all().delete()
        kode = []
        while len(kode) < JUMLAH_KODE_CADANGAN:
            baru = StaticToken.random_token()
            if baru not in kode:
                kode.append(baru)
        StaticToken.objects.bulk_create(
            [StaticToken(device=perangkat, token=_sidik_kode(k, settings.SECRET_KEY)) for k in kode]
        )
        if oleh is not None:
            catat_audit(
                aktor=oleh,
                aksi=Aksi.KODE_CADANGAN_2FA,
                objek=f"pengguna {user.get_username()} (#{user.pk})",
                keterangan=f"{JUMLAH_KODE_CADANGAN} kode cadangan baru dibuat; kode lama tidak berlaku.",
            )
    return kode


def sisa_kode_cadangan(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- A lost device ------------------------------------------------------------------------------------


@dataclass
class Ringkasan:
    aplikasi: int
    aplikasi_belum_dikonfirmasi: int
    kode_cadangan: int

    def __str__(self):
        bagian = [f"{self.aplikasi} aplikasi autentikator"]
        if self.aplikasi_belum_dikonfirmasi:
            bagian.append(f"{self.aplikasi_belum_dikonfirmasi} pendaftaran yang belum selesai")
        bagian.append(f"{self.kode_cadangan} kode cadangan yang belum terpakai")
        return ", ".join(bagian)


@transaction.atomic
def atur_ulang(*, user, oleh, alasan: str, jalur: str) -> Ringkasan:
    """Remove every second-factor device of `user` (a lost or replaced phone), with an audit row:
    who did it (`oleh`, None for the server command), through which door (`jalur`), and why. The
    user's verified sessions lose their verification at their next request (the cached device list
    is forgotten with the rows) and are sent to the enrolment page, which logs out any session
    whose password is older than BATAS_PENDAFTARAN (the one left open on the lost phone): the user
    enrols again after typing the password, or, if no rule requires a second step of them, logs in
    with the password alone."""
    totp = list(TOTPDevice.objects.select_for_update().filter(user=user))
    statis = StaticDevice.objects.filter(user=user)
    ringkasan = Ringkasan(
        aplikasi=sum(1 for d in totp if d.confirmed),
        aplikasi_belum_dikonfirmasi=sum(1 for d in totp if not d.confirmed),
        kode_cadangan=StaticToken.objects.filter(device__in=statis).count(),
    )
    TOTPDevice.objects.filter(user=user).delete()
    statis.delete()
    aturan.lupakan_perangkat(user.pk)
    catat_audit(
        aktor=oleh,
        aksi=Aksi.ATUR_ULANG_2FA,
        objek=f"pengguna {user.get_username()} (#{user.pk})",
        keterangan=f"{jalur}. Dihapus: {ringkasan}. Alasan: {alasan}",
    )
    return ringkasan
