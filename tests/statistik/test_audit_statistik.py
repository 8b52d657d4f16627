"""The statistics auditor (DESIGN.md §4, issue 11 A.4): for a seeded data set it reads every figure
the public is shown at one moment — the CSV of every page of the drill-down (nation, each province,
each kabupaten/kota; the CSV carries every cell of its page, which the test checks against the page's
HTML) and the home page's headline figures — and, for every hidden cell, asks a linear program for
the smallest and largest value all published figures allow. Hidden cells are non-negative unknowns;
every sum a reader knows holds (a table's rows add up to its total, the stages of a group to the
group, the groups to the total, the regions of a drill-down to the level above, the same figure on
two pages is one figure) is an equality. The promise: every interval includes 1 and 5 or more.

The data go in through the doors users use: reports through the intake service
(`tests/factories.buat_pengaduan`), status changes through `transisi.ubah_status`."""

import csv
import html
import io
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from scipy.optimize import linprog

from netralitas.akun.models import Peran
from netralitas.statistik import hitung as statistik
from netralitas.wilayah.models import Tingkat, Wilayah
from pengaduan import transisi
from pengaduan.models import KategoriPelanggaran, Status
from tests.factories import buat_pengaduan

URL = "/statistik/"
URL_CSV = "/statistik/unduh.csv"
AMBANG = 5

# Status paths through the workflow, each ending in a different stage (and group of stages).
JALUR = (
    (),  # diajukan
    (Status.KAJIAN_AWAL,),
    (Status.KAJIAN_AWAL, Status.TIDAK_DIREGISTRASI),
    (Status.KAJIAN_AWAL, Status.DIREGISTRASI, Status.KLARIFIKASI),
    (Status.KAJIAN_AWAL, Status.DIREGISTRASI, Status.KLARIFIKASI, Status.DIHENTIKAN),
    (Status.KAJIAN_AWAL, Status.INFORMASI_AWAL),
)
ALASAN = "Alasan pengujian statistik."
# Kabupaten/kota the reports fall in: many regions of Jawa Timur, and Kota Bandung (Jawa Barat).
KABKOTA = ("35.07", "35.73", "35.78", "35.01", "35.02", "35.15", "35.16", "35.25", "32.73")

# --- reading what the public sees -------------------------------------------------------------------


def parameter(lingkup: str) -> dict:
    if not lingkup:
        return {}
    return {"provinsi": lingkup} if len(lingkup) == 2 else {"kabkota": lingkup}


def baca_csv(client, lingkup: str) -> list[dict]:
    r = client.get(URL_CSV, parameter(lingkup))
    assert r.status_code == 200
    teks = r.content.decode("utf-8").lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(teks)))


def angka_html(isi: str) -> list[str]:
    """Every figure a page prints: the headline boxes and the tables' number cells."""
    teks = re.findall(r'<div class="fs-4[^"]*"[^>]*>([^<]*)</div>', isi)
    teks += re.findall(r'<td class="angka[^"]*">([^<]*)</td>', isi)
    return [html.unescape(t).strip() for t in teks]


def nilai_csv(n: str) -> str:
    return n[1:] if n.startswith("'") else n


@dataclass
class Terbitan:
    """All published figures: cell → text, and the places each was read from."""

    teks: dict = field(default_factory=dict)
    tempat: dict = field(default_factory=lambda: defaultdict(list))
    lingkup: list = field(default_factory=list)
    anak: dict = field(default_factory=dict)  # scope → its child rows (codes) on the region table
    kolom: dict = field(default_factory=dict)  # (scope, table) → its row codes
    tidak_konsisten: list = field(default_factory=list)

    def catat(self, kunci, teks, tempat):
        if kunci in self.teks and self.teks[kunci] != teks:
            self.tidak_konsisten.append((kunci, self.teks[kunci], teks, tempat))
        self.teks.setdefault(kunci, teks)
        self.tempat[kunci].append(tempat)


