"""Backup and restore through the two commands, on PostgreSQL with pg_dump and pg_restore: an
older backup restored into a new database and folder loses nothing (the newer letters and SKs end
in the quarantine, not deleted); a database or folder that is not empty, or an archive that is
damaged in any way, is refused before anything is written."""

import hashlib
import io
import json
import stat
import tarfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connections
from django.utils import timezone

from netralitas.cadangan import basis_data
from netralitas.cadangan.rujukan import medan_berkas
from pengaduan import bukti, tasks
from pengaduan.models import Bukti, Pengaduan, Rekomendasi, SalinanBukti, Sanksi, Status, StatusSalinan
from tests.cadangan.conftest import memakai_basis_data, polos, sandikan
from tests.factories import bawa_ke_status, buat_pengaduan, exif_gps, jpeg, majukan_waktu

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("_data_dasar")]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _isi_folder(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): _sha(p) for p in folder.rglob("*") if p.is_file()}


def _cadangkan(path: Path, **opsi) -> str:
    keluaran = io.StringIO()
    call_command("cadangkan", str(path), stdout=keluaran, **opsi)
    return keluaran.getvalue()


def _pulihkan(path: Path, **opsi) -> str:
    keluaran = io.StringIO()
    call_command("pulihkan", str(path), stdout=keluaran, **opsi)
    return keluaran.getvalue()


def _kosong(alias: str, folder: Path) -> bool:
    """Nothing was written: the database holds no table and the folder no file."""
    return basis_data.untuk(alias).isi() == [] and not (folder.exists() and any(folder.iterdir()))


def _berkas_kasus(p) -> set[str]:
    """The letter, the SK and the stripped copies of one case: what the beat's sweep looks after."""
    nama = {Rekomendasi.objects.get(pengaduan=p).surat.name}
    nama |= {s.dokumen_sk.name for s in Sanksi.objects.filter(pengaduan=p)}
    nama |= {s.berkas.name for s in SalinanBukti.objects.filter(bukti__pengaduan=p, status=StatusSalinan.SIAP)}
    return nama


def test_cadangan_lama_dipulihkan_lalu_pembersihan_tidak_menghilangkan_berkas(
    tmp_path, penyimpanan, basis_data_baru, monkeypatch
):
    asal = penyimpanan("berkas")
    # Before the backup: a forwarded case (letter, stripped copies) and a sanctioned one (SK).
    p1, _ = buat_pengaduan(unggahan=[jpeg(exif=exif_gps())])
    bawa_ke_status(p1, Status.DITERUSKAN)
    p2, _ = buat_pengaduan(unggahan=[jpeg(), jpeg(nama="dua.jpg")])
    bawa_ke_status(p2, Status.SANKSI_DIJATUHKAN)
    arsip = tmp_path / "cadangan" / "lama.tar"
    arsip.parent.mkdir()
    keluaran = _cadangkan(arsip)
    assert "Cadangan selesai" in keluaran and "semuanya ada di arsip" in keluaran
    assert stat.S_IMODE(arsip.stat().st_mode) == 0o600

    # After it: more reports, letters and SKs.
    p3, _ = buat_pengaduan(unggahan=[jpeg()])
    bawa_ke_status(p3, Status.SANKSI_DIJATUHKAN)
    p4, _ = buat_pengaduan(unggahan=[jpeg()])
    bawa_ke_status(p4, Status.DITERUSKAN)
    baru = _berkas_kasus(p3) | _berkas_kasus(p4)
    assert len(baru) >= 5  # two letters, an SK, two copies
    semua = _isi_folder(asal)  # every file there ever was: none may be lost

    # The older backup into a new, empty database and folder; the old folder's newer files come along.
    alias = basis_data_baru()
    tujuan = penyimpanan("berkas-pulih")
    keluaran = _pulihkan(arsip, database=alias, berkas_lama=str(asal))
    assert "Pemulihan selesai" in keluaran and "cocok" in keluaran
    assert stat.S_IMODE(tujuan.stat().st_mode) == 0o700
    for p in tujuan.rglob("*"):
        assert stat.S_IMODE(p.stat().st_mode) == (0o700 if p.is_dir() else 0o600), p

    with memakai_basis_data(alias):
        assert set(Pengaduan.objects.values_list("pk", flat=True)) >= {p1.pk, p2.pk}
        assert not Pengaduan.objects.filter(pk__in=[p3.pk, p4.pk]).exists()
        # The beat's hourly sweep, two days on.
        majukan_waktu(monkeypatch, 2)
        hasil = tasks.bersihkan_unggahan_sementara()
        hari = timezone.localdate().isoformat()
        # Every file the restored rows name is there, with the SHA-256 the row recorded.
        for b in Bukti.objects.all():
            assert _sha(tujuan / b.berkas.name) == b.sha256
        for r in Rekomendasi.objects.all():
            assert _sha(tujuan / r.surat.name) == r.sha256_surat
        for s in Sanksi.objects.all():
            assert _sha(tujuan / s.dokumen_sk.name) == s.sha256_sk
        for s in SalinanBukti.objects.exclude(berkas=""):
            assert _sha(tujuan / s.berkas.name) == s.sha256
        for model, f in medan_berkas():
            for nama in model._base_manager.exclude(**{f.name: ""}).values_list(f.name, flat=True):
                assert (tujuan / nama).is_file(), f"{model._meta.label}.{f.name}: {nama}"

    # The newer letters, SKs and copies: in the quarantine, whole, not deleted.
    assert hasil["yatim_dikarantina"] == len(baru) and hasil["karantina_dihapus"] == 0
    for nama in baru:
        assert not (tujuan / nama).exists()
        assert _sha(tujuan / "karantina" / hari / nama) == semua[nama]
    # Nothing lost: every file of the old folder is in the new one, at its place or in the quarantine.
    pulih = _isi_folder(tujuan)
    for nama, sha in semua.items():
        assert sha in (pulih.get(nama), pulih.get(f"karantina/{hari}/{nama}")), nama


