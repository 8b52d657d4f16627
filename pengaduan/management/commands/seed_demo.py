"""Demo staff and reports for a local laptop. Refuses to run when DEBUG is off.

Demo staff whose role requires the second login step (netralitas.akun.dua_faktor) get an
authenticator entry with one fixed, published demo key, printed at the end: the requirement itself
is the same as in production, and a developer adds the key once to any authenticator app (or runs
`oathtool --totp -b KEY`). The key is only ever written by this command, which production refuses."""

import datetime
import io
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from netralitas.akun.dua_faktor import aturan
from netralitas.akun.dua_faktor.services import NAMA_TOTP, kunci_teks
from netralitas.akun.models import Instansi, Peran, ProfilStaf
from netralitas.akun.undangan.demo import isi_demo_undangan
from netralitas.wilayah.models import Wilayah
from pengaduan import demo_panwascam, demo_retensi, demo_tenggat, transisi, workflow
from pengaduan.bukti import simpan_unggahan_sementara
from pengaduan.demo_dokumen import isi_demo_dokumen
from pengaduan.demo_percakapan import isi_percakapan_demo
from pengaduan.models import JalurPelanggaran, JenisASN, JenisPemilihan, KategoriPelanggaran, Pengaduan, Status, Sumber
from pengaduan.pelaporan.services import create_pengaduan
from pengaduan.tindak_lanjut.services import teruskan
from pengaduan.triase.entri.demo import isi_demo as isi_demo_entri_staf
from pengaduan.triase.paket_demo import seed as isi_demo_paket
from pengaduan.triase.services import tetapkan_instansi

KATA_SANDI = "demo-netralitas-2026"
STAF = [
    # username, nama, peran, grup, wilayah, superuser
    ("admin", "Administrator Demo", Peran.ADMINISTRATOR, "Administrator", None, True),
    ("bawaslu.ri", "Staf Bawaslu RI", Peran.BAWASLU_RI, "Bawaslu RI", None, False),
    ("bawaslu.jatim", "Staf Bawaslu Jawa Timur", Peran.BAWASLU_PROVINSI, "Bawaslu Provinsi", "35", False),
    (
        "bawaslu.malang",
        "Staf Bawaslu Kabupaten Malang",
        Peran.BAWASLU_KABKOTA,
        "Bawaslu Kabupaten/Kota",
        "35.07",
        False,
    ),
    ("bawaslu.bandung", "Staf Bawaslu Kota Bandung", Peran.BAWASLU_KABKOTA, "Bawaslu Kabupaten/Kota", "32.73", False),
    ("panwascam.kepanjen", "Staf Panwascam Kepanjen", Peran.PANWASCAM, "Panwascam", "35.07.13", False),
    # Inspektorat of the Pemerintah Kabupaten Malang: scoped by agency, not by region.
    ("inspektorat.malang", "Inspektorat Kabupaten Malang", Peran.PENINJAU, "Inspektorat/PPK", None, False),
]
INSTANSI_PENINJAU = {"inspektorat.malang": "35.07"}
# The demo accounts' authenticator secret (20 bytes, hex as django-otp stores it). Public on purpose:
# these accounts exist on laptops only.
KUNCI_TOTP_DEMO = b"posko-netralitas-dem".hex()
LAPORAN = [
    (
        "35.07.13.1007",
        "kampanye-media-sosial",
        JenisPemilihan.PILKADA,
        Sumber.LAPORAN,
        "Budi Santoso",
        "Dinas Pendidikan Kabupaten Malang",
    ),
    (
        "35.07.01.2001",
        "foto-bersama",
        JenisPemilihan.PILKADA,
        Sumber.INFORMASI_AWAL,
        "Siti Aminah",
        "Kecamatan Donomulyo",
    ),
    (
        "35.73.01.1001",
        "fasilitas-negara",
        JenisPemilihan.PILKADA,
        Sumber.LAPORAN,
        "Hendra Wijaya",
        "Dinas Perhubungan Kota Malang",
    ),
    (
        "32.73.01.1001",
        "kegiatan-keberpihakan",
        JenisPemilihan.PEMILU,
        Sumber.LAPORAN,
        "Rina Marlina",
        "Kelurahan Sukasari",
    ),
    (
        "35.07.13.1007",
        "foto-bersama",
        JenisPemilihan.PILKADA,
        Sumber.LAPORAN,
        "Agus Prasetyo",
        "Dinas Kesehatan Kabupaten Malang",
    ),
    (
        "11.71.01.2001",
        "interaksi-media-sosial",
        JenisPemilihan.PEMILU,
        Sumber.INFORMASI_AWAL,
        "Teuku Ahmad",
        "Dinas Kesehatan Kota Banda Aceh",
    ),
]


def _surat_demo() -> SimpleUploadedFile:
    import pikepdf

    dok = pikepdf.new()
    dok.add_blank_page()
    buf = io.BytesIO()
    dok.save(buf)
    return SimpleUploadedFile("surat-rekomendasi.pdf", buf.getvalue(), content_type="application/pdf")


def _foto_demo() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (640, 480), (122, 28, 28)).save(buf, "JPEG")
    return SimpleUploadedFile("foto-kegiatan.jpg", buf.getvalue(), content_type="image/jpeg")


