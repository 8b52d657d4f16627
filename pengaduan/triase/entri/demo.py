"""Demo data for reports taken by staff (called by seed_demo, which refuses to run when DEBUG is off):
a walk-in report with the signed form's scan, a phone tip, a letter, and a supervisor's finding,
entered by the demo Panwascam and Bawaslu Kabupaten Malang staff through the real service."""

import datetime
import io
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from netralitas.wilayah.models import Wilayah

from ...bukti import simpan_unggahan_sementara
from ...models import JenisASN, JenisKelamin, JenisPemilihan, Kanal, KategoriPelanggaran, Pengaduan, Sumber
from .services import create_pengaduan_staf, unggah_dokumen

ENTRI = [
    # petugas, sumber, kanal, keterangan saluran, hari lalu diterima, desa, kategori, terlapor, instansi
    (
        "panwascam.kepanjen",
        Sumber.LAPORAN,
        Kanal.DATANG_LANGSUNG,
        "",
        0,
        "35.07.13.1007",
        "kegiatan-keberpihakan",
        "Suparno",
        "Kantor Desa",
    ),
    (
        "panwascam.kepanjen",
        Sumber.INFORMASI_AWAL,
        Kanal.TELEPON,
        "Penelepon tidak bersedia menyebut nama",
        1,
        "35.07.13.2001",
        "menghadiri-deklarasi",
        "Lilik Handayani",
        "Puskesmas Kecamatan",
    ),
    (
        "bawaslu.malang",
        Sumber.LAPORAN,
        Kanal.SURAT,
        "Surat tanggal kemarin, diantar langsung",
        1,
        "35.07.01.2001",
        "keputusan-menguntungkan",
        "Haryono",
        "Dinas Pekerjaan Umum Kabupaten Malang",
    ),
    (
        "bawaslu.malang",
        Sumber.TEMUAN,
        Kanal.PENGAWASAN,
        "",
        0,
        "35.07.13.1007",
        "alat-peraga",
        "Widodo",
        "Kantor Kecamatan",
    ),
]


def _foto() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 90, 140)).save(buf, "JPEG")
    return SimpleUploadedFile("foto-pertemuan.jpg", buf.getvalue(), content_type="image/jpeg")


def _pindaian() -> SimpleUploadedFile:
    import pikepdf

    dok = pikepdf.new()
    dok.add_blank_page()
    buf = io.BytesIO()
    dok.save(buf)
    return SimpleUploadedFile("formulir-laporan-bertanda-tangan.pdf", buf.getvalue(), content_type="application/pdf")


def isi_demo(stdout) -> None:
    if not settings.DEBUG:
        raise RuntimeError("Data demo hanya untuk pemakaian lokal: DEBUG harus menyala.")
    if Pengaduan.objects.exclude(kanal=Kanal.DARING).exists():
        return
    User = get_user_model()
    kategori = {k.kode: k for k in KategoriPelanggaran.objects.all()}
    hari_ini = timezone.localdate()
    for i, (petugas, sumber, kanal, keterangan, hari_lalu, desa, kode_kategori, terlapor, instansi) in enumerate(ENTRI):
        oleh = User.objects.get(username=petugas)
        diterima = timezone.localtime().replace(hour=9 + i, minute=15, second=0, microsecond=0) - datetime.timedelta(
            days=hari_lalu
        )
        diterima = min(diterima, timezone.now())
        pelapor = None
        if sumber == Sumber.LAPORAN:
            pelapor = {
                "nama": ["Sri Wahyuni", "Bambang Irawan"][i % 2],
                "nik": "3507104506900002",
                "alamat": "Jl. Kawi No. 12, Kepanjen",
                "telepon": "081234567890",
                "email": "",
                "rahasia": i == 0,
                "tempat_lahir": "Malang",
                "tanggal_lahir": datetime.date(1990, 6, 5),
                "jenis_kelamin": JenisKelamin.PEREMPUAN,
                "pekerjaan": "Guru",
                "kewarganegaraan": "Indonesia",
            }
        p, kode = create_pengaduan_staf(
            oleh=oleh,
            token_pengajuan=uuid.uuid4(),
            sumber=sumber,
            kanal=kanal,
            kanal_keterangan=keterangan,
            diterima_pada=diterima,
            tempat_diterima=f"Sekretariat {oleh.first_name.replace('Staf ', '')}",
            jenis_pemilihan=JenisPemilihan.PILKADA,
            kategori=kategori[kode_kategori],
            kategori_lainnya="",
            tanggal_kejadian=hari_ini - datetime.timedelta(days=hari_lalu + 2),
            tanggal_diketahui=hari_ini - datetime.timedelta(days=hari_lalu + 1),
            wilayah=Wilayah.objects.get(kode=desa),
            alamat_kejadian="Balai desa",
            kronologi="Terlapor mengumpulkan perangkat dan warga lalu mengajak memilih salah satu pasangan calon.",
            pelapor=pelapor,
            terlapor=[
                {
                    "nama": terlapor,
                    "nip": "",
                    "jabatan": "Kepala Seksi",
                    "instansi_teks": instansi,
                    "jenis_asn": JenisASN.PNS,
                }
            ],
            saksi=[{"nama": "Ahmad Fauzi", "kontak": "081298765432", "keterangan": "Hadir dalam pertemuan"}],
            tautan=[],
            unggahan=[simpan_unggahan_sementara(berkas=_foto())] if i in (0, 3) else [],
        )
        if kanal == Kanal.DATANG_LANGSUNG:
            unggah_dokumen(pengaduan=p, oleh=oleh, berkas=_pindaian())
        stdout.write(f"Entri staf #{p.pk} ({p.get_kanal_display()}, {petugas}) — kode pelacakan: {kode}")
