"""The public forms: /lapor/ and /lacak/. Every refusal is a message next to the field."""

import re
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils import timezone

from netralitas.wilayah.models import Tingkat, Wilayah
from netralitas.wilayah.selectors import anak_wilayah, anak_wilayah_banyak

from .models import JalurPelanggaran, JenisASN, JenisPemilihan, KategoriPelanggaran, Status, Sumber, TingkatKantor
from .validators import validasi_nik, validasi_nip, validasi_telepon

MAKS_TAUTAN = 10
# The shape of a Kemendagri code at any level: 35, 35.07, 35.07.13, 35.07.13.1007.
KODE_WILAYAH = re.compile(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?")
PILIH = [("", "— Pilih —")]


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
        return _bukan_masa_depan(self.cleaned_data["tanggal_kejadian"])

    def clean_tanggal_diketahui(self):
        return _bukan_masa_depan(self.cleaned_data["tanggal_diketahui"])

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


def _bukan_masa_depan(tanggal):
    if tanggal > timezone.localdate():
        raise ValidationError("Tanggal tidak boleh di masa depan.")
    if tanggal.year < 2000:
        raise ValidationError("Tanggal terlalu lama.")
    return tanggal


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
                data["nip"] = validasi_nip(nip, jenis_asn=data.get("jenis_asn"))
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


def maks_berkas():
    return settings.BUKTI_MAKS_BERKAS


# --- Staff forms (admin): every one carries the case version its page was drawn from ----------


class _FormKasus(forms.Form):
    versi = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


LABEL_ALASAN_INTERNAL = "Alasan internal (hanya dibaca jajaran Bawaslu)"
BANTUAN_ALASAN_INTERNAL = "Tidak pernah ditampilkan kepada pelapor maupun instansi terlapor."
LABEL_PESAN_PELAPOR = "Pesan untuk pelapor (boleh kosong)"
BANTUAN_PESAN_PELAPOR = (
    "Dibaca pelapor apa adanya di halaman /lacak/, di bawah status publik. Jangan menulis hal internal, "
    "nama petugas, atau isi perkara yang tidak perlu diketahui pelapor. Kosongkan bila tidak ada pesan."
)
LABEL_PERMINTAAN = "Permintaan kelengkapan untuk pelapor (dibaca pelapor apa adanya)"
BANTUAN_PERMINTAAN = (
    "Pelapor membaca teks ini apa adanya di halaman /lacak/ dan diberi tahu lewat e-mail (tanpa isi teks ini). "
    "Tuliskan dengan jelas apa yang harus dilengkapi."
)


def _alasan_internal(**kw):
    return forms.CharField(
        label=LABEL_ALASAN_INTERNAL,
        help_text=BANTUAN_ALASAN_INTERNAL,
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        **kw,
    )


def _pesan_pelapor(**kw):
    return forms.CharField(
        label=LABEL_PESAN_PELAPOR,
        help_text=BANTUAN_PESAN_PELAPOR,
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "data-pratinjau": "pesan"}),
        **kw,
    )


