"""Thin tasks: load by id, call a service."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def buat_thumbnail_foto(foto_id):
    return services.buat_thumbnail_foto(foto_id)


@shared_task
def proses_foto_tertunda():
    """Photos whose thumbnail task was lost (broker down, worker killed)."""
    return services.antrekan_foto_tertunda()
