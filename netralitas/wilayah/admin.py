from django.contrib import admin

from netralitas.admin_dasar import HanyaBacaMixin

from .models import Tingkat, Wilayah


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
        return qs, dup
