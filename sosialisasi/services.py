"""Writes of the socialization register that are not plain admin saves: the photo thumbnails."""

import datetime

from netralitas import berkas as cek_berkas
from netralitas.antrean import antrekan

from . import signals
from .models import Foto, StatusThumbnail

# A photo still waiting this long after its upload has lost its task (broker down, worker killed).
UMUR_FOTO_TERTUNDA = datetime.timedelta(minutes=2)


def buat_thumbnail_foto(foto_id: int) -> str | None:
    """The public picture of a documentation photo: Pillow's re-encoded thumbnail, without the
    original's metadata (a phone's GPS position of the venue is not the public's business, and the
    camera serial is nobody's). Idempotent; a photo that cannot be read is marked failed."""
    return cek_berkas.buat_thumbnail(
        Foto,
        foto_id,
        status=StatusThumbnail,
        lebar=640,
        # The event's public page shows the photo now.
        setelah=lambda foto: signals.naikkan_versi(),
    )


def antrekan_thumbnail(foto: Foto) -> None:
    antrekan("sosialisasi.tasks.buat_thumbnail_foto", foto.pk)


def antrekan_foto_tertunda() -> int:
    """Photos whose thumbnail task was lost: enqueued again."""
    return cek_berkas.kirim_thumbnail_tertunda(
        Foto, "sosialisasi.tasks.buat_thumbnail_foto", status=StatusThumbnail, umur=UMUR_FOTO_TERTUNDA
    )
