from django.contrib import admin

from netralitas.admin_dasar import HanyaBacaMixin

from .models import LogAudit


@admin.register(LogAudit)
class LogAuditAdmin(HanyaBacaMixin, admin.ModelAdmin):
    list_display = ["waktu", "aktor", "aksi", "pengaduan", "objek"]
    list_filter = ["aksi"]
    list_select_related = ["aktor", "pengaduan"]
    date_hierarchy = "waktu"
    show_full_result_count = False
