"""Derived columns are right whatever path wrote the row, and name search finds what /lapor/ filed.

The search key of a terlapor's name was filled only by Terlapor.save(), intake wrote terlapor with
bulk_create, and the tests filled the key by hand: staff searched by name and found nothing."""

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netralitas.akun.models import Peran
from netralitas.identitas import inti_nama, normalkan_nama
from netralitas.turunan import KolomTurunan
from pengaduan.models import Pengaduan, Terlapor
from tests.factories import buat_pengaduan, buat_staf
from tests.pengaduan.test_intake import URL, data_sah

pytestmark = pytest.mark.django_db


def _lapor(client, nama: str, **ubah) -> Pengaduan:
    """File a report as a citizen does, through the form."""
    data = data_sah(client, **{"terlapor-0-nama": nama, "terlapor-0-nip": "", **ubah})
    r = client.post(URL, data)
    assert r.status_code == 302, r.context and r.context["form"].errors
    return Pengaduan.objects.order_by("-pk").first()


def _cari(client, q: str) -> list[int]:
    """Search the admin list as staff do: the box posts, the list reads the redirect."""
    r = client.post(reverse("admin:pengaduan_pengaduan_cari"), {"q": q, "parameter": ""})
    assert r.status_code == 302
    return sorted(p.pk for p in client.get(r.url).context["cl"].result_list)


def test_nama_terlapor_dari_lapor_ditemukan_staf(client):
    """The promise: a name filed on /lapor/ is found by the staff of its region, by its start with
    or without the titles before it; another region finds nothing."""
    p = _lapor(client, "Drs. H. Bambang Sutrisno, M.Si.")
    lain = _lapor(client, "Siti Aminah")
    client.logout()
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    assert _cari(client, "bambang") == [p.pk]
    assert _cari(client, "drs. h. bambang") == [p.pk]
    assert _cari(client, "BAMBANG SUTRIS") == [p.pk]
    assert _cari(client, "siti aminah") == [lain.pk]
    assert _cari(client, "ambang") == []  # the start of the name, not any fragment
    assert _cari(client, "sutrisno") == []  # nor a later word: the surname alone is not the start
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "32.73"))
    assert _cari(client, "bambang") == []


def test_duplikat_menurut_nama_dari_dua_laporan_lapor(client):
    """Two reports on /lapor/ about the same official (no NIP) show each other as possible duplicates."""
    pertama = _lapor(client, "Bambang Sutrisno")
    kedua = _lapor(client, "bambang  sutrisno")
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    html = client.get(reverse("admin:pengaduan_pengaduan_change", args=[kedua.pk])).content.decode()
    assert "Mungkin duplikat" in html
    assert reverse("admin:pengaduan_pengaduan_change", args=[pertama.pk]) in html


def _model_turunan():
    return [m for m in apps.get_models() if issubclass(m, KolomTurunan)]


def test_setiap_model_turunan_menyebut_kolom_dan_sumbernya():
    assert {m.__name__ for m in _model_turunan()} >= {"Pengaduan", "Terlapor", "Kegiatan", "Peserta", "DistribusiBahan"}
    for m in _model_turunan():
        nama = {f.name for f in m._meta.get_fields()}
        assert m.KOLOM_TURUNAN and set(m.KOLOM_TURUNAN) <= nama, m
        assert m.SUMBER_TURUNAN and set(m.SUMBER_TURUNAN) <= nama, m


