"""Static files as production serves them: collected outside VAR_DIR, readable by nginx and the
service user (0644/0755) while the evidence stays 0600/0700, hashed names cached for a year,
gzip and brotli copies, and /lapor/ within its budget on a phone's connection."""

import gzip
import os
import re
import stat
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command

from netralitas import produksi

# Issue 13: /lapor/ costs at most this much on the wire, first load and second (static cached).
ANGGARAN_MUAT_PERTAMA = 60 * 1024
ANGGARAN_MUAT_ULANG = 10 * 1024
TAHUN = 365 * 24 * 3600


def _mode(jalur: Path) -> int:
    return stat.S_IMODE(jalur.stat().st_mode)


@pytest.fixture
def umask_ketat():
    """The umask of a systemd unit with UMask=0077: whatever a process writes without naming a mode
    is private."""
    lama = os.umask(0o077)
    yield
    os.umask(lama)


def test_collectstatic_terbaca_semua_sedangkan_bukti_tetap_privat(settings, tmp_path, umask_ketat):
    sumber = tmp_path / "sumber"
    (sumber / "css").mkdir(parents=True)
    (sumber / "css" / "gaya.css").write_text("body { background: url(../img/latar.svg); }\n" * 40)
    (sumber / "img").mkdir()
    (sumber / "img" / "latar.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"></svg>\n' * 40)
    settings.STATICFILES_DIRS = [sumber]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "berkas", "base_url": None},
        },
    }

    call_command("collectstatic", "--noinput", verbosity=0)
    storages["default"].save("bukti/2026/foto.jpg", ContentFile(b"\xff\xd8bukti"))

    berkas = [p for p in (tmp_path / "staticfiles").rglob("*") if p.is_file()]
    folder = [tmp_path / "staticfiles", *(p for p in (tmp_path / "staticfiles").rglob("*") if p.is_dir())]
    nama = {p.name for p in berkas}
    # Hashed copies, their gzip and brotli versions, the manifest: all of them readable by all.
    assert {"staticfiles.json", "gaya.css"} <= nama
    assert any(re.fullmatch(r"gaya\.[0-9a-f]{12}\.css\.br", n) for n in nama), nama
    assert any(re.fullmatch(r"gaya\.[0-9a-f]{12}\.css\.gz", n) for n in nama), nama
    assert {str(p.relative_to(tmp_path)): oct(_mode(p)) for p in berkas if _mode(p) != 0o644} == {}
    assert {str(p.relative_to(tmp_path)): oct(_mode(p)) for p in folder if _mode(p) != 0o755} == {}
    # The evidence, written in the same process, keeps its private modes.
    assert _mode(tmp_path / "berkas" / "bukti" / "2026" / "foto.jpg") == 0o600
    assert _mode(tmp_path / "berkas" / "bukti" / "2026") == 0o700


def test_static_root_bawaan_di_luar_var_dir_dan_ditolak_di_dalamnya(tmp_path):
    import netralitas.settings as modul

    if "STATIC_ROOT" not in os.environ:
        assert modul.STATIC_ROOT == modul.BASE_DIR / "staticfiles"
    assert not modul.STATIC_ROOT.resolve().is_relative_to(modul.VAR_DIR.resolve())
    var = tmp_path / "var"
    for salah in (var / "static", var):
        with pytest.raises(ImproperlyConfigured, match="STATIC_ROOT"):
            produksi.folder_statik(static_root=salah, var_dir=var, berkas_privat=var / "berkas")
    with pytest.raises(ImproperlyConfigured, match="STATIC_ROOT"):
        produksi.folder_statik(static_root=tmp_path, var_dir=var, berkas_privat=var / "berkas")
    assert produksi.folder_statik(static_root=tmp_path / "staticfiles", var_dir=var, berkas_privat=var / "berkas") == (
        tmp_path / "staticfiles"
    )


def _ukuran_kepala(r) -> int:
    """The response's status line and headers as HTTP/1.1 writes them."""
    return len(f"HTTP/1.1 {r.status_code} {r.reason_phrase}\r\n") + sum(len(f"{k}: {v}\r\n") for k, v in r.items()) + 2


def _isi(r) -> bytes:
    return b"".join(r.streaming_content) if r.streaming else r.content


@pytest.mark.django_db
def test_lapor_hemat_pada_muat_pertama_dan_muat_ulang(client):
    """The page and every static file it loads, as the browser receives them: the HTML compressed as
    nginx compresses it (gzip at its default level 1, the worst case), each asset in the encoding
    whitenoise (or nginx's gzip_static) serves. On a second visit the hashed assets are cached
    'immutable' for a year and not asked for again: only the HTML travels."""
    r = client.get("/lapor/")
    assert r.status_code == 200
    html = r.content
    kepala_html = _ukuran_kepala(r)
    html_gzip = len(gzip.compress(html, compresslevel=1))
    aset = sorted(set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html.decode())))
    assert aset, "the page loads its CSS and JS from /static/"

    per_encoding = {}
    for encoding in ("br", "gzip"):
        total = kepala_html + html_gzip
        rincian = [("/lapor/ (HTML, gzip)", kepala_html + html_gzip)]
        for url in aset:
            # Hashed names only: a file under its source name would be fetched again on every visit.
            assert re.search(r"\.[0-9a-f]{12}\.(css|js|svg|png|woff2?)$", url), url
            a = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
            assert a.status_code == 200, url
            assert a["Content-Encoding"] == encoding, url
            kontrol = a["Cache-Control"]
            assert "immutable" in kontrol and int(re.search(r"max-age=(\d+)", kontrol)[1]) >= TAHUN, kontrol
            n = _ukuran_kepala(a) + len(_isi(a))
            rincian.append((url, n))
            total += n
        per_encoding[encoding] = (total, rincian)

    muat_ulang = kepala_html + html_gzip
    laporan = [f"/lapor/: HTML {len(html)} B mentah, {html_gzip} B gzip; muat ulang {muat_ulang} B"]
    for encoding, (total, rincian) in per_encoding.items():
        laporan.append(f"muat pertama ({encoding}): {total} B = " + ", ".join(f"{u} {n}" for u, n in rincian))
    print("\n" + "\n".join(laporan))
    for total, _ in per_encoding.values():
        assert total <= ANGGARAN_MUAT_PERTAMA, laporan
    assert muat_ulang <= ANGGARAN_MUAT_ULANG, laporan


@pytest.mark.django_db
def test_tanpa_collectstatic_mode_debug_tetap_menyajikan_statik(client, settings, tmp_path):
    """`make run` (DEBUG=1) serves the sources under their own names: no collectstatic on a laptop."""
    settings.DEBUG = True
    settings.STATIC_ROOT = tmp_path / "belum-dikumpulkan"
    r = client.get("/lapor/")
    assert r.status_code == 200
    assert 'href="/static/css/posko.css"' in r.content.decode()
    css = client.get("/static/css/posko.css")
    assert css.status_code == 200 and b".pra-baris" in _isi(css)
    assert not (tmp_path / "belum-dikumpulkan").exists()


def test_statik_uji_dikumpulkan_dengan_penyimpanan_produksi():
    """The suite reads what collectstatic wrote with the production storage (tests/conftest.py)."""
    assert django_settings.STORAGES["staticfiles"]["BACKEND"] == "netralitas.statik.PenyimpananStatik"
    assert (Path(django_settings.STATIC_ROOT) / "staticfiles.json").exists()
