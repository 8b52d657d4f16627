"""Retention (UU 27/2022): when each kind of personal data of a closed case is due for erasure
(AturanRetensi), the legal hold that stops it (TahananHukum), and the job that erases it.

A case is closed when its status is terminal; it closed at its last move into a terminal status,
read from the append-only events (PeristiwaPengaduan), so nothing has to keep a second copy in step
and a case reopened (a withdrawn report kept as informasi awal) is simply not closed.

Erasing keeps the rows and what identifies nobody (kind, type, size, SHA-256) and marks when it
happened; the rule is the kind's own (one AturanRetensi per JenisDataRetensi). Files go through the
storage API only (`FieldFile.delete`), whatever the storage is. Cases are erased a few dozen per
transaction under their row locks taken with SKIP LOCKED: two workers never erase the same case
twice, a run that stops half way leaves whole cases behind, and the next run goes on from there."""

import datetime
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from netralitas.audit.models import Aksi
from netralitas.audit.services import catat_audit

from .dokumen.paket import pola_orang
from .models import (
    STATUS_TERMINAL,
    AturanRetensi,
    Bukti,
    CatatanPengaduan,
    DokumenPengaduan,
    HasilKlarifikasi,
    JenisDataRetensi,
    KajianAwal,
    KedudukanKlarifikasi,
    Kelengkapan,
    LampiranPesan,
    Notifikasi,
    PaketRekomendasi,
    Pelapor,
    Pengaduan,
    PeristiwaPengaduan,
    Pesan,
    Rekomendasi,
    Saksi,
    SalinanBukti,
    StatusSalinan,
    StatusThumbnail,
    TahananHukum,
)

log = logging.getLogger(__name__)
J = JenisDataRetensi

# Pelapor's columns that stay: the row's keys, whether the reporter asked for confidentiality (no
# one's identity) and the erasure mark. Every other column is emptied, including ones added later
# (an encrypted copy, a blind index): what is not listed here is identity.
KOLOM_PELAPOR_TETAP = frozenset({"id", "pengaduan", "rahasia", "dihapus_pada"})


class PenahananDitolak(Exception):
    """A legal hold that cannot be set or lifted as asked; the message is shown as it is."""


# --- When a case closed, and what of it is due -------------------------------------------------------


def waktu_ditutup():
    """The time the case last entered a terminal status (for a case whose status is terminal)."""
    return Subquery(
        PeristiwaPengaduan.objects.filter(pengaduan=OuterRef("pk"), ke_status__in=STATUS_TERMINAL)
        .order_by("-waktu", "-id")
        .values("waktu")[:1]
    )


def tertahan():
    return Exists(TahananHukum.objects.filter(pengaduan=OuterRef("pk"), dilepas_pada__isnull=True))


def sisa(jenis: str):
    """Whether the case still holds data of this kind that has not been erased."""
    kasus = OuterRef("pk")
    if jenis == J.IDENTITAS_PELAPOR:
        return Exists(Pelapor.objects.filter(pengaduan=kasus, dihapus_pada__isnull=True)) | Exists(
            HasilKlarifikasi.objects.filter(
                pengaduan=kasus, kedudukan=KedudukanKlarifikasi.PELAPOR, pihak_dihapus_pada__isnull=True
            )
        )
    if jenis == J.IDENTITAS_SAKSI:
        return Exists(Saksi.objects.filter(pengaduan=kasus, dihapus_pada__isnull=True)) | Exists(
            HasilKlarifikasi.objects.filter(
                pengaduan=kasus, kedudukan=KedudukanKlarifikasi.SAKSI, pihak_dihapus_pada__isnull=True
            )
        )
    if jenis == J.BUKTI_ASLI:
        return Exists(Bukti.objects.filter(pengaduan=kasus, berkas_dihapus_pada__isnull=True))
    if jenis == J.SALINAN_BUKTI:
        return Exists(Bukti.objects.filter(pengaduan=kasus, salinan_dihapus_pada__isnull=True)) | Exists(
            PaketRekomendasi.objects.filter(pengaduan=kasus, zip_dihapus_pada__isnull=True)
        )
    if jenis == J.DOKUMEN_PENGADUAN:
        return Exists(DokumenPengaduan.objects.filter(pengaduan=kasus, dihapus_pada__isnull=True))
    if jenis == J.LAMPIRAN_PESAN:
        return Exists(LampiranPesan.objects.filter(pesan__pengaduan=kasus, dihapus_pada__isnull=True))
    if jenis == J.DOKUMEN_KLARIFIKASI:
        return Exists(
            HasilKlarifikasi.objects.filter(pengaduan=kasus, dokumen_dihapus_pada__isnull=True).exclude(dokumen="")
        )
    raise ValueError(jenis)


