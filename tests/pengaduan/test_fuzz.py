"""Random and hostile input to the public forms never produces a server error."""

import base64

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

teks = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\x00",
            "../../etc/passwd",
            "😀" * 50,
            "9" * 5000,
            "35",
            "35.07",
            "-1",
        ]
    ),
)
KOLOM_LAPOR = [
    "token_pengajuan",
    "sumber",
    "nama",
    "nik",
    "alamat",
    "telepon",
    "email",
    "rahasia",
    "jenis_pemilihan",
    "kategori",
    "kategori_lainnya",
    "tanggal_kejadian",
    "tanggal_diketahui",
    "provinsi",
    "kabupaten",
    "kecamatan",
    "desa",
    "alamat_kejadian",
    "kronologi",
    "tautan",
    "pernyataan",
    "situs_web",
    "unggahan",
    "hapus_unggahan",
    "terlapor-TOTAL_FORMS",
    "terlapor-INITIAL_FORMS",
    "terlapor-0-nama",
    "terlapor-0-nip",
    "terlapor-0-jenis_asn",
    "terlapor-0-instansi_teks",
    "saksi-TOTAL_FORMS",
    "saksi-INITIAL_FORMS",
    "saksi-0-nama",
    "pilih_wilayah",
    "tambah_terlapor",
    "tambah_saksi",
    "kirim",
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.dictionaries(st.sampled_from(KOLOM_LAPOR), teks, max_size=len(KOLOM_LAPOR)))
def test_lapor_tidak_pernah_500(client, data):
    r = client.post("/lapor/", data)
    assert r.status_code in (200, 302, 400, 429)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.dictionaries(st.sampled_from(["aksi", "kode", "teks", "alasan", "yakin", "unggahan"]), teks, max_size=6))
def test_lacak_tidak_pernah_500(client, data):
    r = client.post("/lacak/", data)
    assert r.status_code in (200, 302, 400, 429)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(induk=teks)
def test_endpoint_wilayah_tidak_pernah_500(client, induk):
    r = client.get("/wilayah/anak/", {"induk": induk})
    assert r.status_code in (200, 400)


# --- Links typed without a scheme, and file names of any length and script -----------------------

_label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
_host = st.builds(
    lambda ls, tld: ".".join([*ls, tld]),
    st.lists(_label, min_size=1, max_size=3),
    st.sampled_from(["com", "id", "co.id", "net"]),
)
_path = st.from_regex(r"(/[A-Za-z0-9_@.~%-]{0,12}){0,4}(\?[a-z]{1,5}=[0-9]{1,5})?", fullmatch=True)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(host=_host, path=_path, awalan=st.sampled_from(["", "//", "https://", "http://", "HTTPS://"]))
def test_tautan_tanpa_skema_selalu_dibaca_sebagai_https(host, path, awalan):
    from pengaduan.pelaporan.forms import LaporForm

    form = LaporForm({"tautan": f"  {awalan}{host}{path}  "})
    form.is_valid()
    assert "tautan" not in form.errors, form.errors.get("tautan")
    url = form.cleaned_data["tautan"][0]
    assert url == {"": "https://", "//": "https://"}.get(awalan, awalan) + host + path


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(baris=st.lists(teks, min_size=1, max_size=4))
def test_tautan_diterima_hanya_http_atau_https_dan_ditolak_dengan_pesan(baris):
    from pengaduan.pelaporan.forms import LaporForm

    form = LaporForm({"tautan": "\n".join(baris)})
    form.is_valid()
    if "tautan" in form.errors:  # refused with a message, and the entry comes back as typed
        assert form.errors["tautan"][0] and form["tautan"].value() == "\n".join(baris)
    else:
        assert all(u.lower().startswith(("https://", "http://")) for u in form.cleaned_data["tautan"])


_nama_berkas = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='/\\"'), min_size=0, max_size=1200
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(nama=_nama_berkas, akhiran=st.sampled_from([".jpg", ".JPEG", "", ".jpg.exe", ".фото"]))
def test_nama_berkas_apa_pun_tidak_menggagalkan_laporan(client, nama, akhiran):
    """Any name a phone's file system can give (up to 255 characters in any script, and more from
    hostile tools) leaves the report filed: the name is cosmetic, the content is what is checked."""
    from pengaduan.models import Pengaduan
    from tests.pengaduan.test_intake import berkas_bernama, data_sah

    sebelum = Pengaduan.objects.count()
    r = client.post("/lapor/", data_sah(client, berkas=[berkas_bernama(nama + akhiran)]))
    assert r.status_code == 302, r.context and (r.context["galat_berkas"], r.context["form"].errors)
    p = Pengaduan.objects.order_by("-pk").first()
    assert Pengaduan.objects.count() == sebelum + 1
    b = p.bukti.get()
    assert 0 < len(b.nama_asli) <= 120


@settings(max_examples=200, deadline=None)
@given(
    token=st.one_of(st.text(max_size=600), st.binary(max_size=300).map(lambda b: base64.urlsafe_b64encode(b).decode()))
)
def test_kuki_tanda_terima_palsu_tidak_pernah_dibuka(token):
    """Whatever a browser sends as the receipt cookie opens nothing and raises nothing: only a
    value the server sealed does."""
    from pengaduan.pelaporan import tanda_terima

    assert tanda_terima.buka(token) is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    token=st.text(
        alphabet=st.characters(min_codepoint=33, max_codepoint=126, blacklist_characters=';,"\\'), max_size=400
    )
)
def test_tanda_terima_dengan_kuki_sembarang_tidak_pernah_500(client, token):
    client.cookies["tanda_terima"] = token
    client.cookies["tanda_terima_ulang"] = token[::-1]
    assert client.get("/lapor/tanda-terima/").status_code == 302
    assert client.get("/lapor/tanda-terima/unduh/").status_code == 302


@pytest.mark.parametrize("nama", ["\U0001342f", "..", "foto/..", "\u200b\u200b"])
def test_berkas_bernama_tak_terbaca_tetap_menjadi_bukti(client, nama):
    """A name with no printable character left (a code point newer than the server's Unicode tables,
    a bare "..") used to make Django drop the file without a word: the evidence is kept."""
    from pengaduan.models import Pengaduan
    from tests.pengaduan.test_intake import berkas_bernama, data_sah

    r = client.post("/lapor/", data_sah(client, berkas=[berkas_bernama(nama)]))
    assert r.status_code == 302
    b = Pengaduan.objects.order_by("-pk").first().bukti.get()
    assert b.nama_asli
