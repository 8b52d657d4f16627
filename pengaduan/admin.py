"""Admin, first cut: cases within the user's scope (`pengaduan_visible_to`), read-only content and
status, evidence through a checking view, the reporter identity behind an audited page."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from netralitas.audit.models import Aksi
from netralitas.audit.services import catat_audit

from . import workflow
from .models import (
    AturanTenggat,
    Bukti,
    HariLibur,
    KategoriPelanggaran,
    Notifikasi,
    Pengaduan,
    PeristiwaPengaduan,
    Saksi,
    Tautan,
    Terlapor,
)
from .selectors import boleh_lihat_identitas, pengaduan_visible_to


class _HanyaBaca:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TerlaporInline(_HanyaBaca, admin.TabularInline):
    model = Terlapor
    fields = ["nama", "nip", "jabatan", "instansi_teks", "jenis_asn"]
    extra = 0


class SaksiInline(_HanyaBaca, admin.TabularInline):
    model = Saksi
    fields = ["nama", "kontak", "keterangan"]
    extra = 0


class TautanInline(_HanyaBaca, admin.TabularInline):
    model = Tautan
    fields = ["tautan_aman"]
    readonly_fields = ["tautan_aman"]
    extra = 0

    @admin.display(description="tautan")
    def tautan_aman(self, obj):
        # rel=noreferrer: staff opening a post must not tell the platform where they came from.
        return format_html('<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>', obj.url, obj.url)


class BuktiInline(_HanyaBaca, admin.TabularInline):
    model = Bukti
    fields = ["pratinjau", "nama_asli", "jenis", "ukuran", "sha256", "dibuat", "unduh"]
    readonly_fields = fields
    extra = 0

    @admin.display(description="pratinjau")
    def pratinjau(self, obj):
        if obj.status_thumbnail == "siap":
            url = reverse("admin:pengaduan_bukti_thumbnail", args=[obj.pk])
            return format_html('<img src="{}" alt="" style="max-width:120px;max-height:120px">', url)
        return obj.get_status_thumbnail_display()

    @admin.display(description="")
    def unduh(self, obj):
        return format_html('<a href="{}">Unduh asli</a>', reverse("admin:pengaduan_bukti_unduh", args=[obj.pk]))


class PeristiwaInline(_HanyaBaca, admin.TabularInline):
    model = PeristiwaPengaduan
    fields = ["waktu", "dari_status", "ke_status", "pelaku", "alasan", "publik"]
    readonly_fields = fields
    extra = 0
    verbose_name_plural = "linimasa"

    @admin.display(description="oleh")
    def pelaku(self, obj):
        label = workflow.LABEL_AKTOR.get(obj.peran_aktor, obj.peran_aktor)
        return f"{obj.aktor} ({label})" if obj.aktor_id else label

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("aktor")


@admin.register(Pengaduan)
class PengaduanAdmin(admin.ModelAdmin):
    list_display = [
        "nomor",
        "status",
        "sumber",
        "jenis_pemilihan",
        "kategori",
        "wilayah",
        "kantor_wilayah",
        "dibuat",
        "terlambat",
    ]
    list_filter = ["status", "sumber", "jenis_pemilihan", "kategori", "terlambat"]
    list_select_related = ["kategori", "wilayah", "kantor_wilayah"]
    search_fields = ["=id", "=nomor_registrasi", "=terlapor__nip"]
    show_full_result_count = False
    date_hierarchy = None
    list_per_page = 50
    inlines = [TerlaporInline, SaksiInline, TautanInline, BuktiInline, PeristiwaInline]
    fieldsets = [
        ("Status", {"fields": ["status", "nomor_registrasi", "tenggat", "dibuat", "akhiran_kode"]}),
        ("Pelapor", {"fields": ["sumber", "identitas"]}),
        (
            "Kejadian",
            {
                "fields": [
                    "jenis_pemilihan",
                    "kategori",
                    "kategori_lainnya",
                    "tanggal_kejadian",
                    "tanggal_diketahui",
                    "terlambat",
                    "wilayah",
                    "alamat_kejadian",
                    "kronologi",
                ]
            },
        ),
        ("Penanganan", {"fields": ["kantor_tingkat", "kantor_wilayah"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Content is the citizen's evidence and the status moves only through the workflow service.
        return [f for fs in self.fieldsets for f in fs[1]["fields"]]

    def get_queryset(self, request):
        return pengaduan_visible_to(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="No.", ordering="id")
    def nomor(self, obj):
        return obj.nomor_registrasi or f"#{obj.pk}"

    @admin.display(description="kode pelacakan")
    def akhiran_kode(self, obj):
        return f"…-{obj.kode_akhir}"

    @admin.display(description="identitas pelapor")
    def identitas(self, obj):
        if not hasattr(obj, "pelapor"):
            return "Tanpa identitas (informasi awal)"
        label = "Dirahasiakan" if obj.pelapor.rahasia else "Tidak dirahasiakan"
        if not getattr(obj, "_boleh_identitas", False):
            return f"{label} — Anda tidak berwenang melihat identitas ini."
        url = reverse("admin:pengaduan_pengaduan_identitas", args=[obj.pk])
        return format_html('{} — <a href="{}">Lihat identitas (tercatat di log audit)</a>', label, url)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj._boleh_identitas = boleh_lihat_identitas(request.user, obj)
        return obj

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Out of scope is "not found" (404), never the stock redirect, and never 403, which would
        # confirm that the case exists.
        if object_id is not None and self.get_object(request, unquote(object_id)) is None:
            raise Http404
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/identitas/",
                self.admin_site.admin_view(self.identitas_view),
                name="pengaduan_pengaduan_identitas",
            ),
            path("bukti/<int:pk>/unduh/", self.admin_site.admin_view(self.unduh_bukti), name="pengaduan_bukti_unduh"),
            path(
                "bukti/<int:pk>/thumbnail/",
                self.admin_site.admin_view(self.thumbnail_bukti),
                name="pengaduan_bukti_thumbnail",
            ),
        ]
        return urls + super().get_urls()

    def _pengaduan_atau_404(self, request, pk):
        p = pengaduan_visible_to(request.user).filter(pk=pk).first()
        if p is None or not self.has_view_permission(request, p):
            raise Http404
        return p

    def identitas_view(self, request, pk):
        p = self._pengaduan_atau_404(request, pk)
        if not boleh_lihat_identitas(request.user, p):
            raise Http404
        catat_audit(aktor=request.user, aksi=Aksi.LIHAT_IDENTITAS, pengaduan=p, objek=f"Pengaduan #{p.pk}")
        response = TemplateResponse(
            request,
            "admin/pengaduan/identitas.html",
            {
                **self.admin_site.each_context(request),
                "title": "Identitas pelapor",
                "pengaduan": p,
                "pelapor": p.pelapor,
                "opts": self.model._meta,
            },
        )
        response["Cache-Control"] = "no-store"
        return response

    def _bukti_atau_404(self, request, pk):
        b = Bukti.objects.filter(pk=pk, pengaduan__in=pengaduan_visible_to(request.user)).first()
        if b is None or not self.has_view_permission(request):
            raise Http404
        return b

    def unduh_bukti(self, request, pk):
        b = self._bukti_atau_404(request, pk)
        catat_audit(
            aktor=request.user, aksi=Aksi.UNDUH_BUKTI, pengaduan=b.pengaduan, objek=f"Bukti #{b.pk} {b.nama_asli}"
        )
        return _berkas_response(b.berkas, f"bukti-{b.pengaduan_id}-{b.pk}{b.ekstensi}", b.mime)

    def thumbnail_bukti(self, request, pk):
        b = self._bukti_atau_404(request, pk)
        if not b.thumbnail:
            raise Http404
        return _berkas_response(b.thumbnail, f"pratinjau-{b.pk}.jpg", "image/jpeg", lampiran=False)


def _berkas_response(field, nama, mime, lampiran=True):
    try:
        f = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(f, as_attachment=lampiran, filename=nama, content_type=mime)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@admin.register(KategoriPelanggaran)
class KategoriPelanggaranAdmin(admin.ModelAdmin):
    list_display = ["nama", "urutan", "jalur_etik", "jalur_disiplin", "aktif"]
    list_editable = ["urutan", "jalur_etik", "jalur_disiplin", "aktif"]


@admin.register(AturanTenggat)
class AturanTenggatAdmin(admin.ModelAdmin):
    list_display = ["jenis_pemilihan", "langkah", "jumlah_hari", "jenis_hari", "perpanjangan_hari", "dasar_hukum"]
    list_filter = ["jenis_pemilihan"]


@admin.register(HariLibur)
class HariLiburAdmin(admin.ModelAdmin):
    list_display = ["tanggal", "nama"]
    date_hierarchy = "tanggal"


@admin.register(Notifikasi)
class NotifikasiAdmin(_HanyaBaca, admin.ModelAdmin):
    list_display = ["dibuat", "jenis", "email", "status", "percobaan", "terkirim_pada"]
    list_filter = ["status", "jenis"]
    fields = ["dibuat", "jenis", "email", "subjek", "status", "percobaan", "galat", "message_id", "terkirim_pada"]
    readonly_fields = fields
    show_full_result_count = False

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(penerima=request.user)
