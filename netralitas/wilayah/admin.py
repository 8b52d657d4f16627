from django.contrib import admin
from django.db.models import Q

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
        if request.GET.get("app_label") == "sosialisasi":
            # An event's place or a distribution's desa: only what the form would accept (the
            # user's region; a desa for a distribution), so nobody picks a region to be refused.
            from sosialisasi.selectors import lingkup_pencatat

            kode = lingkup_pencatat(request.user)
            if kode is None:
                qs = qs.none()
            elif kode:
                qs = qs.filter(Q(kode=kode) | Q(kode__startswith=kode + "."))
            if request.GET.get("field_name") == "desa":
                qs = qs.filter(tingkat=Tingkat.DESA)
        return qs, dup
