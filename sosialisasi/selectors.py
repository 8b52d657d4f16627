"""Reads and visibility of the socialization register."""

from django.db.models import Q
from django.utils import timezone

from netralitas.akun.lingkup import kode_dalam_lingkup, kode_lingkup
from netralitas.akun.models import PERAN_BAWASLU, Peran

from .models import DistribusiBahan, Kegiatan, SuratImbauan, UnggahanMedsos

# Who records events: Bawaslu at every level and local-government staff, each in their region.
PERAN_PENCATAT = PERAN_BAWASLU | {Peran.PEMDA, Peran.ADMINISTRATOR}


def lingkup_pencatat(user) -> str | None:
    """The region a user records events for: "" for all of them (national staff), a region code,
    or None for nobody's (inspektorat/PPK reviewers, the public, users without a profile)."""
    return kode_lingkup(user, PERAN_PENCATAT)


def kegiatan_visible_to(user):
    """Staff see and record the events held in their region (by code prefix, like cases);
    national staff see all; inspektorat/PPK reviewers and everyone else, none."""
    kode = lingkup_pencatat(user)
    if kode is None:
        return Kegiatan.objects.none()
    return Kegiatan.objects.filter(lingkup_wilayah(kode)) if kode else Kegiatan.objects.all()


def wilayah_dalam_lingkup(user, kode_wilayah: str) -> bool:
    """Whether the user may record something in this region (an event's place, a distribution's
    desa): the same rule, for a code."""
    return kode_dalam_lingkup(lingkup_pencatat(user), kode_wilayah)


def lingkup_wilayah(kode: str) -> Q:
    """Events held in a region: equality on the indexed province/kabupaten columns where it can,
    a prefix on the region code below that (a kecamatan or desa: a Panwascam's scope, a calendar's
    filter). The prefix goes through `wilayah__kode`, the same column without a join: Django allows
    no `startswith` on the foreign key itself."""
    if len(kode) == 2:
        return Q(provinsi=kode)
    if len(kode) == 5:
        return Q(kabkota=kode)
    return Q(kabkota=kode[:5]) & (Q(wilayah_id=kode) | Q(wilayah__kode__startswith=kode + "."))


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


# --- the imbauan register ----------------------------------------------------------------------------


def _di_lingkup(qs, kode: str | None, kolom_wilayah: str):
    if kode is None:
        return qs.none()
    if not kode:
        return qs
    if len(kode) == 2:
        return qs.filter(provinsi=kode)
    if len(kode) == 5:
        return qs.filter(kabkota=kode)
    return qs.filter(
        Q(kabkota=kode[:5])
        & (Q(**{f"{kolom_wilayah}_id": kode}) | Q(**{f"{kolom_wilayah}__kode__startswith": kode + "."}))
    )


def surat_visible_to(user):
    """Letters of imbauan sent for a region in the user's scope: the same rule as events."""
    return _di_lingkup(SuratImbauan.objects.all(), lingkup_pencatat(user), "wilayah")


def unggahan_visible_to(user):
    return _di_lingkup(UnggahanMedsos.objects.all(), lingkup_pencatat(user), "wilayah")


def distribusi_visible_to(user):
    """Distributions in a desa of the user's scope, loose or of an event."""
    return _di_lingkup(DistribusiBahan.objects.all(), lingkup_pencatat(user), "desa")


# What the public page of a region lists, newest first, at most this many of each.
BATAS_PENCEGAHAN = 100


def pencegahan_publik(kode: str) -> dict:
    """The prevention work of a region for /sosialisasi/: letters, posts, and distributions per desa
    (loose, or of a published event), each with its date. One query per list."""
    surat = (
        _di_lingkup(SuratImbauan.objects.all(), kode, "wilayah")
        .select_related("wilayah", "instansi")
        .order_by("-tanggal", "-id")[:BATAS_PENCEGAHAN]
    )
    unggahan = (
        _di_lingkup(UnggahanMedsos.objects.all(), kode, "wilayah")
        .select_related("wilayah")
        .order_by("-tanggal", "-id")[:BATAS_PENCEGAHAN]
    )
    distribusi = (
        _di_lingkup(DistribusiBahan.objects.all(), kode, "desa")
        .filter(Q(kegiatan__isnull=True) | Q(kegiatan__terbit=True))
        .select_related("desa")
        .order_by("-tanggal", "desa__nama", "id")[:BATAS_PENCEGAHAN]
    )
    return {"surat": list(surat), "unggahan": list(unggahan), "distribusi": list(distribusi)}
