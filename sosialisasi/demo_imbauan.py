"""Demo entries of the imbauan register for a local laptop: letters, posts and distributions in desa
of Kabupaten Malang and Kabupaten Bondowoso. Called by seed_demo_sosialisasi (which refuses to run
when DEBUG is off); idempotent."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from netralitas import berkas as cek_berkas
from netralitas.akun.models import Instansi

from .models import DistribusiBahan, JenisBahan, Platform, SuratImbauan, UnggahanMedsos


def _pdf_surat(nomor: str, penerima: str) -> bytes:
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setTitle(f"Surat imbauan {nomor}")
    y = 780
    for baris in (
        "BADAN PENGAWAS PEMILIHAN UMUM",
        f"Nomor: {nomor}",
        "Perihal: Imbauan netralitas ASN",
        f"Kepada Yth. {penerima}",
        "Dalam rangka Pemilihan Kepala Daerah, kami mengimbau seluruh ASN untuk menjaga netralitas.",
    ):
        c.drawString(60, y, baris)
        y -= 24
    c.showPage()
    c.save()
    return buf.getvalue()


# (wilayah, nomor, days ago, recipient: an agency's region code or text)
SURAT = [
    ("35.07", "045/PM.00.02/K.JI-16/XII/2026", 12, "35.07"),
    ("35.07.13", "046/PM.00.02/K.JI-16/XII/2026", 6, "Seluruh kepala desa se-Kecamatan Kepanjen"),
    ("35.11", "112/PM.00.02/K.JI-07/XII/2026", 9, "35.11"),
]
# (wilayah, platform, link, days ago, title, reach)
UNGGAHAN = [
    (
        "35.07",
        Platform.INSTAGRAM,
        "https://www.instagram.com/p/demo-netralitas-malang/",
        10,
        "ASN netral, Pilkada damai",
        4200,
    ),
    (
        "35.07.13",
        Platform.FACEBOOK,
        "https://www.facebook.com/demo.panwascam.kepanjen/posts/1",
        4,
        "Imbauan netralitas ASN Kepanjen",
        None,
    ),
    (
        "35.11",
        Platform.TIKTOK,
        "https://www.tiktok.com/@demo.bawaslu.bondowoso/video/1",
        3,
        "Jaga netralitas ASN",
        12800,
    ),
]
# (desa, kind, quantity, days ago, place)
DISTRIBUSI = [
    ("35.07.13.2001", JenisBahan.BROSUR, 500, 8, "Balai Desa Kemiri"),
    ("35.07.13.2001", JenisBahan.SPANDUK, 2, 8, "Pertigaan jalan desa"),
    ("35.07.13.2002", JenisBahan.BROSUR, 350, 7, "Pasar Sengguruh"),
    ("35.07.12.2001", JenisBahan.POSTER, 40, 5, "Kantor Desa Ternyang"),
    ("35.11.01.2001", JenisBahan.BROSUR, 300, 6, "Balai Desa Sucolor"),
    ("35.11.01.2002", JenisBahan.SPANDUK, 3, 6, "Kantor Desa Pujer Baru"),
]


def isi_register_imbauan(stdout=None) -> None:
    if not settings.DEBUG:  # demo data never reaches a server
        raise RuntimeError("Data contoh imbauan hanya untuk pemakaian lokal: DEBUG harus menyala.")
    if SuratImbauan.objects.exists():
        return
    hari_ini = timezone.localdate()
    pencatat = get_user_model().objects.filter(username="bawaslu.malang").first()
    for wilayah, nomor, hari, penerima in SURAT:
        instansi = Instansi.objects.filter(wilayah_id=penerima).first() if penerima[:1].isdigit() else None
        nama_penerima = instansi.nama if instansi else penerima
        isi = _pdf_surat(nomor, nama_penerima)
        s = SuratImbauan(
            nomor=nomor,
            tanggal=hari_ini - datetime.timedelta(days=hari),
            wilayah_id=wilayah,
            instansi=instansi,
            penerima_lain="" if instansi else penerima,
            sha256=cek_berkas.sha256_berkas(ContentFile(isi)),
            dicatat_oleh=pencatat,
        )
        s.berkas.save("surat.pdf", ContentFile(isi), save=False)
        s.save()
    for wilayah, platform, tautan, hari, judul, jangkauan in UNGGAHAN:
        UnggahanMedsos.objects.create(
            wilayah_id=wilayah,
            platform=platform,
            tautan=tautan,
            tanggal=hari_ini - datetime.timedelta(days=hari),
            judul=judul,
            jangkauan=jangkauan,
            dicatat_oleh=pencatat,
        )
    for desa, jenis, jumlah, hari, tempat in DISTRIBUSI:
        DistribusiBahan.objects.create(
            desa_id=desa,
            jenis=jenis,
            jumlah=jumlah,
            tanggal=hari_ini - datetime.timedelta(days=hari),
            tempat=tempat,
            dicatat_oleh=pencatat,
        )
    if stdout is not None:
        stdout.write(
            f"Register imbauan contoh: {len(SURAT)} surat, {len(UNGGAHAN)} unggahan, {len(DISTRIBUSI)} distribusi."
        )
