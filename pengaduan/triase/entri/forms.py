"""The staff's entry form: the report's own fields and checks as on /lapor/ (`pengaduan.isian`), the
whole identity of Formulir Model B.1, and where, when and how the report was received. Refusals use
the words /lapor/ uses; a finding and an anonymous tip carry no identity."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from netralitas.akun.lingkup import PESAN_DI_LUAR_LINGKUP
from netralitas.wilayah.selectors import rantai_wilayah

from ...isian import TINGKAT_ISIAN, IsianPengaduanForm, kolom_teks
from ...models import JenisKelamin, Kanal, Sumber

# Every channel an office receives a report through; `daring` is /lapor/'s own.
KANAL_KANTOR = [(k.value, k.label) for k in Kanal if k != Kanal.DARING]
PESAN_KANAL_PENGAWASAN = "Saluran “Hasil pengawasan” hanya untuk temuan pengawas. Pilih saluran laporan ini diterima."
# A clock a few minutes fast on the staff's computer is not a report from the future.
KELONGGARAN_JAM = datetime.timedelta(minutes=10)


def _wajib_laporan(label):
    return {"error_messages": {"required": f"{label} wajib diisi untuk laporan dengan identitas."}}


class EntriPengaduanForm(IsianPengaduanForm):
    KOLOM_IDENTITAS = (
        *IsianPengaduanForm.KOLOM_IDENTITAS,
        "tempat_lahir",
        "tanggal_lahir",
        "jenis_kelamin",
        "pekerjaan",
        "kewarganegaraan",
    )

    sumber = forms.ChoiceField(
        label="Jenis pengaduan",
        choices=[
            (Sumber.LAPORAN, "Laporan — pelapor menyerahkan identitas lengkap (Formulir Model B.1)"),
            (Sumber.INFORMASI_AWAL, "Informasi awal — tanpa identitas pelapor"),
            (Sumber.TEMUAN, "Temuan — hasil pengawasan pengawas sendiri, tanpa pelapor"),
        ],
        widget=forms.RadioSelect,
        initial=Sumber.LAPORAN,
    )
    kanal = forms.ChoiceField(
        label="Diterima melalui",
        choices=KANAL_KANTOR,
        initial=Kanal.DATANG_LANGSUNG,
        help_text="Untuk temuan, saluran dicatat sebagai hasil pengawasan.",
    )
    kanal_keterangan = kolom_teks(
        "Keterangan saluran",
        200,
        wajib=False,
        help_text="Misalnya nomor surat, alamat e-mail pengirim, atau akun media sosial.",
    )
    diterima_pada = forms.DateTimeField(
        label="Waktu diterima",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text="Untuk temuan: waktu temuan dicatat.",
    )
    tempat_diterima = kolom_teks("Tempat diterima", 200, help_text="Misalnya Sekretariat Panwaslu Kecamatan Kepanjen.")

    tempat_lahir = kolom_teks("Tempat lahir", 100, **_wajib_laporan("Tempat lahir"))
    tanggal_lahir = forms.DateField(
        label="Tanggal lahir",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **_wajib_laporan("Tanggal lahir"),
    )
    jenis_kelamin = forms.ChoiceField(
        label="Jenis kelamin",
        choices=JenisKelamin.choices,
        widget=forms.RadioSelect,
        **_wajib_laporan("Jenis kelamin"),
    )
    pekerjaan = kolom_teks("Pekerjaan", 100, **_wajib_laporan("Pekerjaan"))
    kewarganegaraan = kolom_teks("Kewarganegaraan", 60, initial="Indonesia", **_wajib_laporan("Kewarganegaraan"))

    field_order = [
        "token_pengajuan",
        "sumber",
        "kanal",
        "kanal_keterangan",
        "diterima_pada",
        "tempat_diterima",
        "nama",
        "nik",
        "tempat_lahir",
        "tanggal_lahir",
        "jenis_kelamin",
        "pekerjaan",
        "kewarganegaraan",
        "alamat",
        "telepon",
        "email",
        "rahasia",
    ]

    def __init__(self, data=None, *args, lingkup: str | None = None, **kwargs):
        # The levels of the staff member's own region are fixed: shown, not chosen.
        tetap = {TINGKAT_ISIAN[t - 1]: kode for t, kode in rantai_wilayah(lingkup).items()} if lingkup else {}
        # A browser sends no value for them; a request naming another place is refused, not obeyed.
        self._lain_wilayah = [
            n for n, kode in tetap.items() if data is not None and data.get(n) not in (None, "", kode)
        ]
        if data is not None and tetap:
            data = data.copy()
            for nama, kode in tetap.items():
                data[nama] = kode
        kwargs["initial"] = {**kwargs.get("initial", {}), **tetap}
        super().__init__(data, *args, lingkup=lingkup, **kwargs)
        for nama in tetap:
            self.fields[nama].disabled = True
        # The admin's wide text boxes, for addresses and names as long as people's are.
        for field in self.fields.values():
            if type(field.widget) in (forms.TextInput, forms.EmailInput):
                field.widget.attrs.setdefault("class", "vTextField")
        self.fields["nama"].label = "Nama lengkap pelapor"
        self.fields["rahasia"].label = "Pelapor meminta identitasnya dirahasiakan"
        self.fields["email"].help_text = "Bila diisi, tanda terima dengan kode pelacakan juga dikirim ke sini."
        self.fields["tanggal_diketahui"].label = "Tanggal diketahui pelapor (temuan: tanggal ditemukan)"
        self.fields["diterima_pada"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean_tanggal_lahir(self):
        lahir = self.cleaned_data.get("tanggal_lahir")
        if lahir and lahir > timezone.localdate():
            raise ValidationError("Tanggal tidak boleh di masa depan.")
        if lahir and lahir.year < 1900:
            raise ValidationError("Tanggal terlalu lama.")
        return lahir

    def clean_diterima_pada(self):
        waktu = self.cleaned_data["diterima_pada"]
        if waktu > timezone.now() + KELONGGARAN_JAM:
            raise ValidationError("Waktu diterima tidak boleh di masa depan.")
        if timezone.localtime(waktu).year < 2000:
            raise ValidationError("Tanggal terlalu lama.")
        return waktu

    def clean(self):
        data = super().clean()
        for nama in self._lain_wilayah:
            self.add_error(nama, PESAN_DI_LUAR_LINGKUP)
        if data.get("sumber") == Sumber.TEMUAN:
            data["kanal"] = Kanal.PENGAWASAN
            self.errors.pop("kanal", None)
        elif data.get("kanal") == Kanal.PENGAWASAN:
            self.add_error("kanal", PESAN_KANAL_PENGAWASAN)
        diterima, diketahui = data.get("diterima_pada"), data.get("tanggal_diketahui")
        if diterima and diketahui and timezone.localtime(diterima).date() < diketahui:
            self.add_error("diterima_pada", "Waktu diterima tidak boleh sebelum tanggal diketahui.")
        return data
