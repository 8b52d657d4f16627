"""Tracking codes: 16 Crockford base32 characters (80 bits), stored only as an HMAC-SHA256 under
TRACKING_CODE_KEY, so a database leak hands out no access."""

import hashlib
import hmac
import re
import secrets

from django.conf import settings

ALFABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PANJANG = 16
_SALAH_BACA = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Separators people type or paste from an e-mail or PDF: spaces of every kind and dashes of every kind.
_ABAIKAN = str.maketrans("", "", " -\t\n\r_.\u00a0\u2002\u2003\u2009\u202f\u2010\u2011\u2012\u2013\u2014\u2212")


def buat_kode() -> str:
    """A new code, grouped for reading: 'K7QX-2M9D-...'."""
    n = secrets.randbits(PANJANG * 5)
    mentah = "".join(ALFABET[(n >> (5 * i)) & 31] for i in range(PANJANG))
    return kelompokkan(mentah)


def kelompokkan(kode: str) -> str:
    return "-".join(kode[i : i + 4] for i in range(0, len(kode), 4))


def normalkan(masukan: str) -> str | None:
    """Read as Crockford base32 reads: case, spaces and dashes ignored, O→0, I and L→1.
    Returns None when what remains cannot be a code."""
    if not isinstance(masukan, str) or len(masukan) > 64:
        return None
    kode = masukan.translate(_ABAIKAN)
    if not kode.isascii():  # str.upper() would turn 'ı' into I, 'ſ' into S and 'ß' into SS
        return None
    kode = kode.upper().translate(_SALAH_BACA)
    if len(kode) != PANJANG or any(c not in ALFABET for c in kode):
        return None
    return kode


def tampak_seperti_kode(masukan: str) -> bool:
    """Whether staff typed a tracking code rather than a name that happens to hold 16 Crockford
    letters ("Oktaviani Rumbiak" normalises to a code too): a code as issued has a digit in all but
    a quarter percent of cases, and is written as one token or in groups of four."""
    if normalkan(masukan) is None:
        return False
    if any(c.isdigit() for c in masukan):
        return True
    kelompok = [k for k in re.split(r"[\s\-\u2010-\u2015\u2212_.]+", masukan.strip()) if k]
    return len(kelompok) == 1 or all(len(k) == 4 for k in kelompok)


def hash_kode(kode_normal: str) -> str:
    kunci = settings.TRACKING_CODE_KEY.encode()
    return hmac.new(kunci, kode_normal.encode(), hashlib.sha256).hexdigest()


# Sixteen code characters, as one token or in groups of four with any separator people type; found
# overlapping (a lookahead), so the words before a code never hide it ("saya K7QX-…").
_CALON_DALAM_TEKS = re.compile(
    r"(?<![0-9A-Za-z])(?=((?:[0-9A-Za-z]{4}[\s\-_.\u2010-\u2015\u2212]?){3}[0-9A-Za-z]{4})(?![0-9A-Za-z]))"
)


def memuat_kode(teks: str, kode_hash: str) -> bool:
    """Whether `teks` (a reporter's message) holds the code whose hash is `kode_hash`: such a text
    must not be stored, or the database would hold the code after all."""
    for calon in _CALON_DALAM_TEKS.findall(teks or ""):
        normal = normalkan(calon)
        if normal and hmac.compare_digest(hash_kode(normal), kode_hash):
            return True
    return False
