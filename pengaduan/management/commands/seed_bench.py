"""Benchmark data: many realistic cases with their reporter, terlapor and case events, written with
COPY on PostgreSQL (a million in minutes) and with bulk_create elsewhere (the test runs on SQLite).

Rows are written directly, not through `pelaporan.services.create_pengaduan`, so everything the service and
`Pengaduan.save()` would fill is filled here: the scope columns, `nama_cari`, deadlines, numbers.

Safety: every case the benchmark makes carries a `token_pengajuan` in a namespace that intake never
issues (UUID version 0; browsers get version 4 from the form), and the command refuses to run on a
database holding any case outside that namespace — or any real row of the other app
(`netralitas.uji_beban`). It can therefore never add to, or delete from, a
database with real reports, whatever DEBUG says.
"""

import datetime
import io
import itertools
import multiprocessing
import random
import time
import uuid
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from netralitas import uji_beban
from netralitas.akun.models import Peran
from netralitas.enkripsi import IndeksNIK, Terenkripsi, indeks_nik
from netralitas.identitas import normalkan_nama
from netralitas.uji_beban import TOKEN_BENCH, TOKEN_KIRIMAN, TOKEN_SEED
from netralitas.waktu import NAMA_BULAN
from netralitas.wilayah.models import Tingkat, Wilayah
from pengaduan import kode as kode_pelacakan
from pengaduan import workflow
from pengaduan.models import (
    STATUS_TERMINAL,
    AturanTenggat,
    JenisASN,
    JenisHari,
    JenisPemilihan,
    KategoriPelanggaran,
    Pelapor,
    Pengaduan,
    PeristiwaPengaduan,
    Status,
    Sumber,
    Terlapor,
    TingkatKantor,
    UrutanRegistrasi,
)

BERKAS_KODE = Path(settings.BASE_DIR) / "bench" / "results" / "run" / "kode-lacak.txt"

# Share of cases per status: most are early in the workflow, as in a real backlog (the ordering is
# the workflow's; the numbers are percentages).
SEBARAN_STATUS = {
    Status.DIAJUKAN: 24,
    Status.KAJIAN_AWAL: 20,
    Status.PERLU_PERBAIKAN: 5,
    Status.INFORMASI_AWAL: 5,
    Status.DILIMPAHKAN: 2,
    Status.DIREGISTRASI: 6,
    Status.KLARIFIKASI: 6,
    Status.DITERUSKAN: 4,
    Status.PEMERIKSAAN_INSTANSI: 3,
    Status.SANKSI_DIJATUHKAN: 2,
    Status.KEBERATAN: 0.5,
    Status.SELESAI: 3,
    Status.DIHENTIKAN: 3,
    Status.TIDAK_DIREGISTRASI: 11,
    Status.DICABUT: 2,
    Status.DIARSIPKAN: 3,
    Status.TIDAK_TERBUKTI_INSTANSI: 0.5,
}
# Cases are spread over the past two years (open ones are mostly recent; see Pembuat.kasus).
HARI_RENTANG = 730
JENIS_ASN = [JenisASN.PNS, JenisASN.PPPK, JenisASN.TIDAK_TAHU]
BOBOT_JENIS_ASN = [75, 85, 100]

