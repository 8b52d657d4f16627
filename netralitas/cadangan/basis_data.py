"""The database side of a backup and a restore: PostgreSQL through pg_dump and pg_restore, SQLite
(laptops) through its online backup API.

A backup's snapshot is one consistent view: on PostgreSQL a REPEATABLE READ transaction exports
its snapshot to pg_dump (`--snapshot`) and, while pg_dump runs, reads in that same snapshot the
migration state, every table's row count and every file name the rows point at; on SQLite the
backup API copies the database and those are read from the copy. So the file names checked
against the archive are exactly the dump's. Whether a name the snapshot has but the folder lacks
is still named now is asked of that same database, through the engine's own connection.

Connections come from settings.DATABASES (the alias), or for the default alias from
DATABASE_URL_LANGSUNG when it is set: pg_dump needs a session of its own, which a pgbouncer in
transaction mode does not give, so behind one that variable points at PostgreSQL itself (the same
variable posko-manage uses for migrations). The password never reaches a command line: the tools
read it from a passfile (0600, in a private folder removed afterwards).
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import environ
from django.conf import settings
from django.db import DatabaseError, connections
from django.db.utils import load_backend

from .galat import Ditolak, Gagal
from .rujukan import baca_rujukan, dirujuk_lewat

# libpq's connection options (DATABASES[...]["OPTIONS"]) and the variables the tools read them from.
LIBPQ_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "gssencmode": "PGGSSENCMODE",
    "channel_binding": "PGCHANNELBINDING",
    "options": "PGOPTIONS",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}
SKEMA_SISTEM = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'"


@dataclass
class Potret:
    """What a database holds, as the manifest records it and the restore checks it."""

    migrasi: dict[str, list[str]]
    jumlah_baris: dict[str, int]
    rujukan: dict[str, tuple[str, str, str]]  # file name -> (model, field, primary key)
    info: dict


def untuk(alias: str = "default", *, nama: str | None = None):
    """The engine of a database alias, with its connection settings; `nama`: another database
    on the same server, reached as the same user (a restore into a new database beside the live one)."""
    if alias not in connections.settings:
        raise Ditolak(f"Alias basis data {alias!r} tidak ada di DATABASES.")
    sd = dict(connections[alias].settings_dict)
    if alias == "default" and settings.DATABASE_URL_LANGSUNG:
        sd.update(environ.Env.db_url_config(settings.DATABASE_URL_LANGSUNG))
    if nama:
        sd["NAME"] = nama
    mesin = sd.get("ENGINE", "")
    if "postgresql" in mesin:
        return Postgres(sd)
    if "sqlite3" in mesin:
        return Sqlite(sd)
    raise Ditolak(f"Mesin basis data {mesin!r} tidak didukung; cadangan dan pemulihan mengenal PostgreSQL dan SQLite.")


def _jalankan(argumen: list[str], *, env: dict | None = None, stderr_ke: Path) -> None:
    with open(stderr_ke, "wb") as galat:
        hasil = subprocess.run(argumen, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=galat)
    if hasil.returncode:
        pesan = stderr_ke.read_text(errors="replace").strip()[-3000:]
        raise Gagal(f"{Path(argumen[0]).name} berhenti dengan kode {hasil.returncode}: {pesan}")


def _alat(nama: str) -> str:
    path = shutil.which(nama)
    if path is None:
        raise Ditolak(
            f"{nama} tidak ditemukan di PATH. Pasang klien PostgreSQL yang versinya sama dengan server "
            "atau lebih baru (Debian: apt-get install postgresql-client)."
        )
    return path


class Postgres:
    mesin = "postgresql"

    def __init__(self, sd: dict):
        self.sd = sd
        self.nama = sd["NAME"]

    def _koneksi(self):
        """A connection of its own (not Django's), closed by the caller."""
        return load_backend(self.sd["ENGINE"]).DatabaseWrapper(dict(self.sd), "cadangan")

    def _conninfo(self) -> str:
        """Only the database's name on the command line (host, user and the rest go by environment)."""
        nama = self.nama.replace("\\", "\\\\").replace("'", "\\'")
        return f"dbname='{nama}'"

    @contextmanager
    def _lingkungan(self):
        env = dict(os.environ)
        for kunci, variabel in LIBPQ_ENV.items():
            nilai = (self.sd.get("OPTIONS") or {}).get(kunci)
            if nilai not in (None, ""):
                env[variabel] = str(nilai)
        for kunci, variabel in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
            if self.sd.get(kunci):
                env[variabel] = str(self.sd[kunci])
        if self.sd.get("PASSWORD"):
            env.pop("PGPASSWORD", None)  # the passfile below says it
        with tempfile.TemporaryDirectory(prefix="posko-pg-") as folder:  # 0700
            if self.sd.get("PASSWORD"):
                sandi = str(self.sd["PASSWORD"])
                if "\n" in sandi or "\r" in sandi:
                    raise Ditolak(
                        "Kata sandi basis data memuat baris baru; pg_dump tidak dapat membacanya dari passfile."
                    )
                passfile = Path(folder) / "pgpass"
                fd = os.open(passfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w") as f:
                    f.write("*:*:*:*:" + sandi.replace("\\", "\\\\").replace(":", "\\:") + "\n")
                env["PGPASSFILE"] = str(passfile)
            yield env, Path(folder)

    def dirujuk(self, nama) -> set[str]:
        """The names among `nama` that a row of this database names now."""
        w = self._koneksi()
        try:
            with w.cursor() as c:
                c.execute(
                    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    f"WHERE c.relkind IN ('r', 'p') AND {SKEMA_SISTEM} AND pg_table_is_visible(c.oid)"
                )
                tabel = {r[0] for r in c.fetchall()}
                return dirujuk_lewat(c, self._quote, "%s", tabel, nama)
        except DatabaseError as e:
            raise Gagal(f"Basis data {self.nama!r} tidak dapat dibaca untuk dicadangkan: {e}")
        finally:
            w.close()

    def _baca(self, c) -> Potret:
        c.execute(
            "SELECT n.nspname, c.relname, pg_table_is_visible(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE c.relkind IN ('r', 'p') AND {SKEMA_SISTEM} ORDER BY 1, 2"
        )
        tabel = c.fetchall()
        q = self._quote
        jumlah = {}
        for skema, nama, _ in tabel:
            c.execute(f"SELECT count(*) FROM {q(skema)}.{q(nama)}")
            jumlah[f"{skema}.{nama}"] = c.fetchone()[0]
        terlihat = {nama for _, nama, kelihatan in tabel if kelihatan}
        migrasi: dict[str, list[str]] = {}
        if "django_migrations" in terlihat:
            c.execute("SELECT app, name FROM django_migrations ORDER BY app, id")
            for app, nama in c.fetchall():
                migrasi.setdefault(app, []).append(nama)
        return Potret(migrasi=migrasi, jumlah_baris=jumlah, rujukan=baca_rujukan(c, q, terlihat), info={})

    @staticmethod
    def _quote(nama: str) -> str:
        return '"' + nama.replace('"', '""') + '"'

    def potret(self, tujuan: Path) -> Potret:
        """pg_dump (custom format) into `tujuan`, and what that dump holds, read in its snapshot."""
        pg_dump = _alat("pg_dump")
        versi_alat = subprocess.run([pg_dump, "--version"], capture_output=True, text=True).stdout.strip()
        w = self._koneksi()
        try:
            with w.cursor() as c, self._lingkungan() as (env, folder):
                c.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                c.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
                snapshot, versi_server = c.fetchone()
                galat = folder / "pg_dump.log"
                with open(galat, "wb") as log:
                    proses = subprocess.Popen(
                        [
                            pg_dump,
                            "--format=custom",
                            f"--snapshot={snapshot}",
                            f"--file={tujuan}",
                            "--no-password",
                            f"--dbname={self._conninfo()}",
                        ],
                        env=env,
                        stdin=subprocess.DEVNULL,
                        stdout=subprocess.DEVNULL,
                        stderr=log,
                    )
                    try:
                        hasil = self._baca(c)  # while pg_dump runs, in the same snapshot
                    except BaseException:
                        proses.kill()
                        raise
                    finally:
                        proses.wait()
                if proses.returncode:
                    pesan = galat.read_text(errors="replace").strip()[-3000:]
                    raise Gagal(f"pg_dump berhenti dengan kode {proses.returncode}: {pesan}")
                c.execute("COMMIT")
        except DatabaseError as e:
            raise Gagal(f"Basis data {self.nama!r} tidak dapat dibaca untuk dicadangkan: {e}")
        finally:
            w.close()
        hasil.info = {"server": f"PostgreSQL {versi_server}", "alat": versi_alat}
        return hasil

    def isi(self) -> list[str]:
        """The tables, views and sequences the database holds: empty means ready for a restore."""
        w = self._koneksi()
        try:
            with w.cursor() as c:
                c.execute(
                    "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    f"WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND {SKEMA_SISTEM} ORDER BY 1"
                )
                return [r[0] for r in c.fetchall()]
        except DatabaseError as e:
            raise Ditolak(
                f"Tidak dapat terhubung ke basis data tujuan {self.nama!r}: {str(e).strip()}\n"
                f"Bila basis data itu belum ada, buat dulu sebagai basis data kosong, mis. "
                f"`sudo -u postgres createdb --owner={self.sd.get('USER') or 'posko'} {self.nama}`."
            )
        finally:
            w.close()

    def periksa_dump(self, dump: Path) -> None:
        """The dump is readable by this pg_restore (a newer pg_dump's format is not) — before writing."""
        pg_restore = _alat("pg_restore")
        with tempfile.TemporaryDirectory(prefix="posko-pg-") as folder:
            try:
                _jalankan([pg_restore, "--list", str(dump)], stderr_ke=Path(folder) / "log")
            except Gagal as e:
                raise Ditolak(f"Dump di arsip tidak terbaca oleh pg_restore ini: {e}")

    def pulihkan(self, dump: Path, *, jobs: int = 1) -> None:
        """pg_restore into the empty database; one transaction unless `jobs` > 1 (parallel restore
        cannot be one). Owners and grants are the restoring user's (`--no-owner --no-privileges`).
        Then ANALYZE: a restored database has no planner statistics until autovacuum gets to it."""
        pg_restore = _alat("pg_restore")
        paralel = ["--single-transaction"] if jobs <= 1 else [f"--jobs={jobs}"]
        with self._lingkungan() as (env, folder):
            _jalankan(
                [
                    pg_restore,
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--no-password",
                    *paralel,
                    f"--dbname={self._conninfo()}",
                    str(dump),
                ],
                env=env,
                stderr_ke=folder / "pg_restore.log",
            )
        w = self._koneksi()
        try:
            with w.cursor() as c:
                c.execute("ANALYZE")
        except DatabaseError as e:
            raise Gagal(f"ANALYZE setelah pg_restore gagal: {e}")
        finally:
            w.close()

    def baca(self) -> Potret:
        """The same reading as the backup's, from the restored database."""
        w = self._koneksi()
        try:
            with w.cursor() as c:
                return self._baca(c)
        except DatabaseError as e:
            raise Gagal(f"Basis data {self.nama!r} tidak dapat dibaca kembali setelah dipulihkan: {e}")
        finally:
            w.close()


class Sqlite:
    mesin = "sqlite"

    def __init__(self, sd: dict):
        nama = str(sd["NAME"])
        if nama in ("", ":memory:") or nama.startswith("file:"):
            raise Ditolak(f"Basis data SQLite {nama!r} bukan berkas di disk; tidak dapat dicadangkan atau dipulihkan.")
        self.path = Path(nama)
        self.nama = nama

    def _buka_baca(self, path: Path) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{urllib.parse.quote(str(path.resolve()))}?mode=ro", uri=True)

    @staticmethod
    def _quote(nama: str) -> str:
        return '"' + nama.replace('"', '""') + '"'

    def _baca(self, db: sqlite3.Connection) -> Potret:
        c = db.cursor()
        c.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1"
        )
        tabel = [r[0] for r in c.fetchall()]
        jumlah = {}
        for nama in tabel:
            c.execute(f"SELECT count(*) FROM {self._quote(nama)}")
            jumlah[nama] = c.fetchone()[0]
        migrasi: dict[str, list[str]] = {}
        if "django_migrations" in tabel:
            c.execute("SELECT app, name FROM django_migrations ORDER BY app, id")
            for app, nama in c.fetchall():
                migrasi.setdefault(app, []).append(nama)
        return Potret(migrasi=migrasi, jumlah_baris=jumlah, rujukan=baca_rujukan(c, self._quote, set(tabel)), info={})

    def potret(self, tujuan: Path) -> Potret:
        """The online backup API: one copy of a consistent state (the source is read-locked for the
        copy, so writers wait a moment, readers do not), read back from the copy."""
        if not self.path.exists():
            raise Ditolak(f"Basis data SQLite {self.path} tidak ada.")
        os.close(os.open(tujuan, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        sumber = self._buka_baca(self.path)
        salinan = sqlite3.connect(tujuan)
        try:
            sumber.backup(salinan)
            hasil = self._baca(salinan)
        finally:
            sumber.close()
            salinan.close()
        hasil.info = {"server": f"SQLite {sqlite3.sqlite_version}", "alat": "sqlite3 backup API"}
        return hasil

    def dirujuk(self, nama) -> set[str]:
        db = self._buka_baca(self.path)
        try:
            c = db.cursor()
            c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            return dirujuk_lewat(c, self._quote, "?", {r[0] for r in c.fetchall()}, nama)
        except sqlite3.DatabaseError as e:
            raise Gagal(f"Basis data {self.nama!r} tidak dapat dibaca untuk dicadangkan: {e}")
        finally:
            db.close()

    def isi(self) -> list[str]:
        if not self.path.exists() or self.path.stat().st_size == 0:
            return []
        db = self._buka_baca(self.path)
        try:
            return [r[0] for r in db.execute("SELECT type || ' ' || name FROM sqlite_master ORDER BY name")]
        except sqlite3.DatabaseError as e:
            raise Ditolak(
                f"{self.path} ada tetapi bukan basis data SQLite yang terbaca ({e}); pulihkan ke berkas baru."
            )
        finally:
            db.close()

    def periksa_dump(self, dump: Path) -> None:
        db = self._buka_baca(dump)
        try:
            hasil = db.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as e:
            hasil = str(e)
        finally:
            db.close()
        if hasil != "ok":
            raise Ditolak(f"Basis data SQLite di arsip tidak utuh: {hasil}")

    def pulihkan(self, dump: Path, *, jobs: int = 1) -> None:
        for koneksi in connections.all(initialized_only=True):
            if koneksi.settings_dict.get("NAME") == self.nama:
                koneksi.close()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        sumber = self._buka_baca(dump)
        tujuan = sqlite3.connect(self.path)
        try:
            sumber.backup(tujuan)
        except sqlite3.DatabaseError as e:
            raise Gagal(f"Salinan SQLite gagal ditulis ke {self.path}: {e}")
        finally:
            sumber.close()
            tujuan.close()
        os.chmod(self.path, 0o600)

    def baca(self) -> Potret:
        db = self._buka_baca(self.path)
        try:
            return self._baca(db)
        except sqlite3.DatabaseError as e:
            raise Gagal(f"Basis data {self.nama!r} tidak dapat dibaca kembali setelah dipulihkan: {e}")
        finally:
            db.close()
