"""The one door for status changes, and the case's timeline.

A status change always takes the same four steps, in one transaction, and each action reads them
top to bottom:

1. `kunci_pengaduan`: the case row is locked and the version the caller's page was drawn from is
   checked (a stale page is refused, never obeyed);
2. `periksa`: the workflow table allows this change to this role, with the reason and the message
   to the reporter it requires;
3. the action's own record, written by the action itself (a recommendation, an examination, a
   sanction: `tindak_lanjut.services`);
4. `pindahkan`: the registration number, the new deadline, the case event and the reporter's notice.

`ubah_status` is steps 1, 2 and 4 for the changes that carry nothing but a reason and a message;
`limpahkan` hands a case to another office. A change of the case that is not a status change
(assignment, duplicates, agencies, a released file) goes through `ubah_pengaduan`.

Staff text has an audience (DESIGN.md §3): `alasan` is internal, for Bawaslu only; the reporter
reads the public status label and `pesan_pelapor`, word for word, and nothing else."""

from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone

from netralitas.audit.models import Aksi
from netralitas.audit.services import catat_audit
from netralitas.wilayah.models import Wilayah

from . import notifikasi, workflow
from .kantor import TINGKAT_KANTOR_WILAYAH, URUTAN_TINGKAT
from .models import (
    CaraPemberitahuan,
    CatatanPengaduan,
    JenisPemilihan,
    JenisRegistrasi,
    LangkahTenggat,
    Pengaduan,
    PeristiwaPengaduan,
    Status,
    Sumber,
    TingkatKantor,
    UrutanRegistrasi,
)
from .selectors import penerima_kantor_penanganan
from .tenggat import tenggat_langkah


class TransisiDitolak(Exception):
    """A change the workflow table does not allow, or one missing what it requires; the message is
    shown to the staff member as it is."""


class KonflikVersi(TransisiDitolak):
    """The case changed since the caller's page was drawn: nothing is overwritten silently."""


# --- The four steps ----------------------------------------------------------------------------------


def kunci_pengaduan(pengaduan: Pengaduan, versi: int | None = None) -> Pengaduan:
    """Step 1: the case row, locked until the transaction ends, at the version the caller saw."""
    p = Pengaduan.objects.select_for_update().get(pk=pengaduan.pk)
    if versi is not None and p.versi != versi:
        raise KonflikVersi(
            "Pengaduan ini baru saja diubah oleh petugas lain (kini berstatus "
            f"“{Status(p.status).label}”). Periksa keadaan terbarunya, lalu ulangi bila masih perlu."
        )
    return p


@dataclass(frozen=True)
class Perubahan:
    """A status change the workflow allows, checked (step 2): what `pindahkan` applies."""

    ke: str
    peran: str
    alasan: str
    pesan_pelapor: str
    publik: bool


def periksa(p: Pengaduan, ke: str, *, peran: str, alasan: str = "", pesan_pelapor: str = "") -> Perubahan:
    """Step 2: the workflow table allows `p` to go to `ke` for `peran`, with the internal reason
    the law requires and the message a request to the reporter requires."""
    t = workflow.transisi(p.status, ke)
    if t is None or peran not in t.oleh:
        raise TransisiDitolak(
            f"Perubahan dari “{Status(p.status).label}” ke “{Status(ke).label}” tidak diizinkan untuk peran ini."
        )
    alasan = (alasan or "").strip()
    pesan_pelapor = (pesan_pelapor or "").strip()
    if t.alasan_wajib and not alasan:
        raise TransisiDitolak(f"Alasan wajib diisi untuk perubahan ke “{Status(ke).label}”.")
    if t.pesan_wajib and not pesan_pelapor:
        raise TransisiDitolak(
            f"Pesan untuk pelapor wajib diisi untuk perubahan ke “{Status(ke).label}”: "
            "tuliskan apa yang harus dilengkapi pelapor."
        )
    if pesan_pelapor and not t.publik:
        raise TransisiDitolak(
            "Perubahan ini tidak terlihat oleh pelapor, jadi tidak dapat membawa pesan untuk pelapor."
        )
    return Perubahan(ke=ke, peran=peran, alasan=alasan, pesan_pelapor=pesan_pelapor, publik=t.publik)


