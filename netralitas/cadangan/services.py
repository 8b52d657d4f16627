"""Backup and restore, as `manage.py cadangkan` and `manage.py pulihkan` run them.

A backup takes the database's snapshot first, then copies the private files. A file written after
the snapshot may be in the archive without a row (harmless: the sweep quarantines it after a
restore); every file the snapshot's rows name must be in it, and those that are not are listed by
model, field and primary key — in the manifest and in the command's output. Two kinds: lost (a row
still names it now), and deleted with its row after the snapshot (an expired staging upload swept
meanwhile): the dump still holds that row, the archive not its file.

A restore writes only into an empty database and an empty folder, only after the whole archive
has been checked against its manifest, and only when the disks have room for it. Then it checks
again what it wrote: every file's SHA-256 and mode, every table's row count, the migration state.
Restored rows whose file is not in the folder (the two kinds above) are listed, in the output and
in the restore's report file, and left as they are: the restore gives back the database as it was
at the snapshot, and deleting rows is no part of it (an expired staging upload goes with the
beat's next sweep; anything else is for the operator to look into).
"""

import datetime
import hashlib
import os
import secrets
import shutil
import stat
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from netralitas.produksi import CARA_MEMBUAT_KUNCI

from . import arsip, basis_data, karantina, sandi
from .galat import Ditolak, Gagal, sebab_os

# A folder that holds nothing else is empty: a mounted volume's lost+found is not content.
BUKAN_ISI = {"lost+found"}


def _diam(_pesan: str) -> None:
    pass


def penyimpanan_lokal() -> bool:
    """Do the private files live in the local folder (PRIVATE_MEDIA_ROOT), or in an object store
    (S3_BUCKET), which the backup reads and the restore writes through the storage API?"""
    return isinstance(storages["default"], FileSystemStorage)


def akar_penyimpanan() -> Path:
    """The local folder of the private files: the default storage's location (PRIVATE_MEDIA_ROOT)."""
    return Path(storages["default"].location)


def _nama_di_store(storage, folder: str = ""):
    """Every file name in a storage, recursively (an object store's keys), sorted."""
    subfolder, berkas = storage.listdir(folder)
    awalan = f"{folder}/" if folder else ""
    for nama in sorted(berkas):
        yield awalan + nama
    for sub in sorted(subfolder):
        if not folder and sub in BUKAN_ISI:
            continue
        yield from _nama_di_store(storage, awalan + sub)


