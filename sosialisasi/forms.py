"""The public register's filters: every parameter is validated; what does not validate is dropped
with a message, and the page is shown unfiltered (never a 500)."""

import re

from django import forms

from netralitas.wilayah.selectors import anak_wilayah_banyak

from .models import JenisKegiatan

KODE_PROVINSI = re.compile(r"[0-9]{2}")
KODE_KABKOTA = re.compile(r"[0-9]{2}\.[0-9]{2}")


class FilterKegiatanForm(forms.Form):
    ada_pesan = False  # set when the request's filters were dropped with a message
    provinsi = forms.ChoiceField(label="Provinsi", required=False)
    kabkota = forms.ChoiceField(label="Kabupaten/kota", required=False)
    jenis = forms.ChoiceField(
        label="Jenis kegiatan", required=False, choices=[("", "Semua jenis"), *JenisKegiatan.choices]
    )
    waktu = forms.ChoiceField(
        label="Waktu", required=False, choices=[("akan", "Akan datang"), ("lalu", "Sudah berlangsung")]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kode = (self.data.get("provinsi") or "") if self.is_bound else ""
        induk = [None, kode] if KODE_PROVINSI.fullmatch(kode) else [None]
        anak = anak_wilayah_banyak(induk)  # the region lists, from the cache
        self.fields["provinsi"].choices = [("", "Seluruh Indonesia"), *anak[None]]
        self.fields["kabkota"].choices = [("", "Semua kabupaten/kota"), *anak.get(kode, [])]

    def clean(self):
        d = super().clean()
        if d.get("kabkota") and not d["kabkota"].startswith((d.get("provinsi") or "") + "."):
            raise forms.ValidationError("Kabupaten/kota tidak berada di provinsi yang dipilih.")
        return d

    @property
    def wilayah(self) -> str:
        """The region code to filter on: the kabupaten/kota if one was chosen, else the province."""
        d = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return d.get("kabkota") or d.get("provinsi") or ""
