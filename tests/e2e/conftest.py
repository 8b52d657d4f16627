"""Browser fixtures: Debian's chromium driven by Playwright against pytest-django's live_server,
at a phone's size. Never `playwright install`: the browser is the system one."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGUMEN_CHROMIUM = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PONSEL = {"width": 390, "height": 844}
WAKTU_TUNGGU_MS = 15_000


@pytest.fixture(scope="session")
def folder_hasil(pytestconfig) -> Path:
    """Screenshots land in test-results/ (gitignored), for people and for CI artifacts."""
    folder = pytestconfig.rootpath / "test-results"
    folder.mkdir(exist_ok=True)
    return folder


# Every page of every browser test reports what its Content-Security-Policy blocked: an inline
# script or style, a handler, a resource from elsewhere. Chromium writes each to the console; the
# event listener adds the details. Any one fails the test (_tanpa_pelanggaran_csp).
SKRIP_PELANGGARAN_CSP = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("PELANGGARAN-CSP " + e.violatedDirective + " diblokir=" + e.blockedURI +
                " di " + e.sourceFile + ":" + e.lineNumber);
});
"""
_pelanggaran_csp: list[str] = []


def _catat_csp(pesan) -> None:
    teks = pesan.text
    if "PELANGGARAN-CSP" in teks or "Content Security Policy" in teks:
        _pelanggaran_csp.append(f"{pesan.location.get('url', '')}: {teks}")


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium tidak ditemukan di {CHROMIUM}; pasang paket Debian `chromium` (lihat .ci/run).")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still plain synchronous code.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        expect.set_options(timeout=WAKTU_TUNGGU_MS)
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGUMEN_CHROMIUM)
            konteks_baru = b.new_context

            def new_context(**kwargs):
                k = konteks_baru(**kwargs)
                k.add_init_script(SKRIP_PELANGGARAN_CSP)
                k.on("console", _catat_csp)
                return k

            b.new_context = new_context
            yield b
            b.close()


@pytest.fixture(autouse=True)
def _tanpa_pelanggaran_csp():
    _pelanggaran_csp.clear()
    yield
    terjadi, _pelanggaran_csp[:] = list(_pelanggaran_csp), []
    assert not terjadi, "Content-Security-Policy memblokir sesuatu:\n" + "\n".join(terjadi)


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, with /static/ left to the application as in production.

    pytest-django puts Django's StaticFilesHandler in front, which serves /static/ from the source
    folders under the source names. With DEBUG=0 the pages name the manifest's hashed files
    (netralitas.statik), which only STATIC_ROOT holds (collected by tests/conftest.py): whitenoise
    in the middleware serves them, with the headers production sends."""
    from pytest_django.live_server_helper import LiveServer

    alamat = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(alamat, start=False)
    server.thread.static_handler = lambda aplikasi: aplikasi
    server.start()
    yield server
    server.stop()


@pytest.fixture
def buka_ponsel(browser, request, folder_hasil, live_server):
    """Open a phone-sized page (with or without JavaScript); on failure, keep a screenshot of it."""
    konteks = []

    def buka(*, javascript=True):
        k = browser.new_context(
            viewport=PONSEL,
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            java_script_enabled=javascript,
            locale="id-ID",
            timezone_id="Asia/Jakarta",
        )
        k.set_default_timeout(WAKTU_TUNGGU_MS)
        konteks.append(k)
        return k.new_page()

    yield buka

    laporan = getattr(request.node, "rep_call", None)
    for i, k in enumerate(konteks):
        if laporan is not None and laporan.failed:
            for j, halaman in enumerate(k.pages):
                halaman.screenshot(path=folder_hasil / f"GAGAL-{request.node.name}-{i}-{j}.png", full_page=True)
        k.close()


@pytest.fixture
def ponsel(buka_ponsel):
    return buka_ponsel()


@pytest.fixture
def foto(tmp_path):
    path = tmp_path / "bukti-unggahan.jpg"
    Image.new("RGB", (640, 480), (30, 90, 160)).save(path, "JPEG", quality=85)
    return path


@pytest.fixture
def wilayah_kabupaten_malang(live_server):
    """live_server's database is flushed after every test: each test loads the regions it uses."""
    call_command("load_wilayah", awalan="35.07", verbosity=0)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    rep = yield
    setattr(item, f"rep_{rep.when}", rep)
    return rep
