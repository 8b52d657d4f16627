"""The backup archive encrypted with CADANGAN_KEY (netralitas/cadangan/sandi.py): nothing of it
reads without the key, any change to its bytes is refused before anything is written, old keys
still open old archives, and it is streamed (one chunk in memory, not the archive)."""

import base64
import io
import secrets
import tracemalloc

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netralitas.cadangan import arsip, sandi
from tests.cadangan.test_arsip import BERKAS, _manifest


def kunci() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def tulis_arsip_sandi(folder, k: bytes):
    sumber = folder / "sumber"
    for rel, isi in BERKAS.items():
        p = sumber / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(isi)
        p.chmod(0o600)
    db = folder / "db.sqlite3"
    db.write_bytes(b"SQLite format 3\x00" + b"Kusumawardhani 3507107112850003".ljust(4080, b"\0"))
    path = folder / "arsip.tar"
    penulis = arsip.PenulisArsip(path, kunci=k)
    penulis.tambah("basis-data.sqlite3", db)
    for rel in BERKAS:
        penulis.tambah(arsip.AWALAN_BERKAS + rel, sumber / rel)
    penulis.selesai(_manifest(penulis.anggota))
    return path


def periksa(path) -> str:
    keluar = io.StringIO()
    call_command("pulihkan", str(path), periksa_saja=True, stdout=keluar)
    return keluar.getvalue()


def test_arsip_terenkripsi_tidak_memuat_apa_pun_yang_terbaca_dan_lolos_pemeriksaan(tmp_path):
    k = sandi.kunci_pengaturan()[0]
    path = tulis_arsip_sandi(tmp_path, k)
    data = path.read_bytes()
    assert data.startswith(sandi.MAGIC + bytes([sandi.VERSI]) + sandi.id_kunci(k).encode())
    for teks in (b"Kusumawardhani", b"3507107112850003", b"SQLite format", b"manifest.json", b"%PDF", b"ustar"):
        assert teks not in data
    assert f"Terenkripsi dengan CADANGAN_KEY (id kunci {sandi.id_kunci(k)})" in periksa(path)


def test_kunci_lama_tetap_membuka_kunci_asing_atau_kosong_ditolak(tmp_path, settings):
    lama = settings.CADANGAN_KEY
    path = tulis_arsip_sandi(tmp_path, sandi.kunci_pengaturan()[0])
    kid = sandi.id_kunci(sandi.kunci_pengaturan()[0])
    settings.CADANGAN_KEY = [kunci(), *lama]  # rotated: the old key stays for old archives
    assert "Arsip utuh" in periksa(path)
    settings.CADANGAN_KEY = [kunci()]
    with pytest.raises(CommandError, match=f"dienkripsi dengan kunci id {kid}, yang tidak ada di CADANGAN_KEY"):
        periksa(path)
    settings.CADANGAN_KEY = []
    with pytest.raises(CommandError, match="CADANGAN_KEY kosong"):
        periksa(path)


@pytest.mark.parametrize("kerusakan", ["byte-isi", "byte-kepala", "terpotong-di-batas", "ditambah", "tukar"])
def test_arsip_terenkripsi_yang_diubah_ditolak(tmp_path, kerusakan):
    k = sandi.kunci_pengaturan()[0]
    with open(tmp_path / "a.tar", "wb") as f:
        w = sandi.PenulisSandi(f, k, potongan=1024)
        w.write(bytes(range(256)) * 20)
        w.akhiri()
    asli = (tmp_path / "a.tar").read_bytes()
    c = 1024 + sandi.TAG
    b = bytearray(asli)
    if kerusakan == "byte-isi":
        b[sandi.PANJANG_KEPALA + c + 5] ^= 1
    elif kerusakan == "byte-kepala":
        b[20] ^= 1
    elif kerusakan == "terpotong-di-batas":
        b = b[: sandi.PANJANG_KEPALA + 2 * c]  # whole chunks, the last one gone
    elif kerusakan == "ditambah":
        b += b[sandi.PANJANG_KEPALA : sandi.PANJANG_KEPALA + c]
    else:
        b[sandi.PANJANG_KEPALA : sandi.PANJANG_KEPALA + 2 * c] = (
            b[sandi.PANJANG_KEPALA + c : sandi.PANJANG_KEPALA + 2 * c]
            + b[sandi.PANJANG_KEPALA : sandi.PANJANG_KEPALA + c]
        )
    (tmp_path / "rusak.tar").write_bytes(bytes(b))
    with open(tmp_path / "rusak.tar", "rb") as f, pytest.raises(arsip.ArsipRusak, match="gagal diautentikasi"):
        sandi.BacaSandi(f, [k]).read()


def test_arsip_terenkripsi_yang_diubah_ditolak_pulihkan(tmp_path):
    path = tulis_arsip_sandi(tmp_path, sandi.kunci_pengaturan()[0])
    b = bytearray(path.read_bytes())
    b[len(b) // 2] ^= 0x40
    path.write_bytes(bytes(b))
    with pytest.raises(
        CommandError, match="ditolak, tidak ada yang ditulis: .*potongan ke-\\d+ dari \\d+ gagal diautentikasi"
    ):
        periksa(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.binary(max_size=5000),
    potongan=st.sampled_from([1024, 1500, 4096]),
    baca=st.lists(st.tuples(st.integers(0, 6000), st.integers(-1, 3000)), max_size=8),
)
def test_baca_acak_sama_dengan_yang_ditulis(tmp_path, data, potongan, baca):
    k = secrets.token_bytes(32)
    path = tmp_path / "h.bin"
    with open(path, "wb") as f:
        w = sandi.PenulisSandi(f, k, potongan=potongan)
        for i in range(0, len(data), 777):
            w.write(data[i : i + 777])
        w.akhiri()
    with open(path, "rb") as f:
        r = sandi.BacaSandi(f, [k])
        assert r.ukuran == len(data) and r.read() == data
        for posisi, n in baca:
            r.seek(posisi)
            assert r.read(n) == (data[posisi:] if n < 0 else data[posisi : posisi + n])


def test_arsip_besar_dialirkan_bukan_ditampung(tmp_path):
    """50 MiB through the writer and back: the memory peak is a few chunks, not the archive."""
    k = secrets.token_bytes(32)
    blok = secrets.token_bytes(256 * 1024)
    tracemalloc.start()
    with open(tmp_path / "besar.bin", "wb") as f:
        w = sandi.PenulisSandi(f, k)
        for _ in range(200):
            w.write(blok)
        w.akhiri()
    with open(tmp_path / "besar.bin", "rb") as f:
        r = sandi.BacaSandi(f, [k])
        total = 0
        while data := r.read(arsip.POTONGAN):
            total += len(data)
    _, puncak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert total == 200 * len(blok)
    assert puncak < 8 * 1024 * 1024, puncak


def test_cadangkan_tanpa_kunci_ditolak_ketika_debug_mati(settings, tmp_path):
    settings.CADANGAN_KEY = []
    with pytest.raises(CommandError, match="CADANGAN_KEY wajib diisi ketika DEBUG mati"):
        call_command("cadangkan", str(tmp_path / "x.tar"))
    assert not list(tmp_path.iterdir())
