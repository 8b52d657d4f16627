"""The agency reviewer's action forms (inspektorat/PPK): the examination, the conclusion, the
sanction from the law's table, the objection and its outcome. Each carries the case version its
page was drawn from (FormTindakan)."""

from django import forms
from django.core.exceptions import ValidationError

from ..admin_tindakan import FormTindakan
from ..isian import PILIH, TANGGAL, berkas_pdf, bukan_masa_depan
from ..pilihan import HasilKeberatan, JalurSanksi, JenisASN, TingkatSanksi
from ..sanksi import JALUR_BOLEH, JENIS_SANKSI, TINDAKAN_ADMINISTRATIF, TINGKAT_JALUR, periksa, pilihan_jenis

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


class _PilihanHukum(forms.ChoiceField):
    """Offers what the recommendation and the terlapor allow, but accepts any value the law's table
    knows, so that a forbidden one is refused with the reason why (pengaduan.sanksi.periksa) rather
    than a bare "not one of the choices"."""

    def __init__(self, *args, dikenal=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.dikenal = set(dikenal)

    def valid_value(self, value):
        return str(value) in self.dikenal or super().valid_value(value)


DIKETAHUI = (JenisASN.PNS, JenisASN.PPPK)
_JENIS_ASN = [("", "— Sesuai data terlapor —"), (JenisASN.PNS.value, "PNS"), (JenisASN.PPPK.value, "PPPK")]


class _IsianSanksi(forms.Form):
    """The fields of one sanction; the type, track and tier must agree with the law's table, with
    the recommendation's track and with the terlapor's employee type (pengaduan.sanksi)."""

    jenis_asn = forms.ChoiceField(
        label="Jenis ASN terlapor",
        choices=_JENIS_ASN,
        required=False,
        help_text="PNS: PP 94/2021; PPPK: PP 49/2018. Wajib dipilih bila data terlapor belum menyebutkannya.",
    )
    jalur = _PilihanHukum(label="Jalur", choices=[], dikenal=JalurSanksi.values)
    tingkat = _PilihanHukum(label="Tingkat", choices=[], dikenal=TingkatSanksi.values)
    jenis = _PilihanHukum(label="Jenis sanksi", choices=[], dikenal=JENIS_SANKSI)
    nomor_sk = forms.CharField(label="Nomor SK", max_length=120, error_messages={"required": "Nomor SK wajib diisi."})
    tanggal_sk = forms.DateField(label="Tanggal SK", **TANGGAL)
    pejabat = forms.CharField(label="Pejabat yang menetapkan", max_length=200, help_text="Mis. Bupati Malang (PPK).")
    dasar_hukum = forms.CharField(
        label="Dasar hukum",
        max_length=300,
        required=False,
        help_text="Kosongkan untuk memakai pasal dari jenis sanksi menurut jenis ASN terlapor (PNS: PP 94/2021; "
        "PPPK: PP 49/2018; sanksi moral: PP 42/2004 Pasal 15).",
    )
    dokumen_sk = forms.FileField(label="Dokumen SK (PDF)")
    tindakan_administratif = forms.CharField(
        label="Tindakan administratif",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"{TINDAKAN_ADMINISTRATIF}: hanya menyertai sanksi moral. Sebutkan juga nomor rekomendasinya.",
    )

    def __init__(self, *args, jalur_rekomendasi=None, jenis_asn_terlapor=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.jalur_rekomendasi = jalur_rekomendasi
        jalur = JALUR_BOLEH.get(jalur_rekomendasi, set(JalurSanksi.values))
        # Narrowed to one regime only when every terlapor on offer is known to be under it.
        regime = set(jenis_asn_terlapor)
        regime = regime if len(regime) == 1 and JenisASN.TIDAK_TAHU not in regime else None
        self.fields["jalur"].choices = PILIH + [(j.value, j.label) for j in JalurSanksi if j in jalur]
        tingkat = set().union(*(TINGKAT_JALUR[j] for j in jalur))
        self.fields["tingkat"].choices = PILIH + [(t.value, t.label) for t in TingkatSanksi if t in tingkat]
        self.fields["jenis"].choices = PILIH + pilihan_jenis(jenis_asn=regime, jalur=jalur)

    def clean_tanggal_sk(self):
        return bukan_masa_depan(self.cleaned_data["tanggal_sk"])

    def clean_dokumen_sk(self):
        return berkas_pdf(self.cleaned_data["dokumen_sk"], "Dokumen SK")

    def clean_nomor_sk(self):
        nomor = " ".join(self.cleaned_data["nomor_sk"].split())
        if not nomor:
            raise ValidationError("Nomor SK wajib diisi.")
        return nomor

    def clean_tindakan_administratif(self):
        return (self.cleaned_data.get("tindakan_administratif") or "").strip()

    def jenis_asn_tercatat(self) -> str | None:
        """The employee type on record for whom the sanction is for; None: no terlapor chosen."""
        terlapor = self.cleaned_data.get("terlapor")
        return terlapor.jenis_asn if terlapor is not None else None

    def jenis_asn_sanksi(self, d) -> str | None:
        """The employee type to check against: the one stated, else the one on record. A stated
        type that contradicts a known one is refused."""
        tercatat = self.jenis_asn_tercatat()
        dinyatakan = d.get("jenis_asn") or ""
        if dinyatakan and tercatat in DIKETAHUI and dinyatakan != tercatat:
            self.add_error(
                "jenis_asn",
                f"Terlapor ini tercatat sebagai {JenisASN(tercatat).label}; kosongkan atau pilih yang sama.",
            )
            return None
        return dinyatakan or tercatat

    def clean(self):
        d = super().clean()
        if all(d.get(k) for k in ("jalur", "tingkat", "jenis")):
            jenis_asn = self.jenis_asn_sanksi(d)
            for pesan in periksa(
                jenis=d["jenis"],
                jalur=d["jalur"],
                tingkat=d["tingkat"],
                jalur_rekomendasi=self.jalur_rekomendasi,
                jenis_asn=jenis_asn,
            ):
                self.add_error("jenis", pesan)
            if d.get("tindakan_administratif") and d["jalur"] != JalurSanksi.ETIK:
                self.add_error("tindakan_administratif", "Tindakan administratif hanya menyertai sanksi moral.")
        return d

    def isian_sanksi(self) -> dict:
        d = self.cleaned_data
        return {
            k: d.get(k, "")
            for k in (
                "jalur",
                "tingkat",
                "jenis",
                "nomor_sk",
                "tanggal_sk",
                "pejabat",
                "dasar_hukum",
                "dokumen_sk",
                "jenis_asn",
                "tindakan_administratif",
            )
        }


class SanksiForm(FormTindakan, _IsianSanksi):
    terlapor = forms.ModelChoiceField(label="Terlapor", queryset=None, empty_label="— Pilih —")
    field_order = ["terlapor", "jenis_asn", "jalur", "tingkat", "jenis"]

    def __init__(self, *args, terlapor=None, **kwargs):
        super().__init__(*args, jenis_asn_terlapor={t.jenis_asn for t in terlapor}, **kwargs)
        self.fields["terlapor"].queryset = terlapor
        self.fields["terlapor"].help_text = "Jenis ASN menurut data terlapor: " + "; ".join(
            f"{t.nama}: {t.get_jenis_asn_display()}" for t in terlapor
        )


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

    def __init__(self, *args, sanksi_lama=None, **kwargs):
        self.sanksi_lama = sanksi_lama
        tercatat = self.jenis_asn_tercatat()
        super().__init__(*args, jenis_asn_terlapor={tercatat} if tercatat else (), **kwargs)
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

    def jenis_asn_tercatat(self) -> str | None:
        """The appealed sanction's employee type (stated by the agency when it was recorded), else
        its terlapor's."""
        s = self.sanksi_lama
        if s is None:
            return None
        return s.jenis_asn if s.jenis_asn in DIKETAHUI else s.terlapor.jenis_asn

    def clean(self):
        d = forms.Form.clean(self)
        if d.get("hasil") == HasilKeberatan.DIKABULKAN:
            return _IsianSanksi.clean(self)
        return d


class SelesaiForm(FormTindakan):
    konfirmasi = forms.BooleanField(label="Sanksi telah berkekuatan tetap dan tidak ada keberatan yang berjalan")
