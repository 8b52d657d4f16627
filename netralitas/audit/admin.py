from django.contrib import admin

from .models import LogAudit


@admin.register(LogAudit)
class LogAuditAdmin(admin.ModelAdmin):
    list_display = ["waktu", "aktor", "aksi", "pengaduan", "objek"]
    list_filter = ["aksi"]
    list_select_related = ["aktor", "pengaduan"]
    date_hierarchy = "waktu"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
