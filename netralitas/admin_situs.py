"""The admin site of the portal: the stock site with Indonesian titles and its per-page app list
built only where a page shows it."""

from django.contrib import admin
from django.utils.functional import SimpleLazyObject


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
        }
