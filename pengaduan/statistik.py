"""Public statistics (/statistik/): reports by stage, violation category, election type, month and
region, with socialization coverage beside them — every figure protected against singling anyone out.

What each figure counts (the page and the CSV say the same, from `TAHAP` and `ANGKA` below):
- *Laporan diterima*: every case — laporan, informasi awal and temuan — except those withdrawn by the
  reporter (`dicabut`) and those marked as a duplicate of another case (counted once, as the original).
- The stages split that total (status → stage in `TAHAP`); three groups of stages add up to it:
  *dalam penanganan Bawaslu* (diajukan … klarifikasi), *diteruskan ke instansi* (diteruskan and every
  status after it: pemeriksaan instansi, sanksi dijatuhkan, keberatan, selesai, tidak terbukti menurut
  instansi) and *tidak dilanjutkan* (dihentikan, tidak diregistrasi, diarsipkan).
- *Sanksi dijatuhkan*: sanksi dijatuhkan, keberatan and selesai (a case reaches selesai only through a
  sanction).
- Region: the incident place (`Pengaduan.wilayah`), not the handling office: province = the first two
  characters of its code, kabupaten/kota = the first five. Month: when the case was received, in WIB.
- *Kegiatan sosialisasi*: published events (`terbit`) that have started; *peserta*: their luring plus
  daring participants; *desa/kelurahan menerima bahan*: distinct villages with a distribution recorded
  (loose, or of a published event), dated up to today.

Small counts. A count of 1–4 is shown as "< 5"; 0 is shown. Wherever figures add up to a figure that
is shown (a row, a column, a total, a group of stages), one hidden figure could be worked out by
subtraction, so if exactly one figure of such a sum is hidden, the smallest non-zero visible one beside
it is hidden too, and so on until no sum has exactly one hidden figure (`sembunyikan`). Because the
national page, a province's page and a kabupaten's page show parts of one another, the rule is applied
to each table as a grid of regions × values whose margins are the level above, solved from the top
down with the margins fixed: a province's column of a category is the province's figure on the
national grid, hidden or not, and so on. Hidden figures never leave this module: the cells handed to
templates and to the CSV carry the text "< 5" and no number.

Speed. All figures of every scope (national, each province, each kabupaten/kota) come from a handful
of grouped queries over the whole table, computed at once by `perbarui` (a Celery beat task, every ten
minutes) and kept in the cache under a version; a page reads one entry. A cold cache computes once (a
lock in the cache), and the others wait for it.
"""

import datetime
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from netralitas import versi_cache
from netralitas.wilayah.models import Tingkat, Wilayah
from sosialisasi.models import DistribusiBahan, Kegiatan

from .models import JenisPemilihan, KategoriPelanggaran, Pengaduan, Status

log = logging.getLogger(__name__)

ZONA_WAKTU = ZoneInfo("Asia/Jakarta")
# Counts from 1 to AMBANG - 1 are hidden.
AMBANG = 5
TEKS_TERSEMBUNYI = "< 5"
# The beat refreshes every REFRESH seconds; an entry lives twice as long, so a page never finds the
# cache empty while the beat runs, and without a beat the figures are at most UMUR_CACHE old.
REFRESH = 10 * 60
UMUR_CACHE = 2 * REFRESH
# Bump when the cached shape changes, so a deploy never reads the previous release's entries.
VERSI_BENTUK = 1
KUNCI_VERSI = "statistik:versi"
# A cold cache: one process computes, the others wait at most this long before computing themselves.
TUNGGU_DINGIN = 20.0

BULAN = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split()
S = Status


@dataclass(frozen=True)
class Tahap:
    kode: str
    label: str
    status: tuple[str, ...]


@dataclass(frozen=True)
class Kelompok:
    kode: str
    label: str
    tahap: tuple[str, ...]


