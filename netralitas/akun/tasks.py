"""Thin tasks with stable names: the reviewer invitation's e-mail and its pending sweep."""

from celery import shared_task

from .undangan import services as undangan


@shared_task(
    bind=True,
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=600,
    max_retries=8,
    acks_late=True,
    time_limit=300,
)
def kirim_undangan(self, undangan_id):
    return undangan.kirim_undangan(undangan_id)


@shared_task(acks_late=True)
def kirim_undangan_tertunda():
    return undangan.kirim_tertunda()
