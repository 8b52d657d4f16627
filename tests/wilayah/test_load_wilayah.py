"""load_wilayah: loads the region tree idempotently and refuses bad data before writing anything.

The test database already holds 35 and 32.73 (conftest), so the small fixtures here use province 99,
which Kemendagri has not assigned."""

import csv
import gzip
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from netralitas.wilayah.models import Tingkat, Wilayah
from netralitas.wilayah.sumber import DATA_DIR

pytestmark = pytest.mark.django_db

PROVINSI = [("99", "Provinsi Uji")]
KABUPATEN = [("99.01", "99", "Kabupaten Uji"), ("99.71", "99", "Kota Uji")]
KECAMATAN = [("99.01.01", "99.01", "Kecamatan Satu"), ("99.71.01", "99.71", "Kecamatan Kota")]
DESA = [
    ("99.01.01.2001", "99.01.01", "Desa Satu"),
    ("99.01.01.2002", "99.01.01", "Desa Dua"),
    ("99.71.01.1001", "99.71.01", "Kelurahan Satu"),
]
SEMUA = 1 + 2 + 2 + 3


def tulis(folder, provinsi=PROVINSI, kabupaten=KABUPATEN, kecamatan=KECAMATAN, desa=DESA, gz=False):
    for nama, kepala, baris in [
        ("provinces.csv", ["code", "name"], provinsi),
        ("regencies.csv", ["code", "province_code", "name"], kabupaten),
        ("districts.csv", ["code", "regency_code", "name"], kecamatan),
        ("villages.csv", ["code", "district_code", "name"], desa),
    ]:
        buf = io.StringIO()
        penulis = csv.writer(buf, lineterminator="\n")
        penulis.writerow(kepala)
        penulis.writerows(baris)
        if gz:
            with gzip.open(folder / f"{nama}.gz", "wt", encoding="utf-8") as f:
                f.write(buf.getvalue())
        else:
            (folder / nama).write_text(buf.getvalue(), encoding="utf-8")
    return folder


def muat(folder, **opsi) -> str:
    keluaran = StringIO()
    call_command("load_wilayah", data=str(folder), stdout=keluaran, **opsi)
    return keluaran.getvalue()


def isi_basis_data():
    return sorted(Wilayah.objects.values_list("kode", "nama", "tingkat", "induk_id"))


def test_memuat_pohon_wilayah_dengan_tingkat_dan_induk(tmp_path):
    keluaran = muat(tulis(tmp_path))
    assert f"{SEMUA} baru, 0 diperbarui" in keluaran
    assert "Provinsi: 1, Kabupaten/Kota: 2, Kecamatan: 2, Desa/Kelurahan: 3" in keluaran
    assert sorted(Wilayah.objects.filter(kode__startswith="99").values_list("kode", "tingkat", "induk_id")) == [
        ("99", Tingkat.PROVINSI, None),
        ("99.01", Tingkat.KABUPATEN_KOTA, "99"),
        ("99.01.01", Tingkat.KECAMATAN, "99.01"),
        ("99.01.01.2001", Tingkat.DESA, "99.01.01"),
        ("99.01.01.2002", Tingkat.DESA, "99.01.01"),
        ("99.71", Tingkat.KABUPATEN_KOTA, "99"),
        ("99.71.01", Tingkat.KECAMATAN, "99.71"),
        ("99.71.01.1001", Tingkat.DESA, "99.71.01"),
    ]
    assert Wilayah.objects.get(kode="99.71.01.1001").nama == "Kelurahan Satu"


def test_berkas_gzip_juga_dibaca(tmp_path):
    muat(tulis(tmp_path, gz=True))
    assert Wilayah.objects.filter(kode__startswith="99").count() == SEMUA


def test_muat_kedua_kali_tidak_mengubah_apa_pun_dan_mengatakannya(tmp_path):
    tulis(tmp_path)
    muat(tmp_path)
    sebelum = isi_basis_data()
    keluaran = muat(tmp_path)
    assert "sudah mutakhir" in keluaran and "tidak ada yang diubah" in keluaran
    assert isi_basis_data() == sebelum


def test_nama_yang_berubah_diperbarui(tmp_path):
    muat(tulis(tmp_path))
    desa = [(k, i, "Desa Satu Makmur" if k == "99.01.01.2001" else n) for k, i, n in DESA]
    keluaran = muat(tulis(tmp_path, desa=desa))
    assert "0 baru, 1 diperbarui" in keluaran
    assert Wilayah.objects.get(kode="99.01.01.2001").nama == "Desa Satu Makmur"
    assert Wilayah.objects.get(kode="99.01.01.2002").nama == "Desa Dua"