NAMA_DEPAN = (
    "Agus Bambang Budi Slamet Sri Siti Dewi Eko Joko Hendra Yudi Rudi Andi Ahmad Muhammad Nur Rina Wahyu "
    "Dwi Tri Ayu Putu Made Ketut Nyoman Wayan Teuku Cut Ujang Asep Dadang Cecep Euis Yanti Lilis Heru Hadi "
    "Sugeng Supriyadi Hasan Rahmat Syamsul Fitri Indah Ratna Yusuf Ridwan Fajar Arif Imam Zainal Daeng "
    "Marthen Yohanes Maria Fransiskus Petrus Kornelius Rahmawati Suparman Sutrisno Haryanto Endang Tuti "
    "Wiwik Nining Bayu Galih Gilang Irfan Ikhsan Lukman Mulyadi Nanang Oktaviani Puspita Rizki Sarah Taufik "
    "Umar Vivi Wawan Yogi Zulkifli Komang Gusti Abdul Aminah Darmawan Edi Fauzi Gunadi Herlina Iwan Jajang"
).split()
NAMA_BELAKANG = (
    "Santoso Wijaya Hidayat Saputra Susanto Kurniawan Setiawan Pratama Rahayu Lestari Hutapea Siregar "
    "Nasution Harahap Simanjuntak Sinaga Lubis Ginting Tarigan Sembiring Pohan Tanjung Chaniago Koto "
    "Rangkuti Panjaitan Pardede Manurung Wibowo Nugroho Purnomo Suryadi Hermawan Gunawan Firmansyah "
    "Ramadhan Maulana Handayani Wulandari Kusumawati Permana Sukmawati Mahendra Pangaribuan Latuconsina "
    "Rumbiak Wanggai Mandagi Situmorang Hasibuan Daulay Sihombing Rumagit Pattiasina Tuasikal Bakri Syahputra "
    "Effendi Hakim Iskandar Sudirman Sumarno Wahyudi Prasetyo Utomo Suharyanto Anggraini Puspitasari"
).split()
GELAR_DEPAN = ["", "", "", "", "", "Drs. ", "Ir. ", "H. ", "Hj. ", "dr. "]
GELAR_BELAKANG = [
    "",
    "",
    "",
    ", S.Pd.",
    ", S.E.",
    ", S.H.",
    ", S.Sos.",
    ", M.Si.",
    ", S.IP.",
    ", S.Pd., M.Pd.",
    ", A.Md.",
]
JALAN = ["Jl. Merdeka", "Jl. Diponegoro", "Jl. Sudirman", "Jl. Ahmad Yani", "Jl. Pahlawan", "Jl. Kartini", "Gg. Melati"]
# (jabatan, instansi): {kab} is the kabupaten/kota, {kec} the kecamatan, {desa} the village, {n} a number.
JABATAN = [
    ("Guru", "SD Negeri {n} {kec}"),
    ("Guru", "SMP Negeri {n} {kab}"),
    ("Kepala Sekolah", "SD Negeri {n} {kec}"),
    ("Camat", "Kecamatan {kec}"),
    ("Sekretaris Camat", "Kecamatan {kec}"),
    ("Kepala Seksi Pemerintahan", "Kecamatan {kec}"),
    ("Lurah", "Kelurahan {desa}"),
    ("Kepala Dinas", "Dinas Pendidikan {kab}"),
    ("Kepala Bidang", "Dinas Pekerjaan Umum dan Penataan Ruang {kab}"),
    ("Penyuluh Pertanian", "Dinas Pertanian {kab}"),
    ("Bidan", "Puskesmas {kec}"),
    ("Kepala Puskesmas", "Puskesmas {kec}"),
    ("Perawat", "RSUD {kab}"),
    ("Kepala Bagian Umum", "Sekretariat Daerah {kab}"),
    ("Analis Kepegawaian", "Badan Kepegawaian dan Pengembangan SDM {kab}"),
    ("Kepala Seksi", "Dinas Perhubungan {kab}"),
    ("Pengawas Sekolah", "Dinas Pendidikan {kab}"),
    ("Kepala KUA", "Kantor Urusan Agama Kecamatan {kec}"),
    ("Staf", "Satuan Polisi Pamong Praja {kab}"),
    ("Pendamping Desa", "Dinas Pemberdayaan Masyarakat dan Desa {kab}"),
]
PERBUATAN = {
    "kampanye-media-sosial": "mengunggah ajakan memilih pasangan calon nomor urut {no} di akun Facebook pribadinya",
    "interaksi-media-sosial": "menyukai dan membagikan unggahan akun resmi pasangan calon nomor urut {no} serta bergabung di grup pemenangan",
    "kegiatan-keberpihakan": "mengumpulkan warga dan mengimbau mereka memilih pasangan calon nomor urut {no}",
    "foto-bersama": "berfoto bersama calon nomor urut {no} sambil mengacungkan jari sesuai nomor urut",
    "menghadiri-deklarasi": "menghadiri deklarasi pasangan calon nomor urut {no} dengan mengenakan kaus calon",
    "pendekatan-parpol": "mendaftar sebagai bakal calon ke sebuah partai politik tanpa mengundurkan diri",
    "kampanye-bakal-calon": "ikut menyosialisasikan bakal calon dalam pertemuan warga",
    "kampanye-pasangan": "mendampingi suaminya berkampanye tanpa mengajukan cuti",
    "alat-peraga": "memasang spanduk pasangan calon nomor urut {no} di pagar kantor",
    "anggota-parpol": "tercatat sebagai pengurus partai politik tingkat kecamatan",
    "tim-pemenangan": "menjadi koordinator tim pemenangan pasangan calon nomor urut {no}",
    "dukungan-ktp": "mengumpulkan salinan KTP pegawai untuk dukungan calon perseorangan",
    "keputusan-menguntungkan": "menjanjikan jabatan kepada pegawai yang mendukung pasangan calon nomor urut {no}",
    "fasilitas-negara": "memakai kendaraan dinas untuk mengangkut peserta kampanye pasangan calon nomor urut {no}",
}
TEMPAT = ["Balai Desa {desa}", "Kantor Kecamatan {kec}", "Aula kantor dinas", "Lapangan {desa}", "Rumah makan di {kec}"]
TEMPAT_DARING = ["Akun Facebook pribadi terlapor", "Grup WhatsApp pegawai {kec}", "Akun Instagram terlapor", "TikTok"]
ALASAN = {
    Status.PERLU_PERBAIKAN: "Mohon lampirkan tangkapan layar yang memuat tanggal dan nama akun terlapor.",
    Status.TIDAK_DIREGISTRASI: "Syarat materiil tidak terpenuhi: identitas terlapor tidak jelas.",
    Status.DILIMPAHKAN: "Terlapor bertugas di instansi provinsi.",
    Status.INFORMASI_AWAL: "Pelapor tidak dapat dihubungi; ditelusuri sebagai informasi awal.",
    Status.DIARSIPKAN: "Penelusuran tidak menemukan bukti tambahan.",
    Status.DIHENTIKAN: "Hasil klarifikasi tidak membuktikan pelanggaran.",
    Status.TIDAK_TERBUKTI_INSTANSI: "Pemeriksaan instansi tidak membuktikan pelanggaran.",
    Status.KEBERATAN: "Terlapor mengajukan keberatan atas sanksi.",
    Status.SANKSI_DIJATUHKAN: "Sanksi disesuaikan setelah keberatan.",
}
ROMAWI = "I II III IV V VI VII VIII IX X XI XII".split()


