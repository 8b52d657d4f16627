"""The socialization register: recording in the admin within one's region, photos through a
metadata-free thumbnail, and the public pages (list, event, calendar) that take only what they can
validate and never show the attendance list."""

import datetime
import io
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from netralitas.akun.models import Instansi, Peran
from sosialisasi import services
from sosialisasi.models import Foto, Kegiatan, Peserta, StatusThumbnail
from tests.factories import buat_peninjau, buat_staf, exif_gps, jpeg

pytestmark = pytest.mark.django_db

SEKARANG = timezone.now()


def _kegiatan(wilayah="35.07.13", judul="Sosialisasi netralitas ASN Kepanjen", hari=3, **kw):
    data = dict(
        jenis="sosialisasi",
        judul=judul,
        mulai=SEKARANG + datetime.timedelta(days=hari),
        wilayah_id=wilayah,
        tempat="Pendopo Kecamatan",
        penyelenggara="Bawaslu Kabupaten Malang",
        peserta_luring=120,
    )
    data.update(kw)
    return Kegiatan.objects.create(**data)


def _kosong(prefix):
    return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}


def _data_admin(**ubah):
    d = {
        "jenis": "sosialisasi",
        "judul": "Rapat koordinasi netralitas",
        "mulai_0": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
        "mulai_1": "09:00:00",
        "wilayah": "35.07.13",
        "tempat": "Aula",
        "moda": "luring",
        "penyelenggara": "Bawaslu Kabupaten Malang",
        "peserta_luring": "80",
        "peserta_daring": "0",
        "terbit": "on",
    }
    for prefix in ("narasumber", "penandatangan", "materi", "foto", "distribusi"):
        d.update(_kosong(prefix))
    d.update(ubah)
    return d


# --- Recording, scoped ------------------------------------------------------------------------------


def test_staf_mencatat_kegiatan_di_wilayahnya(client):
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    client.force_login(staf)
    data = _data_admin(
        **{
            "narasumber-TOTAL_FORMS": "1",
            "narasumber-0-nama": "Dr. Sri",
            "narasumber-0-lembaga": "BKN",
            "narasumber-0-urutan": "0",
        }
    )
    r = client.post(reverse("admin:sosialisasi_kegiatan_add"), data)
    assert r.status_code == 302, (
        r.context["adminform"].form.errors,
        [f.formset.errors for f in r.context["inline_admin_formsets"]],
    )
    k = Kegiatan.objects.get()
    assert (k.provinsi, k.kabkota, k.dibuat_oleh) == ("35", "35.07", staf)
    assert k.narasumber.get().lembaga == "BKN"


def test_kegiatan_di_luar_wilayah_ditolak_dengan_pesan(client):
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    r = client.post(reverse("admin:sosialisasi_kegiatan_add"), _data_admin(wilayah="35.73"))
    assert r.status_code == 200 and "di luar wilayah tugas Anda" in r.content.decode()
    assert "Rapat koordinasi netralitas" in r.content.decode()  # entries kept
    assert not Kegiatan.objects.exists()


def test_daring_tanpa_tautan_ditolak(client):
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    r = client.post(reverse("admin:sosialisasi_kegiatan_add"), _data_admin(moda="daring"))
    assert r.status_code == 200 and "memerlukan tautan daring" in r.content.decode()


def test_staf_wilayah_lain_dan_peninjau_tidak_melihat(client):
    k = _kegiatan()
    halaman = reverse("admin:sosialisasi_kegiatan_change", args=[k.pk])
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.73"))
    assert client.get(halaman).status_code == 404
    assert k.judul not in client.get(reverse("admin:sosialisasi_kegiatan_changelist")).content.decode()
    client.force_login(buat_peninjau(Instansi.objects.get(singkatan="BKN")))
    assert client.get(halaman).status_code == 404  # as a missing one: never 403
    client.force_login(buat_staf(Peran.PEMDA, "35.07"))
    assert client.get(halaman).status_code == 200
    client.force_login(buat_staf(Peran.BAWASLU_RI, None))
    assert client.get(halaman).status_code == 200


# --- Photos ---------------------------------------------------------------------------------------------


def test_foto_publik_adalah_thumbnail_tanpa_metadata(client, django_capture_on_commit_callbacks):
    k = _kegiatan()
    f = jpeg(1200, 900, exif=exif_gps())
    foto = Foto.objects.create(kegiatan=k, berkas=f, ekstensi=".jpg", keterangan="Peserta apel")
    with django_capture_on_commit_callbacks(execute=True):
        services.antrekan_thumbnail(foto)
    foto.refresh_from_db()
    assert foto.status_thumbnail == StatusThumbnail.SIAP
    r = client.get(reverse("sosialisasi:foto", args=[foto.pk]))
    data = b"".join(r.streaming_content)
    gambar = Image.open(io.BytesIO(data))
    assert max(gambar.size) == 640 and not gambar.getexif() and b"SERIAL-123456" not in data
    assert (
        reverse("sosialisasi:foto", args=[foto.pk])
        in client.get(reverse("sosialisasi:detail", args=[k.pk])).content.decode()
    )
    k.terbit = False
    k.save()
    assert client.get(reverse("sosialisasi:foto", args=[foto.pk])).status_code == 404


