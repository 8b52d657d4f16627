"""The quarantine: a stored file no row names is moved here instead of being deleted, and is kept
KARANTINA_HARI days (settings) before it goes.

The beat's orphan sweep (pengaduan.bukti.bersihkan_berkas_yatim) meets such files for two reasons:
a form stored a letter and then its transaction rolled back, or the database was restored from a
backup older than the files (the recommendation letters and SKs filed since). The second kind is
what an operator may still need, and the sweep cannot tell the two apart; so neither is deleted at
once.

Layout, inside the private storage and never under a URL: `karantina/<YYYY-MM-DD>/<original name>`,
the day (WIB) the file came in. An operator puts a file back by moving it to its original name. The
upkeep (`rawat`, on the beat) does that itself when a row names the file again, and deletes the days
older than KARANTINA_HARI. Backups carry the quarantine like any other file.
"""

import datetime
import logging
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils import timezone

from .rujukan import dirujuk

log = logging.getLogger(__name__)

FOLDER = "karantina"


def berkas_di(storage, folder: str):
    """Every file name under a storage folder, recursively."""
    try:
        subfolder, berkas = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for nama in sorted(berkas):
        yield f"{folder}/{nama}"
    for sub in sorted(subfolder):
        yield from berkas_di(storage, f"{folder}/{sub}")


def _pindahkan(storage, asal: str, tujuan: str) -> str:
    """Copy then delete (any storage; a crash in between leaves two copies, never none). The
    storage picks a free name when `tujuan` is taken, and applies the private file permissions."""
    with storage.open(asal, "rb") as f:
        disimpan = storage.save(tujuan, f)
    storage.delete(asal)
    return disimpan


def karantinakan(nama: str, *, alasan: str, storage=None) -> str:
    """Move one stored file into today's quarantine folder; returns its new name."""
    storage = storage or default_storage
    disimpan = _pindahkan(storage, nama, f"{FOLDER}/{timezone.localdate().isoformat()}/{nama}")
    log.warning(
        "Berkas %s dipindah ke karantina sebagai %s (%s); dihapus setelah %s hari kecuali dikembalikan.",
        nama,
        disimpan,
        alasan,
        settings.KARANTINA_HARI,
    )
    return disimpan


def _hari_karantina(storage) -> list[tuple[datetime.date, str]]:
    try:
        folder, _ = storage.listdir(FOLDER)
    except (FileNotFoundError, NotADirectoryError):
        return []
    hasil = []
    for nama in sorted(folder):
        try:
            hasil.append((datetime.date.fromisoformat(nama), nama))
        except ValueError:
            log.warning("Folder karantina/%s bukan tanggal (YYYY-MM-DD): dibiarkan, tidak pernah dihapus.", nama)
    return hasil


def rawat(*, storage=None, hari: int | None = None) -> dict[str, int]:
    """The quarantine's upkeep (beat): a file whose original name a row names again goes back
    there; the days older than `hari` (KARANTINA_HARI) are deleted."""
    storage = storage or default_storage
    hari = settings.KARANTINA_HARI if hari is None else hari
    batas = timezone.localdate() - datetime.timedelta(days=hari)
    dikembalikan = dihapus = 0
    for tanggal, nama_hari in _hari_karantina(storage):
        awalan = f"{FOLDER}/{nama_hari}/"
        isi = {n: n.removeprefix(awalan) for n in berkas_di(storage, awalan.rstrip("/"))}
        dinamai = dirujuk(isi.values())
        for nama, asal in isi.items():
            if asal in dinamai and not storage.exists(asal):
                _pindahkan(storage, nama, asal)
                log.warning("Berkas %s dikembalikan dari karantina: basis data merujuknya lagi.", asal)
                dikembalikan += 1
            elif tanggal < batas:
                storage.delete(nama)
                log.info("Berkas karantina %s dihapus: lebih dari %s hari.", nama, hari)
                dihapus += 1
        if tanggal < batas:
            _hapus_folder_kosong(storage, awalan.rstrip("/"))
    return {"karantina_dikembalikan": dikembalikan, "karantina_dihapus": dihapus}


def _hapus_folder_kosong(storage, folder: str) -> None:
    """A local storage keeps empty folders; remove them, deepest first (an object store has none)."""
    if not isinstance(storage, FileSystemStorage):
        return
    akar = Path(storage.location) / folder
    if not akar.is_dir():
        return
    for sub in sorted((p for p in akar.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(sub.iterdir()):
            sub.rmdir()
    if not any(akar.iterdir()):
        akar.rmdir()


def ringkasan(storage=None) -> dict:
    """What the quarantine holds, for the operator: files, bytes, and the oldest day."""
    storage = storage or default_storage
    berkas = ukuran = 0
    hari = _hari_karantina(storage)
    for _, nama_hari in hari:
        for nama in berkas_di(storage, f"{FOLDER}/{nama_hari}"):
            berkas += 1
            ukuran += storage.size(nama)
    return {"berkas": berkas, "byte": ukuran, "hari_tertua": hari[0][1] if hari else None}
