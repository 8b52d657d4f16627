"""The backup archive: one uncompressed tar file, written by `cadangkan`, checked and read by `pulihkan`.

Members, in this order:
- the database: `basis-data.pgdump` (`pg_dump --format=custom`) or `basis-data.sqlite3`;
- `berkas/<name>` for every file of the private storage (the quarantine included), with its mode
  and modification time;
- `manifest.json`: the format, the app's version, the migration state, the row counts, and for each
  member above its size, SHA-256, mode and modification time;
- `SEGEL` (the seal): the SHA-256 and length of every byte of the archive before it.

Encrypted (sandi.py): the tar above is written through AES-256-GCM in chunks under CADANGAN_KEY,
and read back through it; everything below reads the plain tar, seeking in it as before.

Uncompressed: what goes in is compressed already (pg_dump's custom format, JPEG, MP4, PDF), so
gzip would spend CPU for a few per cent.

`periksa` reads the whole archive before a restore writes anything: every member's size, SHA-256,
mode and time against the manifest, nothing missing, nothing extra, no member twice, no link,
folder or device, no sparse member or pax header (neither of which `cadangkan` writes: a sparse
member a few blocks long in the archive reads back as its "real size", which a hostile archive
sets to fill the disk), no name that climbs out of the folder. The seal then covers what the members'
sums cannot see (tar headers, padding), and the end of the archive must be exactly tar's end
blocks. So a changed, missing or added byte anywhere is caught. The sums detect damage, not
forgery: keep archives where only operators can write.
"""

import hashlib
import io
import json
import os
import re
import secrets
import stat
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import sandi

FORMAT = "posko-netralitas-cadangan"
VERSI_FORMAT = 1
MANIFEST = "manifest.json"
SEGEL = "SEGEL"
AWALAN_BERKAS = "berkas/"
ANGGOTA_BASIS_DATA = {"postgresql": "basis-data.pgdump", "sqlite": "basis-data.sqlite3"}
POTONGAN = 1024 * 1024
MAKS_MANIFEST = 1024 * 1024 * 1024
POLA_SEGEL = re.compile(rb"sha256 ([0-9a-f]{64})\npanjang ([1-9][0-9]{0,18})\n")
POLA_SHA = re.compile(r"[0-9a-f]{64}")


ArsipRusak = sandi.ArsipRusak


def nama_aman(nama: str) -> bool:
    """A member's name: the database, or `berkas/` and a relative path that stays inside the folder."""
    if nama in ANGGOTA_BASIS_DATA.values():
        return True
    if not nama.startswith(AWALAN_BERKAS) or "\x00" in nama:
        return False
    return all(b not in ("", ".", "..") for b in nama.removeprefix(AWALAN_BERKAS).split("/"))


def jenis_ditolak(info: tarfile.TarInfo) -> str | None:
    """Why a member is not a plain file as `cadangkan` writes it (GNU format, REGTYPE, no pax
    header), or None. tarfile's own `isreg()` counts GNU sparse members as regular."""
    if info.sparse is not None or any(k.startswith("GNU.sparse.") for k in info.pax_headers):
        return "berkas jarang (sparse), yang saat dibaca dapat mengembang jauh melebihi ukurannya di arsip"
    if info.type not in (tarfile.REGTYPE, tarfile.AREGTYPE):
        return "bukan berkas biasa (tautan, folder, atau perangkat)"
    if info.pax_headers:
        return "memakai kepala pax, yang tidak pernah ditulis `cadangkan`"
    return None


def _contoh(nama: list[str], n: int = 5) -> str:
    lain = f" dan {len(nama) - n} lainnya" if len(nama) > n else ""
    return ", ".join(nama[:n]) + lain


def _info(nama: str, ukuran: int, mtime: int, mode: int) -> tarfile.TarInfo:
    """A regular file's header, owned by nobody in particular (the restore's user owns the files)."""
    info = tarfile.TarInfo(nama)
    info.size, info.mtime, info.mode, info.type = ukuran, mtime, mode, tarfile.REGTYPE
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


