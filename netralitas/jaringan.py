"""The client address, for rate limits. Never stored with a report."""

import ipaddress

from django.conf import settings


def _sah(alamat: str) -> bool:
    try:
        ipaddress.ip_address(alamat)
    except ValueError:
        return False
    return True


def alamat_klien(request) -> str:
    header = settings.TRUSTED_PROXY_HEADER
    if header:
        # The proxy appends the address it saw; the left-most entry can be forged by the client,
        # the right-most one is what our trusted proxy wrote.
        nilai = request.META.get(header, "")
        alamat = [a.strip() for a in nilai.split(",") if a.strip()]
        if alamat and _sah(alamat[-1]):
            return alamat[-1]
    alamat = request.META.get("REMOTE_ADDR", "")
    return alamat if _sah(alamat) else "0.0.0.0"


def alamat_klien_meta(request) -> str:
    """django-ratelimit's RATELIMIT_IP_META_KEY accepts a callable taking the request."""
    return alamat_klien(request)
