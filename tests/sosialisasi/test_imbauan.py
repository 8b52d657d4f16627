"""The imbauan register: letters, social-media posts and distributions per desa, recorded by Bawaslu
and pemda staff on their own (not inside an event), each within the recorder's region; a CSV of
distributions imported with bad lines named; the public region page of /sosialisasi/ listing them."""

import datetime
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netralitas.akun.models import Instansi, Peran
from sosialisasi.impor_distribusi import impor_distribusi
from sosialisasi.models import DistribusiBahan, SuratImbauan, UnggahanMedsos
from tests.factories import PDF_MINIMAL, buat_peninjau, buat_staf, pdf

pytestmark = pytest.mark.django_db

DESA_KEMIRI = "35.07.13.2001"  # Kabupaten Malang, Kecamatan Kepanjen
DESA_TERNYANG = "35.07.12.2001"  # Kabupaten Malang, Kecamatan Sumberpucung
DESA_BONDOWOSO = "35.11.01.2001"  # Kabupaten Bondowoso
HARI_INI = timezone.localdate()
KEMARIN = HARI_INI - datetime.timedelta(days=1)


def _surat(wilayah="35.07", nomor="001/PM.00/K.JI-16/XII/2026", **kw):
    data = dict(nomor=nomor, tanggal=KEMARIN, wilayah_id=wilayah, penerima_lain="Seluruh kepala OPD")
    data.update(kw)
    s = SuratImbauan(**data)
    s.berkas.save("s.pdf", pdf(), save=False)
    s.save()
    return s


def _unggahan(wilayah="35.07", **kw):
    data = dict(platform="instagram", tautan="https://instagram.com/p/abc", tanggal=KEMARIN, wilayah_id=wilayah)
    data.update(kw)
    return UnggahanMedsos.objects.create(**data)


def _distribusi(desa=DESA_KEMIRI, **kw):
    data = dict(desa_id=desa, jenis="brosur", jumlah=250, tanggal=KEMARIN, tempat="Balai desa")
    data.update(kw)
    return DistribusiBahan.objects.create(**data)


# --- scope: every role and region, every admin URL -----------------------------------------------------

MODEL = {"suratimbauan": _surat, "unggahanmedsos": _unggahan, "distribusibahan": _distribusi}


def _urls(model, pk):
    return [
        reverse(f"admin:sosialisasi_{model}_change", args=[pk]),
        reverse(f"admin:sosialisasi_{model}_history", args=[pk]),
        reverse(f"admin:sosialisasi_{model}_delete", args=[pk]),
        f"/admin/sosialisasi/{model}/{pk}/",
    ]


@pytest.mark.parametrize("model", list(MODEL))
def test_setiap_url_admin_404_untuk_wilayah_lain(client, model):
    buat = MODEL[model]
    if model == "distribusibahan":
        malang, bondowoso = buat(DESA_KEMIRI), buat(DESA_BONDOWOSO)
        ternyang = buat(DESA_TERNYANG)
    else:
        malang, bondowoso = buat("35.07.13"), buat("35.11")
        ternyang = buat("35.07.12")
    pengguna = {
        "bawaslu_malang": (buat_staf(Peran.BAWASLU_KABKOTA, "35.07"), {malang, ternyang}),
        "pemda_malang": (buat_staf(Peran.PEMDA, "35.07"), {malang, ternyang}),
        "panwascam_kepanjen": (buat_staf(Peran.PANWASCAM, "35.07.13"), {malang}),
        "pemda_bondowoso": (buat_staf(Peran.PEMDA, "35.11"), {bondowoso}),
        "bawaslu_jatim": (buat_staf(Peran.BAWASLU_PROVINSI, "35"), {malang, ternyang, bondowoso}),
        "bawaslu_ri": (buat_staf(Peran.BAWASLU_RI, None), {malang, ternyang, bondowoso}),
        "peninjau": (buat_peninjau(Instansi.objects.get(singkatan="BKN")), set()),
    }
    for nama, (user, terlihat) in pengguna.items():
        client.force_login(user)
        for obj in (malang, ternyang, bondowoso):
            for url in _urls(model, obj.pk):
                r = client.get(url)
                if obj in terlihat:
                    assert r.status_code in (200, 302), (nama, url, r.status_code)
                else:
                    assert r.status_code in (403, 404), (nama, url, r.status_code)
                    if user.is_staff and nama != "peninjau":
                        assert r.status_code == 404, (nama, url, r.status_code)
        daftar = client.get(reverse(f"admin:sosialisasi_{model}_changelist"))
        if terlihat:
            assert daftar.status_code == 200
            tampil = {o.pk for o in daftar.context["cl"].queryset}
            assert tampil == {o.pk for o in terlihat}, nama
        else:
            assert daftar.status_code in (403, 404)


