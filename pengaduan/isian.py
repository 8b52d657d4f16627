"""Form pieces every audience's forms share: the empty choice, a date that is not in the future, a
PDF checked by its content, and the report itself (identity, case, terlapor, witnesses, links) as
the citizen types it on /lapor/ and staff enter it at the office: one set of fields and checks, so
both refuse the same input with the same words. Each refusal is a message in Bahasa Indonesia
beside its field."""

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import router
from django.utils import timezone

from netralitas.akun.lingkup import PESAN_DI_LUAR_LINGKUP, kode_dalam_lingkup
from netralitas.berkas import periksa_pdf
from netralitas.identitas import validasi_nik, validasi_nip, validasi_telepon
from netralitas.salinan_kolom import pakai_salinan_murah
from netralitas.wilayah.models import Tingkat, Wilayah
from netralitas.wilayah.selectors import anak_wilayah, anak_wilayah_banyak

from .models import JenisASN, JenisPemilihan, KategoriPelanggaran, Sumber

PILIH = [("", "— Pilih —")]
TANGGAL = {"widget": forms.DateInput(attrs={"type": "date"})}
MAKS_TAUTAN = 10
# The shape of a Kemendagri code at any level: 35, 35.07, 35.07.13, 35.07.13.1007.
KODE_WILAYAH = re.compile(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?")
TINGKAT_ISIAN = ("provinsi", "kabupaten", "kecamatan", "desa")


def bukan_masa_depan(tanggal):
    if tanggal > timezone.localdate():
        raise ValidationError("Tanggal tidak boleh di masa depan.")
    if tanggal.year < 2000:
        raise ValidationError("Tanggal terlalu lama.")
    return tanggal


def berkas_pdf(berkas, nama: str):
    periksa_pdf(berkas, nama)
    return berkas


class MultiBerkasInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def kolom_teks(label, maks, wajib=True, **kw):
    return forms.CharField(label=label, max_length=maks, required=wajib, strip=True, **kw)


class IsianPengaduanForm(forms.Form):
    """The report's own fields and checks. The subclass names the reporter kinds it offers
    (`sumber`); `lingkup` (a region code, "" for the whole country, None for no limit) narrows the
    places of the incident to a staff member's region."""

    KOLOM_IDENTITAS = ("nama", "nik", "alamat", "telepon", "email")

    token_pengajuan = forms.UUIDField(widget=forms.HiddenInput)
    # The formal requirements of a report with identity: required (and so marked with *) for it, and
    # dropped with their errors for an anonymous tip or a finding (see clean()).
    nama = kolom_teks(
        "Nama lengkap", 150, error_messages={"required": "Nama wajib diisi untuk laporan dengan identitas."}
    )
    nik = kolom_teks(
        "NIK (16 angka, sesuai KTP)",
        20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": "NIK wajib diisi untuk laporan dengan identitas."},
    )
    alamat = kolom_teks(
        "Alamat", 300, error_messages={"required": "Alamat wajib diisi untuk laporan dengan identitas."}
    )
    telepon = kolom_teks(
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
    kategori_lainnya = kolom_teks("Uraikan jenis pelanggaran", 200, wajib=False)
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
    alamat_kejadian = kolom_teks(
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

    def __init__(self, *args, lingkup: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lingkup = lingkup
        self._nama_wilayah: dict[str, dict[str, str]] = {}
        self.fields["token_pengajuan"].initial = uuid.uuid4()
        if self.is_bound:
            data = self.data
        else:
            data = {n: self.initial.get(n, self.fields[n].initial) or "" for n in TINGKAT_ISIAN}
        rantai = tuple(zip(TINGKAT_ISIAN, TINGKAT_ISIAN[1:], strict=False))
        # Every level the submission names, read together; a code that is not a child of the level
        # above it is never looked at.
        diminta = [None] + [
            kode for kode in (str(data.get(induk, ""))[:13] for induk, _ in rantai) if KODE_WILAYAH.fullmatch(kode)
        ]
        anak_dari = anak_wilayah_banyak(diminta)
        self._pilih_wilayah("provinsi", anak_dari[None])
        pilihan = {}
        for induk, anak in rantai:
            kode = str(data.get(induk, ""))[:13]
            sah = kode and (induk == "provinsi" or pilihan.get(induk)) and kode in self._nama_wilayah[induk]
            if sah and kode not in anak_dari:
                anak_dari[kode] = anak_wilayah(induk_kode=kode)
            self._pilih_wilayah(anak, anak_dari[kode] if sah else [])
            pilihan[anak] = bool(sah)
        for nama in TINGKAT_ISIAN:
            self.fields[nama].widget.attrs["data-wilayah"] = nama
        self.fields["kategori"].label_from_instance = lambda k: k.nama

    def _pilih_wilayah(self, nama: str, anak: list[tuple[str, str]]) -> None:
        """The places one level offers, as (kode, nama) pairs from the region cache. Set on the
        field and its widget without the choices setters' normalisation (already a flat list of
        pairs; normalising four lists of up to a hundred places was a measurable share of every
        report), and kept by code for `_wilayah`."""
        anak = self._dalam_lingkup(anak)
        field = self.fields[nama]
        field._choices = field.widget._choices = PILIH + anak
        self._nama_wilayah[nama] = dict(anak)

    def _dalam_lingkup(self, pilihan):
        """The places a staff member may name: their region, what lies in it, and the levels above
        it on the way there."""
        if not self.lingkup:
            return pilihan
        return [(k, n) for k, n in pilihan if kode_dalam_lingkup(self.lingkup, k) or self.lingkup.startswith(k + ".")]

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
        if data.get("sumber") == Sumber.LAPORAN:
            if (
                not data.get("telepon")
                and not data.get("email")
                and "telepon" not in self.errors
                and "email" not in self.errors
            ):
                self.add_error("telepon", "Isi nomor telepon atau e-mail agar Bawaslu dapat menghubungi Anda.")
        elif data.get("sumber"):
            self.tanpa_identitas(data)
        kategori = data.get("kategori")
        if kategori and kategori.perlu_uraian and not data.get("kategori_lainnya"):
            self.add_error("kategori_lainnya", "Uraikan jenis pelanggarannya.")
        kejadian, diketahui = data.get("tanggal_kejadian"), data.get("tanggal_diketahui")
        if kejadian and diketahui and diketahui < kejadian:
            self.add_error("tanggal_diketahui", "Tanggal diketahui tidak boleh sebelum tanggal kejadian.")
        data["wilayah"] = self._wilayah(data)
        return data

    def tanpa_identitas(self, data):
        """An anonymous tip or a finding carries no reporter: the identity and its errors go."""
        for nama in self.KOLOM_IDENTITAS:
            if nama in self.fields:
                data[nama] = None if isinstance(self.fields[nama], forms.DateField) else ""
                self.errors.pop(nama, None)
        data["rahasia"] = False

    def _wilayah(self, data):
        terpilih, tingkat = None, None
        for nama in TINGKAT_ISIAN:
            kode = data.get(nama)
            if not kode:
                break
            terpilih, tingkat = kode, nama
        if not terpilih or len(terpilih) < 5:
            if "kabupaten" not in self.errors:
                self.add_error("kabupaten", "Pilih paling tidak kabupaten/kota tempat kejadian.")
            return None
        w = self._wilayah_terpilih(terpilih, tingkat)
        if w is None or w.tingkat < Tingkat.KABUPATEN_KOTA:
            self.add_error("kabupaten", "Wilayah tidak ditemukan. Pilih ulang.")
            return w
        if self.lingkup and not kode_dalam_lingkup(self.lingkup, w.kode):
            # The deepest level of the staff member's own region is the one left to choose.
            self.add_error(TINGKAT_ISIAN[len(self.lingkup.split(".")) - 1], PESAN_DI_LUAR_LINGKUP)
            return None
        return w

    def _wilayah_terpilih(self, kode: str, tingkat: str):
        """The region row of the place chosen. Each level's field accepted only a code among the
        places the region cache listed for it (children of the level above, read from the table
        under the table's version), so that row is known without asking the table again: the same
        values a SELECT would give (code, name, level, parent, all read off the code and the list)."""
        nama = self._nama_wilayah.get(tingkat, {}).get(kode)
        if nama is None:
            return Wilayah.objects.filter(kode=kode).first()
        return Wilayah.from_db(
            router.db_for_read(Wilayah),
            ["kode", "nama", "tingkat", "induk_id"],
            [kode, nama, TINGKAT_ISIAN.index(tingkat) + 1, kode.rsplit(".", 1)[0] if "." in kode else None],
        )

    def data_pelapor(self):
        d = self.cleaned_data
        if d["sumber"] != Sumber.LAPORAN:
            return None
        return {k: d[k] for k in (*self.KOLOM_IDENTITAS, "rahasia")}


# A link as people paste or type it: "facebook.com/…", "www.tiktok.com/@…" or "//x.com/…" is read as
# https. A line that names another scheme ("ftp://", "javascript:") keeps it, and is refused.
_ADA_SKEMA = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://")


def dengan_skema(tautan: str) -> str:
    if tautan.startswith("//"):
        return "https:" + tautan
    return tautan if _ADA_SKEMA.match(tautan) else "https://" + tautan


@pakai_salinan_murah
class TerlaporForm(forms.Form):
    nama = kolom_teks("Nama terlapor", 150)
    nip = kolom_teks("NIP (jika tahu)", 24, wajib=False, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    jabatan = kolom_teks("Jabatan", 200, wajib=False)
    instansi_teks = kolom_teks("Instansi/tempat bekerja", 200)
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


@pakai_salinan_murah
class SaksiForm(forms.Form):
    nama = kolom_teks("Nama saksi", 150)
    kontak = kolom_teks("Kontak (telepon/alamat)", 200, wajib=False)
    keterangan = kolom_teks("Apa yang diketahui saksi", 300, wajib=False)


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


def data_terlapor(formset) -> list[dict]:
    return [{k: t[k] for k in ("nama", "nip", "jabatan", "instansi_teks", "jenis_asn")} for t in formset.bersih()]


def data_saksi(formset) -> list[dict]:
    return [{k: s[k] for k in ("nama", "kontak", "keterangan")} for s in formset.bersih()]
