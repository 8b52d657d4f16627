"""A form's fields copied per instance at a fraction of `copy.deepcopy`'s price.

Django gives each form instance its own fields (`BaseForm.__init__`: `copy.deepcopy(base_fields)`),
so that one request's changes never leak into the next. Each field's `__deepcopy__` goes through
`copy.copy` twice (field, widget) and, for a choice field, copies its choices again: about 160
`deepcopy` calls for the report and its formsets, a tenth of a report's CPU. `KolomDasar` makes the
same copies by hand for the field and widget classes whose `__deepcopy__` is Django's own (the
same attributes copied, the same shared), and leaves any other class to its own `__deepcopy__`.

Use it on a form class after it is defined: `pakai_salinan_murah(LaporForm)`.
"""

import copy

from django import forms
from django.forms import models as model_forms

# The `__deepcopy__` implementations the fast copy reproduces, and what each copies beyond the
# shallow copy: Field (widget, error_messages, validators), ChoiceField (+ its choices list),
# ModelChoiceField (+ a fresh queryset, which gives the widget a fresh iterator).
_FIELD = forms.Field.__deepcopy__
_PILIHAN = forms.ChoiceField.__deepcopy__
_MODEL = model_forms.ModelChoiceField.__deepcopy__
_WIDGET = forms.Widget.__deepcopy__
_WIDGET_PILIHAN = forms.widgets.ChoiceWidget.__deepcopy__


def _dangkal(obj):
    """copy.copy for an object with a plain __dict__ (no __slots__, __copy__ or __reduce__ of its own)."""
    baru = object.__new__(type(obj))
    baru.__dict__.update(obj.__dict__)
    return baru


def _daftar_rata(pilihan) -> bool:
    """A flat list of (value, label) pairs: copying the list copies all that may change."""
    return type(pilihan) is list and not any(type(label) in (list, tuple) for _, label in pilihan)


def _salin_widget(widget):
    cara = type(widget).__deepcopy__
    if cara is _WIDGET:
        baru = _dangkal(widget)
    elif cara is _WIDGET_PILIHAN:
        baru = _dangkal(widget)
        # Django: `obj.choices = copy.copy(self.choices)`, whose setter normalises again what is
        # already normal: a flat list of pairs comes out a new list of the same pairs.
        if _daftar_rata(widget._choices):
            baru._choices = list(widget._choices)
        else:
            baru.choices = copy.copy(widget._choices)
    else:
        return None
    baru.attrs = widget.attrs.copy()
    return baru


def salin_kolom(field, memo):
    """One field as `copy.deepcopy(field, memo)` would give it."""
    cara = type(field).__deepcopy__
    widget = _salin_widget(field.widget) if cara in (_FIELD, _PILIHAN, _MODEL) else None
    if widget is None:
        return copy.deepcopy(field, memo)
    baru = _dangkal(field)
    memo[id(field)] = baru
    memo[id(field.widget)] = widget
    baru.widget = widget
    baru.error_messages = field.error_messages.copy()
    baru.validators = field.validators[:]
    if cara is _PILIHAN:
        # A flat list of (value, label) pairs of immutable values: a new list, the same pairs.
        pilihan = field._choices
        baru._choices = list(pilihan) if _daftar_rata(pilihan) else copy.deepcopy(pilihan, memo)
    elif cara is _MODEL and field.queryset is not None:
        baru.queryset = field.queryset.all()
    return baru


class KolomDasar(dict):
    """`base_fields` whose deep copy is `salin_kolom` of each field."""

    def __deepcopy__(self, memo):
        return {nama: salin_kolom(field, memo) for nama, field in self.items()}


def pakai_salinan_murah(form_cls):
    form_cls.base_fields = KolomDasar(form_cls.base_fields)
    return form_cls
