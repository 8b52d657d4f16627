"""A form's fields copied by hand (netralitas.salinan_kolom) behave as Django's deep copy: each form
draws the same HTML, and what one form instance changes in its fields never reaches another."""

import copy

import pytest
from django import forms

from netralitas.salinan_kolom import KolomDasar, pakai_salinan_murah
from pengaduan.models import KategoriPelanggaran
from pengaduan.pelaporan.forms import LaporForm, SaksiForm, TerlaporForm


@pakai_salinan_murah
class _Contoh(forms.Form):
    pilihan = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    kelompok = forms.ChoiceField(choices=[("Buah", [("apel", "Apel"), ("jeruk", "Jeruk")]), ("lain", "Lain")])
    kategori = forms.ModelChoiceField(queryset=KategoriPelanggaran.objects.all())
    teks = forms.CharField(widget=forms.TextInput(attrs={"class": "x"}))
    pisah = forms.SplitDateTimeField()  # MultiValueField: left to its own __deepcopy__


@pytest.mark.django_db
@pytest.mark.parametrize("form_cls", [LaporForm, TerlaporForm, SaksiForm, _Contoh])
def test_salinan_murah_menggambar_sama_dengan_salinan_django(form_cls):
    assert isinstance(form_cls.base_fields, KolomDasar)
    murah, biasa = form_cls(), form_cls()
    biasa.fields = copy.deepcopy(dict(form_cls.base_fields))
    biasa.order_fields(biasa.field_order)
    if form_cls is LaporForm:
        # What the report form sets per instance after the copy: a fresh token, the places of
        # each region level, the categories' labels.
        murah.fields["token_pengajuan"].initial = biasa.fields["token_pengajuan"].initial = "t"
        for nama in ("provinsi", "kabupaten", "kecamatan", "desa"):
            biasa.fields[nama] = murah.fields[nama]
        biasa.fields["kategori"].label_from_instance = murah.fields["kategori"].label_from_instance
    assert str(murah) == str(biasa)


@pytest.mark.django_db
def test_perubahan_satu_formulir_tidak_sampai_ke_formulir_lain():
    a, b = _Contoh(), _Contoh()
    for f in (a, b):
        assert f.fields is not _Contoh.base_fields
    a.fields["pilihan"].choices = [("z", "Z")]
    a.fields["pilihan"].widget.attrs["data-x"] = "1"
    a.fields["kelompok"].choices[0][1].append(("mangga", "Mangga"))
    a.fields["teks"].widget.attrs["class"] = "y"
    a.fields["teks"].error_messages["required"] = "lain"
    a.fields["teks"].validators.append(lambda v: None)
    a.fields["kategori"].queryset = KategoriPelanggaran.objects.none()
    c = _Contoh()
    for f in (b, c):
        assert [k for k, _ in f.fields["pilihan"].choices] == ["a", "b"]
        assert [k for k, _ in f.fields["pilihan"].widget.choices] == ["a", "b"]
        assert "data-x" not in f.fields["pilihan"].widget.attrs
        assert f.fields["kelompok"].choices[0][1] == [("apel", "Apel"), ("jeruk", "Jeruk")]
        assert f.fields["teks"].widget.attrs == {"class": "x"}
        assert f.fields["teks"].error_messages["required"] != "lain"
        assert f.fields["teks"].validators == _Contoh.base_fields["teks"].validators
        assert f.fields["kategori"].widget.choices.field is f.fields["kategori"]
