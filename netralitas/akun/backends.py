"""The authentication backend of every admin request: ModelBackend with two reads taken off it.

- The permission set comes from the shared cache. The stock backend asks PostgreSQL twice per
  request (the user's own permissions, then their groups'), and the admin asks on every page. The
  set is kept under one version that any change of a user's groups, a group's permissions or a
  user's flags raises (`signals.py`), so a revoked permission is gone on the next request, in every
  process. An inactive user has none, whatever the cache holds.
- The user is read together with their staff profile (role, region scope), which every page needs.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from netralitas import versi_cache

VERSI = "izin:versi"
UMUR = 60 * 10


def _kunci(user_obj) -> str:
    return f"izin:{user_obj.pk}"


def naikkan_versi() -> None:
    versi_cache.naikkan(VERSI)


def versi_izin():
    """The current version, for other caches of who holds which role where."""
    return versi_cache.versi(VERSI, lokal=False)


class ModelBackendBercache(ModelBackend):
    def get_user(self, user_id):
        # The staff profile (role and region scope) is read on every admin page: fetch it with the user.
        UserModel = get_user_model()
        try:
            user = UserModel._default_manager.select_related("profil_staf").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            # One round trip: the version and the user's entry together.
            simpan = cache.get_many([VERSI, _kunci(user_obj)])
            versi = simpan.get(VERSI) or versi_izin()
            entri = simpan.get(_kunci(user_obj))
            if entri is not None and entri[0] == versi and entri[1] == user_obj.is_superuser:
                user_obj._perm_cache = entri[2]
            else:
                izin = super().get_all_permissions(user_obj)
                cache.set(_kunci(user_obj), (versi, user_obj.is_superuser, izin), UMUR)
        return user_obj._perm_cache
