"""Bawaslu's actions on a case page, one class each: the form it draws, and the one service it
runs. The page around them is `admin_tindakan.AdminTindakanMixin`'s."""

from django import forms
from django.contrib import messages
from django.utils import timezone
from django.utils.formats import date_format

from .. import retensi, workflow
from ..admin_tindakan import FormTindakan, Tindakan
from ..models import STATUS_TERMINAL, ArahPesan, KajianAwal, Status
from ..sanksi import usul_jalur
from ..selectors import (
    LABEL_PEMBERITAHUAN,
    menangani,
    pengaduan_visible_to,
    peran_pengguna,
    staf_lingkup_pengaduan,
    usul_instansi,
)
from ..tenggat import tenggat_langkah
from ..tindak_lanjut import services as tindak_lanjut
from ..tindak_lanjut.selectors import instansi_berpeninjau, instansi_tanpa_peninjau
from ..transisi import TransisiDitolak, email_pelapor, kantor_tujuan_sah, limpahkan, ubah_status
from . import services
from .atas_nama import TINDAKAN_ATAS_NAMA
from .forms import (
    CatatanForm,
    DuplikatForm,
    InstansiTerlaporForm,
    KajianAwalForm,
    KlarifikasiForm,
    PemberitahuanPerbaikanForm,
    PerpanjangForm,
    PesanPelaporForm,
    TeruskanForm,
    TugaskanForm,
    UbahStatusForm,
)


def pratinjau_pelapor(p, ke: str, form) -> dict | None:
    """What the reporter will read on /lacak/ if this form is saved, drawn by the admin page with
    the same templates /lacak/ uses: the public status label and the message to the reporter."""
    t = workflow.transisi(p.status, ke)
    if t is None or not t.publik:
        return None
    pesan = str(form.data.get("pesan_pelapor", "") if form.is_bound else "").strip()
    if t.pesan_wajib:
        langkah = workflow.LANGKAH_TENGGAT.get(ke)
        return {
            "jenis": "permintaan",
            "pesan": pesan,
            # A reporter without an e-mail reads no date until staff record the notice (the window
            # runs from it: transisi.pindahkan).
            "tenggat": tenggat_langkah(p.jenis_pemilihan, langkah, timezone.localdate())
            if langkah and (ke != Status.PERLU_PERBAIKAN or email_pelapor(p))
            else None,
        }
    return {"jenis": "entri", "entri": {"waktu": timezone.now(), "label": workflow.LABEL_PUBLIK[ke], "pesan": pesan}}


class UbahStatus(Tindakan):
    """The transitions the user's role may make from the case's status, except those that need a
    record of their own (forwarding has its page; a sanction is the agency's)."""

    judul = "Ubah status"
    form_class = UbahStatusForm

    def awal(self, request, p):
        return {"ke": request.GET.get("ke", "")}

    def argumen_form(self, request, p):
        return {
            "transisi": [
                t
                for t in workflow.transisi_untuk(p.status, peran_pengguna(request.user))
                if t.ke not in workflow.STATUS_DENGAN_CATATAN
            ]
        }

    def konteks(self, request, p, form):
        ke = form.ke_terpilih if form.ke_terpilih in form.transisi else next(iter(form.transisi), "")
        return {
            "kantor_naik": kantor_tujuan_sah(p),
            "pratinjau": pratinjau_pelapor(p, ke, form),
            "label_publik": {ke: workflow.LABEL_PUBLIK[ke] for ke in form.transisi},
        }

    def jalankan(self, request, p, form):
        d = form.cleaned_data
        umum = {
            "pengaduan": p,
            "peran": peran_pengguna(request.user),
            "oleh": request.user,
            "alasan": d["alasan"],
            "pesan_pelapor": d["pesan_pelapor"],
            "versi": d["versi"],
        }
        if d["ke"] == Status.DILIMPAHKAN:
            limpahkan(**umum, tingkat=d.get("kantor_tingkat_tujuan") or None, kantor_tujuan=d.get("kantor_tujuan_obj"))
        else:
            ubah_status(**umum, ke=d["ke"])
        return f"Status pengaduan kini “{Status(p.status).label}”." + (
            f" Nomor registrasi: {p.nomor_registrasi}." if p.status == Status.DIREGISTRASI else ""
        )