def test_foto_rusak_gagal_tanpa_500(client):
    k = _kegiatan()
    from django.core.files.uploadedfile import SimpleUploadedFile

    foto = Foto.objects.create(kegiatan=k, berkas=SimpleUploadedFile("x.jpg", b"bukan gambar"), ekstensi=".jpg")
    assert services.buat_thumbnail_foto(foto.pk) == StatusThumbnail.GAGAL
    assert client.get(reverse("sosialisasi:foto", args=[foto.pk])).status_code == 404


# --- Public pages -----------------------------------------------------------------------------------------


def test_daftar_akan_datang_dan_lalu_per_wilayah_dan_jenis(client):
    _kegiatan(judul="Apel Kepanjen", jenis="apel_ikrar")
    _kegiatan(judul="Sosialisasi Kota Malang", wilayah="35.73")
    _kegiatan(judul="Sosialisasi Bandung", wilayah="32.73")
    _kegiatan(judul="Deklarasi lampau", hari=-10, jenis="deklarasi")
    _kegiatan(judul="Draf tersembunyi", terbit=False)
    isi = client.get(reverse("sosialisasi:daftar")).content.decode()
    assert "Apel Kepanjen" in isi and "Sosialisasi Bandung" in isi
    assert "Deklarasi lampau" not in isi and "Draf tersembunyi" not in isi
    isi = client.get(reverse("sosialisasi:daftar"), {"provinsi": "35", "kabkota": "35.07"}).content.decode()
    assert "Apel Kepanjen" in isi and "Sosialisasi Kota Malang" not in isi and "Sosialisasi Bandung" not in isi
    isi = client.get(reverse("sosialisasi:daftar"), {"provinsi": "35"}).content.decode()
    assert "Sosialisasi Kota Malang" in isi and "Sosialisasi Bandung" not in isi
    isi = client.get(reverse("sosialisasi:daftar"), {"jenis": "apel_ikrar"}).content.decode()
    assert "Apel Kepanjen" in isi and "Sosialisasi Kota Malang" not in isi
    isi = client.get(reverse("sosialisasi:daftar"), {"waktu": "lalu"}).content.decode()
    assert "Deklarasi lampau" in isi and "Apel Kepanjen" not in isi


def test_daftar_berhalaman_dan_query_terbatas(client, django_assert_max_num_queries):
    for i in range(45):
        _kegiatan(judul=f"Kegiatan ke-{i:02d}", hari=1 + i)
    with django_assert_max_num_queries(6):
        r = client.get(reverse("sosialisasi:daftar"), {"provinsi": "35", "halaman": "3"})
    isi = r.content.decode()
    assert "Halaman 3 dari 3" in isi and "Kegiatan ke-44" in isi and "Kegiatan ke-00" not in isi


@pytest.mark.parametrize(
    "parameter",
    [
        {"provinsi": "99"},
        {"provinsi": "35", "kabkota": "32.73"},
        {"kabkota": "35.07"},
        {"jenis": "rapat<script>"},
        {"provinsi": "35' OR 1=1"},
        {"halaman": "-1"},
        {"halaman": "99999999999999999999"},
        {"acak": "x"},
    ],
)
def test_penyaring_buruk_tetap_200(client, parameter):
    _kegiatan(judul="Tetap tampil")
    r = client.get(reverse("sosialisasi:daftar"), parameter)
    assert r.status_code == 200 and "Tetap tampil" in r.content.decode()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.text(max_size=12), st.text(max_size=40), max_size=6))
def test_query_string_apa_pun_tidak_500(client, parameter):
    r = client.get(reverse("sosialisasi:daftar") + "?" + urlencode(parameter))
    assert r.status_code == 200


def test_halaman_kegiatan_tanpa_daftar_hadir(client):
    k = _kegiatan(jenis="deklarasi")
    k.narasumber.create(nama="Drs. Bambang", jabatan="Kepala Kantor Regional", lembaga="BKN")
    k.penandatangan.create(nama="Sekda Kabupaten Malang", jabatan="Sekretaris Daerah")
    Peserta.objects.create(kegiatan=k, nama="Peserta Rahasia", nip="198503152010011002", instansi="Dinas")
    isi = client.get(reverse("sosialisasi:detail", args=[k.pk])).content.decode()
    assert "Drs. Bambang" in isi and "Sekda Kabupaten Malang" in isi and "120 luring" in isi
    assert "198503152010011002" not in isi and "Peserta Rahasia" not in isi
    k.terbit = False
    k.save()
    assert client.get(reverse("sosialisasi:detail", args=[k.pk])).status_code == 404