def pindahkan(
    p: Pengaduan, perubahan: Perubahan, *, oleh=None, kolom=(), salin_ke: Pengaduan | None = None
) -> Pengaduan:
    """Step 4, on the locked row `p`: what the new status needs (a registration number), the new
    deadline, the case event and, on commit, the reporter's notice. `kolom` names the other fields
    the caller changed on `p` (a new office); `salin_ke` is the caller's own instance, brought up to
    date so its page shows the change."""
    dari, ke = p.status, perubahan.ke
    diubah = {"status", "tenggat", "tenggat_diperpanjang", "versi", "diperbarui", *kolom}
    # After a withdrawal the case is no longer the reporter's: what Bawaslu does with its content as
    # informasi awal is internal, so no later change is shown or sent to them.
    publik = perubahan.publik and not p.dicabut_pelapor
    if ke == Status.DICABUT:
        p.dicabut_pelapor = True
        diubah.add("dicabut_pelapor")
    if ke == Status.PERLU_PERBAIKAN:
        # The notice of the request is a step of its own (LangkahTenggat.PEMBERITAHUAN_PERBAIKAN).
        # The portal's e-mail, written in this transaction, is that notice when the reporter gave an
        # address; otherwise it is owed, and staff record it once given (catat_pemberitahuan_perbaikan).
        diberitahu = bool(publik and email_pelapor(p))
        p.perbaikan_diberitahu = timezone.now() if diberitahu else None
        p.cara_pemberitahuan_perbaikan = CaraPemberitahuan.EMAIL_SISTEM if diberitahu else ""
        diubah |= {"perbaikan_diberitahu", "cara_pemberitahuan_perbaikan"}
    if ke == Status.DIREGISTRASI:
        if dari == Status.INFORMASI_AWAL:
            p.sumber = Sumber.TEMUAN  # an anonymous tip is registered as the supervisor's own finding
            diubah.add("sumber")
        p.nomor_registrasi = _nomor_registrasi(p)
        diubah.add("nomor_registrasi")
    p.status = ke
    p.versi += 1
    if (dari, ke) not in workflow.TENGGAT_BERLANJUT:
        p.tenggat = tenggat_status(p, ke)
        p.tenggat_diperpanjang = False
    p.save(update_fields=diubah)
    PeristiwaPengaduan.objects.create(
        pengaduan=p,
        dari_status=dari,
        ke_status=ke,
        aktor=oleh,
        peran_aktor=perubahan.peran,
        alasan=perubahan.alasan,
        pesan_pelapor=perubahan.pesan_pelapor,
        publik=publik,
    )
    if publik and perubahan.peran != workflow.Aktor.PELAPOR:
        _beri_tahu_pelapor(p)
    if salin_ke is not None:
        for field in (
            "status",
            "tenggat",
            "tenggat_diperpanjang",
            "versi",
            "sumber",
            "nomor_registrasi",
            "dicabut_pelapor",
            "perbaikan_diberitahu",
            "cara_pemberitahuan_perbaikan",
        ):
            setattr(salin_ke, field, getattr(p, field))
        salin_ke.kantor_tingkat, salin_ke.kantor_wilayah_id = p.kantor_tingkat, p.kantor_wilayah_id
    return p


def langkah_berjalan(p: Pengaduan, status: str | None = None) -> str | None:
    """The deadline step case `p` runs in `status` (default: its own): a finding before its
    registration runs the temuan step; a completion request whose notice is still owed runs the
    notice step; otherwise workflow.LANGKAH_TENGGAT."""
    status = status or p.status
    if p.sumber == Sumber.TEMUAN and status in workflow.STATUS_TENGGAT_TEMUAN:
        return LangkahTenggat.TEMUAN
    if status == Status.PERLU_PERBAIKAN and p.perbaikan_diberitahu is None:
        return LangkahTenggat.PEMBERITAHUAN_PERBAIKAN
    return workflow.LANGKAH_TENGGAT.get(status)


def tenggat_status(p: Pengaduan, ke: str, hari_ini=None):
    """The deadline of the step status `ke` starts (`langkah_berjalan`), counted from today; for a
    finding before its registration, the temuan step counted from the day it was found."""
    langkah = langkah_berjalan(p, ke)
    if langkah == LangkahTenggat.TEMUAN and p.sumber == Sumber.TEMUAN:
        return tenggat_langkah(p.jenis_pemilihan, LangkahTenggat.TEMUAN, p.tanggal_diketahui)
    return tenggat_langkah(p.jenis_pemilihan, langkah, hari_ini or timezone.localdate()) if langkah else None


def email_pelapor(p: Pengaduan) -> str:
    return getattr(getattr(p, "pelapor", None), "email", "") if p.sumber == Sumber.LAPORAN else ""


def _beri_tahu_pelapor(p: Pengaduan) -> None:
    """The e-mail carries neither the reason nor the message: only that something changed (or, for
    a completion request, that one was made and by when), and the way to /lacak/."""
    email = email_pelapor(p)
    if email:
        template = "permintaan_perbaikan" if p.status == Status.PERLU_PERBAIKAN else "status_berubah"
        notifikasi.buat_notifikasi(
            pengaduan=p, email=email, jenis=template, template=template, konteks={"pengaduan": p}
        )


