"""Which stored files the database names: every concrete file field of every installed model, found
through the app registry (so the backup and the quarantine know the apps' files without importing
the apps)."""

from collections.abc import Callable, Iterable

from django.apps import apps
from django.db import models

POTONGAN = 500


def medan_berkas():
    """(model, field) for every concrete FileField (ImageField included) of every installed model
    that owns its table (a proxy shares its parent's)."""
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                yield model, f


def dirujuk(nama: Iterable[str], *, using: str = "default") -> set[str]:
    """The names among `nama` that some row of the database names now."""
    nama = sorted(set(nama))
    hasil: set[str] = set()
    for model, f in medan_berkas():
        for i in range(0, len(nama), POTONGAN):
            hasil.update(
                model._base_manager.using(using)
                .filter(**{f"{f.name}__in": nama[i : i + POTONGAN]})
                .values_list(f.name, flat=True)
            )
    return hasil


def baca_rujukan(cursor, quote: Callable[[str], str], tabel_ada: set[str]) -> dict[str, tuple[str, str, str]]:
    """Every file name the database names, read through a plain DB-API cursor (inside the backup's
    snapshot, or from a restored database): {name: (model label, field, primary key)}."""
    hasil: dict[str, tuple[str, str, str]] = {}
    for model, f in medan_berkas():
        tabel = model._meta.db_table
        if tabel not in tabel_ada:
            continue
        kolom = quote(f.column)
        cursor.execute(f"SELECT {quote(model._meta.pk.column)}, {kolom} FROM {quote(tabel)} WHERE {kolom} <> ''")
        while baris := cursor.fetchmany(10_000):
            for pk, nama in baris:
                hasil.setdefault(nama, (model._meta.label, f.name, str(pk)))
    return hasil


def dirujuk_lewat(
    cursor, quote: Callable[[str], str], penanda: str, tabel_ada: set[str], nama: Iterable[str]
) -> set[str]:
    """The names among `nama` that some row names now, read through a plain DB-API cursor whose
    parameter marker is `penanda` (the backup's own connection: the database it dumped, which is
    not Django's when DATABASE_URL_LANGSUNG bypasses pgbouncer)."""
    nama = sorted(set(nama))
    hasil: set[str] = set()
    for model, f in medan_berkas():
        tabel = model._meta.db_table
        if tabel not in tabel_ada:
            continue
        kolom = quote(f.column)
        for i in range(0, len(nama), POTONGAN):
            potongan = nama[i : i + POTONGAN]
            daftar = ", ".join([penanda] * len(potongan))
            cursor.execute(f"SELECT {kolom} FROM {quote(tabel)} WHERE {kolom} IN ({daftar})", potongan)
            hasil.update(r[0] for r in cursor.fetchall())
    return hasil
