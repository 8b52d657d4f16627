"""The public forms: /lapor/ and /lacak/. Every refusal is a message next to the field."""

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from netralitas.identitas import validasi_nik, validasi_nip, validasi_telepon
from netralitas.wilayah.models import Tingkat, Wilayah
from netralitas.wilayah.selectors import anak_wilayah, anak_wilayah_banyak

from ..isian import PILIH, bukan_masa_depan
from ..models import JenisASN, JenisPemilihan, KategoriPelanggaran, Sumber

MAKS_TAUTAN = 10
# The shape of a Kemendagri code at any level: 35, 35.07, 35.07.13, 35.07.13.1007.
KODE_WILAYAH = re.compile(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?")


class MultiBerkasInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def _teks(label, maks, wajib=True, **kw):
    return forms.CharField(label=label, max_length=maks, required=wajib, strip=True, **kw)


class LaporForm(forms.Form):
    token_pengajuan = forms.UUIDField(widget=forms.HiddenInput)
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
    # The formal requirements of a report with identity: required (and so marked with *) for it, and
    # dropped with their errors for an anonymous tip (see clean()).
    nama = _teks("Nama lengkap", 150, error_messages={"required": "Nama wajib diisi untuk laporan dengan identitas."})
    nik = _teks(
        "NIK (16 angka, sesuai KTP)",
        20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": "NIK wajib diisi untuk laporan dengan identitas."},
    )
    alamat = _teks("Alamat", 300, error_messages={"required": "Alamat wajib diisi untuk laporan dengan identitas."})
    telepon = _teks(
        "Nomor telepon/WhatsApp",
        20,
        wajib=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text="Isi telepon, e-mail, atau keduanya: salah satu wajib untuk laporan dengan identitas.",
    )
    email = forms.EmailField(
        label="E-mail",
        required=False,
        max_length=254,
        help_text="Salinan tanda terima, dengan kode pelacakan, dikirim ke sini.",
    )
    rahasia = forms.BooleanField(
        label="Rahasiakan identitas saya",
        required=False,
        help_text="Identitas hanya dapat dibuka oleh petugas Bawaslu yang diberi wewenang khusus; "
        "instansi terlapor tidak pernah melihatnya.",
    )

    jenis_pemilihan = forms.ChoiceField(
        label="Jenis pemilihan", choices=JenisPemilihan.choices, widget=forms.RadioSelect
    )
    kategori = forms.ModelChoiceField(
        label="Jenis pelanggaran", queryset=KategoriPelanggaran.objects.filter(aktif=True), empty_label="— Pilih —"
    )
    kategori_lainnya = _teks("Uraikan jenis pelanggaran", 200, wajib=False)
    tanggal_kejadian = forms.DateField(
        label="Tanggal kejadian", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    tanggal_diketahui = forms.DateField(
        label="Tanggal Anda mengetahuinya", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    provinsi = forms.ChoiceField(label="Provinsi", choices=PILIH)
    kabupaten = forms.ChoiceField(label="Kabupaten/Kota", choices=PILIH)
    kecamatan = forms.ChoiceField(label="Kecamatan", choices=PILIH, required=False)
    desa = forms.ChoiceField(label="Desa/Kelurahan", choices=PILIH, required=False)
    alamat_kejadian = _teks(
        "Tempat kejadian",
        300,
        wajib=False,
        help_text="Nama tempat atau alamat. Untuk pelanggaran di media sosial, tulis tempat terlapor bekerja.",
    )
    kronologi = forms.CharField(
        label="Kronologi kejadian",
        min_length=20,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Apa yang terjadi, siapa, kapan, di mana. Tulis apa adanya.",
    )
    tautan = forms.CharField(
        label="Tautan unggahan media sosial",
        required=False,
        max_length=12000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "https://…"}),
        help_text=f"Satu tautan per baris, paling banyak {MAKS_TAUTAN}.",
    )
    berkas = forms.FileField(
        label="Bukti (foto, PDF, video)",
        required=False,
        widget=MultiBerkasInput(
            attrs={
                "accept": "image/jpeg,image/png,image/webp,image/heic,image/heif,application/pdf,video/mp4,video/quicktime"
            }
        ),
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token_pengajuan"].initial = uuid.uuid4()
        data = self.data if self.is_bound else {}
        rantai = (("provinsi", "kabupaten"), ("kabupaten", "kecamatan"), ("kecamatan", "desa"))
        # Every level the submission names, read together; a code that is not a child of the level
        # above it is never looked at.
        diminta = [None] + [
            kode for kode in (str(data.get(induk, ""))[:13] for induk, _ in rantai) if KODE_WILAYAH.fullmatch(kode)
        ]
        anak_dari = anak_wilayah_banyak(diminta)
        self.fields["provinsi"].choices = PILIH + anak_dari[None]
        pilihan = {}
        for induk, anak in rantai:
            kode = str(data.get(induk, ""))[:13]
            sah = kode and (induk == "provinsi" or pilihan.get(induk)) and kode in dict(self.fields[induk].choices)
            if sah and kode not in anak_dari:
                anak_dari[kode] = anak_wilayah(induk_kode=kode)
            self.fields[anak].choices = PILIH + (anak_dari[kode] if sah else [])
            pilihan[anak] = bool(sah)
        for nama in ("kabupaten", "kecamatan", "desa"):
            self.fields[nama].widget.attrs["data-wilayah"] = nama
        self.fields["provinsi"].widget.attrs["data-wilayah"] = "provinsi"
        self.fields["kategori"].label_from_instance = lambda k: k.nama

    def clean_nik(self):
        nik = self.cleaned_data.get("nik", "")
        return validasi_nik(nik) if nik else ""

    def clean_telepon(self):
        t = self.cleaned_data.get("telepon", "")
        return validasi_telepon(t) if t else ""

    def clean_tanggal_kejadian(self):
        return bukan_masa_depan(self.cleaned_data["tanggal_kejadian"])

    def clean_tanggal_diketahui(self):
        return bukan_masa_depan(self.cleaned_data["tanggal_diketahui"])

    def clean_tautan(self):
        baris = [b.strip() for b in self.cleaned_data.get("tautan", "").splitlines() if b.strip()]
        if len(baris) > MAKS_TAUTAN:
            raise ValidationError(f"Paling banyak {MAKS_TAUTAN} tautan.")
        validator = URLValidator(schemes=["http", "https"])
        sah, salah = [], []
        for b in baris:
            url = dengan_skema(b)
            try:
                if len(url) > 1000:
                    raise ValidationError("terlalu panjang")
                validator(url)
            except ValidationError:
                salah.append(b[:80])
            else:
                sah.append(url)
        if salah:
            raise ValidationError(
                "Tautan tidak dapat dibaca: " + ", ".join(salah) + ". Tulis satu alamat per baris, "
                "misalnya facebook.com/nama/posts/123 atau https://x.com/nama/status/456."
            )
        return list(dict.fromkeys(sah))

    def clean(self):
        data = super().clean()
        if data.get("situs_web"):
            raise ValidationError("Formulir tidak dapat diproses. Muat ulang halaman lalu coba lagi.")
        if data.get("sumber") == Sumber.LAPORAN:
            if (
                not data.get("telepon")
                and not data.get("email")
                and "telepon" not in self.errors
                and "email" not in self.errors
            ):
                self.add_error("telepon", "Isi nomor telepon atau e-mail agar Bawaslu dapat menghubungi Anda.")
        elif data.get("sumber") == Sumber.INFORMASI_AWAL:
            for nama in ("nama", "nik", "alamat", "telepon", "email"):
                data[nama] = ""
                self.errors.pop(nama, None)
            data["rahasia"] = False
        kategori = data.get("kategori")
        if kategori and kategori.perlu_uraian and not data.get("kategori_lainnya"):
            self.add_error("kategori_lainnya", "Uraikan jenis pelanggarannya.")
        kejadian, diketahui = data.get("tanggal_kejadian"), data.get("tanggal_diketahui")
        if kejadian and diketahui and diketahui < kejadian:
            self.add_error("tanggal_diketahui", "Tanggal diketahui tidak boleh sebelum tanggal kejadian.")
        data["wilayah"] = self._wilayah(data)
        return data

    def _wilayah(self, data):
        terpilih = None
        for nama in ("provinsi", "kabupaten", "kecamatan", "desa"):
            kode = data.get(nama)
            if not kode:
                break
            terpilih = kode
        if not terpilih or len(terpilih) < 5:
            if "kabupaten" not in self.errors:
                self.add_error("kabupaten", "Pilih paling tidak kabupaten/kota tempat kejadian.")
            return None
        w = Wilayah.objects.filter(kode=terpilih).first()
        if w is None or w.tingkat < Tingkat.KABUPATEN_KOTA:
            self.add_error("kabupaten", "Wilayah tidak ditemukan. Pilih ulang.")
        return w

    def data_pelapor(self):
        d = self.cleaned_data
        if d["sumber"] != Sumber.LAPORAN:
            return None
        return {k: d[k] for k in ("nama", "nik", "alamat", "telepon", "email", "rahasia")}


# A link as people paste or type it: "facebook.com/…", "www.tiktok.com/@…" or "//x.com/…" is read as
# https. A line that names another scheme ("ftp://", "javascript:") keeps it, and is refused.
_ADA_SKEMA = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://")


def dengan_skema(tautan: str) -> str:
    if tautan.startswith("//"):
        return "https:" + tautan
    return tautan if _ADA_SKEMA.match(tautan) else "https://" + tautan


class TerlaporForm(forms.Form):
    nama = _teks("Nama terlapor", 150)
    nip = _teks("NIP (jika tahu)", 24, wajib=False, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    jabatan = _teks("Jabatan", 200, wajib=False)
    instansi_teks = _teks("Instansi/tempat bekerja", 200)
    jenis_asn = forms.ChoiceField(label="Jenis ASN", choices=JenisASN.choices, initial=JenisASN.TIDAK_TAHU)

    def clean(self):
        data = super().clean()
        nip = data.get("nip")
        if nip:
            try:
                data["nip"] = validasi_nip(nip, pns=data.get("jenis_asn") == JenisASN.PNS)
            except ValidationError as e:
                self.add_error("nip", e)
        return data


class SaksiForm(forms.Form):
    nama = _teks("Nama saksi", 150)
    kontak = _teks("Kontak (telepon/alamat)", 200, wajib=False)
    keterangan = _teks("Apa yang diketahui saksi", 300, wajib=False)


class _FormsetTanpaKosong(forms.BaseFormSet):
    def bersih(self):
        return [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


class _FormsetTerlapor(_FormsetTanpaKosong):
    default_error_messages = {"too_few_forms": "Isi paling tidak satu terlapor: nama dan instansinya."}


TerlaporFormSet = forms.formset_factory(
    TerlaporForm,
    formset=_FormsetTerlapor,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=10,
    validate_max=True,
    absolute_max=10,
)
SaksiFormSet = forms.formset_factory(
    SaksiForm, formset=_FormsetTanpaKosong, extra=0, max_num=10, validate_max=True, absolute_max=10
)


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
