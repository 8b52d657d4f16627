"""A Redis that accepts connections and never answers (cache or broker): a report is still taken, and
each dependency is tried once per request, under a timeout of about a second.

No clock here: the cost of a hanging dependency is (connection attempts) × (the configured timeout),
so the tests count the attempts the hanging server receives and check the timeouts the clients
were actually built with. Without the fix a report made some seventeen cache attempts (17 s) and
three broker attempts of five seconds each (15 s).
"""

import socket
import threading

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from pengaduan.models import Bukti, Notifikasi, Pengaduan, StatusNotifikasi, StatusThumbnail
from tests.factories import jpeg
from tests.pengaduan.test_intake import cache_seperti_pengaturan, data_sah

pytestmark = pytest.mark.django_db

BATAS_DETIK = 1.0  # what one dependency may cost a request, per the settings' promise


class RedisMenggantung:
    """Accepts every TCP connection and never writes a byte. As a safety net, each connection is
    closed after `lepas_setelah` seconds, so a client without a timeout makes the test fail (with
    many attempts counted) instead of hanging the suite."""

    def __init__(self, lepas_setelah: float = 20):
        self._server = socket.create_server(("127.0.0.1", 0))
        self.url = f"redis://127.0.0.1:{self._server.getsockname()[1]}/0"
        self.diterima = 0
        self._lepas_setelah = lepas_setelah
        self._koneksi: list[socket.socket] = []
        self._jalan = True
        threading.Thread(target=self._layani, daemon=True).start()

    def _layani(self):
        while self._jalan:
            try:
                koneksi, _ = self._server.accept()
            except OSError:
                return
            self.diterima += 1
            self._koneksi.append(koneksi)
            pelepas = threading.Timer(self._lepas_setelah, koneksi.close)
            pelepas.daemon = True
            pelepas.start()

    def tutup(self):
        self._jalan = False
        self._server.close()
        for k in self._koneksi:
            k.close()


@pytest.fixture
def redis_menggantung():
    server = RedisMenggantung()
    yield server
    server.tutup()


def _cache_di(settings, **tujuan):
    from netralitas import versi_cache
    from pengaduan import tenggat

    settings.CACHES = {"default": cache_seperti_pengaturan(settings, **tujuan)}
    versi_cache._lokal.clear()
    tenggat._lokal.clear()


def test_cache_menggantung_dicoba_sekali_dengan_batas_waktu(client, settings, redis_menggantung):
    data = data_sah(client, nama="Tetap Tersimpan", email="pelapor@contoh.id", berkas=[jpeg(nama="a.jpg")])
    _cache_di(settings, url=redis_menggantung.url)
    # The clients really carry the timeouts (redis-py waits for ever without them) and no retry.
    sambungan = cache.client.get_client(write=True).connection_pool.connection_kwargs
    assert 0 < sambungan["socket_connect_timeout"] <= BATAS_DETIK
    assert 0 < sambungan["socket_timeout"] <= BATAS_DETIK
    assert not sambungan.get("retry_on_timeout")

    r = client.post("/lapor/", data)
    assert r.status_code == 302
    assert Pengaduan.objects.get().pelapor.nama == "Tetap Tersimpan"
    # One attempt for the whole report (rate limit, session, region lists, versions all read the
    # cache): at most one timeout of BATAS_DETIK.
    assert redis_menggantung.diterima == 1
    assert client.get(reverse("pengaduan:tanda_terima")).context["kode"]
    assert redis_menggantung.diterima == 1


def test_sentinel_menggantung_dicoba_sekali_per_sentinel_dalam_sedetik(client, settings):
    """REDIS_SENTINELS pointed at three sentinels that accept and never answer: the report is taken,
    each sentinel is asked once for the whole report, and their timeouts add up to about a second."""
    sentinel = [RedisMenggantung() for _ in range(3)]
    try:
        data = data_sah(client, nama="Tetap Tersimpan", berkas=[jpeg(nama="a.jpg")])
        _cache_di(settings, sentinel=[("127.0.0.1", int(s.url.split(":")[2].split("/")[0])) for s in sentinel])
        opsi = settings.CACHES["default"]["OPTIONS"]
        tanya = opsi["SENTINEL_KWARGS"]
        # Asking a hanging sentinel costs its connect timeout at most plus its answer timeout.
        assert len(sentinel) * tanya["socket_timeout"] <= BATAS_DETIK
        assert 0 < tanya["socket_connect_timeout"] <= BATAS_DETIK / len(sentinel)

        r = client.post("/lapor/", data)
        assert r.status_code == 302
        assert client.get(reverse("pengaduan:tanda_terima")).context["kode"]
        assert Pengaduan.objects.get().pelapor.nama == "Tetap Tersimpan"
        assert [s.diterima for s in sentinel] == [1, 1, 1]
    finally:
        for s in sentinel:
            s.tutup()


