"""`{% dasbor_pengaduan %}`: the case dashboard above the admin index's app list."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from pengaduan.triase.dasbor import dasbor_untuk

register = template.Library()


@register.inclusion_tag("admin/includes/dasbor.html", takes_context=True)
def dasbor_pengaduan(context):
    """Nothing at all for users who handle no cases: not even an empty frame."""
    request = context.get("request")
    dasbor = dasbor_untuk(request.user) if request is not None else None
    if dasbor is None:
        return {"dasbor": None}
    daftar = reverse("admin:pengaduan_pengaduan_changelist")

    def tautan(**parameter):
        return f"{daftar}?{urlencode(parameter)}"

    return {
        "dasbor": dasbor,
        "url_daftar": daftar,
        # The changelist's own filters, so that a number opens the list of the cases it counts.
        "url_terlambat": tautan(tenggat="lewat"),
        "url_segera": tautan(tenggat="1hari"),
        "per_status": [(b, tautan(status__exact=b.status)) for b in dasbor.per_status],
        # The region filter matches a code and everything below it, so the scope's own office (its
        # code alone) has no link: it would open the whole scope.
        "per_wilayah": [(b, None if b.kantor_sendiri else tautan(kantor=b.kode)) for b in dasbor.per_wilayah],
    }
