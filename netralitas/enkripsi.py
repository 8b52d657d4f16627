"""Identities encrypted at rest: model fields whose column holds AES-256-GCM ciphertext.

A copy of a table (a dump, a stolen backup, a replica's disk) must not expose the reporters whom
the design promises to protect from the official they reported. The key (`IDENTITAS_KEY`) is
neither SECRET_KEY nor the tracking-code key: each is rotated on its own.

Stored form: ``i1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>``
- `i1` the format's version;
- the key id: 8 hex characters of HMAC-SHA256(key, "kid"), so the id says which configured key
  decrypts the value, and a wrong key is an *unknown id* rather than a garbled value. The prefix has
  a fixed length (12 characters), so `periksa_kunci_identitas` reads the ids in use with a DISTINCT
  on `left(column, 12)`;
- the associated data is "<table>.<column>": a value copied into another column or table fails to
  decrypt (GalatDekripsi), it is never read as the other column's value.

Empty stays empty ('' and NULL are stored as they are): retention empties identity fields, forms
leave optional ones blank, and neither needs a key.

Keys: IDENTITAS_KEY is a comma-separated list, newest first; every key of the list decrypts, only
the first encrypts. `manage.py enkripsi_ulang_identitas` re-encrypts what is under an older key.

The blind index (`indeks_buta`) is HMAC-SHA256 under its own key (IDENTITAS_INDEKS_KEY): equal
inputs give equal indexes, so staff can find the same reporter again (the NIK) without the column
being readable. It is not rotated casually: a new index key means recomputing every index
(`enkripsi_ulang_identitas --indeks`), and until then a search finds nothing.
"""

import base64
import datetime
import functools
import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.lookups import Exact, IsNull

from netralitas.produksi import CARA_MEMBUAT_KUNCI, baca_kunci

VERSI = "i1"
PANJANG_KID = 8
# "i1:" + kid + ":" — what a DISTINCT reads to list the key ids in use.
PANJANG_AWALAN = len(VERSI) + 1 + PANJANG_KID + 1


class GalatDekripsi(Exception):
    """A stored value this process cannot read: its key is not configured, or it was changed or
    moved from another column. The message names the column and the key id, never the value."""


def id_kunci(kunci: bytes) -> str:
    return hmac.new(kunci, b"posko-netralitas/kid", hashlib.sha256).hexdigest()[:PANJANG_KID]


@functools.lru_cache(maxsize=8)
def _cincin(kunci_teks: tuple[str, ...]) -> tuple[str, dict[str, AESGCM]]:
    """(the newest key's id, every key's cipher by id) for a list of configured keys."""
    if not kunci_teks:
        raise ImproperlyConfigured(
            f"IDENTITAS_KEY kosong: identitas pelapor tidak dapat disimpan; {CARA_MEMBUAT_KUNCI}."
        )
    sandi = {}
    for teks in kunci_teks:
        k = baca_kunci("IDENTITAS_KEY", teks)
        sandi.setdefault(id_kunci(k), AESGCM(k))
    return id_kunci(baca_kunci("IDENTITAS_KEY", kunci_teks[0])), sandi


def cincin() -> tuple[str, dict[str, AESGCM]]:
    return _cincin(tuple(settings.IDENTITAS_KEY))


def id_kunci_terbaru() -> str:
    return cincin()[0]


def data_terkait(tabel: str, kolom: str) -> bytes:
    return f"{tabel}.{kolom}".encode()


def enkripsi(teks: str, *, tabel: str, kolom: str) -> str:
    if teks is None or teks == "":
        return teks
    kid, sandi = cincin()
    nonce = os.urandom(12)
    ct = sandi[kid].encrypt(nonce, teks.encode(), data_terkait(tabel, kolom))
    return f"{VERSI}:{kid}:{base64.urlsafe_b64encode(nonce + ct).decode().rstrip('=')}"


def terenkripsi(nilai) -> bool:
    return isinstance(nilai, str) and nilai.startswith(VERSI + ":") and len(nilai) > PANJANG_AWALAN


def kid_dari(nilai: str) -> str:
    return nilai[len(VERSI) + 1 : PANJANG_AWALAN - 1]


