"""What the two commands refuse before touching anything, and how the database password travels."""

import io
import stat
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from netralitas.cadangan import basis_data


def _jalankan(perintah: str, *argumen, **opsi) -> str:
    keluaran = io.StringIO()
    call_command(perintah, *argumen, stdout=keluaran, **opsi)
    return keluaran.getvalue()


@pytest.mark.parametrize(
    "argumen, opsi, pesan",
    [
        pytest.param(["tidak-ada.tar"], {}, "tidak ada atau bukan berkas", id="arsip-tidak-ada"),
        pytest.param(["ARSIP"], {"database": "lain"}, "Alias basis data 'lain' tidak ada", id="alias-tidak-ada"),
        pytest.param(["ARSIP"], {"folder_sementara": "tidak-ada"}, "bukan folder", id="folder-sementara"),
        pytest.param(["ARSIP"], {"berkas_lama": "tidak-ada"}, "--berkas-lama", id="berkas-lama"),
    ],
)
def test_pulihkan_menolak_masukan_yang_salah(tmp_path, monkeypatch, argumen, opsi, pesan):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ARSIP").write_bytes(b"bukan arsip")
    with pytest.raises(CommandError, match=pesan) as e:
        _jalankan("pulihkan", *argumen, **opsi)
    assert e.value.returncode == 2  # refused, nothing written


@pytest.mark.parametrize("lama", ["berkas/lama", ".", "berkas"], ids=["di-dalam", "memuat", "sama"])
def test_pulihkan_menolak_berkas_lama_yang_memuat_atau_dimuat_folder_berkas(tmp_path, penyimpanan, lama):
    """Copying the old folder's files into a folder inside it (or the other way round) would walk
    what it writes."""
    folder = penyimpanan("berkas")
    (folder / "lama").mkdir(parents=True)
    (tmp_path / "a.tar").write_bytes(b"bukan arsip")
    with pytest.raises(
        CommandError, match="--berkas-lama .* tidak boleh sama dengan, berada di dalam, atau memuat"
    ) as e:
        _jalankan("pulihkan", str(tmp_path / "a.tar"), berkas_lama=str(tmp_path / lama))
    assert e.value.returncode == 2


def test_periksa_saja_menolak_yang_bukan_arsip(tmp_path):
    (tmp_path / "a.tar").write_bytes(b"x" * 4096)
    with pytest.raises(CommandError, match="ditolak, tidak ada yang ditulis: .*tidak terenkripsi"):
        _jalankan("pulihkan", str(tmp_path / "a.tar"), periksa_saja=True)
    with pytest.raises(CommandError, match="ditolak, tidak ada yang ditulis: .*Arsip tidak terbaca sebagai tar"):
        _jalankan("pulihkan", str(tmp_path / "a.tar"), periksa_saja=True, terima_tanpa_enkripsi=True)


def test_cadangkan_tidak_menimpa_dan_tidak_menulis_ke_folder_berkas(tmp_path, settings):
    (tmp_path / "ada.tar").write_bytes(b"lama")
    with pytest.raises(CommandError, match="sudah ada; cadangan tidak pernah menimpa"):
        _jalankan("cadangkan", str(tmp_path / "ada.tar"))
    assert (tmp_path / "ada.tar").read_bytes() == b"lama"
    (tmp_path / "bukan-folder").write_bytes(b"")
    with pytest.raises(CommandError, match="bukan folder"):
        _jalankan("cadangkan", str(tmp_path / "bukan-folder"))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "berkas", "base_url": None},
        },
    }
    with pytest.raises(CommandError, match="di dalam folder berkas"):
        _jalankan("cadangkan", str(tmp_path / "berkas" / "cadangan"))


def test_kata_sandi_lewat_passfile_bukan_baris_perintah_dan_dihapus_sesudahnya(monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "sandi-lama-dari-lingkungan")
    pg = basis_data.Postgres(
        {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "posko's db",
            "USER": "posko",
            "PASSWORD": "r4h:si\\a",
            "HOST": "db.internal",
            "PORT": "6432",
            "OPTIONS": {"sslmode": "verify-full", "application_name": "x"},
        }
    )
    assert pg._conninfo() == "dbname='posko\\'s db'"
    with pg._lingkungan() as (env, folder):
        passfile = Path(env["PGPASSFILE"])
        assert passfile.read_text() == "*:*:*:*:r4h\\:si\\\\a\n"
        assert stat.S_IMODE(passfile.stat().st_mode) == 0o600
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert "PGPASSWORD" not in env and "r4h:si\\a" not in "".join(env.values())
        assert (env["PGHOST"], env["PGPORT"], env["PGUSER"], env["PGSSLMODE"]) == (
            "db.internal",
            "6432",
            "posko",
            "verify-full",
        )
    assert not passfile.exists() and not folder.exists()


def test_database_url_langsung_menggantikan_koneksi_default_saja(settings):
    """Behind pgbouncer in transaction mode, pg_dump and pg_restore go to PostgreSQL itself: the
    same URL posko-manage uses for migrations."""
    settings.DATABASE_URL_LANGSUNG = "postgres://posko:rahasia@10.0.0.5:5432/posko?sslmode=require"
    pg = basis_data.untuk("default")
    assert isinstance(pg, basis_data.Postgres)
    assert (pg.nama, pg.sd["HOST"], pg.sd["PORT"], pg.sd["OPTIONS"]) == (
        "posko",
        "10.0.0.5",
        5432,
        {"sslmode": "require"},
    )
    # --nama-basis-data: another database on that server, as that user.
    pulih = basis_data.untuk("default", nama="posko_pulih")
    assert (pulih.nama, pulih.sd["HOST"], pulih.sd["USER"]) == ("posko_pulih", "10.0.0.5", "posko")
    settings.DATABASE_URL_LANGSUNG = ""
    assert basis_data.untuk("default").sd["NAME"] == connections["default"].settings_dict["NAME"]