# --- Writing -------------------------------------------------------------------------------------------


class _Tulis:
    """The archive file as tarfile writes it: every byte hashed (the seal), the position counted."""

    def __init__(self, f):
        self.f, self.sha, self.posisi = f, hashlib.sha256(), 0

    def write(self, data) -> int:
        self.f.write(data)
        self.sha.update(data)
        self.posisi += len(data)
        return len(data)

    def tell(self) -> int:
        return self.posisi


class _BacaPersis:
    """Exactly `ukuran` bytes of an open file for tarfile, hashed as they pass. A file that shrank
    since its size was read is padded with zeros (and reported): the archive stays whole and its
    sums describe what it holds."""

    def __init__(self, f, ukuran: int):
        self.f, self.sisa, self.sha, self.berubah = f, ukuran, hashlib.sha256(), False

    def read(self, n: int = -1) -> bytes:
        if self.sisa <= 0:
            return b""
        n = self.sisa if n is None or n < 0 else min(n, self.sisa)
        data = b""
        while len(data) < n and (potongan := self.f.read(n - len(data))):
            data += potongan
        if len(data) < n:
            data += bytes(n - len(data))
            self.berubah = True
        self.sisa -= n
        self.sha.update(data)
        return data


class PenulisArsip:
    """Writes an archive under a temporary name beside `tujuan` (0600 from its creation), renamed
    to `tujuan` only once it is whole and on disk."""

    def __init__(self, tujuan: Path, *, kunci: bytes | None = None):
        """`kunci`: CADANGAN_KEY's newest key (the archive is encrypted, sandi.py); None writes a
        plain tar (tests of the tar format only: `cadangkan` always passes one)."""
        self.tujuan = tujuan
        self.sementara = tujuan.with_name(f".{tujuan.name}.{secrets.token_hex(4)}.sementara")
        fd = os.open(self.sementara, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._f = os.fdopen(fd, "wb", buffering=POTONGAN)
        if kunci is not None:
            self._f = sandi.PenulisSandi(self._f, kunci)
        self._tulis = _Tulis(self._f)
        self._tar = tarfile.open(fileobj=self._tulis, mode="w", format=tarfile.GNU_FORMAT)
        self._tar.copybufsize = POTONGAN
        self.anggota: list[dict] = []
        self.berubah: list[str] = []

    def tambah(self, nama: str, path: Path) -> dict | None:
        """One file into the archive, read once (its sum is of exactly what went in). None when the
        file vanished before it was opened, or is not a regular file (links are not followed)."""
        if not nama_aman(nama):
            raise ValueError(f"Nama anggota tidak sah: {nama!r}")
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            return None
        with os.fdopen(fd, "rb", buffering=0) as f:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return None
            mode, mtime = st.st_mode & 0o777, int(st.st_mtime)
            baca = _BacaPersis(f, st.st_size)
            self._tar.addfile(_info(nama, st.st_size, mtime, mode), baca)
        entri = {
            "nama": nama,
            "ukuran": st.st_size,
            "sha256": baca.sha.hexdigest(),
            "mode": f"{mode:04o}",
            "mtime": mtime,
        }
        if baca.berubah:
            self.berubah.append(nama)
        self.anggota.append(entri)
        return entri

    def selesai(self, manifest: dict) -> int:
        """The manifest, then the seal; flushed to disk and renamed. Returns the archive's size."""
        sekarang = int(time.time())
        data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        self._tar.addfile(_info(MANIFEST, len(data), sekarang, 0o600), io.BytesIO(data))
        segel = b"sha256 %s\npanjang %d\n" % (self._tulis.sha.hexdigest().encode(), self._tulis.posisi)
        self._tar.addfile(_info(SEGEL, len(segel), sekarang, 0o600), io.BytesIO(segel))
        self._tar.close()
        if isinstance(self._f, sandi.PenulisSandi):
            self._f.akhiri()
        self._f.flush()
        os.fsync(self._f.fileno())
        ukuran = os.fstat(self._f.fileno()).st_size
        self._f.close()
        if self.tujuan.exists():
            raise FileExistsError(self.tujuan)
        os.rename(self.sementara, self.tujuan)
        _fsync_folder(self.tujuan.parent)
        return ukuran

    def batal(self) -> None:
        for tutup in (self._tar.close, self._f.close):
            try:
                tutup()
            except (OSError, ValueError):
                pass
        self.sementara.unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- Checking ------------------------------------------------------------------------------------------


@dataclass
class HasilPeriksa:
    manifest: dict
    ukuran: int  # the archive's bytes
    anggota: int  # members the manifest lists (the database and the files)
    byte_anggota: int
    id_kunci: str = ""  # CADANGAN_KEY's key id; "" for a plain archive


def buka(path: Path, daftar_kunci: list[bytes] | None = None):
    """(a readable, seekable file of the plain tar, its size, the key id or ""). An encrypted
    archive is opened with CADANGAN_KEY's keys; a plain one (made before archives were encrypted)
    only with DEBUG on or `pulihkan --terima-tanpa-enkripsi`: with DEBUG off, an archive anyone
    could have written in place of ours is not restored by default."""
    f = open(path, "rb")
    try:
        if sandi.terenkripsi(f):
            b = sandi.BacaSandi(
                f, sandi.kunci_pengaturan() if daftar_kunci is None else daftar_kunci, nama=f"Arsip {path}"
            )
            return b, b.ukuran, b.kepala[9:17].decode()
        from django.conf import settings

        if not (sandi.terima_polos or settings.DEBUG):
            raise ArsipRusak(
                f"Arsip {path} tidak terenkripsi: arsip `cadangkan` versi ini selalu terenkripsi dengan CADANGAN_KEY. "
                "Bila ini arsip dari versi sebelumnya, pulihkan dengan --terima-tanpa-enkripsi."
            )
        return f, os.fstat(f.fileno()).st_size, ""
    except BaseException:
        f.close()
        raise


def _sha(f) -> str:
    sha = hashlib.sha256()
    while data := f.read(POTONGAN):
        sha.update(data)
    return sha.hexdigest()


def periksa(path: Path) -> HasilPeriksa:
    """Reads the whole archive and raises ArsipRusak at the first thing that is not as written."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ArsipRusak(f"Arsip {path} tidak ada.")
    except OSError as e:
        raise ArsipRusak(f"Arsip {path} tidak dapat dibuka (errno {e.errno}).")
    if not stat.S_ISREG(st.st_mode):
        raise ArsipRusak(f"{path} bukan berkas biasa.")
    sums: dict[str, tuple[int, str, int, int]] = {}
    khusus: dict[str, bytes] = {}
    segel = None
    try:
        f, ukuran, kid = buka(path)  # closed by the `with f` below, after the seal is read
    except PermissionError:
        raise ArsipRusak(f"Arsip {path} tidak boleh dibaca oleh pengguna ini (izin berkas).")
    with f:
        if ukuran < 3 * tarfile.BLOCKSIZE:
            raise ArsipRusak(f"Arsip hanya {ukuran} byte: kosong, terpotong, atau bukan arsip cadangan.")
        if ukuran % tarfile.BLOCKSIZE:
            raise ArsipRusak(
                f"Panjang arsip {ukuran} byte bukan kelipatan {tarfile.BLOCKSIZE}: arsip terpotong atau ditambahi."
            )
        try:
            with tarfile.open(fileobj=f, mode="r:") as tar:
                while (info := tar.next()) is not None:
                    if segel is not None:
                        raise ArsipRusak(f"Ada anggota {info.name!r} setelah segel: arsip ditambahi setelah ditulis.")
                    if info.name in sums or info.name in khusus:
                        raise ArsipRusak(f"Anggota {info.name!r} muncul dua kali.")
                    if alasan := jenis_ditolak(info):
                        raise ArsipRusak(f"Anggota {info.name!r} ditolak: {alasan}.")
                    if info.name in (MANIFEST, SEGEL):
                        if info.size > (MAKS_MANIFEST if info.name == MANIFEST else tarfile.BLOCKSIZE):
                            raise ArsipRusak(f"Anggota {info.name} terlalu besar: arsip rusak.")
                        khusus[info.name] = tar.extractfile(info).read()
                        if info.name == SEGEL:
                            segel = info
                    elif nama_aman(info.name):
                        sums[info.name] = (info.size, _sha(tar.extractfile(info)), info.mode, info.mtime)
                    else:
                        raise ArsipRusak(f"Nama anggota {info.name!r} tidak sah: keluar dari folder berkas.")
        except tarfile.TarError as e:
            raise ArsipRusak(f"Arsip tidak terbaca sebagai tar ({e}): rusak atau terpotong.")
        if segel is None:
            raise ArsipRusak("Segel arsip tidak ada: arsip terpotong, atau bukan buatan `cadangkan`.")
        if MANIFEST not in khusus:
            raise ArsipRusak("Manifest arsip tidak ada.")
        manifest = _baca_manifest(khusus[MANIFEST])
        daftar = {e["nama"]: e for e in manifest["anggota"]}
        hilang = sorted(set(daftar) - set(sums))
        if hilang:
            raise ArsipRusak(f"{len(hilang)} anggota yang tercantum di manifest tidak ada di arsip: {_contoh(hilang)}.")
        lebih = sorted(set(sums) - set(daftar))
        if lebih:
            raise ArsipRusak(f"{len(lebih)} anggota arsip tidak tercantum di manifest: {_contoh(lebih)}.")
        beda = sorted(
            n for n, e in daftar.items() if sums[n] != (e["ukuran"], e["sha256"], int(e["mode"], 8), e["mtime"])
        )
        if beda:
            raise ArsipRusak(
                f"{len(beda)} anggota tidak cocok dengan manifest (ukuran, SHA-256, izin, atau waktu): {_contoh(beda)}."
            )
        _periksa_segel(f, segel, khusus[SEGEL], ukuran)
    return HasilPeriksa(
        manifest=manifest,
        ukuran=st.st_size,
        anggota=len(daftar),
        byte_anggota=sum(e["ukuran"] for e in daftar.values()),
        id_kunci=kid,
    )


def _baca_manifest(data: bytes) -> dict:
    try:
        m = json.loads(data)
    except (UnicodeDecodeError, ValueError):
        raise ArsipRusak("Manifest arsip bukan JSON yang sah.")
    if not isinstance(m, dict) or m.get("format") != FORMAT:
        raise ArsipRusak("Manifest arsip bukan manifest cadangan Posko Netralitas.")
    if m.get("versi_format") != VERSI_FORMAT:
        raise ArsipRusak(
            f"Format arsip versi {m.get('versi_format')!r}; versi ini membaca versi {VERSI_FORMAT}. "
            "Pulihkan dengan versi aplikasi yang membuatnya (lihat versi_aplikasi di manifest)."
        )
    anggota = m.get("anggota")
    bd = m.get("basis_data")
    if not isinstance(anggota, list) or not isinstance(bd, dict) or bd.get("mesin") not in ANGGOTA_BASIS_DATA:
        raise ArsipRusak("Manifest arsip tidak lengkap (anggota atau basis data).")
    nama = set()
    for e in anggota:
        if not (
            isinstance(e, dict)
            and isinstance(e.get("nama"), str)
            and nama_aman(e["nama"])
            and isinstance(e.get("ukuran"), int)
            and isinstance(e.get("mtime"), int)
            and isinstance(e.get("sha256"), str)
            and POLA_SHA.fullmatch(e["sha256"])
            and isinstance(e.get("mode"), str)
            and re.fullmatch(r"0[0-7]{3}", e["mode"])
        ):
            raise ArsipRusak(f"Entri manifest tidak sah: {str(e)[:200]}")
        if e["nama"] in nama:
            raise ArsipRusak(f"Anggota {e['nama']!r} tercantum dua kali di manifest.")
        nama.add(e["nama"])
    migrasi = m.get("migrasi")
    jumlah = bd.get("jumlah_baris")
    if not (
        isinstance(migrasi, dict)
        and all(isinstance(d, list) and all(isinstance(n, str) for n in d) for d in migrasi.values())
        and isinstance(jumlah, dict)
        and all(isinstance(n, int) for n in jumlah.values())
        and all(
            isinstance(m.get(k, []), list)
            and all(isinstance(e, dict) and isinstance(e.get("berkas"), str) for e in m.get(k, []))
            for k in ("berkas_hilang", "berkas_dihapus_setelah_potret")
        )
    ):
        raise ArsipRusak("Manifest arsip tidak lengkap (migrasi, jumlah baris, atau daftar berkas hilang).")
    berkas = m.get("berkas")
    if not (
        isinstance(berkas, dict)
        and all(isinstance(berkas.get(k), int) for k in ("jumlah", "byte", "karantina", "byte_karantina"))
        and isinstance(m.get("dibuat"), str)
        and isinstance(m.get("versi_aplikasi"), str)
    ):
        raise ArsipRusak("Manifest arsip tidak lengkap (ringkasan berkas, waktu, atau versi).")
    if ANGGOTA_BASIS_DATA[bd["mesin"]] not in nama:
        raise ArsipRusak("Arsip tidak memuat basis data yang disebut manifest.")
    return m


def _periksa_segel(f, segel: tarfile.TarInfo, isi: bytes, ukuran: int) -> None:
    """What the members' sums cannot see: the seal's own header must be as tarfile writes it, every
    byte before it must hash to the seal, and after it come only tar's end blocks."""
    f.seek(segel.offset)
    kepala = f.read(tarfile.BLOCKSIZE)
    if (
        segel.offset_data != segel.offset + tarfile.BLOCKSIZE
        or kepala[148:156] != b"%06o\0 " % tarfile.calc_chksums(kepala)[0]
        or (segel.mode, segel.uid, segel.gid, segel.uname, segel.gname) != (0o600, 0, 0, "", "")
    ):
        raise ArsipRusak("Kepala segel arsip berubah.")
    m = POLA_SEGEL.fullmatch(isi)
    if not m or int(m[2]) != segel.offset:
        raise ArsipRusak("Segel arsip rusak, atau ada data yang disisipkan atau dibuang sebelum segel.")
    f.seek(0)
    sha, sisa = hashlib.sha256(), segel.offset
    while sisa:
        data = f.read(min(POTONGAN, sisa))
        if not data:
            raise ArsipRusak("Arsip terpotong.")
        sha.update(data)
        sisa -= len(data)
    if sha.hexdigest().encode() != m[1]:
        raise ArsipRusak("Isi arsip tidak cocok dengan segelnya: ada byte yang berubah (kepala tar atau pengisi).")
    akhir_data = segel.offset_data + segel.size
    akhir = -(-akhir_data // tarfile.BLOCKSIZE) * tarfile.BLOCKSIZE + 2 * tarfile.BLOCKSIZE
    akhir = -(-akhir // tarfile.RECORDSIZE) * tarfile.RECORDSIZE
    if ukuran != akhir:
        raise ArsipRusak(f"Panjang arsip {ukuran} byte, seharusnya {akhir}: terpotong atau ditambahi di ujungnya.")
    f.seek(akhir_data)
    while data := f.read(POTONGAN):
        if data.strip(b"\0"):
            raise ArsipRusak("Ada data setelah segel arsip.")


# --- Reading back --------------------------------------------------------------------------------------


def _anggota(tar: tarfile.TarFile):
    while (info := tar.next()) is not None:
        yield info


def salin_basis_data(path: Path, manifest: dict, tujuan: Path) -> None:
    """The database member into `tujuan` (created 0600), its sum checked again as it is copied."""
    nama = manifest["basis_data"]["anggota"]
    entri = next(e for e in manifest["anggota"] if e["nama"] == nama)
    f, _, _ = buka(path)
    with f, tarfile.open(fileobj=f, mode="r:") as tar:
        info = next((i for i in _anggota(tar) if i.name == nama), None)
        if info is None:
            raise ArsipRusak(f"Anggota {nama} hilang dari arsip sejak diperiksa.")
        sumber = tar.extractfile(info)
        fd = os.open(tujuan, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as keluar:
            sha = _salin(sumber, keluar)
    if sha != entri["sha256"]:
        raise ArsipRusak(f"Anggota {nama} berubah sejak arsip diperiksa.")


def _salin(sumber, keluar) -> str:
    sha = hashlib.sha256()
    while data := sumber.read(POTONGAN):
        sha.update(data)
        keluar.write(data)
    keluar.flush()
    return sha.hexdigest()


def ekstrak_berkas(path: Path, manifest: dict, akar: Path) -> tuple[int, int]:
    """Every `berkas/` member into the folder `akar` with its recorded mode and time, folders 0700.
    Each is written under a temporary name in its folder (created anew, never through a link) and
    renamed to its own only once its SHA-256 matches the manifest again, never over an existing
    file: a name in the folder always holds the archived bytes. Returns (files, bytes)."""
    entri = {e["nama"]: e for e in manifest["anggota"]}
    jumlah = byte = 0
    f, _, _ = buka(path)
    with f, tarfile.open(fileobj=f, mode="r:") as tar:
        for info in _anggota(tar):
            if not info.name.startswith(AWALAN_BERKAS):
                continue
            e = entri.get(info.name)
            if e is None or jenis_ditolak(info) or not nama_aman(info.name) or info.size != e["ukuran"]:
                raise ArsipRusak(f"Anggota {info.name!r} tidak ada di manifest yang diperiksa.")
            tujuan = akar / info.name.removeprefix(AWALAN_BERKAS)
            _buat_folder(akar, tujuan.parent)
            _tulis_lalu_ganti_nama(tar.extractfile(info), tujuan, e)
            jumlah += 1
            byte += e["ukuran"]
    return jumlah, byte


def _tulis_lalu_ganti_nama(sumber, tujuan: Path, e: dict) -> None:
    mode = int(e["mode"], 8)
    sementara = tujuan.with_name(f".pulih-{secrets.token_hex(8)}")
    fd = os.open(sementara, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as keluar:
            sha = _salin(sumber, keluar)
            os.fchmod(keluar.fileno(), mode)  # exactly the recorded mode, whatever the umask
        if sha != e["sha256"]:
            raise ArsipRusak(f"Anggota {e['nama']} berubah sejak arsip diperiksa.")
        os.utime(sementara, (e["mtime"], e["mtime"]), follow_symlinks=False)
        if os.path.lexists(tujuan):
            raise ArsipRusak(f"{tujuan} sudah ada; pemulihan tidak pernah menimpa berkas.")
        os.rename(sementara, tujuan)
    except BaseException:
        sementara.unlink(missing_ok=True)
        raise


def _buat_folder(akar: Path, folder: Path) -> None:
    """Folders between `akar` and `folder`, 0700, refusing anything that is not a plain folder."""
    sekarang = akar
    for bagian in folder.relative_to(akar).parts:
        sekarang = sekarang / bagian
        try:
            os.mkdir(sekarang, 0o700)
            os.chmod(sekarang, 0o700)
        except FileExistsError:
            if not stat.S_ISDIR(os.lstat(sekarang).st_mode):
                raise ArsipRusak(f"{sekarang} sudah ada dan bukan folder.")
