"""Deadlines: working days skip weekends, holidays and cuti bersama; rules and holidays are cached
and an edit in the admin counts from the next request."""

import datetime
import importlib
from unittest import mock

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pengaduan import tenggat
from pengaduan.models import AturanTenggat, HariLibur, JenisHari, JenisPemilihan, LangkahTenggat

pytestmark = pytest.mark.django_db

D = datetime.date
KERJA, KALENDER = JenisHari.KERJA, JenisHari.KALENDER
PEMILU, PILKADA = JenisPemilihan.PEMILU, JenisPemilihan.PILKADA
seed_hari_libur = importlib.import_module("pengaduan.migrations.0005_seed_hari_libur")


# --- arithmetic over the seeded calendar ---------------------------------------------------------


def test_jumat_tambah_satu_hari_kerja_jatuh_senin():
    assert tenggat.tambah_hari(D(2026, 11, 20), 1, KERJA) == D(2026, 11, 23)


def test_sabtu_tambah_satu_hari_kerja_jatuh_senin():
    assert tenggat.tambah_hari(D(2026, 11, 21), 1, KERJA) == D(2026, 11, 23)


def test_hari_kerja_melewati_libur_nasional():
    # Monday 17 August 2026 is Proklamasi.
    assert tenggat.tambah_hari(D(2026, 8, 14), 1, KERJA) == D(2026, 8, 18)


def test_hari_kerja_melewati_cuti_bersama():
    # 17 August 2025 was a Sunday; Monday the 18th was cuti bersama (SKB 933/1/3 Tahun 2025).
    assert tenggat.tambah_hari(D(2025, 8, 15), 1, KERJA) == D(2025, 8, 19)


def test_hari_kerja_melewati_nyepi_dan_lebaran_2026():
    # 18 cuti, 19 Nyepi, 20 cuti, 21-22 Idul Fitri, 23-24 cuti: the first working day is the 25th.
    assert tenggat.tambah_hari(D(2026, 3, 17), 3, KERJA) == D(2026, 3, 27)


def test_hari_kerja_melewati_akhir_tahun():
    # 1 January 2027 is a Friday.
    assert tenggat.tambah_hari(D(2026, 12, 31), 1, KERJA) == D(2027, 1, 4)
    # 25 Natal, 26 cuti bersama (Friday), then the weekend.
    assert tenggat.tambah_hari(D(2025, 12, 24), 2, KERJA) == D(2025, 12, 30)


def test_hari_kalender_tidak_melewati_apa_pun():
    assert tenggat.tambah_hari(D(2026, 12, 29), 7, KALENDER) == D(2027, 1, 5)
    assert tenggat.tambah_hari(D(2026, 3, 17), 3, KALENDER) == D(2026, 3, 20)


def test_nol_hari_mengembalikan_tanggal_mulai():
    assert tenggat.tambah_hari(D(2026, 3, 21), 0, KERJA) == D(2026, 3, 21)


def test_batas_melapor_pemilu_hari_kerja_pilkada_hari_kalender():
    diketahui = D(2026, 11, 20)  # a Friday
    assert tenggat.batas_melapor(PEMILU, diketahui) == D(2026, 12, 1)
    assert tenggat.batas_melapor(PILKADA, diketahui) == D(2026, 11, 27)


def test_tenggat_langkah_tanpa_aturan_kosong():
    AturanTenggat.objects.filter(jenis_pemilihan=PILKADA, langkah=LangkahTenggat.TEMUAN).delete()
    assert tenggat.tenggat_langkah(PILKADA, LangkahTenggat.TEMUAN, D(2026, 11, 20)) is None
    assert tenggat.aturan(PILKADA, LangkahTenggat.TEMUAN) is None


def test_aturan_dari_cache_tetap_instance_model():
    a = tenggat.aturan(PEMILU, LangkahTenggat.PENANGANAN)
    assert a == AturanTenggat.objects.get(jenis_pemilihan=PEMILU, langkah=LangkahTenggat.PENANGANAN)
    assert (a.jumlah_hari, a.get_jenis_hari_display()) == (7, "Hari kerja")


# --- perpanjangan --------------------------------------------------------------------------------


