"""Raise the permission cache's version whenever what ModelBackend reads, or who holds a role
where, could have changed; keep an agency for every pemda when the regions are (re)loaded; forget a
user's cached second-factor devices when one changes, and start every password login before the
second step."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from netralitas.wilayah.signals import wilayah_dimuat

from .backends import naikkan_versi
from .dua_faktor import aturan, services
from .instansi import setelah_wilayah_dimuat
from .models import ProfilStaf


def _ubah(sender, **kwargs):
    if kwargs.get("update_fields") == frozenset({"last_login"}):
        return  # every login saves this; it changes no permission
    # After commit as well: a process that read the old rows between the change and the commit
    # would otherwise cache them under the new version.
    naikkan_versi()
    transaction.on_commit(naikkan_versi)


def _perangkat_berubah(sender, instance, **kwargs):
    aturan.lupakan_perangkat(instance.user_id)


def _setelah_kata_sandi(sender, request, user, **kwargs):
    """A password login starts before the second step, even for a session that had passed it; a
    login with no second step is complete, and clears the failures as AXES_RESET_ON_SUCCESS did."""
    if request is None:
        return
    if hasattr(request, "session"):
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
        services.catat_kata_sandi(request)
    aturan.lupakan_keputusan(request)
    if not aturan.memakai_langkah_kedua(user):
        services.bersihkan_kegagalan(request, user)


def _setelah_keluar(sender, request, user, **kwargs):
    if request is not None:
        aturan.lupakan_keputusan(request)


def hubungkan():
    User = get_user_model()
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(_ubah, sender=through, dispatch_uid=f"izin-{through._meta.label}")
    # A staff profile's role or region changes who is told of a new case (pengaduan.selectors).
    for model in (User, Group, Permission, ProfilStaf):
        post_save.connect(_ubah, sender=model, dispatch_uid=f"izin-simpan-{model._meta.label}")
        post_delete.connect(_ubah, sender=model, dispatch_uid=f"izin-hapus-{model._meta.label}")
    wilayah_dimuat.connect(setelah_wilayah_dimuat, dispatch_uid="akun-instansi-pemda")
    for model in (TOTPDevice, StaticDevice):
        post_save.connect(_perangkat_berubah, sender=model, dispatch_uid=f"2fa-simpan-{model._meta.label}")
        post_delete.connect(_perangkat_berubah, sender=model, dispatch_uid=f"2fa-hapus-{model._meta.label}")
    user_logged_in.connect(_setelah_kata_sandi, dispatch_uid="2fa-setelah-kata-sandi")
    user_logged_out.connect(_setelah_keluar, dispatch_uid="2fa-setelah-keluar")