def jalur_status() -> dict[str, list[str]]:
    """The shortest path through the workflow table from `diajukan` to every status, so the case
    events of a seeded case are transitions the table allows."""
    jalur = {Status.DIAJUKAN: [Status.DIAJUKAN]}
    antrean = deque([Status.DIAJUKAN])
    while antrean:
        dari = antrean.popleft()
        for t in workflow.TRANSISI:
            if t.dari == dari and t.ke not in jalur:
                jalur[t.ke] = [*jalur[dari], t.ke]
                antrean.append(t.ke)
    return jalur


# Statuses past registration: they carry a nomor registrasi.
STATUS_TERDAFTAR = frozenset(s for s, jalur in jalur_status().items() if Status.DIREGISTRASI in jalur)


def _peran(t: workflow.Transisi, provinsi: bool) -> str:
    """A plausible actor for a transition: the handling office's staff, else whoever the table allows."""
    for p in (Peran.BAWASLU_PROVINSI if provinsi else Peran.BAWASLU_KABKOTA, workflow.Aktor.PELAPOR, Peran.PENINJAU):
        if p in t.oleh:
            return str(p)
    return sorted(str(p) for p in t.oleh)[0]


_ESCAPE_COPY = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _nilai_copy(v) -> str:
    """One value in PostgreSQL's COPY text format."""
    if type(v) is str:
        return v.translate(_ESCAPE_COPY)
    if v is None:
        return "\\N"
    if v is True:
        return "t"
    if v is False:
        return "f"
    return v.isoformat() if isinstance(v, datetime.date) else str(v)


class Tabel:
    """A model's concrete columns in order, with the defaults of those the generator leaves out."""

    def __init__(self, model, dengan_id: bool):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if dengan_id or not f.primary_key]
        self.attname = [f.attname for f in self.fields]
        self.kolom = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        self.nama = model._meta.db_table
        # COPY bypasses the fields: the identity columns are encrypted here, as the field would
        # (netralitas/enkripsi.py), and the NIK's blind index computed.
        self.sandi = {i for i, f in enumerate(self.fields) if isinstance(f, Terenkripsi)}
        self.indeks = {i: f.sumber for i, f in enumerate(self.fields) if isinstance(f, IndeksNIK)}

    def baris(self, data: dict) -> list:
        if len(data) == len(self.fields):
            nilai = [data[a] for a in self.attname]
        else:
            # A column added to the model since this command was written: its default.
            nilai = [data[f.attname] if f.attname in data else f.get_default() for f in self.fields]
        for i in self.sandi:
            nilai[i] = self.fields[i].get_prep_value(nilai[i])
        for i, sumber in self.indeks.items():
            nilai[i] = indeks_nik(data.get(sumber, ""))
        return nilai

    def copy_teks(self, semua: list[dict]) -> str:
        return "".join("\t".join(_nilai_copy(v) for v in self.baris(data)) + "\n" for data in semua)