def test_perpanjangan_pemilu_tujuh_hari_kerja_lagi_menjadi_empat_belas():
    diregistrasi = D(2026, 11, 2)
    tenggat_awal = tenggat.tenggat_langkah(PEMILU, LangkahTenggat.PENANGANAN, diregistrasi)
    assert tenggat_awal == D(2026, 11, 11)
    baru = tenggat.perpanjang(PEMILU, LangkahTenggat.PENANGANAN, tenggat_awal)
    assert baru == D(2026, 11, 20) == tenggat.tambah_hari(diregistrasi, 14, KERJA)


def test_perpanjangan_pilkada_tiga_tambah_dua_hari_kalender():
    diterima = D(2026, 11, 2)
    tenggat_awal = tenggat.tenggat_langkah(PILKADA, LangkahTenggat.PENANGANAN, diterima)
    assert tenggat_awal == D(2026, 11, 5)
    assert tenggat.perpanjang(PILKADA, LangkahTenggat.PENANGANAN, tenggat_awal) == D(2026, 11, 7)


def test_perpanjangan_pemilu_melewati_cuti_bersama_natal():
    # 24 cuti, 25 Natal, weekend; 28-31 December; 1 January (Friday) Tahun Baru; 4 January;
    # 5 January Isra Mikraj 1448 H; 6-7 January.
    assert tenggat.perpanjang(PEMILU, LangkahTenggat.PENANGANAN, D(2026, 12, 23)) == D(2027, 1, 7)


def test_langkah_tanpa_perpanjangan_kosong():
    assert tenggat.perpanjang(PEMILU, LangkahTenggat.KAJIAN_AWAL, D(2026, 11, 20)) is None
    assert tenggat.perpanjang(PEMILU, LangkahTenggat.PENANGANAN, None) is None
    AturanTenggat.objects.filter(jenis_pemilihan=PILKADA, langkah=LangkahTenggat.PENANGANAN).delete()
    assert tenggat.perpanjang(PILKADA, LangkahTenggat.PENANGANAN, D(2026, 11, 20)) is None


# --- sisa_hari -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tanggal_tenggat", "sisa"),
    [(D(2026, 11, 27), 3), (D(2026, 11, 24), 0), (D(2026, 11, 20), -4)],
)
def test_sisa_hari_menurut_tanggal_jakarta(tanggal_tenggat, sisa):
    with mock.patch("django.utils.timezone.localdate", return_value=D(2026, 11, 24)):
        assert tenggat.sisa_hari(tanggal_tenggat) == sisa


def test_sisa_hari_dengan_hari_ini_diberikan_dan_tanpa_tenggat():
    assert tenggat.sisa_hari(D(2027, 1, 4), hari_ini=D(2026, 12, 31)) == 4
    assert tenggat.sisa_hari(None) is None


# --- the cache -----------------------------------------------------------------------------------


def test_panggilan_kedua_tanpa_query(django_assert_num_queries):
    with django_assert_num_queries(2):
        assert tenggat.batas_melapor(PEMILU, D(2026, 11, 20)) == D(2026, 12, 1)
    with django_assert_num_queries(0):
        assert tenggat.batas_melapor(PEMILU, D(2026, 11, 20)) == D(2026, 12, 1)
        assert tenggat.batas_melapor(PILKADA, D(2026, 11, 20)) == D(2026, 11, 27)
        assert tenggat.aturan(PILKADA, LangkahTenggat.PERBAIKAN).jumlah_hari == 3


def test_ubah_jumlah_hari_di_admin_berlaku_pada_permintaan_berikutnya(admin_client, django_assert_num_queries):
    assert tenggat.batas_melapor(PEMILU, D(2026, 11, 20)) == D(2026, 12, 1)
    a = AturanTenggat.objects.get(jenis_pemilihan=PEMILU, langkah=LangkahTenggat.PELAPORAN)
    r = admin_client.post(
        reverse("admin:pengaduan_aturantenggat_change", args=[a.pk]),
        {
            "jenis_pemilihan": PEMILU,
            "langkah": LangkahTenggat.PELAPORAN,
            "jumlah_hari": 10,
            "jenis_hari": KERJA,
            "perpanjangan_hari": 0,
            "dasar_hukum": a.dasar_hukum,
            "_save": "Simpan",
        },
    )
    assert r.status_code == 302
    assert tenggat.batas_melapor(PEMILU, D(2026, 11, 20)) == D(2026, 12, 4)
    with django_assert_num_queries(0):
        assert tenggat.aturan(PEMILU, LangkahTenggat.PELAPORAN).jumlah_hari == 10


