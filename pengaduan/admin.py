"""The admin registry of the complaint app: each audience's admin registers itself when imported
here (Bawaslu's desk, the agency reviewer's surface, the exports); the reference data (categories,
deadline rules, the handling-office rule, holidays) and the staff's own notifications are registered below."""

import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from netralitas.admin_dasar import HanyaBacaMixin
from netralitas.akun.models import Peran
from netralitas.audit.models import Aksi
from netralitas.audit.services import catat_audit

from . import retensi
from .ekspor import admin as ekspor_admin  # noqa: F401  (registers Ekspor)
from .models import AturanKantorPenanganan, AturanRetensi, AturanTenggat, HariLibur, KategoriPelanggaran, Notifikasi
from .selectors import peran_pengguna
from .tindak_lanjut import admin as tindak_lanjut_admin  # noqa: F401  (registers KasusInstansi)
from .triase import admin as triase_admin  # noqa: F401  (registers Pengaduan)


@admin.register(KategoriPelanggaran)
class KategoriPelanggaranAdmin(admin.ModelAdmin):
    list_display = ["nama", "kode_skb", "urutan", "jalur_etik", "tingkat_disiplin", "tingkat_disiplin_lain", "aktif"]
    list_editable = ["urutan", "jalur_etik", "tingkat_disiplin", "tingkat_disiplin_lain", "aktif"]


@admin.register(AturanTenggat)
class AturanTenggatAdmin(admin.ModelAdmin):
    """Day counts per election type and step, each with what sets it: an article of the law, or the
    office's own policy (`kebijakan_kantor`), which staff see labelled beside the deadline."""

    list_display = [
        "jenis_pemilihan",
        "langkah",
        "jumlah_hari",
        "jenis_hari",
        "perpanjangan_hari",
        "dasar_hukum",
        "sifat",
    ]
    list_filter = ["jenis_pemilihan", "kebijakan_kantor"]
    fields = [
        "jenis_pemilihan",
        "langkah",
        "jumlah_hari",
        "jenis_hari",
        "perpanjangan_hari",
        "dasar_hukum",
        "kebijakan_kantor",
    ]

    @admin.display(description="sifat", ordering="kebijakan_kantor")
    def sifat(self, obj):
        return "Kebijakan kantor" if obj.kebijakan_kantor else "Ketentuan peraturan"


@admin.register(AturanKantorPenanganan)
class AturanKantorPenangananAdmin(admin.ModelAdmin):
    """Which office handles a new case, per election type (pengaduan.kantor). One row per type,
    seeded by migration: edited, never added or deleted (a missing row falls back to kab/kota)."""

    list_display = ["jenis_pemilihan", "tingkat_kantor", "dasar_hukum", "diperbarui"]
    fields = ["jenis_pemilihan", "tingkat_kantor", "dasar_hukum", "keterangan"]
    readonly_fields = ["jenis_pemilihan"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _administrator(request) -> bool:
    return request.user.is_active and (request.user.is_superuser or peran_pengguna(request.user) == Peran.ADMINISTRATOR)


@admin.register(AturanRetensi)
class AturanRetensiAdmin(admin.ModelAdmin):
    """The retention table (pengaduan.retensi), one row per kind of personal data, seeded by
    migration: administrators change a period, its reason or whether it runs; every change is in
    the audit log. Rows are never added or deleted: a rule not wanted is made inactive."""

    list_display = ["jenis", "hari_setelah_ditutup", "aktif", "diperbarui"]
    list_editable = []
    fields = ["jenis", "hari_setelah_ditutup", "aktif", "dasar_hukum"]
    readonly_fields = ["jenis"]
    change_list_template = "admin/pengaduan/aturanretensi/change_list.html"

    def has_module_permission(self, request):
        return _administrator(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return _administrator(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _administrator(request) and super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        perubahan = ", ".join(f"{f}: {form.cleaned_data[f]!r}" for f in form.changed_data)
        catat_audit(
            aktor=request.user,
            aksi=Aksi.UBAH_ATURAN_RETENSI,
            objek=f"Aturan retensi {obj.get_jenis_display()}",
            keterangan=perubahan or "tanpa perubahan",
        )

    def get_urls(self):
        return [
            path("rencana/", self.admin_site.admin_view(self.rencana_view), name="pengaduan_aturanretensi_rencana"),
            path(
                "rencana.csv",
                self.admin_site.admin_view(self.rencana_csv_view),
                name="pengaduan_aturanretensi_rencana_csv",
            ),
            *super().get_urls(),
        ]

    def _rencana(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return list(retensi.rencana(hari=HARI_RENCANA))

    def rencana_view(self, request):
        """What the retention job will erase in the next 30 days, per rule, without held cases."""
        baris = self._rencana(request)
        sekarang = timezone.now()
        per_aturan = {}
        for r in baris:
            per_aturan.setdefault(r.aturan, []).append(r)
        konteks = {
            **self.admin_site.each_context(request),
            "title": f"Rencana penghapusan data pribadi {HARI_RENCANA} hari ke depan",
            "opts": self.model._meta,
            "per_aturan": [(a, per_aturan.get(a, [])) for a in AturanRetensi.objects.filter(aktif=True)],
            "sekarang": sekarang,
            "hari": HARI_RENCANA,
        }
        response = TemplateResponse(request, "admin/pengaduan/aturanretensi/rencana.html", konteks)
        response["Cache-Control"] = "no-store"
        return response

    def rencana_csv_view(self, request):
        baris = self._rencana(request)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="rencana-retensi.csv"'
        response["Cache-Control"] = "no-store"
        tulis = csv.writer(response)
        tulis.writerow(["aturan", "hari setelah ditutup", "pengaduan", "nomor", "status", "ditutup", "jatuh tempo"])
        for r in baris:
            tulis.writerow(
                [
                    r.aturan.get_jenis_display(),
                    r.aturan.hari_setelah_ditutup,
                    r.pengaduan_id,
                    r.nomor,
                    r.status,
                    timezone.localtime(r.ditutup).date().isoformat(),
                    timezone.localtime(r.jatuh_tempo).date().isoformat(),
                ]
            )
        return response


HARI_RENCANA = 30


@admin.register(HariLibur)
class HariLiburAdmin(admin.ModelAdmin):
    list_display = ["tanggal", "nama"]
    date_hierarchy = "tanggal"


@admin.register(Notifikasi)
class NotifikasiAdmin(HanyaBacaMixin, admin.ModelAdmin):
    list_display = ["dibuat", "jenis", "email", "status", "percobaan", "terkirim_pada"]
    list_filter = ["status", "jenis"]
    fields = [
        "dibuat",
        "jenis",
        "email",
        "subjek",
        "status",
        "percobaan",
        "dicoba_pada",
        "galat",
        "message_id",
        "terkirim_pada",
    ]
    readonly_fields = fields
    show_full_result_count = False

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(penerima=request.user)
