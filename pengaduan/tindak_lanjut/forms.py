"""The agency reviewer's action forms (inspektorat/PPK): the examination, the conclusion, the
sanction from the law's table, the objection and its outcome. Each carries the case version its
page was drawn from (FormTindakan)."""

from django import forms
from django.core.exceptions import ValidationError

from ..admin_tindakan import FormTindakan
from ..isian import PILIH, TANGGAL, berkas_pdf, bukan_masa_depan
from ..pilihan import HasilKeberatan, JalurSanksi, TingkatSanksi
from ..sanksi import periksa, pilihan_jenis

_TANGGAL = {"widget": forms.DateInput(attrs={"type": "date"})}


class MulaiPemeriksaanForm(FormTindakan):
    tanggal_mulai = forms.DateField(label="Tanggal mulai pemeriksaan", **TANGGAL)
    pemeriksa = forms.CharField(label="Tim / pejabat pemeriksa", max_length=200)
    catatan = forms.CharField(
        label="Catatan", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_tanggal_mulai(self):
        return bukan_masa_depan(self.cleaned_data["tanggal_mulai"])


class TidakTerbuktiForm(FormTindakan):
    tanggal = forms.DateField(label="Tanggal kesimpulan", **TANGGAL)
    alasan = forms.CharField(
        label="Alasan tidak terbukti",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Untuk Bawaslu. Pelapor hanya membaca bahwa pelanggaran dinyatakan tidak terbukti.",
    )

    def clean_tanggal(self):
        return bukan_masa_depan(self.cleaned_data["tanggal"])


class _IsianSanksi(forms.Form):
    """The fields of one sanction; the type, track and tier must agree with the law's table and
    with the recommendation's track (pengaduan.sanksi)."""

    jalur = forms.ChoiceField(label="Jalur", choices=PILIH + list(JalurSanksi.choices))
    tingkat = forms.ChoiceField(label="Tingkat", choices=[])
    jenis = forms.ChoiceField(label="Jenis sanksi", choices=[])
    nomor_sk = forms.CharField(label="Nomor SK", max_length=120, error_messages={"required": "Nomor SK wajib diisi."})
    tanggal_sk = forms.DateField(label="Tanggal SK", **TANGGAL)
    pejabat = forms.CharField(label="Pejabat yang menetapkan", max_length=200, help_text="Mis. Bupati Malang (PPK).")
    dasar_hukum = forms.CharField(
        label="Dasar hukum",
        max_length=300,
        required=False,
        help_text="Kosongkan untuk memakai pasal dari jenis sanksi (PP 94/2021 Pasal 8 atau PP 42/2004 Pasal 15).",
    )
    dokumen_sk = forms.FileField(label="Dokumen SK (PDF)")

    def __init__(self, *args, jalur_rekomendasi=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.jalur_rekomendasi = jalur_rekomendasi
        self.fields["tingkat"].choices = PILIH + list(TingkatSanksi.choices)
        self.fields["jenis"].choices = PILIH + pilihan_jenis()

    def clean_tanggal_sk(self):
        return bukan_masa_depan(self.cleaned_data["tanggal_sk"])

    def clean_dokumen_sk(self):
        return berkas_pdf(self.cleaned_data["dokumen_sk"], "Dokumen SK")

    def clean_nomor_sk(self):
        nomor = " ".join(self.cleaned_data["nomor_sk"].split())
        if not nomor:
            raise ValidationError("Nomor SK wajib diisi.")
        return nomor

    def clean(self):
        d = super().clean()
        if all(d.get(k) for k in ("jalur", "tingkat", "jenis")):
            for pesan in periksa(
                jenis=d["jenis"], jalur=d["jalur"], tingkat=d["tingkat"], jalur_rekomendasi=self.jalur_rekomendasi
            ):
                self.add_error("jenis", pesan)
        return d

    def isian_sanksi(self) -> dict:
        d = self.cleaned_data
        return {
            k: d[k]
            for k in ("jalur", "tingkat", "jenis", "nomor_sk", "tanggal_sk", "pejabat", "dasar_hukum", "dokumen_sk")
        }


class SanksiForm(FormTindakan, _IsianSanksi):
    terlapor = forms.ModelChoiceField(label="Terlapor", queryset=None, empty_label="— Pilih —")
    field_order = ["terlapor", "jalur", "tingkat", "jenis"]

    def __init__(self, *args, terlapor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["terlapor"].queryset = terlapor


class KeberatanForm(FormTindakan):
    sanksi = forms.ModelChoiceField(label="Sanksi yang diajukan keberatan", queryset=None, empty_label="— Pilih —")
    tanggal = forms.DateField(label="Tanggal keberatan diajukan", **TANGGAL)
    uraian = forms.CharField(label="Uraian keberatan", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, sanksi=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sanksi"].queryset = sanksi

    def clean_tanggal(self):
        return bukan_masa_depan(self.cleaned_data["tanggal"])


class PutusanKeberatanForm(FormTindakan, _IsianSanksi):
    """Rejected: the sanction stands. Granted: the amended sanction's fields are required."""

    hasil = forms.ChoiceField(
        label="Putusan",
        choices=PILIH + [(h.value, h.label) for h in (HasilKeberatan.DITOLAK, HasilKeberatan.DIKABULKAN)],
    )
    tanggal = forms.DateField(label="Tanggal putusan", **TANGGAL)
    keterangan = forms.CharField(
        label="Pertimbangan putusan", max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    field_order = ["hasil", "tanggal", "keterangan"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.data_hasil = (self.data.get("hasil") if self.is_bound else "") or ""
        if self.data_hasil != HasilKeberatan.DIKABULKAN:
            for nama in _IsianSanksi.base_fields:
                self.fields[nama].required = False

    def clean_tanggal(self):
        return bukan_masa_depan(self.cleaned_data["tanggal"])

    def clean_dokumen_sk(self):
        berkas = self.cleaned_data.get("dokumen_sk")
        return berkas_pdf(berkas, "Dokumen SK") if berkas else berkas

    def clean_nomor_sk(self):
        return " ".join((self.cleaned_data.get("nomor_sk") or "").split())

    def clean_tanggal_sk(self):
        t = self.cleaned_data.get("tanggal_sk")
        return bukan_masa_depan(t) if t else t

    def clean(self):
        d = forms.Form.clean(self)
        if d.get("hasil") == HasilKeberatan.DIKABULKAN:
            return _IsianSanksi.clean(self)
        return d


class SelesaiForm(FormTindakan):
    konfirmasi = forms.BooleanField(label="Sanksi telah berkekuatan tetap dan tidak ada keberatan yang berjalan")
