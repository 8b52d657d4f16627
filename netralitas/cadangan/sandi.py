"""The backup archive encrypted at rest, with a key of its own (CADANGAN_KEY).

An archive holds the whole database (identities included, encrypted under IDENTITAS_KEY, but also
everything else: the reports, the evidence, the audit log) and every private file. Whoever finds a
copy on a backup disk must read nothing and must not be able to slip in a changed one.

The format wraps the tar of arsip.py, which is unchanged inside:

    header  = "PNCADENC" ‖ version (1 byte) ‖ key id (8 ASCII hex) ‖ salt (16) ‖ chunk size (4, BE)
    chunk i = AES-256-GCM(file key, nonce = 0⁴ ‖ i (8, BE), plain[i·C … (i+1)·C],
                          associated data = header ‖ i (8, BE) ‖ last (1 byte: 1 on the last chunk))

- Streamed both ways: one chunk (1 MiB) in memory at a time, so a 250 MB archive never is.
- The file key is HMAC-SHA256(key, label ‖ salt): a fresh key per archive, so the 64-bit counter
  nonces never repeat under one key.
- Every chunk is authenticated with its position and with whether it is the last: a changed,
  reordered, dropped or appended chunk, a truncated archive or a changed header fails, with a
  message naming the chunk.
- The key id (HMAC of the key, 8 hex characters) says which of CADANGAN_KEY's keys (newest first;
  old keys stay for old archives) opens it; an archive under a key not configured is refused by id.
- Reading is seekable (the tar reader and the seal check seek): chunk i sits at a known offset.

With DEBUG on, CADANGAN_KEY has a fixed local default (settings.py), so a local archive has the
same format; with DEBUG off `cadangkan` refuses without CADANGAN_KEY. Archives made before this
format (plain tar) are read only when asked for (`pulihkan --terima-tanpa-enkripsi`).
"""

import hashlib
import hmac
import io
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"PNCADENC"
VERSI = 1
POTONGAN = 1024 * 1024
TAG = 16
PANJANG_KEPALA = len(MAGIC) + 1 + 8 + 16 + 4
LABEL = b"posko-netralitas/cadangan"

# Set by `pulihkan --terima-tanpa-enkripsi` for the one run: plain archives of an older version.
terima_polos = False


class ArsipRusak(Exception):
    """The archive is not what `cadangkan` wrote (or cannot be opened with the keys configured); the
    message (Bahasa Indonesia) says where. Defined here, re-exported by arsip.py, so a chunk that
    fails its authentication mid-read is the same error as a bad manifest."""


GalatSandi = ArsipRusak


def id_kunci(kunci: bytes) -> str:
    return hmac.new(kunci, b"posko-netralitas/kid-cadangan", hashlib.sha256).hexdigest()[:8]


def _kunci_berkas(kunci: bytes, garam: bytes) -> AESGCM:
    return AESGCM(hmac.new(kunci, LABEL + garam, hashlib.sha256).digest())


def _nonce(i: int) -> bytes:
    return b"\0\0\0\0" + struct.pack(">Q", i)


def _ad(kepala: bytes, i: int, akhir: bool) -> bytes:
    return kepala + struct.pack(">Q", i) + (b"\1" if akhir else b"\0")


def kunci_pengaturan() -> list[bytes]:
    """CADANGAN_KEY's keys as bytes, newest first ([] when none is set)."""
    from django.conf import settings

    from netralitas.produksi import baca_kunci

    return [baca_kunci("CADANGAN_KEY", k) for k in getattr(settings, "CADANGAN_KEY", [])]


class PenulisSandi:
    """A write-only file object that encrypts into `f`. `akhiri()` writes the last chunk; `close()`
    calls it and closes `f`."""

    def __init__(self, f, kunci: bytes, *, potongan: int = POTONGAN):
        self.f, self.potongan = f, potongan
        garam = os.urandom(16)
        self.kepala = MAGIC + bytes([VERSI]) + id_kunci(kunci).encode() + garam + struct.pack(">I", potongan)
        self.sandi = _kunci_berkas(kunci, garam)
        self.f.write(self.kepala)
        self.buffer = bytearray()
        self.i = 0
        self.selesai = False

    def write(self, data) -> int:
        self.buffer += data
        # A chunk is written only once more data follows it: the last one is marked as such.
        while len(self.buffer) > self.potongan:
            self._tulis(bytes(self.buffer[: self.potongan]), akhir=False)
            del self.buffer[: self.potongan]
        return len(data)

    def _tulis(self, polos: bytes, *, akhir: bool) -> None:
        self.f.write(self.sandi.encrypt(_nonce(self.i), polos, _ad(self.kepala, self.i, akhir)))
        self.i += 1

    def akhiri(self) -> None:
        if not self.selesai:
            self._tulis(bytes(self.buffer), akhir=True)
            self.buffer.clear()
            self.selesai = True

    def flush(self) -> None:
        self.f.flush()

    def fileno(self) -> int:
        return self.f.fileno()

    def close(self) -> None:
        try:
            self.akhiri()
        finally:
            self.f.close()


