"""Name search reads the start of any word of a terlapor's name ("bambang" finds "Drs. H. Bambang
Sutrisno"): `nama_cari LIKE 'X%' OR nama_cari LIKE '% X%'`. On PostgreSQL a trigram index serves
both forms; the prefix btree of 0003 still serves the first. SQLite (`make run` on a laptop) has
neither operator class and reads its few rows without an index.

pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it. The index is
built in the migration's transaction, which holds writes to pengaduan_terlapor while it builds
(about 30 s at 1.25 million terlapor on the bench machine): run migrations before restarting web."""

from django.db import migrations

BUAT = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS terlapor_nama_trgm ON pengaduan_terlapor USING gin (nama_cari gin_trgm_ops)",
]
HAPUS = ["DROP INDEX IF EXISTS terlapor_nama_trgm"]


def _jalankan(perintah):
    def jalankan(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in perintah:
            schema_editor.execute(sql)

    return jalankan


class Migration(migrations.Migration):
    dependencies = [("pengaduan", "0012_isi_ulang_kolom_turunan")]

    operations = [migrations.RunPython(_jalankan(BUAT), _jalankan(HAPUS))]