class UbahStatusForm(_FormKasus):
    """Offers only the transitions the user's role may make from the case's current status. Staff
    text has an audience (DESIGN.md §3): the reason is internal, the message to the reporter a
    field of its own, shown on the page as the reporter will read it."""

    ke = forms.ChoiceField(label="Status baru", widget=forms.Select(attrs={"data-pratinjau": "ke"}))
    alasan = _alasan_internal()
    pesan_pelapor = _pesan_pelapor()
    kantor_tingkat_tujuan = forms.ChoiceField(label="Tingkat kantor tujuan (pelimpahan)", required=False)
    kantor_tujuan = forms.CharField(
        label="Kode wilayah kantor tujuan (pelimpahan)",
        required=False,
        max_length=13,
        help_text="Mis. 35 untuk Bawaslu Provinsi Jawa Timur, 35.07.13 untuk Panwaslu Kecamatan Kepanjen. "
        "Kosongkan untuk Bawaslu RI.",
    )

    def __init__(self, *args, transisi, **kwargs):
        super().__init__(*args, **kwargs)
        self.transisi = {t.ke: t for t in transisi}
        self.fields["ke"].choices = [(t.ke, Status(t.ke).label) for t in transisi]
        self.fields["kantor_tingkat_tujuan"].choices = [("", "—"), *TingkatKantor.choices]
        t = self.transisi.get(self.ke_terpilih)
        if t and t.pesan_wajib:
            # A completion request is written to the reporter: the field says so where staff type.
            self.fields["pesan_pelapor"].label = LABEL_PERMINTAAN
            self.fields["pesan_pelapor"].help_text = BANTUAN_PERMINTAAN
        if t and t.alasan_wajib:
            self.fields["alasan"].label = LABEL_ALASAN_INTERNAL.replace("(", "(wajib; ", 1)

    @property
    def ke_terpilih(self) -> str:
        """The target status the page is drawn for: the posted one, else the link's ?ke=."""
        ke = self.data.get("ke") if self.is_bound else self.initial.get("ke")
        return ke if isinstance(ke, str) else ""

    def clean(self):
        data = super().clean()
        t = self.transisi.get(data.get("ke"))
        if t and t.alasan_wajib and not data.get("alasan", "").strip():
            self.add_error("alasan", f"Alasan wajib diisi untuk perubahan ke “{Status(t.ke).label}”.")
        if t and t.pesan_wajib and not data.get("pesan_pelapor", "").strip():
            self.add_error(
                "pesan_pelapor",
                f"Tuliskan apa yang harus dilengkapi pelapor; pesan ini wajib untuk “{Status(t.ke).label}”.",
            )
        if data.get("ke") == Status.DILIMPAHKAN:
            if not data.get("kantor_tingkat_tujuan"):
                self.add_error("kantor_tingkat_tujuan", "Pilih tingkat kantor tujuan pelimpahan.")
            kode = data.get("kantor_tujuan", "").strip()
            data["kantor_tujuan_obj"] = Wilayah.objects.filter(kode=kode).first() if kode else None
            if kode and data["kantor_tujuan_obj"] is None:
                self.add_error("kantor_tujuan", "Kode wilayah tidak dikenal.")
        return data


class CatatanForm(_FormKasus):
    """A note is internal unless staff choose, deliberately, to write it to the reporter."""

    INTERNAL, PELAPOR = "internal", "pelapor"

    teks = forms.CharField(label="Catatan", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    audiens = forms.ChoiceField(
        label="Dibaca oleh",
        choices=[
            (INTERNAL, "Internal — hanya jajaran Bawaslu"),
            (PELAPOR, "Pesan untuk pelapor — tampil apa adanya di halaman /lacak/"),
        ],
        initial=INTERNAL,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Pilih siapa yang membaca catatan ini.",
            "invalid_choice": "Pilihan tidak dikenal.",
        },
    )

    def clean(self):
        data = super().clean()
        data["publik"] = data.get("audiens") == self.PELAPOR
        return data


