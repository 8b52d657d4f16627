"""The laptop's path: a SQLite database copied with the online backup API, restored into a new file."""

import errno
import hashlib
import io
import json
import os
import shutil
import stat
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from netralitas.cadangan import arsip, basis_data
from pengaduan import bukti
from pengaduan.models import UnggahanSementara
from tests.cadangan.conftest import memakai_basis_data, polos
from tests.factories import jpeg, majukan_waktu

pytestmark = pytest.mark.django_db


def _seperti_setelah_migrate(alias: str) -> None:
    """Every model's table and the migration record, as `migrate` leaves a new SQLite file (in a
    fraction of the time the migrations themselves take)."""
    with memakai_basis_data(alias):
        koneksi = connections["default"]
        with koneksi.schema_editor() as editor:
            for model in apps.get_models():
                if model._meta.managed and not model._meta.proxy:
                    editor.create_model(model)
        perekam = MigrationRecorder(koneksi)
        perekam.ensure_schema()
        for app, nama in sorted(MigrationLoader(None, ignore_no_migrations=True).disk_migrations):
            perekam.record_applied(app, nama)


def _jalankan(perintah: str, *argumen, **opsi) -> str:
    keluaran = io.StringIO()
    call_command(perintah, *argumen, stdout=keluaran, **opsi)
    return keluaran.getvalue()


def test_sqlite_dicadangkan_dan_dipulihkan_ke_berkas_baru(tmp_path, penyimpanan, basis_data_sqlite):
    asal = basis_data_sqlite("laptop")
    _seperti_setelah_migrate(asal)
    asal_folder = penyimpanan("berkas")
    with memakai_basis_data(asal):
        u = bukti.simpan_unggahan_sementara(berkas=jpeg())  # a reporter's upload, staged
    arsip = tmp_path / "laptop.tar"
    keluaran = _jalankan("cadangkan", str(arsip), database=asal)
    assert "SQLite" in keluaran and "Rujukan berkas di basis data: 1, semuanya ada di arsip" in keluaran

    with pytest.raises(CommandError, match=r"tidak kosong: \d+ objek, antara lain"):
        _jalankan("pulihkan", str(arsip), database=asal)

    # Since the backup: a newer file, and (a damaged disk, say) other bytes under an archived name.
    (asal_folder / "sk" / "2026" / "12").mkdir(parents=True)
    (asal_folder / "sk" / "2026" / "12" / "baru.pdf").write_bytes(b"%PDF-baru")
    (asal_folder / u.berkas.name).write_bytes(b"lain")

    tujuan = basis_data_sqlite("laptop-pulih")
    folder = penyimpanan("berkas-pulih")
    keluaran = _jalankan("pulihkan", str(arsip), database=tujuan, berkas_lama=str(asal_folder))
    assert "1 berkas disalin ke tempatnya, 1 ke karantina" in keluaran
    path = Path(connections.settings[tujuan]["NAME"])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with memakai_basis_data(tujuan):
        dipulihkan = UnggahanSementara.objects.get(token=u.token)
    assert hashlib.sha256((folder / dipulihkan.berkas.name).read_bytes()).hexdigest() == u.sha256
    assert (folder / "sk" / "2026" / "12" / "baru.pdf").read_bytes() == b"%PDF-baru"
    hari = timezone.localdate().isoformat()
    assert (folder / "karantina" / hari / u.berkas.name).read_bytes() == b"lain"


def _laptop_dengan_unggahan(basis_data_sqlite, penyimpanan):
    """A migrated SQLite database with one staged upload (its row and its file)."""
    asal = basis_data_sqlite("laptop")
    _seperti_setelah_migrate(asal)
    folder = penyimpanan("berkas")
    with memakai_basis_data(asal):
        u = bukti.simpan_unggahan_sementara(berkas=jpeg())
    return asal, folder, u


def _manifest(path: Path) -> dict:
    with tarfile.open(polos(path)) as tar:
        return json.load(tar.extractfile("manifest.json"))


