"""Thin tasks: load by id, call a service."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def buat_thumbnail_foto(foto_id):
    return services.buat_thumbnail_foto(foto_id)


@shared_task
def proses_foto_tertunda():
    """Photos whose thumbnail task was lost (broker down, worker killed)."""
    from django.utils import timezone

    from .models import Foto, StatusThumbnail

    batas = timezone.now() - timezone.timedelta(minutes=2)
    pk = list(
        Foto.objects.filter(status_thumbnail=StatusThumbnail.MENUNGGU, dibuat__lte=batas).values_list("pk", flat=True)[
            :500
        ]
    )
    for i in pk:
        buat_thumbnail_foto.delay(i)
    return len(pk)
