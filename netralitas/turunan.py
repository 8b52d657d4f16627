"""Columns derived from others (a name's search key, a region's scope codes), computed in the one
place every ORM write goes through: `Model.save()`, `QuerySet.bulk_create()`, `bulk_update()` and
`update()`.

A derived column filled only in `save()` is silently empty after `bulk_create()`, which skips
`save()`: name search then finds nothing. Here a model says which columns it derives from which
sources (`hitung_turunan`), and its manager's queryset fills them on every write path. A derived
column written by hand is refused: it would disagree with its source.
"""

from contextvars import ContextVar

from django.db import models

# Set while bulk_update() writes: its own update() call carries the derived columns it computed.
_dalam_bulk_update = ContextVar("dalam_bulk_update", default=False)


class TurunanQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.isi_turunan()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs, fields = list(objs), list(fields)
        model = self.model
        _tolak_tulis_turunan(model, fields)
        if model.sumber_disentuh(fields):
            for obj in objs:
                obj.isi_turunan()
            fields += [f for f in model.KOLOM_TURUNAN if f not in fields]
        token = _dalam_bulk_update.set(True)
        try:
            return super().bulk_update(objs, fields, *args, **kwargs)
        finally:
            _dalam_bulk_update.reset(token)

    def update(self, **kwargs):
        model = self.model
        if _dalam_bulk_update.get():
            return super().update(**kwargs)
        _tolak_tulis_turunan(model, kwargs)
        disentuh = model.sumber_disentuh(kwargs)
        if disentuh:
            nama_sumber = {model._meta.get_field(f).attname for f in model.SUMBER_TURUNAN}
            diberi = {model._meta.get_field(k).attname: v for k, v in kwargs.items() if k in disentuh}
            if set(diberi) != nama_sumber or any(hasattr(v, "resolve_expression") for v in diberi.values()):
                # The derived value then depends on each row: only save() or bulk_update() can compute it.
                raise ValueError(
                    f"{model.__name__}: update() harus memberi semua sumber kolom turunan "
                    f"({', '.join(sorted(nama_sumber))}) sebagai nilai tetap; gunakan save() atau bulk_update()."
                )
            contoh = model(**diberi)
            kwargs.update(contoh.hitung_turunan())
        return super().update(**kwargs)


def _tolak_tulis_turunan(model, fields) -> None:
    tertulis = {model._meta.get_field(f).name for f in fields} & set(model.KOLOM_TURUNAN)
    if tertulis:
        raise ValueError(
            f"{model.__name__}: kolom turunan {', '.join(sorted(tertulis))} dihitung dari sumbernya, tidak ditulis langsung."
        )


class KolomTurunan(models.Model):
    """Base of a model with derived columns. Subclasses name the derived columns (`KOLOM_TURUNAN`),
    the fields they come from (`SUMBER_TURUNAN`), and compute them in `hitung_turunan()`."""

    KOLOM_TURUNAN: tuple[str, ...] = ()
    SUMBER_TURUNAN: tuple[str, ...] = ()

    objects = TurunanQuerySet.as_manager()

    class Meta:
        abstract = True

    def hitung_turunan(self) -> dict:
        raise NotImplementedError

    def isi_turunan(self) -> None:
        for nama, nilai in self.hitung_turunan().items():
            setattr(self, nama, nilai)

    @classmethod
    def sumber_disentuh(cls, fields) -> set[str]:
        """Which of `fields` (names or attnames) are sources of a derived column."""
        sumber = set(cls.SUMBER_TURUNAN)
        return {f for f in fields if cls._meta.get_field(f).name in sumber}

    def save(self, *args, **kwargs):
        self.isi_turunan()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            update_fields = set(update_fields)
            if self.sumber_disentuh(update_fields):
                update_fields |= set(self.KOLOM_TURUNAN)
            kwargs["update_fields"] = update_fields
        super().save(*args, **kwargs)