KOLOM_WILAYAH = {
    "Laporan diterima": "N",
    "Kegiatan sosialisasi": "kegiatan",
    "Peserta": "peserta",
    "Desa/kel. menerima bahan": "desa",
    "Surat imbauan": "surat",
    "Unggahan media sosial": "unggahan",
}
ANGKA_UTAMA = {
    "laporan_diterima": ("N",),
    "dalam_penanganan": ("tahap", "dalam_penanganan"),
    "diteruskan": ("tahap", "diteruskan"),
    "sanksi": ("tahap", "sanksi"),
    "kegiatan": ("kegiatan",),
    "peserta": ("peserta",),
}
TABEL_DIMENSI = {
    "Laporan menurut tahap penanganan": "tahap",
    "Laporan menurut kategori pelanggaran": "kategori",
    "Laporan menurut jenis pemilihan": "jenis",
    "Laporan menurut bulan diterima": "bulan",
}


def sel(lingkup: str, *jalan) -> tuple:
    """One figure's identity: the scope it describes and what it counts. The same figure read on
    two pages (a province's total on the national table and on its own page) is one cell."""
    return (lingkup, *jalan)


def catat_halaman(t: Terbitan, lingkup: str, baris: list[dict]) -> list[str]:
    """Record one page's CSV rows; returns the child scopes its region table links to."""
    t.lingkup.append(lingkup)
    anak_baru = []
    for b in baris:
        teks, tabel, kode, kolom = nilai_csv(b["nilai"]), b["tabel"], b["baris_kode"], b["kolom"]
        tempat = (lingkup, tabel, kode, kolom)
        if tabel == "Angka utama":
            t.catat(sel(lingkup, *ANGKA_UTAMA[kode]), teks, tempat)
        elif tabel in TABEL_DIMENSI:
            d = TABEL_DIMENSI[tabel]
            if kode == "jumlah":
                t.catat(sel(lingkup, "N"), teks, tempat)
            else:
                t.catat(sel(lingkup, d, kode), teks, tempat)
                t.kolom.setdefault((lingkup, d), [])
                if kode not in t.kolom[lingkup, d]:
                    t.kolom[lingkup, d].append(kode)
        else:  # the table of regions
            ukuran = KOLOM_WILAYAH[kolom]
            if kode == "jumlah":
                t.catat(sel(lingkup, ukuran), teks, tempat)
                continue
            t.anak.setdefault(lingkup, [])
            if kode not in t.anak[lingkup]:
                t.anak[lingkup].append(kode)
            # A province's own events (no kabupaten/kota) have a row but no page.
            anak = kode if kode != lingkup else lingkup + "*"
            t.catat(sel(anak, ukuran), teks, tempat)
            if kode != lingkup and ukuran == "N":
                anak_baru.append(kode)
    return anak_baru


def kumpulkan(client) -> Terbitan:
    """Walk the drill-down from the national page, reading every page's CSV and HTML."""
    t = Terbitan()
    antre = [""]
    while antre:
        lingkup = antre.pop(0)
        baris = baca_csv(client, lingkup)
        assert {b["wilayah_kode"] for b in baris} == {lingkup}
        halaman = client.get(URL, parameter(lingkup))
        assert halaman.status_code == 200
        # The page prints exactly the CSV's figures.
        assert Counter(angka_html(halaman.content.decode())) == Counter(nilai_csv(b["nilai"]) for b in baris)
        antre += [a for a in catat_halaman(t, lingkup, baris) if a not in antre and a not in t.lingkup]
    beranda = client.get("/").content.decode()
    bagian = beranda.split('id="angka-utama"', 1)[1].split("</section>", 1)[0]
    figur = [html.unescape(x).strip() for x in re.findall(r'<div class="h4 mb-0">([^<]*)</div>', bagian)]
    assert len(figur) == len(ANGKA_UTAMA)
    for (kunci, jalan), teks in zip(ANGKA_UTAMA.items(), figur, strict=True):
        t.catat(sel("", *jalan), teks, ("beranda", kunci))
    return t


