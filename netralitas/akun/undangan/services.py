"""Every write of a reviewer invitation, each audited: invite, send (the worker), re-send, revoke,
accept.

The link's token is made by the worker that sends the e-mail, inside the row lock, and only its
HMAC (under SECRET_KEY, or a key being rotated out) is kept: the token is in no table, cache,
session or log, before or after sending. A re-send makes a new token, so every earlier link stops
working; the acceptance uses it once; it expires BERLAKU after sending."""

import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format

from netralitas.antrean import antrekan, kirim_sekarang
from netralitas.audit.models import Aksi
from netralitas.audit.services import catat_audit
from netralitas.tautan_rahasia import samarkan_tautan

from ..models import Peran, ProfilStaf, StatusSurel, StatusUndangan, UndanganPeninjau
from .selectors import instansi_boleh_diundang
from .sinyal import peninjau_bergabung

KIRIM = "netralitas.akun.tasks.kirim_undangan"
BERLAKU = timezone.timedelta(days=7)
GRUP_PENINJAU = "Inspektorat/PPK"  # the role's group (migration 0002_grup_peran)
MAKS_PERCOBAAN = 20
JEDA_KIRIM_ULANG = timezone.timedelta(minutes=10)
# token_urlsafe(32): 43 characters of [A-Za-z0-9_-]. Anything else is not a token, unread.
POLA_TOKEN = re.compile(r"[A-Za-z0-9_\-]{43}")


class UndanganDitolak(Exception):
    """An invitation action refused, with the message the page shows."""


def sidik(token: str, kunci: str | None = None) -> str:
    return salted_hmac(
        "netralitas.akun.undangan.token", token, secret=kunci or settings.SECRET_KEY, algorithm="sha256"
    ).hexdigest()


def _objek(u: UndanganPeninjau) -> str:
    return f"pengguna {u.user.get_username()} (#{u.user_id})"


def _kantor(user) -> str:
    profil = getattr(user, "profil_staf", None)
    if profil is None:
        return "Bawaslu"
    if profil.peran in (Peran.BAWASLU_RI, Peran.ADMINISTRATOR) and profil.wilayah_id is None:
        return "Bawaslu RI" if profil.peran == Peran.BAWASLU_RI else "Administrator Posko Netralitas"
    nama = profil.wilayah.nama if profil.wilayah_id else ""
    return f"Bawaslu {nama}".strip()


# --- Bawaslu ----------------------------------------------------------------------------------------


@transaction.atomic
def undang_peninjau(*, oleh, instansi, nama: str, email: str, nip: str = "") -> UndanganPeninjau:
    """A new reviewer account for `instansi`, inactive until the invitee sets a password, and the
    e-mail with the link (sent by the worker after commit)."""
    if not instansi_boleh_diundang(oleh).filter(pk=instansi.pk).exists():
        raise UndanganDitolak("Instansi ini di luar wilayah tugas Anda.")
    email = (email or "").strip().lower()
    nama = " ".join((nama or "").split())
    User = get_user_model()
    if User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
        raise UndanganDitolak(
            "E-mail ini sudah dipakai akun lain. Jika undangannya belum diterima, kirim ulang undangan itu."
        )
    user = User(username=email, email=email, first_name=nama[:150], is_active=False, is_staff=True)
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=GRUP_PENINJAU))
    ProfilStaf.objects.create(user=user, peran=Peran.PENINJAU, instansi=instansi, nip=nip or "", wajib_dua_langkah=True)
    u = UndanganPeninjau.objects.create(user=user, instansi=instansi, diundang_oleh=oleh)
    catat_audit(
        aktor=oleh,
        aksi=Aksi.UNDANG_PENINJAU,
        objek=_objek(u),
        keterangan=f"Diundang sebagai peninjau {instansi.nama} ({nama}, {email}).",
    )
    antrekan(KIRIM, u.pk)
    return u


def _kunci(undangan) -> UndanganPeninjau:
    return (
        UndanganPeninjau.objects.select_for_update(of=("self",)).select_related("user", "instansi").get(pk=undangan.pk)
    )


