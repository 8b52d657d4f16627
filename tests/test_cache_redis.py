"""The shared cache across web nodes: two nodes are two processes with their own django-redis
clients and pools; what one counts or writes, the other reads (rate limits, sessions)."""

import os

import pytest
from django.core.cache import caches
from django.test import RequestFactory
from django_ratelimit.core import is_ratelimited

from tests.pengaduan.test_intake import cache_seperti_pengaturan

URL_REDIS = os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(not URL_REDIS, reason="butuh Redis (REDIS_URL), seperti di CI")


@pytest.fixture
def dua_simpul(settings):
    """Two cache aliases on the same Redis through different addresses (127.0.0.1 and localhost), so
    django-redis builds two clients on two connection pools, as two gunicorn nodes would."""
    awalan = "uji-simpul-" + os.environ.get("PYTEST_XDIST_WORKER", "tunggal")
    lain = URL_REDIS.replace("127.0.0.1", "localhost")
    assert lain != URL_REDIS, "REDIS_URL diharapkan memakai 127.0.0.1"
    settings.CACHES = {
        "default": settings.CACHES["default"],
        "simpul_a": {**cache_seperti_pengaturan(settings, url=URL_REDIS), "KEY_PREFIX": awalan},
        "simpul_b": {**cache_seperti_pengaturan(settings, url=lain), "KEY_PREFIX": awalan},
    }
    a, b = caches["simpul_a"], caches["simpul_b"]
    assert a.client.get_client(write=True).connection_pool is not b.client.get_client(write=True).connection_pool
    a.delete_pattern("*")
    yield a, b
    a.delete_pattern("*")


def test_batas_laju_dihitung_bersama_oleh_dua_simpul(settings, dua_simpul):
    """Five reports a minute from one address, sent alternately to node A and node B: the sixth is
    refused, whichever node takes it; a node counting alone would let ten through."""
    permintaan = RequestFactory().post("/lapor/", REMOTE_ADDR="203.0.113.7")
    hasil = []
    for i in range(8):
        settings.RATELIMIT_USE_CACHE = "simpul_a" if i % 2 == 0 else "simpul_b"
        hasil.append(is_ratelimited(permintaan, group="lapor", key="ip", rate="5/m", method="POST", increment=True))
    assert hasil == [False] * 5 + [True] * 3
    # Another address has its own count on both nodes.
    lain = RequestFactory().post("/lapor/", REMOTE_ADDR="203.0.113.8")
    assert not is_ratelimited(lain, group="lapor", key="ip", rate="5/m", method="POST", increment=True)


def test_tulisan_satu_simpul_terbaca_simpul_lain(dua_simpul):
    a, b = dua_simpul
    a.set("sesi:contoh", {"pengguna": 7}, 60)
    assert b.get("sesi:contoh") == {"pengguna": 7}
    assert b.add("hitung", 0, 60) and not a.add("hitung", 0, 60)
    assert a.incr("hitung") == 1 and b.incr("hitung") == 2
    b.delete("sesi:contoh")
    assert a.get("sesi:contoh") is None
