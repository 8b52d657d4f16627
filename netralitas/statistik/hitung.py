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

Small counts. A count of 1–4 is shown as "< 5"; 0 is shown. The national, province and
kabupaten/kota pages, every table on them, their totals, the CSV and the home page are published
together, and each hidden figure must stay open between 1 and 5 or more given all of them (see
"suppression" below: whole rows of a breakdown are hidden in groups, and what is hidden for another
figure's sake is shown "×"). Hidden figures never leave this module: the cells handed to templates
and to the CSV carry a mark and no number.

Speed. All figures of every scope (national, each province, each kabupaten/kota) come from a handful
of grouped queries over the whole table, computed at once by `perbarui` (a Celery beat task, every ten
minutes) and kept in the cache under a version; a page reads one entry. A cold cache computes once (a
lock in the cache), and the others wait for it.
"""

import datetime
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connections, router, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from netralitas import replika, versi_cache
from netralitas.waktu import NAMA_BULAN, ZONA_WAKTU
from netralitas.wilayah.models import Tingkat, Wilayah
from pengaduan.models import JenisPemilihan, KategoriPelanggaran, Pengaduan, Status
from sosialisasi.models import DistribusiBahan, Kegiatan, SuratImbauan, UnggahanMedsos

log = logging.getLogger(__name__)

# Counts from 1 to AMBANG - 1 are hidden.
AMBANG = 5
TEKS_TERSEMBUNYI = "< 5"
# The beat refreshes every REFRESH seconds; an entry lives twice as long, so a page never finds the
# cache empty while the beat runs, and without a beat the figures are at most UMUR_CACHE old.
REFRESH = 10 * 60
UMUR_CACHE = 2 * REFRESH
# Bump when the cached shape changes, so a deploy never reads the previous release's entries.
VERSI_BENTUK = 3
KUNCI_VERSI = "statistik:versi"
# A cold cache: one process computes, the others wait at most this long before computing themselves.
TUNGGU_DINGIN = 20.0

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
KETERANGAN_SURAT = (
    "Surat imbauan netralitas ASN yang dicatat Bawaslu dan pemerintah daerah, menurut wilayah yang dituju. "
    "Ditampilkan apa adanya, tanpa penyamaran: setiap surat juga terbit di halaman sosialisasi."
)
KETERANGAN_UNGGAHAN = (
    "Unggahan imbauan di media sosial yang dicatat, menurut wilayah yang dituju. Ditampilkan apa adanya, "
    "tanpa penyamaran: setiap unggahan juga terbit di halaman sosialisasi."
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


# --- suppression ------------------------------------------------------------------------------
#
# The promise (DESIGN.md §4): for every hidden figure, everything published at the same time —
# every page of the drill-down, every table on it, the totals, the CSV, the home page — leaves
# its value open from 1 (or less) to 5 or more. A reader who knows that rows add up to their
# totals, stages to their groups and kabupaten/kota to their province must not be able to narrow a
# hidden figure down.
#
# Method: cell suppression over all linked tables, with the hidden cells of a table kept in whole
# rows. One "grid" per level and breakdown: the children of a scope (the provinces of the country,
# the kabupaten/kota of a province) × the columns of one breakdown (stages and their groups,
# categories, election types, months), its margins being the scope's own figures. Hiding single
# cells is not enough: a hidden cell whose row and column totals are shown is pinned between them
# unless other hidden cells in BOTH its row and its column can take up the difference, and a
# hidden 276 beside a hidden 3 can then still be worked out to lie between 273 and 279. So:
#
# - primary: every figure 1–4 (shown "< 5");
# - a child with a hidden figure in a grid has its whole row of that breakdown hidden (zeros too:
#   a shown 0 would pin the others), and hidden rows come in groups whose hidden part is a full
#   table with known margins (a transportation table): a cell of it can be anything between
#   max(0, row + column − all) and min(row, column) (the Fréchet bounds). Rows are added to the
#   group until, for every column with a shown total, the group's part is 0 (then its cells are
#   shown as 0: the reader can work that out anyway) or 5 or more, and no cell is forced above 1
#   (row + column − all ≤ 1);
# - when no child is left to add, the figure of the level above is hidden instead (its row in the
#   grid above, or a national column), and the same rules run there;
# - the report totals of the children of a scope (the region table) and the socialization figures
#   form lists with a total: a hidden entry needs a second one and a hidden part of 5 or more, and
#   a hidden total hides every non-zero entry below it. A hidden report total hides the child's
#   rows in every breakdown, so that no breakdown adds up to it.
#
# Everything hidden for another figure's sake is shown "×" (it may be 0, or 5 or more). The rules
# only ever add hidden cells, so they reach a fixed point. tests/pengaduan/test_audit_statistik.py
# checks the promise with a linear program over the published pages.

TEKS_SEKUNDER = "×"


def kecil(n: int) -> bool:
    return 0 < n < AMBANG


def _daftar(nilai: Mapping, tersembunyi: set, total_tersembunyi: bool, naik) -> bool:
    """One list of figures and its total (`tersembunyi` may hold keys of other lists too). Returns
    whether anything changed; `naik()` hides the total (the level above) when no entry is left."""
    ubah = False
    for k, v in nilai.items():
        if (kecil(v) or (total_tersembunyi and v > 0)) and k not in tersembunyi:
            tersembunyi.add(k)
            ubah = True
    di_sini = [k for k in nilai if k in tersembunyi]
    if total_tersembunyi or not di_sini:
        return ubah
    while len(di_sini) < 2 or sum(nilai[k] for k in di_sini) < AMBANG:
        calon = [k for k, v in nilai.items() if k not in tersembunyi and v > 0]
        if not calon:
            naik()
            return True
        pilih = min(calon, key=lambda k: (nilai[k], k))
        tersembunyi.add(pilih)
        di_sini.append(pilih)
        ubah = True
    return ubah


class Penyamaran:
    """Which figures are hidden, for every page at once. `x[d][S][r][c]`: the figure of column c
    of breakdown d for child r of scope S ("" the country, a province code); `atas[d][S][c]` the
    scope's own; `n[S][r]` report totals; `v[ukuran][S][r]` socialization figures."""

    def __init__(self, dims, anak, x, atas, n, n_atas, v, v_atas):
        self.dims, self.anak, self.x, self.atas = dims, anak, x, atas
        self.n, self.n_atas, self.v, self.v_atas = n, n_atas, v, v_atas
        self.kolom = {d.kode: kolom_kisi(d) for d in dims}
        self.kolom_nasional = {d.kode: set() for d in dims}
        self.n_nasional = False
        self.g = {d.kode: {s: set() for s in anak} for d in dims}
        self.hn = {s: set() for s in anak}
        self.hv = {u: {s: set() for s in anak} for u in v}
        self.v_nasional = dict.fromkeys(v, False)
        self._jalankan()

    # what is hidden
    def total_kolom_tersembunyi(self, d: str, s: str, c: str) -> bool:
        if s == "":
            return c in self.kolom_nasional[d]
        return self.sel_tersembunyi(d, "", s, c)

    def sel_tersembunyi(self, d: str, s: str, r: str, c: str) -> bool:
        if r not in self.g[d][s]:
            return False
        massa = sum(self.x[d][s][k][c] for k in self.g[d][s])
        return massa > 0 or self.total_kolom_tersembunyi(d, s, c)

    def n_tersembunyi(self, s: str) -> bool:
        return self.n_nasional if s == "" else s in self.hn[""]

    def v_tersembunyi(self, u: str, s: str) -> bool:
        return self.v_nasional[u] if s == "" else s in self.hv[u][""]

    # the rules
    def _naik_kolom(self, d: str, s: str, c: str) -> None:
        if s == "":
            self.kolom_nasional[d].add(c)
        else:
            self.g[d][""].add(s)

    def _naik_n(self, s: str) -> None:
        if s == "":
            self.n_nasional = True
        else:
            self.hn[""].add(s)

    def _naik_v(self, u: str, s: str) -> None:
        if s == "":
            self.v_nasional[u] = True
        else:
            self.hv[u][""].add(s)

    def _nasional(self, d: Dimensi) -> bool:
        """The national figures of one breakdown: its columns, groups and the total."""
        nilai, tersembunyi = self.atas[d.kode][""], self.kolom_nasional[d.kode]
        ubah = False
        for anggota, total in d.sums():
            if total == JUMLAH:
                ubah |= _daftar({k: nilai[k] for k in anggota}, tersembunyi, self.n_nasional, lambda: self._naik_n(""))
            else:
                ubah |= _daftar(
                    {k: nilai[k] for k in anggota},
                    tersembunyi,
                    total in tersembunyi,
                    lambda t=total: tersembunyi.add(t),
                )
        return ubah

    def _kisi(self, d: str, s: str) -> bool:
        g, x, kolom, n = self.g[d][s], self.x[d][s], self.kolom[d], self.n[s]
        ubah = False
        for r in self.anak[s]:
            perlu = r in self.hn[s] or any(kecil(x[r][c]) for c in kolom)
            perlu = perlu or any(x[r][c] > 0 and self.total_kolom_tersembunyi(d, s, c) for c in kolom)
            if perlu and r not in g:
                g.add(r)
                ubah = True
        while g:
            masalah = self._masalah_kisi(d, s)
            if masalah is None:
                break
            c, bobot = masalah
            calon = [r for r in self.anak[s] if r not in g and n[r] > 0 and bobot(r) > 0]
            if not calon:
                self._naik_kolom(d, s, c)
                return True
            g.add(max(calon, key=lambda r: (bobot(r), r)))
            ubah = True
        return ubah

    def _masalah_kisi(self, d: str, s: str):
        """A column of the hidden rows that breaks the promise, and what a row to add must bring."""
        g, x, n = self.g[d][s], self.x[d][s], self.n[s]
        semua = sum(n[r] for r in g)
        for c in self.kolom[d]:
            if self.total_kolom_tersembunyi(d, s, c):
                continue
            b = sum(x[r][c] for r in g)
            if b == 0:
                continue
            if b < AMBANG:
                return c, lambda r, c=c: x[r][c]
            if any(r not in self.hn[s] and n[r] + b - semua > 1 for r in g):
                return c, lambda r, c=c: n[r] - x[r][c]
        return None

    def _jalankan(self) -> None:
        while True:
            ubah = False
            if kecil(self.n_atas[""]) and not self.n_nasional:
                self.n_nasional = ubah = True
            for u in self.v:
                if kecil(self.v_atas[u][""]) and not self.v_nasional[u]:
                    self.v_nasional[u] = ubah = True
            for d in self.dims:
                ubah |= self._nasional(d)
            for s in self.anak:
                ubah |= _daftar(self.n[s], self.hn[s], self.n_tersembunyi(s), lambda s=s: self._naik_n(s))
                for u in self.v:
                    ubah |= _daftar(
                        self.v[u][s], self.hv[u][s], self.v_tersembunyi(u, s), lambda u=u, s=s: self._naik_v(u, s)
                    )
                for d in self.dims:
                    ubah |= self._kisi(d.kode, s)
            if not ubah:
                return


def kolom_kisi(d: "Dimensi") -> list[str]:
    """A breakdown's columns in a grid: its own and its groups (the total is the report total)."""
    return [k for k in d.semua_kolom if k != JUMLAH]


# --- what a page shows ------------------------------------------------------------------------


def format_angka(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def waktu_lokal(w: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(w, ZONA_WAKTU) if timezone.is_aware(w) else w


KETERANGAN_KECIL = (
    f"Angka 1 sampai {AMBANG - 1}, disamarkan agar tidak ada orang yang dapat dikenali. Angka 0 ditampilkan."
)
KETERANGAN_SEKUNDER = (
    "Angka yang disamarkan untuk melindungi angka kecil di tempat lain: tanpa itu, angka kecil dapat "
    "dihitung dengan pengurangan dari jumlah. Nilainya bisa 0, bisa juga 5 atau lebih."
)
KETERANGAN_METODE = (
    "Penyamaran sel primer dan sekunder (cell suppression) atas semua tabel yang saling terkait: "
    "halaman nasional, provinsi dan kabupaten/kota, setiap tabelnya, jumlahnya, berkas CSV dan angka "
    "utama di beranda. Bila satu angka sebuah wilayah dalam satu rincian disamarkan, seluruh baris "
    "rincian wilayah itu disamarkan bersama baris wilayah lain, sehingga dari semua angka yang "
    "diterbitkan bersamaan setiap angka yang disamarkan masih bisa bernilai 1 maupun 5 atau lebih."
)


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
        ("Surat imbauan", KETERANGAN_SURAT, 0),
        ("Unggahan media sosial", KETERANGAN_UNGGAHAN, 0),
        (f"“{TEKS_TERSEMBUNYI}”", KETERANGAN_KECIL, 0),
        (f"“{TEKS_SEKUNDER}”", KETERANGAN_SEKUNDER, 0),
        ("Cara menyamarkan", KETERANGAN_METODE, 0),
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
    """A figure as shown: hidden small counts read "< 5", figures hidden for another's sake "×"
    (never "< 5": that would be a false figure), the rest their number."""
    if tersembunyi:
        return Sel(TEKS_TERSEMBUNYI if kecil(nilai) else TEKS_SEKUNDER, None, 0)
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
        return f"{w.day} {NAMA_BULAN[w.month - 1]} {w.year}, pukul {w:%H.%M} WIB"

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
    # The imbauan register: letters and posts per region. Shown as they are (see PENCEGAHAN).
    surat: dict[str, int] = field(default_factory=dict)
    unggahan: dict[str, int] = field(default_factory=dict)


def laporan_publik():
    """The cases public figures count: not withdrawn, not a duplicate."""
    return Pengaduan.objects.exclude(status__in=STATUS_TIDAK_DIHITUNG).filter(duplikat_dari__isnull=True)


def kode_bulan(tahun: int, bulan: int) -> str:
    return f"{tahun:04d}-{bulan:02d}"


def label_bulan(tahun: int, bulan: int) -> str:
    return f"{NAMA_BULAN[bulan - 1]} {tahun}"


def baca_bahan(*, sekarang: datetime.datetime | None = None) -> Bahan:
    """Four grouped queries over the cases (one per breakdown, each region × value), two over the
    socialization tables, two for names — in one snapshot, so every table adds up to the same total.
    On the read replica when one is configured and fit (netralitas.replika): these are public
    aggregates, refreshed every ten minutes; a replica failing midway is read again on the primary."""
    return replika.jalankan(_baca_bahan_satu_potret, sekarang or timezone.now())


def _baca_bahan_satu_potret(sekarang: datetime.datetime) -> Bahan:
    alias = router.db_for_read(Pengaduan)  # the block's database, which its other reads follow
    connection = connections[alias]
    sendiri = not connection.in_atomic_block  # inside a caller's transaction, its snapshot rules
    with transaction.atomic(using=alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                if sendiri:
                    c.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                # PostgreSQL guesses a hundred thousand groups where there are a few thousand, and
                # then sorts a million rows on disk instead of hashing them in memory: a quarter of
                # the time with room to hash. JIT compiling costs more than these queries save.
                c.execute("SET LOCAL work_mem = '64MB'")
                c.execute("SET LOCAL jit = off")
        return _baca_bahan(sekarang)


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
    surat, unggahan = (
        {
            b["kabkota"] or b["provinsi"]: b["n"]
            for b in model.objects.filter(tanggal__lte=hari_ini)
            .order_by()
            .values("provinsi", "kabkota")
            .annotate(n=Count("*"))
        }
        for model in (SuratImbauan, UnggahanMedsos)
    )
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
        surat=surat,
        unggahan=unggahan,
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


UKURAN = ("kegiatan", "peserta", "desa")
# Prevention work of the imbauan register, counted beside the reports but never suppressed: a count
# of letters or posts says nothing about a person (they are the authorities' own public acts), and
# the register lists every one of them on /sosialisasi/, so a "< 5" here would hide nothing and
# contradict that page. They are lists of their own (a region's figure is the sum of its children,
# tied to no report figure), so publishing them exactly narrows no hidden report cell: the auditor
# (tests/statistik/test_audit_statistik.py) reads them with their sums and still passes. No count of
# distributions is added here: it would bound the suppressed "desa menerima bahan" from above.
PENCEGAHAN = ("surat", "unggahan")


def _baris_penuh(d: Dimensi, data: Mapping, r: str) -> dict[str, int]:
    """One row of a breakdown: its columns and its groups of columns."""
    baris = {k: data.get((r, k), 0) for k in d.kode_kolom}
    for anggota, total in d.hubungan:
        if total != JUMLAH:
            baris[total] = sum(baris[k] for k in anggota)
    return baris


def penyamaran(bahan: Bahan, dims: list[Dimensi]) -> tuple[Penyamaran, dict[str, list[str]]]:
    """Every figure of every scope, and what of it is hidden."""
    provinsi = sorted(k for k in bahan.nama if len(k) == 2)
    kabkota_dari = defaultdict(list)
    for k in sorted(k for k in bahan.nama if len(k) == 5):
        kabkota_dari[k[:2]].append(k)
    cakupan = {"kegiatan": bahan.kegiatan, "peserta": bahan.peserta, "desa": bahan.desa_bahan}
    anak = {"": provinsi}
    ke_baris = {"": lambda w: w[:2] if w[:2] in bahan.nama else None}
    for p in provinsi:
        semua = set(kabkota_dari[p])
        baris = list(kabkota_dari[p])
        # What is recorded at province level only (an event held by the province itself) gets a row.
        sendiri = [*cakupan.values(), bahan.surat, bahan.unggahan]
        if any(w == p for data in sendiri for w in data) or any(w == p for w, _ in bahan.laporan["tahap"]):
            baris.append(p)
        anak[p] = baris

        def ke(w, p=p, semua=semua):
            if w[:2] != p:
                return None
            return w if w in semua else p

        ke_baris[p] = ke
    x = {d.kode: {} for d in dims}
    for d in dims:
        for s, baris in anak.items():
            data = _gabung(bahan.laporan[d.kode], ke_baris[s])
            x[d.kode][s] = {r: _baris_penuh(d, data, r) for r in baris}
    n = {}
    for s, baris in anak.items():
        per_baris = defaultdict(int)
        for (r, _k), jumlah in _gabung(bahan.laporan["tahap"], ke_baris[s]).items():
            per_baris[r] += jumlah
        n[s] = {r: per_baris[r] for r in baris}
    v = {u: {} for u in UKURAN}
    for u in UKURAN:
        for s, baris in anak.items():
            data = _gabung_vektor(cakupan[u], ke_baris[s])
            v[u][s] = {r: data.get(r, 0) for r in baris}
    # Each scope's own figures: the country's are the sums of its provinces; a province's are its
    # row in the national grid.
    atas = {d.kode: {"": {c: sum(x[d.kode][""][p][c] for p in provinsi) for c in kolom_kisi(d)}} for d in dims}
    for d in dims:
        for p in provinsi:
            atas[d.kode][p] = x[d.kode][""][p]
    n_atas = {"": sum(n[""].values()), **{p: n[""][p] for p in provinsi}}
    v_atas = {u: {"": sum(v[u][""].values()), **{p: v[u][""][p] for p in provinsi}} for u in UKURAN}
    ps = Penyamaran(dims, anak, x, atas, n, n_atas, v, v_atas)
    # Not suppressed (PENCEGAHAN): carried beside the suppressed figures for the region tables.
    ps.pencegahan = {u: {} for u in PENCEGAHAN}
    ps.pencegahan_atas = {u: {} for u in PENCEGAHAN}
    for u in PENCEGAHAN:
        data = getattr(bahan, u)
        for s, baris in anak.items():
            per = _gabung_vektor(data, ke_baris[s])
            ps.pencegahan[u][s] = {r: per.get(r, 0) for r in baris}
        ps.pencegahan_atas[u][""] = sum(ps.pencegahan[u][""].values())
        for p in provinsi:
            ps.pencegahan_atas[u][p] = ps.pencegahan[u][""][p]
    return ps, kabkota_dari


class _Baris:
    """One scope's own figures as a page shows them: value and hidden, per breakdown and column."""

    def __init__(self, ps: Penyamaran, lingkup: str):
        self.ps = ps
        if lingkup == "":
            self.s, self.r = None, ""
        elif len(lingkup) == 2:
            self.s, self.r = "", lingkup
        else:
            self.s, self.r = lingkup[:2], lingkup

    def dimensi(self, d: str, c: str) -> tuple[int, bool]:
        ps = self.ps
        if self.s is None:
            return ps.atas[d][""][c], c in ps.kolom_nasional[d]
        return ps.x[d][self.s][self.r][c], ps.sel_tersembunyi(d, self.s, self.r, c)

    def n(self) -> tuple[int, bool]:
        ps = self.ps
        if self.s is None:
            return ps.n_atas[""], ps.n_nasional
        return ps.n[self.s][self.r], self.r in ps.hn[self.s]

    def cakupan(self, u: str) -> tuple[int, bool]:
        ps = self.ps
        if self.s is None:
            return ps.v_atas[u][""], ps.v_nasional[u]
        return ps.v[u][self.s][self.r], self.r in ps.hv[u][self.s]


def _skala(pasangan: Iterable[tuple[int, bool]]) -> int:
    return max((n for n, h in pasangan if not h), default=0)


def _tabel_dimensi(d: Dimensi, b: _Baris) -> Tabel:
    """One scope's row of a breakdown, as a table of its columns."""
    if d.kode == "tahap":
        urutan = []
        for k in KELOMPOK:
            urutan.append((k.kode, k.label, "kelompok"))
            urutan += [(t.kode, t.label, "anak") for t in TAHAP if t.kode in k.tahap]
        skala = _skala(b.dimensi(d.kode, k.kode) for k in KELOMPOK)
    else:
        urutan = [(k, label, "") for k, label in d.kolom]
        skala = _skala(b.dimensi(d.kode, k) for k, _ in d.kolom)
    baris = tuple(
        Baris(kode=k, label=label, sel=(sel(*b.dimensi(d.kode, k), skala),), gaya=g) for k, label, g in urutan
    )
    jumlah = Baris(kode=JUMLAH, label="Jumlah", sel=(sel(*b.n()),))
    return Tabel(kunci=d.kode, judul=d.judul, keterangan=d.keterangan, kolom=("Laporan",), baris=baris, jumlah=jumlah)


KOLOM_WILAYAH = (
    "Laporan diterima",
    "Kegiatan sosialisasi",
    "Peserta",
    "Desa/kel. menerima bahan",
    "Surat imbauan",
    "Unggahan media sosial",
)


def _tabel_wilayah(
    ps: Penyamaran, s: str, label: Mapping[str, str], tautan: set[str], judul: str, parameter: str
) -> Tabel:
    """The children of scope s: their report totals and socialization figures."""
    kolom = [(ps.n[s], ps.hn[s])] + [(ps.v[u][s], ps.hv[u][s]) for u in UKURAN]
    kolom += [(ps.pencegahan[u][s], set()) for u in PENCEGAHAN]
    skala = [_skala((n[r], r in h) for r in ps.anak[s]) for n, h in kolom[:2]] + [0] * (len(kolom) - 2)
    baris = tuple(
        Baris(
            kode=r,
            label=label[r],
            sel=tuple(sel(n[r], r in h, k) for (n, h), k in zip(kolom, skala, strict=True)),
            tautan=r in tautan,
        )
        for r in ps.anak[s]
    )
    sendiri = _Baris(ps, s)
    jumlah = Baris(
        kode=JUMLAH,
        label="Jumlah",
        sel=(
            sel(*sendiri.n()),
            *(sel(*sendiri.cakupan(u)) for u in UKURAN),
            *(sel(ps.pencegahan_atas[u][s], False) for u in PENCEGAHAN),
        ),
    )
    keterangan = (
        "Laporan menurut tempat kejadian, dan kegiatan sosialisasi serta imbauan (surat, unggahan) "
        "di wilayah yang sama."
    )
    return Tabel(
        kunci="wilayah",
        judul=judul,
        keterangan=keterangan,
        kolom=KOLOM_WILAYAH,
        baris=baris,
        jumlah=jumlah,
        parameter=parameter,
    )


def _angka(b: _Baris) -> tuple[Angka, ...]:
    kolom = {"dalam_penanganan": "dalam_penanganan", "diteruskan": "diteruskan", "sanksi": "sanksi"}
    hasil = []
    for kunci, label, keterangan in ANGKA:
        if kunci == "laporan_diterima":
            s = sel(*b.n())
        elif kunci in kolom:
            s = sel(*b.dimensi("tahap", kolom[kunci]))
        else:
            s = sel(*b.cakupan(kunci))
        hasil.append(Angka(kunci=kunci, label=label, keterangan=keterangan, sel=s))
    return tuple(hasil)


def susun_semua(bahan: Bahan) -> dict[str, Statistik]:
    """Every scope's page from one read of the database, suppressed together."""
    dims = dimensi(bahan)
    ps, kabkota_dari = penyamaran(bahan, dims)
    hasil = {}

    def statistik(lingkup, nama, jejak, tabel_wilayah: Tabel | None) -> Statistik:
        b = _Baris(ps, lingkup)
        tabel = [tabel_wilayah] if tabel_wilayah else []
        tabel += [_tabel_dimensi(d, b) for d in dims]
        return Statistik(
            lingkup=lingkup, nama=nama, jejak=jejak, dihitung=bahan.dihitung, angka=_angka(b), tabel=tuple(tabel)
        )

    jejak_nasional = (("", "Indonesia"),)
    provinsi = ps.anak[""]
    hasil[""] = statistik(
        "",
        "Indonesia",
        jejak_nasional,
        _tabel_wilayah(ps, "", bahan.nama, set(provinsi), "Laporan dan sosialisasi per provinsi", "provinsi"),
    )
    for p in provinsi:
        label = {**bahan.nama, p: "Tingkat provinsi (tanpa kabupaten/kota)"}
        jejak = (*jejak_nasional, (p, bahan.nama[p]))
        tabel = _tabel_wilayah(
            ps, p, label, set(kabkota_dari[p]), "Laporan dan sosialisasi per kabupaten/kota", "kabkota"
        )
        hasil[p] = statistik(p, bahan.nama[p], jejak, tabel)
        for k in kabkota_dari[p]:
            hasil[k] = statistik(k, bahan.nama[k], (*jejak, (k, bahan.nama[k])), None)
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
