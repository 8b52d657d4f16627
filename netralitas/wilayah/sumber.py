"""The official region data shipped in `data/` (idn-area-data, ODbL: see LICENSE.md there): where it
is, which file holds which level, and how to read one. Read by the loader (`load_wilayah`) and by the
selectors (the province codes NIK validation checks), neither of which owns the other."""

import gzip
from pathlib import Path

from .models import Tingkat

DATA_DIR = Path(__file__).resolve().parent / "data"
# (level, file, the column naming the parent's code)
BERKAS = [
    (Tingkat.PROVINSI, "provinces.csv", None),
    (Tingkat.KABUPATEN_KOTA, "regencies.csv", "province_code"),
    (Tingkat.KECAMATAN, "districts.csv", "regency_code"),
    (Tingkat.DESA, "villages.csv", "district_code"),
]


def baca(folder: Path, nama: str) -> str:
    """The text of `nama` in `folder`, plain or gzipped (`nama.gz`); FileNotFoundError if neither."""
    polos = folder / nama
    if polos.exists():
        return polos.read_text(encoding="utf-8")
    with gzip.open(folder / f"{nama}.gz", "rt", encoding="utf-8") as f:
        return f.read()
