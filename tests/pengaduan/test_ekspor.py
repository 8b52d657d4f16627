"""Export of the admin case list: each role gets only its scope, the reporter's identity only where
allowed, no live formula in CSV or XLSX, the list's filters reapplied, large lists built by a task
and downloaded by their owner alone, every export in the audit log."""

import csv
import datetime
import io
import json
from urllib.parse import urlencode

import pytest
from django.contrib import admin as django_admin
from django.contrib import messages
from django.contrib.admin import AdminSite
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from openpyxl import load_workbook

from netralitas import urls as urls_proyek
from netralitas.akun.models import Peran
from netralitas.audit.models import Aksi, LogAudit
from pengaduan.ekspor import services as ekspor
from pengaduan.ekspor.admin import EksporAdminMixin
from pengaduan.models import Ekspor, Pengaduan, StatusEkspor, TingkatKantor
from pengaduan.selectors import boleh_lihat_identitas, pengaduan_visible_to
from pengaduan.triase import services as triase
from pengaduan.triase.admin import PengaduanAdmin
from tests.factories import (
    NIK_SAH,
    NIP_PNS_SAH,
    UserFactory,
    bawa_ke_status,
    buat_pengaduan,
    buat_pengaduan_pada,
    buat_staf,
    limpahkan_ke,
    pada,
)


def _situs_uji():
    """The project's admin with the export mixin on PengaduanAdmin, until admin.py carries it."""
    if issubclass(PengaduanAdmin, EksporAdminMixin):
        return django_admin.site
    situs = AdminSite(name="admin")
    for model, model_admin in django_admin.site._registry.items():
        kelas = type(model_admin)
        if model is Pengaduan:
            kelas = type("PengaduanEksporAdmin", (EksporAdminMixin, kelas), {})
        situs.register(model, kelas)
    return situs


SITUS = _situs_uji()
urlpatterns = [
    path("admin/", SITUS.urls),
    *(p for p in urls_proyek.urlpatterns if str(p.pattern) != "admin/"),
]
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture(autouse=True)
def _penyimpanan_sementara(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }


def url_ekspor():
    return reverse("admin:pengaduan_pengaduan_ekspor")


def url_unduh(e):
    return reverse("admin:pengaduan_ekspor_unduh", args=[e.pk])


def minta(client, parameter="", format="csv", identitas=False):
    data = {"format": format, "parameter": parameter}
    if identitas:
        data["dengan_identitas"] = "1"
    return client.post(url_ekspor(), data)


def baris_csv(isi: bytes) -> list[dict]:
    assert isi.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(isi.decode("utf-8-sig"))))


def baris_xlsx(isi: bytes) -> list[dict]:
    ws = load_workbook(io.BytesIO(isi)).active
    rows = list(ws.iter_rows())
    kepala = [c.value for c in rows[0]]
    return [dict(zip(kepala, (c.value for c in r), strict=True)) for r in rows[1:]]


def sel_xlsx(isi: bytes):
    ws = load_workbook(io.BytesIO(isi)).active
    return [c for r in ws.iter_rows() for c in r]


def nomor(baris) -> set[int]:
    return {int(b["Nomor"]) for b in baris}


@pytest.fixture
def kasus():
    """Cases in five handling offices: three kinds of reporter in Kabupaten Malang, one at the
    Panwascam of Kepanjen, one in Kota Malang, one in Kota Bandung."""
    k = {
        "malang": buat_pengaduan(wilayah="35.07.13.1007")[0],
        "malang_rahasia": buat_pengaduan(wilayah="35.07.13.1007", rahasia=True)[0],
        "malang_anonim": buat_pengaduan(wilayah="35.07.13.1007", sumber="informasi_awal")[0],
        "kepanjen": buat_pengaduan(wilayah="35.07.13.1009")[0],
        "kota_malang": buat_pengaduan(wilayah="35.73.01.1001")[0],
        "bandung": buat_pengaduan(wilayah="32.73.01.1001")[0],
    }
    # The kabupaten office hands the Kepanjen case to the Panwascam, as staff do: it is dilimpahkan.
    limpahkan_ke(k["kepanjen"], TingkatKantor.PANWASCAM, "35.07.13")
    return k


def pk(kasus, *nama):
    return {kasus[n].pk for n in nama}


JATIM = ("malang", "malang_rahasia", "malang_anonim", "kepanjen", "kota_malang")

