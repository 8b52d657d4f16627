"""Bawaslu's triage in the admin, apart from status changes (`pengaduan.transisi`): notes, the
assignment, the kajian awal checklist, duplicates, the terlapor's agencies, a deadline extension.
Each is atomic and leaves an internal note and an audit row where it changes the case."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from netralitas import berkas as cek_berkas
from netralitas.audit.models import Aksi
from netralitas.audit.services import catat_audit

from .. import transisi, workflow
from ..models import (
    STATUS_TERMINAL,
    ArahPesan,
    CaraPemberitahuan,
    CatatanPengaduan,
    HasilKlarifikasi,
    KajianAwal,
    KedudukanKlarifikasi,
    LangkahTenggat,
    PemberitahuanStatus,
    Pengaduan,
    Pesan,
    Status,
    Sumber,
    Terlapor,
)
from ..notifikasi import antrekan_notifikasi, beri_tahu_staf, buat_notifikasi
from ..selectors import menangani, peran_pengguna, pesan_belum_dibaca, staf_lingkup_pengaduan
from ..tenggat import perpanjang, tenggat_langkah


def tambah_catatan(*, pengaduan: Pengaduan, oleh, teks: str, publik: bool = False) -> CatatanPengaduan | Pesan:
    """Internal notes stay with Bawaslu. A note written, deliberately, to the reporter (`publik`)
    is a message to the reporter (`kirim_pesan_ke_pelapor`): there is one notion of it, the
    conversation's. Internal unless the caller says otherwise (DESIGN.md §3). The Panwascam of the
    incident's kecamatan, which sees the case without handling it, writes internal notes only.
    Each note is in the audit log."""
    if publik:
        return kirim_pesan_ke_pelapor(pengaduan=pengaduan, oleh=oleh, teks=teks)
    teks = (teks or "").strip()
    if not teks:
        raise transisi.TransisiDitolak("Catatan tidak boleh kosong.")
    with transaction.atomic():
        c = CatatanPengaduan.objects.create(pengaduan=pengaduan, penulis=oleh, teks=teks)
        if oleh is not None:
            catat_audit(
                aktor=oleh,
                aksi=Aksi.UBAH_PENGADUAN,
                pengaduan=pengaduan,
                objek=f"Catatan #{c.pk}",
                keterangan="Catatan internal ditambahkan.",
            )
    return c


@transaction.atomic
def catat_klarifikasi(
    *,
    pengaduan: Pengaduan,
    oleh,
    pihak: str,
    kedudukan: str,
    tanggal,
    ringkasan: str,
    tempat: str = "",
    dokumen=None,
) -> HasilKlarifikasi:
    """Record a clarification's result, by the handling office or by the Panwascam of the
    incident's kecamatan (whoever sees the case): internal to Bawaslu. The document, if any, passes
    the evidence checks and keeps its SHA-256. The case's timeline gets an internal note saying who
    was heard and by which office, and the audit log a row."""
    pihak = " ".join((pihak or "").split())
    ringkasan = (ringkasan or "").strip()
    if not pihak or not ringkasan:
        raise transisi.TransisiDitolak("Nama pihak yang diklarifikasi dan ringkasan keterangannya wajib diisi.")
    if kedudukan not in KedudukanKlarifikasi.values:
        raise transisi.TransisiDitolak("Pilih kedudukan pihak yang diklarifikasi.")
    if tanggal > timezone.localdate():
        raise transisi.TransisiDitolak("Tanggal klarifikasi tidak boleh di masa depan.")
    k = HasilKlarifikasi(
        pengaduan=pengaduan,
        pihak=pihak[:150],
        kedudukan=kedudukan,
        tanggal=tanggal,
        tempat=" ".join((tempat or "").split())[:200],
        ringkasan=ringkasan,
        dicatat_oleh=oleh,
        peran_pencatat=peran_pengguna(oleh) or "",
    )
    if dokumen:
        try:
            hasil = cek_berkas.periksa_berkas(dokumen)
        except ValidationError as e:
            raise transisi.TransisiDitolak(" ".join(e.messages)) from None
        k.nama_dokumen = cek_berkas.nama_tampilan(getattr(dokumen, "name", ""))[:200]
        k.mime, k.ekstensi, k.ukuran = hasil.mime, hasil.ekstensi, dokumen.size
        k.sha256 = cek_berkas.sha256_berkas(dokumen)
        dokumen.seek(0)
        k.dokumen.save(f"klarifikasi{hasil.ekstensi}", dokumen, save=False)
    k.save()
    peran = workflow.LABEL_AKTOR.get(k.peran_pencatat, "Petugas")
    wilayah = getattr(getattr(oleh, "profil_staf", None), "wilayah", None)
    kantor = f"{peran}, {wilayah.nama_lengkap}" if wilayah else peran
    teks = (
        f"Hasil klarifikasi dicatat ({kantor}): {KedudukanKlarifikasi(kedudukan).label.lower()} "
        f"{pihak}, {date_format(tanggal, 'j F Y')}" + (" (dengan berita acara)." if k.dokumen else ".")
    )
    CatatanPengaduan.objects.create(pengaduan=pengaduan, penulis=oleh, teks=teks[:4000])
    # The audit log is append-only and outlives the retention period: it names a reporter or a
    # witness heard by their capacity only, so erasing their identity (pengaduan.retensi) leaves no
    # copy of it there. The case's note above is erased with the identity.
    if kedudukan in (KedudukanKlarifikasi.PELAPOR, KedudukanKlarifikasi.SAKSI):
        teks = teks.replace(f" {pihak},", ",", 1)
    catat_audit(
        aktor=oleh, aksi=Aksi.UBAH_PENGADUAN, pengaduan=pengaduan, objek=f"Hasil klarifikasi #{k.pk}", keterangan=teks
    )
    return k


@transaction.atomic
def kirim_pesan_ke_pelapor(*, pengaduan: Pengaduan, oleh, teks: str) -> Pesan:
    """A message to the reporter: read word for word on /lacak/, in the conversation. The reporter
    who gave an e-mail is told that a message is waiting (the e-mail carries no case details and
    not the message). Until the case is closed; a closed case is told through its status."""
    teks = (teks or "").strip()
    if not teks:
        raise transisi.TransisiDitolak("Pesan untuk pelapor tidak boleh kosong.")
    if oleh is not None and not menangani(oleh, pengaduan):
        raise transisi.TransisiDitolak("Hanya kantor penanganan yang dapat menulis pesan untuk pelapor.")
    p = transisi.kunci_pengaduan(pengaduan)
    if p.status in STATUS_TERMINAL:
        raise transisi.TransisiDitolak(
            "Pengaduan ini sudah ditutup; pelapor tidak dapat membalas. Sampaikan pesan penutup lewat perubahan status."
        )
    if p.dicabut_pelapor:
        raise transisi.TransisiDitolak(PESAN_DICABUT_PELAPOR)
    pesan = Pesan.objects.create(pengaduan=p, arah=ArahPesan.KEPADA_PELAPOR, teks=teks, penulis=oleh)
    catat_audit(aktor=oleh, aksi=Aksi.KIRIM_PESAN, pengaduan=p, objek=f"Pesan #{pesan.pk}")
    email = getattr(getattr(p, "pelapor", None), "email", "") if p.sumber == Sumber.LAPORAN else ""
    if email:
        buat_notifikasi(
            pengaduan=p, email=email, jenis="pesan_bawaslu", template="pesan_bawaslu", konteks={"pengaduan": p}
        )
    return pesan


@transaction.atomic
def tandai_pesan_dibaca(*, pengaduan: Pengaduan, oleh) -> int:
    """The reporter's unread messages of a case, read now by `oleh` (who opened the case page).
    Returns how many; each reading is in the audit log."""
    n = pesan_belum_dibaca().filter(pengaduan=pengaduan).update(dibaca_pada=timezone.now(), dibaca_oleh=oleh)
    if n:
        catat_audit(aktor=oleh, aksi=Aksi.BACA_PESAN, pengaduan=pengaduan, keterangan=f"{n} pesan pelapor dibaca.")
    return n


PESAN_DICABUT_PELAPOR = (
    "Pelapor telah mencabut laporan ini. Tindak lanjutnya sebagai informasi awal bersifat internal: "
    "pelapor tidak lagi diberi tahu."
)


@transaction.atomic
def catat_pemberitahuan_perbaikan(
    *, pengaduan: Pengaduan, oleh, cara: str, waktu, keterangan: str = "", versi: int | None = None
) -> Pengaduan:
    """The reporter was told, through a channel outside the portal (the reporter gave no e-mail),
    to complete the report: the notice step (LangkahTenggat.PEMBERITAHUAN_PERBAIKAN) is done at
    `waktu`, and the reporter's window (PERBAIKAN) runs from that day. Internal note and audit row."""
    p = transisi.kunci_pengaduan(pengaduan, versi)
    if p.status != Status.PERLU_PERBAIKAN:
        raise transisi.TransisiDitolak(
            "Pemberitahuan perbaikan hanya dicatat selama pengaduan berstatus perlu perbaikan."
        )
    if p.perbaikan_diberitahu is not None:
        raise transisi.TransisiDitolak("Pemberitahuan perbaikan untuk permintaan ini sudah tercatat.")
    if cara not in CaraPemberitahuan.values or cara == CaraPemberitahuan.EMAIL_SISTEM:
        raise transisi.TransisiDitolak("Pilih cara pemberitahuan.")
    diminta = (
        p.peristiwa.filter(ke_status=Status.PERLU_PERBAIKAN)
        .order_by("-waktu", "-id")
        .values_list("waktu", flat=True)
        .first()
    )
    if waktu > timezone.now():
        raise transisi.TransisiDitolak("Waktu pemberitahuan tidak boleh di masa depan.")
    if diminta is not None and waktu < diminta:
        raise transisi.TransisiDitolak("Waktu pemberitahuan tidak boleh sebelum permintaan perbaikan dibuat.")
    p.perbaikan_diberitahu, p.cara_pemberitahuan_perbaikan = waktu, cara
    p.tenggat = tenggat_langkah(p.jenis_pemilihan, LangkahTenggat.PERBAIKAN, timezone.localdate(waktu))
    p.tenggat_diperpanjang = False
    p.versi += 1
    p.save(
        update_fields=[
            "perbaikan_diberitahu",
            "cara_pemberitahuan_perbaikan",
            "tenggat",
            "tenggat_diperpanjang",
            "versi",
            "diperbarui",
        ]
    )
    teks = (
        f"Pelapor diberi tahu untuk melengkapi laporan ({CaraPemberitahuan(cara).label.lower()}, "
        f"{date_format(timezone.localtime(waktu), 'j F Y H.i')})."
        + (f" {keterangan.strip()}" if keterangan.strip() else "")
        + (f" Batas melengkapi: {date_format(p.tenggat, 'j F Y')}." if p.tenggat else "")
    )
    CatatanPengaduan.objects.create(pengaduan=p, penulis=oleh, teks=teks[:4000])
    catat_audit(aktor=oleh, aksi=Aksi.UBAH_PENGADUAN, pengaduan=p, keterangan=teks[:4000])
    for field in ("perbaikan_diberitahu", "cara_pemberitahuan_perbaikan", "tenggat", "tenggat_diperpanjang", "versi"):
        setattr(pengaduan, field, getattr(p, field))
    return p