def kasus_ditutup():
    return Pengaduan.objects.filter(status__in=STATUS_TERMINAL).annotate(ditutup=waktu_ditutup())


def jatuh_tempo(aturan: AturanRetensi, *, sampai: datetime.datetime):
    """Cases not under a hold whose data of `aturan`'s kind is due by `sampai` and not yet erased,
    with `ditutup` annotated."""
    return (
        kasus_ditutup()
        .filter(ditutup__lte=sampai - datetime.timedelta(days=aturan.hari_setelah_ditutup))
        .filter(sisa(aturan.jenis))
        .exclude(tertahan())
    )


# --- Erasing ------------------------------------------------------------------------------------------


def _hapus_berkas(berkas) -> bool:
    """Delete a stored file through its storage (local folder or object store alike); a file
    already gone counts as deleted. Returns whether there was a file to delete."""
    if not berkas:
        return False
    berkas.delete(save=False)
    return True


# The case's free text, where staff and the reporter may have written a name, a number or an address
# of the people whose identity is erased: (model, path to the case, text columns).
TEKS_BEBAS = [
    (Pengaduan, "pk", ("kronologi", "alamat_kejadian")),
    (Kelengkapan, "pengaduan", ("teks",)),
    (Pesan, "pengaduan", ("teks",)),
    (CatatanPengaduan, "pengaduan", ("teks",)),
    (KajianAwal, "pengaduan", ("catatan",)),
    (HasilKlarifikasi, "pengaduan", ("ringkasan",)),
    (Rekomendasi, "pengaduan", ("temuan",)),
    (PeristiwaPengaduan, "pengaduan", ("alasan", "pesan_pelapor")),
]
SAMARAN_DIHAPUS = "[identitas dihapus]"


def _samarkan_teks_bebas(p: Pengaduan, pola) -> int:
    """Replace every occurrence of the erased identity in the case's free text. Written with
    QuerySet.update: the case events are append-only for staff (their save() refuses a change),
    and erasure under the law is the one change they take."""
    if not pola:
        return 0
    jumlah = 0
    for model, jalur, kolom in TEKS_BEBAS:
        for baris in model.objects.filter(**{jalur: p.pk}).values("pk", *kolom):
            baru = {}
            for k in kolom:
                teks = baris[k] or ""
                for pl in pola:
                    teks = pl.sub(SAMARAN_DIHAPUS, teks)
                if teks != (baris[k] or ""):
                    baru[k] = teks
            if baru:
                model.objects.filter(pk=baris["pk"]).update(**baru)
                jumlah += 1
    return jumlah


def _hapus_identitas_pelapor(p: Pengaduan, sekarang) -> list[str]:
    hasil = []
    pelapor = Pelapor.objects.filter(pengaduan=p, dihapus_pada__isnull=True).first()
    if pelapor is not None:
        pola = pola_orang(pelapor.nama, (pelapor.nik, pelapor.telepon), pelapor.email)
        for k in HasilKlarifikasi.objects.filter(pengaduan=p, kedudukan=KedudukanKlarifikasi.PELAPOR):
            pola += pola_orang(k.pihak)
        if pelapor.alamat and len(pelapor.alamat.strip()) >= 8:
            pola.append(re.compile(re.escape(pelapor.alamat.strip()), re.IGNORECASE))
        for f in Pelapor._meta.concrete_fields:
            if f.name not in KOLOM_PELAPOR_TETAP:
                setattr(pelapor, f.attname, None if f.null else "")
        pelapor.dihapus_pada = sekarang
        pelapor.save()
        hasil.append("identitas pelapor")
        diubah = _samarkan_teks_bebas(p, pola)
        if diubah:
            hasil.append(f"identitas pelapor dalam {diubah} teks")
        # The reporter's e-mails in the outbox name their address (and the receipt's body, the
        # code): the staff's own notifications about the case stay.
        n = Notifikasi.objects.filter(pengaduan=p, penerima__isnull=True).exclude(email="")
        jumlah = n.update(email="", isi_teks="", isi_html="")
        if jumlah:
            hasil.append(f"alamat e-mail pelapor pada {jumlah} notifikasi")
    hasil += _hapus_pihak_klarifikasi(p, KedudukanKlarifikasi.PELAPOR, sekarang)
    return hasil