# --- The changes that carry nothing but themselves ------------------------------------------------


@transaction.atomic
def ubah_status(
    *,
    pengaduan: Pengaduan,
    ke: str,
    peran: str,
    oleh=None,
    alasan: str = "",
    pesan_pelapor: str = "",
    versi: int | None = None,
) -> Pengaduan:
    """A status change with a reason and a message only. The statuses that need a record (a
    recommendation, a sanction) have their own actions, and so has a hand-over (`limpahkan`)."""
    p = kunci_pengaduan(pengaduan, versi)
    perubahan = periksa(p, ke, peran=peran, alasan=alasan, pesan_pelapor=pesan_pelapor)
    if ke in workflow.STATUS_DENGAN_CATATAN:
        # Forwarded means a recommendation went out, a sanction means an SK: never a bare change.
        raise TransisiDitolak(f"“{Status(ke).label}” dicatat lewat formulirnya sendiri, dengan berkas dan isiannya.")
    if ke == Status.DILIMPAHKAN:
        raise TransisiDitolak("Pilih kantor tujuan pelimpahan.")
    if p.status == Status.DICABUT and p.nomor_registrasi:
        # Perbawaslu 7/2022: only a report withdrawn before registration is kept as informasi awal.
        raise TransisiDitolak("Hanya laporan yang dicabut sebelum diregistrasi yang dapat dijadikan informasi awal.")
    dari = p.status
    p = pindahkan(p, perubahan, oleh=oleh, salin_ke=pengaduan)
    if dari == Status.DICABUT:
        # Keeping a withdrawn report is a decision about the reporter's own words: in the audit log
        # too, with its reason, beside the (internal) timeline entry.
        catat_audit(
            aktor=oleh,
            aksi=Aksi.UBAH_PENGADUAN,
            pengaduan=p,
            objek="Laporan dicabut disimpan sebagai informasi awal",
            keterangan=perubahan.alasan,
        )
    return p


@transaction.atomic
def limpahkan(
    *,
    pengaduan: Pengaduan,
    peran: str,
    oleh,
    tingkat: str | None,
    kantor_tujuan: Wilayah | None,
    alasan: str,
    pesan_pelapor: str = "",
    versi: int | None = None,
) -> Pengaduan:
    """Hand a case to the office one level up or down; the incident's place stays. The internal
    reason says from which office to which."""
    p = kunci_pengaduan(pengaduan, versi)
    perubahan = periksa(p, Status.DILIMPAHKAN, peran=peran, alasan=alasan, pesan_pelapor=pesan_pelapor)
    asal = nama_kantor(p.kantor_tingkat, p.kantor_wilayah)
    i = URUTAN_TINGKAT.index(p.kantor_tingkat)
    if tingkat not in URUTAN_TINGKAT or abs(URUTAN_TINGKAT.index(tingkat) - i) != 1:
        raise TransisiDitolak("Pelimpahan hanya ke kantor satu tingkat di atas atau di bawah kantor sekarang.")
    if tingkat == TingkatKantor.RI:
        kantor_tujuan = None
    elif kantor_tujuan is None or kantor_tujuan.tingkat != TINGKAT_KANTOR_WILAYAH[tingkat]:
        raise TransisiDitolak("Pilih wilayah kantor tujuan pada tingkat yang sesuai.")
    elif URUTAN_TINGKAT.index(tingkat) > i:
        # Up: the office whose region contains the current one.
        if not (p.kantor_wilayah_id or "").startswith(kantor_tujuan.kode):
            raise TransisiDitolak("Kantor tujuan harus kantor atasan langsung dari kantor sekarang.")
    elif p.kantor_wilayah_id and not kantor_tujuan.kode.startswith(p.kantor_wilayah_id + "."):
        raise TransisiDitolak("Kantor tujuan harus berada di wilayah kantor sekarang.")
    p.kantor_tingkat, p.kantor_wilayah = tingkat, kantor_tujuan
    tujuan = nama_kantor(tingkat, kantor_tujuan)
    alasan_lengkap = f"Dilimpahkan dari {asal} ke {tujuan}. {perubahan.alasan}".strip()
    p = pindahkan(
        p,
        replace(perubahan, alasan=alasan_lengkap),
        oleh=oleh,
        kolom=("kantor_tingkat", "kantor_wilayah"),
        salin_ke=pengaduan,
    )
    # The receiving office now handles the case: its staff are told, as of a new one.
    notifikasi.antrekan_notifikasi(
        notifikasi.beri_tahu_staf(
            p,
            [(pk, email) for pk, email in penerima_kantor_penanganan(p) if pk != getattr(oleh, "pk", None)],
            jenis="pelimpahan",
            judul=f"Pengaduan dilimpahkan ke {tujuan}",
        )
    )
    return p


