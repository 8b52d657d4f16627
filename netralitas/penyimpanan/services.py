"""Moving the files kept in PostgreSQL while the object store was unreachable into the store."""

import logging

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F

from .models import BerkasTertunda
from .s3 import tak_terjangkau

log = logging.getLogger(__name__)


def pindahkan_tertunda(*, batas: int = 200) -> dict[str, int]:
    """Put each pending file in the store under the name its rows already hold, then delete the
    pending row (the worker's task and the beat's sweep). A row is locked while it moves (SKIP
    LOCKED: two workers never move the same file twice at once) and deleted only after the store
    took it, so a crash in between moves it again (same name, same bytes). Stops at the first
    unreachable answer: the store is still down, the next sweep tries again."""
    dipindah = gagal = 0
    simpan = getattr(default_storage, "simpan_ke_store", None)
    for pk in list(BerkasTertunda.objects.order_by("pk").values_list("pk", flat=True)[:batas]):
        with transaction.atomic():
            b = BerkasTertunda.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if b is None:
                continue
            try:
                if simpan is None:  # the local folder again (S3_BUCKET removed): write it there
                    if not default_storage.exists(b.nama):
                        from django.core.files.base import ContentFile

                        default_storage._save(b.nama, ContentFile(bytes(b.data)))
                else:
                    simpan(b.nama, bytes(b.data))
            except Exception as e:
                if not tak_terjangkau(e):
                    log.exception("Berkas tertunda %s gagal dipindah ke penyimpanan.", b.nama)
                BerkasTertunda.objects.filter(pk=b.pk).update(percobaan=F("percobaan") + 1, galat=str(e)[:2000])
                gagal += 1
                if tak_terjangkau(e):
                    break
                continue
            b.delete()
            dipindah += 1
    if dipindah:
        log.info("%s berkas tertunda dipindah ke penyimpanan objek.", dipindah)
    return {"dipindah": dipindah, "gagal": gagal, "sisa": BerkasTertunda.objects.count()}
