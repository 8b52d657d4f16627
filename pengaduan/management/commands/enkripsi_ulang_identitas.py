"""`manage.py enkripsi_ulang_identitas [--indeks]`: every encrypted identity not under the newest
IDENTITAS_KEY re-encrypted with it, in batches.

Resumable and idempotent: each batch is its own transaction, and a run reads only the rows that
still hold a value under an older key (a prefix comparison), so an interrupted run is simply run
again. `--indeks` also recomputes every NIK blind index under the current IDENTITAS_INDEKS_KEY
(needed after that key changed: until then the NIK search finds nothing)."""

import time

from django.core.management.base import BaseCommand
from django.db import connections

from netralitas import enkripsi


class Command(BaseCommand):
    help = (
        "Mengenkripsi ulang, bertahap, setiap nilai identitas yang belum di bawah kunci terbaru IDENTITAS_KEY; "
        "dengan --indeks juga menghitung ulang indeks buta NIK dengan IDENTITAS_INDEKS_KEY."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")
        parser.add_argument("--ukuran-batch", type=int, default=1000)
        parser.add_argument(
            "--indeks", action="store_true", help="Hitung ulang indeks buta NIK (setelah IDENTITAS_INDEKS_KEY diganti)."
        )

    def handle(self, *args, database, ukuran_batch, indeks, **options):
        connection = connections[database]
        terbaru = enkripsi.id_kunci_terbaru()
        awalan = f"{enkripsi.VERSI}:{terbaru}:"
        q = connection.ops.quote_name
        mulai = time.monotonic()
        total = 0
        for tabel, kolom in enkripsi.kolom_terenkripsi():
            # The prefix is "i1:" and hex digits: a literal in the SQL is safe.
            saring = " OR ".join(
                f"({q(k)} IS NOT NULL AND {q(k)} <> '' AND substr({q(k)}, 1, {len(awalan)}) <> '{awalan}')"
                for k in kolom
            )

            def ubah(b, tabel=tabel):
                return [
                    v
                    if v in (None, "") or v.startswith(awalan)
                    else enkripsi.enkripsi(
                        enkripsi.dekripsi(v, tabel=tabel, kolom=k) if enkripsi.terenkripsi(v) else v,
                        tabel=tabel,
                        kolom=k,
                    )
                    for k, v in b.items()
                ]

            n = enkripsi.olah_tabel(connection, tabel, kolom, ubah, saring=saring, ukuran=ukuran_batch)
            total += n
            self.stdout.write(f"  {tabel}: {n} baris dienkripsi ulang ({', '.join(kolom)}).")
        if indeks:
            n = self._indeks(connection, ukuran_batch)
            self.stdout.write(f"  pengaduan_pelapor: {n} indeks buta NIK dihitung ulang.")
        detik = time.monotonic() - mulai
        laju = (", " + f"{total / detik:,.0f}".replace(",", ".") + " baris/detik") if total and detik > 0 else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Selesai: {total} baris dienkripsi ulang dengan kunci {terbaru} dalam {detik:.1f} detik{laju}."
            )
        )

    def _indeks(self, connection, ukuran_batch: int) -> int:
        def ubah(b):
            nik = enkripsi.dekripsi(b["nik"], tabel="pengaduan_pelapor", kolom="nik") if b["nik"] else ""
            return [b["nik"], enkripsi.indeks_nik(nik)]

        return enkripsi.olah_tabel(connection, "pengaduan_pelapor", ["nik", "nik_indeks"], ubah, ukuran=ukuran_batch)
