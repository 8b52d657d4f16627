"""`manage.py cadangkan [tujuan]`: the database and the private files in one verified archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from netralitas.cadangan import services as s
from netralitas.cadangan.galat import Ditolak, Gagal


class Command(BaseCommand):
    help = (
        "Mencadangkan basis data (pg_dump format custom, atau salinan SQLite) dan seluruh berkas privat "
        "(PRIVATE_MEDIA_ROOT, termasuk karantina) ke satu arsip tar (izin 0600) dengan manifest SHA-256, "
        "dienkripsi dengan CADANGAN_KEY (AES-256-GCM per potongan)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "tujuan",
            nargs="?",
            help="Berkas .tar tujuan, atau folder (nama berkas dibuat dari waktu). Bawaan: CADANGAN_DIR.",
        )
        parser.add_argument("--database", default="default", help="Alias basis data (bawaan: default).")
        parser.add_argument(
            "--izinkan-hilang",
            action="store_true",
            help="Selesai dengan kode 0 walaupun ada berkas yang dirujuk basis data tetapi tidak ada di folder, "
            "atau berkas yang menyusut saat disalin.",
        )

    def handle(self, *args, tujuan, database, izinkan_hilang, **options):
        try:
            r = s.cadangkan(tujuan=Path(tujuan) if tujuan else None, alias=database, lapor=self.stdout.write)
        except (Ditolak, Gagal) as e:
            raise CommandError(str(e))
        tulis = self.stdout.write
        tulis(
            self.style.SUCCESS(
                f"Cadangan selesai: {r.arsip} ({s.ukuran_manusia(r.ukuran)}, izin 0600), {s.detik(r.detik)}."
            )
        )
        tulis(
            f"  Basis data: {r.server}, {r.tabel} tabel, {s.angka(r.baris)} baris; "
            f"dump {s.ukuran_manusia(r.ukuran_basis_data)} dalam {s.detik(r.detik_basis_data)}."
        )
        tulis(
            f"  Berkas: {s.angka(r.berkas)} berkas, {s.ukuran_manusia(r.byte_berkas)} dalam {s.detik(r.detik_berkas)}; "
            f"termasuk karantina {s.angka(r.karantina)} berkas ({s.ukuran_manusia(r.byte_karantina)})."
        )
        tulis(f"  Manifest: SHA-256 untuk {s.angka(r.berkas + 1)} anggota, versi aplikasi {r.versi}.")
        if r.rujukan_di_arsip == r.rujukan:
            tulis(f"  Rujukan berkas di basis data: {s.angka(r.rujukan)}, semuanya ada di arsip.")
        else:
            tulis(
                f"  Rujukan berkas di basis data: {s.angka(r.rujukan)}, {s.angka(r.rujukan_di_arsip)} di antaranya "
                "ada di arsip."
            )
        if r.dihapus_setelah_potret:
            tulis(
                self.style.WARNING(
                    f"  {len(r.dihapus_setelah_potret)} berkas dihapus bersama barisnya setelah potret basis data "
                    "(mis. unggahan sementara yang kedaluwarsa): barisnya ada di dump, berkasnya tidak ada di arsip "
                    "(tercatat di manifest sebagai berkas_dihapus_setelah_potret):"
                )
            )
            self._daftar(r.dihapus_setelah_potret)
        if r.berubah:
            tulis(
                self.style.WARNING(
                    f"  {len(r.berubah)} berkas menyusut saat disalin (ditambal nol di arsip; tercatat di manifest "
                    "sebagai berkas_berubah_saat_dicadangkan):"
                )
            )
            for nama in r.berubah[:50]:
                tulis(f"    {nama}")
            if len(r.berubah) > 50:
                tulis(f"    … dan {len(r.berubah) - 50} lainnya (lihat manifest.json di arsip).")
        if r.hilang:
            tulis(
                self.style.WARNING(
                    f"  {len(r.hilang)} berkas yang dirujuk basis data tidak ada di folder berkas "
                    "(tercatat di manifest sebagai berkas_hilang):"
                )
            )
            self._daftar(r.hilang)
        if (r.hilang or r.berubah) and not izinkan_hilang:
            raise CommandError(
                "Arsip tetap ditulis, tetapi tidak lengkap: "
                + "; ".join(
                    alasan
                    for ada, alasan in (
                        (r.hilang, "berkas di atas hilang dari folder sebelum dicadangkan"),
                        (r.berubah, "berkas di atas menyusut saat disalin (sedang ditulis oleh proses lain?)"),
                    )
                    if ada
                )
                + ". Cari dan kembalikan berkas yang hilang (atau periksa karantina), ulangi cadangan saat tidak "
                "ada yang menulis berkas, atau jalankan dengan --izinkan-hilang bila keadaannya sudah diketahui.",
                returncode=2,
            )

    def _daftar(self, entri: list[dict]) -> None:
        for e in entri[:50]:
            self.stdout.write(f"    {e['model']}.{e['kolom']} pk={e['pk']}: {e['berkas']}")
        if len(entri) > 50:
            self.stdout.write(f"    … dan {len(entri) - 50} lainnya (lihat manifest.json di arsip).")