class TambahCatatan(Tindakan):
    judul = "Tambah catatan"
    form_class = CatatanForm
    periksa_versi = False  # a note changes nothing another officer could have changed
    bagi_pemantau = True

    def argumen_form(self, request, p):
        return {"untuk_pelapor": menangani(request.user, p)}

    def konteks(self, request, p, form):
        data = form.data if form.is_bound else {}
        audiens = data.get("audiens", form.initial.get("audiens") or form.fields["audiens"].initial)
        catatan = {
            "jenis": "catatan",
            "catatan": str(data.get("teks", "")).strip(),
            "untuk_pelapor": audiens == CatatanForm.PELAPOR,
        }
        catatan["pesan"] = {"arah": ArahPesan.KEPADA_PELAPOR, "dibuat": timezone.now(), "teks": catatan["catatan"]}
        return {"pratinjau": catatan}

    def jalankan(self, request, p, form):
        d = form.cleaned_data
        if d["publik"]:
            services.kirim_pesan_ke_pelapor(pengaduan=p, oleh=request.user, teks=d["teks"])
            return "Pesan terkirim ke pelapor: tampil di percakapan pada halaman /lacak/."
        services.tambah_catatan(pengaduan=p, oleh=request.user, teks=d["teks"])
        return "Catatan internal disimpan."


class KirimPesan(TambahCatatan):
    """The same form as a note, drawn for a message to the reporter: one notion of it, the
    conversation's, and the audience still chosen deliberately on the page."""

    judul = "Pesan untuk pelapor"
    form_class = PesanPelaporForm
    dari = frozenset(Status) - frozenset(STATUS_TERMINAL)

    def awal(self, request, p):
        return {"audiens": CatatanForm.PELAPOR}


class CatatKlarifikasi(Tindakan):
    """The result of a clarification, by the handling office or the incident's Panwascam."""

    judul = "Catat hasil klarifikasi"
    form_class = KlarifikasiForm
    periksa_versi = False  # a record of its own: nothing another officer changed is overwritten
    bagi_pemantau = True

    def awal(self, request, p):
        return {"tanggal": timezone.localdate()}

    def jalankan(self, request, p, form):
        d = form.cleaned_data
        services.catat_klarifikasi(
            pengaduan=p,
            oleh=request.user,
            pihak=d["pihak"],
            kedudukan=d["kedudukan"],
            tanggal=d["tanggal"],
            tempat=d["tempat"],
            ringkasan=d["ringkasan"],
            dokumen=d.get("dokumen"),
        )
        return "Hasil klarifikasi disimpan (internal)."


class Tugaskan(Tindakan):
    judul = "Tugaskan pengaduan"
    form_class = TugaskanForm

    def awal(self, request, p):
        return {"kepada": p.ditugaskan_id}

    def argumen_form(self, request, p):
        return {"staf": staf_lingkup_pengaduan(p)}

    def jalankan(self, request, p, form):
        services.tugaskan(pengaduan=p, kepada=form.cleaned_data["kepada"], oleh=request.user)
        return "Penugasan disimpan."


class IsiKajianAwal(Tindakan):
    judul = "Daftar periksa kajian awal"
    form_class = KajianAwalForm

    def awal(self, request, p):
        k = KajianAwal.objects.filter(pengaduan=p).first()
        if k is None:
            return {}
        return {
            **{f: getattr(k, f) for f in KajianAwal.SYARAT_FORMAL + KajianAwal.SYARAT_MATERIIL},
            "catatan": k.catatan,
        }

    def jalankan(self, request, p, form):
        syarat = {k: v for k, v in form.cleaned_data.items() if k != "versi"}
        services.simpan_kajian_awal(pengaduan=p, oleh=request.user, **syarat)
        return "Daftar periksa kajian awal disimpan."