def test_spasi_di_sekitar_nilai_dibuang(tmp_path):
    muat(tulis(tmp_path, provinsi=[(" 99 ", "  Provinsi Uji  ")]))
    assert Wilayah.objects.get(kode="99").nama == "Provinsi Uji"


def test_awalan_memuat_satu_cabang_beserta_leluhurnya(tmp_path):
    keluaran = muat(tulis(tmp_path), awalan="99.71")
    assert "4 baru" in keluaran
    assert sorted(Wilayah.objects.filter(kode__startswith="99").values_list("kode", flat=True)) == [
        "99",
        "99.71",
        "99.71.01",
        "99.71.01.1001",
    ]


def test_induk_yang_sudah_ada_di_basis_data_cukup(tmp_path):
    # A new district under Kabupaten Malang, which conftest already loaded: not an orphan.
    keluaran = muat(tulis(tmp_path, provinsi=[], kabupaten=[], kecamatan=[("35.07.99", "35.07", "Kec. Baru")], desa=[]))
    assert "1 baru" in keluaran
    assert Wilayah.objects.get(kode="35.07.99").induk_id == "35.07"


KODE, YATIM, NAMA = "Kode tidak sah", "Induk wilayah tidak ada", "kosong atau lebih dari"


def _ganti(daftar, indeks, baris):
    return [baris if i == indeks else b for i, b in enumerate(daftar)]


KASUS_GAGAL = {
    # Code patterns, level by level.
    "provinsi-satu-angka": (dict(provinsi=[("9", "Provinsi Uji")]), KODE),
    "provinsi-tiga-angka": (dict(provinsi=[("999", "Provinsi Uji")]), KODE),
    "kabupaten-tanpa-titik": (dict(kabupaten=_ganti(KABUPATEN, 0, ("9901", "99", "Kabupaten Uji"))), KODE),
    "kabupaten-satu-angka": (dict(kabupaten=_ganti(KABUPATEN, 0, ("99.1", "99", "Kabupaten Uji"))), KODE),
    "kecamatan-huruf": (dict(kecamatan=_ganti(KECAMATAN, 0, ("99.01.0a", "99.01", "Kecamatan Satu"))), KODE),
    "desa-tiga-angka": (dict(desa=_ganti(DESA, 0, ("99.01.01.201", "99.01.01", "Desa Satu"))), KODE),
    "desa-di-berkas-kecamatan": (dict(kecamatan=_ganti(KECAMATAN, 0, ("99.01.01.2001", "99.01", "Desa Satu"))), KODE),
    "kode-kosong": (dict(desa=_ganti(DESA, 0, ("", "99.01.01", "Desa Satu"))), KODE),
    # Digits that int() and \d accept but a code may not contain.
    "angka-arab-india": (dict(provinsi=[("٩٩", "Provinsi Uji")]), KODE),
    "angka-lebar-penuh": (dict(kabupaten=_ganti(KABUPATEN, 0, ("99.０1", "99", "Kabupaten Uji"))), KODE),
    "angka-arab-india-di-desa": (dict(desa=_ganti(DESA, 0, ("99.01.01.٢٠٠١", "99.01.01", "Desa Satu"))), KODE),
    # A parent that is not the code's own prefix.
    "induk-asing": (dict(kecamatan=_ganti(KECAMATAN, 0, ("99.01.01", "99.71", "Kecamatan Satu"))), KODE),
    "induk-melompati-tingkat": (dict(desa=_ganti(DESA, 0, ("99.01.01.2001", "99.01", "Desa Satu"))), KODE),
    "induk-kosong": (dict(kabupaten=_ganti(KABUPATEN, 0, ("99.01", "", "Kabupaten Uji"))), KODE),
    # An orphan: the parent is in neither the files nor the database.
    "yatim": (dict(kecamatan=KECAMATAN + [("99.02.01", "99.02", "Kecamatan Yatim")]), YATIM),
    "yatim-provinsi": (dict(provinsi=[]), YATIM),
    # Names.
    "nama-kosong": (dict(desa=_ganti(DESA, 2, ("99.71.01.1001", "99.71.01", "   "))), NAMA),
    "nama-terlalu-panjang": (dict(desa=_ganti(DESA, 2, ("99.71.01.1001", "99.71.01", "D" * 121))), NAMA),
    "baris-terpotong": (dict(desa=_ganti(DESA, 2, ("99.71.01.1001", "99.71.01"))), NAMA),
}


