"""The Content-Security-Policy on every public page and every kind of answer a citizen may meet
(forms with errors, the receipt, the case status, the error pages), the staff login; the admin's
pages, for every role, are walked in tests/test_lingkup_admin.py with the same check
(tests/kebijakan_konten.py). The browser tests fail on any violation Chromium reports
(tests/e2e/conftest.py), so the scripts are also proved to run under the policy."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from tests import kebijakan_konten
from tests.factories import buat_pengaduan
from tests.pengaduan.test_intake import URL as URL_LAPOR
from tests.pengaduan.test_intake import data_sah
from tests.sosialisasi.test_lingkup import catat_kegiatan

pytestmark = pytest.mark.django_db
AKAR = Path(__file__).resolve().parents[1]


def _periksa(jawaban: dict) -> list[str]:
    return [f"{url} ({r.status_code}): {m}" for url, r in jawaban.items() for m in kebijakan_konten.pelanggaran(r)]


def test_setiap_halaman_publik_membawa_csp_tanpa_skrip_inline(client, settings):
    from netralitas.akun.models import Peran
    from tests.factories import buat_staf

    settings.RATELIMIT_LACAK = "3/m"
    staf = buat_staf(Peran.ADMINISTRATOR, None, is_superuser=True)
    kegiatan = catat_kegiatan(Client(), staf, "35.07", "Sosialisasi netralitas ASN di Kepanjen")
    _, kode = buat_pengaduan()
    jawaban = {}
    for url in ["/", "/?provinsi=35", "/lapor/", "/lapor/?provinsi=35", "/lacak/", "/sosialisasi/",
                f"/sosialisasi/{kegiatan.pk}/", "/statistik/", "/statistik/?wilayah=35", "/tidak-ada/",
                "/admin/login/", "/wilayah/anak/?induk=35", "/healthz", "/readyz"]:  # fmt: skip
        jawaban[url] = client.get(url)
    jawaban["POST /lapor/ (galat)"] = client.post("/lapor/", {"kirim": "1"})
    warga = Client()
    assert warga.post(URL_LAPOR, data_sah(warga)).status_code == 302
    jawaban["/lapor/tanda-terima/"] = warga.get("/lapor/tanda-terima/")
    jawaban["POST /lacak/ (kode salah)"] = client.post("/lacak/", {"aksi": "cari", "kode": "AAAA-BBBB-CCCC-DDDD"})
    jawaban["POST /lacak/ (kode benar)"] = client.post("/lacak/", {"aksi": "cari", "kode": kode})
    assert jawaban["POST /lacak/ (kode benar)"].status_code == 302
    jawaban["/lacak/ (status)"] = client.get("/lacak/")
    for _ in range(3):
        r = client.post("/lacak/", {"aksi": "cari", "kode": "AAAA-BBBB-CCCC-DDDD"})
    jawaban["POST /lacak/ (429)"] = r
    jawaban["POST /lacak/ (403 CSRF)"] = Client(enforce_csrf_checks=True).post("/lacak/", {"kode": kode})
    jawaban["POST /admin/login/ (salah)"] = client.post("/admin/login/", {"username": "x", "password": "y"})

    assert {r.status_code for r in jawaban.values()} >= {200, 302, 400, 403, 404, 429}, {
        u: r.status_code for u, r in jawaban.items()
    }
    assert not _periksa(jawaban), "\n".join(_periksa(jawaban))
    # The page's scripts are files of our own origin, named by their hash.
    html = jawaban["/lapor/"].content.decode()
    assert re.search(r'<script src="/static/js/lapor\.[0-9a-f]{12}\.js" defer>', html)


def test_halaman_500_berdiri_sendiri_dan_gayanya_diizinkan_hashnya(monkeypatch):
    """500.html keeps its own <style> (it must render with nothing else working): the policy
    allows exactly that block, by hash."""
    _, kode = buat_pengaduan()
    klien = Client(raise_request_exception=False)

    def mati(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "_cursor", mati)
    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", mati)
    r = klien.post("/lacak/", {"aksi": "cari", "kode": kode})
    assert r.status_code == 500 and "Layanan sedang terganggu" in r.content.decode()
    assert not kebijakan_konten.pelanggaran(r), kebijakan_konten.pelanggaran(r)

    isi = re.search(r"<style>(.*?)</style>", (AKAR / "templates" / "500.html").read_text(), re.S)[1]
    assert kebijakan_konten.hash_csp(isi) == django_settings.HASH_GAYA_500, (
        f"500.html's <style> changed: set HASH_GAYA_500 in netralitas/settings.py to "
        f'"{kebijakan_konten.hash_csp(isi)}"'
    )


def test_kebijakan_tanpa_inline_untuk_skrip_maupun_gaya():
    arahan = django_settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert arahan["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in arahan["style-src"] and "'unsafe-eval'" not in arahan["style-src"]
    assert arahan["object-src"] == arahan["base-uri"] == arahan["frame-ancestors"] == ["'none'"]


def test_templat_proyek_tanpa_skrip_atau_gaya_inline():
    """Every template the project writes, including the admin templates it overrides: no inline
    script, handler, javascript: URL or style attribute, whatever branch of it a test renders.
    E-mails are not pages (no policy applies, and mail clients need inline styles)."""
    masalah = []
    for templat in sorted((AKAR / "templates").rglob("*.html")):
        relatif = templat.relative_to(AKAR / "templates")
        if relatif.parts[0] == "email":
            continue
        teks = templat.read_text()
        for pola, apa in (
            (r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", "<script> inline"),
            (r"\son[a-z]+\s*=", "penangan peristiwa inline"),
            (r"javascript:", "URL javascript:"),
            (r"\sstyle\s*=", "atribut style"),
        ):
            if re.search(pola, teks, re.I):
                masalah.append(f"{relatif}: {apa}")
    masalah = [m for m in masalah if not m.startswith("500.html: ")]
    assert not masalah, "\n".join(masalah)
