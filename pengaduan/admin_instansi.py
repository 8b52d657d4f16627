"""The inspektorat/PPK reviewer's surface: cases forwarded to their agency (`kasus_instansi_visible_to`),
shown without the reporter's identity, the reporter's own account, witnesses or internal notes; the
evidence only as copies without metadata; and the forms that record the agency's decisions.

It is a separate admin on a proxy model so that nothing of the Bawaslu case page can reach a
reviewer through a forgotten check: the templates here never receive those rows at all."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from . import services, tindak_lanjut, workflow
from .forms import KeberatanForm, MulaiPemeriksaanForm, PutusanKeberatanForm, SanksiForm, SelesaiForm, TidakTerbuktiForm
from .models import HasilKeberatan, KasusInstansi, Keberatan, PemeriksaanInstansi, SalinanBukti, Sanksi, Status
from .selectors import kasus_instansi_visible_to
from .tindak_lanjut import berkas_salinan

STATUS_LINIMASA = sorted(workflow.STATUS_TINDAK_LANJUT | {Status.SELESAI, Status.TIDAK_TERBUKTI_INSTANSI})
KONFLIK = "Pengaduan ini baru saja diubah oleh petugas lain. Periksa keadaan terbarunya, lalu ulangi bila masih perlu."


@admin.register(KasusInstansi)
class KasusInstansiAdmin(admin.ModelAdmin):
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
        r = p.rekomendasi
        # A reviewer of the agency opening the case acknowledges the recommendation for it.
        tindak_lanjut.terima_rekomendasi(request.user, p)
        salinan = {s.bukti_id: s for s in SalinanBukti.objects.filter(bukti__pengaduan=p)}
        konteks = {
            **self.admin_site.each_context(request),
            "title": f"Rekomendasi {r.nomor_surat}",
            "subtitle": None,
            "opts": self.model._meta,
            "original": p,
            "rekomendasi": r,
            "instansi_tujuan": list(r.instansi.all()),
            "terlapor": list(p.terlapor.select_related("instansi")),
            "tautan": list(p.tautan.all()),
            "bukti": [(b, salinan.get(b.pk)) for b in p.bukti.all()],
            "pemeriksaan": PemeriksaanInstansi.objects.filter(pengaduan=p).select_related("instansi").first(),
            "sanksi": list(p.sanksi.select_related("terlapor", "instansi", "diganti_oleh")),
            "keberatan": list(Keberatan.objects.filter(pengaduan=p).select_related("sanksi")),
            # From forwarding on, and the statuses only: Bawaslu's internal reasons and the messages
            # to the reporter are not the agency's to read (DESIGN.md §3), so neither is fetched.
            "linimasa": list(
                p.peristiwa.filter(ke_status__in=STATUS_LINIMASA).order_by("waktu", "id").only("waktu", "ke_status")
            ),
            "aksi": self._aksi_tersedia(request, p),
            "sisa_hari": (p.tenggat - timezone.localdate()).days if p.tenggat else None,
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
        if p.status == Status.SANKSI_DIJATUHKAN and not self._terlapor_tanpa_sanksi(p).exists():
            aksi.remove("sanksi")  # every terlapor has one; a change goes through an objection
        return [(reverse("admin:pengaduan_kasusinstansi_tindakan", args=[p.pk, a]), self.AKSI[a][1]) for a in aksi]

    # --- Actions ----------------------------------------------------------------------------------

    AKSI = {
        "pemeriksaan": (MulaiPemeriksaanForm, "Mulai pemeriksaan"),
        "tidak-terbukti": (TidakTerbuktiForm, "Nyatakan tidak terbukti"),
        "sanksi": (SanksiForm, "Catat sanksi"),
        "keberatan": (KeberatanForm, "Catat keberatan"),
        "putusan-keberatan": (PutusanKeberatanForm, "Putusan keberatan"),
        "selesai": (SelesaiForm, "Tindak lanjut selesai"),
    }
    # The status each action starts from (a stale page is told, not obeyed).
    DARI = {
        "pemeriksaan": {Status.DITERUSKAN},
        "tidak-terbukti": {Status.PEMERIKSAAN_INSTANSI},
        "sanksi": {Status.PEMERIKSAAN_INSTANSI, Status.SANKSI_DIJATUHKAN},
        "keberatan": {Status.SANKSI_DIJATUHKAN},
        "putusan-keberatan": {Status.KEBERATAN},
        "selesai": {Status.SANKSI_DIJATUHKAN},
    }

    @staticmethod
    def _terlapor_tanpa_sanksi(p):
        berlaku = Sanksi.objects.filter(pengaduan=p, diganti_oleh__isnull=True).values("terlapor_id")
        return p.terlapor.exclude(pk__in=berlaku)

    def _form(self, aksi, p, data=None, files=None):
        kelas, _ = self.AKSI[aksi]
        kwargs = {}
        if aksi in ("sanksi", "putusan-keberatan"):
            kwargs["jalur_rekomendasi"] = p.rekomendasi.jalur
        if aksi == "sanksi":
            kwargs["terlapor"] = self._terlapor_tanpa_sanksi(p)
        if aksi == "keberatan":
            kwargs["sanksi"] = p.sanksi.filter(diganti_oleh__isnull=True).select_related("terlapor")
        return kelas(data, files if data is not None else None, initial={"versi": p.versi}, **kwargs)

    def _jalankan(self, aksi, request, p, form):
        d, user = form.cleaned_data, request.user
        versi = d["versi"]
        if aksi == "pemeriksaan":
            tindak_lanjut.mulai_pemeriksaan(
                pengaduan=p,
                oleh=user,
                tanggal_mulai=d["tanggal_mulai"],
                pemeriksa=d["pemeriksa"],
                catatan=d["catatan"],
                versi=versi,
            )
            return "Pemeriksaan dicatat."
        if aksi == "tidak-terbukti":
            tindak_lanjut.nyatakan_tidak_terbukti(
                pengaduan=p, oleh=user, alasan=d["alasan"], tanggal=d["tanggal"], versi=versi
            )
            return "Kesimpulan tidak terbukti dicatat; Bawaslu diberi tahu."
        if aksi == "sanksi":
            isian = {**form.isian_sanksi(), "terlapor": d["terlapor"]}
            tindak_lanjut.catat_sanksi(pengaduan=p, oleh=user, data=isian, versi=versi)
            return "Sanksi dicatat; Bawaslu diberi tahu."
        if aksi == "keberatan":
            tindak_lanjut.catat_keberatan(
                pengaduan=p, oleh=user, sanksi=d["sanksi"], tanggal=d["tanggal"], uraian=d["uraian"], versi=versi
            )
            return "Keberatan dicatat."
        if aksi == "putusan-keberatan":
            dikabulkan = d["hasil"] == HasilKeberatan.DIKABULKAN
            tindak_lanjut.putuskan_keberatan(
                pengaduan=p,
                oleh=user,
                dikabulkan=dikabulkan,
                tanggal=d["tanggal"],
                keterangan=d["keterangan"],
                sanksi_baru=form.isian_sanksi() if dikabulkan else None,
                versi=versi,
            )
            return "Putusan keberatan dicatat."
        tindak_lanjut.selesaikan(pengaduan=p, oleh=user, versi=versi)
        return "Tindak lanjut dinyatakan selesai."

    def tindakan_view(self, request, pk, aksi):
        p = self._kasus_atau_404(request, pk)
        if aksi not in self.AKSI:
            raise Http404
        if not self.boleh_tindak_lanjut(request):
            raise PermissionDenied
        post = request.method == "POST"
        form = self._form(aksi, p, request.POST if post else None, request.FILES)
        if p.status not in self.DARI[aksi]:
            form.is_bound and form.is_valid()
            form.add_error(None, f"Tindakan ini tidak tersedia pada status “{p.get_status_display()}”.")
        elif post and request.POST.get("versi") != str(p.versi):
            form.is_valid()
            form.add_error(None, KONFLIK)
        elif post and form.is_valid():
            try:
                with transaction.atomic():
                    pesan = self._jalankan(aksi, request, p, form)
            except services.KonflikVersi:
                form.add_error(None, KONFLIK)
            except services.TransisiDitolak as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, pesan)
                return redirect("admin:pengaduan_kasusinstansi_change", p.pk)
        konteks = {
            **self.admin_site.each_context(request),
            "title": f"{self.AKSI[aksi][1]} — {p.rekomendasi.nomor_surat}",
            "pengaduan": p,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(
            request, "admin/pengaduan/kasusinstansi/tindakan.html", konteks, status=400 if form.errors else 200
        )

    def unduh_salinan(self, request, pk, salinan_pk):
        from .admin import _berkas_response

        p = self._kasus_atau_404(request, pk)
        s = SalinanBukti.objects.select_related("bukti").filter(pk=salinan_pk, bukti__pengaduan=p).first()
        berkas = berkas_salinan(s) if s is not None else None
        if berkas is None:
            raise Http404
        field, ekstensi, mime = berkas
        tindak_lanjut.catat_audit_unduh_salinan(request.user, s)
        return _berkas_response(field, f"bukti-{p.pk}-{s.bukti_id}{ekstensi}", mime)

    def unduh_surat(self, request, pk):
        from .admin import _berkas_response

        p = self._kasus_atau_404(request, pk)
        return _berkas_response(p.rekomendasi.surat, f"rekomendasi-{p.pk}.pdf", "application/pdf")

    def unduh_sk(self, request, pk, sanksi_pk):
        from .admin import _berkas_response

        p = self._kasus_atau_404(request, pk)
        s = p.sanksi.filter(pk=sanksi_pk).first()
        if s is None:
            raise Http404
        return _berkas_response(s.dokumen_sk, f"sk-{p.pk}-{s.pk}.pdf", "application/pdf")

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
