"""Which Bawaslu office handles a new case: the one rule, read by every intake (the citizen's
/lapor/ and the staff's entry at an office), below both audiences' packages.

The level is data (`AturanKantorPenanganan`, one row per election type, editable by administrators),
because practice differs between Pemilu and Pilkada and the regulations change. The office is the
one of that level in the region of the incident; an incident place that does not reach that level
(an online violation named only by its kabupaten/kota, or only by its province) goes to the office of
the lowest level the place does reach. The rows are read once per process and kept until one changes
(a version in the shared cache, raised on every save or delete)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from netralitas import versi_cache
from netralitas.wilayah.models import Tingkat

from .models import AturanKantorPenanganan, TingkatKantor

# The region level of each office level; Bawaslu RI has no region.
TINGKAT_KANTOR_WILAYAH = {
    TingkatKantor.PANWASCAM: Tingkat.KECAMATAN,
    TingkatKantor.KABKOTA: Tingkat.KABUPATEN_KOTA,
    TingkatKantor.PROVINSI: Tingkat.PROVINSI,
}
# From the lowest office to the highest: a hand-over moves one step along it.
URUTAN_TINGKAT = [TingkatKantor.PANWASCAM, TingkatKantor.KABKOTA, TingkatKantor.PROVINSI, TingkatKantor.RI]
# When no row names an election type (a table emptied by hand): DESIGN.md §3's default.
TINGKAT_BAWAAN = TingkatKantor.KABKOTA
# The length of a region code at each level: "35", "35.07", "35.07.13".
PANJANG_KODE = {Tingkat.PROVINSI: 2, Tingkat.KABUPATEN_KOTA: 5, Tingkat.KECAMATAN: 8}

KUNCI_VERSI = "pengaduan:versi-aturan-kantor"
_aturan: dict = {}


def tingkat_penanganan(jenis_pemilihan: str) -> str:
    """The office level the rule names for an election type."""
    versi = versi_cache.versi(KUNCI_VERSI)
    if versi not in _aturan:
        _aturan.clear()
        _aturan[versi] = dict(AturanKantorPenanganan.objects.values_list("jenis_pemilihan", "tingkat_kantor"))
    return _aturan[versi].get(jenis_pemilihan, TINGKAT_BAWAAN)


def kantor_dari_wilayah(wilayah, jenis_pemilihan: str) -> tuple[str, str | None]:
    """(office level, the office's region code or None for Bawaslu RI) of a new case whose incident
    took place in `wilayah`. The level is the rule's; a place that does not reach it (only a
    kabupaten/kota where the rule says Panwascam, only a province where it says kabupaten/kota) gets
    the office of the lowest level it does reach."""
    tingkat = tingkat_penanganan(jenis_pemilihan)
    if tingkat == TingkatKantor.RI:
        return TingkatKantor.RI, None
    i = URUTAN_TINGKAT.index(tingkat)
    while URUTAN_TINGKAT[i] != TingkatKantor.RI:
        tingkat = URUTAN_TINGKAT[i]
        tingkat_wilayah = TINGKAT_KANTOR_WILAYAH[tingkat]
        if wilayah.tingkat >= tingkat_wilayah:
            return tingkat, wilayah.kode[: PANJANG_KODE[tingkat_wilayah]]
        i += 1
    return TingkatKantor.RI, None


@receiver(post_save, sender=AturanKantorPenanganan, dispatch_uid="aturan_kantor_disimpan")
@receiver(post_delete, sender=AturanKantorPenanganan, dispatch_uid="aturan_kantor_dihapus")
def _aturan_berubah(sender, **kwargs):
    # Now for this request, and after commit for a request that read the old rows meanwhile.
    versi_cache.naikkan(KUNCI_VERSI)
    transaction.on_commit(lambda: versi_cache.naikkan(KUNCI_VERSI), using=kwargs.get("using"))
