"""The admin index dashboard: numbers only from the user's scope, per region one level down, deadline
and week boundaries in Asia/Jakarta, cached per scope, nothing at all for users who handle no cases."""

import datetime
import html as html_lib
import re
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from netralitas.akun.models import Peran
from pengaduan.models import Status, TingkatKantor
from pengaduan.triase.dasbor import Dasbor, dasbor_untuk
from tests.factories import (
    UserFactory,
    bawa_ke_status,
    buat_pengaduan,
    buat_pengaduan_pada,
    buat_staf,
    limpahkan_ke,
    pada,
)

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
# A Wednesday: the week began on Monday 23 November 2026, 00:00 WIB.
SEKARANG = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=WIB)
HARI_INI = SEKARANG.date()
JAM = datetime.timedelta(hours=1)
HARI = datetime.timedelta(days=1)


def kasus(wilayah="35.07.13.1007", status=None, kantor=None, saat=None):
    """A case filed through intake (the incident's kabupaten/kota office handles it), handed over by
    staff to `kantor` = (tingkat, kode) and walked to `status` through the services, all at the
    moment `saat` (default: now). Nothing is written by hand: its `dibuat` is when it was filed and
    its deadline is what the deadline rules give the last step (seeded: pilkada kajian awal, which
    also runs for a handed-over case at its new office, is 2 calendar days)."""
    with pada(saat or timezone.now()):
        p, _ = buat_pengaduan(wilayah=wilayah)
        if kantor:
            limpahkan_ke(p, *kantor)
        if status:
            bawa_ke_status(p, status)
    p.refresh_from_db()
    return p


def tenggat_pada(tanggal: datetime.date, **kw):
    """A case whose kajian awal deadline falls on `tanggal`: filed two calendar days before (10.00 WIB)."""
    saat = datetime.datetime.combine(tanggal - 2 * HARI, datetime.time(10), tzinfo=WIB)
    p = kasus(saat=saat, **kw)
    assert p.tenggat == tanggal, "the seeded pilkada kajian awal rule is 2 calendar days"
    return p


KEPANJEN = (TingkatKantor.PANWASCAM, "35.07.13")
JATIM = (TingkatKantor.PROVINSI, "35")
RI = (TingkatKantor.RI, None)


@pytest.fixture
def kasus_dua_provinsi():
    """Eight cases: Kabupaten Malang's office 2 and Kepanjen's 1, Kota Malang 1, Jawa Timur's office 1,
    Kota Bandung 2 (one closed), Bawaslu RI 1. The cases at Kepanjen, Jawa Timur and Bawaslu RI
    were reported in Kabupaten Malang and handed over there by staff (to RI through Jawa Timur),
    so they are `dilimpahkan`: Kepanjen's one status row is therefore dilimpahkan, not diajukan."""
    kasus()
    kasus(status=Status.KAJIAN_AWAL)
    kasus(kantor=KEPANJEN)
    kasus(wilayah="35.73.01.1001")
    kasus(kantor=JATIM)
    kasus(wilayah="32.73.01.1001")
    kasus(wilayah="32.73.01.1001", status=Status.SELESAI)
    kasus(kantor=RI)


def per_wilayah(d: Dasbor) -> list[tuple[str, int]]:
    return [(b.nama, b.jumlah) for b in d.per_wilayah]


LINGKUP = [
    # peran, wilayah, judul, jumlah, rincian (the scope's own office first, then by count)
    # The Panwascam counts what its office handles and every case that took place in Kepanjen,
    # whoever handles it: the five filed there (issue 14: the Panwascam in the loop).
    (Peran.PANWASCAM, "35.07.13", "Kec. Kepanjen", 5, []),
    (
        Peran.BAWASLU_KABKOTA,
        "35.07",
        "Kabupaten Malang",
        3,
        [("Kantor Bawaslu Kabupaten Malang", 2), ("Kec. Kepanjen", 1)],
    ),
    (Peran.BAWASLU_KABKOTA, "32.73", "Kota Bandung", 2, [("Kantor Bawaslu Kota Bandung", 2)]),
    (
        Peran.BAWASLU_PROVINSI,
        "35",
        "Jawa Timur",
        5,
        [("Kantor Bawaslu Provinsi Jawa Timur", 1), ("Kabupaten Malang", 3), ("Kota Malang", 1)],
    ),
    (Peran.BAWASLU_RI, None, "Nasional", 8, [("Bawaslu RI", 1), ("Jawa Timur", 5), ("Jawa Barat", 2)]),
]


