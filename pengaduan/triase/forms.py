"""Bawaslu's action forms in the admin: a status change, a note, the assignment, the kajian awal
checklist, duplicates, the deadline extension, the terlapor's agencies, the recommendation and the
release of a withheld file. Each carries the case version its page was drawn from (FormTindakan)."""

from django import forms
from django.db.models import Q
from django.utils import timezone

from netralitas.akun.models import Instansi
from netralitas.berkas import JENIS_DITERIMA, periksa_berkas
from netralitas.wilayah.models import Wilayah

from ..admin_tindakan import FormTindakan
from ..isian import PILIH, berkas_pdf, bukan_masa_depan
from ..models import (
    CaraKirim,
    CaraPemberitahuan,
    JalurPelanggaran,
    KedudukanKlarifikasi,
    Status,
    TingkatKantor,
)

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


class UbahStatusForm(FormTindakan):
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


class CatatanForm(FormTindakan):
    """A note is internal unless staff choose, deliberately, to write it to the reporter."""

    INTERNAL, PELAPOR = "internal", "pelapor"

    teks = forms.CharField(label="Catatan", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    audiens = forms.ChoiceField(
        label="Dibaca oleh",
        choices=[
            (INTERNAL, "Internal — hanya jajaran Bawaslu"),
            (PELAPOR, "Pesan untuk pelapor — tampil apa adanya di percakapan pada halaman /lacak/"),
        ],
        initial=INTERNAL,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Pilih siapa yang membaca catatan ini.",
            "invalid_choice": "Pilihan tidak dikenal.",
        },
    )

    def __init__(self, *args, untuk_pelapor: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not untuk_pelapor:
            # The reporter hears from the handling office only: staff who see the case as the
            # incident's Panwascam write internal notes.
            self.fields["audiens"].choices = self.fields["audiens"].choices[:1]

    def clean(self):
        data = super().clean()
        data["publik"] = data.get("audiens") == self.PELAPOR
        return data


class KlarifikasiForm(FormTindakan):
    """A clarification's result: who was heard, in what capacity, when and where, what they said,
    and (optionally) the signed record or recording, checked by its content as evidence is."""

    pihak = forms.CharField(
        label="Nama pihak yang diklarifikasi",
        max_length=150,
        error_messages={"required": "Nama pihak yang diklarifikasi wajib diisi."},
    )
    kedudukan = forms.ChoiceField(
        label="Kedudukan",
        choices=[("", "— Pilih —"), *KedudukanKlarifikasi.choices],
        error_messages={
            "required": "Pilih kedudukan pihak yang diklarifikasi.",
            "invalid_choice": "Pilih kedudukan pihak yang diklarifikasi.",
        },
    )
    tanggal = forms.DateField(
        label="Tanggal klarifikasi",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Tanggal klarifikasi wajib diisi.",
            "invalid": "Tanggal klarifikasi tidak sah; tulis seperti 2026-12-07.",
        },
    )
    tempat = forms.CharField(label="Tempat klarifikasi", max_length=200, required=False)
    ringkasan = forms.CharField(
        label="Ringkasan keterangan",
        error_messages={"required": "Ringkasan keterangan wajib diisi."},
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Internal: dibaca jajaran Bawaslu saja, tidak pernah oleh pelapor maupun instansi terlapor.",
    )
    dokumen = forms.FileField(
        label="Berita acara klarifikasi (boleh kosong)",
        required=False,
        help_text=f"Pindaian berita acara bertanda tangan atau rekamannya: {JENIS_DITERIMA}.",
    )

    def clean_pihak(self):
        pihak = " ".join(self.cleaned_data["pihak"].split())
        if not pihak:
            raise forms.ValidationError("Nama pihak yang diklarifikasi wajib diisi.")
        return pihak

    def clean_ringkasan(self):
        ringkasan = self.cleaned_data["ringkasan"].strip()
        if not ringkasan:
            raise forms.ValidationError("Ringkasan keterangan wajib diisi.")
        return ringkasan

    def clean_tanggal(self):
        return bukan_masa_depan(self.cleaned_data["tanggal"])

    def clean_dokumen(self):
        berkas = self.cleaned_data.get("dokumen")
        if berkas:
            periksa_berkas(berkas)
        return berkas


class PesanPelaporForm(CatatanForm):
    """The note's form drawn for a message to the reporter: the same audience choice, said as one."""

    teks = forms.CharField(label="Pesan", max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))


