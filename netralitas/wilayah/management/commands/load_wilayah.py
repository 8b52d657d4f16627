"""Load the Kemendagri region tree shipped in netralitas/wilayah/data (ODbL, see LICENSE.md there)."""

import csv
import gzip
import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from netralitas.wilayah.models import Tingkat, Wilayah

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
BERKAS = [
    (Tingkat.PROVINSI, "provinces.csv", None),
    (Tingkat.KABUPATEN_KOTA, "regencies.csv", "province_code"),
    (Tingkat.KECAMATAN, "districts.csv", "regency_code"),
    (Tingkat.DESA, "villages.csv", "district_code"),
]
PANJANG_KODE = {Tingkat.PROVINSI: 2, Tingkat.KABUPATEN_KOTA: 5, Tingkat.KECAMATAN: 8, Tingkat.DESA: 13}


def _baca(folder: Path, nama: str):
    polos = folder / nama
    if polos.exists():
        return polos.read_text(encoding="utf-8")
    with gzip.open(folder / f"{nama}.gz", "rt", encoding="utf-8") as f:
        return f.read()


class Command(BaseCommand):
    help = "Memuat wilayah Kemendagri (provinsi, kabupaten/kota, kecamatan, desa/kelurahan). Idempoten."

    def add_arguments(self, parser):
        parser.add_argument("--data", default=str(DATA_DIR), help="Folder berkas CSV (boleh .csv.gz).")
        parser.add_argument(
            "--awalan", default="", help="Hanya muat wilayah berkode awalan ini (mis. 35 untuk Jawa Timur)."
        )

    def handle(self, *args, data, awalan, **options):
        folder = Path(data)
        baris = {}
        for tingkat, nama, kolom_induk in BERKAS:
            for r in csv.DictReader(io.StringIO(_baca(folder, nama))):
                kode, induk = r["code"].strip(), (r[kolom_induk].strip() if kolom_induk else None)
                if len(kode) != PANJANG_KODE[tingkat] or (induk and not kode.startswith(induk + ".")):
                    raise CommandError(f"Kode tidak sah di {nama}: {kode!r}")
                if awalan and not (kode.startswith(awalan) or awalan.startswith(kode)):
                    continue
                baris[kode] = (r["name"].strip(), int(tingkat), induk)

        ada = {k: (n, t, i) for k, n, t, i in Wilayah.objects.values_list("kode", "nama", "tingkat", "induk_id")}
        baru = [k for k in baris if k not in ada]
        berubah = [k for k in baris if k in ada and ada[k] != baris[k]]
        if not baru and not berubah:
            self.stdout.write(f"Wilayah sudah mutakhir ({len(ada)} baris); tidak ada yang diubah.")
            return

        with transaction.atomic():
            # Codes sort parent-first, so each parent exists before its children.
            Wilayah.objects.bulk_create(
                [Wilayah(kode=k, nama=baris[k][0], tingkat=baris[k][1], induk_id=baris[k][2]) for k in sorted(baru)],
                batch_size=2000,
            )
            objek = [Wilayah(kode=k, nama=baris[k][0], tingkat=baris[k][1], induk_id=baris[k][2]) for k in berubah]
            Wilayah.objects.bulk_update(objek, ["nama", "tingkat", "induk"], batch_size=2000)
        hitung = {t.label: sum(1 for v in baris.values() if v[1] == t) for t in Tingkat}
        self.stdout.write(
            f"Wilayah dimuat: {len(baru)} baru, {len(berubah)} diperbarui. "
            + ", ".join(f"{label}: {n}" for label, n in hitung.items())
        )
