from celery import shared_task

from . import services


@shared_task(name="netralitas.penyimpanan.tasks.pindahkan_tertunda", ignore_result=True)
def pindahkan_tertunda():
    return services.pindahkan_tertunda()