class TugaskanForm(FormTindakan):
    kepada = forms.ModelChoiceField(label="Tugaskan kepada", queryset=None, required=False, empty_label="— Tidak ada —")

    def __init__(self, *args, staf, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kepada"].queryset = staf
        self.fields["kepada"].label_from_instance = lambda u: u.get_full_name() or u.username


class KajianAwalForm(FormTindakan):
    identitas_pelapor = forms.BooleanField(label="Syarat formal: identitas pelapor lengkap", required=False)
    dalam_tenggat = forms.BooleanField(label="Syarat formal: dilaporkan dalam batas waktu", required=False)
    terlapor_jelas = forms.BooleanField(label="Syarat materiil: identitas terlapor jelas", required=False)
    waktu_tempat = forms.BooleanField(label="Syarat materiil: waktu dan tempat kejadian jelas", required=False)
    kronologi_jelas = forms.BooleanField(label="Syarat materiil: uraian kejadian jelas", required=False)
    bukti_cukup = forms.BooleanField(label="Syarat materiil: bukti tersedia", required=False)
    catatan = forms.CharField(
        label="Catatan kajian", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DuplikatForm(FormTindakan):
    asli = forms.IntegerField(
        label="Nomor pengaduan asli",
        required=False,
        min_value=1,
        help_text="Nomor (#) pengaduan yang diulang oleh pengaduan ini. Kosongkan untuk mencabut tanda duplikat.",
    )


class PerpanjangForm(FormTindakan):
    alasan = forms.CharField(label="Alasan perpanjangan", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class PemberitahuanPerbaikanForm(FormTindakan):
    """The notice of a completion request given outside the portal: how and when."""

    cara = forms.ChoiceField(
        label="Cara pemberitahuan",
        choices=[("", "— Pilih —")] + [c for c in CaraPemberitahuan.choices if c[0] != CaraPemberitahuan.EMAIL_SISTEM],
    )
    waktu = forms.DateTimeField(
        label="Waktu pelapor diberi tahu",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text="Batas waktu pelapor melengkapi laporan dihitung dari tanggal ini.",
    )
    keterangan = forms.CharField(
        label="Keterangan (internal)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Misalnya nomor telepon yang dihubungi atau nomor surat. " + BANTUAN_ALASAN_INTERNAL,
    )

    def clean_waktu(self):
        waktu = self.cleaned_data["waktu"]
        if waktu > timezone.now():
            raise forms.ValidationError("Waktu pemberitahuan tidak boleh di masa depan.")
        if timezone.localtime(waktu).year < 2000:
            raise forms.ValidationError("Tanggal terlalu lama.")
        return waktu


class InstansiTerlaporForm(FormTindakan):
    """One agency per terlapor, from the active Instansi (the one already set stays choosable)."""

    def __init__(self, *args, terlapor, usulan, **kwargs):
        super().__init__(*args, **kwargs)
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


class TeruskanForm(FormTindakan):
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

    def __init__(self, *args, berpeninjau=None, usulan_jalur=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instansi"].queryset = Instansi.objects.filter(aktif=True).order_by("nama")
        if usulan_jalur is not None:
            # Suggested from the case's category (SKB 2022 Lampiran II); the finding decides.
            jalur, alasan = usulan_jalur
            self.fields["jalur"].help_text = f"Usulan: {JalurPelanggaran(jalur).label.lower()}. {alasan}"
        if berpeninjau is not None:
            # Warned before sending: nobody at such an agency is told in the portal.
            self.fields["instansi"].label_from_instance = lambda i: (
                i.nama if i.pk in berpeninjau else f"{i.nama} — belum ada akun peninjau"
            )

    def clean_tanggal_surat(self):
        return bukan_masa_depan(self.cleaned_data["tanggal_surat"])

    def clean_surat(self):
        return berkas_pdf(self.cleaned_data["surat"], "Surat rekomendasi")


class LepasSalinanForm(FormTindakan):
    """Bawaslu releases a withheld evidence file to the agency, unstripped."""

    alasan = forms.CharField(
        label="Mengapa berkas ini aman diberikan",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Instansi akan menerima berkas asli apa adanya, termasuk metadatanya. Periksa dahulu isinya.",
    )


# --- The agency's forms (inspektorat/PPK) ---------------------------------------------------------


class PaketRekomendasiForm(forms.Form):
    """The recommendation package for an agency outside the portal: for which agency, sent how."""

    instansi = forms.ModelChoiceField(label="Untuk instansi", queryset=None, empty_label="— Pilih —")
    cara_kirim = forms.ChoiceField(label="Dikirim melalui", choices=PILIH + list(CaraKirim.choices))
    referensi_kirim = forms.CharField(
        label="Referensi pengiriman",
        max_length=120,
        required=False,
        help_text="Mis. nomor resi pos, nomor agenda surat keluar, atau alamat e-mail tujuan.",
    )

    def __init__(self, *args, instansi=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instansi"].queryset = instansi

    def clean_referensi_kirim(self):
        return " ".join(self.cleaned_data["referensi_kirim"].split())
