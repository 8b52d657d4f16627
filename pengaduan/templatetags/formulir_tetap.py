"""`{{ form.kolom|crispy_tetap }}`, `{{ form|crispy_tetap }}`, `{{ form.kolom|widget_tetap }}`: an
empty form drawn once per process.

An unbound form whose fields are fixed by its class (no data, no errors, no initial value given or
computed) draws the same HTML on every request: crispy's templates made the empty forms of the
/lacak/ status page a quarter of its CPU. The first drawing is kept per form class, prefix and
field; a bound form (the reporter's input and its errors) is drawn each time, as before. Only for
forms whose fields do not change per instance (`__init__` adds or alters none).
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django import template
from django.forms import BoundField

register = template.Library()

_gambar: dict[tuple, str] = {}


def _tetap(obj, gambar):
    form = obj.form if isinstance(obj, BoundField) else obj
    if form.is_bound or form.initial or any(callable(f.initial) for f in form.fields.values()):
        return gambar(obj)
    kunci = (gambar, type(form), form.prefix, form.auto_id, obj.name if isinstance(obj, BoundField) else None)
    html = _gambar.get(kunci)
    if html is None:
        html = _gambar[kunci] = gambar(obj)
    return html


@register.filter
def crispy_tetap(obj):
    """`as_crispy_field` for a field, `|crispy` for a whole form."""
    return _tetap(obj, as_crispy_field if isinstance(obj, BoundField) else as_crispy_form)


@register.filter
def widget_tetap(bf: BoundField):
    """The field's bare widget, as `{{ form.kolom }}` draws it."""
    return _tetap(bf, str)