class BacaSandi(io.RawIOBase):
    """A read-only, seekable view of the plain tar inside an encrypted archive. Each chunk is
    decrypted (and authenticated) when read; one is kept."""

    def __init__(self, f, daftar_kunci: list[bytes], *, nama: str = "arsip"):
        self.f = f
        ukuran = os.fstat(f.fileno()).st_size
        f.seek(0)
        kepala = f.read(PANJANG_KEPALA)
        if len(kepala) < PANJANG_KEPALA or not kepala.startswith(MAGIC):
            raise GalatSandi(f"{nama} bukan arsip cadangan terenkripsi.")
        if kepala[len(MAGIC)] != VERSI:
            raise GalatSandi(
                f"{nama} memakai format enkripsi versi {kepala[len(MAGIC)]}; versi ini membaca versi {VERSI}."
            )
        kid = kepala[9:17].decode("ascii", "replace")
        garam = kepala[17:33]
        (self.potongan,) = struct.unpack(">I", kepala[33:37])
        if not daftar_kunci:
            raise GalatSandi(
                f"{nama} terenkripsi (id kunci {kid}), tetapi CADANGAN_KEY kosong: isi CADANGAN_KEY dengan kunci "
                "yang dipakai saat arsip dibuat."
            )
        kunci = next((k for k in daftar_kunci if id_kunci(k) == kid), None)
        if kunci is None:
            ada = ", ".join(id_kunci(k) for k in daftar_kunci)
            raise GalatSandi(
                f"{nama} dienkripsi dengan kunci id {kid}, yang tidak ada di CADANGAN_KEY (yang ada: {ada}). "
                "Tambahkan kunci lama itu ke CADANGAN_KEY (di belakang kunci terbaru)."
            )
        if not 1024 <= self.potongan <= 64 * 1024 * 1024:
            raise GalatSandi(f"{nama}: kepala arsip rusak (ukuran potongan {self.potongan}).")
        self.kepala, self.nama = kepala, nama
        self.sandi = _kunci_berkas(kunci, garam)
        badan = ukuran - PANJANG_KEPALA
        c = self.potongan + TAG
        if badan < TAG:
            raise GalatSandi(f"{nama} terpotong: tidak ada potongan terakhir.")
        self.penuh = (badan - TAG) // c  # chunks before the last one
        sisa = badan - self.penuh * c
        self.ukuran = self.penuh * self.potongan + sisa - TAG
        self.jumlah = self.penuh + 1
        self.posisi = 0
        self._indeks, self._isi = -1, b""

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.posisi

    def seek(self, posisi: int, dari: int = 0) -> int:
        if dari == 1:
            posisi += self.posisi
        elif dari == 2:
            posisi += self.ukuran
        if posisi < 0:
            raise ValueError("posisi negatif")
        self.posisi = posisi
        return posisi

    def _potongan(self, i: int) -> bytes:
        if i != self._indeks:
            c = self.potongan + TAG
            self.f.seek(PANJANG_KEPALA + i * c)
            data = self.f.read(c)
            akhir = i == self.jumlah - 1
            try:
                self._isi = self.sandi.decrypt(_nonce(i), data, _ad(self.kepala, i, akhir))
            except InvalidTag:
                raise GalatSandi(
                    f"{self.nama}: potongan ke-{i + 1} dari {self.jumlah} gagal diautentikasi: arsip diubah, "
                    "terpotong, atau disusun ulang (atau kuncinya salah)."
                ) from None
            self._indeks = i
        return self._isi

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            n = self.ukuran - self.posisi
        hasil = bytearray()
        while n > 0 and self.posisi < self.ukuran:
            i = self.posisi // self.potongan
            isi = self._potongan(i)
            awal = self.posisi - i * self.potongan
            bagian = isi[awal : awal + n]
            if not bagian:
                break
            hasil += bagian
            self.posisi += len(bagian)
            n -= len(bagian)
        return bytes(hasil)

    def readinto(self, b) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self.f.close()
        finally:
            super().close()


def terenkripsi(f) -> bool:
    posisi = f.tell()
    awal = f.read(len(MAGIC))
    f.seek(posisi)
    return awal == MAGIC