def angka(teks: str) -> int | None:
    """A shown figure's value; None for a hidden one (any mark that is not a number)."""
    polos = teks.replace(".", "")
    return int(polos) if polos.isdigit() else None


# --- the sums a reader knows -----------------------------------------------------------------------


def kendala(t: Terbitan) -> list[tuple[list, object]]:
    """(members, total) for every sum that holds among the published cells."""
    hasil = []
    kelompok = [(k.kode, k.tahap) for k in statistik.KELOMPOK]
    for lingkup in t.lingkup:
        for d in TABEL_DIMENSI.values():
            kolom = t.kolom.get((lingkup, d), [])
            if d == "tahap":
                tahap = [k for k in kolom if k not in dict(kelompok)]
                hasil.append(([sel(lingkup, d, k) for k in tahap], sel(lingkup, "N")))
                hasil.append(([sel(lingkup, d, g) for g, _ in kelompok], sel(lingkup, "N")))
                hasil += [([sel(lingkup, d, k) for k in anggota], sel(lingkup, d, g)) for g, anggota in kelompok]
            else:
                hasil.append(([sel(lingkup, d, k) for k in kolom], sel(lingkup, "N")))
        anak = t.anak.get(lingkup)
        if anak is None:
            continue
        nama_anak = [a if a != lingkup else lingkup + "*" for a in anak]
        for ukuran in ("N", "kegiatan", "peserta", "desa", "surat", "unggahan"):
            hasil.append(([sel(a, ukuran) for a in nama_anak], sel(lingkup, ukuran)))
        # Each breakdown of the level above is the sum of the same breakdown below. A province's
        # own reports (no kabupaten/kota) have no page: their breakdown is an unpublished unknown.
        for d in TABEL_DIMENSI.values():
            for k in t.kolom.get((lingkup, d), []):
                hasil.append(([sel(a, d, k) for a in nama_anak], sel(lingkup, d, k)))
        for a in nama_anak:
            if a.endswith("*"):
                for d in TABEL_DIMENSI.values():
                    kolom = t.kolom.get((lingkup, d), [])
                    dasar = [k for k in kolom if k not in dict(kelompok)]
                    hasil.append(([sel(a, d, k) for k in dasar], sel(a, "N")))
                    if d == "tahap":
                        hasil += [([sel(a, d, k) for k in ang], sel(a, d, g)) for g, ang in kelompok]
    return hasil


@dataclass
class Hasil:
    interval: dict  # hidden cell → (smallest, largest); largest is math.inf when unbounded
    gagal: list


def audit(t: Terbitan) -> Hasil:
    sums = kendala(t)
    nilai = {k: angka(v) for k, v in t.teks.items()}
    tersembunyi = sorted((k for k, v in nilai.items() if v is None), key=repr)
    # Cells in a sum that no page shows (a province's own reports by category) are unknowns too.
    semua = {k for anggota, total in sums for k in [*anggota, total]}
    bebas = tersembunyi + sorted((k for k in semua if k not in nilai), key=repr)
    indeks = {k: i for i, k in enumerate(bebas)}
    baris, kanan = [], []
    for anggota, total in sums:
        koef = defaultdict(float)
        b = 0.0
        for k, tanda in [*((m, 1.0) for m in anggota), (total, -1.0)]:
            if k in indeks:
                koef[indeks[k]] += tanda
            else:
                b -= tanda * nilai[k]
        if not koef:
            assert b == 0, ("published figures that do not add up", anggota, total)
            continue
        r = [0.0] * len(bebas)
        for i, c in koef.items():
            r[i] = c
        baris.append(r)
        kanan.append(b)
    interval, gagal = {}, []
    if not tersembunyi:
        return Hasil(interval, gagal)
    for k in tersembunyi:
        c = [0.0] * len(bebas)
        c[indeks[k]] = 1.0
        bawah = linprog(c, A_eq=baris, b_eq=kanan, bounds=(0, None), method="highs")
        assert bawah.status == 0, (k, bawah.message)
        c[indeks[k]] = -1.0
        atas = linprog(c, A_eq=baris, b_eq=kanan, bounds=(0, None), method="highs")
        assert atas.status in (0, 3), (k, atas.message)
        hi = math.inf if atas.status == 3 else -atas.fun
        lo = bawah.fun
        interval[k] = (lo, hi)
        if lo > 1 + 1e-6 or hi < AMBANG - 1e-6:
            gagal.append((k, t.teks[k], round(lo, 3), hi if hi == math.inf else round(hi, 3)))
    return Hasil(interval, gagal)


