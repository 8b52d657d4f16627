"""The archive format on its own: whatever happens to an archive's bytes — a flipped bit, a cut,
an insertion, a member added, removed, doubled or replaced — `periksa` refuses it, and nothing else
than ArsipRusak comes out."""

import hashlib
import io
import json
import os
import re
import stat
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netralitas.cadangan import arsip

BERKAS = {
    "bukti/2026/11/a.jpg": b"\xff\xd8\xff" + bytes(range(256)) * 7,
    "sk/2026/11/b.pdf": b"%PDF-1.4\n" + b"x" * 1500,
    "karantina/2026-11-20/rekomendasi/2026/11/c.pdf": b"%PDF-1.4\nlama\n",
    "kosong.txt": b"",
}


@pytest.fixture(autouse=True)
def _tar_polos(monkeypatch):
    """These tests are of the tar inside (written by PenulisArsip without a key): plain archives
    are read here. The encryption around it is tests/cadangan/test_sandi.py's."""
    from netralitas.cadangan import sandi

    monkeypatch.setattr(sandi, "terima_polos", True)


def _manifest(anggota: list[dict]) -> dict:
    berkas = [e for e in anggota if e["nama"].startswith(arsip.AWALAN_BERKAS)]
    karantina = [e for e in berkas if e["nama"].startswith("berkas/karantina/")]
    return {
        "format": arsip.FORMAT,
        "versi_format": arsip.VERSI_FORMAT,
        "dibuat": "2026-11-20T02:00:00+07:00",
        "versi_aplikasi": "uji",
        "basis_data": {"mesin": "sqlite", "anggota": "basis-data.sqlite3", "jumlah_baris": {"t": 1}},
        "migrasi": {"pengaduan": ["0001_initial"]},
        "berkas": {
            "jumlah": len(berkas),
            "byte": sum(e["ukuran"] for e in berkas),
            "karantina": len(karantina),
            "byte_karantina": sum(e["ukuran"] for e in karantina),
        },
        "berkas_hilang": [],
        "berkas_dihapus_setelah_potret": [],
        "anggota": anggota,
    }


def tulis_arsip(folder: Path, berkas: dict[str, bytes] = BERKAS) -> Path:
    sumber = folder / "sumber"
    for rel, isi in berkas.items():
        p = sumber / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(isi)
        p.chmod(0o600)
    db = folder / "db.sqlite3"
    db.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    path = folder / "arsip.tar"
    penulis = arsip.PenulisArsip(path)
    penulis.tambah("basis-data.sqlite3", db)
    for rel in berkas:
        penulis.tambah(arsip.AWALAN_BERKAS + rel, sumber / rel)
    penulis.selesai(_manifest(penulis.anggota))
    return path


@pytest.fixture(scope="module")
def asli(tmp_path_factory) -> bytes:
    return tulis_arsip(tmp_path_factory.mktemp("arsip")).read_bytes()


@pytest.fixture
def di_disk(tmp_path):
    def tulis(data: bytes) -> Path:
        p = tmp_path / "uji.tar"
        p.write_bytes(data)
        return p

    return tulis


def test_arsip_utuh_lolos_dan_ditulis_0600_tanpa_sisa(tmp_path):
    path = tulis_arsip(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".arsip.tar.*"))  # the temporary name is gone
    hasil = arsip.periksa(path)
    assert hasil.anggota == len(BERKAS) + 1
    assert {e["nama"] for e in hasil.manifest["anggota"]} == {"basis-data.sqlite3"} | {f"berkas/{n}" for n in BERKAS}
    with tarfile.open(path) as tar:
        nama = tar.getnames()
    assert nama[0] == "basis-data.sqlite3" and nama[-2:] == ["manifest.json", "SEGEL"]


def test_penulis_yang_batal_tidak_meninggalkan_apa_pun(tmp_path):
    penulis = arsip.PenulisArsip(tmp_path / "x.tar")
    penulis.batal()
    assert list(tmp_path.iterdir()) == []


def test_cadangan_tidak_menimpa_berkas_yang_sudah_ada(tmp_path):
    (tmp_path / "x.tar").write_bytes(b"lama")
    penulis = arsip.PenulisArsip(tmp_path / "x.tar")
    with pytest.raises(FileExistsError):
        penulis.selesai(_manifest([]))
    penulis.batal()
    assert (tmp_path / "x.tar").read_bytes() == b"lama"