# --- Scope per role ------------------------------------------------------------------------------

CAKUPAN = [
    (Peran.BAWASLU_KABKOTA, "35.07", ("malang", "malang_rahasia", "malang_anonim", "kepanjen")),
    (Peran.BAWASLU_KABKOTA, "35.73", ("kota_malang",)),
    (Peran.BAWASLU_KABKOTA, "32.73", ("bandung",)),
    (Peran.BAWASLU_PROVINSI, "35", JATIM),
    (Peran.BAWASLU_PROVINSI, "32", ("bandung",)),
    (Peran.BAWASLU_RI, None, (*JATIM, "bandung")),
]


@pytest.mark.parametrize("peran,wilayah,terlihat", CAKUPAN)
def test_ekspor_hanya_berisi_kasus_dalam_cakupan_pengguna(client, kasus, peran, wilayah, terlihat):
    user = buat_staf(peran, wilayah)
    client.force_login(user)
    r = minta(client)
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith("attachment")
    assert r["X-Content-Type-Options"] == "nosniff" and "no-store" in r["Cache-Control"]
    assert nomor(baris_csv(r.content)) == pk(kasus, *terlihat)
    assert nomor(baris_csv(r.content)) == set(pengaduan_visible_to(user).values_list("pk", flat=True))


def test_panwascam_dengan_izin_ekspor_hanya_mendapat_kasus_yang_dilihatnya(client, kasus):
    """Its office's case and those that took place in Kepanjen (handled by the kabupaten): the
    export reads the one visibility rule, as the list does."""
    user = buat_staf(Peran.PANWASCAM, "35.07.13")
    assert minta(Client(), "").status_code == 302  # not logged in: to the login page
    client.force_login(user)
    assert minta(client).status_code == 403  # the Panwascam group does not hold the permission
    user.user_permissions.add(Permission.objects.get(codename="ekspor_pengaduan"))
    diekspor = nomor(baris_csv(minta(client).content))
    assert diekspor == pk(kasus, "kepanjen", "malang", "malang_rahasia", "malang_anonim")
    assert diekspor == set(pengaduan_visible_to(user).values_list("pk", flat=True))


def test_superuser_mengekspor_semua_kasus(client, kasus):
    client.force_login(UserFactory(is_superuser=True))
    assert nomor(baris_csv(minta(client).content)) == pk(kasus, *JATIM, "bandung")


@pytest.mark.parametrize(
    "peran,wilayah",
    [
        (Peran.PENINJAU, "35.07"),
        (Peran.PEMDA, "35.07"),
        (Peran.ADMINISTRATOR, None),
        (Peran.PANWASCAM, "35.07.13"),
    ],
)
def test_peran_tanpa_izin_ekspor_ditolak_dan_tidak_melihat_formulir(client, kasus, peran, wilayah):
    client.force_login(buat_staf(peran, wilayah))
    assert minta(client).status_code in (403, 404)
    daftar = client.get(reverse("admin:pengaduan_pengaduan_changelist"))
    assert b'id="form-ekspor"' not in daftar.content
    assert not LogAudit.objects.exists()


def test_formulir_ekspor_di_daftar_kasus_membawa_filter_yang_berlaku(client, kasus):
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    halaman = client.get(reverse("admin:pengaduan_pengaduan_changelist"), {"status__exact": "diajukan"}).content
    assert b'id="form-ekspor"' in halaman
    assert b'name="dengan_identitas"' in halaman
    assert b'name="parameter" value="status__exact=diajukan"' in halaman
    assert url_ekspor().encode() in halaman


def test_ekspor_hanya_lewat_post_dengan_token_csrf(kasus):
    c = Client(enforce_csrf_checks=True)
    c.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    assert c.get(url_ekspor()).status_code == 405
    assert minta(c).status_code == 403
    assert not LogAudit.objects.exists()


# --- Identity ------------------------------------------------------------------------------------


def test_identitas_hanya_ada_bila_diminta(client, kasus):
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    r = minta(client)
    assert NIK_SAH.encode() not in r.content
    assert "NIK pelapor" not in baris_csv(r.content)[0]


