"""Bawaslu's actions that record an agency's answer on its behalf, from the letter it sent
(`tindak_lanjut.atas_nama`): joined to the case page's actions (`triase.tindakan.TINDAKAN`)."""

from ..admin_tindakan import Tindakan
from ..models import Status
from ..tindak_lanjut import atas_nama
from ..tindak_lanjut.admin import CatatSanksi
from ..tindak_lanjut.forms_atas_nama import PemeriksaanAtasNamaForm, SanksiAtasNamaForm, TidakTerbuktiAtasNamaForm


class _AtasNama(Tindakan):
    def argumen_form(self, request, p):
        return {"instansi": atas_nama.instansi_atas_nama(p)}


class PemeriksaanAtasNama(_AtasNama):
    judul = "Catat pemeriksaan instansi (atas nama instansi)"
    form_class = PemeriksaanAtasNamaForm
    dari = frozenset({Status.DITERUSKAN})

    def jalankan(self, request, p, form):
        d = form.cleaned_data
        atas_nama.catat_pemeriksaan_atas_nama(
            pengaduan=p,
            oleh=request.user,
            instansi=d["instansi"],
            surat=form.surat(),
            tanggal_mulai=d["tanggal_mulai"],
            pemeriksa=d["pemeriksa"],
            catatan=d["catatan"],
            versi=d["versi"],
        )
        return f"Pemeriksaan {d['instansi'].nama} dicatat atas nama instansi."


class TidakTerbuktiAtasNama(_AtasNama):
    judul = "Catat kesimpulan tidak terbukti (atas nama instansi)"
    form_class = TidakTerbuktiAtasNamaForm
    dari = frozenset({Status.DITERUSKAN, Status.PEMERIKSAAN_INSTANSI})

    def jalankan(self, request, p, form):
        d = form.cleaned_data
        atas_nama.catat_tidak_terbukti_atas_nama(
            pengaduan=p,
            oleh=request.user,
            instansi=d["instansi"],
            surat=form.surat(),
            alasan=d["alasan"],
            tanggal=d["tanggal"],
            versi=d["versi"],
        )
        return f"Kesimpulan {d['instansi'].nama} dicatat atas nama instansi."


class SanksiAtasNama(_AtasNama):
    judul = "Catat sanksi dari surat instansi (atas nama instansi)"
    form_class = SanksiAtasNamaForm
    dari = frozenset({Status.DITERUSKAN, Status.PEMERIKSAAN_INSTANSI, Status.SANKSI_DIJATUHKAN})

    def argumen_form(self, request, p):
        # The agency's own sanction form's arguments (the choices it offers), plus the agencies.
        return {**CatatSanksi().argumen_form(request, p), **super().argumen_form(request, p)}

    def jalankan(self, request, p, form):
        isian = {**form.isian_sanksi(), "terlapor": form.cleaned_data["terlapor"]}
        d = form.cleaned_data
        atas_nama.catat_sanksi_atas_nama(
            pengaduan=p, oleh=request.user, instansi=d["instansi"], surat=form.surat(), data=isian, versi=d["versi"]
        )
        return f"Sanksi dari surat {d['instansi'].nama} dicatat atas nama instansi."


TINDAKAN_ATAS_NAMA = {
    "atas-nama-pemeriksaan": PemeriksaanAtasNama(),
    "atas-nama-tidak-terbukti": TidakTerbuktiAtasNama(),
    "atas-nama-sanksi": SanksiAtasNama(),
}


def aksi_atas_nama(p) -> list[tuple[str, str]]:
    """(slug, title) of the on-behalf actions open at the case's status, when an agency of the
    recommendation has no reviewer account."""
    if p.status not in TidakTerbuktiAtasNama.dari | SanksiAtasNama.dari:
        return []
    daftar = atas_nama.instansi_atas_nama(p)
    if daftar is None or not daftar.exists():
        return []
    return [(slug, t.judul) for slug, t in TINDAKAN_ATAS_NAMA.items() if p.status in t.dari]
