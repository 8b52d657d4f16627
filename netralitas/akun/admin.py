from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import ProfilStaf


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
