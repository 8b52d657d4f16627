"""Django's Redis cache, shared client and tolerant of an outage.

- One client per connection pool: the stock backend builds a new `redis.Redis` for every cache
  call, and each copies redis-py's table of response callbacks (some 160 entries); a public form
  that reads the cache a dozen times spent more on those copies than on Redis. A client is safe to
  share between threads; the pool hands each command its own connection.
- Redis down or slow is a cache miss, not an error page: everything the portal caches can be
  rebuilt from PostgreSQL, and a citizen's report must not fail because a cache is gone. Reads give
  the default, writes are dropped, `incr` says the key is missing; one warning per minute per
  process says so in the log.
- A Redis that hangs costs one request one timeout, not one per cache call: after a failure this
  process answers from the fallbacks without asking Redis for `JEDA_SETELAH_GANGGUAN` seconds. A
  report touches the cache a dozen times (rate limit, session, region lists, versions); with a
  one-second timeout each, a hanging Redis held a citizen for 17-26 s.
"""

import logging
import time

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

log = logging.getLogger(__name__)
GANGGUAN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
_terakhir_dicatat = [0.0]
JEDA_SETELAH_GANGGUAN = 15.0
# Per Redis location, shared by the threads of the process: until when it is not asked.
_istirahat_sampai: dict[tuple, float] = {}


def _catat(operasi, galat):
    sekarang = time.monotonic()
    if sekarang - _terakhir_dicatat[0] >= 60:
        _terakhir_dicatat[0] = sekarang
        log.warning("Cache Redis tidak terjangkau (%s: %s); dilayani tanpa cache.", operasi, galat)


def _toleran(nama, cadangan, asli=None):
    """The client's operation `nama` (or `asli` in its place), answering `cadangan` when Redis is
    unreachable."""
    asli = asli or getattr(RedisCacheClient, nama)

    def operasi(self, *args, **kwargs):
        lokasi = tuple(self._servers)
        if time.monotonic() < _istirahat_sampai.get(lokasi, 0.0):
            return cadangan(*args, **kwargs)
        try:
            return asli(self, *args, **kwargs)
        except GANGGUAN as galat:
            _istirahat_sampai[lokasi] = time.monotonic() + JEDA_SETELAH_GANGGUAN
            _catat(nama, galat)
            return cadangan(*args, **kwargs)

    operasi.__name__ = nama
    return operasi


# Django's incr asks EXISTS, then INCRBY: two round trips for every rate-limit check. One script,
# one round trip, the same answer (ValueError for a key that is not there).
_SKRIP_INCR = (
    "if redis.call('exists', KEYS[1]) == 1 then return redis.call('incrby', KEYS[1], ARGV[1]) end return false"
)


def _incr_satu_jalan(self, key, delta):
    klien = self.get_client(key, write=True)
    if self._skrip_incr is None:
        self._skrip_incr = klien.register_script(_SKRIP_INCR)
    nilai = self._skrip_incr(keys=[key], args=[delta], client=klien)
    if nilai is None:
        raise ValueError(f"Key '{key}' not found.")
    return nilai


def _incr_gagal(key, delta):
    raise ValueError(f"Kunci '{key}' tidak terbaca: cache tidak terjangkau.")


class _KlienBersama(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._klien = {}
        self._skrip_incr = None

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        klien = self._klien.get(id(pool))
        if klien is None:
            klien = self._klien[id(pool)] = self._client(connection_pool=pool)
        return klien

    get = _toleran("get", lambda key, default: default)
    set = _toleran("set", lambda *a, **k: None)
    add = _toleran("add", lambda *a, **k: False)
    touch = _toleran("touch", lambda *a, **k: False)
    delete = _toleran("delete", lambda *a, **k: False)
    has_key = _toleran("has_key", lambda *a, **k: False)
    incr = _toleran("incr", _incr_gagal, asli=_incr_satu_jalan)
    get_many = _toleran("get_many", lambda *a, **k: {})
    set_many = _toleran("set_many", lambda *a, **k: None)
    delete_many = _toleran("delete_many", lambda *a, **k: None)
    clear = _toleran("clear", lambda *a, **k: False)


class RedisCacheBersama(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _KlienBersama
