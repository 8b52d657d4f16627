"""Tracking codes: Crockford base32, read forgivingly, stored only as an HMAC under their own key."""

import hashlib
import hmac
import re

import hypothesis
import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from pengaduan.kode import ALFABET, PANJANG, buat_kode, hash_kode, kelompokkan, normalkan

KODE = "K7QX2M9DA0B1C3EF"
kode_mentah = st.text(alphabet=ALFABET, min_size=PANJANG, max_size=PANJANG)


def test_kode_baru_16_huruf_crockford_dalam_kelompok_empat():
    kode = buat_kode()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}", kode), kode
    assert normalkan(kode) == kode.replace("-", "")


def test_kode_baru_tidak_berulang():
    assert len({buat_kode() for _ in range(200)}) == 200


def test_alfabet_crockford_tanpa_huruf_yang_mudah_tertukar():
    assert len(ALFABET) == 32 and len(set(ALFABET)) == 32
    assert not set("ILOU") & set(ALFABET)


def test_kelompokkan_memberi_tanda_hubung_tiap_empat():
    assert kelompokkan(KODE) == "K7QX-2M9D-A0B1-C3EF"


@pytest.mark.parametrize(
    "masukan",
    [
        "K7QX-2M9D-A0B1-C3EF",
        "k7qx-2m9d-a0b1-c3ef",
        "K7QX 2M9D A0B1 C3EF",
        "  k7qx2m9da0b1c3ef\n",
        "K7QX_2M9D.A0B1\tC3EF",
        "K7QX-2M9D-AOB1-C3EF",  # letter O for zero
        "K7QX-2M9D-A0BI-C3EF",  # letter I for one
        "K7QX-2M9D-A0BL-C3EF",  # letter L for one
        "k7qx-2m9d-aobl-c3ef",
    ],
)
def test_normalkan_memaafkan_huruf_kecil_pemisah_dan_salah_baca(masukan):
    assert normalkan(masukan) == KODE


@pytest.mark.parametrize(
    "masukan",
    [
        "",
        "K7QX-2M9D-A0B1",  # too short
        KODE + "A",  # too long
        "K7QX-2M9D-A0B1-C3EU",  # U is not in Crockford's alphabet
        "K7QX-2M9D-A0B1-C3E!",
        "K7QX-2M9D-A0B1-C3Eı",  # dotless i: upper() would make it I
        "K7QX-2M9D-A0B1-C3Eſ",  # long s: upper() would make it S
        "K7QX-2M9D-A0B1-C3ß",  # sharp s: upper() would make it SS
        "Ｋ7QX-2M9D-A0B1-C3EF",  # full-width K
        "K7QX-2M9D-A0B1-C3E٣",  # Arabic-Indic three
        KODE + " " * 49,  # strips to a code, but longer than any honest input
    ],
)
def test_normalkan_menolak_yang_tidak_mungkin_kode(masukan):
    assert normalkan(masukan) is None


@pytest.mark.parametrize("masukan", [None, 1234, b"K7QX2M9DA0B1C3EF", ["K7QX2M9DA0B1C3EF"]])
def test_normalkan_menolak_selain_teks(masukan):
    assert normalkan(masukan) is None


@hypothesis.settings(max_examples=200)
@given(kode_mentah)
def test_normalkan_bolak_balik_dengan_kelompokkan(kode):
    assert normalkan(kelompokkan(kode)) == kode
    assert normalkan(kelompokkan(kode).lower()) == kode
    assert normalkan(" ".join(kelompokkan(kode).split("-"))) == kode


@hypothesis.settings(max_examples=300)
@given(st.one_of(st.text(max_size=70), st.text(alphabet=ALFABET.lower() + "ilo -_", max_size=30)))
def test_normalkan_hanya_memberi_kode_utuh_atau_none(masukan):
    hasil = normalkan(masukan)
    assert hasil is None or (len(hasil) == PANJANG and set(hasil) <= set(ALFABET))


def test_hash_adalah_hmac_sha256_dengan_kunci_kode(settings):
    settings.TRACKING_CODE_KEY = "kunci-a"
    harapan = hmac.new(b"kunci-a", KODE.encode(), hashlib.sha256).hexdigest()
    assert hash_kode(KODE) == harapan
    assert hash_kode(KODE) != hashlib.sha256(KODE.encode()).hexdigest()


def test_hash_tidak_bergantung_pada_secret_key(settings):
    sebelum = hash_kode(KODE)
    settings.SECRET_KEY = "secret-key-yang-dirotasi"
    assert hash_kode(KODE) == sebelum


@hypothesis.settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kode=kode_mentah, kunci_lain=st.text(min_size=1, max_size=40).filter(lambda k: k != "kunci-a"))
def test_hash_berbeda_di_bawah_kunci_lain(settings, kode, kunci_lain):
    settings.TRACKING_CODE_KEY = "kunci-a"
    hash_a = hash_kode(kode)
    settings.TRACKING_CODE_KEY = kunci_lain
    assert hash_kode(kode) != hash_a


@hypothesis.settings(max_examples=50)
@given(st.lists(kode_mentah, min_size=2, max_size=2, unique=True))
def test_kode_berbeda_hash_berbeda(pasangan):
    a, b = pasangan
    assert hash_kode(a) != hash_kode(b)
    assert re.fullmatch(r"[0-9a-f]{64}", hash_kode(a))


@pytest.mark.parametrize("pemisah", ["\u00a0", "\u2013", "\u2014", "\u2011", "\u2009"])
def test_normalkan_menerima_spasi_dan_tanda_hubung_dari_email_atau_pdf(pemisah):
    kode = buat_kode()
    assert normalkan(kode.replace("-", pemisah)) == kode.replace("-", "")