def test_identitas_rahasia_disembunyikan_tanpa_izin_khusus(client, kasus):
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    baris = {int(b["Nomor"]): b for b in baris_csv(minta(client, identitas=True).content)}
    assert baris[kasus["malang"].pk]["NIK pelapor"] == NIK_SAH
    assert baris[kasus["malang"].pk]["Nama pelapor"] == "Warga Uji"
    assert baris[kasus["malang_rahasia"].pk]["NIK pelapor"] == ekspor.DIRAHASIAKAN
    assert baris[kasus["malang_rahasia"].pk]["Telepon pelapor"] == ekspor.DIRAHASIAKAN
    assert baris[kasus["malang_anonim"].pk]["NIK pelapor"] == ekspor.TANPA_IDENTITAS


def test_identitas_rahasia_tampil_bagi_pemegang_izin(client, kasus):
    client.force_login(buat_staf(Peran.BAWASLU_PROVINSI, "35"))  # the group holds the permission
    baris = {int(b["Nomor"]): b for b in baris_xlsx(minta(client, format="xlsx", identitas=True).content)}
    assert baris[kasus["malang_rahasia"].pk]["NIK pelapor"] == NIK_SAH
    assert baris[kasus["malang_anonim"].pk]["NIK pelapor"] == ekspor.TANPA_IDENTITAS


@pytest.mark.parametrize(
    "peran,wilayah", [(Peran.BAWASLU_KABKOTA, "35.07"), (Peran.BAWASLU_PROVINSI, "35"), (Peran.BAWASLU_RI, None)]
)
def test_identitas_di_ekspor_sama_dengan_aturan_boleh_lihat_identitas(client, kasus, peran, wilayah):
    user = buat_staf(peran, wilayah)
    client.force_login(user)
    for b in baris_csv(minta(client, identitas=True).content):
        p = Pengaduan.objects.get(pk=b["Nomor"])
        assert (b["NIK pelapor"] == NIK_SAH) == boleh_lihat_identitas(user, p)


def test_peninjau_tidak_pernah_mendapat_kolom_identitas(kasus):
    peninjau = buat_staf(Peran.PENINJAU, "35.07")
    assert ekspor.izin_identitas(peninjau) == ekspor.IzinIdentitas(False, False)
    resource = ekspor.PengaduanResource(user=peninjau, dengan_identitas=True)
    assert not resource.dengan_identitas
    assert "NIK pelapor" not in resource.get_export_headers()


# --- Formula injection ---------------------------------------------------------------------------

BERBAHAYA = ['=HYPERLINK("http://x","klik")', "@SUM(1+1)", "-2+3", "+1+1", "\t=1+1", "\r=1+1", " =1+1"]


@pytest.fixture
def kasus_berbahaya():
    return {
        nama: buat_pengaduan(
            terlapor=[{"nama": nama, "nip": "", "jabatan": "", "instansi_teks": "Dinas", "jenis_asn": "pns"}],
        )[0].pk
        for nama in BERBAHAYA
    }


@pytest.mark.parametrize("nilai", BERBAHAYA)
def test_awalan_formula_dinetralkan_dengan_tanda_kutip(nilai):
    assert ekspor.netralkan(nilai) == "'" + nilai


@pytest.mark.parametrize("nilai", ["Budi", "Drs. Bambang", "35.07", "", "'=sudah", 12, None])
def test_teks_biasa_tidak_diubah(nilai):
    assert ekspor.netralkan(nilai) == nilai


def test_ekspor_csv_menetralkan_formula(client, kasus_berbahaya):
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    baris = {int(b["Nomor"]): b for b in baris_csv(minta(client).content)}
    for nama, p in kasus_berbahaya.items():
        assert baris[p]["Terlapor (nama, NIP)"] == "'" + nama


def test_ekspor_xlsx_tidak_berisi_formula(client, kasus_berbahaya):
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    isi = minta(client, format="xlsx").content
    assert all(c.data_type != "f" for c in sel_xlsx(isi))
    baris = {b["Nomor"]: b for b in baris_xlsx(isi)}
    for nama, p in kasus_berbahaya.items():
        # Depending on the XML parser (lxml, which pikepdf brings, or the standard library) a
        # carriage return reads back as itself or as a line feed; the quote in front is what matters.
        assert baris[p]["Terlapor (nama, NIP)"].replace("\r", "\n") == "'" + nama.replace("\r", "\n")