class TugaskanForm(_FormKasus):
    kepada = forms.ModelChoiceField(label="Tugaskan kepada", queryset=None, required=False, empty_label="— Tidak ada —")

    def __init__(self, *args, staf, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kepada"].queryset = staf
        self.fields["kepada"].label_from_instance = lambda u: u.get_full_name() or u.username


class KajianAwalForm(_FormKasus):
    identitas_pelapor = forms.BooleanField(label="Syarat formal: identitas pelapor lengkap", required=False)
    dalam_tenggat = forms.BooleanField(label="Syarat formal: dilaporkan dalam batas waktu", required=False)
    terlapor_jelas = forms.BooleanField(label="Syarat materiil: identitas terlapor jelas", required=False)
    waktu_tempat = forms.BooleanField(label="Syarat materiil: waktu dan tempat kejadian jelas", required=False)
    kronologi_jelas = forms.BooleanField(label="Syarat materiil: uraian kejadian jelas", required=False)
    bukti_cukup = forms.BooleanField(label="Syarat materiil: bukti tersedia", required=False)
    catatan = forms.CharField(
        label="Catatan kajian", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DuplikatForm(_FormKasus):
    asli = forms.IntegerField(
        label="Nomor pengaduan asli",
        required=False,
        min_value=1,
        help_text="Nomor (#) pengaduan yang diulang oleh pengaduan ini. Kosongkan untuk mencabut tanda duplikat.",
    )


class PerpanjangForm(_FormKasus):
    alasan = forms.CharField(label="Alasan perpanjangan", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class InstansiTerlaporForm(_FormKasus):
    """One agency per terlapor, from the active Instansi (the one already set stays choosable)."""

    def __init__(self, *args, terlapor, usulan, **kwargs):
        super().__init__(*args, **kwargs)
        from netralitas.akun.models import Instansi

        self.terlapor = terlapor
        for t in terlapor:
            nama = f"terlapor_{t.pk}"
            self.fields[nama] = forms.ModelChoiceField(
                label=f"{t.nama}",
                queryset=Instansi.objects.filter(Q(aktif=True) | Q(pk=t.instansi_id)).order_by("nama"),
                required=False,
                empty_label="— Belum ditetapkan —",
                help_text=f"Menurut pelapor: “{t.instansi_teks}”"
                + ("" if t.instansi_id or not usulan.get(t.pk) else f" · usulan: {usulan[t.pk]}"),
            )
            self.initial.setdefault(nama, t.instansi_id or getattr(usulan.get(t.pk), "pk", None))

    def clean(self):
        data = super().clean()
        data["pilihan"] = {t.pk: data.get(f"terlapor_{t.pk}") for t in self.terlapor}
        return data


class TeruskanForm(_FormKasus):
    """The recommendation that forwards a case to the agencies (status: diteruskan)."""

    instansi = forms.ModelMultipleChoiceField(
        label="Instansi tujuan",
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="BKN dan/atau instansi terlapor (PPK dan inspektoratnya). Tahan Ctrl untuk memilih lebih dari satu.",
    )
    temuan = forms.CharField(label="Temuan / hasil kajian", max_length=10000, widget=forms.Textarea(attrs={"rows": 6}))
    jalur = forms.ChoiceField(label="Jalur pelanggaran", choices=JalurPelanggaran.choices)
    nomor_surat = forms.CharField(label="Nomor surat rekomendasi", max_length=100)
    tanggal_surat = forms.DateField(label="Tanggal surat", widget=forms.DateInput(attrs={"type": "date"}))
    surat = forms.FileField(label="Surat rekomendasi bertanda tangan (PDF)")
    alasan = _alasan_internal()
    pesan_pelapor = _pesan_pelapor()

    def __init__(self, *args, berpeninjau=None, **kwargs):
        super().__init__(*args, **kwargs)
        from netralitas.akun.models import Instansi

        self.fields["instansi"].queryset = Instansi.objects.filter(aktif=True).order_by("nama")
        if berpeninjau is not None:
            # Warned before sending: nobody at such an agency is told in the portal.
            self.fields["instansi"].label_from_instance = lambda i: (
                i.nama if i.pk in berpeninjau else f"{i.nama} — belum ada akun peninjau"
            )

    def clean_tanggal_surat(self):
        return _bukan_masa_depan(self.cleaned_data["tanggal_surat"])

    def clean_surat(self):
        return _pdf(self.cleaned_data["surat"], "Surat rekomendasi")


def _pdf(berkas, nama: str):
    from netralitas.berkas import periksa_pdf

    periksa_pdf(berkas, nama)
    return berkas


class LepasSalinanForm(_FormKasus):
    """Bawaslu releases a withheld evidence file to the agency, unstripped."""

    alasan = forms.CharField(
        label="Mengapa berkas ini aman diberikan",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Instansi akan menerima berkas asli apa adanya, termasuk metadatanya. Periksa dahulu isinya.",
    )


# --- The agency's forms (inspektorat/PPK) ---------------------------------------------------------

_TANGGAL = {"widget": forms.DateInput(attrs={"type": "date"})}


class MulaiPemeriksaanForm(_FormKasus):
    tanggal_mulai = forms.DateField(label="Tanggal mulai pemeriksaan", **_TANGGAL)
    pemeriksa = forms.CharField(label="Tim / pejabat pemeriksa", max_length=200)
    catatan = forms.CharField(
        label="Catatan", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_tanggal_mulai(self):
        return _bukan_masa_depan(self.cleaned_data["tanggal_mulai"])


class TidakTerbuktiForm(_FormKasus):
    tanggal = forms.DateField(label="Tanggal kesimpulan", **_TANGGAL)
    alasan = forms.CharField(
        label="Alasan tidak terbukti",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Untuk Bawaslu. Pelapor hanya membaca bahwa pelanggaran dinyatakan tidak terbukti.",
    )

    def clean_tanggal(self):
        return _bukan_masa_depan(self.cleaned_data["tanggal"])


class _IsianSanksi(forms.Form):
    """The fields of one sanction; the type, track and tier must agree with the law's table and
    with the recommendation's track (pengaduan.sanksi)."""

    jalur = forms.ChoiceField(
        label="Jalur", choices=[("", "— Pilih —"), ("etik", "Kode etik"), ("disiplin", "Disiplin")]
    )
    tingkat = forms.ChoiceField(label="Tingkat", choices=[])
    jenis = forms.ChoiceField(label="Jenis sanksi", choices=[])
    nomor_sk = forms.CharField(label="Nomor SK", max_length=120, error_messages={"required": "Nomor SK wajib diisi."})
    tanggal_sk = forms.DateField(label="Tanggal SK", **_TANGGAL)
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
        from .models import TingkatSanksi
        from .sanksi import pilihan_jenis

        self.jalur_rekomendasi = jalur_rekomendasi
        self.fields["tingkat"].choices = PILIH + list(TingkatSanksi.choices)
        self.fields["jenis"].choices = PILIH + pilihan_jenis()

    def clean_tanggal_sk(self):
        return _bukan_masa_depan(self.cleaned_data["tanggal_sk"])

    def clean_dokumen_sk(self):
        return _pdf(self.cleaned_data["dokumen_sk"], "Dokumen SK")

    def clean_nomor_sk(self):
        nomor = " ".join(self.cleaned_data["nomor_sk"].split())
        if not nomor:
            raise ValidationError("Nomor SK wajib diisi.")
        return nomor

    def clean(self):
        from .sanksi import periksa

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


class SanksiForm(_FormKasus, _IsianSanksi):
    terlapor = forms.ModelChoiceField(label="Terlapor", queryset=None, empty_label="— Pilih —")
    field_order = ["terlapor", "jalur", "tingkat", "jenis"]

    def __init__(self, *args, terlapor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["terlapor"].queryset = terlapor


class KeberatanForm(_FormKasus):
    sanksi = forms.ModelChoiceField(label="Sanksi yang diajukan keberatan", queryset=None, empty_label="— Pilih —")
    tanggal = forms.DateField(label="Tanggal keberatan diajukan", **_TANGGAL)
    uraian = forms.CharField(label="Uraian keberatan", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, sanksi=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sanksi"].queryset = sanksi

    def clean_tanggal(self):
        return _bukan_masa_depan(self.cleaned_data["tanggal"])


class PutusanKeberatanForm(_FormKasus, _IsianSanksi):
    """Rejected: the sanction stands. Granted: the amended sanction's fields are required."""

    hasil = forms.ChoiceField(
        label="Putusan",
        choices=[("", "— Pilih —"), ("ditolak", "Ditolak: sanksi tetap"), ("dikabulkan", "Dikabulkan: sanksi diubah")],
    )
    tanggal = forms.DateField(label="Tanggal putusan", **_TANGGAL)
    keterangan = forms.CharField(
        label="Pertimbangan putusan", max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    field_order = ["hasil", "tanggal", "keterangan"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.data_hasil = (self.data.get("hasil") if self.is_bound else "") or ""
        if self.data_hasil != "dikabulkan":
            for nama in _IsianSanksi.base_fields:
                self.fields[nama].required = False

    def clean_tanggal(self):
        return _bukan_masa_depan(self.cleaned_data["tanggal"])

    def clean_dokumen_sk(self):
        berkas = self.cleaned_data.get("dokumen_sk")
        return _pdf(berkas, "Dokumen SK") if berkas else berkas

    def clean_nomor_sk(self):
        return " ".join((self.cleaned_data.get("nomor_sk") or "").split())

    def clean_tanggal_sk(self):
        t = self.cleaned_data.get("tanggal_sk")
        return _bukan_masa_depan(t) if t else t

    def clean(self):
        d = forms.Form.clean(self)
        if d.get("hasil") == "dikabulkan":
            return _IsianSanksi.clean(self)
        return d


class SelesaiForm(_FormKasus):
    konfirmasi = forms.BooleanField(label="Sanksi telah berkekuatan tetap dan tidak ada keberatan yang berjalan")
