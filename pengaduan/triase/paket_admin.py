"""The recommendation package's pages on Bawaslu's case page (`triase.paket`): what is ready,
which file waits and why, the form that makes and records a package, and its two downloads.

Bawaslu's handling office only: the case within the user's scope (`pengaduan_visible_to`) and
the handling permission (`has_tangani_permission`); anything else is 404, as the case page. The
agency's reviewer and the reporter have no way here."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from netralitas.berkas import respons_berkas

from ..models import PaketRekomendasi, StatusSalinan
from ..selectors import pengaduan_visible_to
from ..transisi import TransisiDitolak
from . import paket as layanan
from .forms import PaketRekomendasiForm


class PaketAdminMixin:
    """For the Pengaduan admin: `urls_paket()` joins its URLs. Needs `_pengaduan_atau_404` and
    `has_tangani_permission`."""

    def urls_paket(self):
        lihat = self.admin_site.admin_view
        return [
            path("<int:pk>/paket/", lihat(self.paket_view), name="pengaduan_pengaduan_paket"),
            path(
                "<int:pk>/paket/<int:paket_pk>/<slug:jenis>/",
                lihat(self.unduh_paket_view),
                name="pengaduan_pengaduan_paket_unduh",
            ),
        ]

    def _kasus_paket(self, request, pk):
        p = self._pengaduan_atau_404(request, pk)
        if not self.has_tangani_permission(request, p) or getattr(p, "rekomendasi", None) is None:
            raise Http404
        return p

    def paket_view(self, request, pk):
        p = self._kasus_paket(request, pk)
        instansi = layanan.instansi_paket(p)
        form = PaketRekomendasiForm(request.POST or None, instansi=instansi)
        tertunda = layanan.berkas_tertunda(p)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                paket = layanan.buat_paket(
                    pengaduan=p,
                    oleh=request.user,
                    instansi=d["instansi"],
                    cara_kirim=d["cara_kirim"],
                    referensi_kirim=d["referensi_kirim"],
                )
            except TransisiDitolak as e:
                form.add_error(None, str(e))
            else:
                messages.success(
                    request,
                    f"Paket rekomendasi untuk {paket.instansi.nama} dibuat dan dicatat. Unduh PDF dan ZIP-nya di bawah.",
                )
                return redirect("admin:pengaduan_pengaduan_paket", p.pk)
        konteks = {
            **self.admin_site.each_context(request),
            "title": f"Paket rekomendasi — {self.nomor(p)}",
            "pengaduan": p,
            "rekomendasi": p.rekomendasi,
            "form": form,
            "tertunda": tertunda,
            "ditahan": StatusSalinan.DITAHAN.label,
            "tanpa_peninjau": layanan.penerimaan_tanpa_peninjau(p),
            "instansi": list(instansi),
            "paket": list(layanan.paket_pengaduan(p)),
            "opts": self.model._meta,
        }
        response = TemplateResponse(
            request, "admin/pengaduan/pengaduan/paket.html", konteks, status=400 if form.errors else 200
        )
        response["Cache-Control"] = "no-store"
        return response

    def unduh_paket_view(self, request, pk, paket_pk, jenis):
        p = self._kasus_paket(request, pk)
        paket = PaketRekomendasi.objects.filter(
            pk=paket_pk, pengaduan=p, pengaduan__in=pengaduan_visible_to(request.user)
        ).first()
        if paket is None or jenis not in ("pdf", "zip"):
            raise Http404
        layanan.catat_audit_unduh_paket(request.user, paket, jenis.upper())
        if jenis == "pdf":
            return respons_berkas(
                paket.berkas_pdf, nama=f"paket-rekomendasi-{p.pk}-{paket.pk}.pdf", mime="application/pdf"
            )
        return respons_berkas(paket.berkas_zip, nama=f"salinan-bukti-{p.pk}-{paket.pk}.zip", mime="application/zip")