def test_cadangan_memuat_manifest_lengkap_dan_berkas_yang_dirujuk(tmp_path, penyimpanan):
    penyimpanan("berkas")
    p, _ = buat_pengaduan(unggahan=[jpeg()])
    bawa_ke_status(p, Status.SANKSI_DIJATUHKAN)
    arsip = tmp_path / "a.tar"
    _cadangkan(arsip)
    with tarfile.open(polos(arsip)) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        nama = set(tar.getnames())
    assert manifest["basis_data"]["mesin"] == "postgresql"
    assert manifest["basis_data"]["jumlah_baris"]["public.pengaduan_pengaduan"] == Pengaduan.objects.count()
    assert "0001_initial" in manifest["migrasi"]["pengaduan"]
    assert manifest["versi_aplikasi"]
    assert manifest["berkas_hilang"] == []
    assert {e["nama"] for e in manifest["anggota"]} | {"manifest.json", "SEGEL"} == nama
    sk = Sanksi.objects.get(pengaduan=p)
    entri = next(e for e in manifest["anggota"] if e["nama"] == f"berkas/{sk.dokumen_sk.name}")
    assert entri["sha256"] == sk.sha256_sk and entri["mode"] == "0600"


def test_berkas_yang_dirujuk_tetapi_hilang_disebut_satu_per_satu(tmp_path, penyimpanan):
    asal = penyimpanan("berkas")
    p, _ = buat_pengaduan(unggahan=[jpeg()])
    bawa_ke_status(p, Status.DITERUSKAN)
    r = Rekomendasi.objects.get(pengaduan=p)
    (asal / r.surat.name).unlink()
    arsip = tmp_path / "a.tar"
    with pytest.raises(CommandError, match="tidak lengkap") as e:
        _cadangkan(arsip)
    assert e.value.returncode == 2
    assert arsip.exists()  # still the best backup there is, with the loss on record
    with tarfile.open(polos(arsip)) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["berkas_hilang"] == [
        {"berkas": r.surat.name, "model": "pengaduan.Rekomendasi", "kolom": "surat", "pk": str(r.pk)}
    ]
    keluaran = _cadangkan(tmp_path / "b.tar", izinkan_hilang=True)
    assert f"pengaduan.Rekomendasi.surat pk={r.pk}: {r.surat.name}" in keluaran


