"""Reads and visibility. `pengaduan_visible_to(user)` is the one rule for every staff surface:
admin list and change page, evidence downloads, exports."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from netralitas.akun.models import PERAN_BAWASLU, Peran

from .models import Pengaduan


def _profil(user):
    return getattr(user, "profil_staf", None) if user.is_authenticated else None


def pengaduan_visible_to(user):
    qs = Pengaduan.objects.all()
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return qs.none()
    if user.is_superuser:
        return qs
    profil = _profil(user)
    if profil is None or profil.peran not in PERAN_BAWASLU | {Peran.ADMINISTRATOR}:
        # Inspektorat/PPK reviewers see forwarded cases of their agency (a later issue); nothing else.
        return qs.none()
    if profil.nasional:
        return qs
    return qs.filter(**lingkup_kantor(profil.wilayah_id))


def lingkup_kantor(kode: str | None) -> dict:
    """The handling office's code by prefix, as an equality on the indexed scope columns: a scope
    `35.07` covers the office of 35.07 and those of its kecamatan; `35` all of Jawa Timur's."""
    if not kode:
        return {"pk__in": []}
    if len(kode) == 2:
        return {"kantor_provinsi": kode}
    if len(kode) == 5:
        return {"kantor_kabkota": kode}
    # A kecamatan (Panwascam) has no office below it; a desa scope is never given.
    return {"kantor_wilayah_id": kode}


def boleh_lihat_identitas(user, pengaduan) -> bool:
    """Non-confidential identity: Bawaslu staff whose scope covers the case. Confidential: they must
    also hold the permission. Never inspektorat/PPK users."""
    if not hasattr(pengaduan, "pelapor"):
        return False
    if not pengaduan_visible_to(user).filter(pk=pengaduan.pk).exists():
        return False
    profil = _profil(user)
    if not user.is_superuser and (profil is None or profil.peran == Peran.PENINJAU):
        return False
    if pengaduan.pelapor.rahasia:
        return user.has_perm("pengaduan.lihat_identitas_rahasia")
    return True


def staf_wilayah_kasus(pengaduan):
    """Active Bawaslu staff whose scope covers the case's handling office, with an e-mail."""
    kode = pengaduan.kantor_wilayah.kode_leluhur if pengaduan.kantor_wilayah_id else []
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, profil_staf__peran__in=PERAN_BAWASLU)
        .filter(
            Q(profil_staf__wilayah_id__in=kode)
            | Q(profil_staf__wilayah__isnull=True, profil_staf__peran=Peran.BAWASLU_RI)
        )
        .exclude(email="")
        .distinct()
    )