NAMA = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(
    lambda s: s.strip()
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(nama=NAMA, lain=NAMA)
def test_nama_cari_benar_di_setiap_jalur_tulis(nama, lain):
    p, _ = buat_pengaduan(
        terlapor=[{"nama": nama, "nip": "", "jabatan": "", "instansi_teks": "Dinas", "jenis_asn": "pns"}]
    )
    t = p.terlapor.get()
    assert t.nama_cari == normalkan_nama(nama)  # intake (bulk_create)
    assert t.nama_inti == inti_nama(t.nama_cari)

    Terlapor.objects.filter(pk=t.pk).update(nama=lain)
    t.refresh_from_db()
    assert t.nama_cari == normalkan_nama(lain)  # update()

    t.nama = nama
    Terlapor.objects.bulk_update([t], ["nama"])
    t.refresh_from_db()
    assert t.nama_cari == normalkan_nama(nama)  # bulk_update()

    t.nama = lain
    t.save(update_fields=["nama"])
    t.refresh_from_db()
    assert t.nama_cari == normalkan_nama(lain)  # save(update_fields=...)


def test_kolom_turunan_tidak_ditulis_langsung():
    p, _ = buat_pengaduan()
    with pytest.raises(ValueError):
        p.terlapor.update(nama_cari="SIAPA SAJA")
    with pytest.raises(ValueError):
        Pengaduan.objects.filter(pk=p.pk).update(kantor_provinsi="32")
    t = p.terlapor.get()
    with pytest.raises(ValueError):
        Terlapor.objects.bulk_update([t], ["nama_cari"])


def test_lingkup_kantor_mengikuti_pelimpahan_lewat_update():
    """Scope codes follow the handling office on every path, so the scoped lists stay right."""
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    Pengaduan.objects.filter(pk=p.pk).update(kantor_wilayah_id="35.73")
    p.refresh_from_db()
    assert (p.kantor_provinsi, p.kantor_kabkota) == ("35", "35.73")
    from django.db.models import F

    with pytest.raises(ValueError):
        Pengaduan.objects.filter(pk=p.pk).update(kantor_wilayah_id=F("wilayah_id"))


def test_migrasi_mengisi_ulang_nama_cari_yang_kosong():
    """The data migration repairs rows an older intake left without a search key."""
    import importlib

    from django.db import connection

    p, _ = buat_pengaduan(
        terlapor=[{"nama": "Drs. Joko", "nip": "", "jabatan": "", "instansi_teks": "X", "jenis_asn": "pns"}]
    )
    with connection.cursor() as c:  # what the old intake left behind, written as it did: around the ORM
        c.execute("UPDATE pengaduan_terlapor SET nama_cari = '' WHERE pengaduan_id = %s", [p.pk])
    from django.db.migrations.loader import MigrationLoader

    nama = "0012_isi_ulang_kolom_turunan"
    keadaan = MigrationLoader(connection).project_state(("pengaduan", nama))
    importlib.import_module(f"pengaduan.migrations.{nama}").isi_ulang(keadaan.apps, None)
    assert p.terlapor.get().nama_cari == "DRS JOKO"


def test_nama_yang_terlalu_umum_meminta_ketikan_lebih_lengkap(client, monkeypatch):
    """Past the limit the list says so instead of showing an arbitrary part of the matches."""
    from pengaduan.triase import admin as pengaduan_admin

    for _ in range(3):
        buat_pengaduan(
            terlapor=[{"nama": "Wahyu Hidayat", "nip": "", "jabatan": "", "instansi_teks": "Dinas", "jenis_asn": "pns"}]
        )
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    assert len(_cari(client, "wahyu")) == 3
    monkeypatch.setattr(pengaduan_admin, "BATAS_CARI_NAMA", 2)
    r = client.post(reverse("admin:pengaduan_pengaduan_cari"), {"q": "wahyu", "parameter": ""})
    halaman = client.get(r.url)
    assert list(halaman.context["cl"].result_list) == []
    assert "Ketik nama lebih lengkap" in halaman.content.decode()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    gelar=st.lists(st.sampled_from(["Drs.", "H.", "Hj", "Dr.", "Ir", "Prof.", "KH.", "dr", "S.Pd"]), max_size=3),
    nama=st.lists(st.sampled_from(["Bambang", "Siti", "Hadi", "Drs", "Ahmad"]), min_size=1, max_size=3),
)
def test_migrasi_nama_inti_sama_dengan_hitungan_model(gelar, nama):
    """The migration's fill (one regular expression on PostgreSQL) gives what the model computes."""
    import importlib
    from types import SimpleNamespace

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    lengkap = " ".join([*gelar, *nama])
    p, _ = buat_pengaduan(
        terlapor=[{"nama": lengkap, "nip": "", "jabatan": "", "instansi_teks": "X", "jenis_asn": "pns"}]
    )
    benar = p.terlapor.get().nama_inti
    with connection.cursor() as c:  # the column as the migration finds it: empty
        c.execute("UPDATE pengaduan_terlapor SET nama_inti = '' WHERE pengaduan_id = %s", [p.pk])
    nama_migrasi = "0013_nama_tanpa_gelar"
    keadaan = MigrationLoader(connection).project_state(("pengaduan", nama_migrasi))

    def jalankan(sql, params):
        with connection.cursor() as c:
            c.execute(sql, params)

    editor = SimpleNamespace(connection=connection, execute=jalankan)
    importlib.import_module(f"pengaduan.migrations.{nama_migrasi}").isi_nama_inti(keadaan.apps, editor)
    assert p.terlapor.get().nama_inti == benar


def test_nama_enam_belas_huruf_dicari_sebagai_nama_bukan_kode(client):
    """'Bambang Setyawati' reads as 16 Crockford letters: it was taken for a tracking code, so the
    list said no case had that code and the name was never searched."""
    p = _lapor(client, "Bambang Setyawati")
    _lapor(client, "Siti Aminah")  # so that a list that ignored the term would show two
    client.logout()
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    assert _cari(client, "bambang setyawati") == [p.pk]
    daftar = reverse("admin:pengaduan_pengaduan_changelist")
    r = client.get(daftar, {"q": "Bambang Setyawati"})  # typed into the address: still a name
    assert r.status_code == 200 and [x.pk for x in r.context["cl"].result_list] == [p.pk]