# --- Offices and registration numbers ------------------------------------------------------------


def kantor_tujuan_sah(p: Pengaduan) -> list[tuple[str, str | None]]:
    """Where a case may be handed: the office one level up (the parent region's), or one level down
    (an office inside the current one's region). Returns (tingkat, kode or None for RI) for 'up';
    'down' targets are any child region of the right level and are checked by `limpahkan`."""
    i = URUTAN_TINGKAT.index(p.kantor_tingkat)
    if i + 1 >= len(URUTAN_TINGKAT):
        return []
    naik = URUTAN_TINGKAT[i + 1]
    kode = p.kantor_wilayah_id or ""
    return [(naik, {TingkatKantor.KABKOTA: kode[:5], TingkatKantor.PROVINSI: kode[:2]}.get(naik))]


def nama_kantor(tingkat: str, wilayah) -> str:
    if tingkat == TingkatKantor.RI or wilayah is None:
        return "Bawaslu RI"
    return f"{TingkatKantor(tingkat).label} {wilayah.nama}"


BULAN_ROMAWI = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


SINGKATAN_TINGKAT = {
    TingkatKantor.PANWASCAM: "Kec",
    TingkatKantor.KABKOTA: "Kab",
    TingkatKantor.PROVINSI: "Prov",
    TingkatKantor.RI: "RI",
}


def _nomor_registrasi(p: Pengaduan) -> str:
    """`{no}/Reg/{LP|TM}/{PL|PB}/{Kab|Prov|RI}/{kode wilayah}/{bulan romawi}/{tahun}`; the number
    runs per office and year. The counter row is locked for the rest of the transaction, so two
    registrations at once get consecutive numbers and a rolled-back one leaves no gap."""
    hari_ini = timezone.localdate()
    kode = p.kantor_wilayah_id or ""
    # Reports and findings are numbered each in their own series (LP and TM).
    jenis = JenisRegistrasi.TEMUAN if p.sumber == Sumber.TEMUAN else JenisRegistrasi.LAPORAN
    kunci = {"kantor_tingkat": p.kantor_tingkat, "kantor_kode": kode, "tahun": hari_ini.year, "jenis": jenis}
    UrutanRegistrasi.objects.bulk_create([UrutanRegistrasi(**kunci)], ignore_conflicts=True)
    urutan = UrutanRegistrasi.objects.select_for_update().get(**kunci)
    urutan.terakhir += 1
    urutan.save(update_fields=["terakhir"])
    pemilihan = "PL" if p.jenis_pemilihan == JenisPemilihan.PEMILU else "PB"
    return "/".join(
        [
            f"{urutan.terakhir:03d}",
            "Reg",
            str(jenis),
            pemilihan,
            SINGKATAN_TINGKAT[p.kantor_tingkat],
            kode or "00",
            BULAN_ROMAWI[hari_ini.month - 1],
            str(hari_ini.year),
        ]
    )


# --- Changes that are not status changes -------------------------------------------------------------


@transaction.atomic
def ubah_pengaduan(*, pengaduan: Pengaduan, oleh, teks: str, **kolom) -> Pengaduan:
    """A change of the case that is not a status change: under the row lock, with a new version,
    an internal note saying what changed, and an audit row."""
    p = kunci_pengaduan(pengaduan)
    for nama, nilai in kolom.items():
        setattr(p, nama, nilai)
        setattr(pengaduan, nama, nilai)
    p.versi += 1
    p.save(update_fields=[*kolom, "versi", "diperbarui"])
    CatatanPengaduan.objects.create(pengaduan=p, penulis=oleh, teks=teks)
    catat_audit(aktor=oleh, aksi=Aksi.UBAH_PENGADUAN, pengaduan=p, keterangan=teks)
    pengaduan.versi = p.versi
    return p


# --- The timeline -------------------------------------------------------------------------------------


def peristiwa_masuk(p: Pengaduan, *, alasan: str, oleh=None, peran: str = workflow.Aktor.SISTEM) -> PeristiwaPengaduan:
    """The timeline's first entry, not yet written: the case exists, in status diajukan; the
    reporter sees it. A report entered by staff names them (`oleh`, `peran`); one typed on /lapor/
    is the system's."""
    return PeristiwaPengaduan(
        pengaduan=p,
        dari_status="",
        ke_status=Status.DIAJUKAN,
        aktor=oleh,
        peran_aktor=peran,
        publik=True,
        alasan=alasan,
    )
