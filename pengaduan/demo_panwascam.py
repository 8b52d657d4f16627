"""Demo data for the Panwascam in the loop (issue 14, item 2), called by `seed_demo` (which refuses
to run with DEBUG off): online reports from Kecamatan Kepanjen handled by Bawaslu Kabupaten Malang,
which the demo Panwascam (`panwascam.kepanjen`) sees and was told of; one case handed down to it;
one clarification result it recorded. Everything goes through the services staff and citizens use."""

import datetime
import uuid

from django.contrib.auth import get_user_model
from django.utils import timezone

from netralitas.akun.models import Peran
from netralitas.wilayah.models import Wilayah

from . import transisi
from .models import JenisASN, JenisPemilihan, KategoriPelanggaran, KedudukanKlarifikasi, Sumber, TingkatKantor
from .pelaporan.services import create_pengaduan
from .triase.services import catat_klarifikasi

KECAMATAN = "35.07.13"  # Kepanjen, the demo Panwascam's
# (desa, category, terlapor, agency, what happened)
LAPORAN = [
    (
        "35.07.13.2001",
        "kegiatan-keberpihakan",
        "Sugeng Riyadi",
        "Kantor Desa Kemiri",
        "Kepala seksi pemerintahan desa mengumpulkan ketua RT dan mengimbau mereka memilih pasangan calon nomor 2.",
    ),
    (
        "35.07.13.1010",
        "kampanye-media-sosial",
        "Dewi Lestari",
        "SMP Negeri 1 Kepanjen",
        "Guru PNS mengunggah video ajakan memilih pasangan calon di akun Instagram pribadinya pada jam sekolah.",
    ),
    (
        "35.07.13.2005",
        "foto-bersama",
        "Bambang Hermanto",
        "Puskesmas Kepanjen",
        "Kepala puskesmas berfoto bersama calon bupati sambil mengacungkan dua jari di acara posyandu.",
    ),
    (
        "35.07.13.1009",
        "fasilitas-negara",
        "Eko Wahyudi",
        "Kantor Kecamatan Kepanjen",
        "Mobil dinas kecamatan dipakai mengangkut alat peraga kampanye ke balai desa.",
    ),
]


def _lapor(desa, kategori, terlapor, instansi, kronologi, hari_lalu: int):
    hari_ini = timezone.localdate()
    p, _ = create_pengaduan(
        token_pengajuan=uuid.uuid4(),
        sumber=Sumber.LAPORAN,
        jenis_pemilihan=JenisPemilihan.PILKADA,
        kategori=KategoriPelanggaran.objects.get(kode=kategori),
        kategori_lainnya="",
        tanggal_kejadian=hari_ini - datetime.timedelta(days=hari_lalu + 1),
        tanggal_diketahui=hari_ini - datetime.timedelta(days=hari_lalu),
        wilayah=Wilayah.objects.get(kode=desa),
        alamat_kejadian="Balai desa",
        kronologi=kronologi,
        pelapor={
            "nama": "Warga Kepanjen",
            "nik": "3507104506900002",
            "alamat": "Jl. Raya Kepanjen No. 5",
            "telepon": "081234567891",
            "email": "",
            "rahasia": hari_lalu % 2 == 1,
        },
        terlapor=[
            {"nama": terlapor, "nip": "", "jabatan": "Pegawai", "instansi_teks": instansi, "jenis_asn": JenisASN.PNS}
        ],
        saksi=[],
        tautan=[],
        unggahan=[],
    )
    return p


def seed(stdout=None) -> list:
    """Four online reports from Kepanjen handled by Kabupaten Malang; the last handed down to the
    Panwascam; a clarification by the Panwascam on the first. Returns the cases."""
    User = get_user_model()
    kabupaten = User.objects.get(username="bawaslu.malang")
    panwascam = User.objects.get(username="panwascam.kepanjen")
    kasus = [_lapor(*baris, hari_lalu=i + 1) for i, baris in enumerate(LAPORAN)]
    catat_klarifikasi(
        pengaduan=kasus[0],
        oleh=panwascam,
        pihak="Ketua RT 03 Desa Kemiri",
        kedudukan=KedudukanKlarifikasi.SAKSI,
        tanggal=timezone.localdate(),
        tempat="Sekretariat Panwaslu Kecamatan Kepanjen",
        ringkasan="Saksi membenarkan pertemuan di balai desa dan imbauan memilih pasangan calon nomor 2.",
    )
    dilimpahkan = kasus[-1]
    transisi.ubah_status(pengaduan=dilimpahkan, ke="kajian_awal", peran=Peran.BAWASLU_KABKOTA, oleh=kabupaten)
    transisi.limpahkan(
        pengaduan=dilimpahkan,
        peran=Peran.BAWASLU_KABKOTA,
        oleh=kabupaten,
        tingkat=TingkatKantor.PANWASCAM,
        kantor_tujuan=Wilayah.objects.get(kode=KECAMATAN),
        alasan="Kejadian dan para saksi ada di Kepanjen; Panwaslu Kecamatan menelusuri lebih dahulu.",
    )
    if stdout is not None:
        stdout.write(
            f"Panwascam Kepanjen: {len(kasus)} laporan daring dari kecamatannya (#{kasus[0].pk}–#{kasus[-1].pk}), "
            f"#{dilimpahkan.pk} dilimpahkan kepadanya."
        )
    return kasus