def test_sentinel_mati_laporan_tetap_masuk(client, settings):
    """Sentinels on ports where nobody listens (a real refused connection): the cache is a miss."""
    data = data_sah(client, nama="Tetap Tersimpan")
    _cache_di(settings, sentinel=[("127.0.0.1", 1), ("127.0.0.1", 2)])
    r = client.post("/lapor/", data)
    assert r.status_code == 302
    assert client.get(reverse("pengaduan:tanda_terima")).context["kode"]
    assert Pengaduan.objects.get().pelapor.nama == "Tetap Tersimpan"


def test_broker_menggantung_dicoba_sekali_dengan_batas_waktu(
    client, settings, redis_menggantung, django_capture_on_commit_callbacks
):
    from netralitas.celery import app
    from tests.conftest import _reset_pool

    # Two photos and an e-mail: the receipt to enqueue after the commit (the thumbnails are the
    # beat's to find, pengaduan.bukti.buat_thumbnail_baru); then a second report with its own.
    data = data_sah(client, email="pelapor@contoh.id", berkas=[jpeg(nama="a.jpg"), jpeg(nama="b.jpg")])
    klien_kedua = Client()
    data_kedua = data_sah(klien_kedua, email="pelapor-dua@contoh.id")
    conf = app.conf
    opsi = conf.broker_transport_options
    assert 0 < opsi["socket_connect_timeout"] <= BATAS_DETIK and 0 < opsi["socket_timeout"] <= BATAS_DETIK
    assert opsi["max_retries"] == 0 and not opsi.get("retry_on_timeout")
    assert conf.broker_connection_timeout <= BATAS_DETIK
    assert conf.task_publish_retry_policy["max_retries"] == 0

    lama = conf.broker_write_url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    conf.update(task_always_eager=False, broker_write_url=redis_menggantung.url)
    _reset_pool(app)
    try:
        with django_capture_on_commit_callbacks(execute=True) as tugas:
            r = client.post("/lapor/", data)
        with django_capture_on_commit_callbacks(execute=True) as tugas_kedua:
            r_kedua = klien_kedua.post("/lapor/", data_kedua)
    finally:
        conf.update(task_always_eager=True, broker_write_url=lama)
        _reset_pool(app)
    assert r.status_code == 302 and r_kedua.status_code == 302
    assert len(tugas) >= 1 and len(tugas_kedua) >= 1
    # One connection for the two reports' tasks, and it was given up after one timeout: the second
    # report's were not tried. The rows wait for the beat's jobs.
    assert redis_menggantung.diterima == 1
    assert set(Bukti.objects.values_list("status_thumbnail", flat=True)) == {StatusThumbnail.MENUNGGU}
    assert set(Notifikasi.objects.filter(jenis="tanda_terima").values_list("status", flat=True)) == {
        StatusNotifikasi.MENUNGGU
    }
    assert Notifikasi.objects.filter(jenis="tanda_terima").count() == 2


def test_broker_sentinel_menggantung_dicoba_sekali_per_sentinel(client, settings, django_capture_on_commit_callbacks):
    """A sentinel:// broker whose three sentinels accept and never answer: two reports are taken,
    their tasks wait for the beat, and each sentinel was asked once for both reports' tasks, within
    the short budget settings.py gives the sentinels (about a second for all three)."""
    from netralitas.celery import app
    from tests.conftest import _reset_pool

    sentinel = [RedisMenggantung() for _ in range(3)]
    data = data_sah(client, email="pelapor@contoh.id", berkas=[jpeg(nama="a.jpg"), jpeg(nama="b.jpg")])
    klien_kedua = Client()
    data_kedua = data_sah(klien_kedua, email="pelapor-dua@contoh.id")
    conf = app.conf
    lama = conf.broker_write_url, conf.broker_transport_options
    tanya = settings.REDIS_OPSI_SOKET_SENTINEL
    assert len(sentinel) * (tanya["socket_timeout"]) <= BATAS_DETIK
    settings.CELERY_TASK_ALWAYS_EAGER = False
    conf.update(
        task_always_eager=False,
        broker_write_url=";".join(s.url.replace("redis://", "sentinel://") for s in sentinel),
        broker_transport_options={**lama[1], "master_name": "posko", "sentinel_kwargs": dict(tanya)},
    )
    _reset_pool(app)
    try:
        with django_capture_on_commit_callbacks(execute=True) as tugas:
            r = client.post("/lapor/", data)
        with django_capture_on_commit_callbacks(execute=True) as tugas_kedua:
            r_kedua = klien_kedua.post("/lapor/", data_kedua)
    finally:
        conf.update(task_always_eager=True, broker_write_url=lama[0], broker_transport_options=lama[1])
        _reset_pool(app)
        for s in sentinel:
            s.tutup()
    assert r.status_code == 302 and r_kedua.status_code == 302
    assert len(tugas) >= 1 and len(tugas_kedua) >= 1
    assert [s.diterima for s in sentinel] == [1, 1, 1]
    assert set(Bukti.objects.values_list("status_thumbnail", flat=True)) == {StatusThumbnail.MENUNGGU}
    assert set(Notifikasi.objects.filter(jenis="tanda_terima").values_list("status", flat=True)) == {
        StatusNotifikasi.MENUNGGU
    }