@pytest.mark.parametrize("ubah, pesan", KASUS_GAGAL.values(), ids=KASUS_GAGAL.keys())
def test_data_buruk_ditolak_tanpa_menulis_apa_pun(tmp_path, ubah, pesan):
    sebelum = isi_basis_data()
    with pytest.raises(CommandError, match=pesan):
        muat(tulis(tmp_path, **ubah))
    assert isi_basis_data() == sebelum


@pytest.mark.parametrize("berkas", ["provinces.csv", "regencies.csv", "districts.csv", "villages.csv"])
def test_berkas_hilang_ditolak_tanpa_menulis_apa_pun(tmp_path, berkas):
    tulis(tmp_path)
    (tmp_path / berkas).unlink()
    sebelum = isi_basis_data()
    with pytest.raises(CommandError, match=berkas):
        muat(tmp_path)
    assert isi_basis_data() == sebelum


@pytest.mark.parametrize(
    "berkas, kepala",
    [
        ("provinces.csv", "kode,name"),
        ("regencies.csv", "code,name"),
        ("districts.csv", "code,regency,name"),
        ("villages.csv", "code,district_code,nama"),
        ("villages.csv", ""),
    ],
)
def test_kolom_hilang_ditolak_tanpa_menulis_apa_pun(tmp_path, berkas, kepala):
    tulis(tmp_path)
    baris = (tmp_path / berkas).read_text(encoding="utf-8").splitlines()
    (tmp_path / berkas).write_text("\n".join([kepala] + baris[1:]) + "\n", encoding="utf-8")
    sebelum = isi_basis_data()
    with pytest.raises(CommandError, match="Kolom"):
        muat(tmp_path)
    assert isi_basis_data() == sebelum


def test_data_bawaan_kabupaten_malang_dimuat_utuh():
    def baris_csv(nama):
        with gzip.open(DATA_DIR / f"{nama}.gz", "rt", encoding="utf-8") as f:
            return [r for r in csv.DictReader(f) if r["code"].startswith("35.07")]

    harapan = {
        Tingkat.KABUPATEN_KOTA: len(baris_csv("regencies.csv")),
        Tingkat.KECAMATAN: len(baris_csv("districts.csv")),
        Tingkat.DESA: len(baris_csv("villages.csv")),
    }
    assert harapan == {Tingkat.KABUPATEN_KOTA: 1, Tingkat.KECAMATAN: 33, Tingkat.DESA: 390}
    # conftest loaded all of Jawa Timur: remove Kabupaten Malang and load it back. One plain DELETE,
    # not the ORM's cascade collector, which would visit every model that points at Wilayah.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Wilayah._meta.db_table} WHERE kode LIKE %s", ["35.07%"])
    assert not Wilayah.objects.filter(kode__startswith="35.07").exists()

    keluaran = StringIO()
    call_command("load_wilayah", awalan="35.07", stdout=keluaran)

    assert f"{sum(harapan.values())} baru, 0 diperbarui" in keluaran.getvalue()
    for tingkat, jumlah in harapan.items():
        assert Wilayah.objects.filter(kode__startswith="35.07", tingkat=tingkat).count() == jumlah
    assert Wilayah.objects.get(kode="35.07").nama == "Kabupaten Malang"
    assert Wilayah.objects.get(kode="35.07.13").nama == "Kepanjen"
    assert Wilayah.objects.filter(tingkat=Tingkat.PROVINSI).count() == 2  # 32 and 35, nothing else


@pytest.mark.postgresql
def test_tabel_wilayah_dianalisis_setelah_dimuat():
    """The planner knows the region table's size: without it the admin's lists joined all of it by
    a hash over a sequential scan."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("Statistik perencana hanya ada di PostgreSQL (CI menjalankannya).")
    call_command("load_wilayah", awalan="35", verbosity=0)
    with connection.cursor() as c:
        c.execute("SELECT reltuples FROM pg_class WHERE relname = 'wilayah_wilayah'")
        (perkiraan,) = c.fetchone()
    assert perkiraan == Wilayah.objects.count()