def _data_surat(**ubah):
    d = {
        "nomor": "012/PM.00/K.JI-16/XII/2026",
        "tanggal": KEMARIN.isoformat(),
        "perihal": "Imbauan netralitas ASN",
        "wilayah": "35.07",
        "penerima_lain": "Seluruh kepala desa se-Kabupaten Malang",
        "berkas": pdf(),
    }
    d.update(ubah)
    return d


def test_pemda_mencatat_surat_dengan_pdf_dan_sha256(client):
    import hashlib

    pemda = buat_staf(Peran.PEMDA, "35.07")
    client.force_login(pemda)
    bkn = Instansi.objects.get(singkatan="BKN")
    r = client.post(reverse("admin:sosialisasi_suratimbauan_add"), _data_surat(instansi=bkn.pk, penerima_lain=""))
    assert r.status_code == 302, r.context["adminform"].form.errors
    s = SuratImbauan.objects.get()
    assert s.sha256 == hashlib.sha256(PDF_MINIMAL).hexdigest()
    assert s.dicatat_oleh == pemda and s.kabkota == "35.07" and s.penerima == bkn.nama
    # Audited like the register's other records: the admin's history.
    assert LogEntry.objects.filter(object_id=str(s.pk), user=pemda).exists()


@pytest.mark.parametrize(
    "ubah, kolom, pesan",
    [
        ({"wilayah": "35.11"}, "wilayah", "Wilayah ini di luar wilayah tugas Anda."),
        ({"berkas": SimpleUploadedFile("surat.pdf", b"<script>alert(1)</script>")}, "berkas", None),
        ({"nomor": ""}, "nomor", "Bidang ini tidak boleh kosong."),
        ({"nomor": "x" * 101}, "nomor", None),
        ({"penerima_lain": ""}, "penerima_lain", "Pilih instansi penerima atau tuliskan penerimanya."),
        (
            {"tanggal": (HARI_INI + datetime.timedelta(days=3)).isoformat()},
            "tanggal",
            "Tanggal tidak boleh di masa depan.",
        ),
        ({"tanggal": "31/02/2026"}, "tanggal", None),
    ],
)
def test_surat_buruk_ditolak_dengan_pesan_isian_tetap(client, ubah, kolom, pesan):
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    data = _data_surat(perihal="Imbauan <script>x</script> khusus", **ubah)
    r = client.post(reverse("admin:sosialisasi_suratimbauan_add"), data)
    assert r.status_code == 200
    galat = r.context["adminform"].form.errors
    assert kolom in galat, galat
    if pesan:
        assert pesan in galat[kolom]
    isi = r.content.decode()
    assert "Imbauan &lt;script&gt;x&lt;/script&gt; khusus" in isi and "<script>x</script>" not in isi
    assert not SuratImbauan.objects.exists()


