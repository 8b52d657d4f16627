"""Demo cases for the deadline steps of issue 15 (`seed_demo`, a laptop only), written through the
services: a completion request to a reporter who gave no e-mail (the notice is owed, the case page
offers "Catat pemberitahuan", the dashboard counts its 1-day deadline), and a withdrawn report that
Bawaslu Kabupaten Malang keeps as informasi awal (the reporter's /lacak/ still reads "dicabut")."""

from django.conf import settings
from django.contrib.auth import get_user_model

from netralitas.akun.models import Peran

from . import transisi
from .demo_panwascam import _lapor
from .models import Status
from .pelaporan.services import cabut_pengaduan

LAPORAN = [
    (
        "35.07.13.1007",
        "interaksi-media-sosial",
        "Rina Kartika",
        "Dinas Kesehatan Kabupaten Malang",
        "Pegawai dinas membagikan unggahan kampanye calon bupati di grup WhatsApp kantor.",
    ),
    (
        "35.07.13.2005",
        "menghadiri-deklarasi",
        "Hadi Susilo",
        "Kantor Desa Kepanjen",
        "Sekretaris desa hadir dan berpidato di deklarasi relawan calon bupati.",
    ),
]


def seed(stdout=None) -> list:
    """Write the two demo cases; refuses when DEBUG is off. Returns them."""
    if not settings.DEBUG:
        raise RuntimeError("Data contoh hanya untuk pemakaian lokal: DEBUG harus menyala.")
    kabupaten = get_user_model().objects.get(username="bawaslu.malang")
    perbaikan, dicabut = (_lapor(*baris, hari_lalu=1) for baris in LAPORAN)
    transisi.ubah_status(pengaduan=perbaikan, ke=Status.KAJIAN_AWAL, peran=Peran.BAWASLU_KABKOTA, oleh=kabupaten)
    transisi.ubah_status(
        pengaduan=perbaikan,
        ke=Status.PERLU_PERBAIKAN,
        peran=Peran.BAWASLU_KABKOTA,
        oleh=kabupaten,
        pesan_pelapor="Mohon lampirkan tangkapan layar percakapan grup yang memuat tanggal dan nama pengirim.",
    )
    cabut_pengaduan(pengaduan=dicabut, alasan="Pelapor khawatir dikenali oleh atasannya.")
    transisi.ubah_status(
        pengaduan=dicabut,
        ke=Status.INFORMASI_AWAL,
        peran=Peran.BAWASLU_KABKOTA,
        oleh=kabupaten,
        alasan="Kejadian rinci dengan saksi dan foto; ditelusuri sebagai informasi awal (Perbawaslu 7/2022).",
    )
    if stdout is not None:
        stdout.write(
            f"Tenggat: #{perbaikan.pk} menunggu pemberitahuan perbaikan (pelapor tanpa e-mail); "
            f"#{dicabut.pk} dicabut pelapor lalu disimpan sebagai informasi awal."
        )
    return [perbaikan, dicabut]