def test_kalender_ical_per_wilayah(client):
    k = _kegiatan(judul="Sosialisasi; Kepanjen, Malang")
    _kegiatan(judul="Sosialisasi Bandung", wilayah="32.73")
    _kegiatan(judul="Sudah lewat", hari=-3)
    from icalendar import Calendar

    r = client.get(reverse("sosialisasi:kalender"), {"wilayah": "35.07"})
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(r.content)
    acara = [e for e in cal.walk("VEVENT")]
    assert [str(e["summary"]) for e in acara] == ["Sosialisasi; Kepanjen, Malang"]
    assert str(acara[0]["uid"]).startswith(str(k.uid)) and acara[0]["sequence"] == k.urutan_revisi
    assert client.get(reverse("sosialisasi:kalender"), {"wilayah": "99.99"}).status_code == 404
    assert len(Calendar.from_ical(client.get(reverse("sosialisasi:kalender")).content).walk("VEVENT")) == 2


def test_beranda_kegiatan_terdekat_di_provinsi_pilihan(client):
    _kegiatan(judul="Apel Kepanjen")
    _kegiatan(judul="Sosialisasi Bandung", wilayah="32.73")
    isi = client.get(reverse("beranda")).content.decode()
    assert "Apel Kepanjen" in isi and "Sosialisasi Bandung" in isi and reverse("pengaduan:lapor") in isi
    assert 'id="angka-utama"' in isi and "Laporan diterima" in isi
    r = client.get(reverse("beranda"), {"provinsi": "32"})
    assert "Sosialisasi Bandung" in r.content.decode() and "Apel Kepanjen" not in r.content.decode()
    assert r.cookies["wilayah_pilihan"].value == "32"
    isi = client.get(reverse("beranda")).content.decode()  # the choice is remembered
    assert "Apel Kepanjen" not in isi
    r = client.get(reverse("beranda"), {"provinsi": "<x>"})
    assert r.status_code == 200 and "Provinsi tidak dikenali" in r.content.decode()
    assert "Apel Kepanjen" in r.content.decode()


def test_impor_daftar_hadir_dari_admin(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    k = _kegiatan()
    halaman = reverse("admin:sosialisasi_kegiatan_impor_peserta", args=[k.pk])
    csv = "nama;NIP;jabatan;instansi\r\nSutrisno Pranoto, S.Pd.;198503152010011002;Guru;Dinas Pendidikan\r\n"
    csv += "Tanggal Salah;198513152010011002;Staf;Dinas\r\n;;;\r\nSutrisno Pranoto, S.Pd.;198503152010011002;Guru;Dinas Pendidikan\r\n"
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.73"))
    assert client.get(halaman).status_code == 404  # another region's event
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    r = client.post(halaman, {"berkas": SimpleUploadedFile("hadir.csv", csv.encode("cp1252"))})
    isi = r.content.decode()
    assert r.status_code == 200 and "1 ditambahkan" in isi and "2 baris dilewati" in isi
    assert "<td>3</td>" in isi and "<td>5</td>" in isi  # the bad date and the duplicate, by line
    r = client.post(halaman, {"berkas": SimpleUploadedFile("hadir.csv", csv.encode("cp1252"))})
    assert "0 ditambahkan" in r.content.decode() and "1 sudah tercatat" in r.content.decode()
    r = client.post(halaman, {"berkas": SimpleUploadedFile("hadir.xlsx", b"\x89PNG\r\n\x1a\n" + b"0" * 100)})
    assert r.status_code == 400
    assert Peserta.objects.filter(kegiatan=k).count() == 1


def test_halaman_publik_dari_cache_dan_segar_setelah_diubah(client, django_assert_max_num_queries):
    k = _kegiatan(judul="Judul lama")
    assert "Judul lama" in client.get(reverse("sosialisasi:daftar")).content.decode()
    with django_assert_max_num_queries(0):
        assert "Judul lama" in client.get(reverse("sosialisasi:daftar")).content.decode()
    k.judul = "Judul baru"
    k.save()  # raises the version: the next request renders afresh
    assert "Judul baru" in client.get(reverse("sosialisasi:daftar")).content.decode()
    assert "Judul baru" in client.get(reverse("sosialisasi:detail", args=[k.pk])).content.decode()
    # A bad filter's message is the visitor's own, never stored for the next one.
    r = client.get(reverse("sosialisasi:daftar"), {"provinsi": "99"})
    assert "tidak dikenali" in r.content.decode() and "private" in r["Cache-Control"]
    r = client.get(reverse("sosialisasi:daftar"))
    assert "tidak dikenali" not in r.content.decode() and "public" in r["Cache-Control"]
