"""Export in the admin: the "Ekspor" form on the case list (a mixin for PengaduanAdmin) and the
user's own exports with their download links (EksporAdmin). The work is in `ekspor.services`."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, TooManyFieldsSent, ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError, transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header

from netralitas.admin_dasar import HanyaBacaMixin
from netralitas.berkas import kepala_berkas, respons_berkas
from netralitas.waktu import ZONA_WAKTU

from ..models import Ekspor, FormatEkspor, StatusEkspor
from . import services as ekspor

IZIN_EKSPOR = "pengaduan.ekspor_pengaduan"


class FormEkspor(forms.Form):
    format = forms.ChoiceField(choices=FormatEkspor.choices)
    dengan_identitas = forms.BooleanField(required=False)
    parameter = forms.CharField(required=False, max_length=4000, strip=False)

    def clean_parameter(self):
        try:
            return ekspor.bersihkan_parameter(self.cleaned_data["parameter"])
        except TooManyFieldsSent:
            raise ValidationError("Terlalu banyak filter.") from None


class _PaginatorTanpaHitung(Paginator):
    """The changelist rebuilt for an export never shows a page: nothing to count."""

    count = 0


class EksporAdminMixin:
    """For PengaduanAdmin: POST `ekspor/` exports the list as it is filtered, within the scope of
    the admin's own `get_queryset`."""

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if getattr(request, ekspor.PERMINTAAN_EKSPOR, False):
            return _PaginatorTanpaHitung(queryset, per_page)
        return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)

    def boleh_ekspor(self, request) -> bool:
        return self.has_view_permission(request) and request.user.has_perm(IZIN_EKSPOR)

    def get_urls(self):
        return [
            path("ekspor/", self.admin_site.admin_view(self.ekspor_view), name="pengaduan_pengaduan_ekspor"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if self.boleh_ekspor(request):
            extra_context = {
                **(extra_context or {}),
                "ekspor_url": reverse(f"{self.admin_site.name}:pengaduan_pengaduan_ekspor"),
                "ekspor_format": FormatEkspor.choices,
                "ekspor_identitas_boleh": ekspor.izin_identitas(request.user).biasa,
            }
        return super().changelist_view(request, extra_context)

    def ekspor_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.boleh_ekspor(request):
            raise PermissionDenied
        daftar = reverse(f"{self.admin_site.name}:pengaduan_pengaduan_changelist")
        form = FormEkspor(request.POST)
        if not form.is_valid():
            messages.error(request, "Permintaan ekspor tidak sah; pilih format lalu coba lagi.")
            return redirect(daftar)
        format = form.cleaned_data["format"]
        parameter = form.cleaned_data["parameter"]
        dengan_identitas = form.cleaned_data["dengan_identitas"] and ekspor.izin_identitas(request.user).biasa
        kembali = f"{daftar}?{parameter}" if parameter else daftar
        try:
            # A savepoint: a value the database refuses must not spoil the rest of the request.
            with transaction.atomic():
                qs, pesan = ekspor.queryset_daftar(user=request.user, parameter=parameter, model_admin=self)
                besar = ekspor.terlalu_besar_untuk_langsung(qs)
        except (IncorrectLookupParameters, ValidationError, ValueError, DatabaseError):
            messages.error(request, "Filter daftar tidak sah; ekspor dibatalkan.")
            return redirect(daftar)
        for tingkat, teks in pesan:
            messages.add_message(request, tingkat, teks)
        if besar:
            return self._ekspor_tugas(request, format, parameter, dengan_identitas, kembali)
        try:
            with transaction.atomic():
                isi, _ = ekspor.ekspor_langsung(
                    user=request.user,
                    queryset=qs,
                    format=format,
                    parameter=parameter,
                    dengan_identitas=dengan_identitas,
                )
        except (ValueError, DatabaseError):
            messages.error(request, "Filter daftar tidak sah; ekspor dibatalkan.")
            return redirect(daftar)
        response = HttpResponse(isi, content_type=ekspor.JENIS_KONTEN[format])
        response["Content-Disposition"] = content_disposition_header(True, ekspor.nama_berkas(format))
        return kepala_berkas(response, cache_control="no-store")

    def _ekspor_tugas(self, request, format, parameter, dengan_identitas, kembali):
        try:
            with transaction.atomic():
                e = ekspor.minta_ekspor(
                    user=request.user, format=format, parameter=parameter, dengan_identitas=dengan_identitas
                )
        except ekspor.AntreanPenuh as exc:
            messages.warning(request, str(exc))
            return redirect(kembali)
        daftar_ekspor = reverse(f"{self.admin_site.name}:pengaduan_ekspor_changelist")
        messages.info(
            request,
            format_html(
                "Daftar ini lebih dari {} baris, jadi berkas {} sedang dibuat di latar belakang. "
                'Unduh dari <a href="{}">Ekspor saya</a> setelah statusnya “{}”.',
                ekspor.batas_langsung(),
                FormatEkspor(e.format).label,
                daftar_ekspor,
                StatusEkspor.SELESAI.label,
            ),
        )
        return redirect(kembali)


@admin.register(Ekspor)
class EksporAdmin(HanyaBacaMixin, admin.ModelAdmin):
    """A user's own exports, newest first; only the owner downloads a file, and only while they may
    still export."""

    list_display = ["dibuat", "format", "status", "jumlah_baris", "dengan_identitas", "filter_daftar", "unduh"]
    list_display_links = None
    list_filter = ["status", "format"]
    actions = None
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pengguna=request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(IZIN_EKSPOR) and (obj is None or obj.pengguna_id == request.user.pk)

    def get_urls(self):
        # The list and the download; no change page, no history: the row says all there is.
        info = self.opts.app_label, self.opts.model_name
        return [
            path("", self.admin_site.admin_view(self.changelist_view), name="{}_{}_changelist".format(*info)),
            path("<int:pk>/unduh/", self.admin_site.admin_view(self.unduh_view), name="{}_{}_unduh".format(*info)),
        ]

    @admin.display(description="filter")
    def filter_daftar(self, obj):
        q = QueryDict(obj.parameter)
        return ", ".join(f"{k}={v}" for k, nilai in q.lists() for v in nilai) or "—"

    @admin.display(description="berkas")
    def unduh(self, obj):
        if obj.status == StatusEkspor.SELESAI and obj.berkas:
            url = reverse(f"{self.admin_site.name}:pengaduan_ekspor_unduh", args=[obj.pk])
            return format_html('<a href="{}">Unduh</a>', url)
        if obj.status == StatusEkspor.GAGAL:
            return obj.galat or StatusEkspor.GAGAL.label
        return "Sedang dibuat…"

    def unduh_view(self, request, pk):
        e = self.get_queryset(request).filter(pk=pk, status=StatusEkspor.SELESAI).first()
        if e is None or not e.berkas or not self.has_view_permission(request, e):
            raise Http404
        nama = f"pengaduan-ekspor-{e.pk}-{timezone.localtime(e.dibuat, ZONA_WAKTU):%Y%m%d-%H%M}.{e.format}"
        return respons_berkas(e.berkas, nama=nama, mime=ekspor.JENIS_KONTEN[e.format], cache_control="no-store")
