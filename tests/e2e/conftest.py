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
            yield b
            b.close()


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