def dekripsi(nilai: str, *, tabel: str, kolom: str) -> str:
    if nilai is None or nilai == "":
        return nilai
    if not terenkripsi(nilai):
        raise GalatDekripsi(
            f"Nilai di kolom {tabel}.{kolom} tidak terenkripsi (format tidak dikenal): jalankan migrasi, "
            "atau periksa apakah data diubah di luar aplikasi."
        )
    kid = kid_dari(nilai)
    sandi = cincin()[1].get(kid)
    if sandi is None:
        raise GalatDekripsi(
            f"Nilai di kolom {tabel}.{kolom} dienkripsi dengan kunci id {kid}, yang tidak ada di IDENTITAS_KEY. "
            "Kembalikan kunci lama ke IDENTITAS_KEY (di belakang kunci terbaru); lihat "
            "`manage.py periksa_kunci_identitas`."
        )
    isi = nilai[PANJANG_AWALAN:]
    try:
        mentah = base64.urlsafe_b64decode(isi + "=" * (-len(isi) % 4))
        return sandi.decrypt(mentah[:12], mentah[12:], data_terkait(tabel, kolom)).decode()
    except Exception:
        raise GalatDekripsi(
            f"Nilai di kolom {tabel}.{kolom} (kunci id {kid}) gagal didekripsi: nilainya diubah, atau disalin "
            "dari kolom atau tabel lain."
        ) from None


# --- Blind index -----------------------------------------------------------------------------------


def kunci_indeks() -> bytes:
    return baca_kunci("IDENTITAS_INDEKS_KEY", settings.IDENTITAS_INDEKS_KEY)


def indeks_buta(teks: str, *, guna: str) -> str:
    """HMAC-SHA256 of a normalised value under the index key; '' for an empty value (nothing to
    find, and no index shared by every reporter who left it blank). `guna` separates the uses
    (a NIK and a phone number with the same digits give different indexes)."""
    if not teks:
        return ""
    return hmac.new(kunci_indeks(), f"{guna}\x00{teks}".encode(), hashlib.sha256).hexdigest()


def normalkan_nik(nik: str) -> str:
    return "".join(c for c in (nik or "") if c.isascii() and c.isdigit())


def indeks_nik(nik: str) -> str:
    n = normalkan_nik(nik)
    return indeks_buta(n, guna="nik") if len(n) == 16 else ""


# --- Model fields ----------------------------------------------------------------------------------


class GalatPencarian(TypeError):
    pass


class _SamaDenganKosong(Exact):
    """`kolom=''` (is it empty?) is the one equality an encrypted column can answer."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise GalatPencarian(
                f"Kolom terenkripsi {self.lhs.target.model._meta.db_table}.{self.lhs.target.column} tidak dapat "
                "dicari dengan nilainya (setiap enkripsi berbeda); cari lewat indeks buta."
            )
        return self.rhs


class Terenkripsi:
    """Mixin over a Django field: the column is text holding ciphertext; Python sees the plain value.
    Forms, validation and max_length are the base field's."""

    def db_type(self, connection):
        return "text"

    def rel_db_type(self, connection):
        return "text"

    def cast_db_type(self, connection):
        return "text"

    def get_internal_type(self):
        return "TextField"

    def _ad(self):
        return {"tabel": self.model._meta.db_table, "kolom": self.column}

    def ke_teks(self, nilai) -> str:
        return str(nilai)

    def dari_teks(self, teks: str):
        return teks

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return self.dari_teks(dekripsi(value, **self._ad()))

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "" or terenkripsi(value):
            return value
        return enkripsi(self.ke_teks(value), **self._ad())

    def get_db_prep_value(self, value, connection, prepared=False):
        return value if prepared else self.get_prep_value(value)

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return _SamaDenganKosong
        if lookup_name == "isnull":
            return IsNull
        return None


class CharTerenkripsi(Terenkripsi, models.CharField):
    pass


class EmailTerenkripsi(Terenkripsi, models.EmailField):
    pass


class TanggalTerenkripsi(Terenkripsi, models.DateField):
    def ke_teks(self, nilai) -> str:
        return nilai.isoformat()

    def dari_teks(self, teks: str):
        return datetime.date.fromisoformat(teks)

    def get_prep_value(self, value):
        if isinstance(value, datetime.datetime):
            value = value.date()
        elif isinstance(value, str) and value and not terenkripsi(value):
            value = self.to_python(value)
        if value is None or value == "" or terenkripsi(value):
            return value or None
        return enkripsi(self.ke_teks(value), **self._ad())


