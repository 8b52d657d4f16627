"""Demo data for recommendations that reach agencies without accounts (issue 15, item 5), called
by `seed_demo` (which refuses to run with DEBUG off): two cases of Kabupaten Malang forwarded to
BKN, which has no reviewer account; for each, the package sent by post; for the first, BKN's
answer (a written reprimand) recorded by Bawaslu on BKN's behalf from its letter. Everything goes
through the services staff use."""

import datetime
import io
import uuid

import pikepdf
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from netralitas.akun.models import Instansi, Peran
from netralitas.wilayah.models import Wilayah

from .. import bukti, transisi
from ..models import JalurPelanggaran, JenisASN, JenisPemilihan, KategoriPelanggaran, SalinanBukti, Status, Sumber
from ..pelaporan.services import create_pengaduan
from ..tindak_lanjut.atas_nama import catat_sanksi_atas_nama
from ..tindak_lanjut.services import teruskan
from .paket import buat_paket

KASUS = [
    ("35.07.13.2001", "Yoyok Hartono", "Kantor Pertanahan Kabupaten Malang", "RR 0012 3456 ID", True),
    ("35.07.13.1010", "Ratna Sari", "Kantor Imigrasi Malang", "", False),
]


def _pdf(nama: str) -> SimpleUploadedFile:
    dok = pikepdf.new()
    dok.add_blank_page()
    buf = io.BytesIO()
    dok.save(buf)
    return SimpleUploadedFile(nama, buf.getvalue(), content_type="application/pdf")


def _foto() -> SimpleUploadedFile:
    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "KameraDemo"
    Image.new("RGB", (640, 480), (28, 90, 122)).save(buf, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("foto-demo.jpg", buf.getvalue(), content_type="image/jpeg")


def seed(stdout) -> None:
    staf = (
        get_user_model()
        .objects.filter(profil_staf__peran=Peran.BAWASLU_KABKOTA, profil_staf__wilayah_id="35.07")
        .first()
    )
    bkn = Instansi.objects.filter(singkatan="BKN").first()
    if staf is None or bkn is None:
        return
    hari_ini = timezone.localdate()
    for desa, nama, instansi_teks, resi, dijawab in KASUS:
        p, _ = create_pengaduan(
            token_pengajuan=uuid.uuid4(),
            sumber=Sumber.LAPORAN,
            jenis_pemilihan=JenisPemilihan.PILKADA,
            kategori=KategoriPelanggaran.objects.get(kode="kampanye-media-sosial"),
            kategori_lainnya="",
            tanggal_kejadian=hari_ini - datetime.timedelta(days=6),
            tanggal_diketahui=hari_ini - datetime.timedelta(days=5),
            wilayah=Wilayah.objects.get(kode=desa),
            alamat_kejadian="Kantor instansi vertikal",
            kronologi="Pegawai instansi vertikal mengunggah ajakan memilih pasangan calon di akun media sosialnya.",
            pelapor={
                "nama": "Warga Contoh",
                "nik": "3507104506900002",
                "alamat": "Jl. Contoh No. 1",
                "telepon": "081234567890",
                "email": "",
                "rahasia": False,
            },
            terlapor=[
                {
                    "nama": nama,
                    "nip": "",
                    "jabatan": "Analis",
                    "instansi_teks": instansi_teks,
                    "jenis_asn": JenisASN.PNS,
                }
            ],
            saksi=[],
            tautan=[],
            unggahan=[bukti.simpan_unggahan_sementara(berkas=_foto())],
        )
        for ke in (Status.KAJIAN_AWAL, Status.DIREGISTRASI, Status.KLARIFIKASI):
            transisi.ubah_status(pengaduan=p, ke=ke, peran=Peran.BAWASLU_KABKOTA, oleh=staf)
        teruskan(
            pengaduan=p,
            peran=Peran.BAWASLU_KABKOTA,
            oleh=staf,
            instansi=[bkn],
            temuan="Terlapor terbukti mengunggah ajakan memilih pasangan calon.",
            jalur=JalurPelanggaran.DISIPLIN,
            nomor_surat=f"0{p.pk}/PM.00.02/K.JI-06/XII/{hari_ini.year}",
            tanggal_surat=hari_ini,
            surat=_pdf("surat-rekomendasi.pdf"),
        )
        p.refresh_from_db()
        # With a broker configured the copies wait for a worker: the demo makes them now.
        for s in SalinanBukti.objects.filter(bukti__pengaduan=p):
            bukti.buat_salinan_bukti(s.pk)
        buat_paket(pengaduan=p, oleh=staf, instansi=bkn, cara_kirim="pos", referensi_kirim=resi)
        p.refresh_from_db()
        if dijawab:
            catat_sanksi_atas_nama(
                pengaduan=p,
                oleh=staf,
                instansi=bkn,
                surat={"nomor": "B-812/KR.08/XII/2026", "tanggal": hari_ini, "berkas": _pdf("surat-bkn.pdf")},
                data={
                    "terlapor": p.terlapor.get(),
                    "jalur": "disiplin",
                    "tingkat": "ringan",
                    "jenis": "teguran_tertulis",
                    "nomor_sk": "800/77/BKN/2026",
                    "tanggal_sk": hari_ini,
                    "pejabat": "Kepala Kantor Regional II BKN",
                    "dasar_hukum": "",
                    "dokumen_sk": _pdf("sk.pdf"),
                },
            )
        stdout.write(f"Paket rekomendasi contoh untuk BKN: pengaduan #{p.pk}.")