# Every status but `dicabut`, each in exactly one stage (tested). Public words, as on /lacak/.
TAHAP = (
    Tahap(
        "kajian_awal", "Diterima dan dalam kajian awal", (S.DIAJUKAN, S.KAJIAN_AWAL, S.PERLU_PERBAIKAN, S.DILIMPAHKAN)
    ),
    Tahap("penelusuran", "Ditelusuri sebagai informasi awal", (S.INFORMASI_AWAL,)),
    Tahap("penanganan", "Diregistrasi, dalam klarifikasi dan kajian", (S.DIREGISTRASI, S.KLARIFIKASI)),
    Tahap("instansi", "Diteruskan, menunggu atau dalam pemeriksaan instansi", (S.DITERUSKAN, S.PEMERIKSAAN_INSTANSI)),
    Tahap("sanksi", "Sanksi dijatuhkan", (S.SANKSI_DIJATUHKAN, S.KEBERATAN, S.SELESAI)),
    Tahap("tidak_terbukti_instansi", "Tidak terbukti menurut instansi", (S.TIDAK_TERBUKTI_INSTANSI,)),
    Tahap("dihentikan", "Dihentikan Bawaslu: tidak terbukti", (S.DIHENTIKAN,)),
    Tahap("tidak_diregistrasi", "Tidak diregistrasi", (S.TIDAK_DIREGISTRASI,)),
    Tahap("diarsipkan", "Informasi awal diarsipkan", (S.DIARSIPKAN,)),
)
STATUS_TIDAK_DIHITUNG = (S.DICABUT,)
TAHAP_STATUS = {s: t.kode for t in TAHAP for s in t.status}
# Groups of stages that partition the total; each is a sum a reader could subtract from.
KELOMPOK = (
    Kelompok("dalam_penanganan", "Dalam penanganan Bawaslu", ("kajian_awal", "penelusuran", "penanganan")),
    Kelompok("diteruskan", "Diteruskan ke instansi", ("instansi", "sanksi", "tidak_terbukti_instansi")),
    Kelompok("tidak_dilanjutkan", "Tidak dilanjutkan", ("dihentikan", "tidak_diregistrasi", "diarsipkan")),
)
JUMLAH = "jumlah"


def _label_status(status: Iterable[str]) -> str:
    return ", ".join(Status(s).label.lower() for s in status)


def keterangan_tahap(t: Tahap) -> str:
    return f"Status: {_label_status(t.status)}."


def keterangan_kelompok(k: Kelompok) -> str:
    status = [s for t in TAHAP if t.kode in k.tahap for s in t.status]
    return f"Status: {_label_status(status)}."


KETERANGAN_LAPORAN = (
    "Semua laporan, informasi awal dan temuan yang diterima, kecuali yang dicabut pelapor dan yang "
    "ditandai sebagai duplikat laporan lain (dihitung sekali sebagai laporan aslinya)."
)
KETERANGAN_KEGIATAN = "Kegiatan yang diumumkan di halaman publik dan sudah dimulai pada saat penghitungan."
KETERANGAN_PESERTA = "Jumlah peserta luring dan daring kegiatan tersebut."
KETERANGAN_DESA = (
    "Desa/kelurahan yang tercatat menerima bahan sosialisasi (spanduk, brosur, stiker, poster), "
    "masing-masing dihitung sekali."
)

# The headline figures: (key, label, what it counts). Kegiatan and peserta come from the coverage.
ANGKA = (
    ("laporan_diterima", "Laporan diterima", KETERANGAN_LAPORAN),
    ("dalam_penanganan", "Dalam penanganan Bawaslu", keterangan_kelompok(KELOMPOK[0])),
    ("diteruskan", "Diteruskan ke instansi", "Terbukti menurut Bawaslu; " + keterangan_kelompok(KELOMPOK[1]).lower()),
    ("sanksi", "Sanksi dijatuhkan", keterangan_tahap(TAHAP[4])),
    ("kegiatan", "Kegiatan sosialisasi", KETERANGAN_KEGIATAN),
    ("peserta", "Peserta sosialisasi", KETERANGAN_PESERTA),
)


# --- suppression ------------------------------------------------------------------------------


def sembunyikan(nilai: Mapping, kendala: Iterable[tuple[Sequence, object]], tetap: Mapping | None = None) -> set:
    """The keys of `nilai` to hide: 1–4 (primary), then, for every constraint "the members add up to
    the total", while exactly one of its figures is hidden, the smallest non-zero visible member
    (secondary; ties go to the first member). Keys in `tetap` were decided at the level above
    (True: hidden) and never change here; a constraint made only of them is already safe."""
    tetap = tetap or {}
    kendala = [(list(anggota), total) for anggota, total in kendala]
    tersembunyi = {k for k, v in nilai.items() if (tetap[k] if k in tetap else 0 < v < AMBANG)}
    berubah = True
    while berubah:
        berubah = False
        for anggota, total in kendala:
            if total in tetap and all(k in tetap for k in anggota):
                continue
            if sum(k in tersembunyi for k in anggota) + (total in tersembunyi) != 1:
                continue
            calon = [k for k in anggota if k not in tetap and k not in tersembunyi and nilai[k] > 0]
            if not calon and total not in tetap and total not in tersembunyi and nilai[total] > 0:
                calon = [total]
            if calon:
                tersembunyi.add(min(calon, key=lambda k: nilai[k]))
                berubah = True
    return tersembunyi