def test_unggahan_dan_distribusi_di_luar_wilayah_ditolak(client):
    client.force_login(buat_staf(Peran.PEMDA, "35.07"))
    r = client.post(
        reverse("admin:sosialisasi_unggahanmedsos_add"),
        {"platform": "tiktok", "tautan": "https://tiktok.com/@x/1", "tanggal": KEMARIN.isoformat(), "wilayah": "35.11"},
    )
    assert r.status_code == 200 and "Wilayah ini di luar wilayah tugas Anda." in r.content.decode()
    r = client.post(
        reverse("admin:sosialisasi_unggahanmedsos_add"),
        {"platform": "tiktok", "tautan": "javascript:alert(1)", "tanggal": KEMARIN.isoformat(), "wilayah": "35.07"},
    )
    assert r.status_code == 200 and "tautan" in r.context["adminform"].form.errors
    data = {
        "desa": DESA_BONDOWOSO,
        "jenis": "spanduk",
        "jumlah": "12",
        "tanggal": KEMARIN.isoformat(),
        "tempat": "Pasar",
    }
    r = client.post(reverse("admin:sosialisasi_distribusibahan_add"), data)
    assert r.status_code == 200 and "Wilayah ini di luar wilayah tugas Anda." in r.content.decode()
    assert "Pasar" in r.content.decode()
    r = client.post(reverse("admin:sosialisasi_distribusibahan_add"), {**data, "desa": "35.07.13"})
    assert r.status_code == 200 and "Pilih desa atau kelurahan." in r.content.decode()
    r = client.post(reverse("admin:sosialisasi_distribusibahan_add"), {**data, "desa": DESA_KEMIRI, "jumlah": "0"})
    assert r.status_code == 200 and "jumlah" in r.context["adminform"].form.errors
    assert not UnggahanMedsos.objects.exists() and not DistribusiBahan.objects.exists()
    r = client.post(reverse("admin:sosialisasi_distribusibahan_add"), {**data, "desa": DESA_KEMIRI})
    assert r.status_code == 302
    d = DistribusiBahan.objects.get()
    assert d.kegiatan is None and d.kabkota == "35.07" and d.dicatat_oleh is not None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    tautan=st.one_of(st.text(max_size=600), st.just("https://facebook.com/x"), st.just("http://a.b/" + "x" * 600)),
    judul=st.text(max_size=300),
    jangkauan=st.one_of(st.text(max_size=12), st.integers(-5, 10**12).map(str)),
    wilayah=st.sampled_from(["35.07", "35.07.13", "35.11", "32.73", "", "99", "35.07<"]),
)
def test_form_unggahan_apa_pun_tidak_500(client, tautan, judul, jangkauan, wilayah):
    client.force_login(buat_staf(Peran.PEMDA, "35.07"))
    data = {"platform": "x", "tautan": tautan, "tanggal": KEMARIN.isoformat(), "judul": judul}
    data.update({"jangkauan": jangkauan, "wilayah": wilayah})
    sebelum = UnggahanMedsos.objects.count()
    r = client.post(
        reverse("admin:sosialisasi_unggahanmedsos_add"), {k: v.replace("\x00", "") for k, v in data.items()}
    )
    assert r.status_code in (200, 302)
    if r.status_code == 302:
        u = UnggahanMedsos.objects.latest("id")
        assert u.kabkota == "35.07" and u.tautan.startswith(("http://", "https://"))
    else:
        assert UnggahanMedsos.objects.count() == sebelum


# --- the CSV import -------------------------------------------------------------------------------------

CSV_BAIK_BURUK = (
    "desa;jenis;jumlah;tanggal;tempat\r\n"
    f"{DESA_KEMIRI};brosur;1.500;{KEMARIN.isoformat()};Balai desa Kemiri\r\n"
    f"{DESA_BONDOWOSO};spanduk;4;{KEMARIN.isoformat()};Pasar\r\n"  # line 3: another kabupaten
    f"{DESA_TERNYANG};Spanduk;3;{KEMARIN:%d/%m/%Y};\r\n"
    "35.07.13;brosur;10;2026-01-05;\r\n"  # line 5: a kecamatan
    f"{DESA_KEMIRI};selebaran;10;2026-01-05;\r\n"  # line 6: unknown kind
    f"{DESA_KEMIRI};brosur;nol;31/02/2026;\r\n"  # line 7: bad quantity and date
    f"{DESA_KEMIRI};poster;5;{(HARI_INI + datetime.timedelta(days=9)).isoformat()};\r\n"  # line 8: future
    f"{DESA_KEMIRI};brosur;1.500;{KEMARIN.isoformat()};Balai desa Kemiri\r\n"  # line 9: = line 2
    f"{DESA_KEMIRI};stiker;50;7 Desember 2025;<script>x</script>\r\n"
)


def _impor(client, isi: bytes, nama="distribusi.csv"):
    return client.post(
        reverse("admin:sosialisasi_distribusibahan_impor"), {"berkas": SimpleUploadedFile(nama, isi, "text/csv")}
    )


def test_impor_csv_baris_buruk_disebut_baris_baik_disimpan(client):
    pemda = buat_staf(Peran.PEMDA, "35.07")
    client.force_login(pemda)
    r = _impor(client, CSV_BAIK_BURUK.encode("cp1252"))
    assert r.status_code == 200
    hasil = r.context["hasil"]
    assert hasil.ditambahkan == 3 and hasil.sudah_ada == 0
    galat = {g.baris: g.alasan for g in hasil.galat}
    assert set(galat) == {3, 5, 6, 7, 8, 9}
    assert "di luar wilayah tugas Anda" in galat[3]
    assert "tidak sah; tulis kode Kemendagri" in galat[5]
    assert "Jenis bahan tidak dikenal" in galat[6]
    assert "Jumlah harus bilangan bulat" in galat[7] and "Tanggal tidak terbaca" in galat[7]
    assert "masa depan" in galat[8]
    assert galat[9] == "Sama dengan baris 2."
    assert sorted(DistribusiBahan.objects.values_list("desa_id", "jenis", "jumlah")) == [
        (DESA_TERNYANG, "spanduk", 3),
        (DESA_KEMIRI, "brosur", 1500),
        (DESA_KEMIRI, "stiker", 50),
    ]
    assert DistribusiBahan.objects.get(jenis="stiker").tanggal == datetime.date(2025, 12, 7)
    assert set(DistribusiBahan.objects.values_list("dicatat_oleh", flat=True)) == {pemda.pk}
    isi = r.content.decode()
    assert "&lt;script&gt;" not in isi or "<script>x" not in isi
    assert LogEntry.objects.filter(user=pemda, object_repr__startswith="Impor 3 distribusi").exists()
    # The same file again adds nothing twice.
    r = _impor(client, CSV_BAIK_BURUK.encode("cp1252"))
    assert r.context["hasil"].ditambahkan == 0 and r.context["hasil"].sudah_ada == 3
    assert DistribusiBahan.objects.count() == 3


