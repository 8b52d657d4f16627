"""Every edit of an event or of what its public page shows raises the version the public pages are
cached under (sosialisasi.views): a change is on the site at once, not after the cache expires."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from netralitas import versi_cache

from .models import DistribusiBahan, Foto, Kegiatan, Narasumber, Penandatangan, SuratImbauan, UnggahanMedsos

KUNCI_VERSI = "sosialisasi:versi"


def naikkan_versi() -> None:
    versi_cache.naikkan(KUNCI_VERSI)


def _naikkan(**kwargs):
    naikkan_versi()


def hubungkan():
    for model in (Kegiatan, Narasumber, Penandatangan, Foto, DistribusiBahan, SuratImbauan, UnggahanMedsos):
        post_save.connect(_naikkan, sender=model, dispatch_uid=f"sosialisasi-versi-simpan-{model.__name__}")
        post_delete.connect(_naikkan, sender=model, dispatch_uid=f"sosialisasi-versi-hapus-{model.__name__}")
    m2m_changed.connect(_naikkan, sender=Kegiatan.instansi_sasaran.through, dispatch_uid="sosialisasi-versi-instansi")
