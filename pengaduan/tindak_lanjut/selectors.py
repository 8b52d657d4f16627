"""Who acts for an agency and who is told of a forwarded case: the agency's reviewers, never a
terlapor of the case (same NIP), and the recommendations overdue."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from netralitas.akun.models import Peran

from ..models import PenerimaanRekomendasi, Pengaduan, Status
from ..transisi import TransisiDitolak

PENINJAU = Peran.PENINJAU


def nip_terlapor(pengaduan) -> set[str]:
    return {n for n in pengaduan.terlapor.values_list("nip", flat=True) if n}


def peninjau_instansi(pengaduan, instansi_ids):
    """Active reviewers of the given agencies with an e-mail, none of whom is a terlapor of the case."""
    qs = (
        get_user_model()
        .objects.filter(
            is_active=True,
            is_staff=True,
            profil_staf__peran=PENINJAU,
            profil_staf__instansi_id__in=list(instansi_ids),
        )
        .exclude(email="")
    )
    nip = nip_terlapor(pengaduan)
    if nip:
        qs = qs.exclude(profil_staf__nip__in=nip)
    return qs.order_by("pk")


def instansi_berpeninjau(pengaduan, instansi_ids=None) -> set[int]:
    """The agencies (of those given, or any) with a reviewer who would be told of this case."""
    qs = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, profil_staf__peran=PENINJAU)
        .exclude(email="")
        .exclude(profil_staf__instansi__isnull=True)
    )
    if instansi_ids is not None:
        qs = qs.filter(profil_staf__instansi_id__in=list(instansi_ids))
    nip = nip_terlapor(pengaduan)
    if nip:
        qs = qs.exclude(profil_staf__nip__in=nip)
    return set(qs.values_list("profil_staf__instansi_id", flat=True).distinct())


def instansi_peninjau(oleh, p: Pengaduan):
    """The reviewer's agency, if the case was forwarded to it and the reviewer is not a terlapor
    of it; refused otherwise. The views check the same through `kasus_instansi_visible_to`; this
    keeps the rule in the service for any other caller."""
    profil = getattr(oleh, "profil_staf", None)
    r = getattr(p, "rekomendasi", None)
    if (
        profil is None
        or profil.peran != PENINJAU
        or r is None
        or not r.instansi.filter(pk=profil.instansi_id).exists()
        or (profil.nip and profil.nip in nip_terlapor(p))
    ):
        raise TransisiDitolak("Pengaduan ini tidak diteruskan ke instansi Anda.")
    return profil.instansi


def instansi_tanpa_peninjau(p: Pengaduan) -> list:
    """The agencies a case was forwarded to that had no reviewer to tell: what the staff member
    who forwarded it is warned about."""
    return [
        pr.instansi
        for pr in PenerimaanRekomendasi.objects.filter(rekomendasi__pengaduan=p, tanpa_peninjau=True)
        .select_related("instansi")
        .order_by("instansi__nama")
    ]


def rekomendasi_lewat_tenggat(qs=None, *, hari_ini=None):
    """Forwarded cases whose agency has not concluded by the deadline."""
    hari_ini = hari_ini or timezone.localdate()
    qs = Pengaduan.objects.all() if qs is None else qs
    return qs.filter(status__in=(Status.DITERUSKAN, Status.PEMERIKSAAN_INSTANSI), tenggat__lt=hari_ini)
