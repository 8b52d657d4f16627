"""Who must pass a second step after the password, and whether this session has.

The rule (DESIGN.md §4, "staff who can see identities log in with a second factor"):
- every role that can open a reporter's identity: the Bawaslu roles (Panwascam, Bawaslu
  Kabupaten/Kota, Provinsi, RI) see the identity of every non-confidential report in their scope
  (`pengaduan.selectors.boleh_lihat_identitas`), and the administrator role sees every case;
- every administrator: a superuser, the administrator role, and anyone who may create or change
  accounts, groups or staff profiles (they can give themselves any of the above);
- everyone on the staff when `WAJIB_2FA_SEMUA` is on;
- every account whose profile says so (`wajib_dua_langkah`): the reviewer accounts Bawaslu invites
  (netralitas.akun.undangan), whose invitation is to a password and a second factor;
- and anyone who enrolled of their own accord (inspektorat/PPK, pemda staff): a second factor that
  could be skipped would protect nothing.
Inspektorat/PPK and pemda staff never see an identity and may log in with a password alone.

A session has passed the second step when it names (django_otp's session key) one of the user's
confirmed devices. The user's confirmed devices are read from the shared cache, so an admin page
costs no device query; every save or delete of a device forgets the entry (signals), so a reset
ends the verified sessions of that user at their next request, in every process.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY

from netralitas.akun.models import PERAN_BAWASLU, Peran

PERAN_WAJIB = PERAN_BAWASLU | {Peran.ADMINISTRATOR}
# Who holds one of these can make any account an administrator: an administrator themselves.
IZIN_PENGELOLA_AKUN = frozenset(
    {
        "auth.add_user",
        "auth.change_user",
        "auth.add_group",
        "auth.change_group",
        "akun.add_profilstaf",
        "akun.change_profilstaf",
    }
)
# Short: a delete lost while Redis was down (netralitas.cache_redis drops it rather than fail the page)
# leaves the old list for at most this long after Redis is back.
UMUR_CACHE = 60


def staf_aktif(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def wajib(user) -> bool:
    """Whether the rule above requires a second step of this account (whatever it enrolled)."""
    if not staf_aktif(user):
        return False
    if settings.WAJIB_2FA_SEMUA or user.is_superuser:
        return True
    profil = getattr(user, "profil_staf", None)
    if profil is not None and (profil.peran in PERAN_WAJIB or profil.wajib_dua_langkah):
        return True
    return bool(IZIN_PENGELOLA_AKUN & user.get_all_permissions())


def _kunci(user_id) -> str:
    return f"2fa:perangkat:{user_id}"


def perangkat_terkonfirmasi(user) -> frozenset[str]:
    """The persistent ids (django_otp) of the user's confirmed devices, from the shared cache."""
    from django_otp import devices_for_user

    kunci = _kunci(user.pk)
    simpan = cache.get(kunci)
    if simpan is None:
        simpan = frozenset(d.persistent_id for d in devices_for_user(user, confirmed=True))
        cache.set(kunci, simpan, UMUR_CACHE)
    return simpan


def lupakan_perangkat(user_id) -> None:
    """Forget the cached device list now and again after commit: a process that read the old rows
    between the change and the commit would otherwise cache them again."""
    kunci = _kunci(user_id)
    cache.delete(kunci)
    transaction.on_commit(lambda: cache.delete(kunci))


def terverifikasi(request) -> bool:
    """Whether this session passed the second step with a device the user still has."""
    perangkat = request.session.get(DEVICE_ID_SESSION_KEY)
    return bool(perangkat) and staf_aktif(request.user) and perangkat in perangkat_terkonfirmasi(request.user)


def memakai_langkah_kedua(user) -> bool:
    """Whether a login of this account has a second step: the rule requires it, or they enrolled."""
    return staf_aktif(user) and (wajib(user) or bool(perangkat_terkonfirmasi(user)))


def perlu_langkah_kedua(request) -> bool:
    """A staff session past the password that must still pass the second step before any admin
    page. Kept on the request: the admin site asks several times per page."""
    if not hasattr(request, "_perlu_langkah_kedua"):
        request._perlu_langkah_kedua = memakai_langkah_kedua(request.user) and not terverifikasi(request)
    return request._perlu_langkah_kedua


def lupakan_keputusan(request) -> None:
    """After the second step (or a reset) in this request: ask the rule again."""
    request.__dict__.pop("_perlu_langkah_kedua", None)
