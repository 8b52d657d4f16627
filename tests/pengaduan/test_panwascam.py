"""The Panwascam in the loop (issue 14, item 2): the Panwascam of the incident's kecamatan sees the
cases there whichever office handles them, with the handling office's identity rules, is told of
each new one, adds notes and clarification results, and decides nothing that is the handling
office's. The handling office comes from one rule, kept as data per election type."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netralitas.akun.models import Peran
from netralitas.audit.models import Aksi, LogAudit
from netralitas.wilayah.models import Wilayah
from pengaduan.kantor import kantor_dari_wilayah
from pengaduan.models import (
    AturanKantorPenanganan,
    CatatanPengaduan,
    HasilKlarifikasi,
    Notifikasi,
    Pengaduan,
    Pesan,
    Status,
    TingkatKantor,
)
from tests.factories import buat_pengaduan, buat_staf, jpeg, limpahkan_ke, pdf, pdf_halaman

pytestmark = pytest.mark.django_db

X, Y = "35.07.13", "35.07.12"  # Kepanjen and Sumberpucung, both in Kabupaten Malang
DESA_X, DESA_Y = "35.07.13.1007", None


@pytest.fixture(autouse=True)
def _antrean_segera(monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda f, using=None, robust=False: f())


@pytest.fixture
def desa_y():
    return Wilayah.objects.filter(kode__startswith=Y + ".", tingkat=4).order_by("kode").first().kode


@pytest.fixture
def orang():
    return {
        "kab": buat_staf(Peran.BAWASLU_KABKOTA, "35.07", email="kab@bawaslu.test"),
        "x": buat_staf(Peran.PANWASCAM, X, email="kepanjen@bawaslu.test"),
        "y": buat_staf(Peran.PANWASCAM, Y, email="sumberpucung@bawaslu.test"),
    }


def _daftar(client) -> list[int]:
    r = client.get(reverse("admin:pengaduan_pengaduan_changelist"))
    assert r.status_code == 200
    return sorted(p.pk for p in r.context["cl"].result_list)


def _halaman(p):
    return reverse("admin:pengaduan_pengaduan_change", args=[p.pk])


def _tindakan(p, aksi):
    return reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, aksi])


def _klarifikasi(p, **ubah):
    data = {
        "versi": p.versi,
        "pihak": "Pejabat Uji",
        "kedudukan": "terlapor",
        "tanggal": timezone.localdate().isoformat(),
        "tempat": "Kantor Panwaslu Kecamatan Kepanjen",
        "ringkasan": "Terlapor mengakui mengunggah ajakan memilih.",
    }
    data.update(ubah)
    return data


# --- The derived column ------------------------------------------------------------------------------


def test_kecamatan_kejadian_dari_tempat_di_setiap_jalur_tulis(desa_y):
    p, _ = buat_pengaduan(wilayah=DESA_X)
    assert p.kecamatan_kejadian == X  # intake (save)
    Pengaduan.objects.filter(pk=p.pk).update(wilayah_id=desa_y)
    p.refresh_from_db()
    assert p.kecamatan_kejadian == Y  # update() of the place alone; the office codes untouched
    assert (p.kantor_kabkota, p.kantor_provinsi) == ("35.07", "35")
    p.wilayah_id = "35.07"
    Pengaduan.objects.bulk_update([p], ["wilayah"])
    p.refresh_from_db()
    assert p.kecamatan_kejadian == ""  # only a kabupaten: no Panwascam
    kec, _ = buat_pengaduan(wilayah=X)
    assert kec.kecamatan_kejadian == X  # the kecamatan itself
    with pytest.raises(ValueError):
        Pengaduan.objects.filter(pk=p.pk).update(kecamatan_kejadian=X)


def test_migrasi_mengisi_kecamatan_kejadian_seperti_model(desa_y):
    import importlib
    from types import SimpleNamespace

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    kasus = [buat_pengaduan(wilayah=w)[0] for w in (DESA_X, desa_y, "35.07", X)]
    benar = {p.pk: p.kecamatan_kejadian for p in kasus}
    with connection.cursor() as c:
        c.execute("UPDATE pengaduan_pengaduan SET kecamatan_kejadian = ''")

    def jalankan(sql, params=None):
        with connection.cursor() as c:
            c.execute(sql, params)

    nama = "0015_kecamatan_kejadian_kantor"
    keadaan = MigrationLoader(connection).project_state(("pengaduan", nama))
    modul = importlib.import_module(f"pengaduan.migrations.{nama}")
    for vendor in (connection.vendor, "lain"):  # one UPDATE on PostgreSQL, batches elsewhere
        editor = SimpleNamespace(connection=SimpleNamespace(vendor=vendor), execute=jalankan)
        modul.isi_kecamatan_kejadian(keadaan.apps, editor)
        assert dict(Pengaduan.objects.values_list("pk", "kecamatan_kejadian")) == benar
        with connection.cursor() as c:
            c.execute("UPDATE pengaduan_pengaduan SET kecamatan_kejadian = ''")


# --- Seeing --------------------------------------------------------------------------------------------


def test_panwascam_melihat_kasus_kecamatannya_yang_ditangani_kabupaten(client, orang, desa_y):
    di_x = [buat_pengaduan(wilayah=DESA_X)[0] for _ in range(3)]
    di_y, _ = buat_pengaduan(wilayah=desa_y)
    kabupaten, _ = buat_pengaduan(wilayah="35.07")
    assert {p.kantor_wilayah_id for p in [*di_x, di_y, kabupaten]} == {"35.07"}
    client.force_login(orang["x"])
    assert _daftar(client) == sorted(p.pk for p in di_x)
    assert client.get(_halaman(di_x[0])).status_code == 200
    assert client.get(_halaman(di_y)).status_code == 404
    client.force_login(orang["y"])
    assert _daftar(client) == [di_y.pk]
    assert client.get(_halaman(di_x[0])).status_code == 404
    client.force_login(orang["kab"])
    assert _daftar(client) == sorted(p.pk for p in [*di_x, di_y, kabupaten])


def test_dasbor_panwascam_menghitung_kasus_kecamatannya(client, orang):
    for _ in range(2):
        buat_pengaduan(wilayah=DESA_X)
    client.force_login(orang["x"])
    dasbor = client.get(reverse("admin:index")).context["dasbor"]
    assert dasbor.jumlah == 2


def test_identitas_sama_dengan_kantor_penanganan(client, orang):
    terbuka, _ = buat_pengaduan(wilayah=DESA_X, rahasia=False)
    rahasia, _ = buat_pengaduan(wilayah=DESA_X, rahasia=True)
    client.force_login(orang["x"])
    r = client.get(reverse("admin:pengaduan_pengaduan_identitas", args=[terbuka.pk]))
    assert r.status_code == 200 and "Warga Uji" in r.content.decode()
    assert LogAudit.objects.filter(aktor=orang["x"], aksi=Aksi.LIHAT_IDENTITAS, pengaduan=terbuka).exists()
    # Confidential: only with the permission, as for the handling office's own staff.
    assert client.get(reverse("admin:pengaduan_pengaduan_identitas", args=[rahasia.pk])).status_code == 404
    client.force_login(orang["kab"])
    assert client.get(reverse("admin:pengaduan_pengaduan_identitas", args=[rahasia.pk])).status_code == 404
    orang["x"].user_permissions.add(Permission.objects.get(codename="lihat_identitas_rahasia"))
    client.force_login(orang["x"])
    assert client.get(reverse("admin:pengaduan_pengaduan_identitas", args=[rahasia.pk])).status_code == 200
    client.force_login(orang["y"])
    assert client.get(reverse("admin:pengaduan_pengaduan_identitas", args=[terbuka.pk])).status_code == 404


def test_bukti_diunduh_panwascam_kejadian_saja(client, orang):
    p, _ = buat_pengaduan(wilayah=DESA_X, unggahan=[jpeg()])
    b = p.bukti.get()
    client.force_login(orang["x"])
    assert client.get(reverse("admin:pengaduan_bukti_unduh", args=[b.pk])).status_code == 200
    client.force_login(orang["y"])
    assert client.get(reverse("admin:pengaduan_bukti_unduh", args=[b.pk])).status_code == 404


# --- Being told ----------------------------------------------------------------------------------------


def test_pengaduan_baru_diberitahukan_ke_panwascam_kecamatan_kejadian(client, orang):
    p, _ = buat_pengaduan(wilayah=DESA_X)
    penerima = set(Notifikasi.objects.filter(pengaduan=p, jenis="pengaduan_baru").values_list("penerima", flat=True))
    assert penerima == {orang["kab"].pk, orang["x"].pk}
    n = Notifikasi.objects.get(pengaduan=p, penerima=orang["x"])
    client.force_login(orang["x"])
    r = client.get(reverse("admin:notifikasi_saya"))
    buka = reverse("admin:notifikasi_buka", args=[n.pk])
    assert r.status_code == 200 and buka in r.content.decode()
    r = client.get(buka)
    assert r.status_code == 302 and r["Location"] == _halaman(p)
    assert client.get(r["Location"]).status_code == 200
    # Only a kabupaten named: no Panwascam is told.
    q, _ = buat_pengaduan(wilayah="35.07")
    assert set(Notifikasi.objects.filter(pengaduan=q).values_list("penerima", flat=True)) == {orang["kab"].pk}


def test_kelengkapan_hanya_untuk_kantor_penanganan(orang):
    """What needs the office (the reporter completed the case) goes to the office, not the Panwascam."""
    from pengaduan.notifikasi import penerima_kantor

    p, _ = buat_pengaduan(wilayah=DESA_X)
    assert {pk for pk, _ in penerima_kantor(p)} == {orang["kab"].pk}


# --- Doing ---------------------------------------------------------------------------------------------


def test_panwascam_menambah_catatan_internal_tetapi_tidak_pesan_pelapor(client, orang):
    p, _ = buat_pengaduan(wilayah=DESA_X)
    client.force_login(orang["x"])
    r = client.post(
        _tindakan(p, "catatan"), {"versi": p.versi, "teks": "Sudah dicek ke lokasi.", "audiens": "internal"}
    )
    assert r.status_code == 302
    assert CatatanPengaduan.objects.filter(pengaduan=p, penulis=orang["x"]).count() == 1
    assert not Pesan.objects.filter(pengaduan=p).exists()  # nothing reached the reporter
    assert LogAudit.objects.filter(aktor=orang["x"], aksi=Aksi.UBAH_PENGADUAN, pengaduan=p).exists()
    r = client.post(_tindakan(p, "catatan"), {"versi": p.versi, "teks": "Halo pelapor", "audiens": "pelapor"})
    assert r.status_code == 400 and not Pesan.objects.filter(pengaduan=p).exists()


def test_panwascam_tidak_mengubah_status_kasus_yang_tidak_ditanganinya(client, orang):
    p, _ = buat_pengaduan(wilayah=DESA_X)
    client.force_login(orang["x"])
    halaman = client.get(_halaman(p)).content.decode()
    assert _tindakan(p, "klarifikasi") in halaman and "perubahan status diputuskan kantor penanganan" in halaman
    assert _tindakan(p, "status") not in halaman
    for aksi in ("status", "tugaskan", "kajian", "duplikat", "perpanjang", "instansi", "teruskan"):
        assert client.get(_tindakan(p, aksi)).status_code == 403, aksi
    r = client.post(_tindakan(p, "status"), {"versi": p.versi, "ke": Status.KAJIAN_AWAL})
    assert r.status_code == 403
    r = client.post(
        reverse("admin:pengaduan_pengaduan_changelist"),
        {"action": "tugaskan_ke_saya", "_selected_action": [p.pk]},
    )
    p.refresh_from_db()
    assert p.status == Status.DIAJUKAN and p.ditugaskan_id is None
    # The handling office still decides.
    client.force_login(orang["kab"])
    assert client.get(_tindakan(p, "status")).status_code == 200


def test_panwascam_mencatat_hasil_klarifikasi_dengan_berita_acara(client, orang):
    p, _ = buat_pengaduan(wilayah=DESA_X)
    client.force_login(orang["x"])
    r = client.post(_tindakan(p, "klarifikasi"), _klarifikasi(p, dokumen=pdf_halaman(nama="BA klarifikasi.pdf")))
    assert r.status_code == 302, r.context and r.context["form"].errors
    k = HasilKlarifikasi.objects.get(pengaduan=p)
    assert (k.pihak, k.kedudukan, k.dicatat_oleh, k.peran_pencatat) == (
        "Pejabat Uji",
        "terlapor",
        orang["x"],
        "panwascam",
    )
    assert k.mime == "application/pdf" and len(k.sha256) == 64
    # The timeline (an internal note) and the audit log say who recorded it, from which office.
    catatan = CatatanPengaduan.objects.get(pengaduan=p, penulis=orang["x"])
    assert "Hasil klarifikasi dicatat (Panwascam, Kec. Kepanjen)" in catatan.teks
    assert not Pesan.objects.filter(pengaduan=p).exists()
    assert LogAudit.objects.filter(aktor=orang["x"], objek=f"Hasil klarifikasi #{k.pk}").exists()
    halaman = client.get(_halaman(p)).content.decode()
    unduh = reverse("admin:pengaduan_klarifikasi_unduh", args=[k.pk])
    assert "Terlapor mengakui" in halaman and unduh in halaman
    r = client.get(unduh)
    assert r.status_code == 200 and r["X-Content-Type-Options"] == "nosniff"
    assert LogAudit.objects.filter(aktor=orang["x"], aksi=Aksi.UNDUH_BUKTI, pengaduan=p).exists()
    # The handling office reads it; the neighbouring Panwascam does not find it.
    client.force_login(orang["kab"])
    assert "Terlapor mengakui" in client.get(_halaman(p)).content.decode()
    client.force_login(orang["y"])
    assert client.get(unduh).status_code == 404
    assert client.post(_tindakan(p, "klarifikasi"), _klarifikasi(p)).status_code == 404
    # Never the reporter's: /lacak/ reads only the conversation and public events.
    from pengaduan.selectors import halaman_pelapor

    konteks = halaman_pelapor(p)
    assert not konteks["percakapan"] and all("klarifikasi" not in e.pesan for e in konteks["linimasa"])


@pytest.mark.parametrize(
    "ubah, pesan",
    [
        ({"pihak": "   "}, "Nama pihak yang diklarifikasi wajib diisi."),
        ({"ringkasan": ""}, "Ringkasan keterangan wajib diisi."),
        ({"kedudukan": "bupati"}, "Pilih kedudukan pihak yang diklarifikasi."),
        ({"tanggal": "31/13/2026"}, "Tanggal klarifikasi tidak sah"),
        ({"tanggal": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()}, "masa depan"),
        ({"pihak": "x" * 151}, "151"),
        ({"dokumen": pdf(nama="palsu.pdf", isi=b"bukan pdf <script>alert(1)</script>")}, "tidak dikenali"),
        ({"dokumen": pdf(nama="kosong.pdf", isi=b"")}, "kosong"),
    ],
)
def test_klarifikasi_yang_salah_ditolak_dengan_pesan_dan_isian_tetap(client, orang, ubah, pesan):
    p, _ = buat_pengaduan(wilayah=DESA_X)
    client.force_login(orang["x"])
    r = client.post(_tindakan(p, "klarifikasi"), _klarifikasi(p, **ubah))
    assert r.status_code == 400
    html = r.content.decode()
    assert not HasilKlarifikasi.objects.exists()
    galat = " ".join(str(e) for errs in r.context["form"].errors.values() for e in errs)
    assert pesan in galat, galat
    assert "Kantor Panwaslu Kecamatan Kepanjen" in html  # what was typed stays


def test_script_dalam_ringkasan_ditampilkan_sebagai_teks(client, orang):
    p, _ = buat_pengaduan(wilayah=DESA_X)
    client.force_login(orang["x"])
    r = client.post(_tindakan(p, "klarifikasi"), _klarifikasi(p, ringkasan="<script>alert('x')</script>"))
    assert r.status_code == 302
    html = client.get(_halaman(p)).content.decode()
    assert "<script>alert('x')</script>" not in html and "&lt;script&gt;" in html


TEKS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pihak=TEKS, ringkasan=TEKS, tempat=TEKS, tanggal=st.text(max_size=12), kedudukan=st.text(max_size=20))
def test_formulir_klarifikasi_tidak_pernah_500(client, pihak, ringkasan, tempat, tanggal, kedudukan):
    staf = Peran.PANWASCAM
    user = buat_staf(staf, X)
    p, _ = buat_pengaduan(wilayah=DESA_X)
    client.force_login(user)
    data = {"versi": p.versi, "pihak": pihak, "ringkasan": ringkasan, "tempat": tempat}
    data.update(tanggal=tanggal, kedudukan=kedudukan)
    try:
        r = client.post(_tindakan(p, "klarifikasi"), data)
    except ValueError:  # NUL characters are refused by the test client's encoder, as by a browser
        return
    assert r.status_code in (302, 400)
    assert (r.status_code == 302) == HasilKlarifikasi.objects.filter(pengaduan=p).exists()


# --- Receiving a case by pelimpahan -----------------------------------------------------------------


def test_kasus_dilimpahkan_ke_panwascam_ditanganinya(client, orang):
    p, _ = buat_pengaduan(wilayah=DESA_X)
    limpahkan_ke(p, TingkatKantor.PANWASCAM, X)
    p.refresh_from_db()
    assert (p.kantor_tingkat, p.kantor_wilayah_id, p.status) == (TingkatKantor.PANWASCAM, X, Status.DILIMPAHKAN)
    # The receiving office is told, as of a new case.
    assert Notifikasi.objects.filter(pengaduan=p, jenis="pelimpahan", penerima=orang["x"]).exists()
    client.force_login(orang["x"])
    assert _tindakan(p, "status") in client.get(_halaman(p)).content.decode()
    r = client.post(
        _tindakan(p, "status"), {"versi": p.versi, "ke": Status.KAJIAN_AWAL, "alasan": "", "pesan_pelapor": ""}
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.KAJIAN_AWAL
    # The Panwascam may not register: the workflow table gives that to Bawaslu.
    assert client.post(_tindakan(p, "status"), {"versi": p.versi, "ke": Status.DIREGISTRASI}).status_code == 400
    # Its neighbour does not see it; the kabupaten, above it, still does.
    client.force_login(orang["y"])
    assert client.get(_halaman(p)).status_code == 404
    client.force_login(orang["kab"])
    assert client.get(_halaman(p)).status_code == 200


# --- The handling-office rule, as data ---------------------------------------------------------------


def _w(kode):
    return Wilayah.objects.get(kode=kode)


def test_aturan_kantor_bawaan_kabupaten_kota_untuk_pemilu_dan_pilkada():
    assert set(AturanKantorPenanganan.objects.values_list("jenis_pemilihan", "tingkat_kantor")) == {
        ("pemilu", "kabkota"),
        ("pilkada", "kabkota"),
    }
    assert all(a.dasar_hukum for a in AturanKantorPenanganan.objects.all())
    for jenis in ("pemilu", "pilkada"):
        assert kantor_dari_wilayah(_w(DESA_X), jenis) == (TingkatKantor.KABKOTA, "35.07")
        assert kantor_dari_wilayah(_w(X), jenis) == (TingkatKantor.KABKOTA, "35.07")
        assert kantor_dari_wilayah(_w("35.07"), jenis) == (TingkatKantor.KABKOTA, "35.07")
        # Only a province named: the kabupaten/kota level is out of reach, the province handles it.
        assert kantor_dari_wilayah(_w("35"), jenis) == (TingkatKantor.PROVINSI, "35")


def test_aturan_panwascam_jatuh_ke_kabupaten_bila_tempat_tanpa_kecamatan():
    AturanKantorPenanganan.objects.filter(jenis_pemilihan="pilkada").update(tingkat_kantor=TingkatKantor.PANWASCAM)
    from pengaduan import kantor

    kantor._aturan.clear()  # update() sends no signal
    assert kantor_dari_wilayah(_w(DESA_X), "pilkada") == (TingkatKantor.PANWASCAM, X)
    assert kantor_dari_wilayah(_w("35.07"), "pilkada") == (TingkatKantor.KABKOTA, "35.07")
    assert kantor_dari_wilayah(_w(DESA_X), "pemilu") == (TingkatKantor.KABKOTA, "35.07")
    for tingkat, harap in ((TingkatKantor.PROVINSI, (TingkatKantor.PROVINSI, "35")), (TingkatKantor.RI, ("ri", None))):
        a = AturanKantorPenanganan.objects.get(jenis_pemilihan="pemilu")
        a.tingkat_kantor = tingkat
        a.save()
        assert kantor_dari_wilayah(_w(DESA_X), "pemilu") == harap


def test_administrator_mengubah_aturan_dan_laporan_berikutnya_mengikutinya(client, orang):
    admin_ = buat_staf(Peran.ADMINISTRATOR, None)
    a = AturanKantorPenanganan.objects.get(jenis_pemilihan="pilkada")
    url = reverse("admin:pengaduan_aturankantorpenanganan_change", args=[a.pk])
    client.force_login(orang["kab"])
    assert client.post(url, {"tingkat_kantor": "panwascam", "dasar_hukum": "x"}).status_code == 403
    client.force_login(admin_)
    assert client.get(url).status_code == 200
    r = client.post(url, {"tingkat_kantor": "panwascam", "dasar_hukum": a.dasar_hukum, "keterangan": "Uji."})
    assert r.status_code == 302
    p, _ = buat_pengaduan(wilayah=DESA_X)  # factory files Pilkada reports
    assert (p.kantor_tingkat, p.kantor_wilayah_id) == (TingkatKantor.PANWASCAM, X)
    assert client.get(reverse("admin:pengaduan_aturankantorpenanganan_add")).status_code == 403
