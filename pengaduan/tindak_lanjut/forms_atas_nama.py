"""Bawaslu's forms for recording an agency's answer on its behalf (`atas_nama`): the agency's own
forms (the examination, the conclusion, the sanction with the law's choices) with the received
letter's number, date and PDF before them. Subclasses, so whatever choices the agency's sanction
form offers, this one offers too."""

from django import forms
from django.core.exceptions import ValidationError

from ..isian import TANGGAL, berkas_pdf, bukan_masa_depan
from .forms import MulaiPemeriksaanForm, SanksiForm, TidakTerbuktiForm


class _SuratInstansi(forms.Form):
    instansi = forms.ModelChoiceField(
        label="Atas nama instansi",
        queryset=None,
        empty_label="— Pilih —",
        help_text="Hanya instansi tujuan rekomendasi yang tidak memiliki akun peninjau.",
    )
    nomor_surat_instansi = forms.CharField(label="Nomor surat instansi", max_length=120)
    tanggal_surat_instansi = forms.DateField(label="Tanggal surat instansi", **TANGGAL)
    surat_instansi = forms.FileField(label="Surat instansi yang diterima (PDF)")

    ATAS = ["instansi", "nomor_surat_instansi", "tanggal_surat_instansi", "surat_instansi"]

    def _pasang_instansi(self, instansi):
        self.fields["instansi"].queryset = instansi
        self.order_fields(self.ATAS + [n for n in self.fields if n not in self.ATAS])

    def clean_nomor_surat_instansi(self):
        nomor = " ".join(self.cleaned_data["nomor_surat_instansi"].split())
        if not nomor:
            raise ValidationError("Nomor surat instansi wajib diisi.")
        return nomor

    def clean_tanggal_surat_instansi(self):
        return bukan_masa_depan(self.cleaned_data["tanggal_surat_instansi"])

    def clean_surat_instansi(self):
        return berkas_pdf(self.cleaned_data["surat_instansi"], "Surat instansi")

    def surat(self) -> dict:
        d = self.cleaned_data
        return {
            "nomor": d["nomor_surat_instansi"],
            "tanggal": d["tanggal_surat_instansi"],
            "berkas": d["surat_instansi"],
        }


class PemeriksaanAtasNamaForm(MulaiPemeriksaanForm, _SuratInstansi):
    def __init__(self, *args, instansi=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._pasang_instansi(instansi)


class TidakTerbuktiAtasNamaForm(TidakTerbuktiForm, _SuratInstansi):
    def __init__(self, *args, instansi=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._pasang_instansi(instansi)


class SanksiAtasNamaForm(SanksiForm, _SuratInstansi):
    def __init__(self, *args, instansi=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._pasang_instansi(instansi)
