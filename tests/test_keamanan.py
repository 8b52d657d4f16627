"""Project-wide security answers that a citizen may meet."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_formulir_tanpa_token_csrf_ditolak_dengan_penjelasan():
    klien = Client(enforce_csrf_checks=True)
    jawaban = klien.post("/lacak/", {"kode": "AAAA-BBBB-CCCC-DDDD"})
    assert jawaban.status_code == 403
    assert "Halaman perlu dimuat ulang" in jawaban.content.decode()
    assert "CSRF" not in jawaban.content.decode()


@pytest.mark.parametrize(
    ("origin", "status"),
    [
        ("https://jahat.example", 403),  # another site, even with a valid token
        ("null", 403),  # what a `no-referrer` page sends: why the pages use `same-origin`
        ("http://testserver", 400),  # our own page: the form answers (unknown code)
    ],
)
def test_origin_diperiksa_di_samping_token(origin, status):
    klien = Client(enforce_csrf_checks=True)
    halaman = klien.get("/lacak/")
    assert halaman["Referrer-Policy"] == "same-origin"
    token = klien.cookies["csrftoken"].value
    jawaban = klien.post(
        "/lacak/", {"kode": "AAAA-BBBB-CCCC-DDDD", "csrfmiddlewaretoken": token}, headers={"origin": origin}
    )
    assert jawaban.status_code == status


def test_login_staf_dikunci_setelah_lima_kata_sandi_salah_lalu_kata_sandi_benar_pun_ditolak():
    from tests.factories import UserFactory

    UserFactory(username="petugas")
    klien = Client()
    for _ in range(4):
        r = klien.post("/admin/login/", {"username": "petugas", "password": "salah-salah-salah"})
        assert r.status_code == 200 and "Terlalu banyak" not in r.content.decode()
    r = klien.post("/admin/login/", {"username": "petugas", "password": "salah-salah-salah"})
    assert r.status_code == 429 and "Terlalu banyak percobaan masuk" in r.content.decode()
    r = klien.post("/admin/login/", {"username": "petugas", "password": "kata-sandi-uji-123"})
    assert r.status_code == 429
    # Another username from the same address is not locked.
    UserFactory(username="petugas2")
    r = klien.post("/admin/login/", {"username": "petugas2", "password": "kata-sandi-uji-123"})
    assert r.status_code == 302


# --- Behind the proxy: the README's own setting ---------------------------------------------------
# README: `TRUSTED_PROXY_HEADER=X-Forwarded-For`. nginx appends the address that connected to it, so
# the right-most entry is the client; anything to its left is the client's own claim.
WARGA_A = "203.0.113.5"
WARGA_B = "198.51.100.7"
PROXY = "10.0.0.2"  # every request reaches gunicorn from nginx


def lewat_proxy(klien: Client, url: str, data: dict, dari: str):
    return klien.post(url, data, REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": dari})


@pytest.mark.parametrize(
    "url, data, batas",
    [("/lacak/", {"aksi": "cari", "kode": "x"}, "RATELIMIT_LACAK"), ("/lapor/", {"kirim": "1"}, "RATELIMIT_LAPOR")],
)
def test_header_proxy_ejaan_readme_memisahkan_warga_dalam_batas_kiriman(settings, url, data, batas):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    setattr(settings, batas, "2/m")
    klien = Client()
    assert [lewat_proxy(klien, url, data, WARGA_A).status_code == 429 for _ in range(3)] == [False, False, True]
    # Another citizen behind the same nginx has a bucket of its own.
    assert lewat_proxy(Client(), url, data, WARGA_B).status_code != 429
    # A forged left-most entry does not buy a fresh bucket: nginx's entry (the last) decides.
    assert lewat_proxy(Client(), url, data, f"{WARGA_B}, {WARGA_A}").status_code == 429


@pytest.mark.parametrize("ejaan", ["X-Forwarded-For", "x-forwarded-for", "HTTP_X_FORWARDED_FOR"])
def test_header_proxy_diterima_dalam_ejaan_http_maupun_meta(settings, rf, ejaan):
    from netralitas.jaringan import alamat_klien

    settings.TRUSTED_PROXY_HEADER = ejaan
    permintaan = rf.get("/", REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": f"1.1.1.1, {WARGA_A}"})
    assert alamat_klien(permintaan) == WARGA_A
    # A proxy that wrote nothing usable: the connecting address, never the forged part.
    permintaan = rf.get("/", REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": "1.1.1.1, bukan-alamat"})
    assert alamat_klien(permintaan) == PROXY


def test_kunci_login_staf_di_balik_proxy_per_alamat_warga(settings):
    """Five wrong passwords from one address behind nginx lock that address only: the staff member
    still signs in from their own."""
    from tests.factories import UserFactory

    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    UserFactory(username="petugas")
    penyerang = Client()
    salah = {"username": "petugas", "password": "salah-salah-salah"}
    for _ in range(5):
        r = lewat_proxy(penyerang, "/admin/login/", salah, WARGA_A)
    assert r.status_code == 429
    benar = {"username": "petugas", "password": "kata-sandi-uji-123"}
    assert lewat_proxy(Client(), "/admin/login/", benar, WARGA_A).status_code == 429
    assert lewat_proxy(Client(), "/admin/login/", benar, WARGA_B).status_code == 302
