"""The admin site of the portal: the stock site with Indonesian titles, its per-page app list
built only where a page shows it, and the second step of the staff login in front of every page."""

from functools import update_wrapper

from django.apps import apps
from django.contrib import admin
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from netralitas.admin_dasar import LingkupAdminMixin
from netralitas.akun.dua_faktor import aturan
from netralitas.akun.dua_faktor import views as dua_faktor


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

    # --- The second step of the login (netralitas.akun.dua_faktor) ------------------------------------
    # A session past the password of a user who must use a second step (aturan.wajib, or who
    # enrolled) has no permission on this site until it passes it: every page wrapped by
    # `admin_view` (the site's, every ModelAdmin's, the catch-all) sends it to the second step, and
    # `has_permission` says no to every other check (LingkupAdminMixin, templates). Only the two
    # pages of the step itself and the logout answer it.

    def has_permission(self, request):
        return super().has_permission(request) and not aturan.perlu_langkah_kedua(request)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)
        keluar = view == self.logout

        def periksa(request, *args, **kwargs):
            if aturan.perlu_langkah_kedua(request):
                if keluar:
                    return view(request, *args, **kwargs)
                return self.ke_langkah_kedua(request)
            return inner(request, *args, **kwargs)

        return update_wrapper(periksa, inner)

    def ke_langkah_kedua(self, request, ke=None):
        ke = ke or (request.get_full_path() if request.method == "GET" else None)
        jawaban = HttpResponseRedirect(dua_faktor.alamat_langkah_kedua(request, ke))
        add_never_cache_headers(jawaban)
        return jawaban

    def login(self, request, extra_context=None):
        if request.method == "GET" and aturan.perlu_langkah_kedua(request):
            return self.ke_langkah_kedua(request, dua_faktor.tujuan(request))
        return super().login(request, extra_context)

    def _halaman_dua_faktor(self, fungsi, *, sebelum_verifikasi=False):
        def view(request, *args, **kwargs):
            return fungsi(self, request, *args, **kwargs)

        view = sensitive_post_parameters("kode")(update_wrapper(view, fungsi))
        return never_cache(view) if sebelum_verifikasi else self.admin_view(view)

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
        halaman = self._halaman_dua_faktor
        return [
            path(
                "dua-langkah/verifikasi/",
                halaman(dua_faktor.verifikasi, sebelum_verifikasi=True),
                name="dua_langkah_verifikasi",
            ),
            path("dua-langkah/daftar/", halaman(dua_faktor.daftar, sebelum_verifikasi=True), name="dua_langkah_daftar"),
            path("dua-langkah/", halaman(dua_faktor.saya), name="dua_langkah"),
            path("dua-langkah/kode-cadangan/", halaman(dua_faktor.kode_cadangan), name="dua_langkah_kode_cadangan"),
            path("dua-langkah/atur-ulang/", halaman(dua_faktor.atur_ulang), name="dua_langkah_atur_ulang"),
            path("notifikasi/", self.admin_view(self.notifikasi_view), name="notifikasi_saya"),
            path("notifikasi/<int:pk>/", self.admin_view(self.buka_notifikasi_view), name="notifikasi_buka"),
            path("notifikasi/baca-semua/", self.admin_view(self.baca_semua_view), name="notifikasi_baca_semua"),
        ] + super().get_urls()

    def notifikasi_view(self, request):
        Notifikasi = _notifikasi()
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
        Notifikasi = _notifikasi()
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
        Notifikasi = _notifikasi()
        if request.method == "POST":
            Notifikasi.objects.filter(penerima=request.user, dibaca_pada__isnull=True).update(
                dibaca_pada=timezone.now()
            )
        return redirect("admin:notifikasi_saya")


def _belum_dibaca(user) -> int:
    if not user.is_authenticated:
        return 0
    return _notifikasi().objects.filter(penerima=user, dibaca_pada__isnull=True).count()


def _notifikasi():
    """The staff inbox's model, looked up in the app registry: this module is imported while the
    admin site is built, before the apps' models are loaded."""
    return apps.get_model("pengaduan", "Notifikasi")
