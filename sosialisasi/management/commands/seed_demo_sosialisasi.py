"""Demo socialization events for a local laptop (the cases and staff are pengaduan's `seed_demo`;
`make run` runs both). Refuses to run when DEBUG is off."""

import datetime
import io

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from PIL import Image

from netralitas.wilayah.models import Wilayah
from sosialisasi.demo_imbauan import isi_register_imbauan
from sosialisasi.models import Foto, JenisKegiatan, Kegiatan, Moda
from sosialisasi.services import antrekan_thumbnail

# (jenis, judul, wilayah, days from now, penyelenggara)
KEGIATAN = [
    (
        JenisKegiatan.SOSIALISASI,
        "Sosialisasi netralitas ASN menjelang Pilkada",
        "35.07.13",
        5,
        "Bawaslu Kabupaten Malang",
    ),
    (JenisKegiatan.DEKLARASI, "Deklarasi netralitas ASN Kabupaten Malang", "35.07", 12, "Pemerintah Kabupaten Malang"),
    (
        JenisKegiatan.RAPAT_KOORDINASI,
        "Rapat koordinasi pengawasan netralitas ASN",
        "35",
        -20,
        "Bawaslu Provinsi Jawa Timur",
    ),
    (JenisKegiatan.APEL_IKRAR, "Apel dan ikrar netralitas ASN Kota Bandung", "32.73", 8, "Pemerintah Kota Bandung"),
]


def _foto_demo() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (640, 480), (122, 28, 28)).save(buf, "JPEG")
    return SimpleUploadedFile("foto-kegiatan.jpg", buf.getvalue(), content_type="image/jpeg")


class Command(BaseCommand):
    help = "Membuat kegiatan sosialisasi contoh untuk pemakaian lokal (hanya saat DEBUG menyala)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo_sosialisasi hanya untuk pemakaian lokal: DEBUG harus menyala.")
        if not Wilayah.objects.exists():
            raise CommandError("Muat wilayah dulu: python manage.py load_wilayah")
        isi_register_imbauan(self.stdout)  # the imbauan register (sosialisasi.demo_imbauan)
        if Kegiatan.objects.exists():
            return
        sekarang = timezone.now().replace(minute=0, second=0, microsecond=0)
        for jenis, judul, wilayah, hari, penyelenggara in KEGIATAN:
            k = Kegiatan.objects.create(
                jenis=jenis,
                judul=judul,
                mulai=sekarang + datetime.timedelta(days=hari, hours=2),
                selesai=sekarang + datetime.timedelta(days=hari, hours=5),
                wilayah_id=wilayah,
                tempat="Aula utama",
                penyelenggara=penyelenggara,
                peserta_luring=150,
                peserta_daring=40 if jenis == JenisKegiatan.RAPAT_KOORDINASI else 0,
                moda=Moda.HIBRIDA if jenis == JenisKegiatan.RAPAT_KOORDINASI else Moda.LURING,
                tautan_daring="https://zoom.example/j/123" if jenis == JenisKegiatan.RAPAT_KOORDINASI else "",
            )
            k.narasumber.create(nama="Dr. Sri Wahyuni", jabatan="Kepala Kantor Regional", lembaga="BKN", urutan=1)
            k.narasumber.create(nama="Ahmad Fauzi", jabatan="Anggota", lembaga="Bawaslu", urutan=2)
            foto = Foto.objects.create(kegiatan=k, berkas=_foto_demo(), ekstensi=".jpg", keterangan="Suasana kegiatan")
            antrekan_thumbnail(foto)
        self.stdout.write(f"Kegiatan sosialisasi contoh: {len(KEGIATAN)}.")
