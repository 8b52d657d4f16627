# helpdesk's own URLs at the root, as its installation guide mounts them; the admin for looking around.
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("helpdesk.urls", namespace="helpdesk")),
]
