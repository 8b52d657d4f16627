"""The inspektorat/PPK reviewer's surface: cases forwarded to their agency (`kasus_instansi_visible_to`),
shown without the reporter's identity, the reporter's own account, witnesses or internal notes; the
evidence only as copies without metadata; and the forms that record the agency's decisions.

It is a separate admin on a proxy model so that nothing of the Bawaslu case page can reach a
reviewer through a forgotten check: the templates here never receive those rows at all."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from netralitas.berkas import respons_berkas

from .. import sanksi as tabel_sanksi
from ..admin_tindakan import AdminTindakanMixin, Tindakan
from ..bukti import berkas_salinan
from ..models import HasilKeberatan, KasusInstansi, SalinanBukti, Sanksi, Status
from ..selectors import halaman_instansi, kasus_instansi_visible_to
from ..tenggat import aturan
from ..transisi import langkah_berjalan
from . import services
from .forms import KeberatanForm, MulaiPemeriksaanForm, PutusanKeberatanForm, SanksiForm, SelesaiForm, TidakTerbuktiForm

# --- The agency's actions: the form each draws and the one service it runs --------------------------


class MulaiPemeriksaan(Tindakan):
    judul = "Mulai pemeriksaan"
    form_class = MulaiPemeriksaanForm
    dari = frozenset({Status.DITERUSKAN})

    def jalankan(self, request, p, form):
        d = form.cleaned_data
        services.mulai_pemeriksaan(
            pengaduan=p,
            oleh=request.user,
            tanggal_mulai=d["tanggal_mulai"],
            pemeriksa=d["pemeriksa"],
            catatan=d["catatan"],
            versi=d["versi"],
        )
        return "Pemeriksaan dicatat."


class NyatakanTidakTerbukti(Tindakan):
    judul = "Nyatakan tidak terbukti"
    form_class = TidakTerbuktiForm
    dari = frozenset({Status.PEMERIKSAAN_INSTANSI})

    def jalankan(self, request, p, form):
        d = form.cleaned_data
        services.nyatakan_tidak_terbukti(
            pengaduan=p, oleh=request.user, alasan=d["alasan"], tanggal=d["tanggal"], versi=d["versi"]
        )
        return "Kesimpulan tidak terbukti dicatat; Bawaslu diberi tahu."


def _terlapor_tanpa_sanksi(p):
    berlaku = Sanksi.objects.filter(pengaduan=p, diganti_oleh__isnull=True).values("terlapor_id")
    return p.terlapor.exclude(pk__in=berlaku)


class CatatSanksi(Tindakan):
    judul = "Catat sanksi"
    form_class = SanksiForm
    dari = frozenset({Status.PEMERIKSAAN_INSTANSI, Status.SANKSI_DIJATUHKAN})

    def argumen_form(self, request, p):
        return {"jalur_rekomendasi": p.rekomendasi.jalur, "terlapor": _terlapor_tanpa_sanksi(p)}

    def konteks(self, request, p, form):
        return _panduan_kategori(p, form)

    def jalankan(self, request, p, form):
        isian = {**form.isian_sanksi(), "terlapor": form.cleaned_data["terlapor"]}
        s = services.catat_sanksi(pengaduan=p, oleh=request.user, data=isian, versi=form.cleaned_data["versi"])
        _peringatkan_tingkat(request, s)
        return "Sanksi dicatat; Bawaslu diberi tahu."


def _panduan_kategori(p, form) -> dict:
    """Beside the sanction form: the case's category as SKB 2022 Lampiran II lists it, and, once
    a type is chosen, whether its tier matches (advice; the sanction is recorded either way)."""
    konteks = {"panduan_kategori": tabel_sanksi.usul_jalur(p.kategori)[1]}
    jenis = form.data.get("jenis") if form.is_bound else ""
    if jenis:
        konteks["peringatan_tingkat"] = tabel_sanksi.peringatan_tingkat(
            p.kategori, jenis=str(jenis), jenis_asn=str(form.data.get("jenis_asn") or "")
        )
    return konteks


def _peringatkan_tingkat(request, s) -> None:
    if s.peringatan_tingkat:
        messages.warning(
            request, f"Perhatian: {s.peringatan_tingkat} Sanksi tetap dicatat; Bawaslu melihat catatan ini."
        )


class CatatKeberatan(Tindakan):
    judul = "Catat keberatan"
    form_class = KeberatanForm
    dari = frozenset({Status.SANKSI_DIJATUHKAN})

    def argumen_form(self, request, p):
        return {"sanksi": p.sanksi.filter(diganti_oleh__isnull=True).select_related("terlapor")}

    def jalankan(self, request, p, form):
        d = form.cleaned_data
        services.catat_keberatan(
            pengaduan=p,
            oleh=request.user,
            sanksi=d["sanksi"],
            tanggal=d["tanggal"],
            uraian=d["uraian"],
            versi=d["versi"],
        )
        return "Keberatan dicatat."


class PutuskanKeberatan(Tindakan):
    judul = "Putusan keberatan"
    form_class = PutusanKeberatanForm
    dari = frozenset({Status.KEBERATAN})

    def argumen_form(self, request, p):
        k = p.keberatan.filter(hasil=HasilKeberatan.MENUNGGU).select_related("sanksi__terlapor").last()
        return {"jalur_rekomendasi": p.rekomendasi.jalur, "sanksi_lama": k.sanksi if k else None}

    def konteks(self, request, p, form):
        return _panduan_kategori(p, form)

    def jalankan(self, request, p, form):
        d = form.cleaned_data
        dikabulkan = d["hasil"] == HasilKeberatan.DIKABULKAN
        services.putuskan_keberatan(
            pengaduan=p,
            oleh=request.user,
            dikabulkan=dikabulkan,
            tanggal=d["tanggal"],
            keterangan=d["keterangan"],
            sanksi_baru=form.isian_sanksi() if dikabulkan else None,
            versi=d["versi"],
        )
        return "Putusan keberatan dicatat."


class Selesaikan(Tindakan):
    judul = "Tindak lanjut selesai"
    form_class = SelesaiForm
    dari = frozenset({Status.SANKSI_DIJATUHKAN})

    def jalankan(self, request, p, form):
        services.selesaikan(pengaduan=p, oleh=request.user, versi=form.cleaned_data["versi"])
        return "Tindak lanjut dinyatakan selesai."


TINDAKAN = {
    "pemeriksaan": MulaiPemeriksaan(),
    "tidak-terbukti": NyatakanTidakTerbukti(),
    "sanksi": CatatSanksi(),
    "keberatan": CatatKeberatan(),
    "putusan-keberatan": PutuskanKeberatan(),
    "selesai": Selesaikan(),
}


@admin.register(KasusInstansi)
class KasusInstansiAdmin(AdminTindakanMixin, admin.ModelAdmin):
    list_display = ["nomor", "kategori_kasus", "status_kasus", "surat", "tenggat_sisa"]
    list_filter = ["status"]
    list_per_page = 50
    show_full_result_count = False
    ordering = ["-id"]
    actions = None

    # --- What a reviewer may do -----------------------------------------------------------------

    def get_queryset(self, request):
        return kasus_instansi_visible_to(request.user).select_related("kategori", "rekomendasi")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def boleh_tindak_lanjut(self, request) -> bool:
        return request.user.has_perm("pengaduan.tindaklanjuti_kasus")

    # --- List -----------------------------------------------------------------------------------

    @admin.display(description="Nomor registrasi")
    def nomor(self, obj):
        return obj.nomor_registrasi or f"#{obj.pk}"

    @admin.display(description="Kategori")
    def kategori_kasus(self, obj):
        return obj.kategori.nama

    @admin.display(description="Status", ordering="status")
    def status_kasus(self, obj):
        return obj.get_status_display()

    @admin.display(description="Surat rekomendasi")
    def surat(self, obj):
        r = obj.rekomendasi
        return f"{r.nomor_surat} ({r.tanggal_surat:%d/%m/%Y})"

    @admin.display(description="Tenggat tindak lanjut")
    def tenggat_sisa(self, obj):
        if not obj.tenggat or obj.status not in (Status.DITERUSKAN, Status.PEMERIKSAAN_INSTANSI):
            return "—"
        sisa = (obj.tenggat - timezone.localdate()).days
        if sisa < 0:
            return format_html('<strong class="tenggat-lewat">lewat {} hari</strong>', -sisa)
        return f"{obj.tenggat:%d/%m/%Y} ({sisa} hari lagi)"

    # --- The case page ----------------------------------------------------------------------------

    def _kasus_atau_404(self, request, pk):
        try:
            p = self.get_queryset(request).select_related("wilayah").get(pk=int(pk))
        except (KasusInstansi.DoesNotExist, ValueError, TypeError, OverflowError):
            raise Http404 from None
        if not self.has_view_permission(request, p):
            raise Http404
        return p

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is None:
            raise Http404
        p = self._kasus_atau_404(request, unquote(object_id))
        if request.method != "GET":
            raise PermissionDenied
        # A reviewer of the agency opening the case acknowledges the recommendation for it.
        services.terima_rekomendasi(request.user, p)
        konteks = {
            **self.admin_site.each_context(request),
            "title": f"Rekomendasi {p.rekomendasi.nomor_surat}",
            "subtitle": None,
            "opts": self.model._meta,
            "original": p,
            **halaman_instansi(p),
            "aksi": self._aksi_tersedia(request, p),
            "sisa_hari": (p.tenggat - timezone.localdate()).days if p.tenggat else None,
            "aturan_tenggat": _aturan_berjalan(p),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/pengaduan/kasusinstansi/halaman.html", konteks)

    def _aksi_tersedia(self, request, p):
        if not self.boleh_tindak_lanjut(request):
            return []
        aksi = {
            Status.DITERUSKAN: ["pemeriksaan"],
            Status.PEMERIKSAAN_INSTANSI: ["sanksi", "tidak-terbukti"],
            Status.SANKSI_DIJATUHKAN: ["sanksi", "keberatan", "selesai"],
            Status.KEBERATAN: ["putusan-keberatan"],
        }.get(p.status, [])
        if p.status == Status.SANKSI_DIJATUHKAN and not _terlapor_tanpa_sanksi(p).exists():
            aksi.remove("sanksi")  # every terlapor has one; a change goes through an objection
        return [(reverse("admin:pengaduan_kasusinstansi_tindakan", args=[p.pk, a]), TINDAKAN[a].judul) for a in aksi]

    # --- Actions (TINDAKAN above); the page is AdminTindakanMixin's ------------------------------

    tindakan = TINDAKAN
    template_tindakan = "admin/pengaduan/kasusinstansi/tindakan.html"
    url_selesai = "admin:pengaduan_kasusinstansi_change"

    def objek_tindakan(self, request, pk):
        return self._kasus_atau_404(request, pk)

    def boleh_bertindak(self, request, p, tindakan):
        return self.boleh_tindak_lanjut(request)

    def judul_tindakan(self, tindakan, p):
        return f"{tindakan.judul} — {p.rekomendasi.nomor_surat}"

    def unduh_salinan(self, request, pk, salinan_pk):
        p = self._kasus_atau_404(request, pk)
        s = SalinanBukti.objects.select_related("bukti").filter(pk=salinan_pk, bukti__pengaduan=p).first()
        berkas = berkas_salinan(s) if s is not None else None
        if berkas is None:
            raise Http404
        field, ekstensi, mime = berkas
        services.catat_audit_unduh_salinan(request.user, s)
        return respons_berkas(field, nama=f"bukti-{p.pk}-{s.bukti_id}{ekstensi}", mime=mime)

    def unduh_surat(self, request, pk):
        p = self._kasus_atau_404(request, pk)
        return respons_berkas(p.rekomendasi.surat, nama=f"rekomendasi-{p.pk}.pdf", mime="application/pdf")

    def unduh_sk(self, request, pk, sanksi_pk):
        p = self._kasus_atau_404(request, pk)
        s = p.sanksi.filter(pk=sanksi_pk).first()
        if s is None:
            raise Http404
        return respons_berkas(s.dokumen_sk, nama=f"sk-{p.pk}-{s.pk}.pdf", mime="application/pdf")

    def get_urls(self):
        lihat = self.admin_site.admin_view
        return [
            path("<int:pk>/tindakan/<slug:aksi>/", lihat(self.tindakan_view), name="pengaduan_kasusinstansi_tindakan"),
            path(
                "<int:pk>/salinan/<int:salinan_pk>/",
                lihat(self.unduh_salinan),
                name="pengaduan_kasusinstansi_salinan",
            ),
            path("<int:pk>/surat/", lihat(self.unduh_surat), name="pengaduan_kasusinstansi_surat"),
            path("<int:pk>/sk/<int:sanksi_pk>/", lihat(self.unduh_sk), name="pengaduan_kasusinstansi_sk"),
        ] + super().get_urls()


def _aturan_berjalan(p):
    """The rule behind the deadline the reviewer reads, so an office policy is labelled as one."""
    langkah = langkah_berjalan(p) if p.tenggat else None
    return aturan(p.jenis_pemilihan, langkah) if langkah else None
