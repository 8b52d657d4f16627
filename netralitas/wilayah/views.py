import re

from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from .selectors import anak_wilayah

# ASCII digits: `\d` would let Arabic-Indic or full-width digits through as a "valid" code.
KODE_SAH = re.compile(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2})?)?")


@require_GET
def anak(request):
    """The chained selects' feed: children of `induk` (provinces when empty). Region data changes
    once a year: a good answer is cached a day; a refusal is not cached at all."""
    induk = request.GET.get("induk", "").strip()
    if induk and not KODE_SAH.fullmatch(induk):
        return JsonResponse({"galat": "Kode wilayah tidak sah."}, status=400)
    anak_ = [{"kode": k, "nama": n} for k, n in anak_wilayah(induk_kode=induk or None)]
    jawaban = JsonResponse({"wilayah": anak_})
    if anak_:
        patch_cache_control(jawaban, public=True, max_age=86400)
    return jawaban