def _menolak(path: Path) -> str:
    with pytest.raises(arsip.ArsipRusak) as e:
        arsip.periksa(path)
    return str(e.value)


# --- Any change of bytes ---------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_setiap_byte_yang_dibalik_ditolak(asli, di_disk, data):
    posisi = data.draw(st.integers(0, len(asli) - 1), label="posisi")
    xor = data.draw(st.integers(1, 255), label="xor")
    rusak = bytearray(asli)
    rusak[posisi] ^= xor
    _menolak(di_disk(bytes(rusak)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_arsip_terpotong_ditolak(asli, di_disk, data):
    panjang = data.draw(st.integers(0, len(asli) - 1), label="panjang")
    _menolak(di_disk(asli[:panjang]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_byte_yang_disisipkan_dibuang_atau_ditambahkan_ditolak(asli, di_disk, data):
    posisi = data.draw(st.integers(0, len(asli)), label="posisi")
    sisip = data.draw(st.binary(min_size=1, max_size=2048), label="sisip")
    buang = data.draw(st.integers(0, 1024), label="buang")
    rusak = asli[:posisi] + sisip + asli[posisi + buang :]
    _menolak(di_disk(rusak))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_blok_nol_atau_sampah_di_ujung_ditolak(asli, di_disk, data):
    tambahan = data.draw(st.sampled_from([bytes(512), bytes(10240), b"\x00\x01", os.urandom(512)]), label="tambahan")
    _menolak(di_disk(asli + tambahan))


# --- Members added, removed, doubled, replaced ---------------------------------------------------------


def _salin_tar(sumber: Path, tujuan: Path, ubah) -> None:
    """Rewrite an archive member by member, `ubah(info, data)` returning the members to write instead."""
    with tarfile.open(sumber) as masuk, tarfile.open(tujuan, "w", format=tarfile.GNU_FORMAT) as keluar:
        for info in masuk.getmembers():
            data = masuk.extractfile(info).read()
            for i, d in ubah(info, data):
                keluar.addfile(i, io.BytesIO(d))


def _anggota(nama: str, data: bytes) -> tarfile.TarInfo:
    i = tarfile.TarInfo(nama)
    i.size, i.mode = len(data), 0o600
    return i


@pytest.mark.parametrize(
    "ubah, pesan",
    [
        pytest.param(
            lambda i, d: [(i, d)] if i.name != "berkas/sk/2026/11/b.pdf" else [],
            "tidak ada di arsip: berkas/sk/2026/11/b.pdf",
            id="anggota-dibuang",
        ),
        pytest.param(
            lambda i, d: (
                [(i, d), (_anggota("berkas/selundupan.pdf", b"x"), b"x")]
                if i.name == "basis-data.sqlite3"
                else [(i, d)]
            ),
            "tidak tercantum di manifest: berkas/selundupan.pdf",
            id="anggota-disisipkan",
        ),
        pytest.param(
            lambda i, d: [(i, d), (i, d)] if i.name == "berkas/kosong.txt" else [(i, d)],
            "muncul dua kali",
            id="anggota-ganda",
        ),
        pytest.param(
            lambda i, d: [(i, d.replace(b"x", b"y"))] if i.name == "berkas/sk/2026/11/b.pdf" else [(i, d)],
            "tidak cocok dengan manifest",
            id="isi-diganti-ukuran-sama",
        ),
        pytest.param(
            lambda i, d: [(i, d)] if i.name != "SEGEL" else [],
            "Segel arsip tidak ada",
            id="segel-dibuang",
        ),
    ],
)
def test_anggota_yang_diubah_ditolak_dengan_nama_anggotanya(tmp_path, ubah, pesan):
    sumber = tulis_arsip(tmp_path)
    tujuan = tmp_path / "ubah.tar"
    _salin_tar(sumber, tujuan, ubah)
    assert pesan in _menolak(tujuan)


def test_anggota_yang_ditambahkan_di_ujung_ditolak(tmp_path):
    path = tulis_arsip(tmp_path)
    with tarfile.open(path, "a", format=tarfile.GNU_FORMAT) as tar:
        tar.addfile(_anggota("berkas/baru.pdf", b"%PDF"), io.BytesIO(b"%PDF"))
    assert "setelah segel" in _menolak(path)


# --- Hostile archives: sealed and consistent with their own manifest ------------------------------------
# Whoever can write an archive can also write its manifest and seal (the sums detect damage, not
# forgery). These archives are whole in every respect but the one member under test, so each
# refusal below can only come from the check made for that member.

JARANG = 8 * 1024 * 1024  # what a sparse member claims to be; a real attack claims terabytes


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _blok(data: bytes) -> bytes:
    return data + bytes(-len(data) % tarfile.BLOCKSIZE)


def _kepala(info: tarfile.TarInfo, format=tarfile.GNU_FORMAT) -> bytes:
    return info.tobuf(format, "utf-8", "surrogateescape")


def _entri(nama: str, isi: bytes, mode: str = "0600") -> dict:
    return {"nama": nama, "ukuran": len(isi), "sha256": _sha(isi), "mode": mode, "mtime": 0}


def tulis_arsip_mentah(path: Path, anggota: list[tuple[bytes, dict]]) -> Path:
    """An archive as `cadangkan` lays it out (the database, the members, the manifest, the seal, the
    end blocks), with each member given as its raw tar blocks and its manifest entry."""
    db = b"SQLite format 3\x00" + bytes(4080)
    isi = _kepala(arsip._info("basis-data.sqlite3", len(db), 0, 0o600)) + _blok(db)
    entri = [_entri("basis-data.sqlite3", db)]
    for mentah, e in anggota:
        isi += mentah
        entri.append(e)
    manifest = json.dumps(_manifest(entri)).encode()
    isi += _kepala(arsip._info(arsip.MANIFEST, len(manifest), 0, 0o600)) + _blok(manifest)
    segel = b"sha256 %s\npanjang %d\n" % (_sha(isi).encode(), len(isi))
    isi += _kepala(arsip._info(arsip.SEGEL, len(segel), 0, 0o600)) + _blok(segel)
    isi += bytes(2 * tarfile.BLOCKSIZE)
    path.write_bytes(isi + bytes(-len(isi) % tarfile.RECORDSIZE))
    return path


def _biasa(nama: str, isi: bytes = b"x") -> tuple[bytes, dict]:
    return _kepala(arsip._info(nama, len(isi), 0, 0o600)) + _blok(isi), _entri(nama, isi)


def _tautan() -> tuple[bytes, dict]:
    info = arsip._info("berkas/tautan", 0, 0, 0o600)
    info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
    return _kepala(info), _entri("berkas/tautan", b"")


def _jarang_gnu() -> tuple[bytes, dict]:
    """An old-GNU sparse member ('S'): 512 bytes stored, read back as JARANG bytes."""
    data = b"j" * 512
    kepala = bytearray(_kepala(arsip._info("berkas/jarang.pdf", len(data), 0, 0o600)))
    kepala[156:157] = tarfile.GNUTYPE_SPARSE
    kepala[386:410] = tarfile.itn(0, 12, tarfile.GNU_FORMAT) + tarfile.itn(len(data), 12, tarfile.GNU_FORMAT)
    kepala[483:495] = tarfile.itn(JARANG, 12, tarfile.GNU_FORMAT)
    kepala[148:156] = b" " * 8
    kepala[148:156] = b"%06o\0 " % tarfile.calc_chksums(bytes(kepala))[0]
    return bytes(kepala) + data, _entri("berkas/jarang.pdf", data + bytes(JARANG - len(data)))


def _jarang_pax() -> tuple[bytes, dict]:
    """The same through pax headers (GNU sparse format 0.1), which tarfile reads in any archive."""
    data = b"j" * 512
    info = arsip._info("berkas/jarang.pdf", len(data), 0, 0o600)
    info.pax_headers = {"GNU.sparse.map": f"0,{len(data)}", "GNU.sparse.size": str(JARANG)}
    return _kepala(info, tarfile.PAX_FORMAT) + data, _entri("berkas/jarang.pdf", data + bytes(JARANG - len(data)))


def test_arsip_mentah_yang_biasa_lolos(tmp_path):
    """The helper itself writes archives `periksa` accepts: what the tests below change is all."""
    hasil = arsip.periksa(tulis_arsip_mentah(tmp_path / "a.tar", [_biasa("berkas/sk/a.pdf", b"%PDF")]))
    assert hasil.anggota == 2
    with tarfile.open(tulis_arsip_mentah(tmp_path / "b.tar", [_jarang_gnu()])) as tar:
        jarang = tar.getmember("berkas/jarang.pdf")
    assert jarang.isreg() and jarang.issparse() and jarang.size == JARANG  # what tarfile alone would accept


JAHAT = [
    pytest.param(lambda: _biasa("berkas/../x"), "Nama anggota 'berkas/../x' tidak sah", id="keluar-folder"),
    pytest.param(lambda: _biasa("/x"), "Nama anggota '/x' tidak sah", id="mutlak"),
    pytest.param(_tautan, "Anggota 'berkas/tautan' ditolak: bukan berkas biasa", id="tautan"),
    pytest.param(_jarang_gnu, "Anggota 'berkas/jarang.pdf' ditolak: berkas jarang (sparse)", id="jarang-gnu"),
    pytest.param(_jarang_pax, "Anggota 'berkas/jarang.pdf' ditolak: berkas jarang (sparse)", id="jarang-pax"),
]


@pytest.mark.parametrize("anggota, pesan", JAHAT)
def test_arsip_jahat_yang_tersegel_ditolak_sebelum_apa_pun_ditulis(
    tmp_path, penyimpanan, basis_data_sqlite, anggota, pesan
):
    path = tulis_arsip_mentah(tmp_path / "jahat.tar", [_biasa("berkas/sk/a.pdf"), anggota()])
    assert pesan in _menolak(path)
    folder = penyimpanan("berkas-pulih")
    alias = basis_data_sqlite("pulih")
    with pytest.raises(CommandError, match=re.escape(pesan)) as e:
        call_command("pulihkan", str(path), database=alias, stdout=io.StringIO())
    assert e.value.returncode == 2  # refused, nothing written
    assert not folder.exists() and not Path(connections.settings[alias]["NAME"]).exists()


@pytest.mark.parametrize("anggota", [_jarang_gnu, _jarang_pax])
def test_ekstrak_juga_menolak_anggota_jarang(tmp_path, anggota):
    """The second guard: what is read back for writing is checked again, whatever periksa said."""
    path = tulis_arsip_mentah(tmp_path / "jahat.tar", [anggota()])
    with tarfile.open(path) as tar:
        manifest = json.load(tar.extractfile(arsip.MANIFEST))
    akar = tmp_path / "pulih"
    akar.mkdir()
    with pytest.raises(arsip.ArsipRusak):
        arsip.ekstrak_berkas(path, manifest, akar)
    assert list(akar.rglob("*")) == []


def test_berkas_yang_berubah_sejak_diperiksa_tidak_pernah_muncul_dengan_namanya(tmp_path):
    """Each file is written under a temporary name and renamed only once its SHA-256 matches: here
    the archive read for writing no longer matches the manifest checked before."""
    path = tulis_arsip(tmp_path)
    manifest = arsip.periksa(path).manifest
    next(e for e in manifest["anggota"] if e["nama"] == "berkas/sk/2026/11/b.pdf")["sha256"] = "0" * 64
    akar = tmp_path / "pulih"
    akar.mkdir()
    with pytest.raises(arsip.ArsipRusak, match="berkas/sk/2026/11/b.pdf berubah sejak arsip diperiksa"):
        arsip.ekstrak_berkas(path, manifest, akar)
    assert (akar / "bukti/2026/11/a.jpg").read_bytes() == BERKAS["bukti/2026/11/a.jpg"]  # before it: whole
    assert not (akar / "sk/2026/11/b.pdf").exists()
    assert [p.name for p in akar.rglob("*") if p.is_file()] == ["a.jpg"]  # no temporary file left either


def test_bukan_tar_atau_kosong_ditolak(di_disk, tmp_path):
    assert "kosong, terpotong" in _menolak(di_disk(b""))
    assert "kelipatan" in _menolak(di_disk(bytes(2000)))
    _menolak(di_disk(bytes(10240)))
    _menolak(di_disk(os.urandom(10240)))
    assert "tidak ada" in _menolak(tmp_path / "tidak-ada.tar")
