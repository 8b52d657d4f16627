from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import Instansi, ProfilStaf


class ProfilStafInline(admin.StackedInline):
    model = ProfilStaf
    can_delete = False
    autocomplete_fields = ["wilayah"]


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class PenggunaAdmin(UserAdmin):
    inlines = [ProfilStafInline]
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "peran"]
    list_select_related = ["profil_staf"]

    @admin.display(description="peran")
    def peran(self, obj):
        profil = getattr(obj, "profil_staf", None)
        return profil.get_peran_display() if profil else "—"


@admin.register(Instansi)
class InstansiAdmin(admin.ModelAdmin):
    """The agencies recommendations go to: BKN, KASN (historic), every pemda (seeded with the
    regions), and whatever staff add (ministries, agencies, a future independent body)."""

    list_display = ["nama", "singkatan", "jenis", "ppk", "inspektorat", "aktif"]
    list_filter = ["jenis", "aktif"]
    search_fields = ["nama", "singkatan", "ppk", "inspektorat"]
    autocomplete_fields = ["wilayah"]
    list_per_page = 50
    show_full_result_count = False

    def has_delete_permission(self, request, obj=None):
        # An agency cases or staff point to stays; mark it inactive instead.
        return False
