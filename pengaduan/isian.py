"""Form pieces every audience's forms share: the empty choice, a date that is not in the future, a
PDF checked by its content. Each refusal is a message in Bahasa Indonesia beside its field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from netralitas.berkas import periksa_pdf

PILIH = [("", "— Pilih —")]
TANGGAL = {"widget": forms.DateInput(attrs={"type": "date"})}


def bukan_masa_depan(tanggal):
    if tanggal > timezone.localdate():
        raise ValidationError("Tanggal tidak boleh di masa depan.")
    if tanggal.year < 2000:
        raise ValidationError("Tanggal terlalu lama.")
    return tanggal


def berkas_pdf(berkas, nama: str):
    periksa_pdf(berkas, nama)
    return berkas