class Command(BaseCommand):
    help = "Membuat akun staf dan laporan contoh untuk pemakaian lokal (hanya saat DEBUG menyala)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo hanya untuk pemakaian lokal: DEBUG harus menyala.")
        if not Wilayah.objects.exists():
            raise CommandError("Muat wilayah dulu: python manage.py load_wilayah")
        User = get_user_model()
        for username, nama, peran, grup, wilayah, superuser in STAF:
            user, dibuat = User.objects.get_or_create(
                username=username, defaults={"first_name": nama, "email": f"{username}@demo.posko.local"}
            )
            if dibuat:
                user.set_password(KATA_SANDI)
            user.is_staff, user.is_superuser = True, superuser
            user.save()
            user.groups.add(Group.objects.get(name=grup))
            instansi = Instansi.objects.filter(wilayah_id=INSTANSI_PENINJAU.get(username)).first()
            ProfilStaf.objects.update_or_create(
                user=user, defaults={"peran": peran, "wilayah_id": wilayah, "instansi": instansi}
            )
            user = User.objects.get(pk=user.pk)  # the profile and permissions just given
            if aturan.wajib(user) and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                TOTPDevice.objects.filter(user=user).delete()
                TOTPDevice.objects.create(user=user, name=NAMA_TOTP, key=KUNCI_TOTP_DEMO, confirmed=True)
        call_command("seed_demo_tanya", stdout=self.stdout)  # netralitas.tanya: by name, not imported
        if Pengaduan.objects.exists():
            self.stdout.write("Laporan contoh sudah ada; hanya akun staf yang diperbarui.")
            self._tulis_akun()
            return
        hari_ini = timezone.localdate()
        for i, (kode_wilayah, kategori, jenis, sumber, terlapor, instansi) in enumerate(LAPORAN):
            pelapor = None
            if sumber == Sumber.LAPORAN:
                pelapor = {
                    "nama": "Warga Contoh",
                    "nik": "3507104506900002",
                    "alamat": "Jl. Contoh No. 1",
                    "telepon": "081234567890",
                    "email": "",
                    "rahasia": i % 2 == 0,
                }
            p, kode = create_pengaduan(
                token_pengajuan=uuid.uuid4(),
                sumber=sumber,
                jenis_pemilihan=jenis,
                kategori=KategoriPelanggaran.objects.get(kode=kategori),
                kategori_lainnya="",
                tanggal_kejadian=hari_ini - datetime.timedelta(days=3 + i),
                tanggal_diketahui=hari_ini - datetime.timedelta(days=2 + i),
                wilayah=Wilayah.objects.get(kode=kode_wilayah),
                alamat_kejadian="Balai desa",
                kronologi="Terlapor mengunggah ajakan memilih salah satu pasangan calon dan membagikannya di grup WhatsApp pegawai.",
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
                saksi=[],
                tautan=["https://www.facebook.com/contoh/posts/1"],
                unggahan=[simpan_unggahan_sementara(berkas=_foto_demo())],
            )
            if i == 0:
                transisi.ubah_status(pengaduan=p, ke=Status.KAJIAN_AWAL, peran=workflow.Aktor.SISTEM)
                transisi.ubah_status(
                    pengaduan=p,
                    ke=Status.PERLU_PERBAIKAN,
                    peran=Peran.BAWASLU_KABKOTA,
                    pesan_pelapor="Mohon lampirkan tangkapan layar unggahan yang memuat tanggal dan nama akun terlapor.",
                )
            if terlapor == "Agus Prasetyo":
                self._teruskan(p)
            self.stdout.write(f"Laporan contoh #{p.pk} ({kode_wilayah}) — kode pelacakan: {kode}")
        demo_panwascam.seed(self.stdout)
        isi_demo_entri_staf(self.stdout)
        isi_demo_dokumen(self.stdout)
        demo_tenggat.seed(self.stdout)
        isi_demo_paket(self.stdout)
        demo_retensi.seed(self.stdout)
        self.stdout.write(f"Percakapan contoh: {isi_percakapan_demo()} pesan.")
        isi_demo_undangan(self.stdout)
        self._tulis_akun()

    def _tulis_akun(self):
        self.stdout.write(
            self.style.SUCCESS(f"Akun demo (hanya lokal), kata sandi: {KATA_SANDI}: " + ", ".join(s[0] for s in STAF))
        )
        kunci = kunci_teks(TOTPDevice(key=KUNCI_TOTP_DEMO))
        self.stdout.write(
            "Verifikasi dua langkah akun demo staf Bawaslu dan administrator: tambahkan kunci "
            f"{kunci} (berbasis waktu, 6 angka, 30 detik) ke aplikasi autentikator, lalu masukkan kodenya "
            f"sesudah kata sandi. Tanpa ponsel: oathtool --totp -b {kunci.replace(' ', '')}"
        )

    def _teruskan(self, p):
        """One case already forwarded to the Pemerintah Kabupaten Malang, for inspektorat.malang."""
        staf = get_user_model().objects.get(username="bawaslu.malang")
        for ke in (Status.KAJIAN_AWAL, Status.DIREGISTRASI, Status.KLARIFIKASI):
            transisi.ubah_status(pengaduan=p, ke=ke, peran=Peran.BAWASLU_KABKOTA, oleh=staf)
        malang = Instansi.objects.get(wilayah_id="35.07")
        tetapkan_instansi(pengaduan=p, pilihan={t.pk: malang for t in p.terlapor.all()}, oleh=staf)
        teruskan(
            pengaduan=p,
            peran=Peran.BAWASLU_KABKOTA,
            oleh=staf,
            instansi=[malang],
            temuan="Terlapor berfoto bersama pasangan calon dengan gestur dukungan pada jam kerja.",
            jalur=JalurPelanggaran.KEDUANYA,
            nomor_surat="001/PM.00.02/K.JI-06/XI/2026",
            tanggal_surat=timezone.localdate(),
            surat=_surat_demo(),
        )