@transaction.atomic
def tugaskan(*, pengaduan: Pengaduan, kepada, oleh) -> Pengaduan:
    """Assign a case to a Bawaslu staff member whose scope covers it (or unassign with None). The
    assignee is told (in the admin and by e-mail), unless they assigned it to themselves or
    already held it."""
    if kepada is not None and not staf_lingkup_pengaduan(pengaduan).filter(pk=kepada.pk).exists():
        raise transisi.TransisiDitolak("Petugas itu tidak bertugas di wilayah pengaduan ini.")
    sebelumnya = Pengaduan.objects.filter(pk=pengaduan.pk).values_list("ditugaskan_id", flat=True).first()
    teks = f"Ditugaskan kepada {kepada.get_full_name() or kepada.username}." if kepada else "Penugasan dicabut."
    p = transisi.ubah_pengaduan(pengaduan=pengaduan, oleh=oleh, teks=teks, ditugaskan=kepada)
    if kepada is not None and kepada.pk not in (sebelumnya, getattr(oleh, "pk", None)) and kepada.email:
        antrekan_notifikasi(
            beri_tahu_staf(p, [(kepada.pk, kepada.email)], jenis="penugasan", judul="Pengaduan ditugaskan kepada Anda")
        )
    return p


@transaction.atomic
def simpan_kajian_awal(*, pengaduan: Pengaduan, oleh, **syarat) -> KajianAwal:
    """Record the formal and material requirements checklist of the kajian awal."""
    if pengaduan.status not in (Status.KAJIAN_AWAL, Status.DIAJUKAN, Status.DILIMPAHKAN):
        raise transisi.TransisiDitolak("Daftar periksa kajian awal hanya diisi selama kajian awal.")
    bidang = set(KajianAwal.SYARAT_FORMAL + KajianAwal.SYARAT_MATERIIL) | {"catatan"}
    k, _ = KajianAwal.objects.get_or_create(pengaduan=pengaduan)
    for nama, nilai in syarat.items():
        if nama in bidang:
            setattr(k, nama, nilai)
    k.diperiksa_oleh = oleh
    k.save()
    return k


