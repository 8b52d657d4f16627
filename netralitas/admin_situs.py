"""The admin site of the portal: the stock site with Indonesian titles and its per-page app list
built only where a page shows it."""

from django.contrib import admin
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme

from netralitas.admin_dasar import LingkupAdminMixin


class SitusAdmin(admin.AdminSite):
    site_header = "Posko Netralitas — Bawaslu"
    site_title = "Posko Netralitas"
    index_title = "Penanganan pengaduan netralitas ASN"
    # The sidebar rebuilds the whole app list, with a permission check per model, on every page; the
    # admin index already lists the apps, and the breadcrumbs lead back to it.
    enable_nav_sidebar = False

    def each_context(self, request):
        # As the stock site's, but the app list (a permission check per model) is built only when a
        # template reads it: the sidebar that would read it on every page is switched off.
        script_name = request.META["SCRIPT_NAME"]
        return {
            "site_title": self.site_title,
            "site_header": self.site_header,
            "site_url": script_name if self.site_url == "/" and script_name else self.site_url,
            "has_permission": self.has_permission(request),
            "available_apps": SimpleLazyObject(lambda: self.get_app_list(request)),
            "is_popup": False,
            "is_nav_sidebar_enabled": self.enable_nav_sidebar,
            "log_entries": self.get_log_entries(request),
            "notifikasi_belum_dibaca": SimpleLazyObject(lambda: _belum_dibaca(request.user)),
        }

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every admin, ours and the bundled apps', answers 404 for an object outside the user's
        # queryset or permissions (netralitas.admin_dasar.LingkupAdminMixin): one rule, no admin
        # that forgets it.
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, LingkupAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (LingkupAdminMixin, admin_class),
                {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__},
            )
        return super().register(model_or_iterable, admin_class, **options)

    # --- The staff member's own notifications ------------------------------------------------------

    def get_urls(self):
        return [
            path("notifikasi/", self.admin_view(self.notifikasi_view), name="notifikasi_saya"),
            path("notifikasi/<int:pk>/", self.admin_view(self.buka_notifikasi_view), name="notifikasi_buka"),
            path("notifikasi/baca-semua/", self.admin_view(self.baca_semua_view), name="notifikasi_baca_semua"),
        ] + super().get_urls()

    def notifikasi_view(self, request):
        from pengaduan.models import Notifikasi

        qs = (
            Notifikasi.objects.filter(penerima=request.user)
            .only("pk", "subjek", "dibuat", "dibaca_pada", "status")
            .order_by("-dibuat", "-pk")
        )
        halaman = Paginator(qs, 50).get_page(request.GET.get("p"))
        konteks = {
            **self.each_context(request),
            "title": "Notifikasi saya",
            "halaman": halaman,
            "belum_dibaca": _belum_dibaca(request.user),
        }
        return TemplateResponse(request, "admin/notifikasi_saya.html", konteks)

    def buka_notifikasi_view(self, request, pk):
        """Mark one as read and go where it points (an admin page of this site, never elsewhere)."""
        from pengaduan.models import Notifikasi

        n = Notifikasi.objects.filter(pk=pk, penerima=request.user).first()
        if n is None:
            raise Http404
        if n.dibaca_pada is None:
            Notifikasi.objects.filter(pk=n.pk).update(dibaca_pada=timezone.now())
        tujuan = n.tautan
        if not tujuan or not url_has_allowed_host_and_scheme(tujuan, allowed_hosts=None) or not tujuan.startswith("/"):
            return redirect("admin:notifikasi_saya")
        return redirect(tujuan)

    def baca_semua_view(self, request):
        from pengaduan.models import Notifikasi

        if request.method == "POST":
            Notifikasi.objects.filter(penerima=request.user, dibaca_pada__isnull=True).update(
                dibaca_pada=timezone.now()
            )
        return redirect("admin:notifikasi_saya")


def _belum_dibaca(user) -> int:
    from pengaduan.models import Notifikasi

    if not user.is_authenticated:
        return 0
    return Notifikasi.objects.filter(penerima=user, dibaca_pada__isnull=True).count()
