"""Reads and visibility of the socialization register."""

from django.db.models import Q
from django.utils import timezone

from netralitas.akun.models import PERAN_BAWASLU, Peran

from .models import Kegiatan

# Who records events: Bawaslu at every level and local-government staff, each in their region.
PERAN_PENCATAT = PERAN_BAWASLU | {Peran.PEMDA, Peran.ADMINISTRATOR}


def _lingkup_pencatat(user) -> str | None:
    """The region a user records events for: "" for all of them (national staff), a region code,
    or None for nobody's (inspektorat/PPK reviewers, the public, users without a profile)."""
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return None
    if user.is_superuser:
        return ""
    profil = getattr(user, "profil_staf", None)
    if profil is None or profil.peran not in PERAN_PENCATAT:
        return None
    if profil.wilayah_id is None:
        return "" if profil.nasional else None
    return profil.wilayah_id


def kegiatan_visible_to(user):
    """Staff see and record the events held in their region (by code prefix, like cases);
    national staff see all; inspektorat/PPK reviewers and everyone else, none."""
    kode = _lingkup_pencatat(user)
    if kode is None:
        return Kegiatan.objects.none()
    return Kegiatan.objects.filter(lingkup_wilayah(kode)) if kode else Kegiatan.objects.all()


def wilayah_dalam_lingkup(user, kode_wilayah: str) -> bool:
    """Whether the user may place an event in this region: the same rule, for a code."""
    kode = _lingkup_pencatat(user)
    return kode is not None and (not kode or kode_wilayah == kode or kode_wilayah.startswith(kode + "."))


def lingkup_wilayah(kode: str) -> Q:
    """Events held in a region: equality on the indexed province/kabupaten columns where it can,
    a prefix on the region code below that."""
    if len(kode) == 2:
        return Q(provinsi=kode)
    if len(kode) == 5:
        return Q(kabkota=kode)
    return Q(wilayah_id=kode) | Q(wilayah_id__startswith=kode + ".")


def kegiatan_publik():
    return Kegiatan.objects.filter(terbit=True)


def akan_datang(qs=None, *, sekarang=None):
    sekarang = sekarang or timezone.now()
    qs = kegiatan_publik() if qs is None else qs
    return qs.filter(Q(mulai__gte=sekarang) | Q(selesai__gte=sekarang)).order_by("mulai", "id")


def sudah_lewat(qs=None, *, sekarang=None):
    sekarang = sekarang or timezone.now()
    qs = kegiatan_publik() if qs is None else qs
    return (
        qs.filter(mulai__lt=sekarang)
        .filter(Q(selesai__isnull=True) | Q(selesai__lt=sekarang))
        .order_by("-mulai", "-id")
    )