def _hapus_pihak_klarifikasi(p, kedudukan, sekarang) -> list[str]:
    jumlah = 0
    for k in HasilKlarifikasi.objects.filter(pengaduan=p, kedudukan=kedudukan, pihak_dihapus_pada__isnull=True):
        k.pihak = ""
        k.pihak_dihapus_pada = sekarang
        k.save(update_fields=["pihak", "pihak_dihapus_pada"])
        jumlah += 1
    return [f"nama {KedudukanKlarifikasi(kedudukan).label.lower()} pada {jumlah} hasil klarifikasi"] if jumlah else []


def _hapus_identitas_saksi(p, sekarang) -> list[str]:
    jumlah = 0
    pola = []
    for k in HasilKlarifikasi.objects.filter(pengaduan=p, kedudukan=KedudukanKlarifikasi.SAKSI):
        pola += pola_orang(k.pihak)
    for s in Saksi.objects.filter(pengaduan=p, dihapus_pada__isnull=True):
        pola += pola_orang(s.nama, (s.kontak,))
        if len(s.kontak.strip()) >= 8:
            pola.append(re.compile(re.escape(s.kontak.strip()), re.IGNORECASE))
        s.nama = s.kontak = s.keterangan = ""
        s.dihapus_pada = sekarang
        s.save()
        jumlah += 1
    hasil = [f"identitas {jumlah} saksi"] if jumlah else []
    hasil += _hapus_pihak_klarifikasi(p, KedudukanKlarifikasi.SAKSI, sekarang)
    if hasil:
        diubah = _samarkan_teks_bebas(p, pola)
        if diubah:
            hasil.append(f"identitas saksi dalam {diubah} teks")
    return hasil


def _hapus_bukti_asli(p, sekarang) -> list[str]:
    jumlah = 0
    for b in Bukti.objects.filter(pengaduan=p, berkas_dihapus_pada__isnull=True):
        _hapus_berkas(b.berkas)
        b.berkas = ""
        if b.status_thumbnail == StatusThumbnail.MENUNGGU:
            b.status_thumbnail = StatusThumbnail.IKON
        # The name the reporter's device gave the file can name them ("KTP Budi.jpg").
        b.nama_asli = f"bukti-{b.pk}{b.ekstensi}"
        b.berkas_dihapus_pada = sekarang
        b.save(update_fields=["berkas", "nama_asli", "status_thumbnail", "berkas_dihapus_pada"])
        jumlah += 1
    return [f"{jumlah} berkas bukti asli"] if jumlah else []


def _hapus_salinan(p, sekarang) -> list[str]:
    jumlah = 0
    for b in Bukti.objects.filter(pengaduan=p, salinan_dihapus_pada__isnull=True):
        _hapus_berkas(b.thumbnail)
        b.thumbnail = ""
        # "Icon": the pages draw a generic icon, and the beat's sweep of pending thumbnails
        # (bukti.thumbnail_tertunda) never makes this one again.
        b.status_thumbnail = StatusThumbnail.IKON
        s = SalinanBukti.objects.filter(bukti=b).first()
        if s is not None and (s.berkas or s.status == StatusSalinan.MENUNGGU):
            _hapus_berkas(s.berkas)
            s.berkas = ""
            # A copy still pending is not made any more (the sweep retries only pending ones).
            if s.status == StatusSalinan.MENUNGGU:
                s.status = StatusSalinan.DITAHAN
                s.galat = "Salinan tidak dibuat: dihapus sesuai aturan retensi."
            s.save(update_fields=["berkas", "status", "galat", "diperbarui"])
        b.salinan_dihapus_pada = sekarang
        b.save(update_fields=["thumbnail", "status_thumbnail", "salinan_dihapus_pada"])
        jumlah += 1
    hasil = [f"salinan dan pratinjau {jumlah} bukti"] if jumlah else []
    paket = 0
    for k in PaketRekomendasi.objects.filter(pengaduan=p, zip_dihapus_pada__isnull=True):
        _hapus_berkas(k.berkas_zip)
        k.berkas_zip = ""
        k.zip_dihapus_pada = sekarang
        k.save(update_fields=["berkas_zip", "zip_dihapus_pada"])
        paket += 1
    return hasil + ([f"ZIP salinan pada {paket} paket rekomendasi"] if paket else [])


