"""Raise the permission cache's version whenever what ModelBackend reads, or who holds a role
where, could have changed; and keep an agency for every pemda when the regions are (re)loaded."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from netralitas.wilayah.signals import wilayah_dimuat

from .backends import naikkan_versi
from .instansi import setelah_wilayah_dimuat
from .models import ProfilStaf


def _ubah(sender, **kwargs):
    if kwargs.get("update_fields") == frozenset({"last_login"}):
        return  # every login saves this; it changes no permission
    # After commit as well: a process that read the old rows between the change and the commit
    # would otherwise cache them under the new version.
    naikkan_versi()
    transaction.on_commit(naikkan_versi)


def hubungkan():
    User = get_user_model()
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(_ubah, sender=through, dispatch_uid=f"izin-{through._meta.label}")
    # A staff profile's role or region changes who is told of a new case (pengaduan.selectors).
    for model in (User, Group, Permission, ProfilStaf):
        post_save.connect(_ubah, sender=model, dispatch_uid=f"izin-simpan-{model._meta.label}")
        post_delete.connect(_ubah, sender=model, dispatch_uid=f"izin-hapus-{model._meta.label}")
    wilayah_dimuat.connect(setelah_wilayah_dimuat, dispatch_uid="akun-instansi-pemda")
