"""/wilayah/anak/: the chained selects' feed. Codes are checked before they reach the database."""

import csv
import gzip

import pytest

from netralitas.wilayah.sumber import DATA_DIR

pytestmark = pytest.mark.django_db
URL = "/wilayah/anak/"


def anak_di_csv(nama: str, induk: str) -> set[tuple[str, str]]:
    """What the shipped data says the children are: the endpoint must agree with the source."""
    with gzip.open(DATA_DIR / f"{nama}.gz", "rt", encoding="utf-8") as f:
        return {(r["code"], r["name"]) for r in csv.DictReader(f) if r["code"].rsplit(".", 1)[0] == induk}


def minta(client, induk=None):
    return client.get(URL, {} if induk is None else {"induk": induk})


def pasangan(r) -> list[tuple[str, str]]:
    assert r.status_code == 200, r.content
    return [(w["kode"], w["nama"]) for w in r.json()["wilayah"]]


@pytest.mark.parametrize("induk", [None, "", "   "])
def test_tanpa_induk_memberi_provinsi_urut_nama(client, induk):
    # conftest loads Jawa Timur and Kota Bandung (with its province) only.
    assert pasangan(minta(client, induk)) == [("32", "Jawa Barat"), ("35", "Jawa Timur")]


@pytest.mark.parametrize(
    "induk, berkas, jumlah",
    [("35", "regencies.csv", 38), ("35.07", "districts.csv", 33), ("35.07.13", "villages.csv", 18)],
)
def test_anak_sesuai_data_resmi_dan_urut_nama(client, induk, berkas, jumlah):
    hasil = pasangan(minta(client, induk))
    assert len(hasil) == jumlah
    assert set(hasil) == anak_di_csv(berkas, induk)
    assert [n for _, n in hasil] == sorted(n for _, n in hasil)


def test_anak_kabupaten_malang_memuat_kepanjen(client):
    assert ("35.07.13", "Kepanjen") in pasangan(minta(client, "35.07"))


def test_spasi_di_sekitar_kode_diabaikan(client):
    assert pasangan(minta(client, " 35.07 ")) == pasangan(minta(client, "35.07"))


@pytest.mark.parametrize(
    "induk",
    [
        "35.7",
        "3507",
        "3",
        "035",
        "35.07.1",
        "35.07.13.1007",  # a village: the deepest level has no children to ask for
        "35.07.13.",
        ".35",
        "35..07",
        "٣٥",  # Arabic-Indic
        "３５",  # full-width
        "35.٠٧",
        "35%",
        "35.__",
        "35' OR '1'='1",
        "35; DROP TABLE wilayah_wilayah; --",
        "35\x00",
        "abc",
    ],
)
def test_kode_tidak_sah_400_dengan_pesan(client, induk):
    r = minta(client, induk)
    assert r.status_code == 400
    assert r.json() == {"galat": "Kode wilayah tidak sah."}


@pytest.mark.parametrize("induk", ["99", "35.99", "35.07.99", "32.73.99"])
def test_kode_rapi_yang_tidak_dikenal_memberi_daftar_kosong(client, induk):
    assert pasangan(minta(client, induk)) == []


@pytest.mark.parametrize("induk", [None, "35", "35.07", "35.07.13"])
def test_satu_query_per_permintaan(client, django_assert_max_num_queries, induk):
    with django_assert_max_num_queries(1):
        minta(client, induk)


def test_kode_tidak_sah_tidak_menyentuh_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        minta(client, "35' OR '1'='1")


def test_jawaban_boleh_disimpan_cache_publik(client):
    r = minta(client, "35")
    assert "public" in r["Cache-Control"] and "max-age=86400" in r["Cache-Control"]


def test_penolakan_dan_daftar_kosong_tidak_disimpan_cache(client):
    assert "max-age" not in minta(client, "35.7").get("Cache-Control", "")
    assert "max-age" not in minta(client, "98").get("Cache-Control", "")


def test_hanya_get(client):
    assert client.post(URL, {"induk": "35"}).status_code == 405