@transaction.atomic
def tandai_duplikat(*, pengaduan: Pengaduan, asli: Pengaduan | None, oleh) -> Pengaduan:
    """Link a case to the original it repeats (or unlink with None). Never deletes anything."""
    if asli is not None:
        while asli.duplikat_dari_id:  # always point at the root, never at another duplicate
            asli = asli.duplikat_dari
        if asli.pk == pengaduan.pk:
            raise transisi.TransisiDitolak("Pengaduan tidak dapat menjadi duplikat dari dirinya sendiri.")
    teks = f"Ditandai sebagai duplikat dari pengaduan #{asli.pk}." if asli else "Tanda duplikat dicabut."
    return transisi.ubah_pengaduan(pengaduan=pengaduan, oleh=oleh, teks=teks, duplikat_dari=asli)


@transaction.atomic
def tetapkan_instansi(*, pengaduan: Pengaduan, pilihan: dict, oleh) -> Pengaduan:
    """Resolve each terlapor's free-text agency to an Instansi ({terlapor id: Instansi or None}):
    the agency a recommendation goes to. Only the case's own terlapor; an inactive agency only
    when it is already the one set."""
    transisi.kunci_pengaduan(pengaduan)  # the case first, as every change of it
    terlapor = {t.pk: t for t in pengaduan.terlapor.select_related("instansi")}
    diubah = []
    for pk, instansi in pilihan.items():
        t = terlapor.get(pk)
        if t is None:
            raise transisi.TransisiDitolak("Terlapor itu bukan bagian dari pengaduan ini.")
        if instansi is not None and not instansi.aktif and instansi.pk != t.instansi_id:
            raise transisi.TransisiDitolak(f"{instansi} tidak aktif lagi; pilih instansi lain.")
        if t.instansi_id != (instansi.pk if instansi else None):
            t.instansi = instansi
            diubah.append(t)
    if not diubah:
        raise transisi.TransisiDitolak("Tidak ada yang berubah.")
    Terlapor.objects.bulk_update(diubah, ["instansi"])
    teks = "Instansi terlapor ditetapkan: " + "; ".join(
        f"{t.nama} → {t.instansi.nama if t.instansi else '(belum ditetapkan)'}" for t in diubah
    )
    return transisi.ubah_pengaduan(pengaduan=pengaduan, oleh=oleh, teks=teks[:4000])


