"""NIK, NIP and telephone validation: what a citizen types is accepted or refused with a reason."""

import datetime

import hypothesis
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from netralitas import identitas
from netralitas.identitas import validasi_nik, validasi_nip, validasi_telepon
from tests.factories import NIK_SAH, NIP_PNS_SAH

HARI_INI = datetime.date(2024, 6, 15)
NIP_PPPK_SAH = "198503152021211001"  # appointed 2021, "21" is the PPPK code where a PNS has a month


@pytest.fixture
def hari_ini(monkeypatch):
    """Fix "today" so the future-date rules do not depend on when the suite runs."""
    monkeypatch.setattr(identitas.timezone, "localdate", lambda: HARI_INI)
    return HARI_INI


def kode_galat(fungsi, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as e:
        fungsi(*args, **kwargs)
    return e.value.code


def buat_nik(lahir: datetime.date, perempuan=False, wilayah="350710", urut="0002") -> str:
    hari = lahir.day + 40 if perempuan else lahir.day
    return f"{wilayah}{hari:02d}{lahir.month:02d}{lahir.year % 100:02d}{urut}"


# --- NIK


def test_nik_laki_laki_sah():
    assert validasi_nik("3507101506900002") == "3507101506900002"


def test_nik_perempuan_sah_dengan_tanggal_ditambah_40():
    assert validasi_nik(NIK_SAH) == NIK_SAH
    assert validasi_nik("3507104106900002") == "3507104106900002"  # 1 June, a woman


@pytest.mark.parametrize("nilai", ["3507 1045 0690 0002", "  3507104506900002  ", "350710 450690 0002"])
def test_nik_spasi_diabaikan(nilai):
    assert validasi_nik(nilai) == NIK_SAH


@pytest.mark.parametrize("provinsi", ["00", "99", "10", "37"])
def test_nik_kode_provinsi_tidak_resmi_ditolak(provinsi):
    assert kode_galat(validasi_nik, provinsi + NIK_SAH[2:]) == "provinsi"


@pytest.mark.parametrize(
    "ddmmyy",
    [
        "310290",  # 31 February
        "710290",  # 31 February, a woman
        "720690",  # day 72: a woman born on the 32nd
        "400690",  # day 40 is neither a man's nor a woman's day
        "000690",
        "151390",  # month 13
        "150090",
        "290201",  # 2001 was not a leap year
    ],
)
def test_nik_tanggal_lahir_mustahil_ditolak(ddmmyy):
    assert kode_galat(validasi_nik, f"350710{ddmmyy}0002") == "tanggal"


def test_nik_29_februari_tahun_kabisat_sah():
    assert validasi_nik("3507102902000002") == "3507102902000002"


def test_nik_lahir_besok_ditolak(hari_ini):
    besok = hari_ini + datetime.timedelta(days=1)
    assert kode_galat(validasi_nik, buat_nik(besok)) == "tanggal"
    assert kode_galat(validasi_nik, buat_nik(besok, perempuan=True)) == "tanggal"


def test_nik_lahir_hari_ini_sah(hari_ini):
    assert validasi_nik(buat_nik(hari_ini)) == buat_nik(hari_ini)


def test_nik_dua_angka_tahun_di_atas_tahun_ini_dibaca_abad_lalu(hari_ini):
    # '25' while it is 2024: born 1925, not in the future.
    assert validasi_nik("3507101506250002") == "3507101506250002"


def test_nik_nomor_urut_0000_ditolak():
    assert kode_galat(validasi_nik, NIK_SAH[:12] + "0000") == "urut"


@pytest.mark.parametrize(
    "nilai",
    [
        NIK_SAH[:5] + "٣" + NIK_SAH[6:],  # Arabic-Indic three
        NIK_SAH[:5] + "３" + NIK_SAH[6:],  # full-width three
        "".join(chr(0x0660 + int(c)) for c in NIK_SAH),  # entirely Arabic-Indic
        "".join(chr(0xFF10 + int(c)) for c in NIK_SAH),  # entirely full-width
        NIK_SAH[:15],
        NIK_SAH + "1",
        "350710450690000A",
        "3507-1045-0690-0002",
        "",
    ],
)
def test_nik_selain_16_angka_ascii_ditolak(nilai):
    assert kode_galat(validasi_nik, nilai) == "format"


def test_nik_none_ditolak_sebagai_format():
    assert kode_galat(validasi_nik, None) == "format"


@hypothesis.settings(max_examples=150, deadline=None)
@given(
    st.text(min_size=16, max_size=16).filter(lambda s: not (s.isascii() and s.isdigit())),
)
def test_nik_teks_16_huruf_yang_bukan_angka_ascii_ditolak(nilai):
    assert kode_galat(validasi_nik, nilai) == "format"


@hypothesis.settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(categories=["Nd"]), min_size=16, max_size=16).filter(lambda s: not s.isascii()))
def test_nik_angka_unicode_selain_ascii_ditolak(nilai):
    assert kode_galat(validasi_nik, nilai) == "format"


def _tanggal_terbaca_sama():
    """Birth dates whose two-digit year reads back unambiguously: the last 98 years up to yesterday."""
    hari_ini = timezone.localdate()
    return st.dates(min_value=datetime.date(hari_ini.year - 98, 1, 1), max_value=hari_ini - datetime.timedelta(days=1))


