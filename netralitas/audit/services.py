from .models import Aksi, LogAudit


def catat_audit(*, aktor, aksi: Aksi, pengaduan=None, objek: str = "", keterangan: str = "") -> LogAudit:
    return LogAudit.objects.create(
        aktor=aktor if getattr(aktor, "is_authenticated", False) else None,
        aksi=aksi,
        pengaduan=pengaduan,
        objek=objek[:200],
        keterangan=keterangan,
    )
