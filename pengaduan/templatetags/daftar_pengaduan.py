"""The case list's rows, rendered without the admin's per-cell machinery.

Django's `items_for_result` resolves, formats and escapes every cell through generic lookups: with
50 rows it was most of the list page's CPU time. These rows hold the same columns (the ModelAdmin's
`list_display`, read through the same display methods), the same classes and links, built directly.
"""

from html import escape

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from netralitas.waktu import NAMA_BULAN_SINGKAT

register = template.Library()

KOSONG = "-"


def _tanggal_waktu(nilai) -> str:
    w = timezone.localtime(nilai)
    return f"{w.day} {NAMA_BULAN_SINGKAT[w.month - 1]} {w.year} {w:%H.%M}"


def _pembaca(cl, nama):
    """A function obj -> cell text for one list_display entry."""
    model_admin = cl.model_admin
    if nama == "action_checkbox":
        return None
    if hasattr(model_admin, nama) and callable(getattr(model_admin, nama)):
        return getattr(model_admin, nama)
    field = cl.model._meta.get_field(nama)
    if field.choices:
        label = dict(field.flatchoices)
        return lambda obj: label.get(getattr(obj, field.attname), getattr(obj, field.attname))
    if field.is_relation:
        return lambda obj: getattr(obj, nama) if getattr(obj, field.attname) is not None else None
    if isinstance(field, models.DateTimeField):
        return lambda obj: _tanggal_waktu(getattr(obj, nama)) if getattr(obj, nama) else None
    return lambda obj: getattr(obj, nama)


@register.inclusion_tag("admin/pengaduan/pengaduan/hasil.html")
def hasil_pengaduan(cl):
    headers = list(result_headers(cl))
    kolom = [(nama, _pembaca(cl, nama)) for nama in cl.list_display]
    tautan = next(nama for nama in cl.list_display if nama != "action_checkbox")
    opts = cl.opts
    dasar = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[0]).replace("/0/", "/{}/")
    dasar = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": opts}, dasar)
    dasar = escape(dasar)
    hasil = list(cl.result_list)
    if hasattr(cl.model_admin, "siapkan_baris"):
        cl.model_admin.siapkan_baris(hasil)
    baris = []
    for obj in hasil:
        sel = []
        for nama, baca in kolom:
            if baca is None:
                sel.append(
                    '<td class="action-checkbox"><input type="checkbox" name="_selected_action" '
                    f'value="{obj.pk}" class="action-select" aria-label="Pilih pengaduan #{obj.pk}"></td>'
                )
                continue
            nilai = baca(obj)
            if nilai is None or nilai == "":
                isi = KOSONG
            elif isinstance(nilai, SafeString):
                isi = nilai
            else:
                isi = escape(str(nilai))
            if nama == tautan:
                sel.append(f'<th class="field-{nama}"><a href="{dasar.format(obj.pk)}">{isi}</a></th>')
            else:
                sel.append(f'<td class="field-{nama}">{isi}</td>')
        baris.append(f"<tr>{''.join(sel)}</tr>")
    return {
        "cl": cl,
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "baris": mark_safe("\n".join(baris)),
    }
