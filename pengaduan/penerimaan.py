"""What every new report goes through, whoever typed it (the citizen on /lapor/, staff at the office):
its rows, its evidence, its first timeline entry, and who is told. The callers decide what differs
(the reporter kinds they take, the handling office, the deadline, who received it) and hold the
transaction; the tracking code is theirs to show."""

from django.conf import settings
from django.urls import reverse

from netralitas.sisip import sisipkan

from . import kode as kode_pelacakan
from . import transisi, workflow
from .bukti import bukti_baru, bukti_tersimpan
from .models import Pelapor, Pengaduan, Saksi, Status, Sumber, Tautan, Terlapor, UnggahanSementara
from .notifikasi import antrekan_notifikasi, buat_notifikasi
from .selectors import penerima_pengaduan_baru


def simpan_pengaduan(
    *,
    kode: str,
    kategori,
    kategori_lainnya: str,
    pelapor: dict | None,
    terlapor: list[dict],
    saksi: list[dict],
    tautan: list[str],
    unggahan: list[UnggahanSementara],
    alasan_masuk: str,
    oleh=None,
    peran: str | None = None,
    **kolom,
) -> Pengaduan:
    """The case and everything it carries, in the caller's transaction. The code is stored only as
    its HMAC and its last four characters. `kolom`: the case's own fields (sumber, wilayah, office,
    deadline, reception)."""
    normal = kode_pelacakan.normalkan(kode)
    p = Pengaduan(
        kode_hash=kode_pelacakan.hash_kode(normal),
        kode_akhir=normal[-4:],
        status=Status.DIAJUKAN,
        kategori=kategori,
        kategori_lainnya=kategori_lainnya if kategori.perlu_uraian else "",
        **kolom,
    )
    sisipkan([p])
    # Everything the case carries in one round trip (netralitas.sisip).
    bukti = [bukti_baru(pengaduan=p, unggahan=u) for u in unggahan]
    sisipkan(
        [Pelapor(pengaduan=p, **pelapor)] if p.sumber == Sumber.LAPORAN and pelapor else [],
        [Terlapor(pengaduan=p, **t) for t in terlapor],
        [Saksi(pengaduan=p, **s) for s in saksi],
        [Tautan(pengaduan=p, url=u) for u in tautan],
        [transisi.peristiwa_masuk(p, alasan=alasan_masuk, oleh=oleh, peran=peran or workflow.Aktor.SISTEM)],
        bukti,
    )
    for b, u in zip(bukti, unggahan, strict=True):
        bukti_tersimpan(b, unggahan=u)
    return p


def kabari_pengaduan_baru(p: Pengaduan, *, kode: str, email: str = "") -> None:
    """The reporter's receipt (the one message with the whole code; its body is erased once sent),
    when an e-mail was given, and the staff of the handling office and of the incident's kecamatan:
    written now, sent on commit. The staff member who entered the report is not told of it."""
    notifikasi = []
    if email and p.sumber == Sumber.LAPORAN:
        notifikasi.append(
            buat_notifikasi(
                pengaduan=p,
                email=email,
                jenis="tanda_terima",
                template="tanda_terima",
                konteks={"kode": kode, "pengaduan": p},
                hapus_isi=True,
                antre=False,
            )
        )
    tautan_admin = reverse("admin:pengaduan_pengaduan_change", args=[p.pk])
    for penerima_id, alamat in penerima_pengaduan_baru(p):
        if penerima_id == p.diterima_oleh_id:
            continue
        notifikasi.append(
            buat_notifikasi(
                pengaduan=p,
                penerima_id=penerima_id,
                email=alamat,
                jenis="pengaduan_baru",
                template="pengaduan_baru",
                konteks={"pengaduan": p, "tautan": settings.SITE_URL + tautan_admin},
                tautan=tautan_admin,
                antre=False,
            )
        )
    antrekan_notifikasi(notifikasi)