@transaction.atomic
def kirim_ulang(*, undangan, oleh) -> UndanganPeninjau:
    """A new link (the old ones stop working at once), sent again; also reopens a revoked one."""
    u = _kunci(undangan)
    if u.status == StatusUndangan.DITERIMA:
        raise UndanganDitolak("Undangan ini sudah diterima; akunnya aktif.")
    u.status, u.sidik_token, u.kedaluwarsa = StatusUndangan.MENUNGGU, None, None
    u.status_surel, u.percobaan_surel, u.galat_surel = StatusSurel.MENUNGGU, 0, ""
    u.save()
    catat_audit(
        aktor=oleh,
        aksi=Aksi.KIRIM_ULANG_UNDANGAN,
        objek=_objek(u),
        keterangan=f"Undangan peninjau {u.instansi.nama} dikirim ulang; tautan lama tidak berlaku.",
    )
    antrekan(KIRIM, u.pk)
    return u


@transaction.atomic
def cabut(*, undangan, oleh) -> UndanganPeninjau:
    u = _kunci(undangan)
    if u.status != StatusUndangan.MENUNGGU:
        raise UndanganDitolak("Hanya undangan yang belum diterima yang dapat dicabut.")
    u.status, u.dicabut_pada, u.dicabut_oleh = StatusUndangan.DICABUT, timezone.now(), oleh
    u.save(update_fields=["status", "dicabut_pada", "dicabut_oleh"])
    catat_audit(
        aktor=oleh,
        aksi=Aksi.CABUT_UNDANGAN,
        objek=_objek(u),
        keterangan=f"Undangan peninjau {u.instansi.nama} dicabut.",
    )
    return u


# --- The worker -------------------------------------------------------------------------------------


def tautan(token: str) -> str:
    return settings.SITE_URL + reverse("akun:undangan_buka", args=[token])


def kirim_undangan(undangan_id: int) -> bool:
    """Send one pending invitation: a new token, its HMAC and expiry saved, the e-mail sent, all
    under the row lock (two workers never both send). Raises on SMTP failure so the task retries;
    the failure is recorded outside the rolled-back transaction."""
    try:
        with transaction.atomic():
            u = (
                UndanganPeninjau.objects.select_for_update(of=("self",))
                .select_related("user", "instansi", "diundang_oleh__profil_staf__wilayah")
                .filter(pk=undangan_id)
                .first()
            )
            if u is None or u.status != StatusUndangan.MENUNGGU or u.status_surel != StatusSurel.MENUNGGU:
                return False
            token = secrets.token_urlsafe(32)
            sekarang = timezone.now()
            u.sidik_token, u.kedaluwarsa = sidik(token), sekarang + BERLAKU
            u.percobaan_surel += 1
            u.dicoba_pada = sekarang
            konteks = {
                "nama": u.user.first_name or u.user.email,
                "instansi": u.instansi,
                "kantor": _kantor(u.diundang_oleh),
                "username": u.user.get_username(),
                "tautan": tautan(token),
                "berlaku_sampai": date_format(timezone.localtime(u.kedaluwarsa), "j F Y \\p\\u\\k\\u\\l H.i") + " WIB",
                "situs": settings.SITE_URL,
            }
            pesan = EmailMultiAlternatives(
                subject=" ".join(render_to_string("email/undangan_peninjau_subjek.txt", konteks).split()),
                body=render_to_string("email/undangan_peninjau.txt", konteks),
                to=[u.user.email],
            )
            pesan.attach_alternative(render_to_string("email/undangan_peninjau.html", konteks), "text/html")
            pesan.send()
            u.status_surel, u.terkirim_pada, u.galat_surel = StatusSurel.TERKIRIM, timezone.now(), ""
            u.save()
        return True
    except Exception as e:
        qs = UndanganPeninjau.objects.filter(pk=undangan_id, status_surel=StatusSurel.MENUNGGU)
        qs.update(
            percobaan_surel=F("percobaan_surel") + 1,
            galat_surel=samarkan_tautan(str(e))[:2000],
            dicoba_pada=timezone.now(),
        )
        qs.filter(percobaan_surel__gte=MAKS_PERCOBAAN).update(status_surel=StatusSurel.GAGAL)
        raise


def kirim_tertunda(*, umur_detik: int = 60) -> int:
    """Invitations whose e-mail task was lost (broker down, worker killed): enqueued again."""
    batas = timezone.now() - timezone.timedelta(seconds=umur_detik)
    ids = list(
        UndanganPeninjau.objects.filter(
            status=StatusUndangan.MENUNGGU, status_surel=StatusSurel.MENUNGGU, dibuat__lte=batas
        )
        .filter(Q(dicoba_pada__isnull=True) | Q(dicoba_pada__lte=timezone.now() - JEDA_KIRIM_ULANG))
        .order_by("dibuat")
        .values_list("pk", flat=True)[:200]
    )
    for pk in ids:
        kirim_sekarang(KIRIM, pk)
    return len(ids)


