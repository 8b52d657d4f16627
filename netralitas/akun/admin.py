from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .lingkup import kode_lingkup, periksa_wilayah
from .models import Instansi, Peran, ProfilStaf


class _WilayahDalamLingkupForm(forms.ModelForm):
    """A form whose `wilayah` must lie in the editing user's own scope: the administrator of a
    region gives accounts and agencies of that region only; national staff, any."""

    request = None  # set per request by `_dengan_request`

    def clean_wilayah(self):
        w = self.cleaned_data.get("wilayah")
        periksa_wilayah(kode_lingkup(self.request.user, set(Peran)), w)
        return w


def _dengan_request(kelas, request):
    return type(kelas.__name__, (kelas,), {"request": request})


class ProfilStafInline(admin.StackedInline):
    model = ProfilStaf
    form = _WilayahDalamLingkupForm
    can_delete = False
    autocomplete_fields = ["wilayah"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _dengan_request(formset.form, request)
        return formset


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
    form = _WilayahDalamLingkupForm

    def get_form(self, request, obj=None, **kwargs):
        return _dengan_request(super().get_form(request, obj, **kwargs), request)

    def has_delete_permission(self, request, obj=None):
        # An agency cases or staff point to stays; mark it inactive instead.
        return False