def test_identitas_pelapor_berbahaya_juga_dinetralkan(client):
    buat_pengaduan(
        pelapor={
            "nama": "=cmd|'/c calc'!A1",
            "nik": NIK_SAH,
            "alamat": "-1",
            "telepon": "081234567890",
            "email": "",
            "rahasia": False,
        }
    )
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    [b] = baris_xlsx(minta(client, format="xlsx", identitas=True).content)
    assert b["Nama pelapor"] == "'=cmd|'/c calc'!A1"
    assert b["Alamat pelapor"] == "'-1"


def test_karakter_kendali_yang_dibuang_xlsx_tidak_menghidupkan_formula():
    assert ekspor._sel_xlsx("\x01=1+1") == "'=1+1"


def test_resource_juga_aman_lewat_ekspor_tablib_bawaan(kasus_berbahaya):
    user = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    dataset = ekspor.PengaduanResource(user=user).export(queryset=pengaduan_visible_to(user))
    assert "'=HYPERLINK" in dataset.csv
    assert ",=HYPERLINK" not in dataset.csv and ',"=HYPERLINK' not in dataset.csv


# --- Columns -------------------------------------------------------------------------------------


def test_kolom_berjudul_bahasa_indonesia_dan_berisi_label(client):
    petugas = buat_staf(Peran.BAWASLU_KABKOTA, "35.07", first_name="Sari", last_name="Petugas")
    # Received on 5 June 2026 at 14.30 WIB, about something known since 20 May: past the pilkada
    # reporting limit of 7 calendar days (so "terlambat"), and due 2 calendar days later for kajian awal.
    p, _ = buat_pengaduan_pada(
        datetime.datetime(2026, 6, 5, 7, 30, tzinfo=datetime.UTC),
        tanggal_kejadian=datetime.date(2026, 5, 19),
        tanggal_diketahui=datetime.date(2026, 5, 20),
    )
    triase.tugaskan(pengaduan=p, kepada=petugas, oleh=petugas)
    client.force_login(petugas)
    [b] = baris_csv(minta(client).content)
    assert list(b)[:3] == ["Nomor", "Nomor registrasi", "Diterima (WIB)"]
    assert b["Diterima (WIB)"] == "05/06/2026 14.30"
    assert b["Status"] == "Diajukan"
    assert b["Sumber"] == "Laporan (pelapor beridentitas)"
    assert b["Jenis pemilihan"] == "Pilkada"
    assert b["Wilayah kejadian"] == "Kel. Penarukan"
    assert b["Kode wilayah kejadian"] == "35.07.13.1007"
    assert b["Kantor penanganan"] == "Bawaslu Kabupaten/Kota — Kabupaten Malang"
    assert b["Tenggat"] == "07/06/2026"
    assert b["Terlambat dilaporkan"] == "Ya"
    assert b["Terlapor (nama, NIP)"] == f"Pejabat Uji (NIP {NIP_PNS_SAH})"
    assert b["Ditugaskan kepada"] == "Sari Petugas"


# --- Filters, search, hostile query strings ------------------------------------------------------


def test_ekspor_menerapkan_ulang_filter_status(client, kasus):
    assert "status" in PengaduanAdmin.list_filter
    bawa_ke_status(kasus["malang"], "kajian_awal")
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    r = minta(client, "status__exact=kajian_awal&p=3&e=1&_popup=1&_to_field=kode")
    assert nomor(baris_csv(r.content)) == pk(kasus, "malang")


def test_ekspor_menerapkan_ulang_pencarian_dan_urutan(client, kasus):
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    assert nomor(baris_csv(minta(client, f"q={kasus['kepanjen'].pk}").content)) == pk(kasus, "kepanjen")
    # Another region's case number finds nothing: the search runs inside the scope.
    assert nomor(baris_csv(minta(client, f"q={kasus['bandung'].pk}").content)) == set()
    naik = [int(b["Nomor"]) for b in baris_csv(minta(client, "o=1").content)]
    turun = [int(b["Nomor"]) for b in baris_csv(minta(client, "o=-1").content)]
    assert naik == list(reversed(turun))


def test_filter_tidak_sah_kembali_ke_daftar_dengan_pesan(client, kasus):
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    r = minta(client, "terlambat__exact=bukan-boolean")
    assert r.status_code == 302
    assert not LogAudit.objects.exists()