@pytest.mark.parametrize("peran,wilayah,judul,jumlah,rincian", LINGKUP)
def test_angka_hanya_dari_cakupan_pengguna_dan_dirinci_satu_tingkat_di_bawahnya(
    kasus_dua_provinsi, peran, wilayah, judul, jumlah, rincian
):
    d = dasbor_untuk(buat_staf(peran, wilayah))
    assert d.nama_lingkup == judul
    assert d.jumlah == jumlah == sum(b.jumlah for b in d.per_status)
    assert per_wilayah(d) == rincian
    if rincian:
        assert sum(b.jumlah for b in d.per_wilayah) == jumlah


def test_status_berlabel_indonesia_dan_kasus_ditutup_tidak_dihitung_dalam_proses(kasus_dua_provinsi):
    d = dasbor_untuk(buat_staf(Peran.BAWASLU_KABKOTA, "32.73"))
    assert [(b.label, b.jumlah, b.terminal) for b in d.per_status] == [("Diajukan", 1, False), ("Selesai", 1, True)]
    assert (d.jumlah, d.dalam_proses) == (2, 1)
    assert [b.persen for b in d.per_status] == [50, 50]


def test_administrator_nasional_dan_superuser_melihat_semua_per_provinsi(kasus_dua_provinsi):
    admin = dasbor_untuk(buat_staf(Peran.ADMINISTRATOR))
    superuser = dasbor_untuk(UserFactory(is_superuser=True))
    for d in (admin, superuser):
        assert d.jumlah == 8
        assert per_wilayah(d) == [("Bawaslu RI", 1), ("Jawa Timur", 5), ("Jawa Barat", 2)]


