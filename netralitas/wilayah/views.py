import re

from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .selectors import anak_wilayah

KODE_SAH = re.compile(r"^\d{2}(\.\d{2}(\.\d{2})?)?$")


@require_GET
@cache_control(public=True, max_age=86400)
def anak(request):
    """The chained selects' feed: children of `induk` (provinces when empty)."""
    induk = request.GET.get("induk", "").strip()
    if induk and not KODE_SAH.match(induk):
        return JsonResponse({"galat": "Kode wilayah tidak sah."}, status=400)
    return JsonResponse({"wilayah": [{"kode": k, "nama": n} for k, n in anak_wilayah(induk_kode=induk or None)]})