MARGIN = "Σ"


@dataclass(frozen=True)
class Dimensi:
    """One breakdown of the reports: its columns, and the sums among them a reader sees."""

    kode: str
    judul: str
    kolom: tuple[tuple[str, str], ...]  # (kode, label)
    # Sums within one region's row: (member columns, total column). The total of all is JUMLAH.
    hubungan: tuple[tuple[tuple[str, ...], str], ...] = ()
    keterangan: str = ""

    @property
    def kode_kolom(self) -> list[str]:
        return [k for k, _ in self.kolom]

    @property
    def semua_kolom(self) -> list[str]:
        return list(dict.fromkeys([*self.kode_kolom, *(t for _, t in self.hubungan), JUMLAH]))

    def sums(self) -> list[tuple[tuple[str, ...], str]]:
        return [(tuple(self.kode_kolom), JUMLAH), *self.hubungan]


def _kisi(dimensi: Dimensi, baris: list[str], nilai_dalam: Mapping, tetap: Mapping) -> tuple[dict, set]:
    """Solve one grid: the regions of `baris` × the columns of `dimensi`, with its margins (the row
    MARGIN holds the column totals, the column JUMLAH the row totals). Returns (values, hidden)."""
    nilai = {}
    for r in baris:
        for k in dimensi.kode_kolom:
            nilai[r, k] = nilai_dalam.get((r, k), 0)
        for anggota, total in dimensi.sums():
            nilai[r, total] = sum(nilai[r, k] for k in anggota)
    for k in dimensi.semua_kolom:
        nilai[MARGIN, k] = sum(nilai[r, k] for r in baris)
    kendala = []
    for r in [*baris, MARGIN]:
        kendala += [([(r, k) for k in anggota], (r, total)) for anggota, total in dimensi.sums()]
    kendala += [([(r, k) for r in baris], (MARGIN, k)) for k in dimensi.semua_kolom]
    return nilai, sembunyikan(nilai, kendala, tetap)


def _vektor(baris: list[str], nilai_dalam: Mapping, tetap_total: bool | None) -> tuple[dict, set]:
    """Solve one list of regions with its total (MARGIN); `tetap_total` as decided above, if any."""
    nilai = {r: nilai_dalam.get(r, 0) for r in baris}
    nilai[MARGIN] = sum(nilai.values())
    tetap = {} if tetap_total is None else {MARGIN: tetap_total}
    return nilai, sembunyikan(nilai, [(baris, MARGIN)], tetap)


# --- what a page shows ------------------------------------------------------------------------