def test_baris_yang_berkasnya_dihapus_setelah_potret_dilaporkan_bukan_disebut_cocok(
    tmp_path, penyimpanan, basis_data_sqlite, monkeypatch, settings
):
    asal, _, u = _laptop_dengan_unggahan(basis_data_sqlite, penyimpanan)
    # Between the database's snapshot and the copy of the files, the beat's hourly sweep deletes
    # the (by then expired) staging upload: its row is in the dump, its file not in the archive.
    potret = basis_data.Sqlite.potret

    def potret_lalu_sapu(self, tujuan):
        hasil = potret(self, tujuan)
        with memakai_basis_data(asal):
            kembalikan = majukan_waktu(monkeypatch, 2)
            assert bukti.bersihkan_unggahan_sementara() == 1
            kembalikan()
        return hasil

    monkeypatch.setattr(basis_data.Sqlite, "potret", potret_lalu_sapu)
    arsip_ = tmp_path / "laptop.tar"
    keluaran = _jalankan("cadangkan", str(arsip_), database=asal)
    assert "Rujukan berkas di basis data: 1, 0 di antaranya ada di arsip." in keluaran
    assert "semuanya ada di arsip" not in keluaran
    baris = f"pengaduan.UnggahanSementara.berkas pk={u.pk}: {u.berkas.name}"
    assert baris in keluaran
    assert _manifest(arsip_)["berkas_dihapus_setelah_potret"] == [
        {"berkas": u.berkas.name, "model": "pengaduan.UnggahanSementara", "kolom": "berkas", "pk": str(u.pk)}
    ]

    tujuan = basis_data_sqlite("laptop-pulih")
    penyimpanan("berkas-pulih")
    keluaran = _jalankan("pulihkan", str(arsip_), database=tujuan)
    dilaporkan = f"{baris} (dihapus bersama barisnya setelah potret basis data; barisnya ada di dump)"
    assert "1 baris basis data merujuk berkas yang tidak ada di folder; barisnya dibiarkan" in keluaran
    assert dilaporkan in keluaran
    assert "setiap berkas yang dirujuk basis data ada di folder" not in keluaran
    [laporan] = settings.CADANGAN_DIR.glob("pulihkan-*.txt")
    assert f"Laporan lengkap: {laporan}" in keluaran
    assert stat.S_IMODE(laporan.stat().st_mode) == 0o600
    assert dilaporkan in laporan.read_text()
    with memakai_basis_data(tujuan):  # reported, not deleted: the restore gives back the snapshot
        assert UnggahanSementara.objects.filter(pk=u.pk).exists()


def test_berkas_yang_menyusut_saat_dicadangkan_keluar_dengan_kode_2(
    tmp_path, penyimpanan, basis_data_sqlite, monkeypatch
):
    asal, folder, u = _laptop_dengan_unggahan(basis_data_sqlite, penyimpanan)
    sasaran = folder / u.berkas.name
    baca = arsip._BacaPersis.__init__

    def menyusut(self, f, ukuran):  # another process truncates the file while it is being copied
        baca(self, f, ukuran)
        if os.path.samefile(f"/proc/self/fd/{f.fileno()}", sasaran):
            os.truncate(sasaran, ukuran // 2)

    monkeypatch.setattr(arsip._BacaPersis, "__init__", menyusut)
    with pytest.raises(CommandError, match="menyusut saat disalin") as e:
        _jalankan("cadangkan", str(tmp_path / "a.tar"), database=asal)
    assert e.value.returncode == 2
    assert _manifest(tmp_path / "a.tar")["berkas_berubah_saat_dicadangkan"] == [f"berkas/{u.berkas.name}"]
    keluaran = _jalankan("cadangkan", str(tmp_path / "b.tar"), database=asal, izinkan_hilang=True)
    assert "1 berkas menyusut saat disalin" in keluaran


def test_pulihkan_menolak_bila_ruang_disk_tidak_cukup(tmp_path, penyimpanan, basis_data_sqlite, monkeypatch):
    asal, _, u = _laptop_dengan_unggahan(basis_data_sqlite, penyimpanan)
    arsip_ = tmp_path / "laptop.tar"
    _jalankan("cadangkan", str(arsip_), database=asal)
    tujuan = basis_data_sqlite("laptop-pulih")
    folder = penyimpanan("berkas-pulih")
    # The disk holding the files' folder has room for less than the archive's files.
    disk_usage = shutil.disk_usage
    berkas_disk = os.stat(tmp_path).st_dev

    def sempit(path):
        hasil = disk_usage(path)
        if os.stat(path).st_dev == berkas_disk:
            return hasil._replace(free=u.ukuran // 2)
        return hasil

    monkeypatch.setattr(shutil, "disk_usage", sempit)
    with pytest.raises(CommandError, match=r"Ruang disk tidak cukup di .*: pemulihan perlu .*tersedia") as e:
        _jalankan("pulihkan", str(arsip_), database=tujuan)
    assert e.value.returncode == 2
    assert "Tidak ada yang ditulis" in str(e.value)
    assert not folder.exists() and not Path(connections.settings[tujuan]["NAME"]).exists()


def test_disk_penuh_saat_berkas_ditulis_gagal_dengan_kode_1_dan_pesan_indonesia(
    tmp_path, penyimpanan, basis_data_sqlite, monkeypatch
):
    asal, _, _ = _laptop_dengan_unggahan(basis_data_sqlite, penyimpanan)
    arsip_ = tmp_path / "laptop.tar"
    _jalankan("cadangkan", str(arsip_), database=asal)
    tujuan = basis_data_sqlite("laptop-pulih")
    folder = penyimpanan("berkas-pulih")
    salin = arsip._salin
    disalin = []

    def penuh(sumber, keluar):  # the dump goes through; the first file fills the disk
        disalin.append(keluar)
        if len(disalin) == 1:
            return salin(sumber, keluar)
        keluar.write(b"sebagian")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(arsip, "_salin", penuh)
    with pytest.raises(CommandError, match="Berkas gagal dipulihkan: ruang disk habis") as e:
        _jalankan("pulihkan", str(arsip_), database=tujuan)
    assert e.value.returncode == 1  # written in part: the database is restored
    assert "No space" not in str(e.value)
    assert [p for p in folder.rglob("*") if p.is_file()] == []  # the partial file went with its temporary name
