"""/metrics: Prometheus's text format with request latency, the outbox and the Celery queues, only
for the networks of METRIKA_IZIN_JARINGAN, the client address read by netralitas.jaringan's rule."""

import os
import re
import uuid

import pytest

from netralitas import metrika
from netralitas.celery import app
from tests.conftest import _reset_pool
from tests.factories import buat_pengaduan

pytestmark = pytest.mark.django_db
URL = "/metrics"


def nilai(teks: str, nama: str, **label) -> float | None:
    """The sample `nama{label…}` of an exposition, or None."""
    for baris in teks.splitlines():
        if baris.startswith("#"):
            continue
        m = re.fullmatch(r"([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)", baris)
        if not m or m[1] != nama:
            continue
        ada = dict(re.findall(r'([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"', m[2] or ""))
        if all(ada.get(k) == v for k, v in label.items()):
            return float(m[3])
    return None


def test_metrik_terbaca_dari_loopback(client):
    client.get("/lapor/")
    r = client.get(URL)
    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/plain; version=")
    assert "no-cache" in r["Cache-Control"]
    teks = r.content.decode()
    assert nilai(teks, "posko_permintaan_http_detik_count", metode="GET", rute="pengaduan:lapor", status="2xx") >= 1
    assert nilai(teks, "posko_permintaan_http_detik_bucket", rute="pengaduan:lapor", le="+Inf") >= 1
    assert nilai(teks, "posko_database_terjangkau") == 1
    for nama in ("menunggu", "menunggu_lama", "gagal", "gagal_baru"):
        assert nilai(teks, f"posko_outbox_{nama}") == 0, nama


def test_rute_tanpa_pola_dan_metode_asing_tidak_menambah_label_baru(client):
    client.get("/tidak-ada/123/456/")
    client.generic("BREW", "/")
    teks = client.get(URL).content.decode()
    assert nilai(teks, "posko_permintaan_http_detik_count", rute="(tanpa rute)", status="4xx") >= 1
    assert nilai(teks, "posko_permintaan_http_detik_count", metode="LAIN") >= 1
    assert "/tidak-ada/123" not in teks


@pytest.mark.parametrize("alamat", ["10.0.0.5", "192.168.1.20", "203.0.113.9", "2001:db8::1", "bukan-alamat"])
def test_alamat_lain_mendapat_404(client, alamat):
    assert client.get(URL, REMOTE_ADDR=alamat).status_code == 404


@pytest.mark.parametrize("alamat", ["127.0.0.1", "::1", "::ffff:127.0.0.1"])
def test_loopback_ipv4_dan_ipv6_diizinkan(client, alamat):
    assert client.get(URL, REMOTE_ADDR=alamat).status_code == 200


