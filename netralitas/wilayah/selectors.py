import csv
import functools
import io

from .models import Tingkat, Wilayah


def anak_wilayah(*, induk_kode: str | None):
    """Children of one node (provinces when no parent), ordered by name, as (kode, nama) pairs."""
    if not induk_kode:
        qs = Wilayah.objects.filter(tingkat=Tingkat.PROVINSI)
    else:
        qs = Wilayah.objects.filter(induk_id=induk_kode)
    return list(qs.order_by("nama").values_list("kode", "nama"))


def rantai_wilayah(kode: str) -> dict[int, str]:
    """{tingkat: kode} for a node and its ancestors, read off the dotted code itself."""
    bagian = kode.split(".")
    return {i + 1: ".".join(bagian[: i + 1]) for i in range(len(bagian))}


@functools.cache
def kode_provinsi_resmi() -> frozenset[str]:
    """The 38 province codes from the shipped official data (NIK's first two digits use them)."""
    from .management.commands.load_wilayah import DATA_DIR, _baca

    teks = _baca(DATA_DIR, "provinces.csv")
    return frozenset(r["code"] for r in csv.DictReader(io.StringIO(teks)))
