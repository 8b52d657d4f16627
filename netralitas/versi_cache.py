"""A version number in the shared cache: data cached under keys that carry it goes stale in every
process at once when the version is raised (after a category edit, a region reload)."""

from django.core.cache import cache


def versi(kunci: str) -> int:
    return cache.get_or_set(kunci, 1, timeout=None)


def naikkan(kunci: str) -> None:
    try:
        cache.incr(kunci)
    except ValueError:  # the key was evicted or never set
        cache.set(kunci, 2, timeout=None)