def format_angka(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def waktu_lokal(w: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(w, ZONA_WAKTU) if timezone.is_aware(w) else w


def definisi() -> list[tuple[str, str, int]]:
    """What each figure counts, as the page explains it: (term, explanation, depth)."""
    hasil = [("Laporan diterima", KETERANGAN_LAPORAN, 0)]
    for k in KELOMPOK:
        hasil.append((k.label, keterangan_kelompok(k), 0))
        hasil += [(t.label, keterangan_tahap(t), 1) for t in TAHAP if t.kode in k.tahap]
    hasil += [
        ("Wilayah", "Tempat kejadian yang dilaporkan (bukan kantor Bawaslu yang menangani).", 0),
        ("Bulan", "Bulan laporan diterima, waktu Indonesia bagian barat (WIB).", 0),
        ("Kegiatan sosialisasi", KETERANGAN_KEGIATAN, 0),
        ("Peserta", KETERANGAN_PESERTA, 0),
        ("Desa/kelurahan menerima bahan", KETERANGAN_DESA, 0),
        (
            "Angka kecil",
            f"Angka 1 sampai {AMBANG - 1} ditampilkan “{TEKS_TERSEMBUNYI}” agar tidak ada orang yang dapat "
            "dikenali. Bila sebuah jumlah yang ditampilkan memungkinkan angka tersembunyi itu dihitung "
            "dengan pengurangan, angka terkecil berikutnya dalam baris atau kolom yang sama ikut disamarkan, "
            "juga di antara halaman nasional, provinsi dan kabupaten/kota. Angka 0 tetap ditampilkan.",
            0,
        ),
    ]
    return hasil


@dataclass(frozen=True)
class Sel:
    """One figure as shown: its text, its number only when shown, and its bar's width (0–100)."""

    teks: str
    angka: int | None
    lebar: int = 0

    @property
    def tersembunyi(self) -> bool:
        return self.angka is None


def sel(nilai: int, tersembunyi: bool, skala: int = 0) -> Sel:
    if tersembunyi:
        return Sel(TEKS_TERSEMBUNYI, None, 0)
    lebar = max(1, round(100 * nilai / skala)) if nilai and skala else 0
    return Sel(format_angka(nilai), nilai, lebar)


@dataclass(frozen=True)
class Baris:
    kode: str
    label: str
    sel: tuple[Sel, ...]
    gaya: str = ""  # "kelompok": a group of stages; "anak": a stage under its group
    tautan: bool = False  # the row's code is a region with a page of its own


@dataclass(frozen=True)
class Tabel:
    kunci: str
    judul: str
    keterangan: str
    kolom: tuple[str, ...]
    baris: tuple[Baris, ...]
    jumlah: Baris
    parameter: str = ""  # the query parameter of a row's own page (drill-down), if any


@dataclass(frozen=True)
class Angka:
    kunci: str
    label: str
    keterangan: str
    sel: Sel

    @property
    def teks(self) -> str:
        return self.sel.teks

    @property
    def angka(self) -> int | None:
        return self.sel.angka


@dataclass(frozen=True)
class Statistik:
    lingkup: str  # "" (national), a province code "35" or a kabupaten/kota code "35.07"
    nama: str
    jejak: tuple[tuple[str, str], ...]  # (lingkup, nama) from the national page down to this one
    dihitung: datetime.datetime
    angka: tuple[Angka, ...]
    tabel: tuple[Tabel, ...]

    @property
    def dihitung_teks(self) -> str:
        w = waktu_lokal(self.dihitung)
        return f"{w.day} {BULAN[w.month - 1]} {w.year}, pukul {w:%H.%M} WIB"

    def tabel_dengan(self, kunci: str) -> Tabel | None:
        return next((t for t in self.tabel if t.kunci == kunci), None)


# --- reading the database -----------------------------------------------------------------------


@dataclass
class Bahan:
    """Raw counts per region (a kabupaten/kota code, or a province code for what is recorded at
    province level only) — what one refresh reads from the database."""

    dihitung: datetime.datetime
    nama: dict[str, str]  # province and kabupaten/kota names by code
    kategori: list[tuple[str, str]]
    bulan: list[tuple[int, int]]
    laporan: dict[str, dict[tuple[str, str], int]]  # dimension → (region, column) → count
    kegiatan: dict[str, int]
    peserta: dict[str, int]
    desa_bahan: dict[str, int]


def laporan_publik():
    """The cases public figures count: not withdrawn, not a duplicate."""
    return Pengaduan.objects.exclude(status__in=STATUS_TIDAK_DIHITUNG).filter(duplikat_dari__isnull=True)


def kode_bulan(tahun: int, bulan: int) -> str:
    return f"{tahun:04d}-{bulan:02d}"


def label_bulan(tahun: int, bulan: int) -> str:
    return f"{BULAN[bulan - 1]} {tahun}"


def baca_bahan(*, sekarang: datetime.datetime | None = None) -> Bahan:
    """Four grouped queries over the cases (one per breakdown, each region × value), two over the
    socialization tables, two for names — in one snapshot, so every table adds up to the same total."""
    sendiri = not connection.in_atomic_block  # inside a caller's transaction, its snapshot rules
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                if sendiri:
                    c.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                # PostgreSQL guesses a hundred thousand groups where there are a few thousand, and
                # then sorts a million rows on disk instead of hashing them in memory: a quarter of
                # the time with room to hash. JIT compiling costs more than these queries save.
                c.execute("SET LOCAL work_mem = '64MB'")
                c.execute("SET LOCAL jit = off")
        return _baca_bahan(sekarang or timezone.now())


def _baca_bahan(sekarang: datetime.datetime) -> Bahan:
    wil = Substr("wilayah_id", 1, 5)
    qs = laporan_publik().order_by()
    laporan: dict[str, dict] = {}

    per_status = defaultdict(int)
    for b in qs.values("status", w=wil).annotate(n=Count("*")):
        per_status[b["w"], TAHAP_STATUS.get(b["status"], "")] += b["n"]
    laporan["tahap"] = dict(per_status)
    laporan["kategori"] = {
        (b["w"], b["kategori_id"]): b["n"] for b in qs.values("kategori_id", w=wil).annotate(n=Count("*"))
    }
    laporan["jenis"] = {
        (b["w"], b["jenis_pemilihan"]): b["n"] for b in qs.values("jenis_pemilihan", w=wil).annotate(n=Count("*"))
    }
    per_bulan = {}
    for b in qs.annotate(b=TruncMonth("dibuat", tzinfo=ZONA_WAKTU)).values("b", w=wil).annotate(n=Count("*")):
        lokal = timezone.localtime(b["b"], ZONA_WAKTU) if timezone.is_aware(b["b"]) else b["b"]
        per_bulan[b["w"], kode_bulan(lokal.year, lokal.month)] = b["n"]
    laporan["bulan"] = per_bulan

    hari_ini = timezone.localtime(sekarang, ZONA_WAKTU).date()
    bulan = []
    if per_bulan:
        awal = min(k for _, k in per_bulan)
        t, m = int(awal[:4]), int(awal[5:])
        while (t, m) <= (hari_ini.year, hari_ini.month):
            bulan.append((t, m))
            t, m = (t + 1, 1) if m == 12 else (t, m + 1)

    kegiatan, peserta = {}, {}
    for b in (
        Kegiatan.objects.filter(terbit=True, mulai__lte=sekarang)
        .order_by()
        .values("provinsi", "kabkota")
        .annotate(n=Count("*"), p=Sum(F("peserta_luring") + F("peserta_daring")))
    ):
        w = b["kabkota"] or b["provinsi"]
        kegiatan[w] = kegiatan.get(w, 0) + b["n"]
        peserta[w] = peserta.get(w, 0) + (b["p"] or 0)
    desa_bahan = {
        b["kabkota"]: b["n"]
        for b in DistribusiBahan.objects.filter(tanggal__lte=hari_ini)
        .filter(Q(kegiatan__isnull=True) | Q(kegiatan__terbit=True))
        .order_by()
        .values("kabkota")
        .annotate(n=Count("desa", distinct=True))
    }
    nama = dict(
        Wilayah.objects.filter(tingkat__in=[Tingkat.PROVINSI, Tingkat.KABUPATEN_KOTA]).values_list("kode", "nama")
    )
    dipakai = {k for _, k in laporan["kategori"]}
    kategori = [
        (k.kode, k.nama) for k in KategoriPelanggaran.objects.order_by("urutan", "nama") if k.aktif or k.kode in dipakai
    ]
    return Bahan(
        dihitung=sekarang,
        nama=nama,
        kategori=kategori,
        bulan=bulan,
        laporan=laporan,
        kegiatan=kegiatan,
        peserta=peserta,
        desa_bahan=desa_bahan,
    )


# --- from counts to pages ---------------------------------------------------------------------


def dimensi(bahan: Bahan) -> list[Dimensi]:
    return [
        Dimensi(
            "tahap",
            "Laporan menurut tahap penanganan",
            tuple((t.kode, t.label) for t in TAHAP),
            tuple((k.tahap, k.kode) for k in KELOMPOK) + ((tuple(k.kode for k in KELOMPOK), JUMLAH),),
            "Tahap terakhir yang dicapai setiap laporan pada saat penghitungan.",
        ),
        Dimensi(
            "kategori",
            "Laporan menurut kategori pelanggaran",
            tuple(bahan.kategori),
            keterangan="Kategori menurut SKB 2022 Lampiran II, sebagaimana dipilih pelapor atau ditetapkan petugas.",
        ),
        Dimensi("jenis", "Laporan menurut jenis pemilihan", tuple(JenisPemilihan.choices)),
        Dimensi(
            "bulan",
            "Laporan menurut bulan diterima",
            tuple((kode_bulan(t, m), label_bulan(t, m)) for t, m in bahan.bulan),
            keterangan="Bulan laporan diterima (WIB).",
        ),
    ]


def _gabung(data: Mapping, ke_baris) -> dict:
    """Counts keyed by (region, column) regrouped onto the rows of one level."""
    hasil = defaultdict(int)
    for (w, k), n in data.items():
        r = ke_baris(w)
        if r is not None:
            hasil[r, k] += n
    return hasil


def _gabung_vektor(data: Mapping, ke_baris) -> dict:
    hasil = defaultdict(int)
    for w, n in data.items():
        r = ke_baris(w)
        if r is not None:
            hasil[r] += n
    return hasil


@dataclass
class _Tingkat:
    """The solved grids of one level (the provinces of the country, or the kabupaten/kota of a
    province): values and hidden keys per dimension, per coverage figure."""

    baris: list[str]
    kisi: dict[str, tuple[dict, set]]
    vektor: dict[str, tuple[dict, set]]


def _selesaikan(bahan, dims, baris, ke_baris, atas: _Tingkat | None, r_atas: str | None) -> _Tingkat:
    tetap_jumlah = None
    if atas is not None:
        nilai_atas, tersembunyi_atas = atas.kisi["tahap"]
        tetap_jumlah = (r_atas, JUMLAH) in tersembunyi_atas
    # The report totals per region first: every grid shares them as its JUMLAH column.
    per_baris = defaultdict(int)
    for (r, _k), n in _gabung(bahan.laporan["tahap"], ke_baris).items():
        per_baris[r] += n
    nilai_j, tersembunyi_j = _vektor(baris, per_baris, tetap_jumlah)
    kisi = {}
    for d in dims:
        tetap = {(r, JUMLAH): r in tersembunyi_j for r in baris}
        tetap[MARGIN, JUMLAH] = MARGIN in tersembunyi_j
        if atas is not None:
            _, tersembunyi_atas = atas.kisi[d.kode]
            for k in d.semua_kolom:
                tetap[MARGIN, k] = (r_atas, k) in tersembunyi_atas
        kisi[d.kode] = _kisi(d, baris, _gabung(bahan.laporan[d.kode], ke_baris), tetap)
    vektor = {}
    for nama, data in (("kegiatan", bahan.kegiatan), ("peserta", bahan.peserta), ("desa", bahan.desa_bahan)):
        tetap_total = None if atas is None else r_atas in atas.vektor[nama][1]
        vektor[nama] = _vektor(baris, _gabung_vektor(data, ke_baris), tetap_total)
    return _Tingkat(baris=baris, kisi=kisi, vektor=vektor)


def _skala(nilai: Mapping, tersembunyi: set, kunci: Iterable) -> int:
    return max((nilai[k] for k in kunci if k not in tersembunyi), default=0)


def _tabel_dimensi(d: Dimensi, nilai: Mapping, tersembunyi: set, r: str) -> Tabel:
    """One region's row of a solved grid, as a table of its columns."""
    if d.kode == "tahap":
        urutan = []
        for k in KELOMPOK:
            urutan.append((k.kode, k.label, "kelompok"))
            urutan += [(t.kode, t.label, "anak") for t in TAHAP if t.kode in k.tahap]
        skala = _skala(nilai, tersembunyi, [(r, k.kode) for k in KELOMPOK])
    else:
        urutan = [(k, label, "") for k, label in d.kolom]
        skala = _skala(nilai, tersembunyi, [(r, k) for k, _ in d.kolom])
    baris = tuple(
        Baris(kode=k, label=label, sel=(sel(nilai[r, k], (r, k) in tersembunyi, skala),), gaya=g)
        for k, label, g in urutan
    )
    jumlah = Baris(kode=JUMLAH, label="Jumlah", sel=(sel(nilai[r, JUMLAH], (r, JUMLAH) in tersembunyi),))
    return Tabel(kunci=d.kode, judul=d.judul, keterangan=d.keterangan, kolom=("Laporan",), baris=baris, jumlah=jumlah)


KOLOM_WILAYAH = ("Laporan diterima", "Kegiatan sosialisasi", "Peserta", "Desa/kel. menerima bahan")


def _tabel_wilayah(
    bahan: Bahan, t: _Tingkat, label: Mapping[str, str], tautan: set[str], judul: str, parameter: str
) -> Tabel:
    nilai_j, tersembunyi_j = t.kisi["tahap"]
    kolom = [
        (
            {r: nilai_j[r, JUMLAH] for r in [*t.baris, MARGIN]},
            {r for r in [*t.baris, MARGIN] if (r, JUMLAH) in tersembunyi_j},
        ),
        t.vektor["kegiatan"],
        t.vektor["peserta"],
        t.vektor["desa"],
    ]
    skala = [_skala(n, h, t.baris) for n, h in kolom[:2]] + [0, 0]
    baris = tuple(
        Baris(
            kode=r,
            label=label[r],
            sel=tuple(sel(n[r], r in h, s) for (n, h), s in zip(kolom, skala, strict=True)),
            tautan=r in tautan,
        )
        for r in t.baris
    )
    jumlah = Baris(kode=JUMLAH, label="Jumlah", sel=tuple(sel(n[MARGIN], MARGIN in h) for n, h in kolom))
    keterangan = "Laporan menurut tempat kejadian, dan kegiatan sosialisasi di wilayah yang sama."
    return Tabel(
        kunci="wilayah",
        judul=judul,
        keterangan=keterangan,
        kolom=KOLOM_WILAYAH,
        baris=baris,
        jumlah=jumlah,
        parameter=parameter,
    )


def _angka(t: _Tingkat, r: str) -> tuple[Angka, ...]:
    nilai, tersembunyi = t.kisi["tahap"]
    kolom = {"laporan_diterima": JUMLAH, "dalam_penanganan": "dalam_penanganan", "diteruskan": "diteruskan"}
    kolom["sanksi"] = "sanksi"
    hasil = []
    for kunci, label, keterangan in ANGKA:
        if kunci in kolom:
            s = sel(nilai[r, kolom[kunci]], (r, kolom[kunci]) in tersembunyi)
        else:
            n, h = t.vektor[kunci]
            s = sel(n[r], r in h)
        hasil.append(Angka(kunci=kunci, label=label, keterangan=keterangan, sel=s))
    return tuple(hasil)


def susun_semua(bahan: Bahan) -> dict[str, Statistik]:
    """Every scope's page from one read of the database: the national grids first, then each
    province's with the national figures as its fixed margins."""
    dims = dimensi(bahan)
    provinsi = sorted(k for k in bahan.nama if len(k) == 2)
    kabkota_dari = defaultdict(list)
    for k in sorted(k for k in bahan.nama if len(k) == 5):
        kabkota_dari[k[:2]].append(k)
    nasional = _selesaikan(bahan, dims, provinsi, lambda w: w[:2] if w[:2] in bahan.nama else None, None, None)

    hasil = {}

    def statistik(lingkup, nama, jejak, t: _Tingkat, r: str, tabel_wilayah: Tabel | None) -> Statistik:
        tabel = [tabel_wilayah] if tabel_wilayah else []
        for d in dims:
            nilai, tersembunyi = t.kisi[d.kode]
            tabel.append(_tabel_dimensi(d, nilai, tersembunyi, r))
        return Statistik(
            lingkup=lingkup,
            nama=nama,
            jejak=jejak,
            dihitung=bahan.dihitung,
            angka=_angka(t, r),
            tabel=tuple(tabel),
        )

    jejak_nasional = (("", "Indonesia"),)
    hasil[""] = statistik(
        "",
        "Indonesia",
        jejak_nasional,
        nasional,
        MARGIN,
        _tabel_wilayah(bahan, nasional, bahan.nama, set(provinsi), "Laporan dan sosialisasi per provinsi", "provinsi"),
    )
    for p in provinsi:
        semua = set(kabkota_dari[p])
        baris = list(kabkota_dari[p])
        # What is recorded at province level only (an event held by the province itself) gets a row.
        if any(w == p for w in (*bahan.kegiatan, *bahan.peserta, *bahan.desa_bahan)) or any(
            w == p for w, _ in bahan.laporan["tahap"]
        ):
            baris.append(p)
        label = {**bahan.nama, p: "Tingkat provinsi (tanpa kabupaten/kota)"}

        def ke_baris(w, p=p, semua=semua):
            if w[:2] != p:
                return None
            return w if w in semua else p

        t = _selesaikan(bahan, dims, baris, ke_baris, nasional, p)
        jejak = (*jejak_nasional, (p, bahan.nama[p]))
        hasil[p] = statistik(
            p,
            bahan.nama[p],
            jejak,
            t,
            MARGIN,
            _tabel_wilayah(bahan, t, label, semua, "Laporan dan sosialisasi per kabupaten/kota", "kabkota"),
        )
        for k in kabkota_dari[p]:
            hasil[k] = statistik(k, bahan.nama[k], (*jejak, (k, bahan.nama[k])), t, k, None)
    return hasil


# --- the cache ----------------------------------------------------------------------------------


def versi() -> int:
    return versi_cache.versi(KUNCI_VERSI)


def _kunci(v: int, lingkup: str) -> str:
    return f"statistik:v{VERSI_BENTUK}:{v}:{lingkup or 'nasional'}"


def _kunci_angka(v: int) -> str:
    return f"statistik:v{VERSI_BENTUK}:{v}:angka"


def hitung_semua(*, sekarang: datetime.datetime | None = None) -> dict[str, Statistik]:
    mulai = time.monotonic()
    semua = susun_semua(baca_bahan(sekarang=sekarang))
    log.info("Statistik publik dihitung: %d lingkup dalam %.1f detik.", len(semua), time.monotonic() - mulai)
    return semua


def _simpan(v: int, semua: dict[str, Statistik]) -> None:
    entri = {_kunci(v, lingkup): s for lingkup, s in semua.items()}
    if "" in semua:
        entri[_kunci_angka(v)] = _angka_dict(semua[""])
    cache.set_many(entri, timeout=UMUR_CACHE)


def perbarui(*, sekarang: datetime.datetime | None = None) -> int:
    """Compute every scope and publish them under a new version (the beat's task). Pages switch to
    the new figures within versi_cache.UMUR_LOKAL seconds; the old entries expire on their own."""
    semua = hitung_semua(sekarang=sekarang)
    v = versi_cache.baru()
    _simpan(v, semua)
    cache.set(KUNCI_VERSI, v, timeout=None)
    versi_cache.versi(KUNCI_VERSI, lokal=False)  # this process sees it at once, as after naikkan()
    return len(semua)


def _dingin(v: int, lingkup: str) -> Statistik | None:
    """A cold cache: one process computes every scope, under a lock in the cache; the others wait
    for its result. When the lock is not taken yet nobody holds it (the cache is unreachable, or the
    holder failed), compute here."""
    kunci, kunci_kunci = _kunci(v, lingkup), f"statistik:v{VERSI_BENTUK}:{v}:menghitung"
    if not cache.add(kunci_kunci, 1, timeout=int(TUNGGU_DINGIN) * 3):
        batas = time.monotonic() + TUNGGU_DINGIN
        while time.monotonic() < batas:
            ada = cache.get_many([kunci, kunci_kunci])
            if kunci in ada:
                return ada[kunci]
            if kunci_kunci not in ada:
                break
            time.sleep(0.1)
    try:
        semua = hitung_semua()
        _simpan(v, semua)
    finally:
        cache.delete(kunci_kunci)
    return semua.get(lingkup)


def statistik(lingkup: str = "") -> Statistik:
    """The figures of one scope ("" national, "35", "35.07"): from the cache, else computed. A scope
    that does not exist raises LookupError (the views validate first)."""
    v = versi()
    s = cache.get(_kunci(v, lingkup))
    if s is None:
        s = _dingin(v, lingkup)
        if s is None:
            raise LookupError(f"Tidak ada statistik untuk wilayah {lingkup!r}.")
    return s


def _angka_dict(s: Statistik) -> dict[str, Angka]:
    return {a.kunci: a for a in s.angka}


def angka_utama() -> dict[str, Angka]:
    """The national headline figures for the home page, suppressed as on /statistik/, keyed by
    laporan_diterima, dalam_penanganan, diteruskan, sanksi, kegiatan, peserta. Each is an `Angka`
    (.label, .teks — "1.234" or "< 5" —, .angka — None when hidden —, .keterangan)."""
    hasil = cache.get(_kunci_angka(versi()))
    return hasil if hasil is not None else _angka_dict(statistik(""))


# --- CSV ------------------------------------------------------------------------------------------

KOLOM_CSV = ("wilayah_kode", "wilayah", "tabel", "baris_kode", "baris", "kolom", "nilai")


def baris_csv(s: Statistik) -> list[tuple[str, ...]]:
    """The page's figures as rows of a long CSV table: the same cells, "< 5" where the page hides."""
    nama = s.nama
    hasil = [KOLOM_CSV]
    for a in s.angka:
        hasil.append((s.lingkup, nama, "Angka utama", a.kunci, a.label, "", _nilai_csv(a.sel)))
    for t in s.tabel:
        for b in (*t.baris, t.jumlah):
            for kolom, c in zip(t.kolom, b.sel, strict=True):
                hasil.append((s.lingkup, nama, t.judul, b.kode, b.label, kolom, _nilai_csv(c)))
    return hasil


def _nilai_csv(c: Sel) -> str:
    return c.teks if c.tersembunyi else str(c.angka)
