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
