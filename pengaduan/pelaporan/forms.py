"""The public forms: /lapor/ and /lacak/. Every refusal is a message next to the field. The report's
own fields and checks are shared with the staff's entry form (`pengaduan.isian`)."""

from django import forms
from django.core.exceptions import ValidationError

from netralitas.salinan_kolom import pakai_salinan_murah

from ..isian import (  # noqa: F401  (re-exported: the views and tests read them here)
    KODE_WILAYAH,
    MAKS_TAUTAN,
    IsianPengaduanForm,
    MultiBerkasInput,
    SaksiForm,
    SaksiFormSet,
    TerlaporForm,
    TerlaporFormSet,
    dengan_skema,
)
from ..models import KategoriPelanggaran, Sumber
from ..selectors import kategori_per_kode


class KategoriAktifField(forms.ModelChoiceField):
    """The category named by a report, from the per-process copy of the table (`kategori_per_kode`,
    fresh when a category changes): a table edited a few times a year is not worth a query per
    report. The same refusal as ModelChoiceField for a code that is unknown or not active."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        kategori = kategori_per_kode().get(str(getattr(value, "pk", value)))
        if kategori is None or not kategori.aktif:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return kategori


@pakai_salinan_murah
class LaporForm(IsianPengaduanForm):
    sumber = forms.ChoiceField(
        label="Jenis pelaporan",
        choices=[
            (Sumber.LAPORAN, "Laporan dengan identitas — syarat formal agar dapat diregistrasi"),
            (
                Sumber.INFORMASI_AWAL,
                "Informasi awal tanpa identitas — Bawaslu menelusurinya, tetapi Anda tidak dapat dimintai keterangan",
            ),
        ],
        widget=forms.RadioSelect,
        initial=Sumber.LAPORAN,
    )
    kategori = KategoriAktifField(
        label="Jenis pelanggaran", queryset=KategoriPelanggaran.objects.filter(aktif=True), empty_label="— Pilih —"
    )
    pernyataan = forms.BooleanField(
        label="Saya menyatakan bahwa laporan ini benar dan dapat dipertanggungjawabkan.",
        error_messages={"required": "Centang pernyataan ini untuk mengirim laporan."},
    )
    # Honeypot: hidden from people, filled by bots.
    situs_web = forms.CharField(
        required=False,
        label="Jangan isi kolom ini",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    field_order = ["token_pengajuan", "sumber"]

    def clean(self):
        data = super().clean()
        if data.get("situs_web"):
            raise ValidationError("Formulir tidak dapat diproses. Muat ulang halaman lalu coba lagi.")
        return data


class CariForm(forms.Form):
    kode = forms.CharField(
        label="Kode pelacakan",
        max_length=64,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "XXXX-XXXX-XXXX-XXXX",
            }
        ),
    )


class KelengkapanForm(forms.Form):
    teks = forms.CharField(
        label="Keterangan tambahan", required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    berkas = forms.FileField(label="Berkas tambahan", required=False, widget=MultiBerkasInput())


class CabutForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan pencabutan (boleh kosong)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    yakin = forms.BooleanField(
        label="Saya yakin ingin mencabut laporan ini.",
        error_messages={"required": "Centang untuk mengonfirmasi pencabutan."},
    )


class PesanForm(forms.Form):
    """The reporter's message to the handling office on /lacak/: text, files, or both. Drawn with
    the prefix "pesan", beside the completion form on the same page."""

    teks = forms.CharField(
        label="Pesan untuk Bawaslu",
        required=False,
        max_length=4000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Tambahan keterangan, pertanyaan, atau jawaban. Jangan menulis kode pelacakan Anda di sini.",
    )
    berkas = forms.FileField(
        label="Lampiran (boleh kosong)",
        required=False,
        widget=MultiBerkasInput(
            attrs={
                "accept": "image/jpeg,image/png,image/webp,image/heic,image/heif,application/pdf,video/mp4,video/quicktime"
            }
        ),
    )
    # Honeypot, as on /lapor/: hidden from people, filled by bots.
    situs_web = forms.CharField(
        required=False,
        label="Jangan isi kolom ini",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("situs_web"):
            raise ValidationError("Formulir tidak dapat diproses. Muat ulang halaman lalu coba lagi.")
        return data
