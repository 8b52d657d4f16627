from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .dua_faktor import aturan
from .dua_faktor import services as dua_faktor
from .dua_faktor.forms import AturUlangForm
from .lingkup import kode_lingkup, periksa_wilayah
from .models import Instansi, Peran, ProfilStaf
from .undangan import admin as _undangan_admin  # noqa: F401 - registers the invitations' admin


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
# Second-factor devices are changed only through netralitas.akun.dua_faktor: enrolment by their owner,
# a reset with an audit row. django-otp's own admins would show the secrets and delete unaudited.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(get_user_model())
class PenggunaAdmin(UserAdmin):
    inlines = [ProfilStafInline]
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "peran", "dua_langkah"]
    list_select_related = ["profil_staf"]
    change_form_template = "admin/akun/pengguna/change_form.html"

    def get_queryset(self, request):
        aktif = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(_dua_langkah=Exists(aktif))

    @admin.display(description="peran")
    def peran(self, obj):
        profil = getattr(obj, "profil_staf", None)
        return profil.get_peran_display() if profil else "—"

    @admin.display(description="verifikasi dua langkah", boolean=True)
    def dua_langkah(self, obj):
        return getattr(obj, "_dua_langkah", None)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/atur-ulang-dua-langkah/",
                self.admin_site.admin_view(self.atur_ulang_dua_langkah_view),
                name="auth_user_atur_ulang_2fa",
            ),
        ] + super().get_urls()

    def atur_ulang_dua_langkah_view(self, request, object_id):
        """A lost phone: remove another user's second-factor devices (audited); they enrol again at
        their next login. One's own factor is replaced from one's own page, with a code."""
        user = self.get_object(request, object_id)
        if user is None or not self.has_view_or_change_permission(request, user):
            raise Http404
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        if user.pk == request.user.pk:
            messages.info(request, "Perangkat Anda sendiri diatur ulang dari halaman ini, dengan kode yang sah.")
            return HttpResponseRedirect(reverse("admin:dua_langkah"))
        if user.is_superuser and not request.user.is_superuser:
            raise PermissionDenied
        form = AturUlangForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            ringkasan = dua_faktor.atur_ulang(
                user=user,
                oleh=request.user,
                alasan=form.cleaned_data["alasan"],
                jalur=f"Lewat halaman admin oleh {request.user.get_username()}",
            )
            messages.success(
                request,
                f"Verifikasi dua langkah {user.get_username()} diatur ulang (dihapus: {ringkasan}). "
                "Pengguna mendaftarkan perangkat baru saat masuk berikutnya.",
            )
            return HttpResponseRedirect(reverse("admin:auth_user_change", args=[user.pk]))
        konteks = {
            **self.admin_site.each_context(request),
            "title": f"Atur ulang verifikasi dua langkah: {user.get_username()}",
            "opts": self.opts,
            "original": user,
            "form": form,
            "punya_totp": dua_faktor.punya_totp(user),
            "sisa_kode": dua_faktor.sisa_kode_cadangan(user),
            "wajib": aturan.wajib(user),
        }
        return TemplateResponse(request, "admin/akun/atur_ulang_dua_langkah.html", konteks)


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
