"""Secrets that travel in a URL, and how every copy the server keeps shows them.

The reviewer invitation's link (`/akun/undangan/<token>/`, netralitas.akun.undangan) carries a
token that opens an account. It leaves the server in the e-mail only: the logs (Django's request
log names the path of a 404 or 429), the e-mail backends that write to the console or to files, and
error reports (netralitas.laporan_galat) show it masked. Dependency-free: the logging configuration
imports it before Django is set up."""

import logging
import re

TAUTAN_UNDANGAN = re.compile(r"(/akun/undangan/)[A-Za-z0-9_\-]{8,}")
SAMARAN = r"\1[disamarkan]"


def samarkan_tautan(teks):
    if not isinstance(teks, str) or "undangan/" not in teks:
        return teks
    return TAUTAN_UNDANGAN.sub(SAMARAN, teks)


class FilterTautanRahasia(logging.Filter):
    """On a logger (django.request, which names the path) or a handler: the message as written, with
    every invitation token masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            pesan = record.getMessage()
        except Exception:  # a malformed record is the formatter's to report
            return True
        samar = samarkan_tautan(pesan)
        if samar != pesan:
            record.msg, record.args = samar, None
        return True
