"""Error pages a citizen may meet, in Indonesian. With the database down, every public page answers
either itself (when it needs no database) or an Indonesian error page that needs no database."""

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from tests.factories import buat_pengaduan

pytestmark = pytest.mark.django_db

HALAMAN_PUBLIK = [
    "/",
    "/lapor/",
    "/lapor/?provinsi=35",
    "/lapor/tanda-terima/",
    "/lacak/",
    "/sosialisasi/",
    "/statistik/",
]


@pytest.fixture
def basis_data_mati(monkeypatch):
    """Every new query fails as it does when PostgreSQL is unreachable (the connection the test
    holds is left alone, so the test's own transaction can still be rolled back after)."""

    def mati(self, *args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(BaseDatabaseWrapper, "_cursor", mati)
    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", mati)


def _indonesia_tanpa_basis_data(r):
    html = r.content.decode()
    assert 'lang="id"' in html
    assert "Server Error" not in html and "Bad Request" not in html
    assert "Layanan sedang terganggu" in html and "Coba lagi beberapa menit lagi" in html


def test_halaman_publik_saat_basis_data_mati_berbahasa_indonesia(request, settings):
    assert settings.DEBUG is False
    _, kode = buat_pengaduan()
    client = Client(raise_request_exception=False)
    client.get("/lapor/")  # the empty form is rendered once per process: warm it while the database is up
    request.getfixturevalue("basis_data_mati")

    jawaban = {url: client.get(url) for url in HALAMAN_PUBLIK}
    jawaban["POST /lacak/"] = client.post("/lacak/", {"aksi": "cari", "kode": kode})
    jawaban["POST /lapor/"] = client.post("/lapor/", {"kirim": "1", "provinsi": "35"})

    for url, r in jawaban.items():
        assert r.status_code in (200, 302, 500), url
        if r.status_code == 500:
            _indonesia_tanpa_basis_data(r)
    # The pages that must read the database did fail, and said so in Indonesian.
    gagal = {url for url, r in jawaban.items() if r.status_code == 500}
    assert {"/sosialisasi/", "POST /lacak/", "POST /lapor/", "/lapor/?provinsi=35"} <= gagal, gagal


def test_halaman_500_dirender_tanpa_konteks_basis_data_atau_sesi(django_assert_num_queries):
    from django.test import RequestFactory
    from django.views.defaults import server_error

    with django_assert_num_queries(0):
        r = server_error(RequestFactory().get("/"))
    assert r.status_code == 500
    _indonesia_tanpa_basis_data(r)
    assert "{%" not in r.content.decode() and "static/" not in r.content.decode()


def test_halaman_404_berbahasa_indonesia(client):
    r = client.get("/tidak-ada-halaman-ini/")
    assert r.status_code == 404
    html = r.content.decode()
    assert 'lang="id"' in html and "Halaman tidak ditemukan" in html and "Not Found" not in html
    assert 'href="/lacak/"' in html