def test_rincian_per_wilayah_menghitung_dalam_proses_dan_lewat_tenggat():
    tenggat_pada(HARI_INI - HARI)
    # Handed to Kepanjen on 20 November: its kajian awal there was due on the 22nd.
    tenggat_pada(HARI_INI - 3 * HARI, kantor=KEPANJEN)
    # Withdrawn by the reporter after its deadline there had passed: closed, so never late (closing
    # ends the deadline step, and the dashboard counts only open cases as late).
    ditarik = tenggat_pada(HARI_INI - 3 * HARI, kantor=KEPANJEN)
    with pada(SEKARANG - JAM):
        bawa_ke_status(ditarik, Status.DICABUT)
    assert ditarik.tenggat is None
    d = dasbor_untuk(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"), sekarang=SEKARANG)
    assert [(b.nama, b.jumlah, b.dalam_proses, b.terlambat) for b in d.per_wilayah] == [
        ("Kantor Bawaslu Kabupaten Malang", 1, 1, 1),
        ("Kec. Kepanjen", 2, 1, 1),
    ]


def test_lewat_tenggat_dan_tenggat_segera_dihitung_dari_tanggal_jakarta():
    tenggat_pada(HARI_INI - HARI)  # lewat
    tenggat_pada(HARI_INI - 10 * HARI)  # lewat
    tenggat_pada(HARI_INI)  # segera (hari ini), belum lewat
    tenggat_pada(HARI_INI + HARI)  # segera (besok)
    tenggat_pada(HARI_INI + 2 * HARI)  # belum apa-apa
    # Open without a deadline: once a sanction is recorded no deadline of this portal runs
    # (workflow.TANPA_TENGGAT).
    tanpa = kasus(status=Status.SANKSI_DIJATUHKAN, saat=SEKARANG - 3 * HARI)
    assert tanpa.tenggat is None
    # Closed after their deadline passed or on the day it fell: never late. Closing ends the deadline
    # step, so no door leaves a closed case with a deadline; the dashboard's open-only filter is a
    # second guard that real states cannot reach (the hand-written deadlines here used to).
    with pada(SEKARANG - JAM):
        ditutup = [
            bawa_ke_status(tenggat_pada(HARI_INI - HARI), Status.SELESAI),
            bawa_ke_status(tenggat_pada(HARI_INI), Status.DIHENTIKAN),
        ]
    assert [p.tenggat for p in ditutup] == [None, None]
    user = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    d = dasbor_untuk(user, sekarang=SEKARANG)
    assert (d.terlambat, d.segera) == (2, 2)
    assert (d.jumlah, d.dalam_proses) == (8, 6)


def test_hari_ini_menurut_jakarta_bukan_utc():
    tenggat_pada(datetime.date(2026, 11, 24))
    # 25 November 00.30 WIB is still 24 November in UTC: in Jakarta the deadline has passed.
    sekarang = datetime.datetime(2026, 11, 24, 17, 30, tzinfo=datetime.UTC)
    d = dasbor_untuk(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"), sekarang=sekarang)
    assert (d.terlambat, d.segera) == (1, 0)


def test_baru_minggu_ini_sejak_senin_pukul_nol_wib():
    senin = datetime.datetime(2026, 11, 23, 0, 0, tzinfo=WIB)
    diterima = [
        senin,  # tepat di awal minggu
        senin + JAM,
        SEKARANG,
        senin - datetime.timedelta(seconds=1),  # Minggu 23.59.59 WIB
        # Minggu 18.00 UTC is already Senin 01.00 WIB; Minggu 16.59 UTC is still Minggu 23.59 WIB.
        datetime.datetime(2026, 11, 22, 18, 0, tzinfo=datetime.UTC),
        datetime.datetime(2026, 11, 22, 16, 59, tzinfo=datetime.UTC),
        SEKARANG + datetime.timedelta(minutes=1),  # after "now": not counted yet
    ]
    for saat in diterima:
        assert buat_pengaduan_pada(saat)[0].dibuat == saat
    d = dasbor_untuk(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"), sekarang=SEKARANG)
    assert d.baru == 4
    assert d.jumlah == 7


def test_minggu_yang_dimulai_hari_ini_dan_hari_minggu_masih_minggu_lalu():
    senin = datetime.datetime(2026, 11, 23, 0, 0, tzinfo=WIB)
    buat_pengaduan_pada(senin - 6 * HARI)  # Selasa lalu
    buat_pengaduan_pada(senin - datetime.timedelta(days=7, seconds=1))  # Minggu sebelumnya
    minggu_malam = senin - datetime.timedelta(minutes=1)
    assert dasbor_untuk(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"), sekarang=minggu_malam).baru == 1


@pytest.mark.parametrize(
    "peran,wilayah",
    [
        (Peran.PENINJAU, "35.07"),
        (Peran.PEMDA, "35.07"),
        (Peran.BAWASLU_KABKOTA, None),  # a regional role without a region sees no case
    ],
)
def test_peran_lain_tidak_mendapat_dasbor(client, kasus_dua_provinsi, peran, wilayah):
    user = buat_staf(peran, wilayah)
    assert dasbor_untuk(user) is None
    client.force_login(user)
    r = client.get(reverse("admin:index"))
    assert r.status_code == 200
    assert b'class="dasbor"' not in r.content
    assert b"Ringkasan pengaduan" not in r.content


def test_staf_tanpa_profil_tidak_mendapat_dasbor(client, kasus_dua_provinsi):
    user = UserFactory()
    assert dasbor_untuk(user) is None
    client.force_login(user)
    r = client.get(reverse("admin:index"))
    assert r.status_code == 200
    assert b'class="dasbor"' not in r.content


def test_hitungan_dingin_sedikit_kueri_dan_cache_tanpa_kueri(kasus_dua_provinsi, django_assert_max_num_queries):
    user = buat_staf(Peran.BAWASLU_PROVINSI, "35")
    # Profile, one grouped aggregate, one query for region names.
    with django_assert_max_num_queries(3):
        dingin = dasbor_untuk(user)
    with django_assert_max_num_queries(0):
        hangat = dasbor_untuk(user)
    assert hangat == dingin


def test_rekan_satu_cakupan_memakai_cache_yang_sama_tetapi_cakupan_lain_tidak(
    kasus_dua_provinsi, django_assert_max_num_queries
):
    dasbor_untuk(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    kasus()  # within the cached minute: the colleague sees the cached number
    rekan = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    rekan.refresh_from_db()
    with django_assert_max_num_queries(1):  # the profile only
        assert dasbor_untuk(rekan).jumlah == 3
    assert dasbor_untuk(buat_staf(Peran.BAWASLU_KABKOTA, "32.73")).jumlah == 2
    # Kepanjen's scope was not cached: its five, and the case just filed there.
    assert dasbor_untuk(buat_staf(Peran.PANWASCAM, "35.07.13")).jumlah == 6


@pytest.mark.parametrize("peran,wilayah,judul,jumlah,rincian", LINGKUP)
def test_halaman_indeks_admin_menampilkan_angka_cakupan(
    client, kasus_dua_provinsi, peran, wilayah, judul, jumlah, rincian
):
    client.force_login(buat_staf(peran, wilayah))
    r = client.get(reverse("admin:index"))
    assert r.status_code == 200
    html = r.content.decode()
    assert f"Ringkasan pengaduan — {judul}" in html
    assert f'<dt>Semua pengaduan</dt><dd><a href="/admin/pengaduan/pengaduan/">{jumlah}</a></dd>' in html
    # Each status row opens the list filtered by it. The case Kepanjen handles was handed to it by
    # the kabupaten office, so its status is dilimpahkan (a handed-over case is never diajukan).
    status = Status.DILIMPAHKAN if peran == Peran.PANWASCAM else Status.DIAJUKAN
    assert f'href="/admin/pengaduan/pengaduan/?status__exact={status}"' in html
    assert re.search(r"/static/css/admin-dasbor\.[0-9a-f]{12}\.css", html)  # the hashed name (manifest)
    for nama, _ in rincian:
        assert nama in html
    assert html.index("Ringkasan pengaduan") < html.index('id="content-main"')  # above the app list


@pytest.mark.parametrize(
    "peran,wilayah",
    [
        (Peran.PANWASCAM, "35.07.13"),
        (Peran.BAWASLU_KABKOTA, "35.07"),
        (Peran.BAWASLU_PROVINSI, "35"),
        (Peran.BAWASLU_RI, None),
    ],
)
def test_setiap_angka_bertaut_membuka_daftar_berisi_kasus_yang_sama(client, kasus_dua_provinsi, peran, wilayah):
    # The admin's deadline filters read today's date, so these deadlines are today's neighbours:
    # handed to Kepanjen four days ago (late since the day before yesterday), filed two days ago (due
    # today) and yesterday (due tomorrow).
    sekarang = timezone.now()
    kasus(kantor=KEPANJEN, saat=sekarang - 4 * HARI)
    kasus(saat=sekarang - 2 * HARI)
    kasus(wilayah="35.73.01.1001", saat=sekarang - HARI)
    client.force_login(buat_staf(peran, wilayah))
    halaman = client.get(reverse("admin:index")).content.decode()
    dasbor = halaman[halaman.index('class="dasbor"') : halaman.index("</section>")]
    tautan = re.findall(r'<a href="([^"]+)">([0-9.]+)</a>', dasbor)
    # Kepanjen holds only cases handed to it: dilimpahkan, never diajukan.
    status = Status.DILIMPAHKAN if peran == Peran.PANWASCAM else Status.DIAJUKAN
    assert {"tenggat=lewat", "tenggat=1hari", f"status__exact={status}"} <= {u.split("?")[-1] for u, _ in tautan}
    for url, angka in tautan:
        daftar = client.get(html_lib.unescape(url))
        assert daftar.status_code == 200, url
        assert daftar.context["cl"].result_count == int(angka.replace(".", "")), url


def test_kantor_sendiri_tanpa_tautan_wilayah_di_bawahnya_bertaut(client, kasus_dua_provinsi):
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    halaman = client.get(reverse("admin:index")).content.decode()
    assert 'href="/admin/pengaduan/pengaduan/?kantor=35.07.13"' in halaman
    assert "?kantor=35.07&quot;" not in halaman and '?kantor=35.07"' not in halaman


def test_angka_ditulis_dengan_titik_ribuan():
    d = Dasbor(
        nama_lingkup="Nasional",
        dihitung=SEKARANG,
        jumlah=1_234_567,
        dalam_proses=1234,
        terlambat=0,
        segera=0,
        baru=12,
        per_status=[],
        judul_rincian="",
        per_wilayah=[],
    )
    html = render_to_string("admin/includes/dasbor.html", {"dasbor": d, "url_daftar": "/admin/"})
    assert "1.234.567" in html
    assert "<dd>1.234</dd>" in html
    assert "25 November 2026, 10.00 WIB" in html