def _hapus_berkas_baris(qs, sekarang, label: str, *, nama_berkas="nama_asli", berkas="berkas", tanda="dihapus_pada"):
    jumlah = 0
    for d in qs.filter(**{f"{tanda}__isnull": True}):
        _hapus_berkas(getattr(d, berkas))
        setattr(d, berkas, "")
        setattr(d, nama_berkas, f"{label.split()[0]}-{d.pk}{d.ekstensi}" if nama_berkas == "nama_asli" else "")
        setattr(d, tanda, sekarang)
        d.save(update_fields=[berkas, nama_berkas, tanda])
        jumlah += 1
    return [f"{jumlah} {label}"] if jumlah else []


def _hapus_dokumen(p, sekarang):
    return _hapus_berkas_baris(DokumenPengaduan.objects.filter(pengaduan=p), sekarang, "dokumen pengaduan")


def _hapus_lampiran(p, sekarang):
    return _hapus_berkas_baris(LampiranPesan.objects.filter(pesan__pengaduan=p), sekarang, "lampiran pesan")


def _hapus_dokumen_klarifikasi(p, sekarang):
    return _hapus_berkas_baris(
        HasilKlarifikasi.objects.filter(pengaduan=p).exclude(dokumen=""),
        sekarang,
        "berita acara klarifikasi",
        nama_berkas="nama_dokumen",
        berkas="dokumen",
        tanda="dokumen_dihapus_pada",
    )


PENGHAPUS = {
    J.IDENTITAS_PELAPOR: _hapus_identitas_pelapor,
    J.IDENTITAS_SAKSI: _hapus_identitas_saksi,
    J.BUKTI_ASLI: _hapus_bukti_asli,
    J.SALINAN_BUKTI: _hapus_salinan,
    J.DOKUMEN_PENGADUAN: _hapus_dokumen,
    J.LAMPIRAN_PESAN: _hapus_lampiran,
    J.DOKUMEN_KLARIFIKASI: _hapus_dokumen_klarifikasi,
}


def _hapus_satu(p: Pengaduan, aturan: list[AturanRetensi], sekarang) -> list[tuple[str, str]]:
    """Erase what of the locked, closed case `p` (with `ditutup`) is due; one audit row for it."""
    baris = []
    for a in aturan:
        if p.ditutup + datetime.timedelta(days=a.hari_setelah_ditutup) > sekarang:
            continue
        terhapus = PENGHAPUS[a.jenis](p, sekarang)
        if terhapus:
            baris.append(
                (
                    a.jenis,
                    f"Aturan retensi “{a.get_jenis_display()}” ({a.hari_setelah_ditutup} hari setelah "
                    f"ditutup): {', '.join(terhapus)}",
                )
            )
    if baris:
        catat_audit(
            aktor=None,
            aksi=Aksi.HAPUS_RETENSI,
            pengaduan=p,
            objek=f"Pengaduan #{p.pk}, ditutup {timezone.localtime(p.ditutup):%d/%m/%Y}",
            keterangan="\n".join(teks for _, teks in baris),
        )
    return baris