def tersempit(h: Hasil):
    """The narrowest interval found: (cell, (smallest, largest))."""
    return min(h.interval.items(), key=lambda kv: (kv[1][1] - kv[1][0], repr(kv[0])), default=None)


# --- seeding through the real doors -----------------------------------------------------------------


def desa_dari(kabkota: str) -> str:
    return (
        Wilayah.objects.filter(kode__startswith=kabkota + ".", tingkat=Tingkat.DESA)
        .order_by("kode")
        .values_list("kode", flat=True)
        .first()
    )


def tanam(laporan: list[tuple[int, int, int, int]]) -> None:
    """File each report through the intake service and walk its status through the workflow."""
    kategori = list(KategoriPelanggaran.objects.filter(aktif=True).order_by("urutan", "kode")[:4])
    desa = {k: desa_dari(k) for k in KABKOTA}
    for wilayah, kat, jenis, jalur in laporan:
        p, _ = buat_pengaduan(
            wilayah=desa[KABKOTA[wilayah]],
            kategori=kategori[kat % len(kategori)],
            jenis_pemilihan=("pilkada", "pemilu")[jenis],
        )
        for ke in JALUR[jalur]:
            transisi.ubah_status(pengaduan=p, ke=ke, peran=Peran.BAWASLU_KABKOTA, alasan=ALASAN)


def jalankan_audit(client, laporan) -> Hasil:
    tanam(laporan)
    statistik.perbarui()
    t = kumpulkan(client)
    assert not t.tidak_konsisten, t.tidak_konsisten[:5]
    return audit(t)


LAPORAN = st.lists(
    st.tuples(
        st.integers(0, len(KABKOTA) - 1),
        st.integers(0, 3),
        st.integers(0, 1),
        st.integers(0, len(JALUR) - 1),
    ),
    min_size=6,
    max_size=36,
)


