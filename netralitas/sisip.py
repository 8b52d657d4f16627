"""New rows of several models in one round trip, each model's SQL built once per process.

Filing a report writes six kinds of row (the case, the reporter, the officials, the witnesses and
links, the first timeline entry, the evidence). Through the ORM each `create()` or `bulk_create()`
builds its INSERT again — the query object, each field's SQL, the placeholders, the quoting — and
each is a round trip: about a fifth of the web process's CPU for a report with a photo. Here every
value is still prepared by its own field exactly as the ORM prepares it for an INSERT
(`pre_save(obj, add=True)`, then `get_db_prep_save`: the encrypted columns are encrypted, the NIK's
blind index and the creation times are filled, a file field gives its stored name), the derived
columns of a KolomTurunan are computed as its save() computes them, and the primary keys come back
as bulk_create gives them; only the SQL text is kept per model and row count, and the rows of all
the groups go in one statement (PostgreSQL's INSERTs in WITH, whose RETURNING rows are read back per
group in insertion order, as bulk_create reads its own).

On any other database (SQLite for `make run`), and for a model with a field this does not prepare
(a database default, a generated column), the groups are written by the ORM's bulk_create. As with
bulk_create, neither model signals nor a model's own save() run: the models written here have no
receivers (tests/test_sisip.py checks that), and the one save() among them (PeristiwaPengaduan's)
only refuses updates. Logic added to one of their save() methods would have to live here too."""

from django.db import connections, router
from django.db.models import Model

_sql: dict[tuple, tuple[str, list]] = {}


def _kolom(model) -> list:
    opts = model._meta
    return [f for f in opts.local_concrete_fields if f is not opts.auto_field]


def _bisa(model) -> bool:
    opts = model._meta
    return (
        opts.auto_field is not None
        and opts.pk is opts.auto_field
        and not any(getattr(f, "generated", False) or f.has_db_default() for f in opts.local_concrete_fields)
    )


def _pernyataan(model, jumlah: int, connection) -> tuple[str, list]:
    kunci = (connection.alias, model, jumlah)
    siap = _sql.get(kunci)
    if siap is None:
        qn = connection.ops.quote_name
        kolom = _kolom(model)
        satu = "(" + ", ".join(["%s"] * len(kolom)) + ")"
        sql = (
            f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in kolom)}) "
            f"VALUES {', '.join([satu] * jumlah)} RETURNING {qn(model._meta.pk.column)}"
        )
        siap = _sql[kunci] = (sql, kolom)
    return siap


def sisipkan(*kelompok: list[Model]) -> None:
    """Insert each group (a list of new instances of one model; empty groups are skipped). Each
    instance gets its primary key and is marked saved, as after bulk_create."""
    kelompok = [g for g in kelompok if g]
    if not kelompok:
        return
    alias = router.db_for_write(type(kelompok[0][0]))
    connection = connections[alias]
    if connection.vendor != "postgresql" or not all(_bisa(type(g[0])) for g in kelompok):
        for g in kelompok:
            type(g[0])._default_manager.bulk_create(g)
        return
    bagian, params = [], []
    for i, g in enumerate(kelompok):
        model = type(g[0])
        sql, kolom = _pernyataan(model, len(g), connection)
        for obj in g:
            if type(obj) is not model:
                raise TypeError("sisipkan: satu kelompok berisi satu model.")
            isi = getattr(obj, "isi_turunan", None)
            if isi is not None:
                isi()
            params.extend(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in kolom)
        bagian.append((f"g{i}", sql))
    if len(bagian) == 1:
        sql = bagian[0][1]
    else:
        sql = (
            "WITH "
            + ", ".join(f"{nama} AS ({s})" for nama, s in bagian)
            + " "
            + " UNION ALL ".join(f"(SELECT {i} AS k, * FROM {nama})" for i, (nama, _) in enumerate(bagian))
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        baris = cursor.fetchall()
    per_kelompok: list[list] = [[] for _ in kelompok]
    for b in baris:
        if len(bagian) == 1:
            per_kelompok[0].append(b[0])
        else:
            per_kelompok[b[0]].append(b[1])
    for g, pk in zip(kelompok, per_kelompok, strict=True):
        if len(pk) != len(g):
            raise RuntimeError("sisipkan: jumlah kunci yang kembali tidak sama dengan baris yang ditulis.")
        for obj, nilai in zip(g, pk, strict=True):
            obj.pk = nilai
            obj._state.adding = False
            obj._state.db = alias
