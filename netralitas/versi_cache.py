"""A version number in the shared cache: data cached under keys that carry it goes stale in every
process at once when the version is raised (after a category edit, a region reload).

Each process remembers a version it read for UMUR_LOKAL seconds: a public form that asks for it
several times pays one cache round trip. The process that raises a version sees the new one at
once; the others within UMUR_LOKAL seconds."""

import time

from django.core.cache import cache

UMUR_LOKAL = 2.0
_lokal: dict[str, tuple[float, int]] = {}


def versi(kunci: str, *, lokal: bool = True) -> int:
    """The current version; with lokal=False straight from the shared cache, for readers that must
    see a change from another process on their very next request (permissions)."""
    simpanan = _lokal.get(kunci) if lokal else None
    if simpanan is not None and simpanan[0] > time.monotonic():
        return simpanan[1]
    nilai = cache.get_or_set(kunci, baru, timeout=None)
    _lokal[kunci] = (time.monotonic() + UMUR_LOKAL, nilai)
    return nilai


def naikkan(kunci: str) -> None:
    _lokal.pop(kunci, None)
    try:
        cache.incr(kunci)
    except ValueError:  # the key was evicted or never set
        cache.set(kunci, baru(), timeout=None)


def baru() -> int:
    """A version no earlier one can equal, for a key that is gone (evicted, or a cache flushed):
    restarting at 1 would revive entries cached under the old 1, 2, ..."""
    return time.time_ns() // 1000