def hapus_kelompok(pks: list[int], aturan: list[AturanRetensi], *, sekarang=None):
    """Erase what of cases `pks` is due under the active `aturan`, in one transaction under their row
    locks, taken with SKIP LOCKED. Returns ({pk: [(kind, what was erased), ...]} for the cases that
    had something due, the number of cases skipped because another worker holds them)."""
    sekarang = sekarang or timezone.now()
    with transaction.atomic():
        terkunci = list(
            Pengaduan.objects.select_for_update(skip_locked=True)
            .filter(pk__in=pks)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        hasil = {}
        # Read again under the locks: a hold set, or a case reopened, since the batch was listed.
        for p in kasus_ditutup().filter(pk__in=terkunci, ditutup__isnull=False).exclude(tertahan()).order_by("pk"):
            baris = _hapus_satu(p, aturan, sekarang)
            if baris:
                hasil[p.pk] = baris
        return hasil, len(pks) - len(terkunci)


@dataclass
class HasilRetensi:
    kasus: int = 0
    dilewati: int = 0
    per_aturan: dict = field(default_factory=dict)


# Cases per transaction: one commit (and its fsync) per this many cases, and a run stopped half way
# loses at most this many cases' work, which the next run redoes.
KELOMPOK = 50


def jalankan(*, batas: int = 500, maks: int | None = None, sekarang=None) -> HasilRetensi:
    """Erase everything due under the active rules, in batches of `batas` cases per rule (listed by
    id, so the run moves forward even past cases another worker holds), `KELOMPOK` cases per
    transaction, at most `maks` cases."""
    sekarang = sekarang or timezone.now()
    aturan = list(AturanRetensi.objects.filter(aktif=True))
    hasil = HasilRetensi()
    for a in aturan:
        terakhir = 0
        while maks is None or hasil.kasus < maks:
            ids = list(
                jatuh_tempo(a, sampai=sekarang)
                .filter(pk__gt=terakhir)
                .order_by("pk")
                .values_list("pk", flat=True)[:batas]
            )
            if not ids:
                break
            if maks is not None:
                ids = ids[: maks - hasil.kasus]
            for i in range(0, len(ids), KELOMPOK):
                terhapus, dilewati = hapus_kelompok(ids[i : i + KELOMPOK], aturan, sekarang=sekarang)
                hasil.kasus += len(terhapus)
                hasil.dilewati += dilewati
                for baris in terhapus.values():
                    for jenis, _ in baris:
                        hasil.per_aturan[jenis] = hasil.per_aturan.get(jenis, 0) + 1
            terakhir = ids[-1]
    return hasil


# --- What will be erased ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rencana:
    aturan: AturanRetensi
    pengaduan_id: int
    nomor: str
    status: str
    ditutup: datetime.datetime
    jatuh_tempo: datetime.datetime


def rencana(*, hari: int = 30, sekarang=None) -> Iterator[Rencana]:
    """What the job will erase in the next `hari` days (and what is already due), per active rule,
    oldest first; cases under a hold are left out."""
    sekarang = sekarang or timezone.now()
    sampai = sekarang + datetime.timedelta(days=hari)
    for a in AturanRetensi.objects.filter(aktif=True):
        for p in jatuh_tempo(a, sampai=sampai).order_by("ditutup", "pk").only("pk", "nomor_registrasi", "status"):
            yield Rencana(
                aturan=a,
                pengaduan_id=p.pk,
                nomor=p.nomor_registrasi or f"#{p.pk}",
                status=p.get_status_display(),
                ditutup=p.ditutup,
                jatuh_tempo=p.ditutup + datetime.timedelta(days=a.hari_setelah_ditutup),
            )


# --- Legal hold ---------------------------------------------------------------------------------------


def tahanan_berlaku(p: Pengaduan) -> TahananHukum | None:
    return TahananHukum.objects.filter(pengaduan=p, dilepas_pada__isnull=True).select_related("dipasang_oleh").first()


@transaction.atomic
def pasang_tahanan(*, pengaduan: Pengaduan, oleh, alasan: str) -> TahananHukum:
    alasan = (alasan or "").strip()
    if not alasan:
        raise PenahananDitolak("Alasan penahanan hukum wajib diisi.")
    p = Pengaduan.objects.select_for_update().get(pk=pengaduan.pk)
    if tahanan_berlaku(p) is not None:
        raise PenahananDitolak("Pengaduan ini sudah dalam penahanan hukum.")
    t = TahananHukum.objects.create(pengaduan=p, alasan=alasan, dipasang_oleh=oleh)
    catat_audit(aktor=oleh, aksi=Aksi.PASANG_TAHANAN_HUKUM, pengaduan=p, objek=f"Pengaduan #{p.pk}", keterangan=alasan)
    return t


@transaction.atomic
def lepas_tahanan(*, pengaduan: Pengaduan, oleh, alasan: str) -> TahananHukum:
    alasan = (alasan or "").strip()
    if not alasan:
        raise PenahananDitolak("Alasan pencabutan penahanan hukum wajib diisi.")
    Pengaduan.objects.select_for_update().get(pk=pengaduan.pk)
    t = TahananHukum.objects.select_for_update().filter(pengaduan=pengaduan, dilepas_pada__isnull=True).first()
    if t is None:
        raise PenahananDitolak("Pengaduan ini tidak sedang dalam penahanan hukum.")
    t.dilepas_oleh, t.dilepas_pada, t.alasan_dilepas = oleh, timezone.now(), alasan
    t.save(update_fields=["dilepas_oleh", "dilepas_pada", "alasan_dilepas"])
    catat_audit(
        aktor=oleh,
        aksi=Aksi.LEPAS_TAHANAN_HUKUM,
        pengaduan=pengaduan,
        objek=f"Pengaduan #{pengaduan.pk}",
        keterangan=alasan,
    )
    return t