def test_jaringan_yang_diizinkan_dari_pengaturan(client, settings):
    settings.METRIKA_IZIN_JARINGAN = ["10.20.0.0/16", "2001:db8:5::/48"]
    assert client.get(URL, REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get(URL, REMOTE_ADDR="2001:db8:5::9").status_code == 200
    assert client.get(URL, REMOTE_ADDR="10.21.0.1").status_code == 404
    assert client.get(URL, REMOTE_ADDR="127.0.0.1").status_code == 404


def test_lewat_proksi_tanpa_proksi_tepercaya_ditolak(client, settings):
    """nginx on the same host connects from 127.0.0.1 for every visitor: without
    TRUSTED_PROXY_HEADER the visitor is unknown, so a request that came through a proxy is refused."""
    settings.TRUSTED_PROXY_HEADER = ""
    assert client.get(URL, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
    assert client.get(URL, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 404
    assert client.get(URL, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="127.0.0.1").status_code == 404


def test_lewat_proksi_tepercaya_alamat_paling_kanan_yang_menentukan(client, settings):
    """netralitas.jaringan's rule: the right-most entry, the one nginx appended, is the client; what
    the client wrote to its left cannot let it in."""
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    nginx = {"REMOTE_ADDR": "127.0.0.1"}
    assert client.get(URL, **nginx, HTTP_X_FORWARDED_FOR="127.0.0.1, 203.0.113.9").status_code == 404
    assert client.get(URL, **nginx, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
    assert client.get(URL, **nginx, HTTP_X_FORWARDED_FOR="203.0.113.9, 127.0.0.1").status_code == 200
    settings.METRIKA_IZIN_JARINGAN = ["10.8.0.0/24"]  # the monitoring server's network
    assert client.get(URL, **nginx, HTTP_X_FORWARDED_FOR="10.8.0.7").status_code == 200
    assert client.get(URL, **nginx, HTTP_X_FORWARDED_FOR="10.8.0.7, 10.9.0.1").status_code == 404


def test_outbox_yang_tertahan_terlihat(client, broker_mati):
    buat_pengaduan(email="warga@contoh.id")
    teks = client.get(URL).content.decode()
    assert nilai(teks, "posko_outbox_menunggu") == 1
    assert nilai(teks, "posko_outbox_menunggu_lama") == 0


def test_broker_tidak_terjangkau_dilaporkan_tanpa_gagal(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    r = client.get(URL)
    assert r.status_code == 200
    assert nilai(r.content.decode(), "posko_broker_terjangkau") == 0


def test_nama_antrean_dari_rute_dan_antrean_celery(monkeypatch):
    monkeypatch.setitem(app.conf, "task_routes", {"pengaduan.tasks.buat_ekspor": {"queue": "lambat"}})
    assert metrika.nama_antrean() == sorted({app.conf.task_default_queue, "lambat"})
    monkeypatch.setitem(app.conf, "task_routes", [{"netralitas.statistik.tasks.perbarui_statistik": {"queue": "cpu"}}])
    assert "cpu" in metrika.nama_antrean()


@pytest.mark.broker
def test_panjang_antrean_celery_di_redis(client, settings, monkeypatch):
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis://"):
        if os.environ.get("CI"):
            pytest.fail("CI harus menyediakan CELERY_BROKER_URL (Redis).")
        pytest.skip("CELERY_BROKER_URL tidak diset (laptop tanpa Redis).")
    antrean = f"uji-metrika-{uuid.uuid4().hex[:8]}"
    settings.CELERY_BROKER_URL = url
    monkeypatch.setitem(app.conf, "task_default_queue", antrean)
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "broker_write_url", url)
    _reset_pool(app)
    import redis

    r = redis.Redis.from_url(url)
    try:
        for _ in range(3):
            app.tasks["pengaduan.tasks.proses_tertunda"].apply_async(queue=antrean)
        teks = client.get(URL).content.decode()
        assert nilai(teks, "posko_broker_terjangkau") == 1
        assert nilai(teks, "posko_antrean_celery_panjang", antrean=antrean) == 3
    finally:
        r.delete(antrean, *(f"{antrean}\x06\x16{p}" for p in (3, 6, 9)), f"_kombu.binding.{antrean}")
        _reset_pool(app)


SKRIP_PROSES = """
import sys
import django
django.setup()
from django.test import Client
klien = Client()
if sys.argv[1] == "layani":
    for _ in range(3):
        assert klien.get("/healthz").status_code == 200
else:
    r = klien.get("/metrics")
    assert r.status_code == 200, r.status_code
    print(r.content.decode())
"""


def test_gunicorn_banyak_pekerja_dijumlahkan_lewat_folder_multiproses(tmp_path):
    """Under gunicorn every worker process counts its own requests: with PROMETHEUS_MULTIPROC_DIR
    the scrape answered by one worker sums them all (here: one process served, another answers)."""
    import subprocess
    import sys
    from pathlib import Path

    folder = tmp_path / "prometheus"
    folder.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "netralitas.settings",
        "DEBUG": "1",
        "VAR_DIR": str(tmp_path / "var"),
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
        "LOG_LEVEL": "ERROR",
    }
    akar = Path(__file__).resolve().parents[1]

    def jalankan(peran):
        r = subprocess.run(
            [sys.executable, "-c", SKRIP_PROSES, peran], cwd=akar, env=env, capture_output=True, text=True, timeout=120
        )
        assert r.returncode == 0, r.stderr[-3000:]
        return r.stdout

    jalankan("layani")
    teks = jalankan("baca")
    assert nilai(teks, "posko_permintaan_http_detik_count", rute="healthz", status="2xx") == 3
    # The database of this bare process has no tables: reported, not a failed scrape.
    assert nilai(teks, "posko_database_terjangkau") == 0
