"""Demo questions for a laptop (`make run`): answered and published ones from Kabupaten Bondowoso,
whose BKPSDM invites its civil servants to ask, one national, and a few still waiting. Made
through the services, as a person would; called by `seed_demo_tanya`, which refuses to run with
DEBUG off. The staff are seed_demo's: Bawaslu Jawa Timur answers Bondowoso (no account of the
kabupaten's own office exists in the demo, so the province is the one told), Bawaslu RI the national
question, Bawaslu Kabupaten Malang finds its own waiting question."""

import uuid

from django.contrib.auth import get_user_model

from netralitas.wilayah.models import Wilayah
from pengaduan.models import KategoriPelanggaran

from . import services
from .models import Pertanyaan

BONDOWOSO = "35.11"
# (kategori, wilayah, nama, instansi, asli, publik, jawaban, penjawab)
TERJAWAB = [
    (
        "interaksi-media-sosial",
        BONDOWOSO,
        "Dwi Lestari",
        "SDN Tamanan 2",
        "Saya guru PPPK di SDN Tamanan 2. Bolehkah saya menyukai (like) unggahan calon bupati di Facebook? "
        "Saya tidak berkomentar, hanya like karena beliau tetangga saya.",
        "Bolehkah ASN menyukai (like) unggahan calon bupati di Facebook, tanpa berkomentar atau membagikannya?",
        "Tidak boleh. SKB 5 K/L tahun 2022 tentang netralitas ASN (Lampiran II) memasukkan memberi tanda suka "
        "(like), berkomentar, membagikan (share), serta bergabung atau mengikuti grup dan akun pemenangan "
        "bakal calon/calon sebagai bentuk pelanggaran netralitas. Sanksinya dapat berupa sanksi moral "
        "(PP 42/2004) dan hukuman disiplin berat (PP 94/2021); ketentuan ini berlaku bagi PNS maupun PPPK.\n\n"
        "Yang tetap boleh: membaca informasi tentang calon, mengikuti akun resmi KPU dan Bawaslu, dan "
        "menggunakan hak pilih di bilik suara. Yang dilarang adalah menunjukkan keberpihakan di depan umum, "
        "termasuk di media sosial.",
        "bawaslu.jatim",
    ),
    (
        "foto-bersama",
        BONDOWOSO,
        "",
        "BKPSDM Kabupaten Bondowoso",
        "Pada upacara HUT kabupaten nanti bupati petahana hadir dan sudah ditetapkan sebagai calon. Bolehkah "
        "kami staf BKPSDM berfoto bersama beliau?",
        "Bolehkah ASN berfoto bersama kepala daerah petahana yang sudah menjadi calon, pada acara resmi "
        "pemerintah daerah?",
        "Berfoto dalam acara kedinasan tidak dengan sendirinya melanggar. Yang dilarang menurut SKB 2022 "
        "Lampiran II adalah berfoto bersama bakal calon/calon sambil memperagakan simbol atau gestur "
        "keberpihakan (misalnya mengacungkan jari yang menunjukkan nomor urut), memakai atribut partai atau "
        "calon, dan mengunggah foto semacam itu ke media sosial.\n\n"
        "Saran kami: hindari pose dengan gestur apa pun, jangan memakai atribut calon, dan jangan mengunggah "
        "foto bersama calon selama masa pemilihan.",
        "bawaslu.jatim",
    ),
    (
        "kampanye-pasangan",
        BONDOWOSO,
        "Hj. Siti Rohmah",
        "Dinas Kesehatan Kabupaten Bondowoso",
        "Suami saya, Pak Hariyanto, maju sebagai calon anggota DPRD Bondowoso. Bolehkah saya ikut "
        "mendampingi beliau saat kampanye di Kecamatan Wonosari?",
        "Suami/istri seorang ASN maju sebagai calon anggota DPRD. Bolehkah ASN itu ikut mendampingi kampanye "
        "pasangannya?",
        "Boleh hadir mendampingi, dengan syarat mengambil cuti di luar tanggungan negara. Menurut SKB 2022 "
        "Lampiran II, ASN yang mengikuti deklarasi atau kampanye suami/istrinya tanpa cuti di luar "
        "tanggungan negara melanggar kode etik, dengan sanksi moral (PP 42/2004).\n\n"
        "Selama cuti pun jangan menggunakan fasilitas dinas, jangan mengajak rekan kerja atau bawahan, dan "
        "jangan menjadi pelaksana kampanye.",
        "bawaslu.jatim",
    ),
    (
        "dukungan-ktp",
        BONDOWOSO,
        "",
        "",
        "Tetangga saya di Desa Grujugan meminta fotokopi KTP saya untuk dukungan calon bupati jalur "
        "perseorangan. Saya PNS. Bolehkah?",
        "Bolehkah PNS memberikan fotokopi KTP sebagai dukungan bagi calon kepala daerah jalur perseorangan?",
        "Tidak boleh. Memberikan surat dukungan disertai fotokopi KTP, atau ikut mengumpulkan fotokopi KTP, "
        "bagi calon perseorangan termasuk larangan dalam PP 94/2021 Pasal 5 huruf n dan SKB 2022 Lampiran "
        "II, dengan hukuman disiplin berat. Tolak dengan sopan dan sampaikan bahwa ASN wajib netral.",
        "bawaslu.jatim",
    ),
    (
        "fasilitas-negara",
        None,
        "",
        "",
        "Kepala dinas kami meminta mobil dinas dipakai mengantar konsumsi ke acara salah satu calon pada "
        "hari Minggu. Apakah ini termasuk pelanggaran?",
        "Bolehkah kendaraan dinas dipakai mengantar keperluan acara salah satu calon, di luar jam kerja?",
        "Tidak boleh, juga di luar jam kerja. Penggunaan fasilitas negara (kendaraan dinas, gedung, anggaran) "
        "untuk kepentingan calon dilarang bagi ASN (PP 94/2021 Pasal 5 huruf n), dan pejabat yang "
        "memerintahkannya dapat pula dijerat pidana pemilihan bila unsurnya terpenuhi (UU 10/2016 Pasal 71 "
        "jo. Pasal 188). Perintah atasan tidak menghapus pelanggaran; Anda dapat melaporkannya ke Bawaslu "
        "dan meminta identitas Anda dirahasiakan.",
        "bawaslu.ri",
    ),
]
MENUNGGU = [
    (
        "menghadiri-deklarasi",
        BONDOWOSO,
        "Agus",
        "Kecamatan Tapen",
        "Saya diundang syukuran oleh tetangga, ternyata calon wakil bupati juga datang dan berpidato. Apakah "
        "saya harus pulang?",
    ),
    (
        "interaksi-media-sosial",
        "35.07",
        "",
        "",
        "Bolehkah saya tetap berada di grup WhatsApp relawan salah satu calon yang dibuat teman, hanya untuk "
        "membaca informasi?",
    ),
]