@transaction.atomic
def perpanjang_tenggat(*, pengaduan: Pengaduan, oleh, alasan: str, versi: int | None = None) -> Pengaduan:
    """Extend the running step's deadline once, by the rule's extension (handling after registration)."""
    p = transisi.kunci_pengaduan(pengaduan, versi)
    langkah = transisi.langkah_berjalan(p)
    baru = perpanjang(p.jenis_pemilihan, langkah, p.tenggat) if langkah else None
    if baru is None:
        raise transisi.TransisiDitolak("Tenggat langkah ini tidak dapat diperpanjang.")
    if p.tenggat_diperpanjang:
        raise transisi.TransisiDitolak("Tenggat langkah ini sudah pernah diperpanjang.")
    if not (alasan or "").strip():
        raise transisi.TransisiDitolak("Alasan perpanjangan wajib diisi.")
    lama, p.tenggat = p.tenggat, baru
    p.tenggat_diperpanjang = True
    p.versi += 1
    p.save(update_fields=["tenggat", "tenggat_diperpanjang", "versi", "diperbarui"])
    CatatanPengaduan.objects.create(
        pengaduan=p,
        penulis=oleh,
        teks=f"Tenggat diperpanjang dari {lama:%d/%m/%Y} menjadi {p.tenggat:%d/%m/%Y}. {alasan.strip()}",
    )
    pengaduan.tenggat, pengaduan.tenggat_diperpanjang, pengaduan.versi = p.tenggat, True, p.versi
    return p