class Pembuat:
    """Generates one batch of cases at a time, as plain dicts keyed by attname."""

    def __init__(self, rng: random.Random, sekarang: datetime.datetime):
        self.rng = rng
        self.sekarang = sekarang
        wilayah = list(
            Wilayah.objects.filter(tingkat__gte=Tingkat.KABUPATEN_KOTA).values_list("kode", "nama", "tingkat")
        )
        self.nama_wilayah = {k: n for k, n, _ in wilayah}
        # Incidents happen in villages; with no village loaded, any region at kabupaten/kota level or below.
        self.desa = [k for k, _, t in wilayah if t == Tingkat.DESA] or [k for k, _, _ in wilayah]
        if not self.desa:
            raise CommandError("Belum ada wilayah. Jalankan dulu: python manage.py load_wilayah")
        kategori = list(KategoriPelanggaran.objects.filter(aktif=True).order_by("urutan", "nama"))
        if not kategori:
            raise CommandError("Belum ada kategori pelanggaran (migrasi belum dijalankan?).")
        self.kategori = kategori
        # Frequency falls with the category's rank, as in the Pilkada 2020 order the seed follows.
        self.bobot_kategori = list(itertools.accumulate(1 / (i + 1) ** 0.9 for i in range(len(kategori))))
        self.aturan = {(a.jenis_pemilihan, a.langkah): a for a in AturanTenggat.objects.all()}
        self.status = list(SEBARAN_STATUS)
        self.bobot_status = list(itertools.accumulate(SEBARAN_STATUS.values()))
        self.tz = timezone.get_current_timezone()
        self.jalur = jalur_status()
        self.urutan = {
            (u.kantor_tingkat, u.kantor_kode, u.tahun, u.jenis): u.terakhir for u in UrutanRegistrasi.objects.all()
        }
        self.urutan_berubah = set()

    # --- small pieces -------------------------------------------------------------------------

    def _nama(self) -> str:
        r = self.rng
        return f"{r.choice(GELAR_DEPAN)}{r.choice(NAMA_DEPAN)} {r.choice(NAMA_BELAKANG)}{r.choice(GELAR_BELAKANG)}"

    def _nip(self) -> str:
        """18 digits: birth date, appointment year and month, gender, serial (validators.validasi_nip)."""
        r = self.rng
        lahir = datetime.date(1962, 1, 1) + datetime.timedelta(days=r.randrange(36 * 365))
        angkat = r.randint(lahir.year + 21, min(lahir.year + 40, self.sekarang.year - 1))
        return f"{lahir:%Y%m%d}{angkat}{r.randint(1, 12):02d}{r.randint(1, 2)}{r.randint(1, 999):03d}"

    def _nik(self, kode_desa: str) -> str:
        """16 digits: the kecamatan code, birth date DDMMYY (women: day + 40), serial."""
        r = self.rng
        bagian = kode_desa.split(".")
        wilayah = "".join(bagian[:3]).ljust(6, "1")
        lahir = datetime.date(1955, 1, 1) + datetime.timedelta(days=r.randrange(50 * 365))
        hari = lahir.day + (40 if r.random() < 0.5 else 0)
        return f"{wilayah}{hari:02d}{lahir:%m%y}{r.randint(1, 9999):04d}"

    def _telepon(self) -> str:
        r = self.rng
        return f"08{r.choice('1235789')}{r.randint(1, 9)}{r.randint(10_000_000, 99_999_999)}"

    def _tanggal_id(self, d: datetime.date) -> str:
        return f"{d.day} {NAMA_BULAN[d.month - 1]} {d.year}"

    def _tenggat(self, jenis: str, status: str, mulai: datetime.date) -> tuple[datetime.date | None, bool]:
        langkah = workflow.LANGKAH_TENGGAT.get(status)
        a = self.aturan.get((jenis, langkah)) if langkah else None
        if a is None:
            return None, False
        # Working days approximated as calendar days × 7/5: close enough for overdue/not overdue.
        hari = a.jumlah_hari if a.jenis_hari == JenisHari.KALENDER else -(-a.jumlah_hari * 7 // 5)
        diperpanjang = bool(a.perpanjangan_hari) and self.rng.random() < 0.2
        if diperpanjang:
            hari += a.perpanjangan_hari
        return mulai + datetime.timedelta(days=hari), diperpanjang

    def _nomor_registrasi(self, tingkat, kode, sumber, jenis, tanggal: datetime.date) -> str:
        """The format of transisi._nomor_registrasi, numbered on from the office's counter row."""
        seri = "TM" if sumber == Sumber.TEMUAN else "LP"
        kunci = (tingkat, kode, tanggal.year, seri)
        self.urutan[kunci] = self.urutan.get(kunci, 0) + 1
        self.urutan_berubah.add(kunci)
        singkatan = {TingkatKantor.KABKOTA: "Kab", TingkatKantor.PROVINSI: "Prov"}[tingkat]
        return "/".join(
            [
                f"{self.urutan[kunci]:03d}",
                "Reg",
                seri,
                "PL" if jenis == JenisPemilihan.PEMILU else "PB",
                singkatan,
                kode,
                ROMAWI[tanggal.month - 1],
                str(tanggal.year),
            ]
        )

    # --- one case ------------------------------------------------------------------------------

    def kasus(self) -> tuple[dict, dict | None, list[dict], list[dict]]:
        r = self.rng
        status = r.choices(self.status, cum_weights=self.bobot_status)[0]

        # Case events along the workflow path: received, the start of kajian awal, the latest move.
        jalur = self.jalur[status]
        langkah = [("", jalur[0])]
        if len(jalur) > 1:
            langkah.append((jalur[0], jalur[1]))
        if len(jalur) > 2:
            langkah.append((jalur[-2], jalur[-1]))
        jeda = [datetime.timedelta(hours=r.uniform(2, 72)), datetime.timedelta(days=r.uniform(1, 60))][
            : len(langkah) - 1
        ]
        rentang = sum(jeda, datetime.timedelta())
        if status not in STATUS_TERMINAL and r.random() < 0.85:
            # An open case being worked on moved a few days ago: most deadlines are still ahead.
            dibuat = self.sekarang - datetime.timedelta(days=r.expovariate(1 / 2.5)) - rentang
        else:
            # Finished cases, and a backlog of stale open ones (overdue), spread over two years.
            dibuat = self.sekarang - rentang - datetime.timedelta(days=r.uniform(0, HARI_RENTANG))
        dibuat -= datetime.timedelta(minutes=r.randint(5, 600))
        tgl_dibuat = dibuat.astimezone(self.tz).date()

        terdaftar = status in STATUS_TERDAFTAR
        if terdaftar:
            sumber = Sumber.TEMUAN if r.random() < 0.25 else Sumber.LAPORAN
        else:
            sumber = Sumber.INFORMASI_AWAL if status == Status.INFORMASI_AWAL or r.random() < 0.3 else Sumber.LAPORAN
        jenis = JenisPemilihan.PILKADA if r.random() < 0.6 else JenisPemilihan.PEMILU
        kategori = r.choices(self.kategori, cum_weights=self.bobot_kategori)[0]

        desa = r.choice(self.desa)
        bagian = desa.split(".")
        kab, kec = ".".join(bagian[:2]), ".".join(bagian[:3])
        daring = kategori.kode in ("kampanye-media-sosial", "interaksi-media-sosial") and r.random() < 0.3
        # An online violation may name only the kabupaten/kota where the official works.
        wilayah = kab if daring and kab in self.nama_wilayah else desa
        # Bawaslu of the kabupaten/kota handles by default; a few cases sit with the province.
        provinsi = status == Status.DILIMPAHKAN or r.random() < 0.04
        tingkat = TingkatKantor.PROVINSI if provinsi else TingkatKantor.KABKOTA
        kantor = bagian[0] if provinsi else kab
        nama = {
            "kab": self.nama_wilayah.get(kab, kab),
            "kec": self.nama_wilayah.get(kec, kec),
            "desa": self.nama_wilayah.get(desa, desa),
            "n": r.randint(1, 12),
        }

        # Most people report within days of learning of it, and learn of it soon after it happened:
        # a few are late (terlambat).
        diketahui = tgl_dibuat - datetime.timedelta(days=min(int(r.expovariate(1 / 3)), 60))
        kejadian = diketahui - datetime.timedelta(days=min(int(r.expovariate(1 / 2)), 30))

        waktu, peristiwa = dibuat, []
        for i, (dari, ke) in enumerate(langkah):
            if i:
                waktu += jeda[i - 1]
            pesan = ""
            if i == 0:
                peran, publik, alasan = workflow.Aktor.SISTEM, True, "Pengaduan diterima melalui formulir daring."
            else:
                t = workflow.transisi(dari, ke)
                peran, publik = _peran(t, provinsi), t.publik
                alasan = ALASAN.get(ke, "") if t.alasan_wajib else ""
                pesan = ALASAN.get(ke, "") if t.pesan_wajib else ""  # a completion request is the reporter's
            peristiwa.append(
                {
                    "dari_status": dari,
                    "ke_status": ke,
                    "aktor_id": None,
                    "peran_aktor": peran,
                    "alasan": alasan,
                    "pesan_pelapor": pesan,
                    "publik": publik,
                    "waktu": waktu,
                }
            )
        terakhir = waktu.astimezone(self.tz).date()
        tenggat, diperpanjang = self._tenggat(jenis, status, terakhir)

        nama_terlapor = [self._nama() for _ in range(1 if r.random() < 0.75 else 2)]
        terlapor = []
        for n in nama_terlapor:
            jabatan, instansi = r.choice(JABATAN)
            jenis_asn = r.choices(JENIS_ASN, cum_weights=BOBOT_JENIS_ASN)[0]
            ada_nip = r.random() < {JenisASN.PNS: 0.8, JenisASN.PPPK: 0.5}.get(jenis_asn, 0.1)
            terlapor.append(
                {
                    "nama": n,
                    "nama_cari": normalkan_nama(n),
                    "nip": self._nip() if ada_nip else "",
                    "jabatan": jabatan,
                    "instansi_teks": instansi.format(**nama),
                    "instansi_id": None,
                    "jenis_asn": jenis_asn,
                }
            )
        perbuatan = PERBUATAN.get(kategori.kode, "melakukan tindakan yang menunjukkan keberpihakan kepada calon")
        kronologi = (
            f"Pada {self._tanggal_id(kejadian)}, {nama_terlapor[0]} ({terlapor[0]['jabatan']} "
            f"{terlapor[0]['instansi_teks']}) {perbuatan.format(no=r.randint(1, 5))}. "
            f"Kejadian ini saya ketahui pada {self._tanggal_id(diketahui)} dan disaksikan beberapa warga. "
            "Bukti berupa foto dan tangkapan layar saya lampirkan."
        )
        tempat = r.choice(TEMPAT_DARING if daring else TEMPAT).format(**nama)

        pengaduan = {
            "kode_hash": f"{r.getrandbits(256):064x}",
            "kode_akhir": "".join(r.choices(kode_pelacakan.ALFABET, k=4)),
            "token_pengajuan": uuid.UUID(int=TOKEN_SEED[0].int | r.getrandbits(64)),
            "sumber": sumber,
            "status": status,
            "jenis_pemilihan": jenis,
            "kategori_id": kategori.kode,
            "kategori_lainnya": "Mengarahkan pegawai honorer menghadiri rapat tim sukses"
            if kategori.perlu_uraian
            else "",
            "tanggal_kejadian": kejadian,
            "tanggal_diketahui": diketahui,
            "terlambat": (tgl_dibuat - diketahui).days > 7,
            "wilayah_id": wilayah,
            "alamat_kejadian": tempat,
            "kantor_tingkat": tingkat,
            "kantor_wilayah_id": kantor,
            # What Pengaduan.save() derives from the handling office: COPY must write it itself.
            "kantor_provinsi": kantor[:2],
            "kantor_kabkota": kantor[:5] if len(kantor) >= 5 else "",
            "kecamatan_kejadian": wilayah[:8] if len(wilayah) >= 8 else "",
            "kronologi": kronologi,
            "pernyataan_benar": True,
            "nomor_registrasi": "",
            "tenggat": tenggat,
            "tenggat_diperpanjang": diperpanjang,
            "ditugaskan_id": None,
            "duplikat_dari_id": None,
            "versi": 1,
            "dibuat": dibuat,
            "diperbarui": waktu,
        }
        if terdaftar:
            tanggal_reg = peristiwa[min(2, len(peristiwa) - 1)]["waktu"].astimezone(self.tz).date()
            pengaduan["nomor_registrasi"] = self._nomor_registrasi(tingkat, kantor, sumber, jenis, tanggal_reg)

        pelapor = None
        if sumber == Sumber.LAPORAN:
            nama_pelapor = f"{r.choice(NAMA_DEPAN)} {r.choice(NAMA_BELAKANG)}"
            pelapor = {
                "nama": nama_pelapor,
                "nik": self._nik(desa),
                "alamat": f"{r.choice(JALAN)} No. {r.randint(1, 200)}, {nama['desa']}",
                "telepon": self._telepon() if r.random() < 0.9 else "",
                "email": f"{nama_pelapor.lower().replace(' ', '.')}{r.randint(1, 99)}@contoh.id"
                if r.random() < 0.4
                else "",
                "rahasia": r.random() < 0.35,
            }
        return pengaduan, pelapor, terlapor, peristiwa

    def urutan_baru(self) -> dict:
        """The registration counters moved since the last call."""
        baru = {k: self.urutan[k] for k in self.urutan_berubah}
        self.urutan_berubah.clear()
        return baru


MODEL = {"pengaduan": Pengaduan, "pelapor": Pelapor, "terlapor": Terlapor, "peristiwa": PeristiwaPengaduan}
# Set by Command._buat before the worker forks; the worker keeps its own copy (and its counters).
_pembuat: Pembuat | None = None
_tabel: dict[str, Tabel] = {}


def sambung(ids, kasus):
    """Give each case its id and point its reporter, terlapor and events at it."""
    pengaduan, pelapor, terlapor, peristiwa = [], [], [], []
    for pk, (p, pl, tl, ps) in zip(ids, kasus, strict=True):
        pengaduan.append({**p, "id": pk})
        if pl:
            pelapor.append({**pl, "pengaduan_id": pk})
        terlapor.extend({**t, "pengaduan_id": pk} for t in tl)
        peristiwa.extend({**e, "pengaduan_id": pk} for e in ps)
    return pengaduan, pelapor, terlapor, peristiwa


def _teks_batch(ids: list[int]) -> tuple[dict[str, str], dict, int]:
    """In the worker: one batch as COPY text per table, the registration counters it moved, its row count."""
    bagian = sambung(ids, [_pembuat.kasus() for _ in ids])
    teks = {nama: _tabel[nama].copy_teks(semua) for nama, semua in zip(MODEL, bagian, strict=True)}
    return teks, _pembuat.urutan_baru(), sum(len(b) for b in bagian)


def simpan_urutan(urutan: dict):
    """Move the offices' registration counters past the numbers used, so the real service never
    issues a number seeded here."""
    UrutanRegistrasi.objects.bulk_create(
        [
            UrutanRegistrasi(kantor_tingkat=t, kantor_kode=k, tahun=y, jenis=j, terakhir=n)
            for (t, k, y, j), n in urutan.items()
        ],
        update_conflicts=True,
        unique_fields=["kantor_tingkat", "kantor_kode", "tahun", "jenis"],
        update_fields=["terakhir"],
        batch_size=1000,
    )


class Command(BaseCommand):
    help = (
        "Membuat pengaduan realistis dalam jumlah besar untuk uji beban (COPY di PostgreSQL). "
        "Hanya berjalan pada basis data yang tidak memuat pengaduan selain buatan uji beban."
    )

    def add_arguments(self, parser):
        jumlah = parser.add_mutually_exclusive_group()
        jumlah.add_argument("--pengaduan", type=int, default=0, help="Tambah sebanyak N pengaduan.")
        jumlah.add_argument("--sampai", type=int, help="Tambah hingga pengaduan buatan seed_bench berjumlah N.")
        parser.add_argument("--hapus", action="store_true", help="Hapus dulu semua pengaduan uji beban.")
        parser.add_argument(
            "--persis", action="store_true", help="Dengan --sampai: bila sudah lebih dari N, mulai dari awal."
        )
        parser.add_argument(
            "--hapus-kiriman",
            action="store_true",
            help="Hapus pengaduan yang dikirim uji beban lewat POST /lapor/ (bukan buatan seed_bench).",
        )
        parser.add_argument("--kode-sampel", type=int, default=1000, help="Jumlah kode pelacakan yang diketahui.")
        parser.add_argument("--berkas-kode", default=str(BERKAS_KODE), help="Tempat menulis kode pelacakan sampel.")
        parser.add_argument("--batch", type=int, default=20_000)

    def handle(
        self,
        *args,
        pengaduan,
        sampai,
        hapus,
        persis,
        hapus_kiriman,
        kode_sampel,
        berkas_kode,
        batch,
        **options,
    ):
        asing = Pengaduan.objects.filter(Q(token_pengajuan__lt=TOKEN_BENCH[0]) | Q(token_pengajuan__gt=TOKEN_BENCH[1]))
        if asing.exists() or uji_beban.ada_data_sungguhan():
            raise CommandError(
                "Basis data ini memuat pengaduan atau kegiatan yang bukan buatan uji beban; seed_bench menolak "
                "berjalan. Pakai basis data khusus uji beban (mis. BENCH_DATABASE_URL di `make bench`)."
            )
        seed = Pengaduan.objects.filter(token_pengajuan__range=TOKEN_SEED)
        if persis and sampai is not None and not hapus and seed.count() > sampai:
            self.stdout.write(f"Sudah ada {seed.count()} pengaduan uji beban, lebih dari {sampai}: mulai dari awal.")
            hapus = True
        if hapus:
            self._hapus_semua()
        if hapus_kiriman:
            n, _ = Pengaduan.objects.filter(token_pengajuan__range=TOKEN_KIRIMAN).delete()
            self.stdout.write(f"Kiriman uji beban dihapus ({n} baris termasuk turunannya).")

        jumlah = max(0, sampai - seed.count()) if sampai is not None else pengaduan
        if jumlah:
            self._buat(jumlah, batch)
        if kode_sampel:
            self._kode_sampel(kode_sampel, Path(berkas_kode))
        self._analyze()

    def _hapus_semua(self):
        mulai = time.monotonic()
        if connection.vendor == "postgresql":
            # Every case here is the benchmark's (checked above); TRUNCATE takes seconds where the
            # ORM's cascade would load a million objects. It also empties the tables that point at
            # cases (events, outbox, audit log...), which in a benchmark database hold only its own rows.
            with connection.cursor() as c:
                if connection.in_atomic_block:
                    # Inside an outer transaction (the tests), pending deferred FK checks block TRUNCATE.
                    c.execute("SET CONSTRAINTS ALL IMMEDIATE")
                c.execute(f"TRUNCATE {connection.ops.quote_name(Pengaduan._meta.db_table)} CASCADE")
        else:
            Pengaduan.objects.all().delete()
        self.stdout.write(f"Semua pengaduan uji beban dihapus ({time.monotonic() - mulai:.1f} detik).")

    def _buat(self, jumlah: int, batch: int):
        global _pembuat, _tabel
        _pembuat = Pembuat(random.Random(), timezone.now())
        _tabel = {nama: Tabel(model, dengan_id=nama == "pengaduan") for nama, model in MODEL.items()}
        pg = connection.vendor == "postgresql"
        self.stdout.write(f"Membuat {jumlah} pengaduan ({'COPY' if pg else 'bulk_create'}, batch {batch})...")
        mulai, dibuat, baris = time.monotonic(), 0, 0
        for n, b in self._batch_pg(jumlah, batch) if pg else self._batch_orm(jumlah, batch):
            dibuat, baris = dibuat + n, baris + b
            lama = time.monotonic() - mulai
            self.stdout.write(
                f"  {dibuat}/{jumlah} pengaduan, {baris} baris, {lama:.0f} detik ({baris / lama:,.0f} baris/detik)"
            )
        lama = time.monotonic() - mulai
        self.stdout.write(
            self.style.SUCCESS(
                f"{jumlah} pengaduan ({baris} baris) dalam {lama:.1f} detik: "
                f"{jumlah / lama:,.0f} pengaduan/detik, {baris / lama:,.0f} baris/detik."
            )
        )

    def _batch_pg(self, jumlah: int, batch: int):
        """COPY, with the rows of the next batch built in a forked worker meanwhile: on two cores
        Python and PostgreSQL then work side by side and the wall time roughly halves."""
        antrean, sisa = deque(), jumlah
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
            while sisa or antrean:
                while sisa and len(antrean) < 2:
                    n = min(batch, sisa)
                    antrean.append((n, pool.submit(_teks_batch, self._ambil_id(n))))
                    sisa -= n
                n, tugas = antrean.popleft()
                teks, urutan, baris = tugas.result()
                # One transaction per batch: an interrupted run leaves whole cases only.
                with transaction.atomic(), connection.cursor() as c:
                    for nama, isi in teks.items():
                        t = _tabel[nama]
                        sql = f"COPY {connection.ops.quote_name(t.nama)} ({t.kolom}) FROM STDIN"
                        mentah = c.cursor
                        if hasattr(mentah, "copy_expert"):  # psycopg2
                            mentah.copy_expert(sql, io.StringIO(isi), size=1 << 20)
                        else:  # psycopg 3
                            with mentah.copy(sql) as copy:
                                copy.write(isi)
                    simpan_urutan(urutan)
                yield n, baris

    @staticmethod
    def _ambil_id(n: int) -> list[int]:
        """Reserve case ids from the table's own sequence, so the children can point at them in COPY."""
        with connection.cursor() as c:
            c.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [Pengaduan._meta.db_table, n],
            )
            return [r[0] for r in c.fetchall()]

    @staticmethod
    def _batch_orm(jumlah: int, batch: int):
        sisa = jumlah
        while sisa:
            n = min(batch, sisa)
            kasus = [_pembuat.kasus() for _ in range(n)]
            with transaction.atomic():
                objek = Pengaduan.objects.bulk_create([Pengaduan(**p) for p, _, _, _ in kasus], batch_size=500)
                _, pelapor, terlapor, peristiwa = sambung([o.pk for o in objek], kasus)
                Pelapor.objects.bulk_create([Pelapor(**d) for d in pelapor], batch_size=500)
                Terlapor.objects.bulk_create([Terlapor(**d) for d in terlapor], batch_size=500)
                PeristiwaPengaduan.objects.bulk_create([PeristiwaPengaduan(**d) for d in peristiwa], batch_size=500)
                simpan_urutan(_pembuat.urutan_baru())
            sisa -= n
            yield n, len(objek) + len(pelapor) + len(terlapor) + len(peristiwa)

    def _kode_sampel(self, jumlah: int, berkas: Path):
        """Issue real tracking codes, under this run's TRACKING_CODE_KEY, to the first seeded cases and
        write them down for the /lacak/ benchmark. Done on every run, so a new key never strands them."""
        objek = list(Pengaduan.objects.filter(token_pengajuan__range=TOKEN_SEED).order_by("id").only("id")[:jumlah])
        kode = []
        for p in objek:
            k = kode_pelacakan.buat_kode()
            normal = kode_pelacakan.normalkan(k)
            p.kode_hash, p.kode_akhir = kode_pelacakan.hash_kode(normal), normal[-4:]
            kode.append(k)
        with transaction.atomic():
            Pengaduan.objects.bulk_update(objek, ["kode_hash", "kode_akhir"], batch_size=500)
        berkas.parent.mkdir(parents=True, exist_ok=True)
        berkas.write_text("".join(f"{k}\n" for k in kode))
        self.stdout.write(f"{len(kode)} kode pelacakan sampel ditulis ke {berkas}.")

    def _analyze(self):
        tabel = [m._meta.db_table for m in (Pengaduan, Pelapor, Terlapor, PeristiwaPengaduan)]
        mulai = time.monotonic()
        with connection.cursor() as c:
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                # VACUUM too: freshly copied pages are not yet all-visible, which would make counts and
                # index-only scans read the heap until autovacuum comes by.
                for t in tabel:
                    c.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(t)}")
            else:
                for t in tabel:
                    c.execute(f"ANALYZE {connection.ops.quote_name(t)}")
        maks = Pengaduan.objects.aggregate(Max("id"))["id__max"]
        self.stdout.write(
            f"ANALYZE selesai ({time.monotonic() - mulai:.1f} detik). Pengaduan: {Pengaduan.objects.count()}, id terbesar {maks}."
        )