def test_pesan_dari_filter_dan_pencarian_diteruskan_ke_pengguna(client, kasus, monkeypatch):
    def cari(request, queryset, search_term):
        messages.info(request, f"Pencarian “{search_term}” dipersempit.")
        return queryset.none(), False

    monkeypatch.setattr(SITUS.get_model_admin(Pengaduan), "get_search_results", cari)
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    r = minta(client, "q=ab")
    assert baris_csv(r.content) == []
    assert [str(m) for m in r.wsgi_request._messages] == ["Pencarian “ab” dipersempit."]


NAMA_PARAMETER = [
    "status__exact",
    "sumber__exact",
    "jenis_pemilihan__exact",
    "kategori__kode__exact",
    "terlambat__exact",
    "tenggat",
    "tugas",
    "kantor",
    "q",
    "o",
    "p",
    "e",
    "all",
    "_popup",
    "_to_field",
    "_facets",
    "id__gt",
    "pelapor__nik",
    "kantor_wilayah__kode__startswith",
]
NILAI = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["\x00", "35.07", "-1", "9" * 40, "1.2.x", "'; DROP TABLE x;--", "kajian_awal", "#1", "ABCD"]),
)


@hsettings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    parameter=st.lists(st.tuples(st.one_of(st.sampled_from(NAMA_PARAMETER), st.text(max_size=20)), NILAI), max_size=5),
    format=st.sampled_from(["csv", "xlsx", "pdf", ""]),
)
def test_query_string_sembarang_tidak_pernah_500(client, staf_kabupaten, parameter, format):
    client.force_login(staf_kabupaten)
    r = minta(client, urlencode(parameter), format=format)
    assert r.status_code in (200, 302, 400)


@pytest.fixture
def staf_kabupaten(kasus):
    return buat_staf(Peran.BAWASLU_KABKOTA, "35.07")