def isi_demo(tulis=print) -> int:
    """Files the demo questions once; returns how many were made (0 when there are some already)."""
    if Pertanyaan.objects.exists():
        tulis("Tanya jawab contoh sudah ada.")
        return 0
    User = get_user_model()
    staf = {u.username: u for u in User.objects.filter(username__in=["bawaslu.jatim", "bawaslu.ri"])}
    jumlah = 0
    for kategori, wilayah, nama, instansi, asli, publik, jawaban, penjawab in TERJAWAB:
        p = _ajukan(kategori, wilayah, nama, instansi, asli, email="penanya@demo.posko.local")
        oleh = staf.get(penjawab)
        services.jawab(pertanyaan=p, jawaban=jawaban, oleh=oleh)
        services.terbitkan(pertanyaan=p, isi_publik=publik, jawaban_publik=jawaban, oleh=oleh)
        jumlah += 1
    for kategori, wilayah, nama, instansi, asli in MENUNGGU:
        _ajukan(kategori, wilayah, nama, instansi, asli)
        jumlah += 1
    tulis(f"Tanya jawab contoh: {len(TERJAWAB)} diterbitkan, {len(MENUNGGU)} menunggu jawaban (/tanya/).")
    return jumlah


def _ajukan(kategori, wilayah, nama, instansi, isi, email=""):
    return services.ajukan_pertanyaan(
        token_pengajuan=uuid.uuid4(),
        kategori=KategoriPelanggaran.objects.get(kode=kategori),
        wilayah=Wilayah.objects.get(kode=wilayah) if wilayah else None,
        isi=isi,
        nama=nama,
        instansi=instansi,
        email=email,
    )
