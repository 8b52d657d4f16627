"""The shared cache on django-redis, tolerant of an outage (settings.CACHES, built by `pengaturan`).

- Redis down or slow is a cache miss, not an error page: everything the portal caches can be
  rebuilt from PostgreSQL, and a citizen's report must not fail because a cache is gone. django-redis'
  IGNORE_EXCEPTIONS turns a connection error into the fallback (reads give the default, writes are
  dropped, `incr` gives None, which django-ratelimit with RATELIMIT_FAIL_OPEN treats as "no limit").
- A Redis that hangs costs one request one timeout, not one per cache call: after a failure this
  process answers from the fallbacks without asking Redis for `JEDA_SETELAH_GANGGUAN` seconds. A
  report touches the cache a dozen times (rate limit, session, region lists, versions); with a
  one-second timeout each, a hanging Redis held a citizen for 17-26 s. django-redis has no such rest,
  so the client classes below add it: `get_client` refuses while resting (django-redis' backend turns
  the refusal into the fallback), and each operation that fails starts a rest.
- One warning per minute per process says so in the log (django-redis' own logging of ignored
  exceptions would write a traceback per cache call).
- Sentinel (REDIS_SENTINELS): the same client on django-redis' SentinelConnectionFactory, whose
  pool asks the sentinels for the current primary; after a failover the old primary's connections
  fail once (a rest), and the next connection goes to the new primary. Not django-redis'
  SentinelClient: it sends reads to a replica, and a cache read must see what another node has just
  written (a session, a rate-limit count, a version bump); the replica is for failover only.

`incr` is one round trip in django-redis already (a Lua script: EXISTS then INCRBY on the server),
which is what the rate limits call on every report.
"""

import functools
import logging
import time

from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted

log = logging.getLogger(__name__)

JEDA_SETELAH_GANGGUAN = 15.0
# Per Redis location, shared by the threads of the process: until when it is not asked.
_istirahat_sampai: dict[tuple, float] = {}
_terakhir_dicatat = [0.0]


def _catat(operasi: str, galat: BaseException) -> None:
    sekarang = time.monotonic()
    if sekarang - _terakhir_dicatat[0] >= 60:
        _terakhir_dicatat[0] = sekarang
        log.warning("Cache Redis tidak terjangkau (%s: %s); dilayani tanpa cache.", operasi, galat.__cause__ or galat)


def _beristirahat(lokasi: tuple) -> bool:
    return time.monotonic() < _istirahat_sampai.get(lokasi, 0.0)


def _tercatat(nama: str, asli):
    @functools.wraps(asli)
    def operasi(self, *args, **kwargs):
        try:
            return asli(self, *args, **kwargs)
        except ConnectionInterrupted as galat:
            if not _beristirahat(self._lokasi):
                _istirahat_sampai[self._lokasi] = time.monotonic() + JEDA_SETELAH_GANGGUAN
                _catat(nama, galat)
            raise

    return operasi


# What django-redis' backend (django_redis.cache.RedisCache) and the portal call on the client.
_OPERASI = (
    "get",
    "set",
    "add",
    "touch",
    "delete",
    "delete_many",
    "delete_pattern",
    "has_key",
    "incr",
    "decr",
    "get_many",
    "set_many",
    "clear",
    "ttl",
    "expire",
    "persist",
    "keys",
    "iter_keys",
    "incr_version",
)


def _dengan_istirahat(kelas):
    """`kelas` (a django-redis client) with the rest after a failure."""

    def get_client(self, *args, **kwargs):
        if _beristirahat(self._lokasi):
            raise ConnectionInterrupted(connection=None)
        return kelas.get_client(self, *args, **kwargs)

    def get_client_with_index(self, *args, **kwargs):
        if _beristirahat(self._lokasi):
            raise ConnectionInterrupted(connection=None)
        return kelas.get_client_with_index(self, *args, **kwargs)

    atribut = {
        "__doc__": f"{kelas.__name__} that rests after a failure (netralitas.cache_redis).",
        "_lokasi": property(lambda self: tuple(self._server)),
        "get_client": get_client,
        "get_client_with_index": get_client_with_index,
    }
    for nama in _OPERASI:
        atribut[nama] = _tercatat(nama, getattr(kelas, nama))
    return type(f"{kelas.__name__}Tahan", (kelas,), atribut)


KlienTahan = _dengan_istirahat(DefaultClient)


def lupakan_gangguan() -> None:
    """Forget every rest and the last warning (tests, after they point the cache elsewhere)."""
    _istirahat_sampai.clear()
    _terakhir_dicatat[0] = 0.0


def pengaturan(
    *, url: str, sentinel: list[tuple[str, int]], master: str, db: int, opsi_soket: dict, opsi_sentinel: dict
) -> dict:
    """settings.CACHES["default"] for Redis: through the sentinels when they are given (the host of
    django-redis' URL is then the Sentinel service name), else at `url`."""
    opsi = {"IGNORE_EXCEPTIONS": True, **opsi_soket}
    if sentinel:
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://{master}/{db}",
            "OPTIONS": {
                "CLIENT_CLASS": "netralitas.cache_redis.KlienTahan",
                "CONNECTION_FACTORY": "django_redis.pool.SentinelConnectionFactory",
                "SENTINELS": list(sentinel),
                "SENTINEL_KWARGS": dict(opsi_sentinel),
                **opsi,
            },
        }
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {"CLIENT_CLASS": "netralitas.cache_redis.KlienTahan", **opsi},
    }