@hsettings(
    max_examples=4,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(laporan=LAPORAN)
def test_setiap_sel_tersembunyi_terbuka_antara_satu_dan_lima_atau_lebih(client, db, laporan):
    with transaction.atomic():
        hasil = jalankan_audit(client, laporan)
        transaction.set_rollback(True)
    assert not hasil.gagal, (tersempit(hasil), hasil.gagal[:10])


# A data set written to show the defect the issue reports: two "< 5" cells and a published total.
CONTOH = [(0, 0, 0, 0)] * 10 + [(0, 1, 0, 0), (0, 2, 0, 0), (1, 0, 1, 1)] * 1 + [(8, 0, 0, 0)] * 2


def test_contoh_tetap_tidak_membuka_angka_kecil(client, db):
    hasil = jalankan_audit(client, CONTOH)
    assert hasil.interval, "the example hides cells"
    assert not hasil.gagal, (tersempit(hasil), hasil.gagal[:10])


@pytest.mark.parametrize("lingkup", ["", "35", "35.07"])
def test_auditor_membaca_setiap_angka_halaman(client, db, lingkup):
    """The auditor reads every figure: a cell hidden on a page is an unknown in its program."""
    tanam(CONTOH)
    statistik.perbarui()
    t = kumpulkan(client)
    assert lingkup in t.lingkup
    assert {"", "35", "32", "35.07", "32.73"} <= set(t.lingkup)
    assert any(angka(v) is None for v in t.teks.values())


# --- the same audit over many more shapes, without the database ------------------------------------
# Filing reports through the service costs tens of milliseconds each, so the test above stays small.
# The suppression itself reads only counts: here hypothesis feeds it count tables with large and
# small figures (a 276 beside a 3), many provinces and a province's own row, and the auditor reads
# the CSV rows the download view writes (`statistik.baris_csv`) for every scope.

TAHAP_DIPAKAI = ("kajian_awal", "penanganan", "instansi", "sanksi", "dihentikan")


@st.composite
def bahan_acak(draw):
    import datetime

    nama, kabkota = {}, []
    for p in range(draw(st.integers(1, 4))):
        kode_p = f"{11 + p:02d}"
        nama[kode_p] = f"Provinsi {kode_p}"
        for k in range(draw(st.integers(1, 5))):
            kode_k = f"{kode_p}.{k + 1:02d}"
            nama[kode_k] = f"Kabupaten {kode_k}"
            kabkota.append(kode_k)
    wilayah = st.sampled_from(kabkota + [kabkota[0][:2]])  # the last: a province's own record
    laporan = {d: defaultdict(int) for d in ("tahap", "kategori", "jenis", "bulan")}
    for w, banyak, tahap, kat, jenis, bulan in draw(
        st.lists(
            st.tuples(
                wilayah,
                st.sampled_from([1, 1, 2, 3, 7, 12, 276]),
                st.sampled_from(TAHAP_DIPAKAI),
                st.sampled_from("abc"),
                st.sampled_from(["pilkada", "pemilu"]),
                st.sampled_from(["2026-11", "2026-12"]),
            ),
            min_size=1,
            max_size=30,
        )
    ):
        for d, kolom in (("tahap", tahap), ("kategori", kat), ("jenis", jenis), ("bulan", bulan)):
            laporan[d][w, kolom] += banyak
    cakupan = st.dictionaries(wilayah, st.sampled_from([1, 2, 6, 40, 300]), max_size=6)
    return statistik.Bahan(
        dihitung=datetime.datetime(2026, 12, 7, 3, 0, tzinfo=datetime.UTC),
        nama=nama,
        kategori=[(k, k.upper()) for k in "abc"],
        bulan=[(2026, 11), (2026, 12)],
        laporan={d: dict(v) for d, v in laporan.items()},
        kegiatan=draw(cakupan),
        peserta=draw(cakupan),
        desa_bahan=draw(cakupan),
        surat=draw(cakupan),
        unggahan=draw(cakupan),
    )


@hsettings(max_examples=60, deadline=None, database=None)
@given(bahan=bahan_acak())
def test_penyamaran_untuk_bentuk_data_apa_pun(bahan):
    semua = statistik.susun_semua(bahan)
    t = Terbitan()
    for lingkup, s in semua.items():
        baris = [dict(zip(statistik.KOLOM_CSV, b, strict=True)) for b in statistik.baris_csv(s)[1:]]
        catat_halaman(t, lingkup, baris)
    assert not t.tidak_konsisten, t.tidak_konsisten[:5]
    hasil = audit(t)
    assert not hasil.gagal, (tersempit(hasil), hasil.gagal[:10])
    # Hidden figures are marked truthfully: "< 5" only for 1-4.
    benar = {(w, d, k): n for d, data in bahan.laporan.items() for (w, k), n in data.items()}
    for (lingkup, *jalan), teks in t.teks.items():
        kelompok = jalan[-1] in {k.kode for k in statistik.KELOMPOK}
        if teks == "< 5" and len(jalan) == 2 and len(lingkup) == 5 and not kelompok:
            assert 1 <= benar.get((lingkup, *jalan), 0) <= 4
