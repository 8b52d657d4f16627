from django.urls import path

from . import views

app_name = "tanya"
urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("ajukan/", views.ajukan, name="ajukan"),
    path("ajukan/terkirim/", views.terkirim, name="terkirim"),
    path("<int:pk>/", views.detail, name="detail"),
]
