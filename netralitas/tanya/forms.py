"""The public question form, the list's search, and the staff's answer and publication forms.
Every refusal is a message in Bahasa Indonesia beside its field; what was typed is kept."""

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError

from netralitas.wilayah.models import Tingkat, Wilayah
from netralitas.wilayah.selectors import anak_wilayah_banyak
from pengaduan.models import KategoriPelanggaran

from .models import MAKS_ISI, MAKS_JAWABAN

PILIH_NASIONAL = [("", "— Tidak memilih (Bawaslu RI) —")]
PILIH_PROVINSI = [("", "— Seluruh provinsi (Bawaslu Provinsi) —")]
KODE_PROVINSI = re.compile(r"[0-9]{2}")
KODE_KABKOTA = re.compile(r"[0-9]{2}\.[0-9]{2}")
MIN_ISI = 15
PESAN_WILAYAH = "Wilayah tidak dikenali. Pilih dari daftar."


def _teks_panjang(label, maks, *, minimal=0, baris=6, **kw):
    pesan = {
        "required": f"{label} wajib diisi.",
        "max_length": f"{label} terlalu panjang: paling banyak {maks} karakter (sekarang %(show_value)d).",
    }
    if minimal:
        pesan["min_length"] = f"{label} terlalu pendek: tulis paling sedikit {minimal} karakter."
    return forms.CharField(
        label=label,
        max_length=maks,
        min_length=minimal or None,
        strip=True,
        widget=forms.Textarea(attrs={"rows": baris}),
        error_messages=pesan,
        **kw,
    )


class TanyaForm(forms.Form):
    token_pengajuan = forms.UUIDField(widget=forms.HiddenInput)
    kategori = forms.ModelChoiceField(
        label="Topik",
        queryset=KategoriPelanggaran.objects.filter(aktif=True),
        empty_label="— Pilih —",
        error_messages={
            "required": "Pilih topik pertanyaan.",
            "invalid_choice": "Topik tidak dikenali. Pilih dari daftar.",
        },
        help_text="Jenis pelanggaran netralitas yang paling dekat dengan pertanyaan Anda.",
    )
    isi = _teks_panjang(
        "Pertanyaan",
        MAKS_ISI,
        minimal=MIN_ISI,
        help_text="Misalnya: Bolehkah ASN menyukai unggahan calon bupati di Facebook? Pertanyaan ini tidak "
        "diterbitkan apa adanya: bila diterbitkan, Bawaslu menulis ulang tanpa nama, tempat, atau hal lain "
        "yang dapat mengenali Anda.",
    )
    provinsi = forms.ChoiceField(
        label="Provinsi", choices=PILIH_NASIONAL, required=False, error_messages={"invalid_choice": PESAN_WILAYAH}
    )
    kabupaten = forms.ChoiceField(
        label="Kabupaten/Kota",
        choices=PILIH_PROVINSI,
        required=False,
        error_messages={"invalid_choice": PESAN_WILAYAH + " Pilih provinsinya dahulu."},
    )
    nama = forms.CharField(label="Nama (boleh dikosongkan)", max_length=150, required=False, strip=True)
    instansi = forms.CharField(label="Instansi (boleh dikosongkan)", max_length=200, required=False, strip=True)
    email = forms.EmailField(
        label="E-mail untuk menerima jawaban (boleh dikosongkan)",
        required=False,
        max_length=254,
        error_messages={"invalid": "Alamat e-mail tidak sah, misalnya nama@contoh.go.id."},
        help_text="Jawaban dikirim sekali ke alamat ini, lalu alamatnya dihapus. Tanpa e-mail, jawaban hanya "
        "dapat dibaca di daftar tanya jawab bila Bawaslu menerbitkannya.",
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
        self.fields["kategori"].label_from_instance = lambda k: k.nama
        data = self.data if self.is_bound else {}
        provinsi = str(data.get("provinsi", ""))[:2]
        minta = [None] + ([provinsi] if KODE_PROVINSI.fullmatch(provinsi) else [])
        anak = anak_wilayah_banyak(minta)
        self.fields["provinsi"].choices = PILIH_NASIONAL + anak[None]
        if provinsi in dict(anak[None]):
            self.fields["kabupaten"].choices = PILIH_PROVINSI + anak[provinsi]
        # The same chained selects as /lapor/ (static/js/lapor.js): with JavaScript the next level
        # is fetched from /wilayah/anak/; without, "Pilih provinsi" posts the form back.
        self.fields["provinsi"].widget.attrs["data-wilayah"] = "provinsi"
        self.fields["kabupaten"].widget.attrs["data-wilayah"] = "kabupaten"
        self.fields["isi"].widget.attrs["maxlength"] = MAKS_ISI

    def clean(self):
        data = super().clean()
        if data.get("situs_web"):
            raise ValidationError("Formulir tidak dapat diproses. Muat ulang halaman lalu coba lagi.")
        data["wilayah"] = self._wilayah(data)
        return data

    def _wilayah(self, data):
        """The office asked: the kabupaten/kota when one is chosen, else the province, else none
        (Bawaslu RI)."""
        kode = data.get("kabupaten") or data.get("provinsi") or ""
        if not kode:
            return None
        if not (KODE_KABKOTA.fullmatch(kode) or KODE_PROVINSI.fullmatch(kode)):
            self.add_error("kabupaten", "Wilayah tidak ditemukan. Pilih ulang.")
            return None
        w = Wilayah.objects.filter(kode=kode, tingkat__lte=Tingkat.KABUPATEN_KOTA).first()
        if w is None:
            self.add_error("kabupaten", "Wilayah tidak ditemukan. Pilih ulang.")
        return w


class CariForm(forms.Form):
    """The public list's search: words and a topic. A topic that does not exist is dropped."""

    q = forms.CharField(label="Cari kata", max_length=200, required=False, strip=True)
    topik = forms.ChoiceField(label="Topik", required=False)

    def __init__(self, *args, pilihan_topik=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topik"].choices = [("", "Semua topik"), *pilihan_topik]
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": "mis. facebook, foto, cuti"})


class JawabForm(forms.Form):
    jawaban = _teks_panjang(
        "Jawaban",
        MAKS_JAWABAN,
        baris=12,
        help_text="Dikirim ke e-mail penanya (bila diisi) saat pertama kali disimpan. Sebut dasar hukumnya "
        "(mis. PP 94/2021, SKB 2022 Lampiran II).",
    )


class TerbitkanForm(forms.Form):
    isi_publik = _teks_panjang(
        "Pertanyaan versi publik",
        MAKS_ISI,
        baris=6,
        help_text="Tulis ulang pertanyaan tanpa nama orang, instansi, tempat, jabatan, tanggal, atau hal lain yang "
        "dapat mengenali penanya atau orang yang dibicarakan. Pertanyaan asli tidak pernah diterbitkan.",
    )
    jawaban_publik = _teks_panjang(
        "Jawaban versi publik",
        MAKS_JAWABAN,
        baris=10,
        help_text="Jawaban yang tampil di daftar publik; hapus sapaan atau rincian yang hanya untuk penanya.",
    )
    yakin = forms.BooleanField(
        label="Saya sudah memeriksa bahwa kedua teks tidak memuat apa pun yang dapat mengenali penanya.",
        error_messages={"required": "Centang pernyataan ini untuk menerbitkan."},
    )


class BatalTerbitForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan (untuk log audit, boleh kosong)",
        max_length=500,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