# --- The invitee ------------------------------------------------------------------------------------


@dataclass
class Pemeriksaan:
    undangan: UndanganPeninjau | None
    pesan: str = ""  # empty: the invitation may be accepted
    status: int = 200


PESAN_TIDAK_DIKENAL = (
    "Tautan undangan ini tidak dikenal, atau sudah diganti dengan undangan yang lebih baru. Buka tautan dari "
    "e-mail undangan terbaru Anda, atau minta Bawaslu yang mengundang Anda mengirim ulang undangan."
)


def _periksa(u: UndanganPeninjau | None) -> Pemeriksaan:
    if u is None:
        return Pemeriksaan(None, PESAN_TIDAK_DIKENAL, 404)
    if u.status == StatusUndangan.DITERIMA:
        return Pemeriksaan(
            u,
            "Undangan ini sudah dipakai untuk membuat kata sandi. Masuk ke Posko Netralitas dengan nama pengguna "
            "dan kata sandi Anda.",
            410,
        )
    if u.status == StatusUndangan.DICABUT:
        return Pemeriksaan(
            u, "Undangan ini sudah dicabut oleh Bawaslu. Hubungi Bawaslu jika Anda tetap memerlukan akun.", 410
        )
    if u.kedaluwarsa is None or u.kedaluwarsa_lewat:
        sampai = f" (berlaku sampai {date_format(timezone.localtime(u.kedaluwarsa), 'j F Y')})" if u.kedaluwarsa else ""
        return Pemeriksaan(
            u,
            f"Tautan undangan ini sudah kedaluwarsa{sampai}. Minta Bawaslu yang mengundang Anda mengirim ulang "
            "undangan.",
            410,
        )
    return Pemeriksaan(u)


def _sidik_semua(token: str) -> list[str]:
    return [sidik(token, k) for k in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)]


def periksa_token(token: str) -> Pemeriksaan:
    """The invitation a link's token opens, and why it may not be accepted (if it may not)."""
    if not isinstance(token, str) or not POLA_TOKEN.fullmatch(token):
        return _periksa(None)
    u = UndanganPeninjau.objects.select_related("user", "instansi").filter(sidik_token__in=_sidik_semua(token)).first()
    return _periksa(u)


def periksa_sesi(undangan_id, sidik_token) -> Pemeriksaan:
    """The invitation a session holds (after opening the link): still the same link, still open."""
    if not isinstance(undangan_id, int) or not isinstance(sidik_token, str) or not sidik_token:
        return _periksa(None)
    u = UndanganPeninjau.objects.select_related("user", "instansi").filter(pk=undangan_id).first()
    if u is not None and u.sidik_token != sidik_token:
        u = None  # re-sent since: only the newest link counts
    return _periksa(u)


@transaction.atomic
def terima_undangan(*, undangan_id: int, sidik_token: str, kata_sandi: str):
    """The invitee's password: the account becomes active (its second factor is enrolled next, at
    the login this leads to), the invitation is used, the agency's open cases reach the new
    reviewer (`peninjau_bergabung`)."""
    u = UndanganPeninjau.objects.select_for_update().filter(pk=undangan_id).first()
    hasil = _periksa(u if u is not None and u.sidik_token == sidik_token else None)
    if hasil.pesan:
        raise UndanganDitolak(hasil.pesan)
    u = _kunci(u)
    user = u.user
    user.set_password(kata_sandi)
    user.is_active = True
    user.save()
    u.status, u.diterima_pada = StatusUndangan.DITERIMA, timezone.now()
    u.save(update_fields=["status", "diterima_pada"])
    catat_audit(
        aktor=user,
        aksi=Aksi.TERIMA_UNDANGAN,
        objek=_objek(u),
        keterangan=f"Undangan peninjau {u.instansi.nama} dari {u.diundang_oleh.get_username()} diterima; "
        "kata sandi dibuat, verifikasi dua langkah wajib.",
    )
    peninjau_bergabung.send(sender=UndanganPeninjau, user=user, instansi=u.instansi)
    return user
