"""Error reporting to Sentry (or a Sentry-compatible server such as GlitchTip), only when SENTRY_DSN
is set. settings.py calls `pasang()`; without a DSN sentry_sdk is not even imported.

What leaves the server is cut down to what finds a bug, never who reported what (DESIGN.md §4):
- no personal data from the SDK (`send_default_pii=False`: no user, no cookies, no client address),
  no request bodies (the report form: identities, chronology), no local variables of stack frames
  (a frame holding a Pengaduan holds the reporter);
- `saring_peristiwa` then keeps only harmless request headers, drops the user and the query string,
  and masks every tracking code, NIK, NIP, phone number and e-mail address left in any string of the
  event (exception messages, log breadcrumbs): a code as its last four characters, as staff see it.
"""

import re

# Headers that help place an error and say nothing of the reporter.
HEADER_AMAN = frozenset({"Host", "X-Request-Id", "X-Request-ID", "Content-Type", "Content-Length", "Accept"})
_DIGIT = re.compile(r"(?<!\d)(\d{18}|\d{16})(?!\d)")  # NIP (18 digits), NIK (16 digits)
_TELEPON = re.compile(r"(?<![\d+])(\+62|62|0)8[\d\s-]{8,14}\d")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def samarkan_teks(teks: str) -> str:
    from netralitas.surel import samarkan

    teks = samarkan(teks)
    teks = _DIGIT.sub(lambda m: "•" * (len(m.group(1)) - 4) + m.group(1)[-4:], teks)
    teks = _TELEPON.sub("[telepon]", teks)
    return _EMAIL.sub("[e-mail]", teks)


def _saring(nilai, kedalaman=0):
    if kedalaman > 20:
        return nilai
    if isinstance(nilai, str):
        return samarkan_teks(nilai)
    if isinstance(nilai, dict):
        return {k: _saring(v, kedalaman + 1) for k, v in nilai.items()}
    if isinstance(nilai, list | tuple):
        return [_saring(v, kedalaman + 1) for v in nilai]
    return nilai


def saring_peristiwa(event, hint=None):
    event.pop("user", None)
    permintaan = event.get("request")
    if isinstance(permintaan, dict):
        for kunci in ("data", "cookies", "query_string", "env"):
            permintaan.pop(kunci, None)
        header = permintaan.get("headers")
        if isinstance(header, dict):
            permintaan["headers"] = {k: v for k, v in header.items() if k in HEADER_AMAN}
    return _saring(event)


def saring_remah(crumb, hint=None):
    return _saring(crumb)


def pasang(dsn: str, *, lingkungan: str, rilis: str | None, sampel_jejak: float) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    from netralitas.pencatatan import id_sekarang

    sentry_sdk.init(
        dsn=dsn,
        environment=lingkungan,
        release=rilis or None,
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=sampel_jejak or None,
        before_send=_dengan_id(saring_peristiwa, id_sekarang),
        # Performance events carry the request too (query string, Referer): the same filter.
        before_send_transaction=_dengan_id(saring_peristiwa, id_sekarang),
        before_breadcrumb=saring_remah,
        integrations=[DjangoIntegration(), CeleryIntegration()],
    )


def _dengan_id(saring, id_sekarang):
    """The request id as a tag: an event in Sentry leads to the request's lines in the logs."""

    def before_send(event, hint):
        id_permintaan = id_sekarang()
        if id_permintaan:
            event.setdefault("tags", {})["request_id"] = id_permintaan
        return saring(event, hint)

    return before_send
