"""The staff's entry of a report received at the office, or of a pengawas's finding: one atomic
write that records who received it, where and how, hands it to the handling office as /lapor/ does,
and tells who /lapor/ tells. The tracking code is returned once, for the staff member to hand over."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from netralitas import berkas as cek_berkas
from netralitas.akun.lingkup import PESAN_DI_LUAR_LINGKUP, kode_dalam_lingkup, kode_lingkup
from netralitas.akun.models import PERAN_BAWASLU, Peran
from netralitas.audit.models import Aksi
from netralitas.audit.services import catat_audit

from ... import kode as kode_pelacakan
from ... import penerimaan
from ...kantor import kantor_dari_wilayah
from ...models import (
    CatatanPengaduan,
    DokumenPengaduan,
    JenisDokumen,
    Kanal,
    LangkahTenggat,
    Pengaduan,
    Status,
    Sumber,
    TingkatKantor,
    UnggahanSementara,
)
from ...tenggat import batas_melapor, tenggat_langkah
from ...transisi import TransisiDitolak, nama_kantor, tenggat_status

TINGKAT_KANTOR_PERAN = {
    Peran.PANWASCAM: TingkatKantor.PANWASCAM,
    Peran.BAWASLU_KABKOTA: TingkatKantor.KABKOTA,
    Peran.BAWASLU_PROVINSI: TingkatKantor.PROVINSI,
    Peran.BAWASLU_RI: TingkatKantor.RI,
}


def kantor_staf(user) -> tuple[str, object] | None:
    """The office a staff member works at: (tingkat, its region or None for Bawaslu RI), from their
    role and the region of their profile; None for anyone who is not Bawaslu staff."""
    profil = getattr(user, "profil_staf", None)
    if profil is None or profil.peran not in TINGKAT_KANTOR_PERAN or kode_lingkup(user, PERAN_BAWASLU) is None:
        return None
    tingkat = TINGKAT_KANTOR_PERAN[profil.peran]
    return tingkat, (None if tingkat == TingkatKantor.RI else profil.wilayah)


def boleh_entri(user) -> bool:
    """Panwascam and Bawaslu staff who handle cases, at an office with a region (or Bawaslu RI)."""
    if not user.is_authenticated or not user.has_perm("pengaduan.tangani_pengaduan"):
        return False
    kantor = kantor_staf(user)
    return kantor is not None and (kantor[0] == TingkatKantor.RI or kantor[1] is not None)


def _batas_dan_tenggat(sumber, jenis_pemilihan, tanggal_diketahui, hari_terima):
    """The deadline by which the report (or the finding) had to reach Bawaslu, and the case's first
    deadline, both from the rules in AturanTenggat. A finding must be set within the temuan step
    from the day it was found, so that deadline is both."""
    if sumber == Sumber.TEMUAN:
        batas = tenggat_langkah(jenis_pemilihan, LangkahTenggat.TEMUAN, tanggal_diketahui)
    else:
        batas = batas_melapor(jenis_pemilihan, tanggal_diketahui)
    calon = Pengaduan(sumber=sumber, jenis_pemilihan=jenis_pemilihan, tanggal_diketahui=tanggal_diketahui)
    return batas, tenggat_status(calon, Status.DIAJUKAN, hari_terima)


def keterangan_entri(*, oleh, tingkat, wilayah_kantor, sumber, kanal, kanal_keterangan, tempat_diterima) -> str:
    """The timeline's and the audit log's words: who entered it, from which office, received how."""
    nama = oleh.get_full_name() or oleh.username
    kantor = nama_kantor(tingkat, wilayah_kantor)
    if sumber == Sumber.TEMUAN:
        teks = f"Temuan pengawas dicatat oleh {nama} ({kantor})"
    else:
        teks = f"Dientri oleh {nama} ({kantor}) — diterima {Kanal(kanal).label.lower()}"
    if kanal_keterangan:
        teks += f" ({kanal_keterangan})"
    if tempat_diterima:
        teks += f" di {tempat_diterima}"
    return teks + "."


@transaction.atomic
def create_pengaduan_staf(
    *,
    oleh,
    token_pengajuan,
    sumber: str,
    kanal: str,
    kanal_keterangan: str,
    diterima_pada,
    tempat_diterima: str,
    jenis_pemilihan: str,
    kategori,
    kategori_lainnya: str,
    tanggal_kejadian,
    tanggal_diketahui,
    wilayah,
    alamat_kejadian: str,
    kronologi: str,
    pelapor: dict | None,
    terlapor: list[dict],
    saksi: list[dict],
    tautan: list[str],
    unggahan: list[UnggahanSementara],
) -> tuple[Pengaduan, str]:
    """Enter a report received at the staff member's office, or their finding. Returns the case and
    its tracking code, which exists nowhere else after this call but the page that shows it once
    (and the reporter's e-mail receipt, when an address was given)."""
    if not boleh_entri(oleh):
        raise TransisiDitolak("Hanya petugas Panwascam dan Bawaslu yang menangani pengaduan dapat mengentri laporan.")
    if not kode_dalam_lingkup(kode_lingkup(oleh, PERAN_BAWASLU), wilayah.kode):
        raise TransisiDitolak(PESAN_DI_LUAR_LINGKUP)
    if sumber not in Sumber.values:
        raise TransisiDitolak("Jenis pengaduan tidak dikenal.")
    if sumber == Sumber.TEMUAN:
        kanal = Kanal.PENGAWASAN
    elif kanal not in Kanal.values or kanal in (Kanal.DARING, Kanal.PENGAWASAN):
        raise TransisiDitolak("Pilih saluran laporan ini diterima.")
    tingkat, wilayah_kantor = kantor_staf(oleh)
    hari_terima = timezone.localtime(diterima_pada).date()
    batas, tenggat = _batas_dan_tenggat(sumber, jenis_pemilihan, tanggal_diketahui, hari_terima)
    kantor_tingkat, kantor_kode = kantor_dari_wilayah(wilayah, jenis_pemilihan)
    alasan = keterangan_entri(
        oleh=oleh,
        tingkat=tingkat,
        wilayah_kantor=wilayah_kantor,
        sumber=sumber,
        kanal=kanal,
        kanal_keterangan=kanal_keterangan,
        tempat_diterima=tempat_diterima,
    )
    kode = kode_pelacakan.buat_kode()
    p = penerimaan.simpan_pengaduan(
        kode=kode,
        token_pengajuan=token_pengajuan,
        sumber=sumber,
        jenis_pemilihan=jenis_pemilihan,
        kategori=kategori,
        kategori_lainnya=kategori_lainnya,
        tanggal_kejadian=tanggal_kejadian,
        tanggal_diketahui=tanggal_diketahui,
        terlambat=bool(batas and hari_terima > batas),
        wilayah=wilayah,
        alamat_kejadian=alamat_kejadian,
        kantor_tingkat=kantor_tingkat,
        kantor_wilayah_id=kantor_kode,
        kronologi=kronologi,
        # The reporter's statement is their signature on the printed form, attached later.
        pernyataan_benar=False,
        tenggat=tenggat,
        kanal=kanal,
        kanal_keterangan=kanal_keterangan,
        diterima_pada=diterima_pada,
        tempat_diterima=tempat_diterima,
        diterima_oleh=oleh,
        diterima_kantor_tingkat=tingkat,
        diterima_kantor_wilayah=wilayah_kantor,
        pelapor=pelapor if sumber == Sumber.LAPORAN else None,
        terlapor=terlapor,
        saksi=saksi,
        tautan=tautan,
        unggahan=unggahan,
        alasan_masuk=alasan,
        oleh=oleh,
        peran=oleh.profil_staf.peran,
    )
    catat_audit(aktor=oleh, aksi=Aksi.ENTRI_PENGADUAN, pengaduan=p, objek=f"Pengaduan #{p.pk}", keterangan=alasan)
    penerimaan.kabari_pengaduan_baru(p, kode=kode, email=(pelapor or {}).get("email", ""))
    return p, kode


def create_pengaduan_staf_sekali(**kwargs) -> tuple[Pengaduan, str | None]:
    """The same form sent twice (a double click, a reload of the answer) files once: the second
    time returns the first case, without its code."""
    try:
        return create_pengaduan_staf(**kwargs)
    except IntegrityError:
        ada = Pengaduan.objects.filter(token_pengajuan=kwargs["token_pengajuan"], diterima_oleh=kwargs["oleh"]).first()
        if ada is None:
            raise
        return ada, None


# --- The signed form, scanned -------------------------------------------------------------------


def jenis_pindaian(berkas):
    """What an uploaded scan is, checked by its content: a PDF or a photo, never a video."""
    hasil = cek_berkas.periksa_berkas(berkas)
    if hasil.jenis not in (cek_berkas.JenisBerkas.PDF, cek_berkas.JenisBerkas.FOTO):
        raise ValidationError("Pindaian formulir harus berupa berkas PDF atau foto (JPEG, PNG, WebP, HEIC).")
    return hasil


@transaction.atomic
def unggah_dokumen(*, pengaduan: Pengaduan, oleh, berkas, jenis: str = JenisDokumen.FORMULIR_BERTANDA_TANGAN):
    """Attach the signed laporan form's scan to the case: checked by its content, its SHA-256 kept,
    an internal note on the case and a row in the audit log."""
    hasil = jenis_pindaian(berkas)
    d = DokumenPengaduan(
        pengaduan=pengaduan,
        jenis=jenis,
        nama_asli=cek_berkas.nama_tampilan(getattr(berkas, "name", "")),
        mime=hasil.mime,
        ekstensi=hasil.ekstensi,
        ukuran=berkas.size,
        sha256=cek_berkas.sha256_berkas(berkas),
        diunggah_oleh=oleh,
    )
    d.berkas.save("x", berkas, save=False)
    d.save()
    teks = f"{d.get_jenis_display()} diunggah: {d.nama_asli} (SHA-256 {d.sha256[:12]}…)."
    CatatanPengaduan.objects.create(pengaduan=pengaduan, penulis=oleh, teks=teks)
    catat_audit(aktor=oleh, aksi=Aksi.UNGGAH_DOKUMEN, pengaduan=pengaduan, objek=f"Dokumen #{d.pk}", keterangan=teks)
    return d
