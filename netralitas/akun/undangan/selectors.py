"""Who may invite reviewers, for which agencies, and which invitations they see."""

from django.db.models import Q

from ..lingkup import kode_lingkup
from ..models import Instansi, Peran, UndanganPeninjau

# The Panwascam forwards nothing to agencies; the agency's own staff never invite.
PERAN_PENGUNDANG = frozenset({Peran.BAWASLU_KABKOTA, Peran.BAWASLU_PROVINSI, Peran.BAWASLU_RI, Peran.ADMINISTRATOR})


def lingkup_pengundang(user) -> str | None:
    """ "" for national inviters, a region code, or None for whoever may not invite."""
    return kode_lingkup(user, PERAN_PENGUNDANG)


def _q_instansi(lingkup: str, awalan: str = "") -> Q:
    if not lingkup:
        return Q()
    return Q(**{f"{awalan}wilayah_id": lingkup}) | Q(**{f"{awalan}wilayah__kode__startswith": lingkup + "."})


def instansi_boleh_diundang(user):
    """Active agencies the user may invite a reviewer for: a pemda in their region; national
    agencies (no region: BKN, ministries) only for national staff."""
    lingkup = lingkup_pengundang(user)
    if lingkup is None:
        return Instansi.objects.none()
    return Instansi.objects.filter(_q_instansi(lingkup), aktif=True)


def undangan_visible_to(user):
    lingkup = lingkup_pengundang(user)
    if lingkup is None:
        return UndanganPeninjau.objects.none()
    return UndanganPeninjau.objects.filter(_q_instansi(lingkup, "instansi__"))
