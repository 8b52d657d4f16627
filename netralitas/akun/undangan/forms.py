from django import forms
from django.contrib.auth.forms import SetPasswordForm

from netralitas.identitas import validasi_nip

from ..models import Instansi


class UndangForm(forms.Form):
    """Bawaslu invites a reviewer: the agency (only those in the inviter's region), name, e-mail, NIP."""

    instansi = forms.ModelChoiceField(queryset=Instansi.objects.none(), label="Instansi")
    nama = forms.CharField(label="Nama lengkap", max_length=150)
    email = forms.EmailField(label="E-mail kedinasan", max_length=150, help_text="Tautan undangan dikirim ke sini.")
    nip = forms.CharField(label="NIP", max_length=40, required=False, help_text="Boleh dikosongkan.")

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instansi"].queryset = instansi
        self.fields["instansi"].error_messages["invalid_choice"] = "Pilih instansi dalam wilayah tugas Anda."

    def clean_nama(self):
        nama = " ".join(self.cleaned_data["nama"].split())
        if len(nama) < 3 or "<" in nama or ">" in nama:
            raise forms.ValidationError("Tuliskan nama lengkap peninjau (paling sedikit 3 huruf, tanpa tanda < >).")
        return nama

    def clean_nip(self):
        nip = self.cleaned_data.get("nip") or ""
        if not nip.strip():
            return ""
        return validasi_nip(nip)


class KataSandiForm(SetPasswordForm):
    """Django's own password form and validators (their messages are in Indonesian)."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].widget.attrs.pop("autofocus", None)
        self.fields["new_password1"].widget.attrs["autofocus"] = True