class TandaiDuplikat(Tindakan):
    judul = "Tandai duplikat"
    form_class = DuplikatForm

    def awal(self, request, p):
        return {"asli": p.duplikat_dari_id}

    def jalankan(self, request, p, form):
        pk_asli = form.cleaned_data["asli"]
        asli = pengaduan_visible_to(request.user).filter(pk=pk_asli).first() if pk_asli else None
        if pk_asli and asli is None:
            raise TransisiDitolak("Pengaduan asli tidak ditemukan di wilayah Anda.")
        services.tandai_duplikat(pengaduan=p, asli=asli, oleh=request.user)
        return f"Ditandai sebagai duplikat dari #{asli.pk}." if asli else "Tanda duplikat dicabut."


class PerpanjangTenggat(Tindakan):
    judul = "Perpanjang tenggat"
    form_class = PerpanjangForm

    def jalankan(self, request, p, form):
        d = form.cleaned_data
        services.perpanjang_tenggat(pengaduan=p, oleh=request.user, alasan=d["alasan"], versi=d["versi"])
        return f"Tenggat diperpanjang hingga {date_format(p.tenggat, 'j F Y')}."


class CatatPemberitahuanPerbaikan(Tindakan):
    """The reporter gave no e-mail, so the portal could not tell them of the completion request:
    staff record when and how they did (LangkahTenggat.PEMBERITAHUAN_PERBAIKAN)."""

    judul = "Catat pemberitahuan perbaikan kepada pelapor"
    form_class = PemberitahuanPerbaikanForm
    dari = frozenset({Status.PERLU_PERBAIKAN})

    def awal(self, request, p):
        return {"waktu": timezone.localtime().replace(second=0, microsecond=0)}

    def jalankan(self, request, p, form):
        d = form.cleaned_data
        services.catat_pemberitahuan_perbaikan(
            pengaduan=p,
            oleh=request.user,
            cara=d["cara"],
            waktu=d["waktu"],
            keterangan=d["keterangan"],
            versi=d["versi"],
        )
        return "Pemberitahuan perbaikan dicatat." + (
            f" Batas pelapor melengkapi: {date_format(p.tenggat, 'j F Y')}." if p.tenggat else ""
        )


class TetapkanInstansi(Tindakan):
    judul = "Tetapkan instansi terlapor"
    form_class = InstansiTerlaporForm

    def argumen_form(self, request, p):
        terlapor = list(p.terlapor.all())
        return {"terlapor": terlapor, "usulan": {t.pk: usul_instansi(t, p) for t in terlapor if not t.instansi_id}}

    def jalankan(self, request, p, form):
        services.tetapkan_instansi(pengaduan=p, pilihan=form.cleaned_data["pilihan"], oleh=request.user)
        return "Instansi terlapor disimpan."


class Teruskan(Tindakan):
    judul = "Teruskan rekomendasi ke instansi"
    form_class = TeruskanForm

    def awal(self, request, p):
        return {
            "instansi": sorted({t.instansi_id for t in p.terlapor.all() if t.instansi_id}),
            "jalur": usul_jalur(p.kategori)[0],
        }

    def argumen_form(self, request, p):
        return {"berpeninjau": instansi_berpeninjau(p), "usulan_jalur": usul_jalur(p.kategori)}

    def konteks(self, request, p, form):
        return {"pratinjau": pratinjau_pelapor(p, Status.DITERUSKAN, form)}

    def jalankan(self, request, p, form):
        d = form.cleaned_data
        tindak_lanjut.teruskan(
            pengaduan=p,
            peran=peran_pengguna(request.user),
            oleh=request.user,
            instansi=d["instansi"],
            temuan=d["temuan"],
            jalur=d["jalur"],
            nomor_surat=d["nomor_surat"],
            tanggal_surat=d["tanggal_surat"],
            surat=d["surat"],
            alasan=d["alasan"],
            pesan_pelapor=d["pesan_pelapor"],
            versi=d["versi"],
        )
        _peringatkan_tanpa_peninjau(request, p)
        return "Rekomendasi diteruskan ke instansi tujuan."