@hypothesis.settings(max_examples=100, deadline=None)
@given(lahir=_tanggal_terbaca_sama(), perempuan=st.booleans(), urut=st.integers(1, 9999))
def test_nik_dengan_tanggal_lahir_nyata_diterima(lahir, perempuan, urut):
    nik = buat_nik(lahir, perempuan=perempuan, urut=f"{urut:04d}")
    assert validasi_nik(nik) == nik


# --- NIP


@pytest.mark.parametrize("pns", [True, False])
def test_nip_pns_sah(pns):
    assert validasi_nip(NIP_PNS_SAH, pns=pns) == NIP_PNS_SAH


def test_nip_spasi_diabaikan():
    assert validasi_nip("19850315 201001 1 002", pns=True) == NIP_PNS_SAH


def test_nip_pppk_dengan_kode_bukan_bulan_diterima():
    assert validasi_nip(NIP_PPPK_SAH) == NIP_PPPK_SAH


@pytest.mark.parametrize("bulan", ["21", "00", "13"])
def test_nip_pns_dengan_bulan_angkat_bukan_bulan_ditolak(bulan):
    assert kode_galat(validasi_nip, f"198503152021{bulan}1001", pns=True) == "bulan_angkat"


def test_nip_pns_diangkat_bulan_depan_ditolak(hari_ini):
    assert validasi_nip("198503152024061002", pns=True) == "198503152024061002"
    assert kode_galat(validasi_nip, "198503152024071002", pns=True) == "bulan_angkat"


@pytest.mark.parametrize(
    "lahir",
    [
        "19850230",  # 30 February
        "19851301",
        "19850300",
        "19291231",  # before 1930: no serving civil servant
        "20240616",  # tomorrow
    ],
)
def test_nip_tanggal_lahir_tidak_sah_ditolak(hari_ini, lahir):
    assert kode_galat(validasi_nip, f"{lahir}2010011002", pns=True) == "tanggal_lahir"


@pytest.mark.parametrize("pns", [True, False])
def test_nip_diangkat_sebelum_usia_15_ditolak(pns):
    assert kode_galat(validasi_nip, "198503151999011002", pns=pns) == "tahun_angkat"
    assert validasi_nip("198503152000011002", pns=pns) == "198503152000011002"


@pytest.mark.parametrize("pns", [True, False])
def test_nip_tahun_angkat_di_masa_depan_ditolak(hari_ini, pns):
    assert kode_galat(validasi_nip, "198503152025011002", pns=pns) == "tahun_angkat"


@pytest.mark.parametrize("kelamin", "0345789")
def test_nip_angka_jenis_kelamin_selain_1_atau_2_ditolak(kelamin):
    assert kode_galat(validasi_nip, f"19850315201001{kelamin}002", pns=True) == "kelamin"


def test_nip_perempuan_sah():
    assert validasi_nip("198503152010012002", pns=True) == "198503152010012002"


@pytest.mark.parametrize(
    "nilai",
    [NIP_PNS_SAH[:17], NIP_PNS_SAH + "1", "19850315201001100A", NIP_PNS_SAH[:17] + "٢", NIP_PNS_SAH[:17] + "２", ""],
)
def test_nip_selain_18_angka_ascii_ditolak(nilai):
    assert kode_galat(validasi_nip, nilai, pns=True) == "format"


# --- Telepon


@pytest.mark.parametrize(
    "nilai, hasil",
    [
        ("081234567890", "081234567890"),
        ("0812 3456 7890", "081234567890"),
        ("0812-3456-7890", "081234567890"),
        ("+6281234567890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("6281234567890", "6281234567890"),
        ("021 1234 5678", "02112345678"),
        ("(021) 555-1234", "0215551234"),
        ("+62 21 5551234", "+62215551234"),
        ("0341.123456", "0341123456"),
    ],
)
def test_telepon_seluler_dan_kantor_diterima(nilai, hasil):
    assert validasi_telepon(nilai) == hasil


@pytest.mark.parametrize(
    "nilai",
    [
        "",
        None,
        "abc",
        "0812",
        "12345678901",
        "+1 202 555 0100",
        "+62 0812 3456 7890",
        "08123456789012345",
        "０８１２３４５６７８９０",  # full-width
        "٠٨١٢٣٤٥٦٧٨٩٠",  # Arabic-Indic
        "0812345678x",
        "0812 3456 7890 ext 1",
        "0812'; DROP TABLE pelapor; --",
        "081234567",  # nine digits: too short for a mobile number, and 08 is never a landline area code
    ],
)
def test_telepon_sampah_ditolak(nilai):
    assert kode_galat(validasi_telepon, nilai) == "telepon"


# --- Any input


@hypothesis.settings(max_examples=200, deadline=None)
@given(
    nilai=st.one_of(
        st.text(max_size=40),
        st.text(alphabet="0123456789", min_size=16, max_size=18),  # reaches the date arithmetic
        st.text(alphabet="0123456789 +-()", max_size=20),
    ),
    pns=st.booleans(),
)
def test_validator_hanya_pernah_melempar_validation_error(nilai, pns):
    for panggil in (validasi_nik, lambda v: validasi_nip(v, pns=pns), validasi_telepon):
        try:
            hasil = panggil(nilai)
        except ValidationError:
            continue
        assert isinstance(hasil, str) and hasil.isascii()