# A second click on "send" within this time, for the same status, sends nothing more.
JEDA_PEMBERITAHUAN_GANDA = timezone.timedelta(minutes=2)


@transaction.atomic
def kirim_pemberitahuan_status(*, pengaduan: Pengaduan, oleh) -> PemberitahuanStatus:
    """Send the reporter the notice of the case's current status: /lacak/ offers it as a PDF from
    now on (drawn from the case on request, from what the reporter's page reads), the reporter's
    timeline says it was sent, and, only when the reporter gave an e-mail address, an e-mail with no
    case details says a notice is waiting. Audited. A double click sends it once."""
    p = transisi.kunci_pengaduan(pengaduan)
    if p.dicabut_pelapor:
        raise transisi.TransisiDitolak(PESAN_DICABUT_PELAPOR)
    terakhir = PemberitahuanStatus.objects.filter(pengaduan=p).order_by("-dikirim_pada", "-id").first()
    if (
        terakhir is not None
        and terakhir.status == p.status
        and terakhir.dikirim_pada > timezone.now() - JEDA_PEMBERITAHUAN_GANDA
    ):
        return terakhir
    pelapor = getattr(p, "pelapor", None) if p.sumber == Sumber.LAPORAN else None
    email = pelapor.email if pelapor is not None else ""
    n = PemberitahuanStatus.objects.create(pengaduan=p, status=p.status, dikirim_oleh=oleh, surel=bool(email))
    if email:
        buat_notifikasi(
            pengaduan=p,
            email=email,
            jenis="pemberitahuan_status",
            template="pemberitahuan_status",
            konteks={"pengaduan": p},
        )
    catat_audit(
        aktor=oleh,
        aksi=Aksi.UBAH_PENGADUAN,
        pengaduan=p,
        objek=f"Pengaduan #{p.pk}",
        keterangan=f"Pemberitahuan status laporan dikirim ke pelapor (status: {Status(p.status).label}"
        + ("; e-mail tanpa rincian perkara)." if email else "; tanpa e-mail)."),
    )
    return n