class IndeksNIK(models.CharField):
    """The NIK's blind index, computed from the instance's `sumber` field on every insert and save
    (bulk_create included: it calls pre_save). A queryset.update() of the NIK must set it too."""

    def __init__(self, *args, sumber: str = "nik", **kwargs):
        self.sumber = sumber
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["sumber"] = self.sumber
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        nilai = indeks_nik(getattr(model_instance, self.sumber))
        setattr(model_instance, self.attname, nilai)
        return nilai


# --- Whole tables: the migrations and the commands ---------------------------------------------------


def kolom_terenkripsi() -> list[tuple[str, list[str]]]:
    """(table, [encrypted columns]) of every installed model, in a stable order."""
    from django.apps import apps

    hasil = []
    for model in apps.get_models():
        kolom = [f.column for f in model._meta.concrete_fields if isinstance(f, Terenkripsi)]
        if kolom and not model._meta.proxy:
            hasil.append((model._meta.db_table, kolom))
    return sorted(hasil)


def olah_tabel(connection, tabel: str, kolom: list[str], ubah, *, saring: str = "", ukuran: int = 1000, lapor=None):
    """Rewrite `kolom` of every row of `tabel` (those matching the SQL condition `saring`, when
    given) in batches by id: `ubah({kolom: nilai})` returns the row's new values, in the same
    order. Each batch is its own transaction (outside a migration's), so an interrupted run keeps
    what it did and the next run, whose `saring` skips finished rows, takes up from there.
    Returns the number of rows rewritten."""
    from django.db import transaction

    q = connection.ops.quote_name
    daftar = ", ".join(q(k) for k in kolom)
    syarat = f" AND ({saring})" if saring else ""
    terakhir, jumlah = 0, 0
    while True:
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as c:
                c.execute(
                    f"SELECT id, {daftar} FROM {q(tabel)} WHERE id > %s{syarat} ORDER BY id LIMIT %s",
                    [terakhir, ukuran],
                )
                baris = c.fetchall()
                if not baris:
                    return jumlah
                baru = [(*ubah(dict(zip(kolom, b[1:], strict=True))), b[0]) for b in baris]
                if connection.vendor == "postgresql":
                    from psycopg2.extras import execute_values

                    atur = ", ".join(f"{q(k)} = v.k{i}" for i, k in enumerate(kolom))
                    nama_v = ", ".join(f"k{i}" for i in range(len(kolom)))
                    execute_values(
                        c.cursor,
                        f"UPDATE {q(tabel)} AS t SET {atur} FROM (VALUES %s) AS v({nama_v}, id) WHERE t.id = v.id",
                        baru,
                        page_size=ukuran,
                    )
                else:
                    atur = ", ".join(f"{q(k)} = %s" for k in kolom)
                    c.executemany(f"UPDATE {q(tabel)} SET {atur} WHERE id = %s", baru)
        terakhir = baris[-1][0]
        jumlah += len(baris)
        if lapor:
            lapor(tabel, jumlah)


def selesai_migrasi(connection) -> None:
    """The rows a data migration rewrote leave PostgreSQL's deferred foreign-key checks pending, and
    the migration's own CREATE INDEX (run at its end) refuses a table with pending trigger events:
    run the checks now."""
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("SET CONSTRAINTS ALL IMMEDIATE")


def enkripsi_tabel(connection, tabel: str, kolom: list[str]) -> int:
    """The data migration: every plain value of these (now text) columns encrypted; values already
    encrypted are left as they are, so the step can run again."""

    def ubah(b):
        return [
            v if v in (None, "") or terenkripsi(v) else enkripsi(str(v), tabel=tabel, kolom=k) for k, v in b.items()
        ]

    return olah_tabel(connection, tabel, kolom, ubah)


def dekripsi_tabel(connection, tabel: str, kolom: list[str]) -> int:
    """The reverse migration: every value back in clear, before the columns return to their types."""

    def ubah(b):
        return [dekripsi(v, tabel=tabel, kolom=k) if terenkripsi(v) else v for k, v in b.items()]

    return olah_tabel(connection, tabel, kolom, ubah)
