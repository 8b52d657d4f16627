"""The retention table's defaults (UU 27/2022), the table's permissions for administrators, and the
legal-hold permission for the roles of the offices that handle cases and for administrators. Each rule's text says why its period is what it
is; administrators change them in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

UU_PDP = (
    "UU 27/2022 tentang Pelindungan Data Pribadi: Pasal 16 ayat (2) (data pribadi dihapus/dimusnahkan "
    "setelah masa retensi berakhir), Pasal 43 (penghapusan bila tidak lagi diperlukan untuk tujuan "
    "pemrosesan) dan Pasal 44 (pemusnahan setelah masa retensi habis, kecuali masih berkaitan dengan "
    "penyelesaian proses hukum: untuk itu ada penahanan hukum per pengaduan)."
)
ARSIP = (
    "UU 43/2009 tentang Kearsipan: arsip penanganan pelanggaran tetap disimpan (nomor, status, "
    "kronologi, hasil kajian, sanksi); yang dihapus hanya data pribadi dan berkasnya. Sesuaikan "
    "jangka waktu dengan Jadwal Retensi Arsip Bawaslu yang berlaku."
)

ATURAN = [
    (
        "identitas_pelapor",
        730,
        "2 tahun setelah pengaduan ditutup. Identitas diperlukan selama sanksi masih dapat diuji "
        "(keberatan/banding administratif terlapor, gugatan ke PTUN dalam 90 hari, dan banding/kasasinya) "
        "dan selama pemeriksaan atas penanganan Bawaslu (inspektorat, BPK) lazim berlangsung. Sesudah itu "
        "identitas hanya menjadi risiko bagi pelapor yang melaporkan atasannya sendiri. ",
    ),
    (
        "identitas_saksi",
        730,
        "2 tahun setelah pengaduan ditutup, sama dengan identitas pelapor: saksi hanya dapat dipanggil "
        "lagi selama sanksi masih dapat diuji. ",
    ),
    (
        "bukti_asli",
        1825,
        "5 tahun (satu siklus pemilu) setelah pengaduan ditutup. Berkas asli dengan metadatanya adalah "
        "alat bukti: pelanggaran berulang oleh ASN yang sama pada pemilihan berikutnya dan sengketa "
        "atas sanksi dapat memerlukannya. Berkas asli dapat memuat wajah, lokasi GPS, dan nomor seri "
        "perangkat pelapor, maka tidak disimpan tanpa batas. ",
    ),
    (
        "salinan_bukti",
        365,
        "1 tahun setelah pengaduan ditutup. Salinan tanpa metadata dan pratinjau dibuat untuk "
        "pemeriksaan oleh instansi; sesudah kasus ditutup instansi sudah memutus dan berkas aslinya "
        "masih disimpan Bawaslu. ",
    ),
    (
        "dokumen_pengaduan",
        730,
        "2 tahun setelah pengaduan ditutup, sama dengan identitas pelapor: pindaian formulir laporan "
        "bertanda tangan memuat nama, NIK, alamat, dan tanda tangan pelapor. ",
    ),
    (
        "lampiran_pesan",
        730,
        "2 tahun setelah pengaduan ditutup, sama dengan identitas pelapor: lampiran percakapan dengan "
        "pelapor kerap memuat identitas dan kontaknya. ",
    ),
    (
        "dokumen_klarifikasi",
        1825,
        "5 tahun setelah pengaduan ditutup, sama dengan berkas bukti asli: berita acara klarifikasi "
        "bertanda tangan adalah bagian dari berkas pembuktian. Nama pelapor atau saksi yang "
        "diklarifikasi dihapus lebih dahulu, bersama identitas mereka. ",
    ),
]

TAHAN_HUKUM = ["Administrator", "Bawaslu RI", "Bawaslu Provinsi", "Bawaslu Kabupaten/Kota"]


def isi(apps, schema_editor):
    Aturan = apps.get_model("pengaduan", "AturanRetensi")
    for jenis, hari, alasan in ATURAN:
        Aturan.objects.get_or_create(
            jenis=jenis, defaults={"hari_setelah_ditutup": hari, "dasar_hukum": alasan + UU_PDP + " " + ARSIP}
        )
    config = apps.get_app_config("pengaduan")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    izin = Permission.objects.get(content_type__app_label="pengaduan", codename="tahan_hukum")
    for grup in Group.objects.filter(name__in=TAHAN_HUKUM):
        grup.permissions.add(izin)
    # The retention table is the administrators' to read and change (never to add or delete).
    for grup in Group.objects.filter(name="Administrator"):
        grup.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="pengaduan", codename__in=["view_aturanretensi", "change_aturanretensi"]
            )
        )


class Migration(migrations.Migration):
    dependencies = [("pengaduan", "0023_retensi"), ("akun", "0006_undangan_peninjau")]
    operations = [migrations.RunPython(isi, migrations.RunPython.noop)]
