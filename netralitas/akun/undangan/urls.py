from django.urls import path

from . import views

app_name = "akun"
urlpatterns = [
    path("undangan/", views.kata_sandi, name="undangan_kata_sandi"),
    path("undangan/<str:token>/", views.buka, name="undangan_buka"),
]
