from django import forms

from .services import POLA_CADANGAN, POLA_TOTP, bersihkan_kode

_ATRIBUT_KODE = {
    "autocomplete": "one-time-code",
    "autocapitalize": "none",
    "spellcheck": "false",
    "autofocus": True,
    "class": "kode-verifikasi",
}


class KodeForm(forms.Form):
    """A code from the authenticator app, or one of the backup codes."""

    kode = forms.CharField(
        label="Kode verifikasi",
        max_length=32,
        help_text="6 angka dari aplikasi autentikator, atau satu kode cadangan (8 huruf/angka).",
        widget=forms.TextInput(attrs=_ATRIBUT_KODE),
    )

    def clean_kode(self):
        kode = bersihkan_kode(self.cleaned_data["kode"])
        if not (POLA_TOTP.fullmatch(kode) or POLA_CADANGAN.fullmatch(kode)):
            raise forms.ValidationError(
                "Masukkan 6 angka dari aplikasi autentikator, atau satu kode cadangan 8 karakter."
            )
        return kode


class KodeAplikasiForm(forms.Form):
    """The first code of a newly scanned app: six digits, no backup code yet."""

    kode = forms.CharField(
        label="Kode dari aplikasi",
        max_length=32,
        help_text="6 angka yang tampil di aplikasi autentikator setelah kunci ditambahkan.",
        widget=forms.TextInput(attrs={**_ATRIBUT_KODE, "inputmode": "numeric"}),
    )

    def clean_kode(self):
        kode = bersihkan_kode(self.cleaned_data["kode"])
        if not POLA_TOTP.fullmatch(kode):
            raise forms.ValidationError("Masukkan 6 angka yang tampil di aplikasi autentikator.")
        return kode


class AturUlangForm(forms.Form):
    """An administrator resets another user's second factor: the reason goes to the audit log."""

    alasan = forms.CharField(
        label="Alasan",
        max_length=500,
        help_text="Mis. “Ponsel hilang; pemilik akun dikonfirmasi lewat telepon kantor.” Tercatat di log audit.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_alasan(self):
        alasan = " ".join(self.cleaned_data["alasan"].split())
        if len(alasan) < 5:
            raise forms.ValidationError("Tuliskan alasan yang jelas (paling sedikit 5 karakter).")
        return alasan