def _berkas_store(storage, folder: Path):
    """(name, temporary local copy) of every file of an object store, plus the files still pending
    in PostgreSQL (written while the store was unreachable; the storage reads them from there).
    One copy at a time, 0600 as a stored file, deleted once the archive took it: the backup needs
    no local room for the whole store."""
    from netralitas.penyimpanan.models import BerkasTertunda

    nama = list(_nama_di_store(storage))
    tertunda = set(BerkasTertunda.objects.values_list("nama", flat=True)) - set(nama)
    for n in nama + sorted(tertunda):
        salinan = folder / "berkas"
        fd = os.open(salinan, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as keluar:
                try:
                    with storage.open(n, "rb") as f:
                        shutil.copyfileobj(f, keluar, arsip.POTONGAN)
                except FileNotFoundError:  # deleted since the listing: the snapshot says what that means
                    continue
            yield n, salinan
        finally:
            salinan.unlink(missing_ok=True)


def versi_aplikasi() -> str:
    """settings.VERSI_APLIKASI (the VERSI file deploy/pasang.sh writes, or the image's build
    argument), else the git commit of a development checkout."""
    if versi := settings.VERSI_APLIKASI:
        return versi
    try:
        commit = subprocess.run(
            ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10
        )
        if commit.returncode == 0:
            ubah = subprocess.run(
                ["git", "-C", str(settings.BASE_DIR), "status", "--porcelain", "--untracked-files=no"],
                capture_output=True,
                text=True,
                timeout=10,
            )
            return commit.stdout.strip() + ("-diubah" if ubah.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        pass
    return "tidak diketahui"


def _berkas_lokal(akar: Path):
    """(name relative to `akar`, path) of every regular file below it, links not followed."""
    if not akar.is_dir():
        return
    tumpukan = [akar]
    while tumpukan:
        folder = tumpukan.pop()
        with os.scandir(folder) as isi:
            entri = sorted(isi, key=lambda e: e.name, reverse=True)
        for e in entri:
            if e.is_dir(follow_symlinks=False):
                if folder == akar and e.name in BUKAN_ISI:
                    continue
                tumpukan.append(Path(e.path))
            elif e.is_file(follow_symlinks=False):
                yield Path(e.path).relative_to(akar).as_posix(), Path(e.path)


def _sha_berkas(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as f:
        while data := f.read(arsip.POTONGAN):
            sha.update(data)
    return sha.hexdigest()


# --- Backup ----------------------------------------------------------------------------------------------


@dataclass
class RingkasanCadangan:
    arsip: Path
    versi: str
    ukuran: int
    mesin: str
    server: str
    ukuran_basis_data: int
    tabel: int
    baris: int
    berkas: int
    byte_berkas: int
    karantina: int
    byte_karantina: int
    rujukan: int
    rujukan_di_arsip: int
    hilang: list[dict]
    dihapus_setelah_potret: list[dict]
    berubah: list[str]
    detik_basis_data: float
    detik_berkas: float
    detik: float


def _path_arsip(tujuan: Path | None, akar: Path | None) -> Path:
    """A `.tar` name is the archive's; anything else is a folder (created 0700) for a dated name."""
    folder = Path(tujuan) if tujuan else Path(settings.CADANGAN_DIR)
    if folder.suffix == ".tar" and not folder.is_dir():
        path = folder
    else:
        if folder.exists() and not folder.is_dir():
            raise Ditolak(f"{folder} sudah ada dan bukan folder; beri nama berkas yang berakhiran .tar.")
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = folder / f"posko-cadangan-{timezone.localtime():%Y%m%d-%H%M%S}.tar"
    if not path.parent.is_dir():
        raise Ditolak(f"Folder {path.parent} tidak ada.")
    path = path.parent.resolve() / path.name
    if path.exists():
        raise Ditolak(f"{path} sudah ada; cadangan tidak pernah menimpa berkas.")
    if akar is not None and path.is_relative_to(akar.resolve()):
        raise Ditolak(f"Cadangan tidak boleh ditulis di dalam folder berkas {akar}: ia akan ikut tercadangkan.")
    return path


def cadangkan(*, tujuan: Path | None = None, alias: str = "default", lapor: Callable[[str], None] = _diam):
    """One archive of the database and the private files; see the module's docstring."""
    mulai = time.monotonic()
    lokal = penyimpanan_lokal()
    akar = akar_penyimpanan() if lokal else None
    path = _path_arsip(tujuan, akar)
    bd = basis_data.untuk(alias)
    nama_bd = arsip.ANGGOTA_BASIS_DATA[bd.mesin]
    kunci = sandi.kunci_pengaturan()
    if not kunci:
        raise Ditolak(
            "CADANGAN_KEY wajib diisi ketika DEBUG mati: arsip cadangan memuat seluruh basis data dan berkas "
            f"bukti, dan selalu dienkripsi; {CARA_MEMBUAT_KUNCI}."
        )
    try:
        penulis = arsip.PenulisArsip(path, kunci=kunci[0])
    except OSError as e:
        raise Gagal(f"Arsip {path} tidak dapat dibuat: {sebab_os(e)}.")
    try:
        with tempfile.TemporaryDirectory(prefix=".cadangkan-", dir=path.parent) as folder:
            dump = Path(folder) / nama_bd
            lapor(f"Memotret basis data {bd.nama} ({bd.mesin})…")
            potret = bd.potret(dump)
            os.chmod(dump, 0o600)
            detik_bd = time.monotonic() - mulai
            penulis.tambah(nama_bd, dump)
        mulai_berkas = time.monotonic()
        if lokal:
            lapor(f"Menyalin berkas dari {akar}…")
            for rel, p in _berkas_lokal(akar):
                penulis.tambah(arsip.AWALAN_BERKAS + rel, p)
        else:
            lapor(f"Menyalin berkas dari penyimpanan objek (bucket {settings.S3_BUCKET})…")
            with tempfile.TemporaryDirectory(prefix=".cadangkan-berkas-", dir=path.parent) as folder:
                for rel, p in _berkas_store(storages["default"], Path(folder)):
                    penulis.tambah(arsip.AWALAN_BERKAS + rel, p)
        detik_berkas = time.monotonic() - mulai_berkas
        berkas = [e for e in penulis.anggota if e["nama"].startswith(arsip.AWALAN_BERKAS)]
        di_arsip = {e["nama"].removeprefix(arsip.AWALAN_BERKAS) for e in berkas}
        tidak_ada = sorted(n for n in potret.rujukan if n not in di_arsip)
        # Named by the snapshot, absent from the folder: lost, if a row still names it now; else
        # deleted with its row after the snapshot (a staging upload swept meanwhile). Asked of the
        # database that was dumped, through the engine's connection (not Django's, which may go
        # through pgbouncer to the same database, or elsewhere).
        masih = bd.dirujuk(tidak_ada) if tidak_ada else set()

        def entri(n):
            model, kolom, pk = potret.rujukan[n]
            return {"berkas": n, "model": model, "kolom": kolom, "pk": pk}

        hilang = [entri(n) for n in tidak_ada if n in masih]
        dihapus = [entri(n) for n in tidak_ada if n not in masih]
        awalan_karantina = f"{arsip.AWALAN_BERKAS}{karantina.FOLDER}/"
        dikarantina = [e for e in berkas if e["nama"].startswith(awalan_karantina)]
        manifest = {
            "format": arsip.FORMAT,
            "versi_format": arsip.VERSI_FORMAT,
            "dibuat": timezone.localtime().isoformat(timespec="seconds"),
            "versi_aplikasi": versi_aplikasi(),
            "django": django.get_version(),
            "basis_data": {
                "mesin": bd.mesin,
                "anggota": nama_bd,
                "nama": bd.nama,
                **potret.info,
                "jumlah_baris": potret.jumlah_baris,
            },
            "migrasi": potret.migrasi,
            "berkas": {
                "jumlah": len(berkas),
                "byte": sum(e["ukuran"] for e in berkas),
                "karantina": len(dikarantina),
                "byte_karantina": sum(e["ukuran"] for e in dikarantina),
            },
            "rujukan_berkas": len(potret.rujukan),
            "berkas_hilang": hilang,
            "berkas_dihapus_setelah_potret": dihapus,
            "berkas_berubah_saat_dicadangkan": penulis.berubah,
            "anggota": penulis.anggota,
        }
        ukuran = penulis.selesai(manifest)
    except OSError as e:
        penulis.batal()
        raise Gagal(f"Cadangan gagal, tidak ada arsip yang ditinggalkan: {sebab_os(e)}.")
    except BaseException:
        penulis.batal()
        raise
    return RingkasanCadangan(
        arsip=path,
        versi=manifest["versi_aplikasi"],
        ukuran=ukuran,
        mesin=bd.mesin,
        server=potret.info.get("server", ""),
        ukuran_basis_data=penulis.anggota[0]["ukuran"],
        tabel=len(potret.jumlah_baris),
        baris=sum(potret.jumlah_baris.values()),
        berkas=len(berkas),
        byte_berkas=manifest["berkas"]["byte"],
        karantina=len(dikarantina),
        byte_karantina=manifest["berkas"]["byte_karantina"],
        rujukan=len(potret.rujukan),
        rujukan_di_arsip=len(potret.rujukan) - len(tidak_ada),
        hilang=hilang,
        dihapus_setelah_potret=dihapus,
        berubah=penulis.berubah,
        detik_basis_data=detik_bd,
        detik_berkas=detik_berkas,
        detik=time.monotonic() - mulai,
    )


# --- Restore ---------------------------------------------------------------------------------------------


@dataclass
class RingkasanPemulihan:
    arsip: Path
    ukuran: int
    manifest: dict
    berkas: int = 0
    byte_berkas: int = 0
    baris: int = 0
    tabel: int = 0
    migrasi_belum: list[str] = field(default_factory=list)
    nama_basis_data: str = ""
    berkas_lama: Path | None = None
    berkas_lama_disalin: int = 0
    berkas_lama_dikarantina: int = 0
    # Restored rows whose file is not in the folder: {berkas, model, kolom, pk, sebab}.
    rujukan_tanpa_berkas: list[dict] = field(default_factory=list)
    laporan: Path | None = None
    laporan_galat: str = ""
    detik_periksa: float = 0.0
    detik_basis_data: float = 0.0
    detik_berkas: float = 0.0
    detik_periksa_akhir: float = 0.0
    detik: float = 0.0


def _pastikan_kosong(bd, akar: Path) -> None:
    isi = bd.isi()
    if isi:
        raise Ditolak(
            f"Basis data tujuan {bd.nama!r} tidak kosong: {len(isi)} objek, antara lain {arsip._contoh(isi)}. "
            "Pemulihan hanya menulis ke basis data kosong agar tidak ada data yang tertimpa. Buat basis data "
            "baru yang kosong (jangan jalankan migrate padanya) dan pulihkan ke sana dengan --nama-basis-data "
            '(README, "Backup and restore").'
        )
    if akar.exists():
        if not akar.is_dir():
            raise Ditolak(f"{akar} (PRIVATE_MEDIA_ROOT) ada tetapi bukan folder.")
        isi_folder = sorted(p.name for p in akar.iterdir() if p.name not in BUKAN_ISI)
        if isi_folder:
            raise Ditolak(
                f"Folder berkas {akar} (PRIVATE_MEDIA_ROOT) tidak kosong: berisi {arsip._contoh(isi_folder)}. "
                "Pemulihan hanya menulis ke folder kosong. Pindahkan folder itu (mis. `mv berkas berkas.lama`) "
                "lalu ulangi; berkas lama dapat dibawa kembali dengan --berkas-lama."
            )


def _migrasi(manifest: dict, *, paksa_versi: bool) -> list[str]:
    """Refuses an archive whose database a newer version migrated; returns this code's migrations
    the archive lacks (for `migrate` after the restore)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    kode = set(loader.disk_migrations)
    dikenal = kode | {tuple(r) for m in loader.disk_migrations.values() for r in (m.replaces or [])}
    di_arsip = {(app, nama) for app, daftar in manifest["migrasi"].items() for nama in daftar}
    asing = sorted(f"{a}.{n}" for a, n in di_arsip - dikenal)
    if asing and not paksa_versi:
        raise Ditolak(
            f"Arsip dibuat oleh versi aplikasi lain ({manifest.get('versi_aplikasi')}): {len(asing)} migrasinya tidak "
            f"dikenal versi ini, antara lain {arsip._contoh(asing)}. Pasang versi yang membuat arsip itu, lalu "
            "pulihkan; --paksa-versi memulihkannya juga."
        )
    return sorted(f"{a}.{n}" for a, n in kode - di_arsip if not loader.disk_migrations[(a, n)].replaces)


def periksa(path: Path) -> arsip.HasilPeriksa:
    try:
        return arsip.periksa(Path(path))
    except arsip.ArsipRusak as e:
        raise Ditolak(f"Arsip {path} ditolak, tidak ada yang ditulis: {e}")


def _folder_ada(path: Path) -> Path:
    """`path`, or its nearest ancestor that exists (the folder a new one will be made in)."""
    path = Path(path).absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _pastikan_ruang(m: dict, *, akar: Path, sementara: Path, bd) -> None:
    """Refuses, before anything is written, when a disk cannot hold what the restore writes there:
    the dump in the temporary folder, the files in PRIVATE_MEDIA_ROOT (and the SQLite file), the
    sizes from the manifest rounded up to the disk's blocks. Two on one disk add up. PostgreSQL's
    own data folder, perhaps on another machine, is not measured."""
    dump = next(e["ukuran"] for e in m["anggota"] if e["nama"] == m["basis_data"]["anggota"])
    berkas = [e["ukuran"] for e in m["anggota"] if e["nama"].startswith(arsip.AWALAN_BERKAS)]
    kebutuhan = [(sementara, [dump], "dump basis data"), (akar, berkas, f"{len(berkas)} berkas")]
    if bd.mesin == "sqlite":
        kebutuhan.append((bd.path.parent, [dump], "basis data SQLite"))
    per_disk: dict[int, tuple[Path, int, list[str]]] = {}
    for folder, ukuran, guna in kebutuhan:
        folder = _folder_ada(folder)
        try:
            blok = os.statvfs(folder).f_frsize or 4096
            disk = os.stat(folder).st_dev
        except OSError as e:
            raise Ditolak(f"Ruang disk di {folder} tidak dapat diperiksa: {sebab_os(e)}. Tidak ada yang ditulis.")
        perlu = sum(-(-u // blok) * blok for u in ukuran)
        awal, jumlah, daftar = per_disk.get(disk, (folder, 0, []))
        per_disk[disk] = (awal, jumlah + perlu, [*daftar, f"{guna} {ukuran_manusia(perlu)}"])
    for folder, perlu, daftar in per_disk.values():
        tersedia = shutil.disk_usage(folder).free
        if perlu > tersedia:
            raise Ditolak(
                f"Ruang disk tidak cukup di {folder}: pemulihan perlu {ukuran_manusia(perlu)} ({', '.join(daftar)}), "
                f"tersedia {ukuran_manusia(tersedia)}. Tidak ada yang ditulis. Kosongkan ruang di disk itu, atau "
                "taruh dump di disk lain dengan --folder-sementara."
            )


def pulihkan(
    *,
    path: Path,
    alias: str = "default",
    nama_basis_data: str | None = None,
    jobs: int = 1,
    folder_sementara: Path | None = None,
    berkas_lama: Path | None = None,
    paksa_versi: bool = False,
    lapor: Callable[[str], None] = _diam,
) -> RingkasanPemulihan:
    """Into an empty database and an empty folder, after the whole archive is checked; see the
    module's docstring. `nama_basis_data`: another database than the alias's, on the same server
    as the same user. `berkas_lama`: the previous folder, whose files the archive lacks are copied
    in afterwards (the ones no restored row names are the beat's sweep's to quarantine).
    Raises Ditolak when nothing was written, Gagal once something was."""
    mulai = time.monotonic()
    path = Path(path)
    if not path.is_file():
        raise Ditolak(f"Arsip {path} tidak ada atau bukan berkas.")
    if folder_sementara is not None and not Path(folder_sementara).is_dir():
        raise Ditolak(f"--folder-sementara {folder_sementara} bukan folder.")
    umum = dict(
        path=path,
        alias=alias,
        nama_basis_data=nama_basis_data,
        jobs=jobs,
        folder_sementara=folder_sementara,
        paksa_versi=paksa_versi,
        lapor=lapor,
        mulai=mulai,
    )
    if penyimpanan_lokal():
        return _pulihkan(**umum, berkas_lama=berkas_lama, akar=akar_penyimpanan(), store=None)
    # An object store: the files are extracted and checked in a temporary folder exactly as into
    # PRIVATE_MEDIA_ROOT, then put in the (empty) bucket and read back.
    if berkas_lama is not None:
        raise Ditolak("--berkas-lama hanya untuk folder berkas lokal; penyimpanan objek memakai bucket.")
    _pastikan_store_kosong(storages["default"])
    try:
        akar = Path(tempfile.mkdtemp(prefix="pulihkan-berkas-", dir=folder_sementara))
    except OSError as e:
        raise Ditolak(f"Folder sementara untuk berkas tidak dapat dibuat: {sebab_os(e)}. Tidak ada yang ditulis.")
    try:
        return _pulihkan(**umum, berkas_lama=None, akar=akar, store=storages["default"])
    finally:
        shutil.rmtree(akar, ignore_errors=True)


def _pastikan_store_kosong(storage) -> None:
    isi = []
    for n in _nama_di_store(storage):
        isi.append(n)
        if len(isi) >= 5:
            break
    if isi:
        raise Ditolak(
            f"Bucket {settings.S3_BUCKET} tidak kosong: berisi {arsip._contoh(isi)}. Pemulihan hanya menulis ke "
            "bucket kosong; buat bucket baru (privat) dan arahkan S3_BUCKET ke sana, lalu ulangi."
        )


def _ke_store(storage, akar: Path) -> None:
    """The restored files from the temporary folder into the object store under their own names,
    each read back and compared (SHA-256) before the next."""
    for rel, p in _berkas_lokal(akar):
        with open(p, "rb") as f:
            data = f.read()
        storage.simpan_ke_store(rel, data)
        with storage.open(rel, "rb") as f:
            kembali = f.read()
        if hashlib.sha256(kembali).digest() != hashlib.sha256(data).digest():
            raise OSError(f"berkas {rel} berbeda setelah ditulis ke penyimpanan objek")


def _pulihkan(
    *, path, alias, nama_basis_data, jobs, folder_sementara, berkas_lama, paksa_versi, lapor, mulai, akar, store
) -> RingkasanPemulihan:
    if berkas_lama is not None:
        berkas_lama = Path(berkas_lama)
        if not berkas_lama.is_dir():
            raise Ditolak(f"--berkas-lama {berkas_lama} bukan folder.")
        lama, baru = berkas_lama.resolve(), akar.resolve()
        if lama.is_relative_to(baru) or baru.is_relative_to(lama):
            raise Ditolak(
                f"--berkas-lama {berkas_lama} tidak boleh sama dengan, berada di dalam, atau memuat folder berkas "
                f"{akar} (PRIVATE_MEDIA_ROOT): pindahkan folder lama ke sampingnya, mis. `mv berkas berkas.lama`."
            )
    bd = basis_data.untuk(alias, nama=nama_basis_data)
    _pastikan_kosong(bd, akar)
    lapor(f"Memeriksa arsip {path}…")
    hasil = periksa(path)
    m = hasil.manifest
    ringkasan = RingkasanPemulihan(
        arsip=path, ukuran=hasil.ukuran, manifest=m, nama_basis_data=bd.nama, berkas_lama=berkas_lama
    )
    if m["basis_data"]["mesin"] != bd.mesin:
        raise Ditolak(
            f"Arsip memuat basis data {m['basis_data']['mesin']}, sedangkan tujuan ({bd.nama}) {bd.mesin}; "
            "pulihkan ke mesin yang sama."
        )
    ringkasan.migrasi_belum = _migrasi(m, paksa_versi=paksa_versi)
    sementara = Path(folder_sementara) if folder_sementara is not None else Path(tempfile.gettempdir())
    _pastikan_ruang(m, akar=akar, sementara=sementara, bd=bd)
    ringkasan.detik_periksa = time.monotonic() - mulai

    try:
        folder_dump = tempfile.TemporaryDirectory(prefix="pulihkan-", dir=sementara)
    except OSError as e:
        raise Ditolak(f"Folder sementara untuk dump tidak dapat dibuat: {sebab_os(e)}. Tidak ada yang ditulis.")
    with folder_dump as folder:
        dump = Path(folder) / m["basis_data"]["anggota"]
        try:
            arsip.salin_basis_data(path, m, dump)
        except arsip.ArsipRusak as e:
            raise Ditolak(f"Arsip {path} ditolak, tidak ada yang ditulis: {e}")
        except OSError as e:
            raise Ditolak(
                f"Dump tidak dapat diekstrak ke {folder}: {sebab_os(e)}. Basis data dan folder berkas belum "
                "disentuh; pakai --folder-sementara di disk yang lebih lega."
            )
        bd.periksa_dump(dump)
        _pastikan_kosong(bd, akar)  # once more, right before the first write
        # --- From here on the database and the folder are written: every failure is Gagal.
        lapor(f"Memulihkan basis data ke {bd.nama}…")
        t = time.monotonic()
        try:
            bd.pulihkan(dump, jobs=jobs)
        except (Gagal, OSError) as e:
            sebab = sebab_os(e) if isinstance(e, OSError) else str(e)
            raise Gagal(
                f"{sebab}\nBasis data {bd.nama!r} mungkin terisi sebagian. Hapus dan buat lagi sebagai basis data "
                "kosong, lalu ulangi pemulihan. Folder berkas belum disentuh."
            )
        ringkasan.detik_basis_data = time.monotonic() - t

    lapor(f"Memulihkan berkas ke {akar}…")
    t = time.monotonic()
    try:
        if not akar.exists():
            akar.mkdir(mode=0o700, parents=True)
        ringkasan.berkas, ringkasan.byte_berkas = arsip.ekstrak_berkas(path, m, akar)
        os.sync()
    except (OSError, arsip.ArsipRusak) as e:
        sebab = sebab_os(e) if isinstance(e, OSError) else str(e)
        raise Gagal(
            f"Berkas gagal dipulihkan: {sebab}\nBasis data {bd.nama!r} sudah dipulihkan, folder {akar} berisi "
            "sebagian. Kosongkan folder itu, hapus dan buat lagi basis data kosong, lalu ulangi pemulihan."
        )
    ringkasan.detik_berkas = time.monotonic() - t

    lapor("Memeriksa hasil pemulihan…")
    t = time.monotonic()
    try:
        potret = _periksa_hasil(bd, akar, m)
    except OSError as e:
        raise Gagal(f"Hasil pemulihan tidak dapat diperiksa: {sebab_os(e)}.\n{_ULANGI}")
    ringkasan.tabel = len(potret.jumlah_baris)
    ringkasan.baris = sum(potret.jumlah_baris.values())
    ringkasan.detik_periksa_akhir = time.monotonic() - t

    if berkas_lama is not None:
        lapor(f"Membawa berkas yang tidak ada di arsip dari {berkas_lama}…")
        try:
            ringkasan.berkas_lama_disalin, ringkasan.berkas_lama_dikarantina = _bawa_berkas_lama(berkas_lama, akar)
        except (OSError, arsip.ArsipRusak) as e:
            sebab = sebab_os(e) if isinstance(e, OSError) else str(e)
            raise Gagal(
                f"Berkas dari --berkas-lama {berkas_lama} gagal disalin: {sebab}\nBasis data dan berkas arsip sudah "
                f"dipulihkan dan cocok dengan manifest; folder {berkas_lama} tidak diubah. Perbaiki sebabnya, lalu "
                "ulangi pemulihan dari awal (folder dan basis data kosong)."
            )
    ringkasan.rujukan_tanpa_berkas = _rujukan_tanpa_berkas(potret, akar, m)
    if store is not None:
        lapor(f"Menulis berkas ke penyimpanan objek (bucket {settings.S3_BUCKET})…")
        try:
            _ke_store(store, akar)
        except Exception as e:
            raise Gagal(
                f"Berkas gagal ditulis ke penyimpanan objek: {e}\nBasis data {bd.nama!r} sudah dipulihkan, bucket "
                f"{settings.S3_BUCKET} berisi sebagian. Kosongkan bucket, hapus dan buat lagi basis data kosong, lalu "
                "ulangi pemulihan."
            )
    ringkasan.detik = time.monotonic() - mulai
    _tulis_laporan(ringkasan)
    return ringkasan


_ULANGI = "Jangan jalankan aplikasi pada hasil ini: kosongkan folder, buat lagi basis data kosong, ulangi."


def _periksa_hasil(bd, akar: Path, m: dict) -> basis_data.Potret:
    """What was written, read back: files (SHA-256, mode, nothing else), rows, migrations, and the
    files the restored rows name (those the manifest does not say are absent)."""
    salah = []
    entri = {
        e["nama"].removeprefix(arsip.AWALAN_BERKAS): e
        for e in m["anggota"]
        if e["nama"].startswith(arsip.AWALAN_BERKAS)
    }
    ada = dict(_berkas_lokal(akar))
    for rel, e in entri.items():
        p = ada.get(rel)
        if p is None:
            salah.append(f"berkas {rel} tidak ada")
        elif stat.S_IMODE(p.stat().st_mode) != int(e["mode"], 8) or _sha_berkas(p) != e["sha256"]:
            salah.append(f"berkas {rel} berbeda dari manifest")
    lebih = sorted(set(ada) - set(entri))
    if lebih:
        salah.append(
            f"{len(lebih)} berkas tidak berasal dari arsip ({arsip._contoh(lebih)}): pastikan web dan worker berhenti"
        )
    potret = bd.baca()
    if potret.migrasi != m["migrasi"]:
        salah.append("status migrasi basis data berbeda dari manifest")
    harap = m["basis_data"]["jumlah_baris"]
    beda = sorted(t for t in set(harap) | set(potret.jumlah_baris) if harap.get(t) != potret.jumlah_baris.get(t))
    if beda:
        salah.append(
            "jumlah baris berbeda dari manifest: "
            + ", ".join(f"{t} {potret.jumlah_baris.get(t)} (seharusnya {harap.get(t)})" for t in beda[:5])
        )
    boleh_hilang = {e["berkas"] for e in m.get("berkas_hilang", []) + m.get("berkas_dihapus_setelah_potret", [])}
    tanpa_berkas = sorted(n for n in potret.rujukan if n not in entri and n not in boleh_hilang)
    if tanpa_berkas:
        salah.append(f"{len(tanpa_berkas)} berkas yang dirujuk basis data tidak ada: {arsip._contoh(tanpa_berkas)}")
    if salah:
        raise Gagal("Pemeriksaan setelah pemulihan gagal:\n- " + "\n- ".join(salah[:20]) + "\n" + _ULANGI)
    return potret


SEBAB_TANPA_BERKAS = {
    "berkas_hilang": "sudah hilang dari folder saat dicadangkan",
    "berkas_dihapus_setelah_potret": "dihapus bersama barisnya setelah potret basis data; barisnya ada di dump",
}


def _rujukan_tanpa_berkas(potret: basis_data.Potret, akar: Path, m: dict) -> list[dict]:
    """The restored rows whose file is not in the folder (after --berkas-lama), each with the
    manifest's reason."""
    sebab = {e["berkas"]: SEBAB_TANPA_BERKAS[k] for k in SEBAB_TANPA_BERKAS for e in m.get(k, [])}
    hasil = []
    for nama, (model, kolom, pk) in sorted(potret.rujukan.items()):
        if not (akar / nama).is_file():
            hasil.append(
                {"berkas": nama, "model": model, "kolom": kolom, "pk": pk, "sebab": sebab.get(nama, "tidak diketahui")}
            )
    return hasil


def baris_pemulihan(r: RingkasanPemulihan, *, batas: int | None = None) -> list[tuple[str, str]]:
    """The restore's account, as (kind, line) with kind "sukses", "biasa" or "peringatan": the
    command prints it (`batas` rows listed at most), the report file holds all of it."""
    m = r.manifest
    baris = [
        ("sukses", f"Pemulihan selesai dalam {detik(r.detik)}."),
        (
            "biasa",
            f"  Arsip: {r.arsip} ({ukuran_manusia(r.ukuran)}), dibuat {m['dibuat']} oleh versi "
            f"{m['versi_aplikasi']}; utuh menurut manifest dan segel ({detik(r.detik_periksa)}).",
        ),
        (
            "biasa",
            f"  Basis data {r.nama_basis_data}: {r.tabel} tabel, {angka(r.baris)} baris ({detik(r.detik_basis_data)}).",
        ),
        (
            "biasa",
            f"  Berkas: {angka(r.berkas)} berkas, {ukuran_manusia(r.byte_berkas)} ({detik(r.detik_berkas)}); "
            f"termasuk karantina {angka(m['berkas']['karantina'])} berkas.",
        ),
        (
            "biasa",
            "  Pemeriksaan akhir: SHA-256 dan izin setiap berkas arsip, jumlah baris setiap tabel, status migrasi — "
            f"cocok dengan manifest ({detik(r.detik_periksa_akhir)}).",
        ),
    ]
    if r.berkas_lama is not None:
        baris.append(
            (
                "biasa",
                f"  Dari {r.berkas_lama}: {angka(r.berkas_lama_disalin)} berkas disalin ke tempatnya, "
                f"{angka(r.berkas_lama_dikarantina)} ke karantina (isinya berbeda dari arsip).",
            )
        )
    if not r.rujukan_tanpa_berkas:
        baris.append(("biasa", "  Rujukan berkas: setiap berkas yang dirujuk basis data ada di folder."))
    else:
        baris.append(
            (
                "peringatan",
                f"  {len(r.rujukan_tanpa_berkas)} baris basis data merujuk berkas yang tidak ada di folder; barisnya "
                "dibiarkan (tidak dihapus):",
            )
        )
        daftar = r.rujukan_tanpa_berkas if batas is None else r.rujukan_tanpa_berkas[:batas]
        for e in daftar:
            baris.append(("peringatan", f"    {e['model']}.{e['kolom']} pk={e['pk']}: {e['berkas']} ({e['sebab']})"))
        if len(daftar) < len(r.rujukan_tanpa_berkas):
            baris.append(("peringatan", f"    … dan {len(r.rujukan_tanpa_berkas) - len(daftar)} lainnya."))
    if r.laporan is not None:
        baris.append(("biasa", f"  Laporan lengkap: {r.laporan}"))
    elif r.laporan_galat:
        baris.append(("peringatan", f"  Laporan tidak dapat ditulis: {r.laporan_galat}"))
    baris.append(("biasa", "Langkah berikutnya:"))
    if r.migrasi_belum:
        baris.append(
            (
                "biasa",
                f"  - Versi ini punya {len(r.migrasi_belum)} migrasi yang belum ada di arsip: jalankan "
                "`manage.py migrate` pada basis data ini.",
            )
        )
    baris.append(
        (
            "biasa",
            "  - Kosongkan antrean broker (CELERY_BROKER_URL) dan cache (REDIS_URL) sebelum layanan dijalankan "
            "lagi, mis. `redis-cli -n <db> FLUSHDB` untuk masing-masing: tugas yang menunggu merujuk baris "
            "basis data yang lama.",
        )
    )
    baris.append(("biasa", "  - Jalankan lagi web, worker, dan beat."))
    return baris


def _tulis_laporan(r: RingkasanPemulihan) -> None:
    """The report file (0600) in CADANGAN_DIR: the whole account, every row without its file
    listed. A report that cannot be written does not undo a restore that succeeded: the
    command says why instead."""
    folder = Path(settings.CADANGAN_DIR)
    path = folder / f"pulihkan-{timezone.localtime():%Y%m%d-%H%M%S}-{secrets.token_hex(2)}.txt"
    r.laporan = path  # named in its own text
    teks = "\n".join(b for _, b in baris_pemulihan(r)) + "\n"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(teks)
    except OSError as e:
        r.laporan, r.laporan_galat = None, sebab_os(e)


def _bawa_berkas_lama(lama: Path, akar: Path) -> tuple[int, int]:
    """Files of the previous folder that the restored one lacks, copied in at their names (mode and
    time kept, never over a file); one whose name the archive filled with other content goes to
    the quarantine instead. Returns (copied, quarantined)."""
    disalin = dikarantina = 0
    hari = timezone.localdate().isoformat()
    for rel, p in _berkas_lokal(lama):
        tujuan = akar / rel
        if tujuan.exists():
            if tujuan.stat().st_size == p.stat().st_size and _sha_berkas(tujuan) == _sha_berkas(p):
                continue
            tujuan = _nama_bebas(akar / karantina.FOLDER / hari / rel)
            dikarantina += 1
        else:
            disalin += 1
        arsip._buat_folder(akar, tujuan.parent)
        st = p.stat()
        fd = os.open(tujuan, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as keluar, open(p, "rb") as masuk:
            shutil.copyfileobj(masuk, keluar, arsip.POTONGAN)
            os.fchmod(keluar.fileno(), stat.S_IMODE(st.st_mode) & 0o777)
        os.utime(tujuan, ns=(st.st_atime_ns, st.st_mtime_ns))
    return disalin, dikarantina


def _nama_bebas(path: Path) -> Path:
    n = 1
    hasil = path
    while hasil.exists():
        hasil = path.with_name(f"{path.stem}.{n}{path.suffix}")
        n += 1
    return hasil


# --- Output helpers for the commands ---------------------------------------------------------------------


def ukuran_manusia(byte: int) -> str:
    if byte < 1024:
        return f"{byte} B"
    nilai, satuan = byte / 1024, "KB"
    for berikut in ("MB", "GB", "TB"):
        if nilai < 1024:
            break
        nilai, satuan = nilai / 1024, berikut
    return f"{nilai:.1f} {satuan}".replace(".", ",")


def angka(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def detik(d: float) -> str:
    return f"{d:.1f} detik".replace(".", ",") if d < 120 else str(datetime.timedelta(seconds=round(d)))
