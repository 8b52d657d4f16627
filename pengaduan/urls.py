from django.urls import path

from . import views

app_name = "pengaduan"
urlpatterns = [
    path("lapor/", views.lapor, name="lapor"),
    path("lapor/tanda-terima/", views.tanda_terima, name="tanda_terima"),
    path("lacak/", views.lacak, name="lacak"),
]