def _peringatkan_tanpa_peninjau(request, p):
    """Nobody at an agency without a reviewer account is told in the portal: the staff member who
    forwarded the case is, at once, and the office is reminded weekly."""
    tanpa = instansi_tanpa_peninjau(p)
    if not tanpa:
        return
    ber_email = [i.nama for i in tanpa if i.email]
    tanpa_email = [i.nama for i in tanpa if not i.email]
    pesan = f"Perhatian: {', '.join(i.nama for i in tanpa)} belum memiliki akun peninjau, jadi tidak ada yang diberi tahu di portal."
    if ber_email:
        pesan += f" Pemberitahuan tanpa rincian perkara dikirim ke e-mail resmi {', '.join(ber_email)}."
    if tanpa_email:
        pesan += f" {', '.join(tanpa_email)} tidak memiliki e-mail resmi yang tercatat."
    pesan += (
        " Sampaikan surat rekomendasi lewat jalur dinas: buat paket rekomendasi (PDF dan ZIP salinan bukti) "
        "dari halaman pengaduan. Kantor penanganan diingatkan setiap minggu sampai "
        "peninjau instansi itu membuka pengaduan ini. Akun peninjau dapat diundang lewat Akun staf › Undangan "
        "peninjau; peninjau yang menerima undangan diberi tahu pengaduan ini."
    )
    messages.warning(request, pesan)


class KirimPemberitahuan(Tindakan):
    """Send the reporter the notice of the current status (the PDF on /lacak/, an e-mail without
    case details when an address was given). The page shows what the reporter's timeline will say."""

    judul = "Kirim pemberitahuan status ke pelapor"
    form_class = FormTindakan

    def konteks(self, request, p, form):
        return {
            "pratinjau": {
                "jenis": "entri",
                "entri": {
                    "waktu": timezone.now(),
                    "label": LABEL_PEMBERITAHUAN,
                    "pesan": f"Status yang diberitahukan: {workflow.LABEL_PUBLIK[p.status]}",
                },
            }
        }

    def jalankan(self, request, p, form):
        n = services.kirim_pemberitahuan_status(pengaduan=p, oleh=request.user)
        return "Pemberitahuan status tersedia bagi pelapor di halaman Lacak" + (
            " dan pelapor diberi tahu lewat e-mail tanpa rincian perkara."
            if n.surel
            else " (pelapor tidak memberi alamat e-mail)."
        )


class FormTahanan(FormTindakan):
    alasan = forms.CharField(label="Alasan", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, strip=True)


class PasangTahanan(Tindakan):
    """A legal hold: nothing of the case is erased by the retention job while it is in force."""

    judul = "Pasang penahanan hukum"
    form_class = FormTahanan
    periksa_versi = False  # a record of its own; the case's fields do not change
    izin = "pengaduan.tahan_hukum"
    layanan = staticmethod(retensi.pasang_tahanan)
    pesan = "Penahanan hukum dipasang: data pribadi pengaduan ini tidak dihapus selama penahanan berlaku."

    def jalankan(self, request, p, form):
        try:
            self.layanan(pengaduan=p, oleh=request.user, alasan=form.cleaned_data["alasan"])
        except retensi.PenahananDitolak as e:
            raise TransisiDitolak(str(e)) from None
        return self.pesan


class LepasTahanan(PasangTahanan):
    judul = "Cabut penahanan hukum"
    layanan = staticmethod(retensi.lepas_tahanan)
    pesan = "Penahanan hukum dicabut: data pribadi pengaduan ini kembali mengikuti aturan retensi."


TINDAKAN = {
    "status": UbahStatus(),
    "catatan": TambahCatatan(),
    "klarifikasi": CatatKlarifikasi(),
    "pesan": KirimPesan(),
    "tugaskan": Tugaskan(),
    "kajian": IsiKajianAwal(),
    "duplikat": TandaiDuplikat(),
    "perpanjang": PerpanjangTenggat(),
    "pemberitahuan-perbaikan": CatatPemberitahuanPerbaikan(),
    "instansi": TetapkanInstansi(),
    "teruskan": Teruskan(),
    "pemberitahuan": KirimPemberitahuan(),
    "tahan": PasangTahanan(),
    "lepas-tahanan": LepasTahanan(),
    **TINDAKAN_ATAS_NAMA,
}
