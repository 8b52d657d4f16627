"""E-mail backends that write messages where the server keeps them (the console, that is the
process's log, and files) with every tracking code masked.

DESIGN.md §4: the full tracking code is in no server-side store, logs included. The reporter's
receipt e-mail is the one message that carries it. Sent over SMTP it leaves the server; written by
Django's console backend (the default when EMAIL_URL is not set) it landed whole in the worker's
log. These backends write the same message with each code shown as its last four characters only,
as staff see it.
"""

import copy
import re

from django.core.mail.backends import console, filebased
from django.core.mail.message import EmailAlternative

from netralitas.tautan_rahasia import samarkan_tautan
from pengaduan.kode import ALFABET

_HURUF = f"[{re.escape(ALFABET)}{re.escape(ALFABET.lower())}]"
# Four groups of four, separated by whatever separators a template or a person puts between them.
KODE = re.compile(rf"(?<![0-9A-Za-z])(?:{_HURUF}{{4}}[\s\-‐-―]*){{3}}({_HURUF}{{4}})(?![0-9A-Za-z])")


def samarkan(teks: str) -> str:
    """Every tracking code as its last four characters, and every invitation link's token masked
    (netralitas.tautan_rahasia)."""
    if not isinstance(teks, str):
        return teks
    return samarkan_tautan(KODE.sub(lambda m: "••••-••••-••••-" + m.group(1), teks))


class _Tersamar:
    def write_message(self, message):
        salinan = copy.copy(message)
        salinan.subject = samarkan(message.subject)
        salinan.body = samarkan(message.body)
        if getattr(message, "alternatives", None):
            salinan.alternatives = [EmailAlternative(samarkan(a.content), a.mimetype) for a in message.alternatives]
        return super().write_message(salinan)


class KonsolTersamar(_Tersamar, console.EmailBackend):
    """The console backend (EMAIL_URL=consolemail://, the default), codes masked."""


class BerkasTersamar(_Tersamar, filebased.EmailBackend):
    """The file backend (EMAIL_URL=filemail://…), codes masked."""
