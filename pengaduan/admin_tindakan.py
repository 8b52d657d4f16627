"""One action page for both admins: Bawaslu's case page (`triase.admin`) and the agency reviewer's
(`tindak_lanjut.admin`). An action is a `Tindakan`: its title, its form, the statuses it starts
from, and `jalankan`, which calls one service and says what happened. The page around it is the
same for every action: the form drawn with the case's version, a stale page redrawn with the case
as it is now and the user's entries kept, a refusal shown beside the form, a preview that saves
nothing, and after a success the case page with a message."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .transisi import KonflikVersi, TransisiDitolak


class FormTindakan(forms.Form):
    """Every action form carries the case version its page was drawn from."""

    versi = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class Tindakan:
    """One action on a case. `dari`: the statuses it starts from (None: any; a stale page is told,
    not obeyed). `periksa_versi`: False for actions that change nothing another officer could have
    changed meanwhile (a note)."""

    judul = ""
    form_class: type[FormTindakan]
    dari: frozenset | None = None
    periksa_versi = True
    # Open to staff who see the case without handling it (the incident's Panwascam): a note, a
    # clarification's result. Every other action is the handling office's.
    bagi_pemantau = False

    def awal(self, request, p) -> dict:
        """Initial values beyond the version."""
        return {}

    def argumen_form(self, request, p) -> dict:
        """What the form's constructor needs beyond data and files (the choices it offers)."""
        return {}

    def konteks(self, request, p, form) -> dict:
        """What the page shows beside this action's form (a preview of what the reporter will read)."""
        return {}

    def jalankan(self, request, p, form) -> str:
        """Call the service, inside the page's transaction; return the success message. Raises
        TransisiDitolak (shown beside the form) or KonflikVersi (the form is redrawn)."""
        raise NotImplementedError


class AdminTindakanMixin:
    """For a ModelAdmin whose case pages offer `tindakan` at `<pk>/tindakan/<aksi>/`."""

    tindakan: dict[str, Tindakan] = {}
    template_tindakan = ""
    url_selesai = ""  # the case page's URL name, reversed with the case's pk
    pesan_konflik = (
        "Pengaduan ini baru saja diubah oleh petugas lain. Periksa keadaan terbarunya, lalu ulangi bila masih perlu."
    )

    def objek_tindakan(self, request, pk):
        """The case, within the user's scope, or 404."""
        raise NotImplementedError

    def boleh_bertindak(self, request, p, tindakan: Tindakan) -> bool:
        raise NotImplementedError

    def judul_tindakan(self, tindakan: Tindakan, p) -> str:
        return tindakan.judul

    def konteks_tindakan(self, request, p, aksi: str, form) -> dict:
        """What the page shows beside the form."""
        return {}

    def form_tindakan(self, tindakan: Tindakan, request, p, data=None, files=None):
        awal = {"versi": p.versi, **tindakan.awal(request, p)}
        return tindakan.form_class(
            data, files if data is not None else None, initial=awal, **tindakan.argumen_form(request, p)
        )

    def _form_konflik(self, tindakan, request, p, pesan):
        """Someone changed the case since this form was drawn: redraw it with the case as it is
        now, the user's entries kept and the new version, and say so."""
        data = request.POST.copy()
        data["versi"] = p.versi
        form = self.form_tindakan(tindakan, request, p, data, request.FILES)
        form.is_valid()
        form.add_error(None, pesan)
        return form

    def tindakan_view(self, request, pk, aksi):
        p = self.objek_tindakan(request, pk)
        tindakan = self.tindakan.get(aksi)
        if tindakan is None:
            raise Http404
        if not self.boleh_bertindak(request, p, tindakan):
            raise PermissionDenied
        post = request.method == "POST"
        form = self.form_tindakan(tindakan, request, p, request.POST if post else None, request.FILES)
        if tindakan.dari is not None and p.status not in tindakan.dari:
            if form.is_bound:
                form.is_valid()
            else:
                form.cleaned_data = {}  # an unbound form has none, and add_error reads it
            form.add_error(None, f"Tindakan ini tidak tersedia pada status “{p.get_status_display()}”.")
        elif post and "pratinjau" in request.POST:
            form.is_valid()  # drawn again with the preview, nothing saved; errors shown as they stand
        elif post and tindakan.periksa_versi and request.POST.get("versi") != str(p.versi):
            form = self._form_konflik(tindakan, request, p, self.pesan_konflik)
        elif post and form.is_valid():
            try:
                with transaction.atomic():
                    pesan = tindakan.jalankan(request, p, form)
            except KonflikVersi as e:
                p = self.objek_tindakan(request, pk)
                form = self._form_konflik(tindakan, request, p, str(e))
            except TransisiDitolak as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, pesan)
                return redirect(self.url_selesai, p.pk)
        konteks = {
            **self.admin_site.each_context(request),
            "title": self.judul_tindakan(tindakan, p),
            "pengaduan": p,
            "form": form,
            "aksi": aksi,
            "opts": self.model._meta,
            **self.konteks_tindakan(request, p, aksi, form),
            **tindakan.konteks(request, p, form),
        }
        return TemplateResponse(request, self.template_tindakan, konteks, status=400 if form.errors else 200)
