"""The beat's refresh of the public figures; pages only read what it computed."""

from celery import shared_task

from . import hitung


@shared_task(time_limit=600, expires=540)
def perbarui_statistik():
    """The public statistics of every scope, computed once and published under a new version."""
    return hitung.perbarui()
