"""Load the Kemendagri region tree shipped in netralitas/wilayah/data (ODbL, see LICENSE.md there)."""

import csv
import io
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from netralitas.wilayah.models import Tingkat, Wilayah
from netralitas.wilayah.selectors import wilayah_berubah
from netralitas.wilayah.signals import wilayah_dimuat
from netralitas.wilayah.sumber import BERKAS, DATA_DIR, baca

# ASCII digits only, one pattern per level: '35', '35.07', '35.07.13', '35.07.13.1007'.
POLA_KODE = {
    Tingkat.PROVINSI: re.compile(r"[0-9]{2}"),
    Tingkat.KABUPATEN_KOTA: re.compile(r"[0-9]{2}\.[0-9]{2}"),
    Tingkat.KECAMATAN: re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}"),
    Tingkat.DESA: re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}"),
}
PANJANG_NAMA = Wilayah._meta.get_field("nama").max_length


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
            try:
                teks = baca(folder, nama)
            except FileNotFoundError:
                raise CommandError(f"Berkas {nama} (atau {nama}.gz) tidak ditemukan di {folder}.")
            pembaca = csv.DictReader(io.StringIO(teks))
            kolom = {"code", "name"} | ({kolom_induk} if kolom_induk else set())
            if not kolom <= set(pembaca.fieldnames or ()):
                raise CommandError(f"Kolom {nama} harus memuat {', '.join(sorted(kolom))}.")
            for r in pembaca:
                kode = (r["code"] or "").strip()
                induk = (r[kolom_induk] or "").strip() if kolom_induk else None
                nama_wilayah = (r["name"] or "").strip()
                # The parent must be exactly the code minus its last part: no skipped level, no stranger.
                if not POLA_KODE[tingkat].fullmatch(kode) or (kolom_induk and induk != kode.rsplit(".", 1)[0]):
                    raise CommandError(f"Kode tidak sah di {nama}: {kode!r} (induk {induk!r})")
                if not nama_wilayah or len(nama_wilayah) > PANJANG_NAMA:
                    raise CommandError(f"Nama wilayah {kode} di {nama} kosong atau lebih dari {PANJANG_NAMA} huruf.")
                if awalan and not (kode.startswith(awalan) or awalan.startswith(kode)):
                    continue
                baris[kode] = (nama_wilayah, int(tingkat), induk)

        ada = {k: (n, t, i) for k, n, t, i in Wilayah.objects.values_list("kode", "nama", "tingkat", "induk_id")}
        yatim = sorted(k for k, (_, _, i) in baris.items() if i and i not in baris and i not in ada)
        if yatim:
            raise CommandError(f"Induk wilayah tidak ada untuk {len(yatim)} kode, mis. {yatim[0]!r}.")
        baru = [k for k in baris if k not in ada]
        berubah = [k for k in baris if k in ada and ada[k] != baris[k]]
        if not baru and not berubah:
            self.stdout.write(f"Wilayah sudah mutakhir ({len(ada)} baris); tidak ada yang diubah.")
            self._beri_tahu()
            self._analyze()
            return

        with transaction.atomic():
            # Codes sort parent-first, so each parent exists before its children.
            Wilayah.objects.bulk_create(
                [Wilayah(kode=k, nama=baris[k][0], tingkat=baris[k][1], induk_id=baris[k][2]) for k in sorted(baru)],
                batch_size=2000,
            )
            objek = [Wilayah(kode=k, nama=baris[k][0], tingkat=baris[k][1], induk_id=baris[k][2]) for k in berubah]
            Wilayah.objects.bulk_update(objek, ["nama", "tingkat", "induk"], batch_size=2000)
        wilayah_berubah()
        hitung = {t.label: sum(1 for v in baris.values() if v[1] == t) for t in Tingkat}
        self.stdout.write(
            f"Wilayah dimuat: {len(baru)} baru, {len(berubah)} diperbarui. "
            + ", ".join(f"{label}: {n}" for label, n in hitung.items())
        )
        self._beri_tahu()
        self._analyze()

    def _analyze(self):
        """PostgreSQL plans joins to the region table from its statistics. Left to autovacuum (or
        off, as on some servers), a freshly loaded table was estimated at a sixth of its rows, and
        the admin's list of a name search hash-joined all 91,599 regions twice (58 ms instead of 1).
        Cheap (under a second), so every run does it."""
        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                c.execute(f"ANALYZE {connection.ops.quote_name(Wilayah._meta.db_table)}")

    def _beri_tahu(self):
        # Whoever keeps rows per region brings them up to date (every pemda is an agency
        # recommendations can go to: netralitas.akun.instansi), and says what it did.
        wilayah_dimuat.send(sender=Wilayah, laporkan=self.stdout.write)