def test_berkas_hilang_digolongkan_lewat_basis_data_yang_didump(tmp_path, penyimpanan, basis_data_baru, settings):
    """With DATABASE_URL_LANGSUNG pg_dump reads PostgreSQL itself; whether a row still names a file
    the folder lacks is asked of that same database, never of Django's connection (pgbouncer's,
    which may lead elsewhere). Here they differ: only the dumped database has the row."""
    penyimpanan("berkas")
    buat_pengaduan()
    arsip = tmp_path / "a.tar"
    _cadangkan(arsip)
    alias = basis_data_baru()
    folder = penyimpanan("berkas-lain")
    _pulihkan(arsip, database=alias)
    with memakai_basis_data(alias):
        u = bukti.simpan_unggahan_sementara(berkas=jpeg())
    (folder / u.berkas.name).unlink()  # lost, while its row stays
    sd = connections.settings[alias]
    sandi = f":{quote(sd['PASSWORD'], safe='')}" if sd.get("PASSWORD") else ""
    settings.DATABASE_URL_LANGSUNG = (
        f"postgres://{quote(sd['USER'], safe='')}{sandi}@{sd['HOST']}:{sd['PORT'] or 5432}/{sd['NAME']}"
    )
    with pytest.raises(CommandError, match="tidak lengkap") as e:
        _cadangkan(tmp_path / "b.tar")
    assert e.value.returncode == 2
    with tarfile.open(polos(tmp_path / "b.tar")) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["basis_data"]["nama"] == sd["NAME"]
    assert [e["berkas"] for e in manifest["berkas_hilang"]] == [u.berkas.name]
    assert manifest["berkas_dihapus_setelah_potret"] == []


def test_pulihkan_ke_nama_basis_data_lain_lalu_ganti_nama(tmp_path, penyimpanan, basis_data_baru):
    """The README's restore: into a new database beside the live one (--nama-basis-data), the
    connection settings otherwise unchanged."""
    penyimpanan("berkas")
    p, _ = buat_pengaduan(unggahan=[jpeg()])
    arsip = tmp_path / "a.tar"
    _cadangkan(arsip)
    alias = basis_data_baru()
    nama = connections.settings[alias]["NAME"]
    penyimpanan("berkas-pulih")
    keluaran = _pulihkan(arsip, nama_basis_data=nama)  # the default alias, another database
    assert f"Basis data {nama}:" in keluaran
    with memakai_basis_data(alias):
        assert Pengaduan.objects.filter(pk=p.pk).exists()


def test_pulihkan_menolak_basis_data_yang_tidak_kosong(tmp_path, penyimpanan):
    penyimpanan("berkas")
    buat_pengaduan()
    arsip = tmp_path / "a.tar"
    _cadangkan(arsip)
    folder = penyimpanan("berkas-pulih")
    with pytest.raises(CommandError, match=r"Basis data tujuan '.+' tidak kosong: \d+ objek, antara lain public\."):
        _pulihkan(arsip)  # into the database it came from
    assert not folder.exists()


def test_pulihkan_menolak_folder_yang_tidak_kosong(tmp_path, penyimpanan, basis_data_baru):
    penyimpanan("berkas")
    buat_pengaduan()
    arsip = tmp_path / "a.tar"
    _cadangkan(arsip)
    alias = basis_data_baru()
    folder = penyimpanan("berkas-pulih")
    (folder / "sk").mkdir(parents=True)
    (folder / "sk" / "x.pdf").write_bytes(b"%PDF")
    with pytest.raises(CommandError, match=r"Folder berkas .* tidak kosong: berisi sk\."):
        _pulihkan(arsip, database=alias)
    assert basis_data.untuk(alias).isi() == []
    assert _isi_folder(folder) == {"sk/x.pdf": hashlib.sha256(b"%PDF").hexdigest()}


def _balik(data: bytes, posisi: int) -> bytes:
    b = bytearray(data)
    b[posisi] ^= 0x01
    return bytes(b)