# --- Large lists: the task, the download ---------------------------------------------------------


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_daftar_besar_dibuat_tugas_dan_hanya_pemiliknya_yang_mengunduh(
    client, kasus, settings, django_capture_on_commit_callbacks, format
):
    settings.EKSPOR_LANGSUNG_MAKS = 2
    pemilik = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    client.force_login(pemilik)
    with django_capture_on_commit_callbacks(execute=True):
        r = minta(client, "status__exact=diajukan", format=format, identitas=True)
    assert r.status_code == 302
    assert r["Location"].endswith("?status__exact=diajukan")
    pesan = [str(m) for m in r.wsgi_request._messages]
    assert any("sedang dibuat" in m and "Ekspor saya" in m for m in pesan)

    e = Ekspor.objects.get()
    # The filter holds: the Kepanjen case, handed over (dilimpahkan), is in scope but not diajukan.
    assert (e.pengguna, e.status, e.jumlah_baris, e.dengan_identitas) == (pemilik, StatusEkspor.SELESAI, 3, True)
    assert e.selesai_pada is not None and e.berkas.name.endswith(f".{format}")

    daftar = client.get(reverse("admin:pengaduan_ekspor_changelist"))
    assert url_unduh(e).encode() in daftar.content
    r = client.get(url_unduh(e))
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith("attachment")
    assert r["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in r["Cache-Control"]
    isi = b"".join(r.streaming_content)
    baris = baris_csv(isi) if format == "csv" else baris_xlsx(isi)
    assert nomor(baris) == pk(kasus, "malang", "malang_rahasia", "malang_anonim")

    for lain in (
        buat_staf(Peran.BAWASLU_KABKOTA, "35.07"),
        buat_staf(Peran.BAWASLU_RI, None),
        UserFactory(is_superuser=True),
    ):
        client.force_login(lain)
        assert client.get(url_unduh(e)).status_code == 404
        assert url_unduh(e).encode() not in client.get(reverse("admin:pengaduan_ekspor_changelist")).content
    assert Client().get(url_unduh(e)).status_code == 302


def test_berkas_ekspor_yang_hilang_404(client, kasus, settings, django_capture_on_commit_callbacks):
    settings.EKSPOR_LANGSUNG_MAKS = 2
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    with django_capture_on_commit_callbacks(execute=True):
        minta(client)
    e = Ekspor.objects.get()
    e.berkas.storage.delete(e.berkas.name)
    assert client.get(url_unduh(e)).status_code == 404


def test_broker_mati_ekspor_tetap_menunggu_dan_permintaan_tidak_gagal(
    client, kasus, settings, broker_mati, django_capture_on_commit_callbacks
):
    settings.EKSPOR_LANGSUNG_MAKS = 2
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    with django_capture_on_commit_callbacks(execute=True):
        r = minta(client)
    assert r.status_code == 302
    e = Ekspor.objects.get()
    assert e.status == StatusEkspor.MENUNGGU and not e.berkas
    assert not LogAudit.objects.exists()
    assert client.get(url_unduh(e)).status_code == 404


def test_ekspor_tertunda_diantrekan_ulang_setelah_broker_pulih(
    client, kasus, settings, django_capture_on_commit_callbacks
):
    settings.EKSPOR_LANGSUNG_MAKS = 2
    user = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    e = Ekspor.objects.create(pengguna=user, format="csv", parameter="")
    assert ekspor.antrekan_ulang_ekspor_tertunda() == 0  # fresh: a worker may be on it
    # Three hours later it still waits: the broker lost it, the beat job enqueues it again.
    with pada(timezone.now() + datetime.timedelta(hours=3)), django_capture_on_commit_callbacks(execute=True):
        assert ekspor.antrekan_ulang_ekspor_tertunda() == 1
    e.refresh_from_db()
    assert (e.status, e.jumlah_baris) == (StatusEkspor.SELESAI, 4)


def test_antrean_ekspor_per_pengguna_dibatasi(client, kasus, settings, broker_mati, django_capture_on_commit_callbacks):
    settings.EKSPOR_LANGSUNG_MAKS = 2
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    for _ in range(ekspor.ANTREAN_MAKS_PER_PENGGUNA + 1):
        with django_capture_on_commit_callbacks(execute=True):
            assert minta(client).status_code == 302
    assert Ekspor.objects.count() == ekspor.ANTREAN_MAKS_PER_PENGGUNA


def test_tugas_yang_gagal_menandai_ekspor_gagal_tanpa_berkas(monkeypatch, kasus):
    user = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    e = Ekspor.objects.create(pengguna=user, format="csv", parameter="")

    def rusak(*args, **kwargs):
        raise OSError("disk penuh")

    monkeypatch.setitem(ekspor.PENULIS, "csv", rusak)
    assert ekspor.buat_berkas_ekspor(e.pk) is None
    e.refresh_from_db()
    assert e.status == StatusEkspor.GAGAL and "OSError" in e.galat and not e.berkas
    assert not LogAudit.objects.exists()


def test_tugas_menolak_pengguna_yang_kehilangan_izin(kasus):
    user = buat_staf(Peran.PANWASCAM, "35.07.13")
    e = Ekspor.objects.create(pengguna=user, format="csv", parameter="")
    ekspor.buat_berkas_ekspor(e.pk)
    e.refresh_from_db()
    assert e.status == StatusEkspor.GAGAL and "tidak lagi berwenang" in e.galat


def test_tugas_yang_terkirim_dua_kali_tidak_membuat_ulang(kasus):
    user = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    e = Ekspor.objects.create(pengguna=user, format="csv", parameter="")
    nama = ekspor.buat_berkas_ekspor(e.pk)
    assert nama and ekspor.buat_berkas_ekspor(e.pk) is None
    assert LogAudit.objects.count() == 1


# --- Audit ---------------------------------------------------------------------------------------


def test_ekspor_langsung_tercatat_di_log_audit(client, kasus):
    user = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    client.force_login(user)
    minta(client, "status__exact=diajukan&p=2", format="xlsx", identitas=True)
    log = LogAudit.objects.get()
    assert (log.aktor, log.aksi, log.pengaduan) == (user, Aksi.EKSPOR, None)
    k = json.loads(log.keterangan)
    assert k == {
        "format": "xlsx",
        "parameter": "status__exact=diajukan",
        # Kepanjen's case is dilimpahkan (handed over), so the diajukan filter leaves it out.
        "jumlah_baris": 3,
        "dengan_identitas": True,
        "baris_beridentitas": 1,  # the non-confidential laporan; not the confidential, not the tip
        "cara": "langsung",
    }


def test_ekspor_oleh_tugas_tercatat_di_log_audit(client, kasus, settings, django_capture_on_commit_callbacks):
    settings.EKSPOR_LANGSUNG_MAKS = 2
    user = buat_staf(Peran.BAWASLU_PROVINSI, "35")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        minta(client, identitas=False)
    log = LogAudit.objects.get()
    k = json.loads(log.keterangan)
    assert (log.aktor, log.aksi) == (user, Aksi.EKSPOR)
    assert (k["cara"], k["jumlah_baris"], k["dengan_identitas"], k["format"]) == ("tugas", 5, False, "csv")
    assert k["ekspor_id"] == Ekspor.objects.get().pk


# --- Queries -------------------------------------------------------------------------------------


def _jumlah_kueri(client, **kwargs):
    with CaptureQueriesContext(connection) as q:
        r = minta(client, **kwargs)
    assert r.status_code == 200
    hitung = [x["sql"].upper() for x in q.captured_queries if "COUNT(" in x["sql"].upper()]
    assert len(hitung) == 1 and "LIMIT" in hitung[0], "only the capped count runs, never a full COUNT(*)"
    return len(q.captured_queries)


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_jumlah_kueri_ekspor_tidak_bergantung_pada_jumlah_baris(client, django_assert_max_num_queries, format):
    for _ in range(3):
        buat_pengaduan()
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    _jumlah_kueri(client, format=format, identitas=True)  # the permission cache filled once
    with django_assert_max_num_queries(20):
        sedikit = _jumlah_kueri(client, format=format, identitas=True)
    for _ in range(12):
        buat_pengaduan(rahasia=True)
    assert _jumlah_kueri(client, format=format, identitas=True) == sedikit


def test_jumlah_kueri_tugas_ekspor_tidak_bergantung_pada_jumlah_baris():
    user = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")

    def jalankan():
        e = Ekspor.objects.create(pengguna=user, format="xlsx", parameter="", dengan_identitas=True)
        with CaptureQueriesContext(connection) as q:
            ekspor.buat_berkas_ekspor(e.pk)
        e.refresh_from_db()
        assert e.status == StatusEkspor.SELESAI
        return len(q.captured_queries)

    buat_pengaduan()
    jalankan()  # the permission cache filled once
    sedikit = jalankan()
    for _ in range(12):
        buat_pengaduan()
    assert jalankan() == sedikit


# --- Behind pgbouncer in transaction mode ----------------------------------------------------------


@pytest.fixture
def kursor_sisi_server_gagal(monkeypatch):
    """What pgbouncer in transaction mode does to a server-side cursor: the next statement runs on
    another server connection, where the cursor iterator() declared does not exist. Simulated on
    this connection by failing every named cursor; returns the names asked for."""
    from django.db.utils import OperationalError

    diminta = []
    asli = connection.create_cursor

    def buat(name=None):
        if name:
            diminta.append(name)
            raise OperationalError(f'cursor "{name}" does not exist')
        return asli(name)

    monkeypatch.setattr(connection, "create_cursor", buat)
    return diminta


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_ekspor_lebih_dari_satu_potongan_tanpa_kursor_sisi_server(
    client, kursor_sisi_server_gagal, monkeypatch, format
):
    """DISABLE_SERVER_SIDE_CURSORS (settings: from the environment) makes iterator() read each chunk
    with a plain cursor: the export of more than one chunk works behind pgbouncer. On PostgreSQL
    the same export without the setting fails as it did in production (on SQLite, Django never
    opens a server-side cursor)."""
    monkeypatch.setattr(ekspor.PengaduanResource._meta, "chunk_size", 3)
    pemilik = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    kasus = {buat_pengaduan(wilayah="35.07.13.1007")[0].pk for _ in range(7)}

    def ekspor_sekarang():
        e = Ekspor.objects.create(pengguna=pemilik, format=format, parameter="", dengan_identitas=False)
        ekspor.buat_berkas_ekspor(e.pk)
        e.refresh_from_db()
        return e

    if connection.vendor == "postgresql":
        monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", False)
        assert ekspor_sekarang().status == StatusEkspor.GAGAL
        assert kursor_sisi_server_gagal, "without the setting iterator() declares a server-side cursor"
        kursor_sisi_server_gagal.clear()

    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    e = ekspor_sekarang()
    assert (e.status, e.jumlah_baris) == (StatusEkspor.SELESAI, 7)
    assert kursor_sisi_server_gagal == []
    client.force_login(pemilik)
    isi = b"".join(client.get(url_unduh(e)).streaming_content)
    assert nomor(baris_csv(isi) if format == "csv" else baris_xlsx(isi)) == kasus
