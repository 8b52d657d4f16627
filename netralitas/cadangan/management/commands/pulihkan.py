"""`manage.py pulihkan ARSIP`: an archive of `cadangkan` into an empty database and an empty folder.

Exit codes: 0 done; 2 refused before anything was written (the database and the folder are
untouched: fix the cause and run it again; argparse's usage errors are 2 as well); 1 failed after
writing began, or an unexpected error (the database and the folder may hold part of the restore:
empty both before the next try).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from netralitas.cadangan import sandi
from netralitas.cadangan import services as s
from netralitas.cadangan.galat import Ditolak, Gagal

KODE_DITOLAK = 2
KODE_GAGAL = 1


class Command(BaseCommand):
    help = (
        "Memulihkan arsip `cadangkan` ke basis data KOSONG dan folder berkas (PRIVATE_MEDIA_ROOT) KOSONG. "
        "Seluruh arsip diperiksa terhadap manifest dan segelnya sebelum apa pun ditulis, lalu hasilnya "
        "diperiksa lagi. Kode keluar: 0 selesai; 2 ditolak sebelum apa pun ditulis (basis data dan folder "
        "tidak tersentuh); 1 gagal setelah penulisan dimulai (kosongkan keduanya sebelum mengulang)."
    )

    def add_arguments(self, parser):
        parser.add_argument("arsip", help="Berkas .tar buatan `manage.py cadangkan`.")
        parser.add_argument(
            "--periksa-saja", action="store_true", help="Hanya memeriksa keutuhan arsip; tidak menulis apa pun."
        )
        parser.add_argument("--database", default="default", help="Alias basis data tujuan (bawaan: default).")
        parser.add_argument(
            "--nama-basis-data",
            help="Pulihkan ke basis data bernama ini (kosong, di server yang sama, dengan pengguna yang sama), "
            "bukan ke basis data alias itu; mis. posko_pulih, yang lalu diganti nama menjadi posko.",
        )
        parser.add_argument(
            "--jobs", type=int, default=1, help="pg_restore paralel (bukan satu transaksi); bawaan 1 (satu transaksi)."
        )
        parser.add_argument(
            "--folder-sementara",
            help="Tempat dump diekstrak sebelum dipulihkan (bawaan: TMPDIR); perlu ruang seukuran dump.",
        )
        parser.add_argument(
            "--berkas-lama",
            help="Folder berkas sebelumnya: berkasnya yang tidak ada di arsip (lebih baru dari cadangan) ikut dibawa.",
        )
        parser.add_argument(
            "--terima-tanpa-enkripsi",
            action="store_true",
            help="Terima juga arsip tanpa enkripsi (buatan versi sebelum arsip dienkripsi dengan CADANGAN_KEY).",
        )
        parser.add_argument(
            "--paksa-versi",
            action="store_true",
            help="Pulihkan juga arsip yang migrasinya tidak dikenal versi aplikasi ini.",
        )

    def handle(
        self,
        *args,
        arsip,
        periksa_saja,
        database,
        nama_basis_data,
        jobs,
        folder_sementara,
        berkas_lama,
        paksa_versi,
        terima_tanpa_enkripsi,
        **options,
    ):
        sebelumnya = sandi.terima_polos
        sandi.terima_polos = sebelumnya or terima_tanpa_enkripsi
        try:
            if periksa_saja:
                self._periksa(Path(arsip))
                return
            r = s.pulihkan(
                path=Path(arsip),
                alias=database,
                nama_basis_data=nama_basis_data,
                jobs=max(1, jobs),
                folder_sementara=Path(folder_sementara) if folder_sementara else None,
                berkas_lama=Path(berkas_lama) if berkas_lama else None,
                paksa_versi=paksa_versi,
                lapor=self.stdout.write,
            )
        except Ditolak as e:
            raise CommandError(str(e), returncode=KODE_DITOLAK)
        except Gagal as e:
            raise CommandError(str(e), returncode=KODE_GAGAL)
        finally:
            sandi.terima_polos = sebelumnya
        gaya = {"sukses": self.style.SUCCESS, "peringatan": self.style.WARNING}
        for jenis, baris in s.baris_pemulihan(r, batas=50):
            self.stdout.write(gaya.get(jenis, str)(baris))

    def _periksa(self, path: Path):
        hasil = s.periksa(path)
        m = hasil.manifest
        bd = m["basis_data"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Arsip utuh: {path} ({s.ukuran_manusia(hasil.ukuran)}); {s.angka(hasil.anggota)} anggota "
                f"({s.ukuran_manusia(hasil.byte_anggota)}) cocok dengan manifest dan segelnya."
            )
        )
        self.stdout.write(
            f"  Terenkripsi dengan CADANGAN_KEY (id kunci {hasil.id_kunci}); setiap potongan terautentikasi."
            if hasil.id_kunci
            else "  Arsip TIDAK terenkripsi (buatan versi sebelum enkripsi cadangan)."
        )
        self.stdout.write(
            f"  Dibuat {m['dibuat']} oleh versi {m['versi_aplikasi']}; basis data {bd.get('server', bd['mesin'])} "
            f"({len(bd['jumlah_baris'])} tabel, {s.angka(sum(bd['jumlah_baris'].values()))} baris); "
            f"{s.angka(m['berkas']['jumlah'])} berkas, termasuk karantina {s.angka(m['berkas']['karantina'])}."
        )
        if m.get("berkas_hilang"):
            self.stdout.write(
                self.style.WARNING(f"  {len(m['berkas_hilang'])} berkas sudah hilang saat dicadangkan (berkas_hilang).")
            )
        if m.get("berkas_dihapus_setelah_potret"):
            self.stdout.write(
                self.style.WARNING(
                    f"  {len(m['berkas_dihapus_setelah_potret'])} baris di dump merujuk berkas yang dihapus setelah "
                    "potret basis data (berkas_dihapus_setelah_potret); berkasnya tidak ada di arsip."
                )
            )