@pytest.mark.parametrize(
    "isi, nama, pesan",
    [
        (b"", "d.csv", "Berkas kosong"),
        (b"nama;NIP\r\nA;1\r\n", "d.csv", "kolom desa dan jenis dan jumlah dan tanggal tidak ditemukan"),
        (b"desa;jenis;jumlah;tanggal\r\n", "d.csv", "Tidak ada data distribusi"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "d.xls", "Excel lama"),
        (b"PK\x03\x04garbage", "d.xlsx", "tidak dapat dibaca"),
        (b"desa,jenis\r\n", "d.pdf", "Jenis berkas tidak didukung"),
    ],
)
def test_impor_berkas_buruk_tidak_mengimpor_apa_pun(client, isi, nama, pesan):
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    r = client.post(
        reverse("admin:sosialisasi_distribusibahan_impor"), {"berkas": SimpleUploadedFile(nama, isi or b" ")}
    )
    assert r.status_code == 400
    assert pesan.lower() in " ".join(r.context["form"].errors["berkas"]).lower()
    assert not DistribusiBahan.objects.exists()


def test_impor_xlsx(client):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Kode desa", "Jenis bahan", "Jumlah", "Tanggal", "Lokasi"])
    ws.append([DESA_KEMIRI, "Brosur", 300, datetime.datetime.combine(KEMARIN, datetime.time()), "Posyandu"])
    ws.append([DESA_BONDOWOSO, "Brosur", 300, KEMARIN, "Posyandu"])
    buf = io.BytesIO()
    wb.save(buf)
    client.force_login(buat_staf(Peran.PEMDA, "35.07"))
    r = _impor(client, buf.getvalue(), "distribusi.xlsx")
    hasil = r.context["hasil"]
    assert hasil.ditambahkan == 1 and [g.baris for g in hasil.galat] == [3]


def test_impor_tidak_untuk_peninjau(client):
    client.force_login(buat_peninjau(Instansi.objects.get(singkatan="BKN")))
    r = _impor(client, CSV_BAIK_BURUK.encode())
    assert r.status_code in (403, 404)
    assert not DistribusiBahan.objects.exists()


SEL = st.one_of(
    st.text(max_size=30),
    st.sampled_from([DESA_KEMIRI, DESA_BONDOWOSO, "35.07.13", "brosur", "Spanduk", "7 Desember 2025", "1.500", "-"]),
    st.integers(-10, 10**9).map(str),
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(SEL, min_size=0, max_size=6), max_size=12), st.sampled_from([",", ";", "\t"]))
def test_impor_csv_apa_pun_tidak_galat(baris, pemisah):
    """Whatever the rows, the import either refuses the file with a message or keeps exactly the
    rows it names as good, each in the user's region: never an exception."""
    import csv

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=pemisah)
    w.writerow(["desa", "jenis", "jumlah", "tanggal", "tempat"])
    for b in baris:
        w.writerow([c.replace("\x00", "") for c in b])
    sebelum = DistribusiBahan.objects.count()
    hasil = impor_distribusi(
        lingkup="35.07", pengguna=None, berkas=io.BytesIO(buf.getvalue().encode()), nama_berkas="d.csv"
    )
    if hasil.galat_berkas:
        assert DistribusiBahan.objects.count() == sebelum
    else:
        assert DistribusiBahan.objects.count() == sebelum + hasil.ditambahkan
        assert all(g.baris >= 2 and g.alasan for g in hasil.galat)
    assert not DistribusiBahan.objects.exclude(kabkota="35.07").exists()


# --- the public region page ----------------------------------------------------------------------------


