"""The client address, for rate limits (django-ratelimit) and the staff login lock (django-axes).
Never stored with a report.

`TRUSTED_PROXY_HEADER` names the header our own proxy writes, as the README and nginx spell it
(`X-Forwarded-For`); Django files it in `request.META` as `HTTP_X_FORWARDED_FOR`, and that spelling
is accepted too. Without the conversion the setting read a key that never exists, and behind nginx
every citizen shared the proxy's one address: one rate-limit bucket for the whole country, and five
wrong passwords from anyone locked a staff account.

Which entry counts: the right-most one. nginx (`proxy_add_x_forwarded_for`) appends the address
that connected to it, so the last entry is the only one our proxy vouches for; everything to its
left came from the client and can be forged (a client sending `X-Forwarded-For: 1.2.3.4` would
otherwise pick its own bucket at will). This assumes that the proxy in front of the application
appends the client's own address. With a load balancer in front of nginx, nginx's realip block
(deploy/nginx/posko-netralitas.conf) takes the client address from the load balancer's header and
appends that, so the right-most entry is the client again; without it, it is the load balancer's.
"""

import ipaddress

from django.conf import settings


def _sah(alamat: str) -> bool:
    try:
        ipaddress.ip_address(alamat)
    except ValueError:
        return False
    return True


def kunci_meta(header: str) -> str:
    """`X-Forwarded-For` (the HTTP spelling) or `HTTP_X_FORWARDED_FOR` (Django's) → the META key.
    `REMOTE_ADDR` and other CGI names without the HTTP_ prefix are not headers and stay as written."""
    kunci = header.strip().upper().replace("-", "_")
    if not kunci or kunci.startswith("HTTP_") or kunci in ("REMOTE_ADDR", "CONTENT_TYPE", "CONTENT_LENGTH"):
        return kunci
    return "HTTP_" + kunci


def alamat_klien(request) -> str:
    kunci = kunci_meta(settings.TRUSTED_PROXY_HEADER or "")
    if kunci:
        nilai = request.META.get(kunci, "")
        alamat = [a.strip() for a in nilai.split(",") if a.strip()]
        # Only the right-most entry was written by our proxy (see the module's note).
        if alamat and _sah(alamat[-1]):
            return alamat[-1]
    alamat = request.META.get("REMOTE_ADDR", "")
    return alamat if _sah(alamat) else "0.0.0.0"


def alamat_klien_meta(request) -> str:
    """django-ratelimit's RATELIMIT_IP_META_KEY accepts a callable taking the request."""
    return alamat_klien(request)
