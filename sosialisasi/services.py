"""Writes of the socialization register that are not plain admin saves: the photo thumbnails."""

import logging

from django.core.files.base import ContentFile

from netralitas import berkas as cek_berkas

from . import signals
from .models import Foto, StatusThumbnail

log = logging.getLogger(__name__)


def buat_thumbnail_foto(foto_id: int) -> str | None:
    """The public picture of a documentation photo: Pillow's re-encoded thumbnail, without the
    original's metadata (a phone's GPS position of the venue is not the public's business, and the
    camera serial is nobody's). Idempotent; a photo that cannot be read is marked failed."""
    f = Foto.objects.filter(pk=foto_id).first()
    if f is None or f.status_thumbnail != StatusThumbnail.MENUNGGU:
        return None
    try:
        with f.berkas.open("rb") as berkas:
            data = cek_berkas.thumbnail_gambar(berkas, lebar=640)
    except Exception:
        log.exception("Thumbnail foto kegiatan %s gagal dibuat.", f.pk)
        Foto.objects.filter(pk=f.pk).update(status_thumbnail=StatusThumbnail.GAGAL)
        return StatusThumbnail.GAGAL
    f.thumbnail.save("x.jpg", ContentFile(data), save=False)
    Foto.objects.filter(pk=f.pk, status_thumbnail=StatusThumbnail.MENUNGGU).update(
        thumbnail=f.thumbnail.name, status_thumbnail=StatusThumbnail.SIAP
    )
    signals.naikkan_versi()  # the event's public page shows the photo now
    return StatusThumbnail.SIAP


def antrekan_thumbnail(foto: Foto) -> None:
    from pengaduan.services import antrekan

    from . import tasks

    antrekan(tasks.buat_thumbnail_foto, foto.pk)
