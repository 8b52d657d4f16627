"""Random and hostile input to the public forms never produces a server error."""

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
