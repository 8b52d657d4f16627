from collections.abc import Callable

from django.contrib import admin

from netralitas.admin_dasar import HanyaBacaMixin

from .models import Tingkat, Wilayah

# An app narrows the region pickers of its own forms to what those forms accept, so nobody picks a
# region only to be refused: `saring_pilihan(app_label, fungsi)` from the app's admin module, where
# fungsi(request, queryset, field_name) returns the regions offered. The region tree imports no app;
# the apps come to it.
_PENYARING: dict[str, Callable] = {}


def saring_pilihan(app_label: str, fungsi: Callable) -> None:
    _PENYARING[app_label] = fungsi


@admin.register(Wilayah)
class WilayahAdmin(HanyaBacaMixin, admin.ModelAdmin):
    """Read-only: the region tree comes from the official data via `load_wilayah`."""

    list_display = ["kode", "nama", "tingkat", "induk"]
    list_filter = ["tingkat"]
    search_fields = ["=kode", "nama"]
    list_select_related = ["induk"]
    show_full_result_count = False
    readonly_fields = ["kode", "nama", "tingkat", "induk"]

    def get_search_results(self, request, queryset, search_term):
        # The case list's region filter picks an office's region: never a desa.
        qs, dup = super().get_search_results(request, queryset, search_term)
        if request.GET.get("field_name") == "kantor_wilayah":
            qs = qs.filter(tingkat__lte=Tingkat.KECAMATAN).order_by("tingkat", "nama")
        penyaring = _PENYARING.get(request.GET.get("app_label"))
        if penyaring is not None:
            qs = penyaring(request, qs, request.GET.get("field_name"))
        return qs, dup