def _tanpa_anggota(path: Path, tujuan: Path, awalan: str) -> None:
    with tarfile.open(path) as masuk, tarfile.open(tujuan, "w", format=tarfile.GNU_FORMAT) as keluar:
        dibuang = False
        for info in masuk.getmembers():
            if not dibuang and info.name.startswith(awalan):
                dibuang = True
                continue
            keluar.addfile(info, masuk.extractfile(info))


@pytest.mark.parametrize("kerusakan", ["byte-dibalik", "terpotong", "anggota-ditambah", "anggota-dibuang"])
def test_arsip_rusak_ditolak_sebelum_apa_pun_ditulis(tmp_path, penyimpanan, basis_data_baru, kerusakan):
    penyimpanan("berkas")
    p, _ = buat_pengaduan(unggahan=[jpeg()])
    bawa_ke_status(p, Status.DITERUSKAN)
    arsip = tmp_path / "a.tar"
    _cadangkan(arsip)
    data = arsip.read_bytes()
    rusak = tmp_path / "rusak.tar"
    if kerusakan == "byte-dibalik":
        rusak.write_bytes(_balik(data, len(data) // 3))
    elif kerusakan == "terpotong":
        rusak.write_bytes(data[: len(data) - 20_000])
    elif kerusakan == "anggota-ditambah":
        # Changed inside, by someone holding the key: the tar's own checks still refuse it.
        dalam = polos(arsip)
        with tarfile.open(dalam, "a", format=tarfile.GNU_FORMAT) as tar:
            info = tarfile.TarInfo("berkas/sk/2026/11/selundupan.pdf")
            info.size = 4
            tar.addfile(info, io.BytesIO(b"%PDF"))
        sandikan(dalam, rusak)
    else:
        _tanpa_anggota(polos(arsip), tmp_path / "dibuang.tar", "berkas/rekomendasi/")
        sandikan(tmp_path / "dibuang.tar", rusak)
    alias = basis_data_baru()
    folder = penyimpanan("berkas-pulih")
    with pytest.raises(CommandError, match="ditolak, tidak ada yang ditulis") as e:
        _pulihkan(rusak, database=alias)
    assert e.value.returncode == 2
    assert _kosong(alias, folder)
    with pytest.raises(CommandError, match="ditolak"):
        _pulihkan(rusak, periksa_saja=True)
    assert "Arsip utuh" in _pulihkan(arsip, periksa_saja=True)


def test_pulihkan_menolak_arsip_dari_versi_yang_lebih_baru(tmp_path, penyimpanan, basis_data_baru):
    """An archive whose database knows a migration this code does not: refused, unless forced."""
    from django.db.migrations.recorder import MigrationRecorder

    penyimpanan("berkas")
    perekam = MigrationRecorder(connections["default"])
    perekam.record_applied("pengaduan", "9999_dari_masa_depan")
    arsip = tmp_path / "a.tar"
    try:
        _cadangkan(arsip)
    finally:  # django_migrations is no model's table: no flush takes the row away
        perekam.record_unapplied("pengaduan", "9999_dari_masa_depan")
    alias = basis_data_baru()
    folder = penyimpanan("berkas-pulih")
    with pytest.raises(CommandError, match="pengaduan.9999_dari_masa_depan"):
        _pulihkan(arsip, database=alias)
    assert _kosong(alias, folder)
    assert "Pemulihan selesai" in _pulihkan(arsip, database=alias, paksa_versi=True)


def test_pulihkan_paralel(tmp_path, penyimpanan, basis_data_baru):
    penyimpanan("berkas")
    p, _ = buat_pengaduan(unggahan=[jpeg()])
    bawa_ke_status(p, Status.SANKSI_DIJATUHKAN)
    sk = Sanksi.objects.get(pengaduan=p)
    arsip = tmp_path / "a.tar"
    _cadangkan(arsip)
    alias = basis_data_baru()
    folder = penyimpanan("berkas-pulih")
    assert "Pemulihan selesai" in _pulihkan(arsip, database=alias, jobs=2)
    with memakai_basis_data(alias):
        assert Sanksi.objects.get(pengaduan_id=p.pk).sha256_sk == sk.sha256_sk
    assert _sha(folder / sk.dokumen_sk.name) == sk.sha256_sk
