from django.urls import path

from . import views

app_name = "wilayah"
urlpatterns = [path("anak/", views.anak, name="anak")]
