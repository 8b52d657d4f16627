"""Seed the violation categories (SKB 2022 Lampiran II, ordered by frequency in Pilkada 2020) with
their ethics/discipline mapping, and the deadline rules (DESIGN.md §3). Both stay editable in the admin."""

from django.db import migrations

# (kode, nama, keterangan, etik, disiplin, perlu_uraian)
KATEGORI = [
    ("kampanye-media-sosial", "Kampanye atau sosialisasi calon di media sosial", "Mengunggah materi kampanye, ajakan memilih", True, True, False),
    ("interaksi-media-sosial", "Interaksi media sosial dengan akun calon/partai", "Posting, komentar, bagikan, suka, ikut grup pemenangan", True, False, False),
    ("kegiatan-keberpihakan", "Kegiatan yang mengarah keberpihakan", "Pertemuan, ajakan, imbauan, seruan, pemberian barang", True, True, False),
    ("foto-bersama", "Foto bersama calon dengan gestur atau atribut", "Simbol jari, gerakan tangan, atribut partai", True, False, False),
    ("menghadiri-deklarasi", "Menghadiri deklarasi atau kampanye calon", "", True, False, False),
    ("pendekatan-parpol", "Pendekatan ke partai politik", "Mendaftar atau melamar sebagai bakal calon", True, False, False),
    ("kampanye-bakal-calon", "Ikut kampanye/sosialisasi bakal calon", "", True, True, False),
    ("kampanye-pasangan", "Ikut kampanye pasangan (suami/istri) tanpa cuti", "", True, False, False),
    ("alat-peraga", "Memasang alat peraga kampanye", "Spanduk, baliho, stiker calon", True, False, False),
    ("anggota-parpol", "Menjadi anggota/pengurus partai politik", "", False, True, False),
    ("tim-pemenangan", "Menjadi tim ahli, tim pemenangan, atau konsultan calon", "", True, True, False),
    ("dukungan-ktp", "Memberi dukungan KTP untuk calon perseorangan", "", False, True, False),
    ("keputusan-menguntungkan", "Keputusan/tindakan yang menguntungkan atau merugikan calon", "Termasuk janji jabatan, mutasi", False, True, False),
    ("fasilitas-negara", "Penggunaan fasilitas negara untuk kepentingan calon", "Kendaraan dinas, gedung, anggaran", False, True, False),
    ("lainnya", "Lainnya", "Uraikan sendiri", True, True, True),
]

# (jenis_pemilihan, langkah, jumlah_hari, jenis_hari, perpanjangan, dasar_hukum)
ATURAN = [
    ("pemilu", "pelaporan", 7, "kerja", 0, "UU 7/2017 Pasal 454 ayat (5); Perbawaslu 7/2022"),
    ("pilkada", "pelaporan", 7, "kalender", 0, "UU 10/2016 Pasal 134 ayat (4)"),
    ("pemilu", "kajian_awal", 2, "kerja", 0, "Perbawaslu 7/2022"),
    ("pilkada", "kajian_awal", 2, "kalender", 0, "Perbawaslu 9/2024"),
    ("pemilu", "perbaikan", 3, "kerja", 0, "Perbawaslu 7/2022"),
    ("pilkada", "perbaikan", 3, "kalender", 0, "Perbawaslu 9/2024"),
    ("pemilu", "penanganan", 7, "kerja", 7, "UU 7/2017 Pasal 454 ayat (6)-(7)"),
    ("pilkada", "penanganan", 3, "kalender", 2, "UU 10/2016 Pasal 134 ayat (5)"),
    ("pemilu", "temuan", 7, "kerja", 0, "UU 7/2017 Pasal 454"),
    ("pilkada", "temuan", 7, "kalender", 0, "UU 10/2016"),
]


def seed(apps, schema_editor):
    Kategori = apps.get_model("pengaduan", "KategoriPelanggaran")
    Aturan = apps.get_model("pengaduan", "AturanTenggat")
    for i, (kode, nama, ket, etik, disiplin, uraian) in enumerate(KATEGORI, start=1):
        Kategori.objects.update_or_create(
            kode=kode,
            defaults=dict(nama=nama, keterangan=ket, urutan=i * 10, jalur_etik=etik, jalur_disiplin=disiplin, perlu_uraian=uraian),
        )
    for jenis, langkah, hari, jenis_hari, perpanjangan, dasar in ATURAN:
        Aturan.objects.update_or_create(
            jenis_pemilihan=jenis,
            langkah=langkah,
            defaults=dict(jumlah_hari=hari, jenis_hari=jenis_hari, perpanjangan_hari=perpanjangan, dasar_hukum=dasar),
        )


class Migration(migrations.Migration):
    dependencies = [("pengaduan", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
