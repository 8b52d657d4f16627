"""Bawaslu's page of reviewer invitations: the list (within the inviter's region), the invitation
form, and on each invitation its e-mail's state, a re-send and a revocation. Every write goes
through `services`; the stock add and change forms are off."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from ..models import StatusUndangan, UndanganPeninjau
from . import services
from .forms import UndangForm
from .selectors import instansi_boleh_diundang, lingkup_pengundang, undangan_visible_to


@admin.register(UndanganPeninjau)
class UndanganPeninjauAdmin(admin.ModelAdmin):
    list_display = ["email", "nama", "instansi", "keadaan", "status_surel", "dibuat", "diundang_oleh"]
    list_filter = ["status", "status_surel"]
    search_fields = ["user__email", "user__first_name", "instansi__nama"]
    list_select_related = ["user", "instansi", "diundang_oleh"]
    readonly_fields = [
        "email",
        "nama",
        "instansi",
        "keadaan",
        "diundang_oleh",
        "dibuat",
        "status_surel",
        "terkirim_pada",
        "kedaluwarsa",
        "galat_surel",
        "diterima_pada",
        "dicabut_pada",
        "dicabut_oleh",
    ]
    fields = readonly_fields
    change_list_template = "admin/akun/undanganpeninjau/change_list.html"
    change_form_template = "admin/akun/undanganpeninjau/change_form.html"

    @admin.display(description="e-mail", ordering="user__email")
    def email(self, obj):
        return obj.user.email

    @admin.display(description="nama", ordering="user__first_name")
    def nama(self, obj):
        return obj.user.first_name

    @admin.display(description="keadaan", ordering="status")
    def keadaan(self, obj):
        if obj.status == StatusUndangan.MENUNGGU and obj.kedaluwarsa_lewat:
            return "Kedaluwarsa"
        return obj.get_status_display()

    def _pengundang(self, request) -> bool:
        return lingkup_pengundang(request.user) is not None

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=undangan_visible_to(request.user).values("pk"))

    def has_module_permission(self, request):
        return self._pengundang(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._pengundang(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        # The stock add form is off: the invitation is `undang_view`, through the service.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def boleh_mengundang(self, request) -> bool:
        return self._pengundang(request) and request.user.has_perm("akun.add_undanganpeninjau")

    def boleh_mengubah(self, request) -> bool:
        return self._pengundang(request) and request.user.has_perm("akun.change_undanganpeninjau")

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {**(extra_context or {}), "boleh_mengundang": self.boleh_mengundang(request)}
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        konteks = {**(extra_context or {}), "boleh_mengubah": self.boleh_mengubah(request), "show_save": False}
        return super().change_view(request, object_id, form_url, konteks)

    def get_urls(self):
        return [
            path("undang/", self.admin_site.admin_view(self.undang_view), name="akun_undanganpeninjau_undang"),
            path(
                "<path:object_id>/kirim-ulang/",
                self.admin_site.admin_view(self.kirim_ulang_view),
                name="akun_undanganpeninjau_kirim_ulang",
            ),
            path(
                "<path:object_id>/cabut/",
                self.admin_site.admin_view(self.cabut_view),
                name="akun_undanganpeninjau_cabut",
            ),
        ] + super().get_urls()

    def undang_view(self, request):
        if not self.boleh_mengundang(request):
            raise Http404
        pilihan = instansi_boleh_diundang(request.user).order_by("nama")
        awal = {"instansi": request.GET.get("instansi")} if request.GET.get("instansi", "").isdigit() else {}
        form = UndangForm(request.POST if request.method == "POST" else None, instansi=pilihan, initial=awal)
        if form.is_valid():
            try:
                u = services.undang_peninjau(oleh=request.user, **form.cleaned_data)
            except services.UndanganDitolak as e:
                form.add_error(None, str(e))
            else:
                messages.success(
                    request,
                    format_html(
                        "Undangan untuk {} ({}) sedang dikirim ke {}. Tautannya berlaku 7 hari sejak terkirim.",
                        u.user.first_name,
                        u.instansi.nama,
                        u.user.email,
                    ),
                )
                return HttpResponseRedirect(reverse("admin:akun_undanganpeninjau_change", args=[u.pk]))
        konteks = {
            **self.admin_site.each_context(request),
            "title": "Undang peninjau instansi",
            "opts": self.opts,
            "form": form,
        }
        return TemplateResponse(
            request, "admin/akun/undanganpeninjau/undang.html", konteks, status=400 if form.errors else 200
        )

    def _aksi(self, request, object_id, fungsi, pesan: str):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        u = self.objek_terlihat_atau_404(request, object_id)
        if not self.boleh_mengubah(request):
            raise PermissionDenied
        try:
            fungsi(undangan=u, oleh=request.user)
        except services.UndanganDitolak as e:
            messages.error(request, str(e))
        else:
            messages.success(request, pesan)
        return HttpResponseRedirect(reverse("admin:akun_undanganpeninjau_change", args=[u.pk]))

    def kirim_ulang_view(self, request, object_id):
        return self._aksi(
            request,
            object_id,
            services.kirim_ulang,
            "Undangan dikirim ulang dengan tautan baru; tautan lama tidak berlaku.",
        )

    def cabut_view(self, request, object_id):
        return self._aksi(
            request, object_id, services.cabut, f"Undangan dicabut pada {timezone.localtime():%H.%M} WIB."
        )
