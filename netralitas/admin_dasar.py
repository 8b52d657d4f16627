"""Pieces shared by the apps' admins."""

import re
from functools import wraps

from django.contrib.admin.utils import unquote
from django.http import Http404
from django.urls import URLPattern

# The URL keyword arguments through which the stock admin pages (change, history, delete, the old
# change URL, the user's password page) name the object of the admin's own model.
PARAMETER_OBJEK = ("object_id", "id")
_RUTE_OBJEK = re.compile(r"<(?:[a-z]+:)?(?:object_id|id)>")


class LingkupAdminMixin:
    """An object the user may not see is absent: every URL of the admin that names an object of its
    model answers 404, as for an id that does not exist, when the object is outside the admin's
    `get_queryset(request)` (the user's scope) or the user may neither view nor change it. The stock
    pages would answer 302 (history, the old change URL), 403 (delete) or 200, each telling an
    existing case of another region from a missing one.

    SitusAdmin.register puts it under every registered ModelAdmin, the project's and the bundled
    apps' (auth, axes) alike, so a new admin cannot forget it. The admins' own object pages (an
    action, a download) look the object up in the same queryset and answer 404 themselves."""

    def objek_terlihat_atau_404(self, request, object_id):
        obj = self.get_object(request, unquote(str(object_id)))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404
        return obj

    def _hanya_objek_terlihat(self, view):
        @wraps(view)
        def periksa(request, *args, **kwargs):
            # Not logged in: the site's own wrapper inside `view` sends the browser to the login
            # page (a link from an e-mail must still lead there, not to a 404).
            if self.admin_site.has_permission(request):
                for nama in PARAMETER_OBJEK:
                    if nama in kwargs:
                        self.objek_terlihat_atau_404(request, kwargs[nama])
            return view(request, *args, **kwargs)

        return periksa

    def get_urls(self):
        urls = []
        for u in super().get_urls():
            if isinstance(u, URLPattern) and _RUTE_OBJEK.search(str(u.pattern)):
                u = URLPattern(u.pattern, self._hanya_objek_terlihat(u.callback), u.default_args, u.name)
            urls.append(u)
        return urls

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Gone between the check above and the stock view's own lookup: still "not found".
        raise Http404


class HanyaBacaMixin:
    """An admin (or inline) that shows rows and never adds, changes or deletes them: data that comes
    from elsewhere (official regions, the audit log, the outbox, finished exports)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
