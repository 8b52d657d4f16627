"""The forms of the law on Bawaslu's case page: the laporan form, the receipt of submission and the
status notice as PDF attachments (`pengaduan.dokumen` draws them).

Each is served only for a case the user sees (`pengaduan_visible_to`; anything else is 404, as the
case page), never to an agency's reviewer (who sees no Bawaslu case at all). A document that prints
the reporter's identity is an identity view: it is written to the audit log, and without the right
to see the identity (`boleh_lihat_identitas`) the identity reads "dirahasiakan".

The receipt carries the full tracking code only when the staff member who entered the report posts
it back within 30 minutes of the entry and it matches the case's HMAC: the code is nowhere on the
server to print otherwise. It is a sensitive parameter (never in an error report), is not logged
and is not stored; a wrong code is refused without being repeated."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from netralitas.audit.models import Aksi
from netralitas.audit.services import catat_audit

from .. import kode as kode_pelacakan
from ..dokumen.dasar import respons_pdf
from ..dokumen.formulir import render_formulir
from ..dokumen.pemberitahuan import render_pemberitahuan
from ..dokumen.tanda_terima import render_tanda_terima
from ..models import Pengaduan, Sumber
from ..selectors import boleh_lihat_identitas, pengaduan_visible_to

# How long after entering a report its clerk may print the receipt with the full code.
BATAS_KODE_LENGKAP = timezone.timedelta(minutes=30)

TOLAK_BUKAN_PENGENTRI = (
    "Tanda terima dengan kode pelacakan lengkap hanya dapat dicetak oleh petugas yang mengentri laporan ini. "
    "Cetak tanda terima tanpa kode lengkap."
)
TOLAK_LEWAT_WAKTU = (
    "Tanda terima dengan kode pelacakan lengkap hanya dapat dicetak dalam 30 menit setelah laporan dientri. "
    "Cetak tanda terima tanpa kode lengkap; pelapor memegang kodenya sendiri."
)
TOLAK_KODE_SALAH = (
    "Kode pelacakan yang dimasukkan tidak cocok dengan pengaduan ini. Periksa kembali kode yang ditampilkan "
    "saat laporan dientri (16 huruf dan angka)."
)


def alasan_tolak_kode(p: Pengaduan, user, masukan) -> str | None:
    """Why a full code may not be printed on this case's receipt by this user, or None when it
    may: the clerk who entered it, within 30 minutes, with the code whose HMAC the case holds."""
    if p.diterima_oleh_id is None or p.diterima_oleh_id != user.pk:
        return TOLAK_BUKAN_PENGENTRI
    if timezone.now() - p.dibuat > BATAS_KODE_LENGKAP:
        return TOLAK_LEWAT_WAKTU
    normal = kode_pelacakan.normalkan(masukan) if isinstance(masukan, str) else None
    if normal is None or kode_pelacakan.hash_kode(normal) != p.kode_hash:
        return TOLAK_KODE_SALAH
    return None


def boleh_cetak_kode_lengkap(p: Pengaduan, user) -> bool:
    """Whether the case page offers the form that prints the receipt with the full code."""
    return p.diterima_oleh_id == user.pk and timezone.now() - p.dibuat <= BATAS_KODE_LENGKAP


class DokumenAdminMixin:
    """For the Pengaduan admin: `urls_dokumen()` joins its URLs. Needs `_pengaduan_atau_404`."""

    def urls_dokumen(self):
        return [
            path(
                "<int:pk>/formulir/",
                self.admin_site.admin_view(require_GET(self.formulir_view)),
                name="pengaduan_pengaduan_formulir",
            ),
            path(
                "<int:pk>/tanda-terima/",
                self.admin_site.admin_view(
                    sensitive_post_parameters("kode")(
                        require_http_methods(["GET", "HEAD", "POST"])(self.tanda_terima_view)
                    )
                ),
                name="pengaduan_pengaduan_tanda_terima",
            ),
            path(
                "<int:pk>/pemberitahuan/",
                self.admin_site.admin_view(require_GET(self.pemberitahuan_view)),
                name="pengaduan_pengaduan_pemberitahuan",
            ),
        ]

    def _kasus_dokumen(self, request, pk) -> Pengaduan:
        p = self._pengaduan_atau_404(request, pk)
        return (
            pengaduan_visible_to(request.user)
            .select_related(
                "kategori", "wilayah", "kantor_wilayah", "diterima_kantor_wilayah", "diterima_oleh", "pelapor"
            )
            .get(pk=p.pk)
        )

    def _identitas_dokumen(self, request, p: Pengaduan, dokumen: str) -> bool:
        """Whether the document may print the identity; if it does, the view is audited."""
        if p.sumber != Sumber.LAPORAN or not boleh_lihat_identitas(request.user, p, terlihat=True):
            return False
        catat_audit(
            aktor=request.user,
            aksi=Aksi.LIHAT_IDENTITAS,
            pengaduan=p,
            objek=f"Pengaduan #{p.pk}",
            keterangan=f"{dokumen} (PDF) dicetak dengan identitas pelapor.",
        )
        return True

    def formulir_view(self, request, pk):
        p = self._kasus_dokumen(request, pk)
        identitas = self._identitas_dokumen(request, p, "Formulir laporan")
        return respons_pdf(render_formulir(p, identitas=identitas), nama=f"formulir-laporan-{p.pk}.pdf")

    def tanda_terima_view(self, request, pk):
        p = self._kasus_dokumen(request, pk)
        kode = None
        if request.method == "POST":
            masukan = request.POST.get("kode", "")
            alasan = alasan_tolak_kode(p, request.user, masukan)
            if alasan is not None:
                messages.error(request, alasan)
                return redirect("admin:pengaduan_pengaduan_change", p.pk)
            kode = kode_pelacakan.kelompokkan(kode_pelacakan.normalkan(masukan))
        identitas = self._identitas_dokumen(request, p, "Tanda terima")
        return respons_pdf(
            render_tanda_terima(p, identitas=identitas, kode=kode), nama=f"tanda-terima-{p.pk}-{p.kode_akhir}.pdf"
        )

    def pemberitahuan_view(self, request, pk):
        p = self._kasus_dokumen(request, pk)
        return respons_pdf(render_pemberitahuan(p), nama=f"pemberitahuan-status-{p.pk}.pdf")