def test_halaman_wilayah_menampilkan_pencegahan_per_desa(client, django_assert_max_num_queries):
    _surat("35.07", nomor="045/PM.00/K.JI-16/XII/2026")
    _surat("35.11", nomor="999/BONDOWOSO")
    _unggahan("35.07.13", judul="Imbauan netralitas ASN Kepanjen", jangkauan=1200)
    for i in range(30):
        _distribusi(DESA_KEMIRI if i % 2 else DESA_TERNYANG, jumlah=100 + i, tempat=f"Tempat ke-{i}")
    _distribusi(DESA_BONDOWOSO, jumlah=777)
    with django_assert_max_num_queries(9):
        r = client.get(reverse("sosialisasi:daftar"), {"provinsi": "35", "kabkota": "35.07"})
    assert r.status_code == 200
    isi = r.content.decode()
    assert 'id="pencegahan"' in isi and "045/PM.00/K.JI-16/XII/2026" in isi and "999/BONDOWOSO" not in isi
    assert "Imbauan netralitas ASN Kepanjen" in isi and "jangkauan 1200" in isi
    assert "129 brosur" in isi and "777" not in isi and "Kemiri" in isi and "Ternyang" in isi
    tanggal = f"{KEMARIN.day} {['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'][KEMARIN.month - 1]} {KEMARIN.year}"
    assert tanggal in isi
    # The letter itself is public (Bawaslu publishes its letters of imbauan).
    s = SuratImbauan.objects.get(nomor="045/PM.00/K.JI-16/XII/2026")
    r = client.get(reverse("sosialisasi:surat", args=[s.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert b"".join(r.streaming_content) == PDF_MINIMAL
    assert client.get(reverse("sosialisasi:surat", args=[s.pk + 999])).status_code == 404
    # Cached like the page's events; a new entry is on the page at once (the version rises).
    with django_assert_max_num_queries(2):
        client.get(reverse("sosialisasi:daftar"), {"provinsi": "35", "kabkota": "35.07"})
    _distribusi(DESA_KEMIRI, jumlah=4242)
    assert (
        "4242 brosur"
        in client.get(reverse("sosialisasi:daftar"), {"provinsi": "35", "kabkota": "35.07"}).content.decode()
    )


def test_distribusi_kegiatan_belum_terbit_tidak_tampil(client):
    from tests.sosialisasi.test_kegiatan import _kegiatan

    k = _kegiatan(terbit=False)
    _distribusi(DESA_KEMIRI, jumlah=31337, kegiatan=k)
    isi = client.get(reverse("sosialisasi:daftar"), {"provinsi": "35", "kabkota": "35.07"}).content.decode()
    assert "31337" not in isi


def test_data_contoh_di_malang_dan_bondowoso(client, settings):
    from sosialisasi.demo_imbauan import isi_register_imbauan

    settings.DEBUG = False
    with pytest.raises(RuntimeError):
        isi_register_imbauan()
    settings.DEBUG = True
    isi_register_imbauan()
    isi_register_imbauan()  # idempotent
    assert set(SuratImbauan.objects.values_list("kabkota", flat=True)) == {"35.07", "35.11"}
    assert set(DistribusiBahan.objects.values_list("kabkota", flat=True)) == {"35.07", "35.11"}
    assert UnggahanMedsos.objects.count() == 3
    isi = client.get(reverse("sosialisasi:daftar"), {"provinsi": "35", "kabkota": "35.11"}).content.decode()
    assert "Sucolor" in isi and "112/PM.00.02/K.JI-07/XII/2026" in isi and "tiktok.com" in isi


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    isi=st.one_of(
        st.binary(max_size=2000), st.just(PDF_MINIMAL), st.binary(max_size=200).map(lambda b: b"%PDF-1.4\n" + b)
    ),
    nama=st.sampled_from(["surat.pdf", "surat.PDF", "surat.exe", "x" * 250 + ".pdf", "surat"]),
    nomor=st.text(max_size=120),
)
def test_unggah_surat_apa_pun_tidak_500(client, isi, nama, nomor):
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    sebelum = SuratImbauan.objects.count()
    data = _data_surat(nomor=nomor.replace("\x00", ""), berkas=SimpleUploadedFile(nama, isi))
    r = client.post(reverse("admin:sosialisasi_suratimbauan_add"), data)
    assert r.status_code in (200, 302)
    if r.status_code == 302:
        s = SuratImbauan.objects.latest("id")
        assert s.berkas.read(5) == b"%PDF-" and len(s.sha256) == 64 and s.kabkota == "35.07"
    else:
        assert SuratImbauan.objects.count() == sebelum
