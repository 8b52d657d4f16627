"""The notice of a completion request is a deadline step of its own (LangkahTenggat.PEMBERITAHUAN_PERBAIKAN).

Model: when kajian awal finds the report incomplete, the portal tells a reporter who gave an e-mail
at once (the request's e-mail, written in the same transaction): the notice is recorded at that
moment and the reporter's window (PERBAIKAN) runs from that day. A reporter without an e-mail is
owed the notice: the case's deadline is then the office's (1 day; working days for Pemilu, holidays
skipped), counted by the dashboard and the daily digest like any other step, and the reporter's
window starts only when staff record how and when they told the reporter."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netralitas.akun.models import Peran
from pengaduan import transisi
from pengaduan.models import CaraPemberitahuan, HariLibur, LangkahTenggat, Notifikasi, Pengaduan, Status
from pengaduan.pelaporan import services as pelaporan
from pengaduan.triase import pengingat
from pengaduan.triase import services as triase
from pengaduan.triase.dasbor import dasbor_untuk
from tests.factories import bawa_ke_status, buat_pengaduan, buat_staf, pada

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
D = datetime.date
# Friday 27 November 2026, 10.00 WIB; Monday 30 November is made a holiday below.
JUMAT = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=WIB)


def jam(tanggal: datetime.date, j=9):
    return datetime.datetime.combine(tanggal, datetime.time(j), tzinfo=WIB)


@pytest.fixture
def libur_senin():
    return HariLibur.objects.create(tanggal=D(2026, 11, 30), nama="Libur uji")


@pytest.fixture
def staf():
    return buat_staf(Peran.BAWASLU_KABKOTA, "35.07")


def minta_perbaikan(staf, jenis="pemilu", email=""):
    with pada(JUMAT):
        p, kode = buat_pengaduan(wilayah="35.07.13.1007", jenis_pemilihan=jenis, email=email)
        p = bawa_ke_status(p, Status.KAJIAN_AWAL)
        transisi.ubah_status(
            pengaduan=p,
            ke=Status.PERLU_PERBAIKAN,
            peran=Peran.BAWASLU_KABKOTA,
            oleh=staf,
            pesan_pelapor="Lampirkan tangkapan layar unggahan beserta tanggalnya.",
        )
    p.refresh_from_db()
    return p, kode


@pytest.mark.parametrize("jenis,tenggat", [("pemilu", D(2026, 12, 1)), ("pilkada", D(2026, 11, 28))])
def test_tanpa_email_tenggat_pemberitahuan_satu_hari_melewati_libur(libur_senin, staf, jenis, tenggat):
    p, _ = minta_perbaikan(staf, jenis)
    assert p.perbaikan_diberitahu is None and p.cara_pemberitahuan_perbaikan == ""
    assert transisi.langkah_berjalan(p) == LangkahTenggat.PEMBERITAHUAN_PERBAIKAN
    # Pemilu: 1 hari kerja after Friday skips the weekend and the Monday holiday; Pilkada: 1 hari.
    assert p.tenggat == tenggat


def test_dengan_email_pemberitahuan_tercatat_seketika_dan_jendela_pelapor_berjalan(libur_senin, staf):
    p, _ = minta_perbaikan(staf, email="pelapor@contoh.id")
    assert p.cara_pemberitahuan_perbaikan == CaraPemberitahuan.EMAIL_SISTEM
    assert p.perbaikan_diberitahu == JUMAT
    assert Notifikasi.objects.filter(pengaduan=p, jenis="permintaan_perbaikan").exists()
    assert transisi.langkah_berjalan(p) == LangkahTenggat.PERBAIKAN
    # 3 hari kerja from Friday: Tuesday 1, Wednesday 2, Thursday 3 December (Monday is a holiday).
    assert p.tenggat == D(2026, 12, 3)


def test_dasbor_menghitung_pemberitahuan_jatuh_tempo_lalu_terlambat(libur_senin, staf):
    p, _ = minta_perbaikan(staf)
    cache.clear()
    d = dasbor_untuk(staf, sekarang=jam(D(2026, 11, 30)))
    assert (d.segera, d.terlambat) == (1, 0)
    cache.clear()
    d = dasbor_untuk(staf, sekarang=jam(D(2026, 12, 2)))
    assert (d.segera, d.terlambat) == (0, 1)


def test_ringkasan_harian_menyebut_pelapor_belum_diberi_tahu(libur_senin, staf):
    p, _ = minta_perbaikan(staf)
    assert pengingat.kirim_ringkasan_tenggat(sekarang=jam(D(2026, 12, 2), 7)) >= 1
    r = Notifikasi.objects.get(penerima=staf, jenis="ringkasan_tenggat")
    assert "1 lewat tenggat" in r.subjek
    assert "Perlu perbaikan: pelapor belum diberi tahu" in r.isi_teks and f"#{p.pk}" in r.isi_teks


def test_catat_pemberitahuan_lewat_admin_memulai_jendela_pelapor(libur_senin, staf, client):
    p, _ = minta_perbaikan(staf)
    client.force_login(staf)
    with pada(jam(D(2026, 12, 2), 11)):
        halaman = client.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk])).content.decode()
        assert 'id="pemberitahuan-perbaikan"' in halaman
        assert "Pemberitahuan kepada pelapor untuk melengkapi" in halaman
        # The reporter cannot miss a window they were never told of.
        assert pelaporan.kedaluwarsakan_perbaikan(hari_ini=D(2026, 12, 5)) == 0
        url = reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, "pemberitahuan-perbaikan"])
        r = client.post(
            url,
            {
                "versi": p.versi,
                "cara": CaraPemberitahuan.TELEPON,
                "waktu": "2026-12-02T10:30",
                "keterangan": "Ditelepon ke nomor di formulir.",
            },
        )
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.cara_pemberitahuan_perbaikan == CaraPemberitahuan.TELEPON
    assert p.perbaikan_diberitahu == datetime.datetime(2026, 12, 2, 10, 30, tzinfo=WIB)
    # 3 hari kerja from Wednesday 2 December: Thursday 3, Friday 4, Monday 7.
    assert p.tenggat == D(2026, 12, 7)
    assert p.catatan.filter(teks__contains="Pelapor diberi tahu untuk melengkapi laporan (telepon").exists()
    # A second record is refused; the window then expires as before.
    with pada(jam(D(2026, 12, 2), 12)):
        r = client.post(url, {"versi": p.versi, "cara": CaraPemberitahuan.SURAT, "waktu": "2026-12-02T11:00"})
    assert r.status_code == 400 and "sudah tercatat" in r.content.decode()
    assert pelaporan.kedaluwarsakan_perbaikan(hari_ini=D(2026, 12, 8)) == 1
    assert Pengaduan.objects.get(pk=p.pk).status == Status.TIDAK_DIREGISTRASI


@pytest.mark.parametrize(
    "waktu,pesan",
    [
        ("2026-12-09T10:00", "masa depan"),
        ("2026-11-26T10:00", "sebelum permintaan"),
        ("", "tidak boleh kosong"),
        ("bukan tanggal", ""),
    ],
)
def test_waktu_pemberitahuan_tidak_sah_ditolak_dengan_pesan(libur_senin, staf, client, waktu, pesan):
    p, _ = minta_perbaikan(staf)
    client.force_login(staf)
    url = reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, "pemberitahuan-perbaikan"])
    with pada(jam(D(2026, 12, 2), 11)):
        r = client.post(
            url, {"versi": p.versi, "cara": CaraPemberitahuan.SURAT, "waktu": waktu, "keterangan": "<script>x</script>"}
        )
    assert r.status_code == 400
    html = r.content.decode()
    assert pesan.lower() in html.lower()
    assert "<script>x</script>" not in html
    assert Pengaduan.objects.get(pk=p.pk).perbaikan_diberitahu is None


def test_kantor_lain_404_dan_peninjau_tidak_dapat_mencatat(libur_senin, staf, client):
    p, _ = minta_perbaikan(staf)
    url = reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, "pemberitahuan-perbaikan"])
    for lain in (buat_staf(Peran.BAWASLU_KABKOTA, "32.73"), buat_staf(Peran.PEMDA, "35.07")):
        client.force_login(lain)
        assert client.get(url).status_code in (403, 404)
        r = client.post(url, {"versi": p.versi, "cara": CaraPemberitahuan.SURAT, "waktu": "2026-11-27T11:00"})
        assert r.status_code in (403, 404)
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "32.73"))
    assert client.get(url).status_code == 404
    assert Pengaduan.objects.get(pk=p.pk).perbaikan_diberitahu is None


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    data=st.dictionaries(
        st.sampled_from(["versi", "cara", "waktu", "keterangan"]),
        st.one_of(
            st.text(max_size=200),
            st.sampled_from(
                ["<script>alert(1)</script>", "9" * 5000, "2026-11-27T11:00", "telepon", "email_sistem", "\x00"]
            ),
        ),
        max_size=4,
    )
)
def test_formulir_pemberitahuan_tidak_pernah_500(client, data):
    # The examples share the test's transaction: one office account and one case, made by the first.
    staf = get_user_model().objects.filter(username="hipotesis").first() or buat_staf(
        Peran.BAWASLU_KABKOTA, "35.07", username="hipotesis"
    )
    p = Pengaduan.objects.filter(status=Status.PERLU_PERBAIKAN).first() or minta_perbaikan(staf)[0]
    client.force_login(staf)
    r = client.post(reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, "pemberitahuan-perbaikan"]), data)
    assert r.status_code in (200, 302, 400)
    p.refresh_from_db()
    # Either still owed, or recorded with a channel staff may record and a window from that day.
    assert (p.perbaikan_diberitahu is None) == (p.cara_pemberitahuan_perbaikan == "")


def test_pelapor_melihat_batas_melengkapi_hanya_setelah_diberi_tahu(libur_senin, staf, client):
    p, kode = minta_perbaikan(staf)
    with pada(jam(D(2026, 11, 27), 11)):
        client.post("/lacak/", {"aksi": "cari", "kode": kode})
        halaman = client.get("/lacak/")
        assert halaman.context["permintaan"] is not None and halaman.context["tenggat_perbaikan"] is None
        assert "Paling lambat" not in halaman.content.decode()  # the office's 1 day is not the reporter's
        triase.catat_pemberitahuan_perbaikan(
            pengaduan=p, oleh=staf, cara=CaraPemberitahuan.TELEPON, waktu=jam(D(2026, 11, 27), 10), versi=p.versi
        )
        halaman = client.get("/lacak/")
    assert halaman.context["tenggat_perbaikan"] == D(2026, 12, 3)
    assert "Paling lambat" in halaman.content.decode()