def test_tambah_hari_libur_di_admin_berlaku_pada_permintaan_berikutnya(admin_client):
    assert tenggat.tambah_hari(D(2026, 11, 20), 1, KERJA) == D(2026, 11, 23)
    r = admin_client.post(
        reverse("admin:pengaduan_harilibur_add"),
        {"tanggal": "2026-11-23", "nama": "Libur pemungutan suara", "_save": "Simpan"},
    )
    assert r.status_code == 302
    assert tenggat.tambah_hari(D(2026, 11, 20), 1, KERJA) == D(2026, 11, 24)


def test_hapus_hari_libur_berlaku_seketika():
    assert tenggat.tambah_hari(D(2026, 8, 14), 1, KERJA) == D(2026, 8, 18)
    HariLibur.objects.get(tanggal=D(2026, 8, 17)).delete()
    assert tenggat.tambah_hari(D(2026, 8, 14), 1, KERJA) == D(2026, 8, 17)


def test_hari_libur_baru_lewat_orm_membuang_cache():
    assert tenggat.tambah_hari(D(2026, 11, 20), 1, KERJA) == D(2026, 11, 23)
    HariLibur.objects.create(tanggal=D(2026, 11, 23), nama="Cuti bersama uji")
    assert tenggat.tambah_hari(D(2026, 11, 20), 1, KERJA) == D(2026, 11, 24)


def test_cache_mati_tetap_menghitung_dari_database():
    with mock.patch.object(tenggat.cache, "get", side_effect=ConnectionError("redis mati")):
        assert tenggat.batas_melapor(PEMILU, D(2026, 11, 20)) == D(2026, 12, 1)


# --- the seed migration --------------------------------------------------------------------------


@pytest.mark.parametrize(("tahun", "libur_nasional", "cuti_bersama"), [(2025, 17, 11), (2026, 17, 8), (2027, 18, 8)])
def test_seed_memuat_libur_nasional_dan_cuti_bersama_per_tahun(tahun, libur_nasional, cuti_bersama):
    baris = HariLibur.objects.filter(tanggal__year=tahun)
    cuti = baris.filter(nama__startswith="Cuti bersama").count()
    assert (baris.count() - cuti, cuti) == (libur_nasional, cuti_bersama)


def test_seed_idempoten_dan_mundurnya_hanya_menghapus_barisnya_sendiri():
    HariLibur.objects.filter(tanggal=D(2026, 8, 17)).update(nama="HUT RI (diisi manual)")
    HariLibur.objects.create(tanggal=D(2026, 11, 23), nama="Libur setempat")
    jumlah = HariLibur.objects.count()
    seed_hari_libur.seed(apps, None)
    assert HariLibur.objects.count() == jumlah
    seed_hari_libur.unseed(apps, None)
    assert set(HariLibur.objects.values_list("nama", flat=True)) == {"HUT RI (diisi manual)", "Libur setempat"}
    seed_hari_libur.seed(apps, None)
    assert HariLibur.objects.count() == jumlah
    assert HariLibur.objects.get(tanggal=D(2026, 8, 17)).nama == "HUT RI (diisi manual)"


# --- property ------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    mulai=st.dates(min_value=D(2024, 12, 1), max_value=D(2027, 12, 31)),
    n=st.integers(min_value=1, max_value=40),
)
def test_hasil_hari_kerja_selalu_hari_kerja_dan_tepat_n_hari_kerja(mulai, n):
    libur = tenggat.hari_libur()
    hasil = tenggat.tambah_hari(mulai, n, KERJA)
    assert hasil > mulai
    assert hasil.weekday() < 5
    assert hasil not in libur
    rentang = (mulai + datetime.timedelta(days=i) for i in range(1, (hasil - mulai).days + 1))
    assert sum(1 for t in rentang if t.weekday() < 5 and t not in libur) == n
